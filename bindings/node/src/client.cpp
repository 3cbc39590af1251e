#include "client.hpp"

#include <string>
#include <vector>

#include "convert.hpp"

namespace devin_node {

namespace {

std::string opt_string(const Napi::Object &o, const char *key) {
  Napi::Value v = o.Get(key);
  return v.IsString() ? v.As<Napi::String>().Utf8Value() : std::string();
}

double opt_number(const Napi::Object &o, const char *key, double fallback) {
  Napi::Value v = o.Get(key);
  return v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : fallback;
}

// devin_call_options filled from a JS object, owning every string it points
// at: { timeout, maxRetries, headers: string[], cancel: External,
//       upload: { data?: Buffer, path?, filename?, contentType? }, mode },
// or only the mode as a number.
struct CallOpts {
  devin_call_options c = DEVIN_CALL_OPTIONS_INIT;
  std::vector<std::string> header_store;
  std::vector<const char *> header_ptrs;
  std::string upload_path, upload_filename, upload_type;
  std::string upload_data;
  BodyMode mode = BodyMode::Text;

  explicit CallOpts(const Napi::Value &v) {
    // Text mode (the default) hands the body to V8's JSON.parse: libdevin
    // then only checks it and keeps the bytes (no second decode).
    c.skip_json = 1;
    if (v.IsNumber()) {  // just a body mode: the common case, read cheaply
      mode = static_cast<BodyMode>(v.As<Napi::Number>().Int32Value());
      c.skip_json = mode == BodyMode::Text ? 1 : 0;
      return;
    }
    if (!v.IsObject()) return;
    Napi::Object o = v.As<Napi::Object>();
    c.timeout = opt_number(o, "timeout", -1.0);
    c.max_retries = static_cast<int>(opt_number(o, "maxRetries", -1.0));
    mode = static_cast<BodyMode>(static_cast<int>(opt_number(o, "mode", 0)));
    c.skip_json = mode == BodyMode::Text ? 1 : 0;
    Napi::Value h = o.Get("headers");
    if (h.IsArray()) {
      Napi::Array arr = h.As<Napi::Array>();
      for (uint32_t i = 0; i < arr.Length(); ++i)
        header_store.push_back(arr.Get(i).ToString().Utf8Value());
      for (const auto &s : header_store) header_ptrs.push_back(s.c_str());
      c.headers = header_ptrs.data();
      c.headers_count = header_ptrs.size();
    }
    Napi::Value cancel = o.Get("cancel");
    if (cancel.IsExternal())
      c.cancel = cancel.As<Napi::External<devin_cancel>>().Data();
    Napi::Value up = o.Get("upload");
    if (up.IsObject()) {
      Napi::Object u = up.As<Napi::Object>();
      Napi::Value data = u.Get("data");
      if (data.IsBuffer()) {
        auto buf = data.As<Napi::Buffer<char>>();
        upload_data.assign(buf.Data(), buf.Length());
        c.upload_data = upload_data.data();
        c.upload_len = upload_data.size();
      }
      upload_path = opt_string(u, "path");
      if (!upload_path.empty()) c.upload_path = upload_path.c_str();
      upload_filename = opt_string(u, "filename");
      if (!upload_filename.empty()) c.upload_filename = upload_filename.c_str();
      upload_type = opt_string(u, "contentType");
      if (!upload_type.empty()) c.upload_content_type = upload_type.c_str();
    }
  }
  const devin_call_options *get() const { return &c; }
};

// One call in flight: settles its Promise on the JS thread.
struct CallJob : Job {
  std::shared_ptr<ClientState> state;
  napi_deferred deferred = nullptr;
  BodyMode mode = BodyMode::Text;
  devin_response *resp = nullptr;
  devin_error *err = nullptr;
  napi_ref keep = nullptr;  // pager object or progress function

  ~CallJob() override {
    devin_response_free(resp);
    devin_error_free(err);
  }

