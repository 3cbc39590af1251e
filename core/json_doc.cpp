#include "json_doc.hpp"

#include <cmath>
#include <cstring>
#include <limits>

#include "json_writer.hpp"
#include "response.hpp"

namespace devin::core {

namespace dom = simdjson::dom;

const JsonNode *JsonNode::at(std::size_t i) const {
  if (type != JsonType::Array || i >= u.c.count) return nullptr;
  return doc->node(u.c.first + static_cast<std::uint32_t>(i));
}

const JsonNode *JsonNode::get(std::string_view k) const {
  if (type != JsonType::Object) return nullptr;
  for (std::uint32_t i = 0; i < u.c.count; ++i) {
    const JsonNode *m = doc->node(u.c.first + i);
    if (m->key_view() == k) return m;
  }
  return nullptr;
}

const JsonNode *JsonNode::member_at(std::size_t i, std::string_view *k) const {
  if (type != JsonType::Object || i >= u.c.count) return nullptr;
  const JsonNode *m = doc->node(u.c.first + static_cast<std::uint32_t>(i));
  if (k) *k = m->key_view();
  return m;
}

std::int64_t JsonNode::as_int() const {
  if (type == JsonType::Int) return u.i;
  if (type == JsonType::Double && std::isfinite(u.d) && u.d >= -9.2e18 &&
      u.d <= 9.2e18)
    return static_cast<std::int64_t>(u.d);
  return 0;
}

double JsonNode::as_double() const {
  if (type == JsonType::Double) return u.d;
  if (type == JsonType::Int) return static_cast<double>(u.i);
  return 0.0;
}

std::string_view JsonNode::raw() const { return doc->raw_of(this); }

std::unique_ptr<JsonDoc> JsonDoc::parse(std::string bytes, std::string *error) {
  // One parser per thread: its buffers are reused across documents, while
  // each document keeps its own tape and strings.
  thread_local dom::parser parser;
  std::unique_ptr<JsonDoc> doc(new JsonDoc());
  doc->bytes_ = std::move(bytes);
  doc->bytes_.reserve(doc->bytes_.size() + simdjson::SIMDJSON_PADDING);
  auto result = parser.parse(doc->bytes_.data(), doc->bytes_.size(), false);
  if (result.error()) {
    if (error) *error = simdjson::error_message(result.error());
    return nullptr;
  }
  // Unescaped text is never longer than its JSON form: one reservation
  // keeps every string pointer stable.
  doc->strings_.reserve(doc->bytes_.size() + 1);
  // The tape has at least one word per value: an upper bound on nodes.
  doc->nodes_.reserve(
      static_cast<std::size_t>(parser.doc.tape[0] & 0xFFFFFFFFu) + 1);
  doc->nodes_.resize(1);
  (void)result;
  doc->build(parser.doc.tape.get(), parser.doc.string_buf.get(), 1, 0);
  return doc;
}

std::string_view JsonDoc::keep(std::string_view s) {
  std::size_t at = strings_.size();
  strings_.append(s);
  return std::string_view(strings_.data() + at, s.size());
}

// One recursive walk over simdjson's tape (see simdjson's tape format:
// a 64-bit word per value, the type in the top byte; containers store the
// index just past their end and their element count).
std::size_t JsonDoc::build(const std::uint64_t *tape, const std::uint8_t *sbuf,
                           std::size_t p, std::uint32_t slot) {
  constexpr std::uint64_t kValueMask = 0x00FFFFFFFFFFFFFFull;
  constexpr std::uint32_t kCountMask = 0xFFFFFFu;
  const std::uint64_t word = tape[p];
  const auto type = static_cast<char>(word >> 56);
  const std::uint64_t payload = word & kValueMask;
  nodes_[slot].doc = this;
  switch (type) {
    case '[':
    case '{': {
      const bool is_array = type == '[';
      const auto after =
          static_cast<std::size_t>(static_cast<std::uint32_t>(payload));
      auto count = static_cast<std::uint32_t>((payload >> 32) & kCountMask);
      if (count == kCountMask) {  // saturated: count by walking
        count = 0;
        for (std::size_t q = p + 1; q + 1 < after; ++count)
          q = is_array ? skip(tape, q) : skip(tape, q + 1);
      }
      const auto first = static_cast<std::uint32_t>(nodes_.size());
      nodes_[slot].type = is_array ? JsonType::Array : JsonType::Object;
      nodes_[slot].u.c.first = first;
      nodes_[slot].u.c.count = count;
      nodes_.resize(nodes_.size() + count);
      std::size_t q = p + 1;
      for (std::uint32_t i = 0; i < count; ++i) {
        if (!is_array) {
          std::string_view key = string_at(sbuf, tape[q] & kValueMask);
          nodes_[first + i].key = key.data();
          nodes_[first + i].key_len = static_cast<std::uint32_t>(key.size());
          ++q;
        }
        q = build(tape, sbuf, q, first + i);
      }
      return after;
    }
    case '"': {
      std::string_view s = string_at(sbuf, payload);
      nodes_[slot].type = JsonType::String;
      nodes_[slot].u.s.ptr = s.data();
      nodes_[slot].u.s.len = s.size();
      return p + 1;
    }
    case 'l':
      nodes_[slot].type = JsonType::Int;
      nodes_[slot].u.i = static_cast<std::int64_t>(tape[p + 1]);
      return p + 2;
    case 'u':
      nodes_[slot].type = JsonType::Double;
      nodes_[slot].u.d = static_cast<double>(tape[p + 1]);
      return p + 2;
    case 'd': {
      double d;
      std::memcpy(&d, &tape[p + 1], sizeof d);
      nodes_[slot].type = JsonType::Double;
      nodes_[slot].u.d = d;
      return p + 2;
    }
    case 't':
    case 'f':
      nodes_[slot].type = JsonType::Bool;
      nodes_[slot].u.b = type == 't';
      return p + 1;
    default:
      nodes_[slot].type = JsonType::Null;
      return p + 1;
  }
}

std::size_t JsonDoc::skip(const std::uint64_t *tape, std::size_t p) {
  const auto type = static_cast<char>(tape[p] >> 56);
  if (type == '[' || type == '{') return static_cast<std::uint32_t>(tape[p]);
  if (type == 'l' || type == 'u' || type == 'd') return p + 2;
  return p + 1;
}

// Copies a tape string (4-byte length, then the bytes) into strings_.
std::string_view JsonDoc::string_at(const std::uint8_t *sbuf,
                                    std::uint64_t offset) {
  std::uint32_t len;
  std::memcpy(&len, sbuf + offset, sizeof len);
  return keep(std::string_view(
      reinterpret_cast<const char *>(sbuf + offset + sizeof len), len));
}

bool read_page_info(std::string &body, PageForm form,
                    std::string_view items_field, std::optional<PageInfo> &info,
                    std::string *error) {
  thread_local dom::parser parser;
  body.reserve(body.size() + simdjson::SIMDJSON_PADDING);
  dom::element root;
  auto rc = parser.parse(body.data(), body.size(), false).get(root);
  if (rc) {
    if (error) *error = simdjson::error_message(rc);
    return false;
  }
  if (form == PageForm::None) return true;
  PageInfo p;
  dom::array items;
  bool have_items = false;
  if (root.is_array()) {
    p.is_array = true;
    items = root.get_array().value_unsafe();
    have_items = true;
  } else if (root.is_object()) {
    dom::object obj = root.get_object().value_unsafe();
    std::string_view field = items_field.empty() ? "items" : items_field;
    have_items = !obj[field].get(items);
    bool more;
    if (!obj["has_next_page"].get(more)) {
      p.has_more_known = true;
      p.has_more = more;
    }
    std::string_view cursor;
    if (!obj["end_cursor"].get(cursor)) p.end_cursor = std::string(cursor);
    std::int64_t total;
    if (!obj["total"].get(total)) p.total = total;
  }
  p.items = have_items ? items.size() : 0;
  info = std::move(p);
  return true;
}

void write_json(const JsonNode *n, std::string &out) {
  if (!n) {
    out += "null";
    return;
  }
  switch (n->type) {
    case JsonType::Null:
      out += "null";
      break;
    case JsonType::Bool:
      out += n->u.b ? "true" : "false";
      break;
    case JsonType::Int:
      out += std::to_string(n->u.i);
      break;
    case JsonType::Double:
      append_json_number(out, n->u.d);
      break;
    case JsonType::String:
      append_json_string(out, n->str());
      break;
    case JsonType::Array: {
      out += '[';
      for (std::size_t i = 0; i < n->size(); ++i) {
        if (i) out += ',';
        write_json(n->at(i), out);
      }
      out += ']';
      break;
    }
    case JsonType::Object: {
      out += '{';
      for (std::uint32_t i = 0; i < n->u.c.count; ++i) {
        const JsonNode *m = n->doc->node(n->u.c.first + i);
        if (i) out += ',';
        append_json_string(out, m->key_view());
        out += ':';
        write_json(m, out);
      }
      out += '}';
      break;
    }
  }
}

std::string_view JsonDoc::raw_of(const JsonNode *n) const {
  std::lock_guard<std::mutex> lock(raw_mu_);
  auto it = raw_cache_.find(n);
  if (it != raw_cache_.end()) return it->second;
  std::string s;
  write_json(n, s);
  return raw_cache_.emplace(n, std::move(s)).first->second;
}

}  // namespace devin::core
