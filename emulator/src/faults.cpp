// Fault injection (/_emulator/faults): status, delay, close, truncate,
// malformed, stall.
#include <dirent.h>
#include <httplib.h>
#include <netdb.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <cstdlib>

#include "runtime.hpp"

namespace emu {

std::string Faults::add(Fault f) {
  std::lock_guard<std::mutex> lock(mu_);
  f.id = "fault-" + std::to_string(++next_);
  rules_.push_back(f);
  size_ = rules_.size();
  return f.id;
}

void Faults::clear() {
  std::lock_guard<std::mutex> lock(mu_);
  rules_.clear();
  size_ = 0;
}

bool Faults::take(const std::string &method, const std::string &path,
                  Fault &out) {
  if (size_.load() == 0) return false;
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = rules_.begin(); it != rules_.end(); ++it) {
    if (it->method != "*" && it->method != method) continue;
    if (!glob_match(it->path, path)) continue;
    out = *it;
    if (--it->count <= 0) rules_.erase(it);
    size_ = rules_.size();
    return true;
  }
  return false;
}

json Faults::list() const {
  std::lock_guard<std::mutex> lock(mu_);
  json out = json::array();
  for (const auto &f : rules_)
    out.push_back({{"id", f.id},
                   {"method", f.method},
                   {"path", f.path},
                   {"kind", f.kind},
                   {"count", f.count}});
  return out;
}

namespace {

std::string numeric_host(const sockaddr_storage &ss, socklen_t len, int &port) {
  char host[NI_MAXHOST] = {0};
  char serv[NI_MAXSERV] = {0};
  if (getnameinfo(reinterpret_cast<const sockaddr *>(&ss), len, host,
                  sizeof(host), serv, sizeof(serv),
                  NI_NUMERICHOST | NI_NUMERICSERV) != 0)
    return "";
  port = std::atoi(serv);
  return host;
}

// Finds the accepted socket of this request and shuts it down, so that the
// client sees the connection close without a response.
void drop_connection(const httplib::Request &req) {
  DIR *dir = opendir("/proc/self/fd");
  if (!dir) return;
  while (dirent *e = readdir(dir)) {
    int fd = std::atoi(e->d_name);
    if (fd <= 2) continue;
    struct stat sb {};
    if (fstat(fd, &sb) != 0 || !S_ISSOCK(sb.st_mode)) continue;
    sockaddr_storage peer{}, local{};
    socklen_t plen = sizeof(peer), llen = sizeof(local);
    if (getpeername(fd, reinterpret_cast<sockaddr *>(&peer), &plen) != 0)
      continue;
    if (getsockname(fd, reinterpret_cast<sockaddr *>(&local), &llen) != 0)
      continue;
    int pport = -1, lport = -1;
    std::string phost = numeric_host(peer, plen, pport);
    numeric_host(local, llen, lport);
    if (pport == req.remote_port && lport == req.local_port &&
        phost == req.remote_addr) {
      ::shutdown(fd, SHUT_RDWR);
      break;
    }
  }
  closedir(dir);
}

std::string problem_body(int status, const std::string &path,
                         const std::string &request_id) {
  json j = {
      {"type", "about:blank"}, {"title", status_title(status)},
      {"status", status},      {"detail", "Injected fault (devin-emulator)"},
      {"instance", path},      {"request_id", request_id}};
  return j.dump();
}

}  // namespace

bool apply_fault(const Fault &f, const httplib::Request &req,
                 httplib::Response &res, const std::string &request_id) {
  if (f.kind == "delay") {
    interruptible_sleep(f.delay_ms < 0 ? 500 : f.delay_ms);
    return false;
  }
  if (f.kind == "close") {
    drop_connection(req);
    res.status = 500;
    res.set_header("Connection", "close");
    return true;
  }
  if (f.kind == "malformed") {
    res.status = 200;
    res.set_content("{\"items\": [{\"session_id\": \"devin-trunc",
                    "application/json");
    return true;
  }
  if (f.kind == "truncate") {
    auto body = std::make_shared<std::string>(
        R"({"items": [], "end_cursor": null, "has_next_page": false, "total": 0})");
    res.status = 200;
    std::size_t announced = body->size() + 64;
    res.set_content_provider(
        announced, "application/json",
        [body](std::size_t offset, std::size_t, httplib::DataSink &sink) {
          if (offset < body->size())
            sink.write(body->data() + offset, body->size() - offset);
          return false;
        });
    return true;
  }
  if (f.kind == "stall") {
    auto body = std::make_shared<std::string>(
        R"({"items": [], "end_cursor": null, "has_next_page": false, "total": 0, "note": "stalled response"})");
    long long ms = f.delay_ms < 0 ? 60000 : f.delay_ms;
    std::size_t half = body->size() / 2;
    res.status = 200;
    res.set_content_provider(body->size(), "application/json",
                             [body, half, ms](std::size_t offset, std::size_t,
                                              httplib::DataSink &sink) {
                               if (offset == 0) {
                                 sink.write(body->data(), half);
                                 return true;
                               }
                               interruptible_sleep(ms);
                               if (shutting_down()) return false;
                               sink.write(body->data() + offset,
                                          body->size() - offset);
                               return true;
                             });
    return true;
  }
  // status
  res.status = f.status;
  if (!f.retry_after.empty()) res.set_header("Retry-After", f.retry_after);
  if (f.retry_after_ms >= 0)
    res.set_header("retry-after-ms", std::to_string(f.retry_after_ms));
  if (f.body.is_null()) {
    res.set_content(problem_body(f.status, req.path, request_id),
                    "application/problem+json");
  } else if (f.body.is_string()) {
    std::string text = f.body.get<std::string>();
    bool is_json = json::accept(text);
    res.set_content(text, is_json ? "application/json" : "text/plain");
  } else {
    res.set_content(f.body.dump(), "application/json");
  }
  return true;
}

}  // namespace emu
