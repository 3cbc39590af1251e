#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <regex>
#include <string_view>

#include "cron.hpp"
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

// pydantic's wording of the expected type.
std::string type_noun(const std::string &t) {
  if (t == "array") return "list";
  if (t == "object") return "dictionary";
  return t;
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

// A bound as pydantic prints it: 0.0 as 0.
std::string num_text(const json &n) {
  if (n.is_number_float()) {
    double d = n.get<double>();
    if (std::floor(d) == d && std::fabs(d) < 1e15)
      return std::to_string(static_cast<long long>(d));
  }
  return n.dump();
}

std::string plural(const json &n, const char *word) {
  return n.dump() + " " + word + (n == 1 ? "" : "s");
}

// Unicode code points of UTF-8 text (continuation bytes do not count).
std::size_t code_points(const std::string &s) {
  std::size_t n = 0;
  for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;
  return n;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char ch : s)
    if (ch < '0' || ch > '9') return false;
  return true;
}

int number(std::string_view s) {
  int v = 0;
  for (char ch : s) v = v * 10 + (ch - '0');
  return v;
}

// RFC 3339 full-date: YYYY-MM-DD with a real day of the month.
bool full_date(std::string_view s, std::string &why) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' ||
      !all_digits(s.substr(0, 4)) || !all_digits(s.substr(5, 2)) ||
      !all_digits(s.substr(8, 2))) {
    why = "expected YYYY-MM-DD";
    return false;
  }
  int y = number(s.substr(0, 4)), m = number(s.substr(5, 2)),
      d = number(s.substr(8, 2));
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) {
    why = "month value is outside expected range of 1-12";
    return false;
  }
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  int max = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
  if (d < 1 || d > max) {
    why = "day value is outside expected range";
    return false;
  }
  return true;
}

// RFC 3339 full-time: HH:MM:SS[.frac](Z|+HH:MM|-HH:MM).
bool full_time(std::string_view s, std::string &why) {
  if (s.size() < 9 || s[2] != ':' || s[5] != ':' ||
      !all_digits(s.substr(0, 2)) || !all_digits(s.substr(3, 2)) ||
      !all_digits(s.substr(6, 2))) {
    why = "expected HH:MM:SS";
    return false;
  }
  if (number(s.substr(0, 2)) > 23 || number(s.substr(3, 2)) > 59 ||
      number(s.substr(6, 2)) > 60) {
    why = "time value is outside expected range";
    return false;
  }
  std::size_t i = 8;
  if (s[i] == '.') {
    std::size_t j = i + 1;
    while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
    if (j == i + 1) {
      why = "expected digits after the decimal point";
      return false;
    }
    i = j;
  }
  std::string_view tz = s.substr(i);
  if (tz == "Z" || tz == "z") return true;
  if (tz.size() == 6 && (tz[0] == '+' || tz[0] == '-') && tz[3] == ':' &&
      all_digits(tz.substr(1, 2)) && all_digits(tz.substr(4, 2)) &&
      number(tz.substr(1, 2)) <= 23 && number(tz.substr(4, 2)) <= 59)
    return true;
  why = tz.empty() ? "a time zone offset (Z or +HH:MM) is required"
                   : "invalid time zone offset";
  return false;
}

bool date_time(const std::string &s, std::string &why) {
  if (s.size() < 11 || (s[10] != 'T' && s[10] != 't')) {
    if (s.size() >= 10 && !full_date(std::string_view(s).substr(0, 10), why))
      return false;
    why = s.size() <= 10 ? "input is too short"
                         : "expected 'T' between the date and the time";
    return false;
  }
  std::string_view v(s);
  return full_date(v.substr(0, 10), why) && full_time(v.substr(11), why);
}

bool uuid_text(const std::string &s, std::string &why) {
  if (s.size() != 36) {
    why = "invalid length: expected 36 characters (8-4-4-4-12), found " +
          std::to_string(s.size());
    return false;
  }
  for (std::size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) {
      why = std::string("invalid character at position ") + std::to_string(i);
      return false;
    }
  }
  return true;
}

