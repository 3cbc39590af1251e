// --strict: the emulator checks its own successful JSON answers against the
// operation's response schema (api/openapi.json) with the request validator.
#pragma once

#include <string>
#include <vector>

#include "api.hpp"
#include "common.hpp"

namespace emu {

// Empty when `body` conforms to op.response_schema; else one line per
// violation, "<operation id>: <JSON path>: <rule>" (at most `limit` lines).
std::vector<std::string> response_violations(const Operation &op,
                                             const json &body,
                                             std::size_t limit = 5);

// "$.items[0].name" for the loc ["items", 0, "name"].
std::string json_path(const json &loc);

}  // namespace emu
