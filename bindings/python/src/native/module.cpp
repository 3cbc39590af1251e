// _native: clients, calls, pagers and waits over devin.h.
//
// Synchronous calls are submitted asynchronously and waited for in short
// slices with the GIL released, so other threads run and Ctrl-C works (the
// call is then cancelled through its token). Asynchronous calls complete into
// a per-event-loop Bridge: the I/O thread queues the result and, only when
// the queue was empty, schedules one drain on the loop with
// call_soon_threadsafe, so a burst of completions costs one wake-up.
#include <pybind11/stl.h>

#include <chrono>
#include <condition_variable>
#include <optional>

#include "native.hpp"

namespace devin_py {
namespace {

using namespace std::chrono_literals;

// ---------------------------------------------------------------- cancel
struct Cancel {
  devin_cancel *c = nullptr;
  Cancel() {
    if (devin_cancel_new(&c) != DEVIN_OK) throw std::bad_alloc();
  }
  Cancel(const Cancel &) = delete;
  Cancel &operator=(const Cancel &) = delete;
  ~Cancel() { devin_cancel_free(c); }
};

// ---------------------------------------------------------- call options
struct CallOptions {
  double timeout = -1;
  int max_retries = -1;
  std::vector<std::string> headers;
  std::shared_ptr<Cancel> cancel;
  std::optional<std::string> upload_path, upload_data, upload_filename,
      upload_content_type;
  // storage for the C struct
  std::vector<const char *> header_ptrs;

  devin_call_options fill(devin_cancel *fallback) {
    devin_call_options o = DEVIN_CALL_OPTIONS_INIT;
    o.timeout = timeout;
    o.max_retries = max_retries;
    header_ptrs.clear();
    for (auto &h : headers) header_ptrs.push_back(h.c_str());
    o.headers = header_ptrs.empty() ? nullptr : header_ptrs.data();
    o.headers_count = header_ptrs.size();
    o.cancel = cancel ? cancel->c : fallback;
    if (upload_path) o.upload_path = upload_path->c_str();
    if (upload_data) {
      o.upload_data = upload_data->data();
      o.upload_len = upload_data->size();
    }
    if (upload_filename) o.upload_filename = upload_filename->c_str();
    if (upload_content_type)
      o.upload_content_type = upload_content_type->c_str();
    return o;
  }
};

devin_call_options options_for(CallOptions *opts, devin_cancel *fallback) {
  if (opts) return opts->fill(fallback);
  devin_call_options o = DEVIN_CALL_OPTIONS_INIT;
  o.cancel = fallback;
  return o;
}

// ------------------------------------------------------------ sync calls
struct SyncSlot {
  std::mutex m;
  std::condition_variable cv;
  bool done = false;
  devin_response *resp = nullptr;
  devin_error *err = nullptr;
};

void sync_complete(void *ud, devin_response *r, devin_error *e) {
  auto *s = static_cast<SyncSlot *>(ud);
  std::lock_guard<std::mutex> lock(s->m);  // notify under the lock: the
  s->resp = r;                             // waiter frees the slot as soon
  s->err = e;                              // as it sees `done`
  s->done = true;
  s->cv.notify_one();
}

using Submit =
    std::function<devin_status(devin_complete_fn, void *, devin_error **)>;

// Runs one asynchronous submission to completion on this thread. Returns a
// Response or an Error object; raises on a pending signal (after cancelling).
py::object run_sync(const Submit &submit, devin_cancel *cancel) {
  SyncSlot slot;
  devin_error *err = nullptr;
  devin_status st;
  {
    py::gil_scoped_release nogil;
    st = submit(sync_complete, &slot, &err);
  }
  if (st != DEVIN_OK) return wrap_error(err);
  for (;;) {
    bool done;
    {
      py::gil_scoped_release nogil;
      std::unique_lock<std::mutex> lock(slot.m);
      done = slot.cv.wait_for(lock, 50ms, [&] { return slot.done; });
    }
    if (done) break;
    if (PyErr_CheckSignals() != 0) {
      if (cancel) devin_cancel_trigger(cancel);
      {
        py::gil_scoped_release nogil;
        std::unique_lock<std::mutex> lock(slot.m);
        // Timed (GLIBCXX_3.4.29 floor: the untimed wait is 3.4.30).
        while (!slot.done) slot.cv.wait_for(lock, 1h);
      }
      devin_response_free(slot.resp);
      devin_error_free(slot.err);
      throw py::error_already_set();
    }
  }
  return wrap_result(slot.resp, slot.err);
}

// ----------------------------------------------------- asyncio bridging
struct Done {
  uint64_t id;
  devin_response *resp;
  devin_error *err;
};

struct Bridge {
  std::mutex m;
  std::vector<Done> q;
  bool scheduled = false;
  PyObject *schedule;  // strong ref: a no-argument callable

