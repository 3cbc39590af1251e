// A fake process environment for configuration tests.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "config.hpp"

namespace devin::core::test_support {

inline EnvFn fake_env(std::map<std::string, std::string> vars) {
  return [vars](const char *name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

}  // namespace devin::core::test_support
