// Finds libdevin through pkg-config (devin.pc of the libdevin-dev package,
// or of a `cmake --install` prefix on PKG_CONFIG_PATH) and links it.
fn main() {
    if let Err(e) = pkg_config::Config::new().atleast_version("0.1").probe("devin") {
        panic!(
            "libdevin not found with pkg-config ({e}).\n\
             Install libdevin-dev (apt install ./libdevin-dev_*.deb) or set \
             PKG_CONFIG_PATH to <prefix>/lib/pkgconfig of a `cmake --install`."
        );
    }
}