  explicit Bridge(py::object fn) : schedule(fn.release().ptr()) {}
  Bridge(const Bridge &) = delete;
  Bridge &operator=(const Bridge &) = delete;

  ~Bridge() {
    for (auto &d : q) {
      devin_response_free(d.resp);
      devin_error_free(d.err);
    }
    if (!finalizing()) {
      py::gil_scoped_acquire gil;
      Py_CLEAR(schedule);
    }
  }

  // I/O thread.
  void push(uint64_t id, devin_response *r, devin_error *e) {
    bool need;
    {
      std::lock_guard<std::mutex> lock(m);
      q.push_back({id, r, e});
      need = !scheduled;
      scheduled = true;
    }
    if (!need || finalizing()) return;
    py::gil_scoped_acquire gil;
    PyObject *res = PyObject_CallNoArgs(schedule);
    if (res) {
      Py_DECREF(res);
      return;
    }
    PyErr_Clear();  // the loop is closed: let a later push try again
    std::lock_guard<std::mutex> lock(m);
    scheduled = false;
  }

  // Event-loop thread: [(id, Response | Error), ...]
  py::list drain() {
    std::vector<Done> batch;
    {
      std::lock_guard<std::mutex> lock(m);
      batch.swap(q);
      scheduled = false;
    }
    py::list out(batch.size());
    size_t i = 0;
    for (auto &d : batch) {
      py::object r = wrap_result(d.resp, d.err);
      out[i++] = py::make_tuple(d.id, std::move(r));
    }
    return out;
  }
};

struct AsyncUd {
  std::shared_ptr<Bridge> bridge;
  uint64_t id;
};

void async_complete(void *ud, devin_response *r, devin_error *e) {
  std::unique_ptr<AsyncUd> u(static_cast<AsyncUd *>(ud));
  u->bridge->push(u->id, r, e);
}

py::object submit_async(
    const std::shared_ptr<Bridge> &bridge, uint64_t id,
    const std::function<devin_status(void *, devin_error **)> &submit) {
  auto *ud = new AsyncUd{bridge, id};
  devin_error *err = nullptr;
  devin_status st = submit(ud, &err);
  if (st != DEVIN_OK) {
    delete ud;
    return wrap_error(err);
  }
  return py::none();
}

// ------------------------------------------------------------- logging
struct LogSink {
  PyObject *fn = nullptr;  // strong ref; callable(level: int, message: str)
};

void log_cb(void *ud, devin_log_level level, const char *msg, size_t len) {
  auto *sink = static_cast<LogSink *>(ud);
  if (!sink || !sink->fn || finalizing()) return;
  py::gil_scoped_acquire gil;
  PyObject *text =
      PyUnicode_DecodeUTF8(msg, static_cast<Py_ssize_t>(len), "replace");
  if (!text) {
    PyErr_Clear();
    return;
  }
  PyObject *res = PyObject_CallFunction(sink->fn, "iO", int(level), text);
  Py_DECREF(text);
  if (res)
    Py_DECREF(res);
  else
    PyErr_Clear();
}

// ------------------------------------------------------------ progress
struct Progress {
  PyObject *fn = nullptr;  // strong ref; callable(session: dict)
};

void progress_cb(void *ud, const devin_value *session) {
  auto *p = static_cast<Progress *>(ud);
  if (!p || !p->fn || finalizing()) return;
  py::gil_scoped_acquire gil;
  try {
    py::object s = deep(session);
    PyObject *res = PyObject_CallOneArg(p->fn, s.ptr());
    if (res)
      Py_DECREF(res);
    else
      PyErr_WriteUnraisable(p->fn);
  } catch (py::error_already_set &e) {
    e.discard_as_unraisable(__func__);
  }
}

struct WaitUd {
  AsyncUd base;
  Progress progress;
};

void wait_complete(void *ud, devin_response *r, devin_error *e) {
  std::unique_ptr<WaitUd> u(static_cast<WaitUd *>(ud));
  u->base.bridge->push(u->base.id, r, e);
  if (u->progress.fn && !finalizing()) {
    py::gil_scoped_acquire gil;
    Py_CLEAR(u->progress.fn);
  }
}

// -------------------------------------------------------------- client
std::optional<std::string> opt_str(const py::object &o) {
  if (o.is_none()) return std::nullopt;
  return o.cast<std::string>();
}

struct Client {
  devin_client *c = nullptr;
  std::unique_ptr<LogSink> sink;

