// The --state file.
#pragma once

#include <string>

#include "state.hpp"

namespace emu {

bool save_state_file(const std::string &path, const std::string &text);
bool load_state_file(const std::string &path, json &out);

}  // namespace emu
