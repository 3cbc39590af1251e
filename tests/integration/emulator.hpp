// Starts a private devin-emulator for a test process and talks to its
// admin API. Tests include only devin.h besides this helper.
#pragma once

#include <string>
#include <vector>

#include "devin.h"

namespace devin_test {

class Emulator {
 public:
  explicit Emulator(std::vector<std::string> args = {});
  ~Emulator();
  Emulator(const Emulator &) = delete;
  Emulator &operator=(const Emulator &) = delete;

  const std::string &base_url() const { return base_url_; }
  int port() const { return port_; }

  // A client for this emulator. `key` defaults to the org admin.
  devin_client *client(const char *key = "cog_emulator_org_admin",
                       devin_client_options *opts = nullptr) const;
  // The org admin's client with the organization configured (kOrg), so
  // that no call first discovers it.
  devin_client *org_client() const;

  // Admin API (/_emulator/...): returns the response body.
  std::string admin(const char *method, const char *path,
                    const std::string &body = "") const;
  // Adds a fault rule (JSON object text, see docs/emulator.md).
  void fault(const std::string &rule_json) const {
    admin("POST", "/_emulator/faults", rule_json);
  }
  // Number of logged requests whose path equals `path` (method optional).
  int count_requests(const std::string &path,
                     const char *method = nullptr) const;

 private:
  int pid_ = -1;
  int port_ = 0;
  std::string base_url_;
  std::string log_path_;
  devin_client *admin_ = nullptr;
};

// The emulator's default org.
inline constexpr const char *kOrg = "org-emulator-1";

// Owning wrappers so that failing assertions do not leak.
struct Resp {
  devin_response *p = nullptr;
  ~Resp() { devin_response_free(p); }
  const devin_value *json() const { return devin_response_json(p); }
};
struct Err {
  devin_error *p = nullptr;
  ~Err() { devin_error_free(p); }
  const char *msg() const { return p ? devin_error_message(p) : "(no error)"; }
};

// String member of an object value ("" when absent).
std::string str(const devin_value *v, const char *key);
std::string text(const devin_value *v);

}  // namespace devin_test
