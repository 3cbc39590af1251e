#include "error.hpp"

#include <cctype>

namespace devin::core {

const char *error_kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::BadRequest:
      return "bad_request";
    case ErrorKind::Authentication:
      return "authentication";
    case ErrorKind::PermissionDenied:
      return "permission_denied";
    case ErrorKind::NotFound:
      return "not_found";
    case ErrorKind::Conflict:
      return "conflict";
    case ErrorKind::Unprocessable:
      return "unprocessable";
    case ErrorKind::RateLimited:
      return "rate_limited";
    case ErrorKind::Server:
      return "server";
    case ErrorKind::ApiStatus:
      return "api_status";
    case ErrorKind::Timeout:
      return "timeout";
    case ErrorKind::Connection:
      return "connection";
    case ErrorKind::Cancelled:
      return "cancelled";
    case ErrorKind::InvalidArgument:
      return "invalid_argument";
    case ErrorKind::Decode:
      return "decode";
    case ErrorKind::Done:
      return "done";
  }
  return "unknown";
}

ErrorKind kind_for_status(int s) {
  switch (s) {
    case 400:
      return ErrorKind::BadRequest;
    case 401:
      return ErrorKind::Authentication;
    case 403:
      return ErrorKind::PermissionDenied;
    case 404:
      return ErrorKind::NotFound;
    case 409:
      return ErrorKind::Conflict;
    case 422:
      return ErrorKind::Unprocessable;
    case 429:
      return ErrorKind::RateLimited;
    default:
      return s >= 500 ? ErrorKind::Server : ErrorKind::ApiStatus;
  }
}

namespace {

void take_field(const JsonNode *root, std::string_view name, std::string &out,
                bool &has) {
  const JsonNode *v = root->get(name);
  if (v && v->type() == JsonType::String) {
    out.assign(v->str());
    has = true;
  }
}

// "body.prompt: field required" from a {loc, msg} item.
std::string describe_field_error(const JsonNode *item) {
  std::string s;
  if (const JsonNode *loc = item->get("loc");
      loc && loc->type() == JsonType::Array) {
    for (std::size_t i = 0; i < loc->size(); ++i) {
      const JsonNode *part = loc->at(i);
      if (i) s += '.';
      if (part->type() == JsonType::String)
        s.append(part->str());
      else
        s += std::to_string(part->as_int());
    }
  }
  if (const JsonNode *msg = item->get("msg");
      msg && msg->type() == JsonType::String) {
    if (!s.empty()) s += ": ";
    s.append(msg->str());
  }
  return s;
}

std::string join_field_errors(const JsonNode *list) {
  std::string s;
  for (std::size_t i = 0; i < list->size() && i < 10; ++i) {
    std::string one = describe_field_error(list->at(i));
    if (one.empty()) continue;
    if (!s.empty()) s += "; ";
    s += one;
  }
  return s;
}

}  // namespace

// One line of readable text from a body: markup tags dropped, runs of
// white space collapsed, at most `max` bytes (cut at a UTF-8 boundary).
static std::string text_excerpt(std::string_view body, std::size_t max) {
  std::string out;
  bool in_tag = false, space = false;
  for (char ch : body) {
    if (ch == '<') {
      in_tag = true;
      space = true;
      continue;
    }
    if (in_tag) {
      if (ch == '>') in_tag = false;
      continue;
    }
    if (ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += ch;
    if (out.size() >= max) break;
  }
  if (out.size() >= max) {
    std::size_t cut = max;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80)
      --cut;
    out.resize(cut);
    out += "...";
  }
  return out;
}

std::unique_ptr<Error> error_from_response(int status, std::string_view method,
                                           std::string_view path,
                                           std::string body,
                                           std::vector<Header> headers) {
  auto err = make_error(kind_for_status(status), "");
  err->http_status = status;
  err->method.assign(method);
  err->path.assign(path);
  err->headers = std::move(headers);
  for (const auto &[name, value] : err->headers)
    if (name == "x-request-id") err->request_id = value;
  if (body.size() > kMaxErrorBody) body.resize(kMaxErrorBody);
  err->body = body;

  std::string field_errors;
  if (!body.empty()) {
    std::string perr;
    err->json = JsonDoc::parse(std::move(body), &perr);
    const JsonNode *root = err->json ? err->json->root() : nullptr;
    if (root && root->type() == JsonType::Object) {
      take_field(root, "type", err->type, err->has_type);
      take_field(root, "title", err->title, err->has_title);
      take_field(root, "instance", err->instance, err->has_instance);
      const JsonNode *detail = root->get("detail");
      if (detail && detail->type() == JsonType::String) {
        err->detail.assign(detail->str());
        err->has_detail = true;
      } else if (detail && detail->type() == JsonType::Array) {
        // Legacy FastAPI validation body: {detail: [{loc, msg, type}]}.
        err->detail = join_field_errors(detail);
        err->has_detail = true;
      }
      if (const JsonNode *errors = root->get("errors");
          errors && errors->type() == JsonType::Array)
        field_errors = join_field_errors(errors);
    }
  }

  std::string msg = std::to_string(status);
  msg += ' ';
  msg += error_kind_name(err->kind);
  if (err->has_title) msg += ": " + err->title;
  if (err->has_detail && err->detail != err->title) {
    msg += err->has_title ? " — " : ": ";
    msg += err->detail;
  }
  if (!field_errors.empty() && field_errors != err->detail)
    msg += " [" + field_errors + "]";
  if (!err->has_title && !err->has_detail && field_errors.empty()) {
    // Not a problem body (a proxy's HTML page, plain text): say what it
    // said, as one short line of text.
    std::string text = text_excerpt(err->body, 200);
    if (!text.empty()) msg += ": " + text;
  }
  msg += " (";
  msg.append(method);
  msg += ' ';
  msg.append(path);
  if (!err->request_id.empty()) msg += ", request id " + err->request_id;
  msg += ')';
  err->message = std::move(msg);
  return err;
}

}  // namespace devin::core
