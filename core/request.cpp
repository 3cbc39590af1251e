#include "request.hpp"

#include <cctype>

#include "json_writer.hpp"
#include "url.hpp"

namespace devin::core {

namespace {

std::unique_ptr<Error> invalid(std::string msg) {
  return make_error(ErrorKind::InvalidArgument, std::move(msg));
}

// Text of a scalar for a path or query position; false if not a scalar.
bool scalar_text(const JsonNode *v, std::string &out) {
  switch (v->type()) {
    case JsonType::String:
      out.assign(v->str());
      return true;
    case JsonType::Int:
      out = std::to_string(v->as_int());
      return true;
    case JsonType::Double:
      out.clear();
      append_json_number(out, v->as_double());
      return true;
    case JsonType::Bool:
      out = v->as_bool() ? "true" : "false";
      return true;
    default:
      return false;
  }
}

const char *type_name(JsonType t) {
  switch (t) {
    case JsonType::Null:
      return "null";
    case JsonType::Bool:
      return "boolean";
    case JsonType::Int:
      return "integer";
    case JsonType::Double:
      return "number";
    case JsonType::String:
      return "string";
    case JsonType::Array:
      return "array";
    case JsonType::Object:
      return "object";
  }
  return "value";
}

// Whether a JSON value can stand for a parameter of the declared type.
bool type_fits(ParamType want, const JsonNode *v) {
  switch (want) {
    case ParamType::String:
      return v->type() == JsonType::String;
    case ParamType::Integer:
      return v->type() == JsonType::Int;
    case ParamType::Number:
      return v->type() == JsonType::Int || v->type() == JsonType::Double;
    case ParamType::Boolean:
      return v->type() == JsonType::Bool;
    case ParamType::Array:
      return v->type() == JsonType::Array;
    case ParamType::Object:
      return v->type() == JsonType::Object;
    case ParamType::Any:
      return true;
  }
  return true;
}

const char *param_type_name(ParamType t) {
  switch (t) {
    case ParamType::String:
      return "string";
    case ParamType::Integer:
      return "integer";
    case ParamType::Number:
      return "number";
    case ParamType::Boolean:
      return "boolean";
    case ParamType::Array:
      return "array";
    case ParamType::Object:
      return "object";
    case ParamType::Any:
      return "value";
  }
  return "value";
}

bool add_query_value(std::string &query, std::string_view name,
                     const JsonNode *v) {
  if (v->is_null()) return true;  // omitted
  std::string text;
  if (v->type() == JsonType::Array) {
    for (std::size_t i = 0; i < v->size(); ++i) {
      if (!scalar_text(v->at(i), text)) return false;
      append_query(query, name, text);
    }
    return true;
  }
  if (!scalar_text(v, text)) return false;
  append_query(query, name, text);
  return true;
}

}  // namespace

std::string fill_org_id(std::string_view path, std::string_view org_id) {
  std::string out(path);
  auto pos = out.find("{org_id}");
  if (pos != std::string::npos) out.replace(pos, 8, percent_encode(org_id));
  return out;
}

Result<HttpRequest> build_operation_request(const OperationSpec &op,
                                            const JsonNode *params,
                                            const ParamOverrides &overrides) {
  if (params && params->type() != JsonType::Object)
    return invalid(std::string(op.id) + ": parameters must be a JSON object");

  // Overrides are parsed into one small document so that every value is a
  // JsonNode like the caller's.
  std::unique_ptr<JsonDoc> over_doc;
  if (!overrides.empty()) {
    std::string text = "{";
    for (std::size_t i = 0; i < overrides.size(); ++i) {
      if (i) text += ',';
      append_json_string(text, overrides[i].first);
      text += ':';
      text += overrides[i].second;
    }
    text += '}';
    std::string err;
    over_doc = JsonDoc::parse(std::move(text), &err);
    if (!over_doc) return invalid("internal: bad parameter override: " + err);
  }
  auto lookup = [&](std::string_view name) -> const JsonNode * {
    if (over_doc)
      if (const JsonNode *v = over_doc->root()->get(name)) return v;
    return params ? params->get(name) : nullptr;
  };
  auto is_overridden = [&](std::string_view name) {
    return over_doc && over_doc->root()->get(name) != nullptr;
  };

  HttpRequest req;
  req.method.assign(op.method);
  req.response = op.response;
  req.page = op.page;
  req.items_field.assign(op.items_field);
  req.operation.assign(op.id);

  // Path: expand {name} segments.
  std::string path;
  std::string_view tpl = op.path;
  for (std::size_t i = 0; i < tpl.size();) {
    if (tpl[i] != '{') {
      path += tpl[i++];
      continue;
    }
    auto close = tpl.find('}', i);
    std::string_view name = tpl.substr(i + 1, close - i - 1);
    i = close + 1;
    const JsonNode *v = lookup(name);
    if ((!v || v->is_null()) && name == "org_id" && op.fills_org_id()) {
      path += "{org_id}";
      req.needs_org = true;
      continue;
    }
    if (!v || v->is_null())
      return invalid(std::string(op.id) + ": missing path parameter '" +
                     std::string(name) + "'");
    std::string text;
    if (v->type() != JsonType::String && v->type() != JsonType::Int)
      return invalid(std::string(op.id) + ": path parameter '" +
                     std::string(name) + "' must be a string, not " +
                     type_name(v->type()));
    scalar_text(v, text);
    if (text.empty())
      return invalid(std::string(op.id) + ": path parameter '" +
                     std::string(name) + "' must not be empty");
    path += percent_encode(text);
  }
  req.path = std::move(path);

  // Query and body members.
  bool has_body_field_named_body = false;
  for (const ParamSpec &p : op.parameters()) {
    if (p.in == ParamIn::Body && p.name == "body")
      has_body_field_named_body = true;
    if (p.in == ParamIn::Query) {
      const JsonNode *v = lookup(p.name);
      if (!v || v->is_null()) {
        if (p.required)
          return invalid(std::string(op.id) + ": missing required parameter '" +
                         std::string(p.name) + "'");
        continue;
      }
      if (!type_fits(p.type, v) &&
          !(p.type == ParamType::Array && v->type() != JsonType::Object))
        return invalid(std::string(op.id) + ": parameter '" +
                       std::string(p.name) + "' must be " +
                       param_type_name(p.type) + ", not " +
                       type_name(v->type()));
      if (!add_query_value(req.query, p.name, v))
        return invalid(std::string(op.id) + ": query parameter '" +
                       std::string(p.name) +
                       "' must be a scalar or an array of scalars");
    }
  }

  auto is_declared = [&](std::string_view name) {
    for (const ParamSpec &p : op.parameters())
      if (p.name == name && p.in != ParamIn::Body) return true;
    return name == "org_id" && op.fills_org_id();
  };

  if (op.body == BodyKind::Multipart) {
    req.multipart = true;
    req.content_type = "multipart/form-data";
    // The file part comes from call options; other members are refused.
    if (params)
      for (std::size_t i = 0; i < params->size(); ++i) {
        std::string_view mkey;
        params->member_at(i, &mkey);
        if (!is_declared(mkey))
          return invalid(std::string(op.id) + ": unknown parameter '" +
                         std::string(mkey) +
                         "' (the file comes from the upload call options)");
      }
    return req;
  }

  std::string body;
  bool any_body = false;
  const JsonNode *whole_body = nullptr;
  auto add_member = [&](std::string_view key, const JsonNode *v) {
    body += any_body ? ',' : '{';
    any_body = true;
    append_json_string(body, key);
    body += ':';
    body += v->raw();
  };
  if (params) {
    for (std::size_t i = 0; i < params->size(); ++i) {
      std::string_view mkey;
      const JsonNode *m = params->member_at(i, &mkey);
      std::string_view key = mkey;
      if (is_declared(key)) continue;
      if (is_overridden(key)) continue;
      if (op.body == BodyKind::None)
        return invalid(std::string(op.id) + ": unknown parameter '" +
                       std::string(key) + "'");
      if (key == "body" && !has_body_field_named_body &&
          m->type() == JsonType::Object) {
        whole_body = m;
        continue;
      }
      add_member(key, m);
    }
  }
  if (over_doc) {
    const JsonNode *root = over_doc->root();
    for (std::size_t i = 0; i < root->size(); ++i) {
      std::string_view mkey;
      const JsonNode *m = root->member_at(i, &mkey);
      if (!is_declared(mkey) && op.body != BodyKind::None) add_member(mkey, m);
    }
  }
  if (whole_body && any_body)
    return invalid(std::string(op.id) +
                   ": pass either 'body' or body fields, not both");
  if (op.body == BodyKind::Json) {
    if (whole_body) {
      req.body.assign(whole_body->raw());
    } else {
      // Required body fields.
      for (const ParamSpec &p : op.parameters()) {
        if (p.in != ParamIn::Body || !p.required) continue;
        const JsonNode *v = lookup(p.name);
        if (!v)
          return invalid(std::string(op.id) + ": missing required parameter '" +
                         std::string(p.name) + "'");
        if (!v->is_null() && !type_fits(p.type, v))
          return invalid(std::string(op.id) + ": parameter '" +
                         std::string(p.name) + "' must be " +
                         param_type_name(p.type) + ", not " +
                         type_name(v->type()));
      }
      req.body = any_body ? body + "}" : (op.body_required ? "{}" : "");
    }
    if (!req.body.empty()) req.content_type = "application/json";
  }
  return req;
}

Result<HttpRequest> build_raw_request(std::string_view method,
                                      std::string_view path,
                                      const JsonNode *query,
                                      std::string_view body,
                                      std::string_view content_type) {
  HttpRequest req;
  for (char c : method) {
    if (!std::isalpha(static_cast<unsigned char>(c)))
      return invalid("request: invalid HTTP method");
    req.method +=
        static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (req.method.empty()) return invalid("request: empty HTTP method");
  if (path.empty() || path.front() != '/')
    return invalid("request: path must start with '/'");
  for (char c : path) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f || c == '?' || c == '#')
      return invalid(
          "request: path must not contain spaces, control characters, '?' or "
          "'#' (pass the query separately)");
  }
  req.path.assign(path);
  if (req.path.find("{org_id}") != std::string::npos) req.needs_org = true;
  if (query) {
    if (query->type() != JsonType::Object)
      return invalid("request: query must be a JSON object");
    for (std::size_t i = 0; i < query->size(); ++i) {
      std::string_view mkey;
      const JsonNode *m = query->member_at(i, &mkey);
      if (!add_query_value(req.query, mkey, m))
        return invalid("request: query value '" + std::string(mkey) +
                       "' must be a scalar or an array of scalars");
    }
  }
  req.body.assign(body);
  if (!body.empty())
    req.content_type =
        content_type.empty() ? "application/json" : std::string(content_type);
  req.response = ResponseKind::Json;  // parsed when the body is JSON
  return req;
}

}  // namespace devin::core
