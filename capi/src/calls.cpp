// Calls by operation id, raw requests, responses, pagers, waits and the
// operation table.
#include <cstring>

#include "../../core/wait.hpp"
#include "handles.hpp"

namespace core = devin::core;
using devin::capi::fail;
using devin::capi::node;
using devin::capi::value;

namespace devin::capi {

devin_response *wrap(std::unique_ptr<core::Response> r) {
  auto *out = new devin_response;
  out->impl = std::move(r);
  return out;
}

bool call_settings(const devin_call_options *o, CallInputs &in,
                   devin_error **err) {
  core::CallSettings &settings = in.settings;
  std::vector<core::Header> &headers = in.headers;
  core::Upload &upload = in.upload;
  bool &has_upload = in.has_upload;
  if (!o) return true;
  if (!version_ok(o, o->version, DEVIN_CALL_OPTIONS_VERSION)) {
    fail(err, DEVIN_E_INVALID_ARGUMENT,
         "devin_call_options.version is not supported by this libdevin");
    return false;
  }
  settings.timeout = o->timeout;
  settings.max_retries = o->max_retries;
  settings.skip_json = o->skip_json != 0;
  if (o->max_retries > 100) {
    fail(err, DEVIN_E_INVALID_ARGUMENT, "max_retries must be <= 100");
    return false;
  }
  if (o->cancel) settings.cancel = o->cancel->state;
  if (o->headers_count && !o->headers) {
    fail(err, DEVIN_E_INVALID_ARGUMENT, "headers is NULL");
    return false;
  }
  for (size_t i = 0; i < o->headers_count; ++i) {
    std::string why;
    auto h = o->headers[i] ? core::parse_header_line(o->headers[i], &why)
                           : std::nullopt;
    if (!h) {
      fail(err, DEVIN_E_INVALID_ARGUMENT,
           "call header: " + (o->headers[i] ? why : std::string("NULL entry")));
      return false;
    }
    headers.push_back(std::move(*h));
  }
  if (o->upload_path || o->upload_data) {
    has_upload = true;
    if (o->upload_path) {
      upload.from_path = true;
      upload.path = o->upload_path;
      const char *slash = std::strrchr(o->upload_path, '/');
      upload.filename = slash ? slash + 1 : o->upload_path;
    } else {
      upload.data.assign(static_cast<const char *>(o->upload_data),
                         o->upload_len);
      upload.filename = "upload.bin";
    }
    if (o->upload_filename) upload.filename = o->upload_filename;
    if (o->upload_content_type) upload.content_type = o->upload_content_type;
  }
  return true;
}

bool parse_params(const char *json, size_t len,
                  std::unique_ptr<core::JsonDoc> &doc, devin_error **err,
                  const char *what) {
  if (!json || len == 0) return true;
  std::string perr;
  doc = core::JsonDoc::parse(std::string(json, len), &perr);
  if (!doc) {
    fail(err, DEVIN_E_INVALID_ARGUMENT,
         std::string(what) + " is not valid JSON: " + perr);
    return false;
  }
  if (doc->root()->type() != core::JsonType::Object) {
    fail(err, DEVIN_E_INVALID_ARGUMENT,
         std::string(what) + " must be a JSON object");
    return false;
  }
  return true;
}

core::Completion completion(devin_complete_fn fn, void *user_data) {
  return [fn, user_data](std::unique_ptr<core::Response> r,
                         std::unique_ptr<core::Error> e) {
    devin_response *resp = nullptr;
    devin_error *err = nullptr;
    try {
      if (r) resp = wrap(std::move(r));
      if (e) err = wrap(std::move(e));
      if (!resp && !err)
        err = wrap(core::make_error(core::ErrorKind::Decode, "no response"));
    } catch (...) {
      // Out of memory: deliver what we can; the callback still runs once.
    }
    fn(user_data, resp, err);
  };
}

}  // namespace devin::capi

