// The native client: a thin mirror of devin.h's client, call, request, wait
// and pager functions. Every asynchronous function returns a Promise that is
// settled on the JS thread through the client's one thread-safe function.
#pragma once

#include <napi.h>

#include <memory>

#include "state.hpp"

namespace devin_node {

class ClientWrap : public Napi::ObjectWrap<ClientWrap> {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit ClientWrap(const Napi::CallbackInfo &info);
  ~ClientWrap() override;

  std::shared_ptr<ClientState> state() const { return state_; }

 private:
  Napi::Value Call(const Napi::CallbackInfo &info);
  Napi::Value Request(const Napi::CallbackInfo &info);
  Napi::Value Wait(const Napi::CallbackInfo &info);
  Napi::Value Pager(const Napi::CallbackInfo &info);
  Napi::Value Close(const Napi::CallbackInfo &info);
  Napi::Value OrgId(const Napi::CallbackInfo &info);
  Napi::Value BaseUrl(const Napi::CallbackInfo &info);
  Napi::Value Inflight(const Napi::CallbackInfo &info);

  std::shared_ptr<ClientState> state_;
};

class PagerWrap : public Napi::ObjectWrap<PagerWrap> {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit PagerWrap(const Napi::CallbackInfo &info);
  ~PagerWrap() override;

  void attach(std::shared_ptr<ClientState> state, devin_pager *pager, int mode);

 private:
  Napi::Value Next(const Napi::CallbackInfo &info);
  Napi::Value HasMore(const Napi::CallbackInfo &info);
  Napi::Value Cursor(const Napi::CallbackInfo &info);

  std::shared_ptr<ClientState> state_;
  devin_pager *pager_ = nullptr;
  int mode_ = 0;
  bool busy_ = false;
  friend struct PageJob;
};

// Per-environment constructors (context-aware: no static JS handles).
struct AddonData {
  Napi::FunctionReference pager_ctor;
};

}  // namespace devin_node
