#include "json_doc.hpp"

#include <cmath>
#include <limits>

#include "json_writer.hpp"

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
  doc->nodes_.reserve(doc->bytes_.size() / 16 + 4);
  doc->nodes_.resize(1);
  doc->build(result.value_unsafe(), 0);
  return doc;
}

std::string_view JsonDoc::keep(std::string_view s) {
  std::size_t at = strings_.size();
  strings_.append(s);
  return std::string_view(strings_.data() + at, s.size());
}

void JsonDoc::build(dom::element el, std::uint32_t slot) {
  JsonNode &n = nodes_[slot];
  n.doc = this;
  switch (el.type()) {
    case dom::element_type::ARRAY: {
      dom::array arr = el.get_array().value_unsafe();
      auto first = static_cast<std::uint32_t>(nodes_.size());
      auto count = static_cast<std::uint32_t>(arr.size());
      nodes_[slot].type = JsonType::Array;
      nodes_[slot].u.c.first = first;
      nodes_[slot].u.c.count = count;
      nodes_.resize(nodes_.size() + count);
      std::uint32_t i = 0;
      for (auto child : arr) build(child, first + i++);
      break;
    }
    case dom::element_type::OBJECT: {
      dom::object obj = el.get_object().value_unsafe();
      auto first = static_cast<std::uint32_t>(nodes_.size());
      auto count = static_cast<std::uint32_t>(obj.size());
      nodes_[slot].type = JsonType::Object;
      nodes_[slot].u.c.first = first;
      nodes_[slot].u.c.count = count;
      nodes_.resize(nodes_.size() + count);
      std::uint32_t i = 0;
      for (auto field : obj) {
        std::uint32_t child = first + i++;
        std::string_view key = keep(field.key);
        nodes_[child].key = key.data();
        nodes_[child].key_len = static_cast<std::uint32_t>(key.size());
        build(field.value, child);
      }
      break;
    }
    case dom::element_type::STRING: {
      std::string_view s = keep(el.get_string().value_unsafe());
      n.type = JsonType::String;
      n.u.s.ptr = s.data();
      n.u.s.len = s.size();
      break;
    }
    case dom::element_type::INT64:
      n.type = JsonType::Int;
      n.u.i = el.get_int64().value_unsafe();
      break;
    case dom::element_type::UINT64:
      n.type = JsonType::Double;
      n.u.d = static_cast<double>(el.get_uint64().value_unsafe());
      break;
    case dom::element_type::DOUBLE:
      n.type = JsonType::Double;
      n.u.d = el.get_double().value_unsafe();
      break;
    case dom::element_type::BOOL:
      n.type = JsonType::Bool;
      n.u.b = el.get_bool().value_unsafe();
      break;
    case dom::element_type::NULL_VALUE:
      n.type = JsonType::Null;
      break;
  }
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
