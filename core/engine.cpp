#include "engine.hpp"

#include <algorithm>

namespace devin::core {

void ensure_curl_global_init() {
  // A function-local static is initialised exactly once, thread-safely.
  static const CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);
  (void)rc;
}

void Waker::wake() {
  std::lock_guard<std::mutex> lock(mu);
  if (multi) curl_multi_wakeup(static_cast<CURLM *>(multi));
}

void CancelState::trigger() {
  if (triggered_.exchange(true, std::memory_order_acq_rel)) return;
  std::vector<std::shared_ptr<Waker>> wake;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto &w : wakers_)
      if (auto s = w.lock()) wake.push_back(std::move(s));
    wakers_.clear();
  }
  for (auto &w : wake) {
    w->cancel_pending.store(true, std::memory_order_release);
    w->wake();
  }
}

void CancelState::attach(const std::shared_ptr<Waker> &waker) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto &w : wakers_)
    if (w.lock() == waker) return;
  wakers_.erase(
      std::remove_if(wakers_.begin(), wakers_.end(),
                     [](const std::weak_ptr<Waker> &w) { return w.expired(); }),
      wakers_.end());
  wakers_.push_back(waker);
}

Engine::Engine() : waker_(std::make_shared<Waker>()) {
  ensure_curl_global_init();
  start_thread();
}

void Engine::start_thread() {
  multi_ = curl_multi_init();
  curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, 256L);
  curl_multi_setopt(multi_, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
  {
    std::lock_guard<std::mutex> lock(waker_->mu);
    waker_->multi = multi_;
  }
  thread_ = new std::thread([this] { run(); });
}

Engine::~Engine() { close(); }

bool Engine::submit(std::shared_ptr<Task> task) {
  bool first;
  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    if (closing_) return false;
    first = incoming_.empty();
    incoming_.push_back(std::move(task));
  }
  // Only the first task of a batch wakes the loop: it takes the whole queue
  // at once. From a callback the loop is already awake and sees the queue
  // before it polls again: no wake-up (a syscall) needed.
  if (first && !on_io_thread()) waker_->wake();
  return true;
}

void Engine::close() {
  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    if (closing_ && !thread_) return;
    closing_ = true;
  }
  waker_->wake();
  if (thread_) {
    if (thread_->joinable()) thread_->join();
    delete thread_;
    thread_ = nullptr;
  }
  {
    std::lock_guard<std::mutex> lock(waker_->mu);
    waker_->multi = nullptr;
  }
  for (CURL *e : idle_easy_) curl_easy_cleanup(e);
  idle_easy_.clear();
  if (multi_) curl_multi_cleanup(multi_);
  multi_ = nullptr;
  closed_ = true;
}

std::vector<std::shared_ptr<Task>> Engine::abandon_after_fork() {
  // Only the forking thread exists in the child. Locks may have been held
  // by the vanished I/O thread: build fresh ones rather than unlocking.
  new (&queue_mu_) std::mutex();
  new (&waker_->mu) std::mutex();
  std::vector<std::shared_ptr<Task>> orphans;
  if (!busy_.load()) {
    for (auto &[ptr, task] : live_) orphans.push_back(task);
    for (auto &task : incoming_) orphans.push_back(task);
  }
  // Leak the parent's thread object, curl handles and state on purpose.
  (void)new decltype(live_)(std::move(live_));
  (void)new decltype(timers_)(std::move(timers_));
  live_ = {};
  timers_ = {};
  timer_index_ = {};
  incoming_ = {};
  idle_easy_ = {};
  thread_ = nullptr;
  multi_ = nullptr;
  waker_->multi = nullptr;
  closing_ = true;
  closed_ = true;
  return orphans;
}

// ---- I/O thread ----

void Engine::run() {
  thread_id_.store(std::this_thread::get_id());
  for (;;) {
    bool closing;
    {
      std::lock_guard<std::mutex> lock(queue_mu_);
      closing = closing_;
    }
    busy_ = true;
    drain_incoming(closing);
    if (closing) {
      abort_all();
      busy_ = false;
      break;
    }
    if (waker_->cancel_pending.exchange(false)) scan_cancelled();
    fire_timers();
    int running = 0;
    curl_multi_perform(multi_, &running);
    read_completions();
    busy_ = false;
    curl_multi_poll(multi_, nullptr, 0, poll_timeout_ms(), nullptr);
  }
  thread_id_.store(std::thread::id());
}

