// Per-client native state shared by the client wrapper, its pagers and every
// call in flight: the devin_client, the one thread-safe function that brings
// completions back to the JS thread, and the in-flight count that decides
// whether that function keeps the event loop alive.
#pragma once

#include <node_api.h>

#include <atomic>
#include <cstddef>
#include <memory>

#include "devin.h"

namespace devin_node {

// Work handed from libdevin's I/O thread to the JS thread. run() happens on
// the JS thread (it may call Node-API); drop() when the environment is going
// away (it must not). Either way the job is deleted afterwards.
struct Job {
  virtual ~Job() = default;
  virtual void run(napi_env env) = 0;
  virtual void drop() {}
};

// The JS logger of a client. Shared with log jobs so that a line queued just
// before the client goes away still finds its function.
struct LogSink : std::enable_shared_from_this<LogSink> {
  napi_env env = nullptr;
  napi_ref fn = nullptr;
  napi_threadsafe_function tsfn = nullptr;
  std::atomic<bool> open{true};
  ~LogSink();
};

class ClientState : public std::enable_shared_from_this<ClientState> {
 public:
  ClientState(napi_env env, devin_client *client, napi_threadsafe_function tsfn,
              std::shared_ptr<LogSink> log);
  ~ClientState();
  ClientState(const ClientState &) = delete;
  ClientState &operator=(const ClientState &) = delete;

  devin_client *client() const { return client_; }
  std::size_t inflight() const { return inflight_; }
  napi_env env() const { return env_; }

  // JS thread: a call was accepted / has been settled.
  void begin();
  void end();
  // Any thread: queue a job for the JS thread. False when the client is gone
  // (the caller then deletes the job without Node-API calls).
  bool post(Job *job);
  // JS thread: cancel everything, join the I/O thread, release the function.
  void shutdown();
  // JS thread: cancel every call; the client stays usable for nothing else.
  void close();

 private:
  static void cleanup_hook(void *arg);

  napi_env env_;
  devin_client *client_;
  napi_threadsafe_function tsfn_;
  std::shared_ptr<LogSink> log_;
  std::size_t inflight_ = 0;
  bool hooked_ = false;
};

// Creates the thread-safe function every client uses (call_js runs jobs).
napi_threadsafe_function make_tsfn(napi_env env);

}  // namespace devin_node
