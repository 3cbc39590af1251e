// Cancellation tokens shared between callers and the I/O threads.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

namespace devin::core {

// Wakes one engine's I/O thread. Outlives the engine's curl handle safely:
// the engine clears `multi` under the mutex before cleaning it up.
struct Waker {
  std::mutex mu;
  void *multi = nullptr;  // CURLM*
  std::atomic<bool> cancel_pending{false};
  void wake();
};

class CancelState {
 public:
  void trigger();
  bool triggered() const { return triggered_.load(std::memory_order_acquire); }
  // Registers an engine to wake when the token fires.
  void attach(const std::shared_ptr<Waker> &waker);

 private:
  std::atomic<bool> triggered_{false};
  std::mutex mu_;
  std::vector<std::weak_ptr<Waker>> wakers_;
};

}  // namespace devin::core
