// Turning (operation, parameters) into an HTTP request. Purely functional:
// no I/O, so every rule here is unit-tested.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "error.hpp"
#include "json_doc.hpp"
#include "operation.hpp"
#include "result.hpp"

namespace devin::core {

struct Upload {
  std::string path;  // read from this file, or
  std::string data;  // these bytes
  bool from_path = false;
  std::string filename;
  std::string content_type;
};

struct HttpRequest {
  std::string method;
  // Path from the API root, percent-encoded, e.g. /v3/self. When
  // `needs_org` is set it still contains "{org_id}", filled in once the
  // client's organization is known.
  std::string path;
  bool needs_org = false;
  std::string query;  // encoded, without '?'
  std::string body;
  std::string content_type;
  bool multipart = false;
  std::string multipart_field = "file";
  Upload upload;
  std::vector<Header> headers;  // per-call extra headers
  ResponseKind response = ResponseKind::Json;
  PageForm page = PageForm::None;
  std::string items_field;
  std::string operation;  // id, for logs ("" for raw requests)
};

// Extra or replacing parameters: name -> JSON text of the value.
using ParamOverrides = std::vector<std::pair<std::string, std::string>>;

// Builds the request for `op` from a JSON object of flat parameters
// (`params` may be null). Validates what can be known locally: required
// path/query/body parameters, scalar types of path and query values,
// unknown parameters for operations without a body.
Result<HttpRequest> build_operation_request(const OperationSpec &op,
                                            const JsonNode *params,
                                            const ParamOverrides &overrides);

// Builds a raw request (devin_request). `query` is a JSON object or null.
Result<HttpRequest> build_raw_request(std::string_view method,
                                      std::string_view path,
                                      const JsonNode *query,
                                      std::string_view body,
                                      std::string_view content_type);

// Replaces "{org_id}" in an encoded path.
std::string fill_org_id(std::string_view path, std::string_view org_id);

}  // namespace devin::core
