// The request log, the rate limiter and shutdown signalling.
#include <chrono>

#include "runtime.hpp"

namespace emu {

namespace {
std::mutex g_stop_mu;
std::condition_variable g_stop_cv;
std::atomic<bool> g_stop{false};
constexpr std::size_t kMaxLog = 20000;
}  // namespace

Faults &faults() {
  static Faults f;
  return f;
}
RequestLog &request_log() {
  static RequestLog l;
  return l;
}
RateLimiter &rate_limiter() {
  static RateLimiter r;
  return r;
}

void RequestLog::add(json entry) {
  std::lock_guard<std::mutex> lock(mu_);
  entries_.push_back(std::move(entry));
  if (entries_.size() > kMaxLog) entries_.pop_front();
}

json RequestLog::dump() const {
  std::lock_guard<std::mutex> lock(mu_);
  json arr = json::array();
  for (const auto &e : entries_) arr.push_back(e);
  return arr;
}

void RequestLog::clear() {
  std::lock_guard<std::mutex> lock(mu_);
  entries_.clear();
}

double RateLimiter::acquire(const std::string &key) {
  if (rate_ <= 0) return 0;
  double now = std::chrono::duration<double>(
                   std::chrono::steady_clock::now().time_since_epoch())
                   .count();
  std::lock_guard<std::mutex> lock(mu_);
  auto it = buckets_.find(key);
  if (it == buckets_.end())
    it = buckets_.emplace(key, Bucket{rate_, now}).first;
  Bucket &b = it->second;
  b.tokens = std::min(rate_, b.tokens + (now - b.last) * rate_);
  b.last = now;
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return 0;
  }
  return (1.0 - b.tokens) / rate_;
}

void request_shutdown() {
  {
    std::lock_guard<std::mutex> lock(g_stop_mu);
    g_stop = true;
  }
  g_stop_cv.notify_all();
}

bool shutting_down() { return g_stop.load(); }

void interruptible_sleep(long long ms) {
  std::unique_lock<std::mutex> lock(g_stop_mu);
  g_stop_cv.wait_for(lock, std::chrono::milliseconds(ms),
                     [] { return g_stop.load(); });
}

}  // namespace emu
