// Writing JSON for request bodies: correct escaping and UTF-8 validation.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace devin::core {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, <=
// U+10FFFF).
bool is_valid_utf8(std::string_view s);

// Appends `s` as a JSON string literal. `s` must be valid UTF-8 (check with
// is_valid_utf8 first where the input is untrusted). Control characters,
// quotes and backslashes are escaped; U+2028/U+2029 too, so the output is
// also safe to embed in JavaScript.
void append_json_string(std::string &out, std::string_view s);

// Appends a number: shortest round-trip form; NaN and infinities as null.
void append_json_number(std::string &out, double d);

// A minimal streaming writer that places commas itself.
class JsonWriter {
 public:
  JsonWriter &begin_object();
  JsonWriter &end_object();
  JsonWriter &begin_array();
  JsonWriter &end_array();
  JsonWriter &key(std::string_view k);
  JsonWriter &string(std::string_view v);
  JsonWriter &number(double v);
  JsonWriter &integer(std::int64_t v);
  JsonWriter &boolean(bool v);
  JsonWriter &null();
  JsonWriter &raw(std::string_view json);  // an already-encoded value
  const std::string &str() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void comma();
  std::string out_;
  bool need_comma_ = false;
};

}  // namespace devin::core
