// The shape of one API operation, as data. The table itself
// (core/generated/operations.gen.cpp) is generated from api/openapi.json by
// tools/codegen; nothing per-endpoint is written by hand in the core.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace devin::core {

enum class ParamIn : std::uint8_t { Path, Query, Body };

enum class ParamType : std::uint8_t {
  String,
  Integer,
  Number,
  Boolean,
  Array,
  Object,
  Any
};

// How a list operation pages (x-devin-pagination in the description).
enum class PageForm : std::uint8_t {
  None,    // not a list
  Cursor,  // first/after -> {items, end_cursor, has_next_page, total}
  Offset,  // limit/offset -> {items, ..., total}
  Array,   // a bare JSON array, one page
  Data     // {data: [...]}, one page
};

enum class BodyKind : std::uint8_t { None, Json, Multipart };

enum class ResponseKind : std::uint8_t {
  Json,     // a JSON document
  Empty,    // 204 or an empty body
  Redirect  // 307 to a download (bytes, Authorization not forwarded)
};

enum class Scope : std::uint8_t { Organization, Enterprise, Self };

struct ParamSpec {
  std::string_view name;
  ParamIn in;
  ParamType type;
  bool required;
};

struct OperationSpec {
  std::string_view id;      // "<scope>.<resource>.<method>", e.g. sessions.get
  std::string_view method;  // GET, POST, ...
  std::string_view path;    // template, e.g. /v3/organizations/{org_id}/...
  Scope scope;
  const ParamSpec *params;  // path, query and top-level body parameters
  std::uint16_t param_count;
  BodyKind body;
  bool body_required;
  ResponseKind response;
  PageForm page;
  std::string_view items_field;  // "items", "data" or "" (bare array)
  std::string_view main_id;      // positional id parameter, or ""

  std::span<const ParamSpec> parameters() const {
    return {params, param_count};
  }
  // org_id in this path is filled in from the client (organization scope).
  bool fills_org_id() const { return scope == Scope::Organization; }
};

// All operations, sorted by id.
std::span<const OperationSpec> all_operations();
// Binary search by id; nullptr when unknown.
const OperationSpec *find_operation(std::string_view id);

}  // namespace devin::core
