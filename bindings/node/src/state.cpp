#include "state.hpp"

namespace devin_node {

namespace {

void call_js(napi_env env, napi_value /*js_cb*/, void * /*context*/,
             void *data) {
  auto *job = static_cast<Job *>(data);
  if (!job) return;
  if (env)
    job->run(env);
  else
    job->drop();
  delete job;
}

}  // namespace

napi_threadsafe_function make_tsfn(napi_env env) {
  napi_value name;
  napi_create_string_utf8(env, "devin", NAPI_AUTO_LENGTH, &name);
  napi_threadsafe_function tsfn = nullptr;
  if (napi_create_threadsafe_function(env, nullptr, nullptr, name, 0, 1,
                                      nullptr, nullptr, nullptr, call_js,
                                      &tsfn) != napi_ok)
    return nullptr;
  // Idle clients never hold the process open.
  napi_unref_threadsafe_function(env, tsfn);
  return tsfn;
}

LogSink::~LogSink() {
  if (fn && env && open.load()) napi_delete_reference(env, fn);
}

ClientState::ClientState(napi_env env, devin_client *client,
                         napi_threadsafe_function tsfn,
                         std::shared_ptr<LogSink> log)
    : env_(env), client_(client), tsfn_(tsfn), log_(std::move(log)) {
  // Registered after the thread-safe function, so it runs before Node's own
  // teardown of that function when the environment (a worker) goes away.
  hooked_ = napi_add_env_cleanup_hook(env_, cleanup_hook, this) == napi_ok;
}

ClientState::~ClientState() { shutdown(); }

void ClientState::cleanup_hook(void *arg) {
  auto *self = static_cast<ClientState *>(arg);
  self->hooked_ = false;  // Node removes the hook as it runs it
  if (self->log_) self->log_->open = false;
  self->shutdown();
}

void ClientState::begin() {
  if (inflight_++ == 0 && tsfn_) napi_ref_threadsafe_function(env_, tsfn_);
}

void ClientState::end() {
  if (inflight_ > 0 && --inflight_ == 0 && tsfn_)
    napi_unref_threadsafe_function(env_, tsfn_);
}

bool ClientState::post(Job *job) {
  if (!tsfn_) return false;
  return napi_call_threadsafe_function(tsfn_, job, napi_tsfn_nonblocking) ==
         napi_ok;
}

void ClientState::close() {
  if (client_) devin_client_close(client_, nullptr);
}

void ClientState::shutdown() {
  if (client_) {
    devin_client_close(client_, nullptr);
    devin_client_free(client_);  // log lines up to here still reach the TSFN
    client_ = nullptr;
  }
  if (tsfn_) {
    napi_threadsafe_function t = tsfn_;
    tsfn_ = nullptr;
    if (log_) log_->tsfn = nullptr;
    napi_release_threadsafe_function(t, napi_tsfn_release);
  }
  if (hooked_) {
    hooked_ = false;
    napi_remove_env_cleanup_hook(env_, cleanup_hook, this);
  }
}

}  // namespace devin_node
