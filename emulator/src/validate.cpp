#include <cmath>
#include <cstdlib>

#include "schema.hpp"

namespace emu {

std::string schema_type(const json &s) {
  if (!s.is_object()) return "any";
  auto t = s.find("type");
  if (t != s.end()) {
    if (t->is_string()) return t->get<std::string>();
    if (t->is_array())
      for (const auto &x : *t)
        if (x.is_string() && x != "null") return x.get<std::string>();
  }
  for (const char *k : {"anyOf", "oneOf", "allOf"}) {
    auto it = s.find(k);
    if (it == s.end() || !it->is_array()) continue;
    std::string found;
    for (const auto &sub : *it) {
      std::string st = schema_type(sub);
      if (st == "null" || st == "any") continue;
      if (!found.empty() && found != st) return "any";
      found = st;
    }
    if (!found.empty()) return found;
  }
  if (s.contains("properties")) return "object";
  if (s.contains("enum")) return "string";
  return "any";
}

bool schema_nullable(const json &s) {
  if (!s.is_object()) return true;
  if (s.value("nullable", false)) return true;
  auto t = s.find("type");
  if (t != s.end()) {
    if (t->is_string()) return *t == "null";
    if (t->is_array())
      for (const auto &x : *t)
        if (x == "null") return true;
    return false;
  }
  for (const char *k : {"anyOf", "oneOf"}) {
    auto it = s.find(k);
    if (it == s.end()) continue;
    for (const auto &sub : *it)
      if (sub.is_object() && sub.value("type", "") == "null") return true;
  }
  return !s.contains("enum") && !s.contains("properties") &&
         !s.contains("allOf") && !s.contains("anyOf") && !s.contains("oneOf") &&
         !s.contains("const") && !s.contains("type");
}

const json &schema_core(const json &s) {
  if (!s.is_object()) return s;
  for (const char *k : {"anyOf", "oneOf"}) {
    auto it = s.find(k);
    if (it == s.end() || !it->is_array()) continue;
    for (const auto &sub : *it)
      if (sub.is_object() && sub.value("type", "") != "null") return sub;
  }
  auto it = s.find("allOf");
  if (it != s.end() && it->is_array() && it->size() == 1) return (*it)[0];
  return s;
}

namespace {

const char *type_error(const std::string &t) {
  if (t == "string") return "string_type";
  if (t == "integer") return "int_type";
  if (t == "number") return "float_type";
  if (t == "boolean") return "bool_type";
  if (t == "array") return "list_type";
  if (t == "object") return "dict_type";
  return "type_error";
}

bool type_ok(const std::string &t, const json &v) {
  if (t == "string") return v.is_string();
  if (t == "integer")
    return v.is_number_integer() ||
           (v.is_number_float() &&
            std::floor(v.get<double>()) == v.get<double>());
  if (t == "number") return v.is_number();
  if (t == "boolean") return v.is_boolean();
  if (t == "array") return v.is_array();
  if (t == "object") return v.is_object();
  if (t == "null") return v.is_null();
  return true;
}

json with(const json &loc, const json &part) {
  json out = loc;
  out.push_back(part);
  return out;
}

void validate_alternatives(const json &alts, const json &v, const json &loc,
                           json &errors) {
  json first_errors = json::array();
  for (const auto &sub : alts) {
    json errs = json::array();
    validate(sub, v, loc, errs);
    if (errs.empty()) return;
    if (first_errors.empty()) first_errors = errs;
  }
  for (auto &e : first_errors) errors.push_back(e);
}

}  // namespace

void validate(const json &s, const json &v, const json &loc, json &errors) {
  if (!s.is_object() || s.empty()) return;
  if (v.is_null()) {
    if (!schema_nullable(s))
      errors.push_back(field_error(loc, "Input should not be null",
                                   type_error(schema_type(s))));
    return;
  }
  if (s.contains("anyOf") || s.contains("oneOf")) {
    const json &alts = s.contains("anyOf") ? s["anyOf"] : s["oneOf"];
    if (alts.is_array()) validate_alternatives(alts, v, loc, errors);
    return;
  }
  if (auto it = s.find("allOf"); it != s.end() && it->is_array())
    for (const auto &sub : *it) validate(sub, v, loc, errors);
  std::string t;
  if (auto it = s.find("type"); it != s.end()) {
    if (it->is_string()) {
      t = it->get<std::string>();
    } else if (it->is_array()) {
      bool ok = false;
      for (const auto &x : *it) ok = ok || type_ok(x.get<std::string>(), v);
      if (!ok) {
        errors.push_back(field_error(loc, "Input has the wrong type",
                                     type_error(schema_type(s))));
        return;
      }
      t = schema_type(s);
    }
  }
  if (!t.empty() && !type_ok(t, v)) {
    errors.push_back(field_error(
        loc, "Input should be a valid " + (t == "object" ? "dictionary" : t),
        type_error(t)));
    return;
  }
  if (auto it = s.find("const"); it != s.end() && *it != v) {
    errors.push_back(
        field_error(loc, "Input should be " + it->dump(), "literal_error"));
    return;
  }
  if (auto it = s.find("enum"); it != s.end() && it->is_array()) {
    bool found = false;
    for (const auto &e : *it) found = found || e == v;
    if (!found) {
      std::string allowed;
      for (const auto &e : *it)
        allowed += (allowed.empty() ? "" : ", ") + e.dump();
      errors.push_back(
          field_error(loc, "Input should be one of " + allowed, "enum"));
      return;
    }
  }
  if (v.is_string()) {
    auto len = v.get_ref<const std::string &>().size();
    if (s.contains("minLength") && len < s["minLength"].get<std::size_t>())
      errors.push_back(field_error(loc,
                                   "String should have at least " +
                                       s["minLength"].dump() + " characters",
                                   "string_too_short"));
    if (s.contains("maxLength") && len > s["maxLength"].get<std::size_t>())
      errors.push_back(field_error(
          loc,
          "String should have at most " + s["maxLength"].dump() + " characters",
          "string_too_long"));
  } else if (v.is_number()) {
    double d = v.get<double>();
    if (s.contains("minimum") && s["minimum"].is_number() &&
        d < s["minimum"].get<double>())
      errors.push_back(field_error(
          loc,
          "Input should be greater than or equal to " + s["minimum"].dump(),
          "greater_than_equal"));
    if (s.contains("maximum") && s["maximum"].is_number() &&
        d > s["maximum"].get<double>())
      errors.push_back(field_error(
          loc, "Input should be less than or equal to " + s["maximum"].dump(),
          "less_than_equal"));
    if (s.contains("exclusiveMinimum") && s["exclusiveMinimum"].is_number() &&
        d <= s["exclusiveMinimum"].get<double>())
      errors.push_back(field_error(
          loc, "Input should be greater than " + s["exclusiveMinimum"].dump(),
          "greater_than"));
    if (s.contains("exclusiveMaximum") && s["exclusiveMaximum"].is_number() &&
        d >= s["exclusiveMaximum"].get<double>())
      errors.push_back(field_error(
          loc, "Input should be less than " + s["exclusiveMaximum"].dump(),
          "less_than"));
  } else if (v.is_array()) {
    if (s.contains("minItems") && v.size() < s["minItems"].get<std::size_t>())
      errors.push_back(field_error(
          loc, "List should have at least " + s["minItems"].dump() + " items",
          "too_short"));
    if (s.contains("maxItems") && v.size() > s["maxItems"].get<std::size_t>())
      errors.push_back(field_error(
          loc, "List should have at most " + s["maxItems"].dump() + " items",
          "too_long"));
    if (auto it = s.find("items"); it != s.end() && it->is_object())
      for (std::size_t i = 0; i < v.size(); ++i)
        validate(*it, v[i], with(loc, static_cast<int>(i)), errors);
  } else if (v.is_object()) {
    const json props = s.value("properties", json::object());
    if (auto it = s.find("required"); it != s.end() && it->is_array())
      for (const auto &r : *it)
        if (!v.contains(r.get<std::string>()))
          errors.push_back(
              field_error(with(loc, r), "Field required", "missing"));
    for (const auto &[k, sub] : props.items())
      if (auto f = v.find(k); f != v.end())
        validate(sub, *f, with(loc, k), errors);
    auto ap = s.find("additionalProperties");
    if (ap != s.end()) {
      for (const auto &[k, val] : v.items()) {
        if (props.contains(k)) continue;
        if (ap->is_boolean() && !ap->get<bool>())
          errors.push_back(field_error(with(loc, k),
                                       "Extra inputs are not permitted",
                                       "extra_forbidden"));
        else if (ap->is_object())
          validate(*ap, val, with(loc, k), errors);
      }
    }
  }
}

namespace {

json coerce_scalar(const std::string &t, const std::string &raw,
                   const json &loc, json &errors) {
  if (t == "integer") {
    char *end = nullptr;
    long long x = std::strtoll(raw.c_str(), &end, 10);
    if (raw.empty() || *end != '\0') {
      errors.push_back(field_error(
          loc,
          "Input should be a valid integer, unable to parse string as an "
          "integer",
          "int_parsing"));
      return nullptr;
    }
    return x;
  }
  if (t == "number") {
    char *end = nullptr;
    double x = std::strtod(raw.c_str(), &end);
    if (raw.empty() || *end != '\0') {
      errors.push_back(field_error(
          loc, "Input should be a valid number, unable to parse string",
          "float_parsing"));
      return nullptr;
    }
    return x;
  }
  if (t == "boolean") {
    std::string l = to_lower(raw);
    if (l == "true" || l == "1" || l == "yes" || l == "on") return true;
    if (l == "false" || l == "0" || l == "no" || l == "off") return false;
    errors.push_back(field_error(
        loc, "Input should be a valid boolean, unable to interpret input",
        "bool_parsing"));
    return nullptr;
  }
  return raw;
}

}  // namespace

json coerce_query(const json &schema, const std::vector<std::string> &raw,
                  const json &loc, json &errors) {
  const json &core = schema_core(schema);
  std::string t = schema_type(core);
  if (t == "array") {
    json items = core.value("items", json::object());
    std::string it = schema_type(schema_core(items));
    json out = json::array();
    for (const auto &r : raw)
      for (const auto &part : split(r, ',')) {
        if (part.empty()) continue;
        out.push_back(coerce_scalar(it, part, with(loc, out.size()), errors));
      }
    return out;
  }
  if (raw.empty()) return nullptr;
  return coerce_scalar(t, raw.back(), loc, errors);
}

}  // namespace emu
