// JSON Schema subset: validation (422 field errors) and query coercion.
#pragma once

#include <string>

#include "common.hpp"

namespace emu {

// Appends {loc, msg, type} items to errors for every violation of schema.
void validate(const json &schema, const json &value, const json &loc,
              json &errors);

// Converts raw query strings to the schema's type; appends errors.
json coerce_query(const json &schema, const std::vector<std::string> &raw,
                  const json &loc, json &errors);

// The main type of a schema ("string", "integer", ..., "any").
std::string schema_type(const json &schema);
bool schema_nullable(const json &schema);
// The non-null branch of a nullable anyOf/oneOf, or the schema itself.
const json &schema_core(const json &schema);

}  // namespace emu
