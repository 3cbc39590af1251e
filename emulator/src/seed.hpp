// Seeds: the built-in default (emulator/seed/default.json) or --seed FILE.
#pragma once

#include <string>

#include "state.hpp"

namespace emu {

class Simulator;

const char *default_seed_text();
// Loads the seed file (or the default); throws std::runtime_error.
json load_seed(const std::string &path);
// Replaces the whole state with the seed's principals and data.
void apply_seed(State &st, const json &seed, double speed_override);

}  // namespace emu