bool email_text(const std::string &s, std::string &why) {
  auto at = s.rfind('@');
  if (at == std::string::npos) {
    why = "An email address must have an @-sign.";
    return false;
  }
  std::string local = s.substr(0, at), domain = s.substr(at + 1);
  if (local.empty() || local.size() > 64) {
    why = "The part before the @-sign is empty or too long.";
    return false;
  }
  if (local.front() == '.' || local.back() == '.' ||
      local.find("..") != std::string::npos) {
    why = "The part before the @-sign has a misplaced period.";
    return false;
  }
  static const std::string kAtext = "!#$%&'*+/=?^_`{|}~-.";
  for (unsigned char ch : local)
    if (!std::isalnum(ch) && ch < 0x80 &&
        kAtext.find(static_cast<char>(ch)) == std::string::npos) {
      why = "The part before the @-sign contains invalid characters.";
      return false;
    }
  if (domain.empty() || domain.size() > 253 ||
      domain.find('.') == std::string::npos) {
    why = "The part after the @-sign is not a valid domain name.";
    return false;
  }
  for (const auto &label : split(domain, '.')) {
    if (label.empty() || label.size() > 63 || label.front() == '-' ||
        label.back() == '-') {
      why = "The part after the @-sign is not a valid domain name.";
      return false;
    }
    for (unsigned char ch : label)
      if (!std::isalnum(ch) && ch != '-' && ch < 0x80) {
        why = "The part after the @-sign contains invalid characters.";
        return false;
      }
  }
  return true;
}

// An absolute URI (RFC 3986): scheme ":" hier-part, no spaces or characters
// a URI never holds; http(s) and similar need a host.
bool uri_text(const std::string &s, std::string &why) {
  auto colon = s.find(':');
  if (colon == std::string::npos || colon == 0 ||
      !std::isalpha(static_cast<unsigned char>(s[0]))) {
    why = "relative URL without a base";
    return false;
  }
  for (std::size_t i = 1; i < colon; ++i) {
    unsigned char ch = static_cast<unsigned char>(s[i]);
    if (!std::isalnum(ch) && ch != '+' && ch != '-' && ch != '.') {
      why = "relative URL without a base";
      return false;
    }
  }
  static const std::string kBad = " \"<>\\^`{|}";
  for (std::size_t i = colon + 1; i < s.size(); ++i) {
    unsigned char ch = static_cast<unsigned char>(s[i]);
    if (ch < 0x21 || ch == 0x7F ||
        kBad.find(static_cast<char>(ch)) != std::string::npos) {
      why = "invalid character in the URL";
      return false;
    }
    if (ch == '%' && (i + 2 >= s.size() ||
                      !std::isxdigit(static_cast<unsigned char>(s[i + 1])) ||
                      !std::isxdigit(static_cast<unsigned char>(s[i + 2])))) {
      why = "invalid percent-encoding";
      return false;
    }
  }
  std::string rest = s.substr(colon + 1);
  if (rest.empty()) {
    why = "empty URL after the scheme";
    return false;
  }
  std::string scheme = to_lower(s.substr(0, colon));
  if (scheme == "http" || scheme == "https" || scheme == "ws" ||
      scheme == "wss" || scheme == "ftp") {
    if (rest.rfind("//", 0) != 0) {
      why = "expected // after the scheme";
      return false;
    }
    std::string authority = rest.substr(2, rest.find_first_of("/?#", 2) - 2);
    if (auto a = authority.rfind('@'); a != std::string::npos)
      authority = authority.substr(a + 1);
    if (authority.empty() || authority[0] == ':') {
      why = "empty host";
      return false;
    }
  }
  return true;
}