  Client() = default;
  Client(const Client &) = delete;
  Client &operator=(const Client &) = delete;
  ~Client() { release(); }

  void release() {
    if (c) {
      devin_client *old = c;
      c = nullptr;
      if (!finalizing()) {
        py::gil_scoped_release nogil;
        devin_client_free(old);
      } else {
        devin_client_free(old);
      }
    }
    if (sink && sink->fn && !finalizing()) Py_CLEAR(sink->fn);
  }

  devin_client *get() const {
    if (!c) throw std::runtime_error("the client is closed");
    return c;
  }

  void close() {
    if (!c) return;
    py::gil_scoped_release nogil;
    devin_client_close(c, nullptr);
  }
};

py::object new_client(py::object api_key, py::object org_id,
                      py::object base_url, double connect_timeout,
                      double attempt_timeout, double timeout,
                      double stall_timeout, int max_retries, py::object proxy,
                      py::object ca_bundle, bool allow_insecure_http,
                      std::vector<std::string> default_headers,
                      py::object user_agent, py::object log_fn, int log_level) {
  auto key = opt_str(api_key), org = opt_str(org_id), url = opt_str(base_url),
       px = opt_str(proxy), ca = opt_str(ca_bundle), ua = opt_str(user_agent);
  std::vector<const char *> hdrs;
  for (auto &h : default_headers) hdrs.push_back(h.c_str());
  devin_client_options o = DEVIN_CLIENT_OPTIONS_INIT;
  o.api_key = key ? key->c_str() : nullptr;
  o.org_id = org ? org->c_str() : nullptr;
  o.base_url = url ? url->c_str() : nullptr;
  o.connect_timeout = connect_timeout;
  o.attempt_timeout = attempt_timeout;
  o.timeout = timeout;
  o.stall_timeout = stall_timeout;
  o.max_retries = max_retries;
  o.proxy = px ? px->c_str() : nullptr;
  o.ca_bundle = ca ? ca->c_str() : nullptr;
  o.allow_insecure_http = allow_insecure_http ? 1 : 0;
  o.default_headers = hdrs.empty() ? nullptr : hdrs.data();
  o.default_headers_count = hdrs.size();
  o.user_agent = ua ? ua->c_str() : nullptr;
  o.log_level = log_level;
  auto client = std::make_unique<Client>();
  if (!log_fn.is_none()) {
    client->sink = std::make_unique<LogSink>();
    client->sink->fn = log_fn.inc_ref().ptr();
    o.log_fn = log_cb;
    o.log_user_data = client->sink.get();
  }
  devin_error *err = nullptr;
  devin_status st;
  {
    py::gil_scoped_release nogil;
    st = devin_client_new(&client->c, &o, &err);
  }
  if (st != DEVIN_OK) return wrap_error(err);
  return py::cast(std::move(client));
}

std::string params_of(const py::object &params) {
  if (params.is_none()) return {};
  if (PyBytes_Check(params.ptr())) return params.cast<std::string>();
  return params.cast<std::string>();
}

// --------------------------------------------------------------- pager
struct Pager {
  devin_pager *p = nullptr;
  std::shared_ptr<Cancel> cancel;
  Pager() = default;
  Pager(const Pager &) = delete;
  Pager &operator=(const Pager &) = delete;
  ~Pager() { devin_pager_free(p); }
};

}  // namespace
}  // namespace devin_py

