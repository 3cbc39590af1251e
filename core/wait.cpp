#include "wait.hpp"

#include <cmath>
#include <cstdio>
#include <random>

#include "json_writer.hpp"

namespace devin::core {

bool session_is_done(const JsonNode *s, WaitUntil until) {
  if (!s || s->type() != JsonType::Object) return false;
  const JsonNode *status = s->get("status");
  std::string_view st = status ? status->str() : std::string_view();
  if (st == "exit" || st == "error" || st == "suspended") return true;
  if (until == WaitUntil::Terminal) return false;
  if (st != "running") return false;
  const JsonNode *detail = s->get("status_detail");
  std::string_view d = detail ? detail->str() : std::string_view();
  return d == "finished" || d == "waiting_for_user" ||
         d == "waiting_for_approval";
}

double wait_delay(unsigned attempt, double unit) {
  double d = std::pow(1.5, attempt > 20 ? 20 : attempt);
  if (d > 10.0) d = 10.0;
  if (unit < 0) unit = 0;
  if (unit > 1) unit = 1;
  return d * (0.9 + 0.2 * unit);
}

namespace {

class Waiter final : public Task {
 public:
  Waiter(std::shared_ptr<ClientCore> client, std::string id, WaitOptions opts,
         Completion done)
      : client_(std::move(client)),
        id_(std::move(id)),
        opts_(std::move(opts)),
        done_(std::move(done)) {
    cancel = opts_.cancel;
  }

  void start() override {
    started_ = Clock::now();
    if (opts_.timeout > 0) {
      has_deadline_ = true;
      deadline_ =
          Clock::now() + std::chrono::duration_cast<Clock::duration>(
                             std::chrono::duration<double>(opts_.timeout));
    }
    poll();
  }

  void abort(std::unique_ptr<Error> err) override {
    if (finished) return;
    if (timer_) engine->cancel_timer(timer_);
    timer_ = 0;
    auto child = std::move(child_);
    if (child) child->abort(make_error(err->kind, err->message));
    complete(nullptr, std::move(err));
  }

  void forget_after_fork() override {
    timer_ = 0;
    child_.reset();
  }

 private:
  double remaining() const {
    return std::chrono::duration<double>(deadline_ - Clock::now()).count();
  }

  void poll() {
    if (finished) return;
    const OperationSpec *op = find_operation("sessions.get");
    std::string params = "{\"devin_id\":";
    append_json_string(params, id_);
    if (!opts_.org_id.empty()) {
      params += ",\"org_id\":";
      append_json_string(params, opts_.org_id);
    }
    params += '}';
    std::string perr;
    auto doc = JsonDoc::parse(params, &perr);
    auto req = op ? build_operation_request(*op, doc->root(), {})
                  : Result<HttpRequest>(make_error(
                        ErrorKind::InvalidArgument,
                        "sessions.get is not in the API description"));
    if (!req) {
      complete(nullptr, req.take_error());
      return;
    }
    CallSettings settings;
    settings.cancel = opts_.cancel;
    // A poll before the deadline may not outlast it; the last poll, made
    // at the deadline, gets the client's usual time (the deadline bounds
    // when the wait stops polling, not one poll's network time).
    if (has_deadline_ && remaining() > 0) {
      settings.timeout = remaining();
    } else if (has_deadline_) {
      last_poll_ = true;
    }
    std::weak_ptr<Task> weak = shared_from_this();
    child_ = std::make_shared<Call>(
        client_, std::move(*req), settings,
        [weak](std::unique_ptr<Response> r, std::unique_ptr<Error> e) {
          if (auto self = weak.lock())
            static_cast<Waiter *>(self.get())
                ->on_poll(std::move(r), std::move(e));
        });
    engine->spawn(child_);
  }

  void on_poll(std::unique_ptr<Response> resp, std::unique_ptr<Error> err) {
    child_.reset();
    if (finished) return;
    if (err) {
      if (err->kind == ErrorKind::Timeout && has_deadline_ &&
          remaining() <= 0.001 && !last_poll_)
        err = timeout_error(nullptr);
      complete(nullptr, std::move(err));
      return;
    }
    const JsonNode *session = resp->json ? resp->json->root() : nullptr;
    if (opts_.on_progress) opts_.on_progress(session);
    if (session_is_done(session, opts_.until)) {
      complete(std::move(resp), nullptr);
      return;
    }
    thread_local std::mt19937_64 rng{std::random_device{}()};
    double delay = wait_delay(
        attempt_++, std::uniform_real_distribution<double>(0, 1)(rng));
    if (has_deadline_) {
      // Sleep until the deadline at most, then poll once more: the wait
      // never gives up before its deadline.
      double left = remaining();
      if (last_poll_ || left <= 0) {
        complete(nullptr, timeout_error(session));
        return;
      }
      if (delay > left) delay = left;
    }
    auto self = shared_from_this();
    timer_ = engine->add_timer(delay, [self, this] {
      timer_ = 0;
      poll();
    });
  }

  std::unique_ptr<Error> timeout_error(const JsonNode *session) {
    std::string msg = "session ";
    // The real elapsed time, two decimals (never "after 0 s" for 600 ms).
    char text[96];
    std::snprintf(
        text, sizeof text, " was not done after %.2f s (timeout %.2f s)",
        std::chrono::duration<double>(Clock::now() - started_).count(),
        opts_.timeout);
    msg.append(id_).append(text);
    if (session) {
      const JsonNode *st = session->get("status");
      const JsonNode *d = session->get("status_detail");
      if (st && st->type() == JsonType::String) {
        msg.append(" (status ").append(st->str());
        if (d && d->type() == JsonType::String)
          msg.append("/").append(d->str());
        msg.append(")");
      }
    }
    auto err = make_error(ErrorKind::Timeout, msg);
    err->method = "GET";
    return err;
  }

  void complete(std::unique_ptr<Response> resp, std::unique_ptr<Error> err) {
    if (finished) return;
    auto self = shared_from_this();
    engine->finished(this);
    Completion done = std::move(done_);
    if (done) done(std::move(resp), std::move(err));
  }

  std::shared_ptr<ClientCore> client_;
  std::string id_;
  WaitOptions opts_;
  Completion done_;
  std::shared_ptr<Call> child_;
  std::uint64_t timer_ = 0;
  unsigned attempt_ = 0;
  bool has_deadline_ = false;
  bool last_poll_ = false;  // the poll made at the deadline
  Clock::time_point started_{};
  Clock::time_point deadline_{};
};

}  // namespace

Status start_session_wait(const std::shared_ptr<ClientCore> &client,
                          std::string session_id, WaitOptions options,
                          Completion done) {
  if (session_id.empty())
    return make_error(ErrorKind::InvalidArgument,
                      "session id must not be empty");
  auto waiter = std::make_shared<Waiter>(client, std::move(session_id),
                                         std::move(options), std::move(done));
  return client->submit_task(std::move(waiter));
}

}  // namespace devin::core