// Checks the `format` of a string; false + (type, message) on failure.
bool format_ok(const std::string &format, const std::string &v,
               std::string &type, std::string &msg) {
  std::string why;
  if (format == "date-time") {
    if (date_time(v, why)) return true;
    type = "datetime_parsing";
    msg = "Input should be a valid datetime (RFC 3339), " + why;
  } else if (format == "date") {
    if (full_date(v, why)) return true;
    type = "date_parsing";
    msg = "Input should be a valid date in the format YYYY-MM-DD, " + why;
  } else if (format == "time") {
    if (full_time(v, why)) return true;
    type = "time_parsing";
    msg = "Input should be in a valid time format, " + why;
  } else if (format == "email") {
    if (email_text(v, why)) return true;
    type = "value_error";
    msg = "value is not a valid email address: " + why;
  } else if (format == "uri" || format == "url") {
    if (uri_text(v, why)) return true;
    type = "url_parsing";
    msg = "Input should be a valid URL, " + why;
  } else if (format == "uuid") {
    if (uuid_text(v, why)) return true;
    type = "uuid_parsing";
    msg = "Input should be a valid UUID, " + why;
  } else if (format == "cron") {
    cron::Spec spec;
    if (cron::parse(v, spec, why)) return true;
    type = "value_error";
    msg = "Value error, not a 5-field cron expression: " + why;
  } else {
    return true;  // binary, int32, password, ...: nothing to check
  }
  return false;
}

// A compiled `pattern` (ECMAScript). libstdc++'s default (backtracking)
// matcher recurses once per input character and overflows the stack on long
// strings (a 100 kB value crashed the emulator), so patterns are compiled for
// its breadth-first matcher, whose depth does not grow with the input; only a
// pattern with back-references needs the backtracking one, which then checks
// strings of at most kBacktrackLimit bytes.
struct Pattern {
  std::unique_ptr<std::regex> re;
  bool backtracking = false;
};
constexpr std::size_t kBacktrackLimit = 2000;

// Compiled patterns, shared by all threads; a pattern std::regex cannot
// compile has no `re` (then it is not enforced).
const Pattern &compiled(const std::string &pattern) {
  static std::mutex mu;
  static std::map<std::string, Pattern> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache.find(pattern);
  if (it != cache.end()) return it->second;
  Pattern p;
#if defined(__GLIBCXX__)
  try {
    p.re = std::make_unique<std::regex>(
        pattern, std::regex::ECMAScript | std::regex_constants::__polynomial);
  } catch (const std::regex_error &) {
  }
#endif
  if (!p.re) {
    try {
      p.re = std::make_unique<std::regex>(pattern, std::regex::ECMAScript);
      p.backtracking = true;
    } catch (const std::regex_error &) {
    }
  }
  return cache.emplace(pattern, std::move(p)).first->second;
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

// May `s` hold null? As schema_nullable, and (OpenAPI 3.0) a schema made of
// allOf alone allows null when every part does.
bool null_allowed(const json &s) {
  if (schema_nullable(s)) return true;
  auto it = s.find("allOf");
  if (it == s.end() || !it->is_array() || it->empty() || s.contains("type") ||
      s.contains("enum") || s.contains("properties"))
    return false;
  for (const auto &sub : *it)
    if (!null_allowed(sub)) return false;
  return true;
}

std::string enum_text(const json &values) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += i + 1 == values.size() ? " or " : ", ";
    const json &e = values[i];
    out += e.is_string() ? "'" + e.get<std::string>() + "'" : e.dump();
  }
  return out;
}

