// Where the trusted CA certificates come from, decided at run time.
//
// Shipped builds carry their own libcurl and OpenSSL with no compiled-in CA
// path (a path compiled on Debian would be wrong on RHEL, openSUSE or
// Alpine), so the client looks for the platform's store itself, in this
// order: the `ca_bundle` option (a file, or a hashed directory); the
// SSL_CERT_FILE, SSL_CERT_DIR and CURL_CA_BUNDLE environment variables; the
// first existing bundle file of the usual layouts; a hashed certificate
// directory. Verification is never switched off: when nothing is found,
// TLS handshakes fail and the error says how to name a store.
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace devin::core {

struct CaStore {
  std::string file;    // CURLOPT_CAINFO ("" = not set)
  std::string dir;     // CURLOPT_CAPATH ("" = not set)
  std::string source;  // for the debug log: where the choice came from
  bool found() const { return !file.empty() || !dir.empty(); }
};

// Filesystem questions, replaceable in tests.
struct CaProbe {
  std::function<bool(const std::string &)> is_file;
  // A directory holding OpenSSL hash links (`<8 hex digits>.<n>`).
  std::function<bool(const std::string &)> is_hashed_dir;
  std::function<bool(const std::string &)> is_dir;
};
CaProbe real_ca_probe();

// The bundle files tried in order when neither the option nor the
// environment names a store (Debian/Ubuntu, RHEL/Fedora/Amazon, openSUSE,
// Alpine and macOS-style, FreeBSD), and the hashed directories after them.
extern const char *const kCaBundleFiles[];
extern const char *const kCaHashedDirs[];

using CaEnvFn = std::function<std::optional<std::string>(const char *)>;

CaStore discover_ca_store(const std::optional<std::string> &option,
                          const CaEnvFn &env, const CaProbe &probe);

// Appended to TLS errors when no store was found.
inline constexpr const char *kNoCaStoreHint =
    "no CA certificate store was found on this machine: pass ca_bundle or "
    "set SSL_CERT_FILE to a PEM bundle";

}  // namespace devin::core
