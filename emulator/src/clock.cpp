#include "clock.hpp"

#include <atomic>
#include <chrono>

namespace emu::simclock {

namespace {
std::atomic<std::int64_t> g_offset{0};
}  // namespace

std::int64_t real_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::int64_t now_ms() { return real_ms() + g_offset.load(); }

std::int64_t offset_ms() { return g_offset.load(); }

void advance_to_ms(std::int64_t target_ms) {
  std::int64_t cur = g_offset.load();
  for (;;) {
    std::int64_t want = target_ms - real_ms();
    if (want <= cur) return;
    if (g_offset.compare_exchange_weak(cur, want)) return;
  }
}

void set_offset_ms(std::int64_t offset) {
  g_offset.store(offset < 0 ? 0 : offset);
}

}  // namespace emu::simclock