void validate_string(const json &s, const std::string &str, const json &loc,
                     json &errors) {
  if (s.contains("minLength") || s.contains("maxLength")) {
    std::size_t len = code_points(str);
    if (auto it = s.find("minLength"); it != s.end() &&
                                       it->is_number_unsigned() &&
                                       len < it->get<std::size_t>())
      errors.push_back(field_error(
          loc, "String should have at least " + plural(*it, "character"),
          "string_too_short"));
    if (auto it = s.find("maxLength"); it != s.end() &&
                                       it->is_number_unsigned() &&
                                       len > it->get<std::size_t>())
      errors.push_back(field_error(
          loc, "String should have at most " + plural(*it, "character"),
          "string_too_long"));
  }
  if (auto it = s.find("pattern"); it != s.end() && it->is_string()) {
    const Pattern &p = compiled(it->get<std::string>());
    if (p.re && (!p.backtracking || str.size() <= kBacktrackLimit) &&
        !std::regex_search(str, *p.re))
      errors.push_back(field_error(
          loc, "String should match pattern '" + it->get<std::string>() + "'",
          "string_pattern_mismatch"));
  }
  if (auto it = s.find("format"); it != s.end() && it->is_string()) {
    std::string type, msg;
    if (!format_ok(it->get<std::string>(), str, type, msg))
      errors.push_back(field_error(loc, msg, type));
  }
}

void validate_number(const json &s, const json &v, const json &loc,
                     json &errors) {
  double d = v.get<double>();
  auto bound = [&](const char *key) -> const json * {
    auto it = s.find(key);
    return it != s.end() && it->is_number() ? &*it : nullptr;
  };
  // OpenAPI 3.0 spells exclusive bounds as booleans beside minimum/maximum.
  bool excl_min = s.value("exclusiveMinimum", json(false)) == true;
  bool excl_max = s.value("exclusiveMaximum", json(false)) == true;
  if (const json *b = bound("minimum")) {
    if (excl_min ? d <= b->get<double>() : d < b->get<double>())
      errors.push_back(
          field_error(loc,
                      std::string("Input should be greater than ") +
                          (excl_min ? "" : "or equal to ") + num_text(*b),
                      excl_min ? "greater_than" : "greater_than_equal"));
  }
  if (const json *b = bound("maximum")) {
    if (excl_max ? d >= b->get<double>() : d > b->get<double>())
      errors.push_back(field_error(loc,
                                   std::string("Input should be less than ") +
                                       (excl_max ? "" : "or equal to ") +
                                       b->dump(),
                                   excl_max ? "less_than" : "less_than_equal"));
  }
  if (const json *b = bound("exclusiveMinimum"); b && d <= b->get<double>())
    errors.push_back(field_error(
        loc, "Input should be greater than " + num_text(*b), "greater_than"));
  if (const json *b = bound("exclusiveMaximum"); b && d >= b->get<double>())
    errors.push_back(field_error(
        loc, "Input should be less than " + num_text(*b), "less_than"));
  if (const json *b = bound("multipleOf"); b && b->get<double>() > 0) {
    double q = d / b->get<double>();
    if (std::fabs(q - std::round(q)) > 1e-9)
      errors.push_back(field_error(
          loc, "Input should be a multiple of " + num_text(*b), "multiple_of"));
  }
}

void validate_array(const json &s, const json &v, const json &loc,
                    json &errors) {
  if (auto it = s.find("minItems"); it != s.end() && it->is_number_unsigned() &&
                                    v.size() < it->get<std::size_t>())
    errors.push_back(
        field_error(loc,
                    "List should have at least " + plural(*it, "item") +
                        " after validation, not " + std::to_string(v.size()),
                    "too_short"));
  if (auto it = s.find("maxItems"); it != s.end() && it->is_number_unsigned() &&
                                    v.size() > it->get<std::size_t>())
    errors.push_back(
        field_error(loc,
                    "List should have at most " + plural(*it, "item") +
                        " after validation, not " + std::to_string(v.size()),
                    "too_long"));
  if (s.value("uniqueItems", false)) {
    for (std::size_t i = 1; i < v.size(); ++i)
      for (std::size_t j = 0; j < i; ++j)
        if (v[i] == v[j]) {
          errors.push_back(
              field_error(with(loc, static_cast<int>(i)),
                          "Value error, items should be unique (same as item " +
                              std::to_string(j) + ")",
                          "value_error"));
          i = v.size();
          break;
        }
  }
  if (auto it = s.find("items"); it != s.end() && it->is_object())
    for (std::size_t i = 0; i < v.size(); ++i)
      validate(*it, v[i], with(loc, static_cast<int>(i)), errors);
}

