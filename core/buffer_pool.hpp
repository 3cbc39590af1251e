// Recycled buffers for response bodies and parsed documents.
//
// A page of 100 sessions is ~60 KB of body plus ~80 KB of tape and strings.
// Allocating and freeing that for every response lets glibc return the
// memory to the kernel and fault it back in on the next response: in a
// process whose earlier allocations had moved malloc's thresholds, that cost
// 13 page faults per response and halved libdevin's throughput (see
// docs/benchmarks.md). A small process-wide pool keeps a few buffers of
// each kind warm instead (at most kMaxTotal bytes per pool, 16 MB in all).
// Any thread may take and give; buffers outside [kMinBytes, kMaxBytes], and
// buffers that would exceed kMaxTotal, are simply freed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace devin::core {

template <class Buffer>
class BufferPool {
 public:
  static constexpr std::size_t kMinBytes = 4096;      // smaller: not worth it
  static constexpr std::size_t kMaxBytes = 1u << 20;  // larger: freed
  static constexpr std::size_t kMaxTotal = 4u << 20;  // kept per pool

  // An empty buffer, with the capacity of a recycled one when available.
  Buffer take() {
    std::lock_guard<std::mutex> lock(mu_);
    if (free_.empty()) return Buffer();
    Buffer b = std::move(free_.back());
    free_.pop_back();
    total_ -= bytes_of(b);
    return b;
  }
  // Keeps `b`'s capacity for a later take() (its contents are cleared).
  void give(Buffer &&b) {
    std::size_t bytes = bytes_of(b);
    if (bytes < kMinBytes || bytes > kMaxBytes) return;
    b.clear();
    std::lock_guard<std::mutex> lock(mu_);
    if (total_ + bytes > kMaxTotal) return;
    total_ += bytes;
    free_.push_back(std::move(b));
  }
  // In a forked child: the mutex may have been held by a thread that no
  // longer exists.
  void after_fork_child() { new (&mu_) std::mutex(); }

 private:
  static std::size_t bytes_of(const Buffer &b) {
    return b.capacity() * sizeof(typename Buffer::value_type);
  }
  std::mutex mu_;
  std::vector<Buffer> free_;
  std::size_t total_ = 0;
};

BufferPool<std::string> &body_pool();
BufferPool<std::string> &string_pool();
BufferPool<std::vector<std::uint64_t>> &word_pool();
// In a forked child, before any other use.
void buffer_pools_after_fork_child();

}  // namespace devin::core