using namespace devin_py;

PYBIND11_MODULE(_native, m) {
  m.doc() = "Thin binding of libdevin's C ABI (devin.h). Internal.";
  m.attr("ABI_VERSION") = DEVIN_ABI_VERSION;
  m.def("abi_version", &devin_abi_version);
  m.def("version", [] { return std::string(devin_version()); });
  m.def("status_name",
        [](int s) { return std::string(devin_status_name(devin_status(s))); });
  m.def("after_fork_child", &devin_after_fork_child);
  m.def("wait_delay",
        [](unsigned attempt) { return devin_wait_delay(attempt); });
  m.def("operations", [] {
    py::list out;
    for (size_t i = 0, n = devin_operation_count(); i < n; ++i) {
      const char *id = devin_operation_id(i);
      out.append(py::make_tuple(id, devin_operation_method(id),
                                devin_operation_path(id)));
    }
    return out;
  });

  register_values(m);

  py::class_<Cancel, std::shared_ptr<Cancel>>(m, "Cancel")
      .def(py::init<>())
      .def("trigger", [](Cancel &c) { devin_cancel_trigger(c.c); })
      .def_property_readonly("triggered", [](Cancel &c) {
        return devin_cancel_is_triggered(c.c) != 0;
      });

  py::class_<CallOptions>(m, "CallOptions")
      .def(py::init<>())
      .def_readwrite("timeout", &CallOptions::timeout)
      .def_readwrite("max_retries", &CallOptions::max_retries)
      .def_readwrite("headers", &CallOptions::headers)
      .def_readwrite("cancel", &CallOptions::cancel)
      .def_readwrite("upload_path", &CallOptions::upload_path)
      .def_property(
          "upload_data", [](CallOptions &) { return py::none(); },
          [](CallOptions &o, py::object b) {
            if (b.is_none())
              o.upload_data.reset();
            else
              o.upload_data = b.cast<std::string>();
          })
      .def_readwrite("upload_filename", &CallOptions::upload_filename)
      .def_readwrite("upload_content_type", &CallOptions::upload_content_type);

  py::class_<Bridge, std::shared_ptr<Bridge>>(m, "Bridge")
      .def(py::init<py::object>())
      .def("drain", &Bridge::drain);

  py::class_<Pager>(m, "Pager")
      .def_property_readonly(
          "has_more", [](Pager &p) { return devin_pager_has_more(p.p) != 0; })
      .def_property_readonly("cursor",
                             [](Pager &p) -> py::object {
                               char *s = devin_pager_cursor(p.p);
                               if (!s) return py::none();
                               py::object out = utf8(s, strlen(s));
                               devin_string_free(s);
                               return out;
                             })
      .def("next",
           [](Pager &p) {
             return run_sync(
                 [&](devin_complete_fn cb, void *ud, devin_error **err) {
                   return devin_pager_next_async(p.p, cb, ud, err);
                 },
                 p.cancel ? p.cancel->c : nullptr);
           })
      .def("next_async",
           [](Pager &p, std::shared_ptr<Bridge> bridge, uint64_t id) {
             return submit_async(bridge, id, [&](void *ud, devin_error **err) {
               return devin_pager_next_async(p.p, async_complete, ud, err);
             });
           })
      .def("cancel", [](Pager &p) {
        if (p.cancel) devin_cancel_trigger(p.cancel->c);
      });

  m.def("new_client", &new_client, py::arg("api_key"), py::arg("org_id"),
        py::arg("base_url"), py::arg("connect_timeout"),
        py::arg("attempt_timeout"), py::arg("timeout"),
        py::arg("stall_timeout"), py::arg("max_retries"), py::arg("proxy"),
        py::arg("ca_bundle"), py::arg("allow_insecure_http"),
        py::arg("default_headers"), py::arg("user_agent"), py::arg("log_fn"),
        py::arg("log_level"));

  py::class_<Client>(m, "Client")
      .def("close", &Client::close)
      .def("free", &Client::release)
      .def_property_readonly("closed", [](Client &c) { return c.c == nullptr; })
      .def("org_id",
           [](Client &c) -> py::object {
             char *s = devin_client_org_id(c.get());
             if (!s) return py::none();
             py::object out = utf8(s, strlen(s));
             devin_string_free(s);
             return out;
           })
      .def("base_url",
           [](Client &c) {
             char *s = devin_client_base_url(c.get());
             std::string out = s ? s : "";
             devin_string_free(s);
             return out;
           })
      .def(
          "call",
          [](Client &c, const std::string &op, py::object params,
             CallOptions *opts) {
            std::string body = params_of(params);
            Cancel local;
            devin_call_options o = options_for(opts, local.c);
            devin_client *h = c.get();
            return run_sync(
                [&](devin_complete_fn cb, void *ud, devin_error **err) {
                  return devin_call_async(h, op.c_str(), body.data(),
                                          body.size(), &o, cb, ud, err);
                },
                o.cancel);
          },
          py::arg("op"), py::arg("params"), py::arg("opts").none(true))
      .def(
          "call_async",
          [](Client &c, std::shared_ptr<Bridge> bridge, uint64_t id,
             const std::string &op, py::object params, CallOptions *opts,
             Cancel *cancel) {
            std::string body = params_of(params);
            devin_call_options o = options_for(opts, nullptr);
            if (cancel) o.cancel = cancel->c;
            devin_client *h = c.get();
            return submit_async(bridge, id, [&](void *ud, devin_error **err) {
              return devin_call_async(h, op.c_str(), body.data(), body.size(),
                                      &o, async_complete, ud, err);
            });
          },
          py::arg("bridge"), py::arg("id"), py::arg("op"), py::arg("params"),
          py::arg("opts").none(true), py::arg("cancel").none(true))
      .def(
          "request",
          [](Client &c, const std::string &method, const std::string &path,
             py::object query, py::object body, py::object content_type,
             CallOptions *opts) {
            auto q = opt_str(query), b = opt_str(body),
                 ct = opt_str(content_type);
            Cancel local;
            devin_call_options o = options_for(opts, local.c);
            devin_client *h = c.get();
            return run_sync(
                [&](devin_complete_fn cb, void *ud, devin_error **err) {
                  return devin_request_async(
                      h, method.c_str(), path.c_str(), q ? q->c_str() : nullptr,
                      b ? b->data() : nullptr, b ? b->size() : 0,
                      ct ? ct->c_str() : nullptr, &o, cb, ud, err);
                },
                o.cancel);
          },
          py::arg("method"), py::arg("path"), py::arg("query").none(true),
          py::arg("body").none(true), py::arg("content_type").none(true),
          py::arg("opts").none(true))
      .def(
          "request_async",
          [](Client &c, std::shared_ptr<Bridge> bridge, uint64_t id,
             const std::string &method, const std::string &path,
             py::object query, py::object body, py::object content_type,
             CallOptions *opts, Cancel *cancel) {
            auto q = opt_str(query), b = opt_str(body),
                 ct = opt_str(content_type);
            devin_call_options o = options_for(opts, nullptr);
            if (cancel) o.cancel = cancel->c;
            devin_client *h = c.get();
            return submit_async(bridge, id, [&](void *ud, devin_error **err) {
              return devin_request_async(
                  h, method.c_str(), path.c_str(), q ? q->c_str() : nullptr,
                  b ? b->data() : nullptr, b ? b->size() : 0,
                  ct ? ct->c_str() : nullptr, &o, async_complete, ud, err);
            });
          },
          py::arg("bridge"), py::arg("id"), py::arg("method"), py::arg("path"),
          py::arg("query").none(true), py::arg("body").none(true),
          py::arg("content_type").none(true), py::arg("opts").none(true),
          py::arg("cancel").none(true))
      .def(
          "pager",
          [](Client &c, const std::string &op, py::object params,
             CallOptions *opts) -> py::object {
            std::string body = params_of(params);
            auto pager = std::make_unique<Pager>();
            pager->cancel = (opts && opts->cancel) ? opts->cancel
                                                   : std::make_shared<Cancel>();
            devin_call_options o = options_for(opts, pager->cancel->c);
            o.cancel = pager->cancel->c;
            devin_error *err = nullptr;
            devin_status st =
                devin_pager_new(&pager->p, c.get(), op.c_str(), body.data(),
                                body.size(), &o, &err);
            if (st != DEVIN_OK) return wrap_error(err);
            return py::cast(std::move(pager));
          },
          py::arg("op"), py::arg("params"), py::arg("opts").none(true))
      .def("wait",
           [](Client &c, const std::string &session_id, int until,
              double timeout, py::object org_id, std::shared_ptr<Cancel> cancel,
              py::object on_progress) {
             auto org = opt_str(org_id);
             Progress prog;
             if (!on_progress.is_none())
               prog.fn = on_progress.ptr();  // borrowed: we wait
             devin_wait_options o = DEVIN_WAIT_OPTIONS_INIT;
             o.until = devin_wait_until(until);
             o.timeout = timeout;
             o.org_id = org ? org->c_str() : nullptr;
             o.cancel = cancel->c;
             if (prog.fn) {
               o.on_progress = progress_cb;
               o.progress_user_data = &prog;
             }
             devin_client *h = c.get();
             return run_sync(
                 [&](devin_complete_fn cb, void *ud, devin_error **err) {
                   return devin_session_wait_async(h, session_id.c_str(), &o,
                                                   cb, ud, err);
                 },
                 cancel->c);
           })
      .def("wait_async",
           [](Client &c, std::shared_ptr<Bridge> bridge, uint64_t id,
              const std::string &session_id, int until, double timeout,
              py::object org_id, std::shared_ptr<Cancel> cancel,
              py::object on_progress) {
             auto org = opt_str(org_id);
             auto *ud = new WaitUd{AsyncUd{bridge, id}, Progress{}};
             devin_wait_options o = DEVIN_WAIT_OPTIONS_INIT;
             o.until = devin_wait_until(until);
             o.timeout = timeout;
             o.org_id = org ? org->c_str() : nullptr;
             o.cancel = cancel->c;
             if (!on_progress.is_none()) {
               ud->progress.fn = on_progress.inc_ref().ptr();
               o.on_progress = progress_cb;
               o.progress_user_data = &ud->progress;
             }
             devin_error *err = nullptr;
             devin_status st = devin_session_wait_async(
                 c.get(), session_id.c_str(), &o, wait_complete, ud, &err);
             if (st != DEVIN_OK) {
               Py_CLEAR(ud->progress.fn);
               delete ud;
               return wrap_error(err);
             }
             return py::object(py::none());
           });
}
