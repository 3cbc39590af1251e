// A parsed JSON document: simdjson parses the bytes once (with a parser
// reused per thread), then one pass lays the values out as a flat tree of
// JsonNode, with the unescaped strings copied into one buffer, so that
// bindings get O(1) array indexing and stable pointers (a JsonNode is what
// devin.h calls devin_value). The document costs memory in proportion to
// the body, not to simdjson's working buffers.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <simdjson.h>

#include "operation.hpp"

namespace devin::core {

enum class JsonType : std::uint8_t {
  Null = 0,
  Bool = 1,
  Int = 2,
  Double = 3,
  String = 4,
  Array = 5,
  Object = 6
};

class JsonDoc;
struct PageInfo;

struct JsonNode {
  JsonType type = JsonType::Null;
  std::uint32_t key_len = 0;  // member key (objects' children only)
  const char *key = nullptr;
  union {
    bool b;
    std::int64_t i;
    double d;
    struct {
      const char *ptr;
      std::size_t len;
    } s;
    struct {
      std::uint32_t first;  // index of the first child in the doc's nodes
      std::uint32_t count;
    } c;
  } u{};
  const JsonDoc *doc = nullptr;

  std::string_view key_view() const { return {key, key_len}; }
  std::string_view str() const {
    return type == JsonType::String ? std::string_view(u.s.ptr, u.s.len)
                                    : std::string_view();
  }
  std::size_t size() const {
    return (type == JsonType::Array || type == JsonType::Object) ? u.c.count
                                                                 : 0;
  }
  const JsonNode *at(std::size_t i) const;
  const JsonNode *get(std::string_view key) const;
  // Object member by index (document order), with its key; nullptr when
  // out of range or not an object.
  const JsonNode *member_at(std::size_t i, std::string_view *key) const;
  bool is_null() const { return type == JsonType::Null; }
  std::int64_t as_int() const;
  double as_double() const;
  bool as_bool() const { return type == JsonType::Bool && u.b; }
  // Minified JSON text of this value; cached in the document.
  std::string_view raw() const;
};

class JsonDoc {
 public:
  // Parses `bytes`. On failure returns nullptr and sets `*error`.
  static std::unique_ptr<JsonDoc> parse(std::string bytes, std::string *error);

  const JsonNode *root() const { return nodes_.empty() ? nullptr : &nodes_[0]; }
  const std::string &bytes() const { return bytes_; }
  const JsonNode *node(std::uint32_t i) const { return &nodes_[i]; }

  JsonDoc(const JsonDoc &) = delete;
  JsonDoc &operator=(const JsonDoc &) = delete;

 private:
  JsonDoc() = default;
  friend struct JsonNode;
  std::size_t build(const std::uint64_t *tape, const std::uint8_t *sbuf,
                    std::size_t p, std::uint32_t slot);
  static std::size_t skip(const std::uint64_t *tape, std::size_t p);
  std::string_view string_at(const std::uint8_t *sbuf, std::uint64_t offset);
  std::string_view keep(std::string_view s);
  std::string_view raw_of(const JsonNode *n) const;

  std::string bytes_;    // the body as received
  std::string strings_;  // unescaped strings and keys (never reallocated)
  std::vector<JsonNode> nodes_;
  mutable std::mutex raw_mu_;
  mutable std::unordered_map<const JsonNode *, std::string> raw_cache_;
};

// Validates `body` as JSON with simdjson without building a document and,
// for list pages, fills `info` (items count, has_next_page, end_cursor,
// total). False with `*error` when the body is not JSON. `body` gains the
// parser's padding as spare capacity.
bool read_page_info(std::string &body, PageForm form,
                    std::string_view items_field, std::optional<PageInfo> &info,
                    std::string *error);

// Appends the minified JSON of `n` to `out`.
void write_json(const JsonNode *n, std::string &out);

}  // namespace devin::core
