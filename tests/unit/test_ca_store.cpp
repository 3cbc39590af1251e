// Run-time CA discovery: option, environment, system layouts, hashed dirs.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "ca_store.hpp"
#include "config.hpp"
#include "fake_env.hpp"

using namespace devin::core;

namespace {

CaEnvFn env(std::map<std::string, std::string> vars) {
  return test_support::fake_env(std::move(vars));
}

// A machine whose files and hashed directories are exactly these.
CaProbe machine(std::set<std::string> files, std::set<std::string> dirs = {}) {
  return CaProbe{[files](const std::string &p) { return files.count(p) > 0; },
                 [dirs](const std::string &p) { return dirs.count(p) > 0; },
                 [dirs](const std::string &p) { return dirs.count(p) > 0; }};
}

}  // namespace

TEST(CaStore, OptionWinsOverEverything) {
  auto s = discover_ca_store(std::string("/mine.pem"),
                             env({{"SSL_CERT_FILE", "/env.pem"}}),
                             machine({"/etc/ssl/certs/ca-certificates.crt"}));
  EXPECT_EQ(s.file, "/mine.pem");
  EXPECT_EQ(s.dir, "");
  EXPECT_EQ(s.source, "the ca_bundle option");
}

TEST(CaStore, OptionNamingADirectoryIsACaPath) {
  auto s = discover_ca_store(std::string("/my/certs"), env({}),
                             machine({}, {"/my/certs"}));
  EXPECT_EQ(s.file, "");
  EXPECT_EQ(s.dir, "/my/certs");
}

TEST(CaStore, AMissingOptionFileIsKeptSoTheCallFailsLoudly) {
  auto s = discover_ca_store(std::string("/nope.pem"), env({}),
                             machine({"/etc/ssl/certs/ca-certificates.crt"}));
  EXPECT_EQ(s.file, "/nope.pem");
}

TEST(CaStore, EnvironmentInOrder) {
  auto m = machine({"/etc/ssl/certs/ca-certificates.crt"});
  auto a = discover_ca_store(std::nullopt,
                             env({{"SSL_CERT_FILE", "/a.pem"},
                                  {"SSL_CERT_DIR", "/a.d"},
                                  {"CURL_CA_BUNDLE", "/c.pem"}}),
                             m);
  EXPECT_EQ(a.file, "/a.pem");
  EXPECT_EQ(a.dir, "/a.d");
  auto d = discover_ca_store(
      std::nullopt, env({{"SSL_CERT_DIR", "/d"}, {"CURL_CA_BUNDLE", "/c.pem"}}),
      m);
  EXPECT_EQ(d.file, "");
  EXPECT_EQ(d.dir, "/d");
  EXPECT_EQ(d.source, "SSL_CERT_DIR");
  auto c =
      discover_ca_store(std::nullopt, env({{"CURL_CA_BUNDLE", "/c.pem"}}), m);
  EXPECT_EQ(c.file, "/c.pem");
  EXPECT_EQ(c.source, "CURL_CA_BUNDLE");
  // Empty variables count as unset.
  auto e = discover_ca_store(std::nullopt, env({{"SSL_CERT_FILE", ""}}), m);
  EXPECT_EQ(e.file, "/etc/ssl/certs/ca-certificates.crt");
}

TEST(CaStore, EachDistributionLayout) {
  struct Case {
    const char *file;
  } cases[] = {{"/etc/ssl/certs/ca-certificates.crt"},
               {"/etc/pki/tls/certs/ca-bundle.crt"},
               {"/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem"},
               {"/var/lib/ca-certificates/ca-bundle.pem"},
               {"/etc/ssl/cert.pem"}};
  for (const auto &c : cases) {
    // A directory /etc/ssl/certs without the Debian bundle (the RHEL case
    // that broke Debian's libcurl) must not stop the search.
    auto s = discover_ca_store(std::nullopt, env({}),
                               machine({c.file}, {"/etc/ssl/certs"}));
    EXPECT_EQ(s.file, c.file);
    EXPECT_EQ(s.dir, "");
    EXPECT_EQ(s.source, "the first existing system bundle");
  }
}

TEST(CaStore, DebianBundleBeforeRhel) {
  auto s = discover_ca_store(std::nullopt, env({}),
                             machine({"/etc/pki/tls/certs/ca-bundle.crt",
                                      "/etc/ssl/certs/ca-certificates.crt"}));
  EXPECT_EQ(s.file, "/etc/ssl/certs/ca-certificates.crt");
}

TEST(CaStore, HashedDirectoryWhenNoBundle) {
  auto s = discover_ca_store(std::nullopt, env({}),
                             machine({}, {"/etc/pki/tls/certs"}));
  EXPECT_EQ(s.file, "");
  EXPECT_EQ(s.dir, "/etc/pki/tls/certs");
  EXPECT_TRUE(s.found());
}

TEST(CaStore, NothingFound) {
  auto s = discover_ca_store(std::nullopt, env({}), machine({}));
  EXPECT_FALSE(s.found());
  EXPECT_EQ(s.source, "nothing found");
}

TEST(CaStore, RealProbeRecognisesHashLinks) {
  namespace fs = std::filesystem;
  fs::path dir =
      fs::temp_directory_path() /
      ("devin-ca-" +
       std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  fs::create_directories(dir);
  CaProbe p = real_ca_probe();
  EXPECT_TRUE(p.is_dir(dir.string()));
  EXPECT_FALSE(p.is_hashed_dir(dir.string()));
  std::ofstream(dir / "not-a-hash.pem") << "x";
  EXPECT_FALSE(p.is_hashed_dir(dir.string()));
  std::ofstream(dir / "9d66eef0.0") << "x";
  EXPECT_TRUE(p.is_hashed_dir(dir.string()));
  EXPECT_TRUE(p.is_file((dir / "9d66eef0.0").string()));
  EXPECT_FALSE(p.is_file(dir.string()));
  fs::remove_all(dir);
}

TEST(CaStore, ConfigCarriesTheChoice) {
  ClientOptions o;
  o.ca_bundle = "/x/ca.pem";
  auto c = resolve_config(o, [](const char *n) -> std::optional<std::string> {
    if (std::string(n) == "DEVIN_API_KEY") return "cog_k";
    return std::nullopt;
  });
  ASSERT_TRUE(c);
  EXPECT_EQ(c->ca.file, "/x/ca.pem");
}