  void settle(napi_env raw) {
    Napi::Env env(raw);
    Napi::HandleScope scope(env);
    if (resp) {
      Napi::Value v;
      try {
        v = response_to_js(env, &resp, mode);
      } catch (const Napi::Error &e) {
        napi_reject_deferred(raw, deferred, e.Value());
        return;
      }
      napi_resolve_deferred(raw, deferred, v);
    } else {
      napi_reject_deferred(raw, deferred, error_to_js(env, err));
    }
  }

  void run(napi_env raw) override {
    settle(raw);
    if (keep) napi_delete_reference(raw, keep);
    state->end();
  }

  void drop() override {
    // The environment is going away: no Node-API calls. Keep the state from
    // being destroyed here (it will be torn down by its cleanup hook).
    new std::shared_ptr<ClientState>(std::move(state));
  }

  static void on_complete(void *ud, devin_response *resp, devin_error *err) {
    auto *job = static_cast<CallJob *>(ud);
    job->resp = resp;
    job->err = err;
    ClientState *st = job->state.get();
    if (!st->post(job)) {
      job->drop();
      delete job;
    }
  }
};

// A progress report of a session wait (the session as JSON text).
struct ProgressJob : Job {
  napi_ref fn;
  std::string json;
  ProgressJob(napi_ref f, std::string j) : fn(f), json(std::move(j)) {}
  void run(napi_env raw) override {
    Napi::Env env(raw);
    Napi::HandleScope scope(env);
    napi_value f;
    if (napi_get_reference_value(raw, fn, &f) != napi_ok || !f) return;
    Napi::Function func(raw, f);
    try {
      func.Call({Napi::String::New(env, json)});
    } catch (const Napi::Error &e) {
      // A throwing onProgress must not break the wait; surface it.
      napi_fatal_exception(raw, e.Value());
    }
  }
};

void on_progress(void *ud, const devin_value *session) {
  auto *job = static_cast<CallJob *>(ud);
  if (!job->keep) return;
  size_t len = 0;
  const char *text = devin_value_json(session, &len);
  auto *p = new ProgressJob(job->keep, std::string(text ? text : "null", len));
  if (!job->state->post(p)) delete p;
}

// A log line for the JS logger.
struct LogJob : Job {
  std::shared_ptr<LogSink> sink;
  int level;
  std::string line;
  LogJob(std::shared_ptr<LogSink> s, int l, std::string m)
      : sink(std::move(s)), level(l), line(std::move(m)) {}
  void run(napi_env raw) override {
    if (!sink->fn) return;
    Napi::Env env(raw);
    Napi::HandleScope scope(env);
    napi_value f;
    if (napi_get_reference_value(raw, sink->fn, &f) != napi_ok || !f) return;
    try {
      Napi::Function(raw, f).Call(
          {Napi::Number::New(env, level), Napi::String::New(env, line)});
    } catch (const Napi::Error &) {
      // A logger that throws loses its line, nothing else.
    }
  }
  void drop() override { sink->open = false; }
};

void on_log(void *ud, devin_log_level level, const char *msg, size_t len) {
  auto *sink = static_cast<LogSink *>(ud);
  napi_threadsafe_function t = sink->tsfn;
  if (!t || !sink->open.load()) return;
  auto *job = new LogJob(sink->shared_from_this(), static_cast<int>(level),
                         std::string(msg ? msg : "", len));
  if (napi_call_threadsafe_function(t, job, napi_tsfn_nonblocking) != napi_ok) {
    job->drop();
    delete job;
  }
}

// Starts a job: creates its Promise and counts it in flight.
Napi::Promise start(Napi::Env env, CallJob *job) {
  napi_value promise;
  NAPI_THROW_IF_FAILED(env, napi_create_promise(env, &job->deferred, &promise),
                       Napi::Promise());
  job->state->begin();
  return Napi::Promise(env, promise);
}

// The submit function refused the call: settle at once (asynchronously, from
// JS's point of view, as a rejected Promise).
void refuse(Napi::Env env, CallJob *job, devin_error *err) {
  job->err = err;
  job->run(env);
  delete job;
}

std::shared_ptr<ClientState> live(Napi::Env env,
                                  const std::shared_ptr<ClientState> &st) {
  if (!st || !st->client())
    NAPI_THROW(Napi::Error::New(env, "client is freed"), nullptr);
  return st;
}

}  // namespace

Napi::Function ClientWrap::Define(Napi::Env env) {
  return DefineClass(env, "NativeClient",
                     {InstanceMethod<&ClientWrap::Call>("call"),
                      InstanceMethod<&ClientWrap::Request>("request"),
                      InstanceMethod<&ClientWrap::Wait>("wait"),
                      InstanceMethod<&ClientWrap::Pager>("pager"),
                      InstanceMethod<&ClientWrap::Close>("close"),
                      InstanceMethod<&ClientWrap::OrgId>("orgId"),
                      InstanceMethod<&ClientWrap::BaseUrl>("baseUrl"),
                      InstanceMethod<&ClientWrap::Inflight>("inflight")});
}

// new NativeClient({ apiKey, orgId, baseUrl, connectTimeout, attemptTimeout,
//   timeout, stallTimeout (seconds), maxRetries, proxy, caBundle,
//   allowInsecureHttp, defaultHeaders: string[], userAgent, logLevel,
//   logger: (level, line) => void })
ClientWrap::ClientWrap(const Napi::CallbackInfo &info)
    : Napi::ObjectWrap<ClientWrap>(info) {
  Napi::Env env = info.Env();
  Napi::Object o =
      info[0].IsObject() ? info[0].As<Napi::Object>() : Napi::Object::New(env);
  devin_client_options opts = DEVIN_CLIENT_OPTIONS_INIT;
  std::string api_key = opt_string(o, "apiKey");
  std::string org_id = opt_string(o, "orgId");
  std::string base_url = opt_string(o, "baseUrl");
  std::string proxy = opt_string(o, "proxy");
  std::string ca = opt_string(o, "caBundle");
  std::string ua = opt_string(o, "userAgent");
  if (!api_key.empty()) opts.api_key = api_key.c_str();
  if (!org_id.empty()) opts.org_id = org_id.c_str();
  if (!base_url.empty()) opts.base_url = base_url.c_str();
  if (!proxy.empty()) opts.proxy = proxy.c_str();
  if (!ca.empty()) opts.ca_bundle = ca.c_str();
  if (!ua.empty()) opts.user_agent = ua.c_str();
  opts.connect_timeout = opt_number(o, "connectTimeout", -1.0);
  opts.attempt_timeout = opt_number(o, "attemptTimeout", -1.0);
  opts.timeout = opt_number(o, "timeout", -1.0);
  opts.stall_timeout = opt_number(o, "stallTimeout", -1.0);
  opts.max_retries = static_cast<int>(opt_number(o, "maxRetries", -1.0));
  opts.allow_insecure_http = o.Get("allowInsecureHttp").ToBoolean() ? 1 : 0;
  opts.log_level = static_cast<int>(opt_number(o, "logLevel", -1.0));
  std::vector<std::string> hstore;
  std::vector<const char *> hptrs;
  Napi::Value dh = o.Get("defaultHeaders");
  if (dh.IsArray()) {
    Napi::Array arr = dh.As<Napi::Array>();
    for (uint32_t i = 0; i < arr.Length(); ++i)
      hstore.push_back(arr.Get(i).ToString().Utf8Value());
    for (const auto &s : hstore) hptrs.push_back(s.c_str());
    opts.default_headers = hptrs.data();
    opts.default_headers_count = hptrs.size();
  }

  napi_threadsafe_function tsfn = make_tsfn(env);
  if (!tsfn) NAPI_THROW_VOID(Napi::Error::New(env, "cannot create TSFN"));
  std::shared_ptr<LogSink> sink;
  Napi::Value logger = o.Get("logger");
  if (logger.IsFunction()) {
    sink = std::make_shared<LogSink>();
    sink->env = env;
    sink->tsfn = tsfn;
    napi_create_reference(env, logger, 1, &sink->fn);
    opts.log_fn = on_log;
    opts.log_user_data = sink.get();
  }
  devin_client *client = nullptr;
  devin_error *err = nullptr;
  if (devin_client_new(&client, &opts, &err) != DEVIN_OK) {
    if (sink) sink->tsfn = nullptr;
    napi_release_threadsafe_function(tsfn, napi_tsfn_release);
    throw_error(env, err);
  }
  state_ = std::make_shared<ClientState>(env, client, tsfn, std::move(sink));
}

ClientWrap::~ClientWrap() = default;

// call(operation, paramsJson, opts) -> Promise
Napi::Value ClientWrap::Call(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  auto st = live(env, state_);
  std::string op = info[0].As<Napi::String>().Utf8Value();
  std::string params =
      info[1].IsString() ? info[1].As<Napi::String>().Utf8Value() : "";
  CallOpts co(info[2]);
  auto *job = new CallJob;
  job->state = st;
  job->mode = co.mode;
  Napi::Promise p = start(env, job);
  devin_error *err = nullptr;
  if (devin_call_async(st->client(), op.c_str(),
                       params.empty() ? nullptr : params.data(), params.size(),
                       co.get(), CallJob::on_complete, job, &err) != DEVIN_OK)
    refuse(env, job, err);
  return p;
}

// request(method, path, queryJson|null, body: string|Buffer|null,
//         contentType|null, opts) -> Promise
Napi::Value ClientWrap::Request(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  auto st = live(env, state_);
  std::string method = info[0].As<Napi::String>().Utf8Value();
  std::string path = info[1].As<Napi::String>().Utf8Value();
  std::string query =
      info[2].IsString() ? info[2].As<Napi::String>().Utf8Value() : "";
  std::string body;
  bool has_body = false;
  if (info[3].IsBuffer()) {
    auto b = info[3].As<Napi::Buffer<char>>();
    body.assign(b.Data(), b.Length());
    has_body = true;
  } else if (info[3].IsString()) {
    body = info[3].As<Napi::String>().Utf8Value();
    has_body = true;
  }
  std::string ctype =
      info[4].IsString() ? info[4].As<Napi::String>().Utf8Value() : "";
  CallOpts co(info[5]);
  auto *job = new CallJob;
  job->state = st;
  job->mode = co.mode;
  Napi::Promise p = start(env, job);
  devin_error *err = nullptr;
  if (devin_request_async(st->client(), method.c_str(), path.c_str(),
                          query.empty() ? nullptr : query.c_str(),
                          has_body ? body.data() : nullptr, body.size(),
                          ctype.empty() ? nullptr : ctype.c_str(), co.get(),
                          CallJob::on_complete, job, &err) != DEVIN_OK)
    refuse(env, job, err);
  return p;
}

// wait(sessionId, { until, timeout, orgId, cancel }, onProgress?) -> Promise
Napi::Value ClientWrap::Wait(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  auto st = live(env, state_);
  std::string id = info[0].As<Napi::String>().Utf8Value();
  devin_wait_options wo = DEVIN_WAIT_OPTIONS_INIT;
  std::string org;
  if (info[1].IsObject()) {
    Napi::Object o = info[1].As<Napi::Object>();
    wo.until = static_cast<devin_wait_until>(
        static_cast<int>(opt_number(o, "until", 0)));
    wo.timeout = opt_number(o, "timeout", 0.0);
    org = opt_string(o, "orgId");
    if (!org.empty()) wo.org_id = org.c_str();
    Napi::Value cancel = o.Get("cancel");
    if (cancel.IsExternal())
      wo.cancel = cancel.As<Napi::External<devin_cancel>>().Data();
  }
  auto *job = new CallJob;
  job->state = st;
  if (info[2].IsFunction()) {
    napi_create_reference(env, info[2], 1, &job->keep);
    wo.on_progress = on_progress;
    wo.progress_user_data = job;
  }
  Napi::Promise p = start(env, job);
  devin_error *err = nullptr;
  if (devin_session_wait_async(st->client(), id.c_str(), &wo,
                               CallJob::on_complete, job, &err) != DEVIN_OK)
    refuse(env, job, err);
  return p;
}

// pager(operation, paramsJson, opts) -> NativePager
Napi::Value ClientWrap::Pager(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  auto st = live(env, state_);
  std::string op = info[0].As<Napi::String>().Utf8Value();
  std::string params =
      info[1].IsString() ? info[1].As<Napi::String>().Utf8Value() : "";
  CallOpts co(info[2]);
  devin_pager *pager = nullptr;
  devin_error *err = nullptr;
  if (devin_pager_new(&pager, st->client(), op.c_str(),
                      params.empty() ? nullptr : params.data(), params.size(),
                      co.get(), &err) != DEVIN_OK)
    throw_error(env, err);
  auto *data = env.GetInstanceData<AddonData>();
  Napi::Object obj = data->pager_ctor.New({});
  PagerWrap::Unwrap(obj)->attach(st, pager, static_cast<int>(co.mode));
  return obj;
}

Napi::Value ClientWrap::Close(const Napi::CallbackInfo &info) {
  if (state_) state_->close();
  return info.Env().Undefined();
}

Napi::Value ClientWrap::OrgId(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (!state_ || !state_->client()) return env.Null();
  char *s = devin_client_org_id(state_->client());
  if (!s) return env.Null();
  Napi::String out = Napi::String::New(env, s);
  devin_string_free(s);
  return out;
}

Napi::Value ClientWrap::BaseUrl(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (!state_ || !state_->client()) return env.Null();
  char *s = devin_client_base_url(state_->client());
  if (!s) return env.Null();
  Napi::String out = Napi::String::New(env, s);
  devin_string_free(s);
  return out;
}

Napi::Value ClientWrap::Inflight(const Napi::CallbackInfo &info) {
  return Napi::Number::New(
      info.Env(), state_ ? static_cast<double>(state_->inflight()) : 0.0);
}

// ---- pager -----------------------------------------------------------------

struct PageJob : CallJob {
  PagerWrap *pager = nullptr;
  void run(napi_env raw) override {
    pager->busy_ = false;
    if (err && devin_error_code(err) == DEVIN_E_DONE) {
      napi_value null;
      napi_get_null(raw, &null);
      napi_resolve_deferred(raw, deferred, null);
      if (keep) napi_delete_reference(raw, keep);
      state->end();
      return;
    }
    CallJob::run(raw);
  }
};

Napi::Function PagerWrap::Define(Napi::Env env) {
  return DefineClass(env, "NativePager",
                     {InstanceMethod<&PagerWrap::Next>("next"),
                      InstanceMethod<&PagerWrap::HasMore>("hasMore"),
                      InstanceMethod<&PagerWrap::Cursor>("cursor")});
}

PagerWrap::PagerWrap(const Napi::CallbackInfo &info)
    : Napi::ObjectWrap<PagerWrap>(info) {}

PagerWrap::~PagerWrap() { devin_pager_free(pager_); }

void PagerWrap::attach(std::shared_ptr<ClientState> state, devin_pager *pager,
                       int mode) {
  state_ = std::move(state);
  pager_ = pager;
  mode_ = mode;
}

// next() -> Promise<page array | null at the end>
Napi::Value PagerWrap::Next(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (!pager_) NAPI_THROW(Napi::Error::New(env, "pager is not attached"), {});
  if (busy_)
    NAPI_THROW(Napi::Error::New(env, "a page is already being fetched"), {});
  auto st = live(env, state_);
  auto *job = new PageJob;
  job->state = st;
  job->pager = this;
  job->mode = static_cast<BodyMode>(mode_);
  napi_create_reference(env, info.This(), 1, &job->keep);  // keep us alive
  Napi::Promise p = start(env, job);
  busy_ = true;
  devin_error *err = nullptr;
  if (devin_pager_next_async(pager_, CallJob::on_complete, job, &err) !=
      DEVIN_OK)
    refuse(env, job, err);
  return p;
}

Napi::Value PagerWrap::HasMore(const Napi::CallbackInfo &info) {
  return Napi::Boolean::New(info.Env(), devin_pager_has_more(pager_) != 0);
}

Napi::Value PagerWrap::Cursor(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  char *c = devin_pager_cursor(pager_);
  if (!c) return env.Null();
  Napi::String out = Napi::String::New(env, c);
  devin_string_free(c);
  return out;
}

}  // namespace devin_node
