// A parsed JSON document. simdjson parses the bytes once (with a parser
// reused per thread) into its "tape": one 64-bit word per value, the type in
// the top byte, containers storing where they end. The document keeps a
// copy of the used part of the tape and of the unescaped strings, and one
// JsonNode per tape word, so a JsonNode pointer (what devin.h calls
// devin_value) identifies both the document and the position: values are
// read in place, with no tree built and no string copied per value.
#pragma once

#include <simdjson.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "buffer_pool.hpp"
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

// A view of one value. Lives in its document; never copied around.
struct JsonNode {
  const JsonDoc *doc = nullptr;

  JsonType type() const;
  std::string_view str() const;  // "" unless a string
  // Elements of an array or members of an object; 0 otherwise.
  std::size_t size() const;
  // Array element (sequential access is O(1) per step, random O(i)).
  const JsonNode *at(std::size_t i) const;
  // Object member by key, or nullptr.
  const JsonNode *get(std::string_view key) const;
  // Object member by index (document order), with its key.
  const JsonNode *member_at(std::size_t i, std::string_view *key) const;
  bool is_null() const { return type() == JsonType::Null; }
  std::int64_t as_int() const;
  double as_double() const;
  bool as_bool() const;
  // Minified JSON text of this value; cached in the document.
  std::string_view raw() const;

 private:
  std::uint32_t index() const;
  std::uint64_t word() const;
};

// Recycled node arrays of documents (see buffer_pool.hpp).
BufferPool<std::vector<JsonNode>> &node_pool();

class JsonDoc {
 public:
  // Parses `bytes`. On failure returns nullptr and sets `*error`.
  static std::unique_ptr<JsonDoc> parse(std::string bytes, std::string *error);

  const JsonNode *root() const { return &nodes_[1]; }
  const std::string &bytes() const { return bytes_; }

  JsonDoc(const JsonDoc &) = delete;
  JsonDoc &operator=(const JsonDoc &) = delete;
  ~JsonDoc();  // gives its buffers back to the pools

 private:
  JsonDoc() = default;
  friend struct JsonNode;
  // Index of the word just past the value at `p`.
  std::size_t skip(std::size_t p) const;
  // Position of child `i` of the container at `p` (the key word for
  // objects), using a per-thread cursor so that loops are O(1) per step.
  std::size_t child(std::size_t p, std::size_t i) const;
  std::string_view string_at(std::size_t p) const;
  std::string_view raw_of(const JsonNode *n) const;

  std::string bytes_;  // the body as received
  std::vector<std::uint64_t> tape_;
  std::string strings_;  // simdjson's string buffer (length-prefixed)
  std::vector<JsonNode> nodes_;
  std::uint64_t serial_ = 0;  // unique per document, for cursor caches
  mutable std::mutex raw_mu_;
  mutable std::unordered_map<const JsonNode *, std::string> raw_cache_;
};

// Appends the minified JSON of `n` to `out`.
void write_json(const JsonNode *n, std::string &out);

// Validates `body` as JSON with simdjson without building a document and,
// for list pages, fills `info` (items count, has_next_page, end_cursor,
// total). False with `*error` when the body is not JSON. `body` gains the
// parser's padding as spare capacity.
bool read_page_info(std::string &body, PageForm form,
                    std::string_view items_field, std::optional<PageInfo> &info,
                    std::string *error);

}  // namespace devin::core
