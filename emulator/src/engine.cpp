// Request pipeline: request id, log, faults, rate limit, routing, auth,
// validation, dispatch (special handler or the generic engine), rendering.
#include "engine.hpp"

#include <httplib.h>

#include <cmath>
#include <iostream>
#include <mutex>

#include "admin.hpp"
#include "auth.hpp"
#include "options.hpp"
#include "roles.hpp"
#include "runtime.hpp"
#include "schema.hpp"
#include "strict.hpp"

namespace emu {

std::string Ctx::org_id() const { return param("org_id"); }

std::string Ctx::param(const std::string &name) const {
  auto it = path.find(name);
  return it == path.end() ? "" : it->second;
}

std::string Ctx::collection_path() const {
  return op.collection.empty() ? "" : fill_template(op.collection, path);
}

void Registry::add(const std::string &method, const std::string &tmpl,
                   Handler h) {
  handlers_[method + " " + tmpl] = std::move(h);
}

const Handler *Registry::find(const Operation &op) const {
  auto it = handlers_.find(op.key());
  return it == handlers_.end() ? nullptr : &it->second;
}

json shape(const json &schema, const json &item, std::uint64_t /*salt*/) {
  if (item.is_array()) {
    const json &core = schema_core(schema);
    if (!core.is_object() || !core.contains("items")) return item;
    json out = json::array();
    for (const auto &x : item) out.push_back(shape(core["items"], x));
    return out;
  }
  if (!item.is_object()) return item;
  const json &core = schema_core(schema);
  const json &props = field(core, "properties");
  bool closed = props.is_object() && !props.empty() &&
                !(core.contains("additionalProperties") &&
                  core["additionalProperties"] != false);
  json out = json::object();
  for (const auto &[k, v] : item.items()) {
    if (!k.empty() && k[0] == '_') continue;
    if (!closed) {
      out[k] = v;
      continue;
    }
    auto p = props.find(k);
    if (p == props.end()) continue;
    out[k] = shape(*p, v);
  }
  // As the server's response models do: every documented field is present,
  // unset ones as their default or null. Nothing else is filled in.
  if (props.is_object())
    for (const auto &[k, sub] : props.items()) {
      if (out.contains(k)) continue;
      const json &sc = schema_core(sub);
      if (sub.is_object() && sub.contains("default"))
        out[k] = sub["default"];
      else if (sc.is_object() && sc.contains("default"))
        out[k] = sc["default"];
      else if (sub.is_object() && schema_nullable(sub) && !sub.empty())
        out[k] = nullptr;
    }
  return out;
}

Reply shaped_reply(const Ctx &c, const json &body) {
  Reply r;
  r.status = c.op.status;
  if (c.op.response_kind == "empty" || c.op.status == 204) {
    r.empty = true;
    return r;
  }
  r.content_type = c.op.response_content_type;
  r.body = shape(c.op.response_schema, body);
  return r;
}

json list_response(Ctx &c, const Collection *coll,
                   const std::function<bool(const json &)> &keep,
                   bool descending) {
  PageQuery q;
  q.form = c.op.page_form;
  if (q.form == "none" || q.form.empty())
    q.form = schema_type(c.op.response_schema) == "array" ? "array" : "cursor";
  q.descending = descending;
  if (c.query.contains("first") && c.query["first"].is_number_integer())
    q.first = c.query["first"].get<std::int64_t>();
  if (c.query.contains("after") && c.query["after"].is_string()) {
    q.after = c.query["after"].get<std::string>();
    std::uint64_t seq = 0;
    if (!q.after.empty() && !decode_cursor(q.after, seq))
      throw_unprocessable(json::array({field_error(
          json::array({"query", "after"}), "Invalid cursor", "value_error")}));
  }
  if (c.query.contains("limit") && c.query["limit"].is_number_integer())
    q.limit = c.query["limit"].get<std::int64_t>();
  if (c.query.contains("offset") && c.query["offset"].is_number_integer())
    q.offset = c.query["offset"].get<std::int64_t>();
  const json &item_schema = c.op.item_schema;
  json out = paginate(coll, q, keep,
                      [&](const json &it) { return shape(item_schema, it); });
  const json &rs = schema_core(c.op.response_schema);
  if (out.is_object() && rs.is_object() && rs.contains("properties")) {
    const json &props = rs["properties"];
    for (auto it = out.begin(); it != out.end();) {
      if (!props.contains(it.key()))
        it = out.erase(it);
      else
        ++it;
    }
    out = shape(rs, out);
  }
  return out;
}

void audit(State &st, const Ctx &c, int status) {
  std::string id = "audit-" + random_hex(16);
  json data = {{"method", c.op.method},
               {"path", c.req_path},
               {"operation", c.op.id},
               {"status", status},
               {"request_id", c.request_id}};
  if (!c.op.id_param.empty()) data["target_id"] = c.param(c.op.id_param);
  // Only facts: who acted (from the relation store), where, what. A field
  // with nothing true to say is left out, never filled with a placeholder.
  json entry = {
      {"audit_log_id", id},
      {"action", c.op.audit_action.empty() ? c.op.id : c.op.audit_action},
      {"created_at", now_unix()},
      {"data", data}};
  if (!c.org_id().empty()) entry["org_id"] = c.org_id();
  if (const Principal *p = c.principal) {
    if (p->kind == "service_user") {
      entry["service_user_id"] = p->id;
      entry["service_user_name"] = p->name;
    } else {
      entry["user_id"] = p->id;
      if (const json *u = rel::user(std::as_const(st), p->id))
        if (field(*u, "email").is_string()) entry["user_email"] = (*u)["email"];
    }
  }
  st.coll(kAuditPath).put(id, entry, st.next_seq());
}

void render_error(httplib::Response &res, const ApiError &e,
                  const std::string &instance, bool legacy) {
  res.status = e.status;
  if (legacy && e.status == 422 && e.errors.is_array()) {
    res.set_content(json{{"detail", e.errors}}.dump(), "application/json");
    return;
  }
  json j = {{"type", "about:blank"},
            {"title", e.title},
            {"status", e.status},
            {"detail", e.what()},
            {"instance", instance}};
  if (e.errors.is_array()) j["errors"] = e.errors;
  res.set_content(j.dump(), "application/problem+json");
}

void render_reply(httplib::Response &res, const Reply &r) {
  res.status = r.status;
  for (const auto &[k, v] : r.headers) res.set_header(k, v);
  if (r.empty) return;
  std::string ct = r.content_type.empty() ? "application/json" : r.content_type;
  if (r.raw_set)
    res.set_content(r.raw, ct);
  else
    res.set_content(r.body.dump(), ct);
}

Engine::Engine(State &st, const Options &opt, Simulator *sim)
    : st_(st), opt_(opt), sim_(sim) {
  register_session_handlers(registry_);
  register_attachment_handlers(registry_);
  register_self_handlers(registry_);
  register_enterprise_handlers(registry_);
  register_member_handlers(registry_);
  register_beta_handlers(registry_);
}

namespace {

json query_values(const httplib::Request &req, const std::string &name,
                  std::vector<std::string> &raw) {
  auto range = req.params.equal_range(name);
  for (auto it = range.first; it != range.second; ++it)
    raw.push_back(it->second);
  auto range2 = req.params.equal_range(name + "[]");
  for (auto it = range2.first; it != range2.second; ++it)
    raw.push_back(it->second);
  return nullptr;
}

// Request bodies nested deeper than this are refused (422): the server's
// JSON decoder (Python's) gives up near 1000 levels, and the emulator walks
// stored values recursively (serialising, shaping), which a body nested
// 100 000 levels deep turned into a stack overflow.
constexpr std::size_t kMaxJsonDepth = 512;

bool too_deep(const json &root, std::size_t limit) {
  std::vector<std::pair<const json *, std::size_t>> stack{{&root, 1}};
  while (!stack.empty()) {
    auto [j, depth] = stack.back();
    stack.pop_back();
    if (!j->is_structured()) continue;
    if (depth > limit) return true;
    for (const auto &child : *j) stack.emplace_back(&child, depth + 1);
  }
  return false;
}

void validate_request(Ctx &c, const httplib::Request &req) {
  json errors = json::array();
  const Operation &op = c.op;
  for (const auto &p : op.path_params) {
    json loc = json::array({"path", p.name});
    std::size_t before = errors.size();
    json v = coerce_query(p.schema, {c.param(p.name)}, loc, errors);
    if (errors.size() == before && !v.is_null())
      validate(p.schema, v, loc, errors);
  }
  for (const auto &p : op.query_params) {
    std::vector<std::string> raw;
    query_values(req, p.name, raw);
    json loc = json::array({"query", p.name});
    if (raw.empty()) {
      if (p.required)
        errors.push_back(field_error(loc, "Field required", "missing"));
      else if (p.schema.contains("default") && !p.schema["default"].is_null())
        c.query[p.name] = p.schema["default"];
      continue;
    }
    json v = coerce_query(p.schema, raw, loc, errors);
    if (v.is_null() && schema_type(schema_core(p.schema)) != "array") continue;
    validate(p.schema, v, loc, errors);
    if (p.name == "first" && v.is_number_integer() &&
        !schema_core(p.schema).contains("maximum") &&
        (v.get<std::int64_t>() < 1 || v.get<std::int64_t>() > 200))
      errors.push_back(field_error(loc, "Input should be between 1 and 200",
                                   "less_than_equal"));
    c.query[p.name] = v;
  }
  if (op.body_kind == "json") {
    if (req.body.empty()) {
      if (op.body_required)
        errors.push_back(
            field_error(json::array({"body"}), "Field required", "missing"));
    } else {
      json body = json::parse(req.body, nullptr, false);
      if (body.is_discarded()) {
        errors.push_back(field_error(json::array({"body", 0}),
                                     "JSON decode error", "json_invalid"));
      } else if (too_deep(body, kMaxJsonDepth)) {
        errors.push_back(field_error(json::array({"body"}),
                                     "JSON decode error: nested more than " +
                                         std::to_string(kMaxJsonDepth) +
                                         " levels deep",
                                     "json_invalid"));
      } else {
        validate(op.body_schema, body, json::array({"body"}), errors);
        c.body = std::move(body);
      }
    }
    if (c.body.is_object()) {
      if (auto it = c.body.find("tags");
          it != c.body.end() && it->is_array() && it->size() > 50 &&
          !schema_core(op.body_schema)
               .value("properties", json::object())
               .value("tags", json::object())
               .contains("maxItems"))
        errors.push_back(field_error(json::array({"body", "tags"}),
                                     "List should have at most 50 items",
                                     "too_long"));
      if (auto it = c.body.find("structured_output_schema");
          it != c.body.end() && !it->is_null() && it->dump().size() > 65536)
        errors.push_back(field_error(
            json::array({"body", "structured_output_schema"}),
            "structured_output_schema must be at most 64 KB", "value_error"));
    }
  } else if (op.body_kind == "multipart") {
    if (op.body_required && !req.has_file("file"))
      errors.push_back(field_error(json::array({"body", "file"}),
                                   "Field required", "missing"));
  }
  if (!errors.empty()) throw_unprocessable(errors);
}

// --strict: a 2xx JSON answer must conform to the response schema.
// Each operation documents one success status: another 2xx breaks it too.
void check_reply(const Operation &op, const Reply &reply) {
  if (reply.status < 200 || reply.status >= 300) return;
  if (op.status >= 200 && op.status < 300 && reply.status != op.status) {
    std::string line = op.id + ": answered " + std::to_string(reply.status) +
                       ", the description documents " +
                       std::to_string(op.status);
    std::cerr << "devin-emulator: strict: " << line << std::endl;
    throw ApiError(500, "Emulator response violates the API description", line);
  }
  if (reply.empty || reply.raw_set || op.response_kind != "json") return;
  if (!reply.content_type.empty() &&
      reply.content_type.find("json") == std::string::npos)
    return;
  auto lines = response_violations(op, reply.body);
  if (lines.empty()) return;
  std::string detail;
  for (const auto &l : lines) {
    std::cerr << "devin-emulator: strict: " << l << "\n";
    detail += (detail.empty() ? "" : "; ") + l;
  }
  std::cerr.flush();
  throw ApiError(500, "Emulator response violates the API description", detail);
}

std::string header_or(const httplib::Request &req, const char *name) {
  return req.has_header(name) ? req.get_header_value(name) : "";
}

}  // namespace

void Engine::serve(const httplib::Request &req, httplib::Response &res,
                   bool tls) {
  std::string request_id = "req_" + random_hex(20);
  res.set_header("x-request-id", request_id);
  std::string host = header_or(req, "Host");
  if (host.empty()) host = opt_.host;
  std::string base_url = std::string(tls ? "https" : "http") + "://" + host;
  if (req.path.rfind("/_emulator/", 0) == 0) {
    admin_serve(st_, sim_, opt_, req, res, base_url);
    return;
  }
  {
    json headers = json::object();
    for (const auto &[k, v] : req.headers) {
      std::string lk = to_lower(k);
      if (lk == "authorization")
        headers[lk] = v.rfind("Bearer ", 0) == 0 || v.rfind("bearer ", 0) == 0
                          ? "Bearer [redacted]"
                          : "[redacted]";
      else if (lk != "remote_addr" && lk != "remote_port" &&
               lk != "local_addr" && lk != "local_port")
        headers[lk] = v;
    }
    std::string query;
    auto q = req.target.find('?');
    if (q != std::string::npos) query = req.target.substr(q + 1);
    request_log().add({{"method", req.method},
                       {"path", req.path},
                       {"query", query},
                       {"headers", headers},
                       {"body", req.body}});
  }
  Fault f;
  if (faults().take(req.method, req.path, f) &&
      apply_fault(f, req, res, request_id))
    return;
  try {
    serve_api(req, res, request_id, base_url);
  } catch (const ApiError &e) {
    render_error(res, e, req.path, opt_.legacy_errors);
  } catch (const std::exception &e) {
    render_error(res, ApiError(500, "Internal Server Error", e.what()),
                 req.path, false);
  }
}

void Engine::serve_api(const httplib::Request &req, httplib::Response &res,
                       const std::string &request_id,
                       const std::string &base_url) {
  std::string auth = header_or(req, "Authorization");
  if (rate_limiter().enabled()) {
    std::string key = auth.empty() ? req.remote_addr : auth;
    double wait = rate_limiter().acquire(key);
    if (wait > 0) {
      res.set_header("Retry-After",
                     std::to_string(static_cast<long>(std::ceil(wait))));
      throw ApiError(429, "Too Many Requests",
                     "Rate limit exceeded — wait and retry");
    }
  }
  std::map<std::string, std::string> params;
  bool path_known = false;
  const Operation *op =
      Api::get().route(req.method, req.path, params, path_known);
  if (!op) {
    if (path_known)
      throw ApiError(405, "Method Not Allowed",
                     "Method " + req.method + " not allowed on " + req.path);
    throw ApiError(404, "Not Found", "No route for " + req.path);
  }
  Ctx c(st_, *op);
  c.req_path = req.path;
  c.path = std::move(params);
  c.req = &req;
  c.base_url = base_url;
  c.request_id = request_id;
  c.sim = sim_;
  Principal principal;
  {
    std::shared_lock<std::shared_mutex> lock(st_.mu);
    principal = authenticate(st_, auth);
    authorize(st_, principal, *op, c.path);
  }
  c.principal = &principal;
  validate_request(c, req);
  const Handler *h = registry_.find(*op);
  Reply reply;
  if (op->method == "GET") {
    std::shared_lock<std::shared_mutex> lock(st_.mu);
    reply = h ? (*h)(c) : generic_handle(c);
  } else {
    std::unique_lock<std::shared_mutex> lock(st_.mu);
    reply = h ? (*h)(c) : generic_handle(c);
    if (reply.status < 400) audit(st_, c, reply.status);
    st_.touch();
  }
  if (opt_.strict) check_reply(*op, reply);
  render_reply(res, reply);
}

}  // namespace emu
