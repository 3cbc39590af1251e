// The simulated clock: wall-clock time plus an offset that only grows.
// emu::now_unix() / now_ms() read it; POST /_emulator/clock moves it forward.
#pragma once

#include <cstdint>

namespace emu::simclock {

// Wall-clock milliseconds since the epoch (not simulated).
std::int64_t real_ms();
// Simulated milliseconds since the epoch: real_ms() + offset_ms().
std::int64_t now_ms();
std::int64_t offset_ms();
// Moves simulated time forward so that now_ms() >= target_ms (never back).
void advance_to_ms(std::int64_t target_ms);
// Sets the offset (state file load, reset). Negative values are clamped to 0.
void set_offset_ms(std::int64_t offset);

}  // namespace emu::simclock
