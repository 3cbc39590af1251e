#include "client.hpp"

#include <chrono>
#include <condition_variable>
#include <set>

#include "buffer_pool.hpp"

namespace devin::core {

namespace {
std::mutex &registry_mu() {
  static std::mutex mu;
  return mu;
}
std::set<ClientCore *> &registry() {
  static std::set<ClientCore *> clients;
  return clients;
}
}  // namespace

void register_client(ClientCore *c) {
  std::lock_guard<std::mutex> lock(registry_mu());
  registry().insert(c);
}
void unregister_client(ClientCore *c) {
  std::lock_guard<std::mutex> lock(registry_mu());
  registry().erase(c);
}
void after_fork_child_all() {
  buffer_pools_after_fork_child();
  new (&registry_mu()) std::mutex();
  for (ClientCore *c : registry()) c->after_fork_child();
}

ClientCore::ClientCore(ClientConfig config) : config_(std::move(config)) {
  org_id_ = config_.org_id;
  for (bool json : {false, true}) {
    struct curl_slist *list = nullptr;
    std::vector<std::string> lines = {
        "Authorization: Bearer " + config_.api_key,
        "User-Agent: " + config_.user_agent, "Accept: application/json",
        "Expect:"};
    for (const auto &[n, v] : config_.default_headers)
      lines.push_back(n + ": " + v);
    if (json) lines.push_back("Content-Type: application/json");
    for (const auto &l : lines) list = curl_slist_append(list, l.c_str());
    (json ? json_headers_ : base_headers_) = list;
  }
}

Result<std::shared_ptr<ClientCore>> ClientCore::create(ClientConfig config) {
  std::shared_ptr<ClientCore> c(new ClientCore(std::move(config)));
  c->engine_ = std::make_unique<Engine>();
  register_client(c.get());
  const Logger &log = c->config_.logger;
  if (c->config_.base.scheme == "https") {
    const CaStore &ca = c->config_.ca;
    if (!ca.found()) {
      log.log(LogLevel::Warn, std::string("TLS: ") + kNoCaStoreHint);
    } else if (log.enabled(LogLevel::Debug)) {
      log.log(LogLevel::Debug,
              "TLS: trusting " + (ca.file.empty() ? ca.dir : ca.file) +
                  (ca.file.empty() || ca.dir.empty() ? "" : " and " + ca.dir) +
                  " (from " + ca.source + ")");
    }
  }
  return c;
}

ClientCore::~ClientCore() {
  unregister_client(this);
  close();
  curl_slist_free_all(base_headers_);
  curl_slist_free_all(json_headers_);
}

std::string ClientCore::org_id() const {
  std::lock_guard<std::mutex> lock(mu_);
  return org_id_;
}

bool ClientCore::on_io_thread() const {
  std::lock_guard<std::mutex> lock(mu_);
  return engine_ && engine_->on_io_thread();
}

void ClientCore::close() {
  std::unique_ptr<Engine> engine;
  {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    engine = std::move(engine_);
  }
  if (engine) engine->close();
}

void ClientCore::after_fork_child() {
  // Runs in the child with only the forking thread alive.
  new (&mu_) std::mutex();
  if (!engine_) return;
  std::vector<std::shared_ptr<Task>> orphans = engine_->abandon_after_fork();
  for (auto &t : orphans) t->forget_after_fork();
  abandoned_.push_back(std::move(engine_));
  discovering_ = false;
  waiting_org_.clear();
  if (closed_) return;
  engine_ = std::make_unique<Engine>();
  // Calls the parent had in flight cannot finish here: fail them on the
  // fresh I/O thread so every callback still runs exactly once.
  struct ForkFailure final : Task {
    std::vector<std::shared_ptr<Task>> orphans;
    Engine *engine = nullptr;
    void start() override {
      for (auto &t : orphans) {
        t->abort(make_error(ErrorKind::Cancelled,
                            "the call was in flight when the process forked; "
                            "it cannot complete in the child"));
      }
      engine->finished(this);
    }
    void abort(std::unique_ptr<Error>) override { start(); }
  };
  if (!orphans.empty()) {
    auto task = std::make_shared<ForkFailure>();
    task->orphans = std::move(orphans);
    task->engine = engine_.get();
    engine_->submit(task);
  }
}

Status ClientCore::submit_task(std::shared_ptr<Task> task) {
  std::lock_guard<std::mutex> lock(mu_);
  if (closed_ || !engine_ || !engine_->submit(std::move(task)))
    return make_error(ErrorKind::Cancelled, "the client is closed");
  return {};
}

Status ClientCore::submit(HttpRequest req, CallSettings settings,
                          Completion done) {
  return submit_task(std::make_shared<Call>(shared_from_this(), std::move(req),
                                            std::move(settings),
                                            std::move(done)));
}

Status ClientCore::call_async(std::string_view operation,
                              const JsonNode *params,
                              const ParamOverrides &overrides,
                              CallSettings settings,
                              std::vector<Header> extra_headers, Upload *upload,
                              Completion done) {
  const OperationSpec *op = find_operation(operation);
  if (!op)
    return make_error(ErrorKind::InvalidArgument,
                      "unknown operation '" + std::string(operation) +
                          "' (see docs/operations.md)");
  auto req = build_operation_request(*op, params, overrides);
  if (!req) return req.take_error();
  req->headers = std::move(extra_headers);
  if (req->multipart) {
    if (!upload || (!upload->from_path && upload->data.empty()))
      return make_error(
          ErrorKind::InvalidArgument,
          std::string(op->id) + ": an upload needs a file path or data");
    req->upload = std::move(*upload);
  }
  return submit(std::move(*req), std::move(settings), std::move(done));
}

Result<std::unique_ptr<Response>> ClientCore::wait_for(
    const std::function<Status(Completion)> &start) {
  if (on_io_thread())
    return make_error(ErrorKind::InvalidArgument,
                      "a synchronous call from a completion callback would "
                      "deadlock; use the asynchronous API there");
  struct Slot {
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;
    std::unique_ptr<Response> resp;
    std::unique_ptr<Error> err;
  };
  auto slot = std::make_shared<Slot>();
  Status st =
      start([slot](std::unique_ptr<Response> r, std::unique_ptr<Error> e) {
        std::lock_guard<std::mutex> lock(slot->mu);
        slot->resp = std::move(r);
        slot->err = std::move(e);
        slot->done = true;
        slot->cv.notify_all();
      });
  if (!st) return st.take_error();
  std::unique_lock<std::mutex> lock(slot->mu);
  // Waiting with a deadline (and looping) instead of cv.wait(lock): the
  // untimed wait is GLIBCXX_3.4.30 in GCC 12's libstdc++, newer than the
  // GLIBCXX_3.4.29 floor of RHEL 9 / Amazon Linux 2023 that the shipped
  // binaries keep; the timed wait is inline (pthread_cond_clockwait).
  while (!slot->done) slot->cv.wait_for(lock, std::chrono::hours(1));
  if (slot->err) return std::move(slot->err);
  return std::move(slot->resp);
}

Result<std::unique_ptr<Response>> ClientCore::call_sync(
    std::string_view operation, const JsonNode *params,
    const ParamOverrides &overrides, CallSettings settings,
    std::vector<Header> extra_headers, Upload *upload) {
  return wait_for([&](Completion done) {
    return call_async(operation, params, overrides, settings, extra_headers,
                      upload, std::move(done));
  });
}

Result<std::unique_ptr<Response>> ClientCore::submit_sync(
    HttpRequest req, CallSettings settings) {
  return wait_for([&](Completion done) {
    return submit(std::move(req), std::move(settings), std::move(done));
  });
}

void ClientCore::await_org(std::shared_ptr<Call> call) {
  waiting_org_.push_back(std::move(call));
  if (discovering_) return;
  discovering_ = true;
  HttpRequest req;
  req.method = "GET";
  req.path = "/v3/self";
  req.operation = "whoami";
  CallSettings settings;
  auto self = shared_from_this();
  auto probe = std::make_shared<Call>(
      self, std::move(req), settings,
      [self](std::unique_ptr<Response> r, std::unique_ptr<Error> e) {
        self->org_discovered(std::move(r), std::move(e));
      });
  Engine *eng = waiting_org_.back()->engine;
  eng->spawn(probe);
}

void ClientCore::org_discovered(std::unique_ptr<Response> resp,
                                std::unique_ptr<Error> err) {
  discovering_ = false;
  std::vector<std::shared_ptr<Call>> waiting;
  waiting.swap(waiting_org_);
  std::string org;
  if (resp) {
    const JsonNode *root = resp->json ? resp->json->root() : nullptr;
    const JsonNode *v = root ? root->get("org_id") : nullptr;
    if (v && v->type() == JsonType::String && !v->str().empty()) {
      org.assign(v->str());
    } else {
      err = make_error(ErrorKind::InvalidArgument,
                       "org_id is required: this credential is not bound to an "
                       "organization (pass org_id or set DEVIN_ORG_ID)");
    }
  }
  if (!org.empty()) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      org_id_ = org;
    }
    for (auto &c : waiting) c->resume_with_org(org);
    return;
  }
  for (auto &c : waiting) {
    auto copy = make_error(err->kind,
                           "could not discover the organization id through "
                           "GET /v3/self: " +
                               err->message);
    copy->http_status = err->http_status;
    copy->request_id = err->request_id;
    copy->retry_after = err->retry_after;
    c->fail(std::move(copy));
  }
}

}  // namespace devin::core