namespace {

size_t text_len(const char *s, size_t len) {
  return (s && len == 0) ? std::strlen(s) : len;
}

devin_status do_call(devin_client *client, const char *operation,
                     const char *params_json, size_t params_len,
                     const devin_call_options *opts, devin_response **out,
                     devin_complete_fn on_complete, void *user_data,
                     devin_error **err) {
  if (err) *err = nullptr;
  if (out) *out = nullptr;
  if (!client || !operation)
    return fail(err, DEVIN_E_INVALID_ARGUMENT,
                "client and operation must not be NULL");
  if (!out && !on_complete)
    return fail(err, DEVIN_E_INVALID_ARGUMENT, "out must not be NULL");
  DEVIN_GUARD_BEGIN
  devin::capi::CallInputs in;
  if (!devin::capi::call_settings(opts, in, err))
    return DEVIN_E_INVALID_ARGUMENT;
  std::unique_ptr<core::JsonDoc> params;
  if (!devin::capi::parse_params(params_json, text_len(params_json, params_len),
                                 params, err, "params_json"))
    return DEVIN_E_INVALID_ARGUMENT;
  const core::JsonNode *root = params ? params->root() : nullptr;
  if (on_complete) {
    auto st = client->core->call_async(
        operation, root, {}, in.settings, std::move(in.headers),
        in.has_upload ? &in.upload : nullptr,
        devin::capi::completion(on_complete, user_data));
    if (!st) return fail(err, st.take_error());
    return DEVIN_OK;
  }
  auto r = client->core->call_sync(operation, root, {}, in.settings,
                                   std::move(in.headers),
                                   in.has_upload ? &in.upload : nullptr);
  if (!r) return fail(err, r.take_error());
  *out = devin::capi::wrap(std::move(*r));
  return DEVIN_OK;
  DEVIN_GUARD_END(err)
}

devin_status do_request(devin_client *client, const char *method,
                        const char *path, const char *query_json,
                        const char *body, size_t body_len,
                        const char *content_type,
                        const devin_call_options *opts, devin_response **out,
                        devin_complete_fn on_complete, void *user_data,
                        devin_error **err) {
  if (err) *err = nullptr;
  if (out) *out = nullptr;
  if (!client || !method || !path)
    return fail(err, DEVIN_E_INVALID_ARGUMENT,
                "client, method and path must not be NULL");
  if (!out && !on_complete)
    return fail(err, DEVIN_E_INVALID_ARGUMENT, "out must not be NULL");
  if (body_len && !body)
    return fail(err, DEVIN_E_INVALID_ARGUMENT, "body is NULL");
  DEVIN_GUARD_BEGIN
  devin::capi::CallInputs in;
  if (!devin::capi::call_settings(opts, in, err))
    return DEVIN_E_INVALID_ARGUMENT;
  std::unique_ptr<core::JsonDoc> query;
  if (query_json &&
      !devin::capi::parse_params(query_json, std::strlen(query_json), query,
                                 err, "query_json"))
    return DEVIN_E_INVALID_ARGUMENT;
  auto req =
      core::build_raw_request(method, path, query ? query->root() : nullptr,
                              std::string_view(body ? body : "", body_len),
                              content_type ? content_type : "");
  if (!req) return fail(err, req.take_error());
  req->headers = std::move(in.headers);
  if (on_complete) {
    auto st =
        client->core->submit(std::move(*req), in.settings,
                             devin::capi::completion(on_complete, user_data));
    if (!st) return fail(err, st.take_error());
    return DEVIN_OK;
  }
  auto r = client->core->submit_sync(std::move(*req), in.settings);
  if (!r) return fail(err, r.take_error());
  *out = devin::capi::wrap(std::move(*r));
  return DEVIN_OK;
  DEVIN_GUARD_END(err)
}

}  // namespace

