#include "strict.hpp"

#include "schema.hpp"

namespace emu {

std::string json_path(const json &loc) {
  std::string out = "$";
  if (!loc.is_array()) return out;
  for (const auto &part : loc) {
    if (part.is_number_integer())
      out += "[" + std::to_string(part.get<std::int64_t>()) + "]";
    else if (part.is_string())
      out += "." + part.get<std::string>();
    else
      out += "." + part.dump();
  }
  return out;
}

namespace {

const char *json_kind(const json &v) {
  switch (v.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return "integer";
    case json::value_t::number_float:
      return "number";
    case json::value_t::string:
      return "string";
    case json::value_t::array:
      return "array";
    case json::value_t::object:
      return "object";
    default:
      return "value";
  }
}

// The value at loc inside body (null json when absent).
const json *at(const json &body, const json &loc) {
  const json *cur = &body;
  for (const auto &part : loc) {
    if (part.is_number_integer() && cur->is_array()) {
      auto i = part.get<std::size_t>();
      if (i >= cur->size()) return nullptr;
      cur = &(*cur)[i];
    } else if (part.is_string() && cur->is_object()) {
      auto it = cur->find(part.get<std::string>());
      if (it == cur->end()) return nullptr;
      cur = &*it;
    } else {
      return nullptr;
    }
  }
  return cur;
}

}  // namespace

std::vector<std::string> response_violations(const Operation &op,
                                             const json &body,
                                             std::size_t limit) {
  std::vector<std::string> out;
  if (!op.response_schema.is_object() || op.response_schema.empty()) return out;
  json errors = json::array();
  validate(op.response_schema, body, json::array(), errors);
  for (const auto &e : errors) {
    if (out.size() >= limit) {
      out.push_back(op.id + ": ... and " +
                    std::to_string(errors.size() - limit) + " more");
      break;
    }
    const json &loc = e.value("loc", json::array());
    std::string line = op.id + ": " + json_path(loc) + ": " +
                       e.value("msg", std::string("invalid")) + " (" +
                       e.value("type", std::string("error"));
    if (const json *v = at(body, loc))
      line += std::string(", got ") + json_kind(*v);
    line += ")";
    out.push_back(std::move(line));
  }
  return out;
}

}  // namespace emu
