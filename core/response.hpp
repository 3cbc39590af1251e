// A successful response with its metadata.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "error.hpp"
#include "json_doc.hpp"
#include "operation.hpp"

namespace devin::core {

// What a pager needs from a page, when no JsonDoc was built.
struct PageInfo {
  bool is_array = false;
  bool has_more_known = false, has_more = false;
  std::optional<std::string> end_cursor;
  std::optional<std::int64_t> total;
  std::size_t items = 0;
};

struct Response {
  Response() = default;
  Response(const Response &) = delete;
  Response &operator=(const Response &) = delete;
  ~Response() { body_pool().give(std::move(body)); }

  int status = 0;
  std::vector<Header> headers;  // lowercase names, in arrival order
  std::string request_id;
  double elapsed = 0;  // seconds, backoff included
  int retries = 0;
  std::unique_ptr<JsonDoc> json;  // when the body is JSON
  std::string body;               // when it is not (downloads)
  PageForm page = PageForm::None;
  std::string items_field;
  std::optional<PageInfo> page_info;  // set for list pages with skip_json

  std::string_view body_view() const {
    return json ? std::string_view(json->bytes()) : std::string_view(body);
  }
  const std::string *header(std::string_view lower_name) const {
    for (const auto &h : headers)
      if (h.first == lower_name) return &h.second;
    return nullptr;
  }
  // The items array of a list page, whatever the pagination form.
  const JsonNode *items() const {
    const JsonNode *root = json ? json->root() : nullptr;
    if (!root) return nullptr;
    if (root->type() == JsonType::Array) return root;
    if (root->type() != JsonType::Object) return nullptr;
    if (!items_field.empty()) return root->get(items_field);
    if (const JsonNode *v = root->get("items")) return v;
    return root->get("data");
  }
};

}  // namespace devin::core
