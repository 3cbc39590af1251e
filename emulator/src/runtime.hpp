// Process-wide helpers: fault rules, the request log, the rate limiter.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "common.hpp"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace emu {

struct Fault {
  std::string id, method = "*", path = "*", kind = "status";
  int count = 1, status = 503;
  std::string retry_after;
  long long retry_after_ms = -1;
  long long delay_ms = -1;
  json body;  // null = problem+json
};

class Faults {
 public:
  std::string add(Fault f);
  void clear();
  // Takes one use of the first matching rule.
  bool take(const std::string &method, const std::string &path, Fault &out);
  json list() const;

 private:
  mutable std::mutex mu_;
  std::vector<Fault> rules_;
  std::atomic<std::size_t> size_{0};
  unsigned next_ = 0;
};

// Applies a fault. Returns true when the response is complete (or the
// connection is to be dropped), false when normal handling continues.
bool apply_fault(const Fault &f, const httplib::Request &req,
                 httplib::Response &res, const std::string &request_id);

class RequestLog {
 public:
  void add(json entry);
  json dump() const;
  void clear();

 private:
  mutable std::mutex mu_;
  std::deque<json> entries_;
};

class RateLimiter {
 public:
  void configure(double per_second) { rate_ = per_second; }
  bool enabled() const { return rate_ > 0; }
  // Returns 0 when allowed, else the seconds until a token is available.
  double acquire(const std::string &key);

 private:
  struct Bucket {
    double tokens;
    double last;
  };
  double rate_ = 0;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

Faults &faults();
RequestLog &request_log();
RateLimiter &rate_limiter();

// Set on SIGINT/SIGTERM; sleeping fault threads wake up.
void request_shutdown();
bool shutting_down();
// Sleeps up to ms, returns early on shutdown.
void interruptible_sleep(long long ms);

}  // namespace emu