extern "C" {

devin_status devin_call_options_init(devin_call_options *opts,
                                     unsigned int version) {
  if (!opts || version != DEVIN_CALL_OPTIONS_VERSION)
    return DEVIN_E_INVALID_ARGUMENT;
  devin_call_options init = DEVIN_CALL_OPTIONS_INIT;
  *opts = init;
  return DEVIN_OK;
}

devin_status devin_call(devin_client *client, const char *operation,
                        const char *params_json, size_t params_len,
                        const devin_call_options *opts, devin_response **out,
                        devin_error **err) {
  if (!out) {
    if (err) *err = nullptr;
    return fail(err, DEVIN_E_INVALID_ARGUMENT, "out must not be NULL");
  }
  return do_call(client, operation, params_json, params_len, opts, out, nullptr,
                 nullptr, err);
}

devin_status devin_call_async(devin_client *client, const char *operation,
                              const char *params_json, size_t params_len,
                              const devin_call_options *opts,
                              devin_complete_fn on_complete, void *user_data,
                              devin_error **err) {
  if (!on_complete) {
    if (err) *err = nullptr;
    return fail(err, DEVIN_E_INVALID_ARGUMENT, "on_complete must not be NULL");
  }
  return do_call(client, operation, params_json, params_len, opts, nullptr,
                 on_complete, user_data, err);
}

devin_status devin_request(devin_client *client, const char *method,
                           const char *path, const char *query_json,
                           const char *body, size_t body_len,
                           const char *content_type,
                           const devin_call_options *opts, devin_response **out,
                           devin_error **err) {
  if (!out) {
    if (err) *err = nullptr;
    return fail(err, DEVIN_E_INVALID_ARGUMENT, "out must not be NULL");
  }
  return do_request(client, method, path, query_json, body, body_len,
                    content_type, opts, out, nullptr, nullptr, err);
}

devin_status devin_request_async(devin_client *client, const char *method,
                                 const char *path, const char *query_json,
                                 const char *body, size_t body_len,
                                 const char *content_type,
                                 const devin_call_options *opts,
                                 devin_complete_fn on_complete, void *user_data,
                                 devin_error **err) {
  if (!on_complete) {
    if (err) *err = nullptr;
    return fail(err, DEVIN_E_INVALID_ARGUMENT, "on_complete must not be NULL");
  }
  return do_request(client, method, path, query_json, body, body_len,
                    content_type, opts, nullptr, on_complete, user_data, err);
}

void devin_response_free(devin_response *resp) { delete resp; }

int devin_response_status(const devin_response *resp) {
  return resp ? resp->impl->status : 0;
}

const devin_value *devin_response_json(const devin_response *resp) {
  if (!resp || !resp->impl->json) return nullptr;
  return value(resp->impl->json->root());
}

const char *devin_response_body(const devin_response *resp, size_t *len) {
  if (!resp) {
    if (len) *len = 0;
    return "";
  }
  std::string_view b = resp->impl->body_view();
  if (len) *len = b.size();
  return b.data();
}

size_t devin_response_header_count(const devin_response *resp) {
  return resp ? resp->impl->headers.size() : 0;
}

int devin_response_header_at(const devin_response *resp, size_t index,
                             const char **name, const char **val) {
  if (!resp || index >= resp->impl->headers.size()) return 0;
  if (name) *name = resp->impl->headers[index].first.c_str();
  if (val) *val = resp->impl->headers[index].second.c_str();
  return 1;
}

const char *devin_response_header(const devin_response *resp,
                                  const char *name) {
  if (!resp || !name) return nullptr;
  for (const auto &[n, v] : resp->impl->headers)
    if (strcasecmp(n.c_str(), name) == 0) return v.c_str();
  return nullptr;
}

const char *devin_response_request_id(const devin_response *resp) {
  return resp && !resp->impl->request_id.empty()
             ? resp->impl->request_id.c_str()
             : nullptr;
}

double devin_response_elapsed(const devin_response *resp) {
  return resp ? resp->impl->elapsed : 0.0;
}

int devin_response_retries(const devin_response *resp) {
  return resp ? resp->impl->retries : 0;
}

const devin_value *devin_response_items(const devin_response *resp) {
  return resp ? value(resp->impl->items()) : nullptr;
}

devin_status devin_pager_new(devin_pager **out, devin_client *client,
                             const char *operation, const char *params_json,
                             size_t params_len, const devin_call_options *opts,
                             devin_error **err) {
  if (err) *err = nullptr;
  if (!out || !client || !operation)
    return fail(err, DEVIN_E_INVALID_ARGUMENT,
                "out, client and operation must not be NULL");
  *out = nullptr;
  DEVIN_GUARD_BEGIN
  devin::capi::CallInputs in;
  if (!devin::capi::call_settings(opts, in, err))
    return DEVIN_E_INVALID_ARGUMENT;
  std::string params =
      params_json ? std::string(params_json, text_len(params_json, params_len))
                  : std::string();
  auto pager = core::Pager::create(client->core, operation, std::move(params),
                                   in.settings, std::move(in.headers));
  if (!pager) return fail(err, pager.take_error());
  *out = new devin_pager{std::move(*pager)};
  return DEVIN_OK;
  DEVIN_GUARD_END(err)
}

void devin_pager_free(devin_pager *pager) { delete pager; }

devin_status devin_pager_next(devin_pager *pager, devin_response **out,
                              devin_error **err) {
  if (err) *err = nullptr;
  if (!pager || !out)
    return fail(err, DEVIN_E_INVALID_ARGUMENT,
                "pager and out must not be NULL");
  *out = nullptr;
  DEVIN_GUARD_BEGIN
  auto r = pager->impl->next_sync();
  if (!r) {
    auto e = r.take_error();
    if (e->kind == core::ErrorKind::Done) return DEVIN_E_DONE;
    return fail(err, std::move(e));
  }
  *out = devin::capi::wrap(std::move(*r));
  return DEVIN_OK;
  DEVIN_GUARD_END(err)
}

devin_status devin_pager_next_async(devin_pager *pager,
                                    devin_complete_fn on_complete,
                                    void *user_data, devin_error **err) {
  if (err) *err = nullptr;
  if (!pager || !on_complete)
    return fail(err, DEVIN_E_INVALID_ARGUMENT,
                "pager and on_complete must not be NULL");
  DEVIN_GUARD_BEGIN
  auto st =
      pager->impl->next_async(devin::capi::completion(on_complete, user_data));
  if (!st) return fail(err, st.take_error());
  return DEVIN_OK;
  DEVIN_GUARD_END(err)
}

int devin_pager_has_more(const devin_pager *pager) {
  return pager && pager->impl->has_more();
}

char *devin_pager_cursor(const devin_pager *pager) {
  if (!pager) return nullptr;
  try {
    auto c = pager->impl->cursor();
    if (!c) return nullptr;
    char *s = static_cast<char *>(std::malloc(c->size() + 1));
    if (s) std::memcpy(s, c->c_str(), c->size() + 1);
    return s;
  } catch (...) {
    return nullptr;
  }
}

int devin_session_is_done(const devin_value *session, devin_wait_until until) {
  return core::session_is_done(node(session),
                               static_cast<core::WaitUntil>(until));
}

double devin_wait_delay(unsigned int attempt) {
  return core::wait_delay(attempt,
                          static_cast<double>(std::rand() % 1000) / 1000.0);
}

devin_status devin_wait_options_init(devin_wait_options *opts,
                                     unsigned int version) {
  if (!opts || version != DEVIN_WAIT_OPTIONS_VERSION)
    return DEVIN_E_INVALID_ARGUMENT;
  devin_wait_options init = DEVIN_WAIT_OPTIONS_INIT;
  *opts = init;
  return DEVIN_OK;
}

static devin_status do_wait(devin_client *client, const char *session_id,
                            const devin_wait_options *o, devin_response **out,
                            devin_complete_fn on_complete, void *user_data,
                            devin_error **err) {
  if (err) *err = nullptr;
  if (out) *out = nullptr;
  if (!client || !session_id)
    return fail(err, DEVIN_E_INVALID_ARGUMENT,
                "client and session_id must not be NULL");
  DEVIN_GUARD_BEGIN
  core::WaitOptions opts;
  if (o) {
    if (!devin::capi::version_ok(o, o->version, DEVIN_WAIT_OPTIONS_VERSION))
      return fail(
          err, DEVIN_E_INVALID_ARGUMENT,
          "devin_wait_options.version is not supported by this libdevin");
    if (o->until != DEVIN_WAIT_IDLE && o->until != DEVIN_WAIT_TERMINAL)
      return fail(err, DEVIN_E_INVALID_ARGUMENT,
                  "unknown devin_wait_until value");
    opts.until = static_cast<core::WaitUntil>(o->until);
    opts.timeout = o->timeout;
    if (o->org_id) opts.org_id = o->org_id;
    if (o->cancel) opts.cancel = o->cancel->state;
    if (o->on_progress) {
      devin_progress_fn fn = o->on_progress;
      void *ud = o->progress_user_data;
      opts.on_progress = [fn, ud](const core::JsonNode *s) {
        fn(ud, value(s));
      };
    }
  }
  if (on_complete) {
    auto st = core::start_session_wait(
        client->core, session_id, std::move(opts),
        devin::capi::completion(on_complete, user_data));
    if (!st) return fail(err, st.take_error());
    return DEVIN_OK;
  }
  auto r = client->core->wait_for([&](core::Completion done) {
    return core::start_session_wait(client->core, session_id, std::move(opts),
                                    std::move(done));
  });
  if (!r) return fail(err, r.take_error());
  *out = devin::capi::wrap(std::move(*r));
  return DEVIN_OK;
  DEVIN_GUARD_END(err)
}

devin_status devin_session_wait(devin_client *client, const char *session_id,
                                const devin_wait_options *opts,
                                devin_response **out, devin_error **err) {
  if (!out) {
    if (err) *err = nullptr;
    return fail(err, DEVIN_E_INVALID_ARGUMENT, "out must not be NULL");
  }
  return do_wait(client, session_id, opts, out, nullptr, nullptr, err);
}

devin_status devin_session_wait_async(devin_client *client,
                                      const char *session_id,
                                      const devin_wait_options *opts,
                                      devin_complete_fn on_complete,
                                      void *user_data, devin_error **err) {
  if (!on_complete) {
    if (err) *err = nullptr;
    return fail(err, DEVIN_E_INVALID_ARGUMENT, "on_complete must not be NULL");
  }
  return do_wait(client, session_id, opts, nullptr, on_complete, user_data,
                 err);
}

size_t devin_operation_count(void) { return core::all_operations().size(); }

const char *devin_operation_id(size_t i) {
  auto ops = core::all_operations();
  return i < ops.size() ? ops[i].id.data() : nullptr;
}

const char *devin_operation_method(const char *operation) {
  const auto *op = operation ? core::find_operation(operation) : nullptr;
  return op ? op->method.data() : nullptr;
}

const char *devin_operation_path(const char *operation) {
  const auto *op = operation ? core::find_operation(operation) : nullptr;
  return op ? op->path.data() : nullptr;
}

}  // extern "C"
