#include "ca_store.hpp"

#include <dirent.h>
#include <sys/stat.h>

#include <cctype>
#include <cstring>

namespace devin::core {

const char *const kCaBundleFiles[] = {
    "/etc/ssl/certs/ca-certificates.crt",  // Debian, Ubuntu, Arch
    "/etc/pki/tls/certs/ca-bundle.crt",    // RHEL, Fedora, Amazon
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",  // RHEL (extracted)
    "/var/lib/ca-certificates/ca-bundle.pem",             // openSUSE
    "/etc/ssl/ca-bundle.pem",                             // older openSUSE
    "/etc/ssl/cert.pem",                       // Alpine, macOS-style layouts
    "/usr/local/share/certs/ca-root-nss.crt",  // FreeBSD
    nullptr};

const char *const kCaHashedDirs[] = {"/etc/ssl/certs", "/etc/pki/tls/certs",
                                     nullptr};

namespace {

bool stat_is(const std::string &path, mode_t kind) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && (st.st_mode & S_IFMT) == kind;
}

// OpenSSL looks certificates up by subject hash: "<8 hex digits>.<digit>".
bool is_hash_name(const char *name) {
  size_t n = std::strlen(name);
  if (n < 10 || name[8] != '.') return false;
  for (size_t i = 0; i < 8; ++i)
    if (!std::isxdigit(static_cast<unsigned char>(name[i]))) return false;
  for (size_t i = 9; i < n; ++i)
    if (!std::isdigit(static_cast<unsigned char>(name[i]))) return false;
  return true;
}

bool has_hash_links(const std::string &dir) {
  DIR *d = ::opendir(dir.c_str());
  if (!d) return false;
  bool found = false;
  while (const dirent *ent = ::readdir(d)) {
    if (is_hash_name(ent->d_name)) {
      found = true;
      break;
    }
  }
  ::closedir(d);
  return found;
}

std::optional<std::string> non_empty(const CaEnvFn &env, const char *name) {
  auto v = env(name);
  if (v && v->empty()) return std::nullopt;
  return v;
}

}  // namespace

CaProbe real_ca_probe() {
  return CaProbe{[](const std::string &p) { return stat_is(p, S_IFREG); },
                 [](const std::string &p) {
                   return stat_is(p, S_IFDIR) && has_hash_links(p);
                 },
                 [](const std::string &p) { return stat_is(p, S_IFDIR); }};
}

CaStore discover_ca_store(const std::optional<std::string> &option,
                          const CaEnvFn &env, const CaProbe &probe) {
  CaStore s;
  if (option && !option->empty()) {
    // Taken as given: a missing file must fail loudly, not fall back.
    if (probe.is_dir(*option)) {
      s.dir = *option;
    } else {
      s.file = *option;
    }
    s.source = "the ca_bundle option";
    return s;
  }
  auto cert_file = non_empty(env, "SSL_CERT_FILE");
  auto cert_dir = non_empty(env, "SSL_CERT_DIR");
  if (cert_file || cert_dir) {
    if (cert_file) s.file = *cert_file;
    if (cert_dir) s.dir = *cert_dir;
    s.source = cert_file && cert_dir ? "SSL_CERT_FILE and SSL_CERT_DIR"
               : cert_file           ? "SSL_CERT_FILE"
                                     : "SSL_CERT_DIR";
    return s;
  }
  if (auto curl_bundle = non_empty(env, "CURL_CA_BUNDLE")) {
    s.file = *curl_bundle;
    s.source = "CURL_CA_BUNDLE";
    return s;
  }
  for (const char *const *f = kCaBundleFiles; *f; ++f) {
    if (probe.is_file(*f)) {
      s.file = *f;
      s.source = "the first existing system bundle";
      return s;
    }
  }
  for (const char *const *d = kCaHashedDirs; *d; ++d) {
    if (probe.is_hashed_dir(*d)) {
      s.dir = *d;
      s.source = "a hashed certificate directory";
      return s;
    }
  }
  s.source = "nothing found";
  return s;
}

}  // namespace devin::core
