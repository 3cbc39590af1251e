// The client: configuration, its engine, organization discovery, and the
// synchronous/asynchronous entry points the C ABI wraps.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "call.hpp"
#include "config.hpp"
#include "engine.hpp"
#include "result.hpp"

namespace devin::core {

class ClientCore : public std::enable_shared_from_this<ClientCore> {
 public:
  static Result<std::shared_ptr<ClientCore>> create(ClientConfig config);
  ~ClientCore();

  const ClientConfig &config() const { return config_; }
  // Prebuilt header lists for the common case (no per-call headers):
  // Authorization, User-Agent, Accept, the default headers, and for
  // `json` also Content-Type: application/json. Read-only; live as long as
  // the client.
  struct curl_slist *common_headers(bool json) const {
    return json ? json_headers_ : base_headers_;
  }

  std::string org_id() const;

  // Any thread. Builds the request for `operation` and runs it; `done`
  // runs on the I/O thread. Returns an error (and never calls `done`) when
  // the call is refused: unknown operation, bad parameters, closed client.
  Status call_async(std::string_view operation, const JsonNode *params,
                    const ParamOverrides &overrides, CallSettings settings,
                    std::vector<Header> extra_headers, Upload *upload,
                    Completion done);
  Status submit(HttpRequest req, CallSettings settings, Completion done);
  // Hands any task to the engine; refused when the client is closed.
  Status submit_task(std::shared_ptr<Task> task);

  // Blocks until `done` would run; refused on the I/O thread.
  Result<std::unique_ptr<Response>> call_sync(std::string_view operation,
                                              const JsonNode *params,
                                              const ParamOverrides &overrides,
                                              CallSettings settings,
                                              std::vector<Header> extra_headers,
                                              Upload *upload);
  Result<std::unique_ptr<Response>> submit_sync(HttpRequest req,
                                                CallSettings settings);

  // Runs `start` (which must submit exactly one task that eventually calls
  // the given completion) and waits for it.
  Result<std::unique_ptr<Response>> wait_for(
      const std::function<Status(Completion)> &start);

  void close();
  bool on_io_thread() const;
  void after_fork_child();

  // I/O thread: park a call until the organization id is known (its
  // engine runs the discovery).
  void await_org(std::shared_ptr<Call> call);

 private:
  explicit ClientCore(ClientConfig config);
  void org_discovered(std::unique_ptr<Response> resp,
                      std::unique_ptr<Error> err);

  ClientConfig config_;
  struct curl_slist *base_headers_ = nullptr;
  struct curl_slist *json_headers_ = nullptr;
  mutable std::mutex mu_;  // guards engine_, org_id_, closed_
  std::unique_ptr<Engine> engine_;
  std::string org_id_;
  bool closed_ = false;
  std::vector<std::unique_ptr<Engine>> abandoned_;  // after fork; leaked

  // I/O thread only.
  bool discovering_ = false;
  std::vector<std::shared_ptr<Call>> waiting_org_;
};

// Clients alive in this process, for devin_after_fork_child.
void register_client(ClientCore *client);
void unregister_client(ClientCore *client);
void after_fork_child_all();

}  // namespace devin::core
