// The I/O engine: one thread per client driving a curl multi handle
// (curl_multi_poll + curl_multi_wakeup), a timer list for backoff sleeps,
// and the set of live tasks. Everything below "I/O-thread API" may only be
// called on the engine's own thread. See docs/threading.md.
#pragma once

#include <curl/curl.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "cancel.hpp"
#include "error.hpp"

namespace devin::core {

using Clock = std::chrono::steady_clock;

class Engine;

// A unit of work living on the I/O thread (a call, a wait, ...).
class Task : public std::enable_shared_from_this<Task> {
 public:
  virtual ~Task() = default;
  // Runs once on the I/O thread after submission.
  virtual void start() = 0;
  // Ends the task now with `err` (cancel, close, fork): must detach from
  // transfers and timers and complete exactly once. No-op when finished.
  virtual void abort(std::unique_ptr<Error> err) = 0;
  // In a forked child: drop (without touching) curl handles and timers
  // that belonged to the parent's engine.
  virtual void forget_after_fork() {}
  // A transfer added with add_transfer ended.
  virtual void on_transfer_done(CURL *easy, CURLcode code) {
    (void)easy;
    (void)code;
  }

  std::shared_ptr<CancelState> cancel;
  Engine *engine = nullptr;  // set when the engine takes the task
  bool finished = false;
};

class Engine {
 public:
  Engine();
  ~Engine();
  Engine(const Engine &) = delete;
  Engine &operator=(const Engine &) = delete;

  // Any thread. Queues the task and wakes the I/O thread; false when the
  // engine is closed (the task is then not run).
  bool submit(std::shared_ptr<Task> task);
  // Any thread but the I/O thread: aborts every task with `cancelled` and
  // joins the thread. Idempotent.
  void close();
  bool closed() const { return closed_.load(); }
  bool on_io_thread() const {
    return std::this_thread::get_id() == thread_id_.load();
  }
  const std::shared_ptr<Waker> &waker() const { return waker_; }

  // In a forked child: forget the parent's thread and handles (leaked on
  // purpose: cleaning them up could write to sockets the parent still
  // uses) and hand back the tasks that were in flight.
  std::vector<std::shared_ptr<Task>> abandon_after_fork();

  // ---- I/O-thread API ----
  // Registers and starts a task created on the I/O thread.
  void spawn(std::shared_ptr<Task> task);
  CURL *acquire_easy();
  void release_easy(CURL *easy);
  void add_transfer(CURL *easy, Task *task);
  void remove_transfer(CURL *easy);
  std::uint64_t add_timer(double seconds, std::function<void()> fn);
  void cancel_timer(std::uint64_t id);
  void finished(Task *task);
  void watch(const std::shared_ptr<CancelState> &cancel);

 private:
  void run();
  void start_thread();
  void drain_incoming(bool closing);
  void scan_cancelled();
  void fire_timers();
  void read_completions();
  void abort_all();
  int poll_timeout_ms();

  CURLM *multi_ = nullptr;
  std::shared_ptr<Waker> waker_;
  std::thread *thread_ = nullptr;  // leaked after fork; see abandon_after_fork
  std::atomic<std::thread::id> thread_id_{};
  std::atomic<bool> closed_{false};
  std::atomic<bool> busy_{false};  // I/O thread is changing its state

  std::mutex queue_mu_;
  std::deque<std::shared_ptr<Task>> incoming_;
  bool closing_ = false;

  // I/O thread only.
  std::unordered_map<Task *, std::shared_ptr<Task>> live_;
  std::multimap<Clock::time_point,
                std::pair<std::uint64_t, std::function<void()>>>
      timers_;
  std::unordered_map<std::uint64_t, decltype(timers_)::iterator> timer_index_;
  std::uint64_t next_timer_ = 1;
  std::vector<CURL *> idle_easy_;
};

// curl_global_init exactly once, thread-safely, before the first handle.
void ensure_curl_global_init();

}  // namespace devin::core
