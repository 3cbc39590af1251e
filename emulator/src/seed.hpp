// Seeds: the built-in default (emulator/seed/default.json) or --seed FILE.
#pragma once

#include <stdexcept>
#include <string>

#include "state.hpp"

namespace emu {

class Simulator;

// A seed that contradicts the API description or itself (an unknown role,
// a role of the wrong type for its scope, a duplicate id, ...). The message
// names the entry. devin-emulator exits with status 2.
struct SeedError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

const char *default_seed_text();
// Loads the seed file (or the default); throws std::runtime_error.
json load_seed(const std::string &path);
// Checks the seed (throws SeedError), then replaces the whole state with the
// seed's principals and data.
void apply_seed(State &st, const json &seed, double speed_override);

}  // namespace emu
