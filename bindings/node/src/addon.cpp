// devin.node: the native half of the `devin` package. It mirrors devin.h
// (clients, calls, pagers, waits, cancel tokens, the operation table) and
// leaves everything users touch to lib/*.js. Context-aware: all JS handles
// live in per-environment instance data, so it loads in worker threads.
#include <napi.h>

#include "client.hpp"
#include "convert.hpp"
#include "devin.h"
#include "lazy.hpp"

namespace devin_node {

namespace {

Napi::Value CancelNew(const Napi::CallbackInfo &info) {
  devin_cancel *c = nullptr;
  if (devin_cancel_new(&c) != DEVIN_OK)
    NAPI_THROW(Napi::Error::New(info.Env(), "devin_cancel_new failed"), {});
  return Napi::External<devin_cancel>::New(
      info.Env(), c, [](Napi::Env, devin_cancel *p) { devin_cancel_free(p); });
}

Napi::Value CancelTrigger(const Napi::CallbackInfo &info) {
  if (info[0].IsExternal())
    devin_cancel_trigger(info[0].As<Napi::External<devin_cancel>>().Data());
  return info.Env().Undefined();
}

Napi::Value Operations(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  size_t n = devin_operation_count();
  Napi::Array out = Napi::Array::New(env, n);
  for (size_t i = 0; i < n; ++i)
    out.Set(static_cast<uint32_t>(i),
            Napi::String::New(env, devin_operation_id(i)));
  return out;
}

Napi::Value WaitDelay(const Napi::CallbackInfo &info) {
  return Napi::Number::New(
      info.Env(), devin_wait_delay(info[0].As<Napi::Number>().Uint32Value()));
}

}  // namespace

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  // The ABI this addon was compiled against must be the one it runs with.
  if (devin_abi_version() != DEVIN_ABI_VERSION) {
    NAPI_THROW(Napi::Error::New(env, "libdevin ABI mismatch: addon built for " +
                                         std::to_string(DEVIN_ABI_VERSION) +
                                         ", library reports " +
                                         std::to_string(devin_abi_version())),
               exports);
  }
  auto *data = new AddonData;
  env.SetInstanceData<AddonData>(data);
  Napi::Function pager = PagerWrap::Define(env);
  data->pager_ctor = Napi::Persistent(pager);

  exports.Set("abiVersion", Napi::Number::New(env, devin_abi_version()));
  exports.Set("headerAbiVersion", Napi::Number::New(env, DEVIN_ABI_VERSION));
  exports.Set("version", Napi::String::New(env, devin_version()));
  exports.Set("Client", ClientWrap::Define(env));
  exports.Set("Pager", pager);
  exports.Set("cancelNew", Napi::Function::New<CancelNew>(env, "cancelNew"));
  exports.Set("cancelTrigger",
              Napi::Function::New<CancelTrigger>(env, "cancelTrigger"));
  exports.Set("operations", Napi::Function::New<Operations>(env, "operations"));
  exports.Set("waitDelay", Napi::Function::New<WaitDelay>(env, "waitDelay"));
  lazy_register(env, exports);
  return exports;
}

}  // namespace devin_node

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) {
  return devin_node::Init(env, exports);
}

NODE_API_MODULE(devin, InitModule)
