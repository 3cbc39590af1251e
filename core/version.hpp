#pragma once

namespace devin::core {
inline constexpr const char *kVersion = DEVIN_VERSION_STRING;
inline constexpr int kAbiVersion = 1;
}  // namespace devin::core
