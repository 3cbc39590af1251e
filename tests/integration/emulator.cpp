#include "emulator.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <thread>

extern char **environ;

namespace devin_test {

namespace {

std::string emulator_binary() {
  if (const char *env = std::getenv("DEVIN_EMULATOR_BIN"); env && *env)
    return env;
#ifdef DEVIN_EMULATOR_DEFAULT
  return DEVIN_EMULATOR_DEFAULT;
#else
  return std::string(DEVIN_SOURCE_DIR) +
         "/build/default/emulator/devin-emulator";
#endif
}

}  // namespace

Emulator::Emulator(std::vector<std::string> args) {
  char tmpl[] = "/tmp/devin-emulator-XXXXXX";
  int fd = mkstemp(tmpl);
  if (fd < 0) throw std::runtime_error("mkstemp failed");
  log_path_ = tmpl;
  std::string bin = emulator_binary();
  // --strict: the emulator answers 500 instead of a body that breaks
  // api/openapi.json, so no test passes on an answer the description forbids.
  std::vector<std::string> argv_s = {bin, "--host",  "127.0.0.1", "--port",
                                     "0", "--speed", "100",       "--strict"};
  for (auto &a : args) argv_s.push_back(a);
  std::vector<char *> argv;
  for (auto &s : argv_s) argv.push_back(s.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, fd, 1);
  posix_spawn_file_actions_adddup2(&fa, fd, 2);
  pid_t pid;
  int rc = posix_spawn(&pid, bin.c_str(), &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  close(fd);
  if (rc != 0)
    throw std::runtime_error("cannot start " + bin + ": " + std::strerror(rc));
  pid_ = pid;
  bool tls = false;
  for (auto &a : args) tls = tls || a == "--tls-cert";
  const std::string scheme = tls ? "https" : "http";
  const std::string prefix = "listening on " + scheme + "://127.0.0.1:";
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < until) {
    std::ifstream in(log_path_);
    std::string line;
    if (std::getline(in, line) && line.rfind(prefix, 0) == 0 && in.good()) {
      port_ = std::atoi(line.c_str() + prefix.size());
      break;
    }
    int status;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("devin-emulator exited early; see " + log_path_);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (!port_)
    throw std::runtime_error("devin-emulator did not print its address");
  base_url_ = scheme + "://127.0.0.1:" + std::to_string(port_);
  if (!tls) admin_ = client();
}

Emulator::~Emulator() {
  devin_client_free(admin_);
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status;
    waitpid(pid_, &status, 0);
  }
  if (!log_path_.empty()) unlink(log_path_.c_str());
}

devin_client *Emulator::client(const char *key,
                               devin_client_options *opts) const {
  devin_client_options o = DEVIN_CLIENT_OPTIONS_INIT;
  if (opts) o = *opts;
  if (!o.api_key) o.api_key = key;
  o.base_url = base_url_.c_str();
  devin_client *c = nullptr;
  devin_error *err = nullptr;
  if (devin_client_new(&c, &o, &err) != DEVIN_OK) {
    std::string msg = devin_error_message(err);
    devin_error_free(err);
    throw std::runtime_error("devin_client_new: " + msg);
  }
  return c;
}

devin_client *Emulator::org_client() const {
  devin_client_options o = DEVIN_CLIENT_OPTIONS_INIT;
  o.org_id = kOrg;
  return client("cog_emulator_org_admin", &o);
}

std::string Emulator::admin(const char *method, const char *path,
                            const std::string &body) const {
  devin_response *resp = nullptr;
  devin_error *err = nullptr;
  devin_call_options co = DEVIN_CALL_OPTIONS_INIT;
  co.max_retries = 0;
  devin_status st = devin_request(admin_, method, path, nullptr,
                                  body.empty() ? nullptr : body.c_str(),
                                  body.size(), nullptr, &co, &resp, &err);
  if (st != DEVIN_OK) {
    std::string msg = devin_error_message(err);
    devin_error_free(err);
    throw std::runtime_error(std::string("admin ") + path + ": " + msg);
  }
  size_t len = 0;
  const char *b = devin_response_body(resp, &len);
  std::string out(b, len);
  devin_response_free(resp);
  return out;
}

int Emulator::count_requests(const std::string &path,
                             const char *method) const {
  devin_response *resp = nullptr;
  devin_error *err = nullptr;
  if (devin_request(admin_, "GET", "/_emulator/requests", nullptr, nullptr, 0,
                    nullptr, nullptr, &resp, &err) != DEVIN_OK) {
    devin_error_free(err);
    return -1;
  }
  const devin_value *list =
      devin_value_get(devin_response_json(resp), "requests", 8);
  int n = 0;
  for (size_t i = 0; i < devin_value_size(list); ++i) {
    const devin_value *r = devin_value_at(list, i);
    if (str(r, "path") == path && (!method || str(r, "method") == method)) ++n;
  }
  devin_response_free(resp);
  return n;
}

std::string str(const devin_value *v, const char *key) {
  size_t len = 0;
  const char *s =
      devin_value_string(devin_value_get(v, key, std::strlen(key)), &len);
  return s ? std::string(s, len) : std::string();
}

std::string text(const devin_value *v) {
  size_t len = 0;
  const char *s = devin_value_json(v, &len);
  return s ? std::string(s, len) : std::string();
}

}  // namespace devin_test