void validate_object(const json &s, const json &v, const json &loc,
                     json &errors) {
  const json &props = field(s, "properties");
  if (auto it = s.find("required"); it != s.end() && it->is_array())
    for (const auto &r : *it)
      if (r.is_string() && !v.contains(r.get<std::string>()))
        errors.push_back(
            field_error(with(loc, r), "Field required", "missing"));
  if (props.is_object())
    for (const auto &[k, sub] : props.items())
      if (auto f = v.find(k); f != v.end())
        validate(sub, *f, with(loc, k), errors);
  if (auto it = s.find("minProperties"); it != s.end() &&
                                         it->is_number_unsigned() &&
                                         v.size() < it->get<std::size_t>())
    errors.push_back(field_error(
        loc, "Dictionary should have at least " + plural(*it, "item"),
        "too_short"));
  if (auto it = s.find("maxProperties"); it != s.end() &&
                                         it->is_number_unsigned() &&
                                         v.size() > it->get<std::size_t>())
    errors.push_back(field_error(
        loc, "Dictionary should have at most " + plural(*it, "item"),
        "too_long"));
  auto ap = s.find("additionalProperties");
  if (ap == s.end()) return;
  for (const auto &[k, val] : v.items()) {
    if (props.is_object() && props.contains(k)) continue;
    if (ap->is_boolean() && !ap->get<bool>())
      errors.push_back(field_error(
          with(loc, k), "Extra inputs are not permitted", "extra_forbidden"));
    else if (ap->is_object())
      validate(*ap, val, with(loc, k), errors);
  }
}

}  // namespace

void validate(const json &s, const json &v, const json &loc, json &errors) {
  if (!s.is_object() || s.empty()) return;
  if (v.is_null()) {
    if (!null_allowed(s)) {
      std::string t = schema_type(s);
      errors.push_back(
          field_error(loc,
                      t == "any" ? std::string("Input should not be null")
                                 : "Input should be a valid " + type_noun(t),
                      type_error(t)));
    }
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
      for (const auto &x : *it)
        ok = ok || (x.is_string() && type_ok(x.get<std::string>(), v));
      if (!ok) {
        errors.push_back(field_error(loc, "Input has the wrong type",
                                     type_error(schema_type(s))));
        return;
      }
      t = schema_type(s);
    }
  }
  if (!t.empty() && !type_ok(t, v)) {
    if (t == "integer" && v.is_number_float())
      errors.push_back(field_error(
          loc,
          "Input should be a valid integer, got a number with a fractional "
          "part",
          "int_from_float"));
    else
      errors.push_back(field_error(
          loc, "Input should be a valid " + type_noun(t), type_error(t)));
    return;
  }
  if (auto it = s.find("const"); it != s.end() && *it != v) {
    errors.push_back(
        field_error(loc, "Input should be " + enum_text(json::array({*it})),
                    "literal_error"));
    return;
  }
  if (auto it = s.find("enum"); it != s.end() && it->is_array()) {
    bool found = false;
    for (const auto &e : *it) found = found || e == v;
    if (!found) {
      errors.push_back(
          field_error(loc, "Input should be " + enum_text(*it), "enum"));
      return;
    }
  }
  if (v.is_string())
    validate_string(s, v.get_ref<const std::string &>(), loc, errors);
  else if (v.is_number())
    validate_number(s, v, loc, errors);
  else if (v.is_array())
    validate_array(s, v, loc, errors);
  else if (v.is_object())
    validate_object(s, v, loc, errors);
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
