#include "json_doc.hpp"

#include <cmath>
#include <cstring>

#include "json_writer.hpp"
#include "response.hpp"

namespace devin::core {

namespace dom = simdjson::dom;

namespace {

constexpr std::uint64_t kValueMask = 0x00FFFFFFFFFFFFFFull;
constexpr std::uint32_t kCountMask = 0xFFFFFFu;

char tag(std::uint64_t word) { return static_cast<char>(word >> 56); }

std::atomic<std::uint64_t> g_serial{1};

// The last child position looked up, per thread: makes loops over an
// array or object O(1) per step without locks.
struct ChildCursor {
  std::uint64_t serial = 0;
  std::size_t container = 0, i = 0, pos = 0;
};
thread_local ChildCursor t_cursor;

// Position of the last string word of tape[b, e) (one container's
// contents, or the root's), or 0. Follows the rightmost path: at each level
// it steps over containers (their word holds where they end) and only looks
// inside the containers that come after the level's last string, last one
// first, so a page of objects costs its top level plus one item, not a walk
// over every word. Stepping value by value also keeps the payload words of
// numbers from being read as tags.
std::size_t last_string(const std::uint64_t *tape, std::size_t b,
                        std::size_t e) {
  std::size_t last = 0;
  std::size_t tail[64];  // containers after `last`, in order
  std::size_t ntail = 0;
  bool overflow = false;
  for (std::size_t q = b; q < e;) {
    char t = tag(tape[q]);
    if (t == '"') {
      last = q;
      ntail = 0;
      overflow = false;
      ++q;
    } else if (t == '[' || t == '{') {
      if (ntail < 64)
        tail[ntail++] = q;
      else
        overflow = true;
      q = static_cast<std::uint32_t>(tape[q]);  // just past its closing word
    } else {
      q += (t == 'l' || t == 'u' || t == 'd') ? 2 : 1;
    }
  }
  if (overflow) {
    // More than 64 string-free-so-far containers after the last string:
    // rare (arrays of number arrays); scan this level's tail word by word.
    std::size_t from = last ? last + 1 : b;
    for (std::size_t q = from; q < e;) {
      char t = tag(tape[q]);
      if (t == '"') last = q;
      q += (t == 'l' || t == 'u' || t == 'd') ? 2 : 1;
    }
    return last;
  }
  while (ntail > 0) {
    std::size_t c = tail[--ntail];
    std::size_t close = static_cast<std::uint32_t>(tape[c]) - 1;
    std::size_t inner = last_string(tape, c + 1, close);
    if (inner) return inner;
  }
  return last;
}

}  // namespace

// ---- JsonNode ----

std::uint32_t JsonNode::index() const {
  return static_cast<std::uint32_t>(this - doc->nodes_.data());
}

std::uint64_t JsonNode::word() const { return doc->tape_[index()]; }

JsonType JsonNode::type() const {
  switch (tag(word())) {
    case '"':
      return JsonType::String;
    case 'l':
      return JsonType::Int;
    case 'u':
    case 'd':
      return JsonType::Double;
    case 't':
    case 'f':
      return JsonType::Bool;
    case '[':
      return JsonType::Array;
    case '{':
      return JsonType::Object;
    default:
      return JsonType::Null;
  }
}

std::string_view JsonNode::str() const {
  std::uint32_t i = index();
  if (tag(doc->tape_[i]) != '"') return {};
  return doc->string_at(i);
}

std::size_t JsonNode::size() const {
  std::uint32_t p = index();
  std::uint64_t w = doc->tape_[p];
  char t = tag(w);
  if (t != '[' && t != '{') return 0;
  auto count = static_cast<std::uint32_t>((w >> 32) & kCountMask);
  if (count < kCountMask) return count;
  std::size_t n = 0, end = static_cast<std::uint32_t>(w) - 1;
  for (std::size_t q = p + 1; q < end; ++n)
    q = t == '[' ? doc->skip(q) : doc->skip(q + 1);
  return n;
}

const JsonNode *JsonNode::at(std::size_t i) const {
  std::uint32_t p = index();
  if (tag(doc->tape_[p]) != '[' || i >= size()) return nullptr;
  return &doc->nodes_[doc->child(p, i)];
}

const JsonNode *JsonNode::get(std::string_view key) const {
  std::uint32_t p = index();
  std::uint64_t w = doc->tape_[p];
  if (tag(w) != '{') return nullptr;
  std::size_t end = static_cast<std::uint32_t>(w) - 1;  // the '}'
  for (std::size_t q = p + 1; q < end; q = doc->skip(q + 1))
    if (doc->string_at(q) == key) return &doc->nodes_[q + 1];
  return nullptr;
}

const JsonNode *JsonNode::member_at(std::size_t i,
                                    std::string_view *key) const {
  std::uint32_t p = index();
  if (tag(doc->tape_[p]) != '{' || i >= size()) return nullptr;
  std::size_t q = doc->child(p, i);
  if (key) *key = doc->string_at(q);
  return &doc->nodes_[q + 1];
}

std::int64_t JsonNode::as_int() const {
  std::uint32_t p = index();
  switch (tag(doc->tape_[p])) {
    case 'l':
      return static_cast<std::int64_t>(doc->tape_[p + 1]);
    case 'u':
    case 'd': {
      double d = as_double();
      if (std::isfinite(d) && d >= -9.2e18 && d <= 9.2e18)
        return static_cast<std::int64_t>(d);
      return 0;
    }
    default:
      return 0;
  }
}

double JsonNode::as_double() const {
  std::uint32_t p = index();
  switch (tag(doc->tape_[p])) {
    case 'l':
      return static_cast<double>(static_cast<std::int64_t>(doc->tape_[p + 1]));
    case 'u':
      return static_cast<double>(doc->tape_[p + 1]);
    case 'd': {
      double d;
      std::memcpy(&d, &doc->tape_[p + 1], sizeof d);
      return d;
    }
    default:
      return 0.0;
  }
}

bool JsonNode::as_bool() const { return tag(word()) == 't'; }

std::string_view JsonNode::raw() const { return doc->raw_of(this); }

// ---- JsonDoc ----

std::unique_ptr<JsonDoc> JsonDoc::parse(std::string bytes, std::string *error) {
  // One parser per thread: its buffers are reused across documents; the
  // document copies only the used part of the tape and of the strings.
  thread_local dom::parser parser;
  std::unique_ptr<JsonDoc> doc(new JsonDoc());
  doc->bytes_ = std::move(bytes);
  doc->tape_ = word_pool().take();
  doc->strings_ = string_pool().take();
  doc->nodes_ = node_pool().take();
  doc->bytes_.reserve(doc->bytes_.size() + simdjson::SIMDJSON_PADDING);
  auto result = parser.parse(doc->bytes_.data(), doc->bytes_.size(), false);
  if (result.error()) {
    if (error) *error = simdjson::error_message(result.error());
    return nullptr;
  }
  const std::uint64_t *tape = parser.doc.tape.get();
  const std::uint8_t *sbuf = parser.doc.string_buf.get();
  // tape[0] is the root word; its payload is the index just past the
  // closing root word, i.e. the number of words in use.
  std::size_t words = static_cast<std::size_t>(tape[0] & kValueMask);
  doc->tape_.assign(tape, tape + words);
  // Strings are written in tape order: the last string word tells how much
  // of the buffer is used.
  std::size_t used = 0, last = last_string(tape, 1, words - 1);
  if (last) {
    std::size_t off = static_cast<std::size_t>(tape[last] & kValueMask);
    std::uint32_t len;
    std::memcpy(&len, sbuf + off, sizeof len);
    used = off + sizeof len + len + 1;
  }
  doc->strings_.assign(reinterpret_cast<const char *>(sbuf), used);
  doc->nodes_.assign(words, JsonNode{doc.get()});
  doc->serial_ = g_serial.fetch_add(1, std::memory_order_relaxed);
  return doc;
}

JsonDoc::~JsonDoc() {
  body_pool().give(std::move(bytes_));
  string_pool().give(std::move(strings_));
  word_pool().give(std::move(tape_));
  node_pool().give(std::move(nodes_));
}

std::size_t JsonDoc::skip(std::size_t p) const {
  std::uint64_t w = tape_[p];
  switch (tag(w)) {
    case '[':
    case '{':
      return static_cast<std::uint32_t>(w);
    case 'l':
    case 'u':
    case 'd':
      return p + 2;
    default:
      return p + 1;
  }
}

std::size_t JsonDoc::child(std::size_t p, std::size_t i) const {
  bool object = tag(tape_[p]) == '{';
  std::size_t pos = p + 1, from = 0;
  ChildCursor &c = t_cursor;
  if (c.serial == serial_ && c.container == p && c.i <= i) {
    pos = c.pos;
    from = c.i;
  }
  for (std::size_t k = from; k < i; ++k)
    pos = object ? skip(pos + 1) : skip(pos);
  c.serial = serial_;
  c.container = p;
  c.i = i;
  c.pos = pos;
  return pos;
}

std::string_view JsonDoc::string_at(std::size_t p) const {
  std::size_t off = static_cast<std::size_t>(tape_[p] & kValueMask);
  std::uint32_t len;
  std::memcpy(&len, strings_.data() + off, sizeof len);
  return std::string_view(strings_.data() + off + sizeof len, len);
}

std::string_view JsonDoc::raw_of(const JsonNode *n) const {
  std::lock_guard<std::mutex> lock(raw_mu_);
  auto it = raw_cache_.find(n);
  if (it != raw_cache_.end()) return it->second;
  std::string s;
  write_json(n, s);
  return raw_cache_.emplace(n, std::move(s)).first->second;
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
  switch (n->type()) {
    case JsonType::Null:
      out += "null";
      break;
    case JsonType::Bool:
      out += n->as_bool() ? "true" : "false";
      break;
    case JsonType::Int:
      out += std::to_string(n->as_int());
      break;
    case JsonType::Double:
      append_json_number(out, n->as_double());
      break;
    case JsonType::String:
      append_json_string(out, n->str());
      break;
    case JsonType::Array: {
      out += '[';
      for (std::size_t i = 0, len = n->size(); i < len; ++i) {
        if (i) out += ',';
        write_json(n->at(i), out);
      }
      out += ']';
      break;
    }
    case JsonType::Object: {
      out += '{';
      for (std::size_t i = 0, len = n->size(); i < len; ++i) {
        std::string_view key;
        const JsonNode *m = n->member_at(i, &key);
        if (i) out += ',';
        append_json_string(out, key);
        out += ':';
        write_json(m, out);
      }
      out += '}';
      break;
    }
  }
}

}  // namespace devin::core