void Engine::drain_incoming(bool closing) {
  std::deque<std::shared_ptr<Task>> batch;
  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    batch.swap(incoming_);
  }
  for (auto &task : batch) {
    Task *raw = task.get();
    raw->engine = this;
    live_.emplace(raw, task);
    if (task->cancel) task->cancel->attach(waker_);
    if (closing)
      raw->abort(make_error(ErrorKind::Cancelled, "the client was closed"));
    else if (task->cancel && task->cancel->triggered())
      raw->abort(make_error(ErrorKind::Cancelled, "the call was cancelled"));
    else
      raw->start();
  }
}

void Engine::spawn(std::shared_ptr<Task> task) {
  Task *raw = task.get();
  raw->engine = this;
  live_.emplace(raw, std::move(task));
  if (raw->cancel) raw->cancel->attach(waker_);
  raw->start();
}

void Engine::watch(const std::shared_ptr<CancelState> &cancel) {
  if (cancel) cancel->attach(waker_);
}

void Engine::scan_cancelled() {
  std::vector<std::shared_ptr<Task>> hit;
  for (auto &[raw, task] : live_)
    if (task->cancel && task->cancel->triggered()) hit.push_back(task);
  for (auto &task : hit)
    task->abort(make_error(ErrorKind::Cancelled, "the call was cancelled"));
}

void Engine::abort_all() {
  // Tasks may spawn or finish others while aborting: loop until empty.
  while (!live_.empty()) {
    std::vector<std::shared_ptr<Task>> all;
    all.reserve(live_.size());
    for (auto &[raw, task] : live_) all.push_back(task);
    for (auto &task : all) {
      task->abort(make_error(ErrorKind::Cancelled, "the client was closed"));
      live_.erase(task.get());
    }
  }
  timers_.clear();
  timer_index_.clear();
}

void Engine::fire_timers() {
  auto now = Clock::now();
  while (!timers_.empty() && timers_.begin()->first <= now) {
    auto node = timers_.extract(timers_.begin());
    timer_index_.erase(node.mapped().first);
    node.mapped().second();
  }
}

void Engine::read_completions() {
  int left = 0;
  while (CURLMsg *msg = curl_multi_info_read(multi_, &left)) {
    if (msg->msg != CURLMSG_DONE) continue;
    CURL *easy = msg->easy_handle;
    CURLcode code = msg->data.result;
    Task *task = nullptr;
    curl_easy_getinfo(easy, CURLINFO_PRIVATE, reinterpret_cast<char **>(&task));
    curl_multi_remove_handle(multi_, easy);
    if (task && live_.count(task)) {
      auto keep = live_[task];
      task->on_transfer_done(easy, code);
    }
  }
}

int Engine::poll_timeout_ms() {
  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    if (!incoming_.empty() || closing_) return 0;
  }
  long curl_ms = -1;
  curl_multi_timeout(multi_, &curl_ms);
  long ms = 1000;
  if (curl_ms >= 0) ms = std::min(ms, curl_ms);
  if (!timers_.empty()) {
    auto delta = std::chrono::duration_cast<std::chrono::milliseconds>(
                     timers_.begin()->first - Clock::now())
                     .count();
    ms = std::min<long>(ms, delta < 0 ? 0 : static_cast<long>(delta) + 1);
  }
  return static_cast<int>(ms);
}

CURL *Engine::acquire_easy() {
  if (!idle_easy_.empty()) {
    CURL *e = idle_easy_.back();
    idle_easy_.pop_back();
    curl_easy_reset(e);
    return e;
  }
  return curl_easy_init();
}

void Engine::release_easy(CURL *easy) {
  if (!easy) return;
  if (idle_easy_.size() < 128)
    idle_easy_.push_back(easy);
  else
    curl_easy_cleanup(easy);
}

void Engine::add_transfer(CURL *easy, Task *task) {
  curl_easy_setopt(easy, CURLOPT_PRIVATE, task);
  curl_multi_add_handle(multi_, easy);
}

void Engine::remove_transfer(CURL *easy) {
  curl_multi_remove_handle(multi_, easy);
}

std::uint64_t Engine::add_timer(double seconds, std::function<void()> fn) {
  auto due = Clock::now() +
             std::chrono::duration_cast<Clock::duration>(
                 std::chrono::duration<double>(seconds < 0 ? 0 : seconds));
  std::uint64_t id = next_timer_++;
  auto it = timers_.emplace(due, std::make_pair(id, std::move(fn)));
  timer_index_[id] = it;
  return id;
}

void Engine::cancel_timer(std::uint64_t id) {
  auto it = timer_index_.find(id);
  if (it == timer_index_.end()) return;
  timers_.erase(it->second);
  timer_index_.erase(it);
}

void Engine::finished(Task *task) {
  task->finished = true;
  live_.erase(task);
}

}  // namespace devin::core
