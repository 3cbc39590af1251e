// Versions, client lifecycle, cancellation tokens, fork.
#include <cstdlib>
#include <cstring>

#include "../../core/version.hpp"
#include "handles.hpp"

namespace core = devin::core;
using devin::capi::fail;

namespace devin::capi {

bool version_ok(const void *opts, unsigned int version, unsigned int max) {
  return !opts || (version >= 1 && version <= max);
}

}  // namespace devin::capi

namespace {

std::optional<std::string> opt_str(const char *s) {
  if (!s) return std::nullopt;
  return std::string(s);
}

char *dup(const std::string &s) {
  auto *out = static_cast<char *>(std::malloc(s.size() + 1));
  if (out) std::memcpy(out, s.c_str(), s.size() + 1);
  return out;
}

}  // namespace

extern "C" {

const char *devin_version(void) { return core::kVersion; }

int devin_abi_version(void) { return core::kAbiVersion; }

devin_status devin_client_options_init(devin_client_options *opts,
                                       unsigned int version) {
  if (!opts || version != DEVIN_CLIENT_OPTIONS_VERSION)
    return DEVIN_E_INVALID_ARGUMENT;
  devin_client_options init = DEVIN_CLIENT_OPTIONS_INIT;
  *opts = init;
  return DEVIN_OK;
}

devin_status devin_client_new(devin_client **out, const devin_client_options *o,
                              devin_error **err) {
  if (err) *err = nullptr;
  if (!out) return fail(err, DEVIN_E_INVALID_ARGUMENT, "out must not be NULL");
  *out = nullptr;
  DEVIN_GUARD_BEGIN
  if (o &&
      !devin::capi::version_ok(o, o->version, DEVIN_CLIENT_OPTIONS_VERSION))
    return fail(
        err, DEVIN_E_INVALID_ARGUMENT,
        "devin_client_options.version is not supported by this libdevin");
  core::ClientOptions opts;
  if (o) {
    opts.api_key = opt_str(o->api_key);
    opts.org_id = opt_str(o->org_id);
    opts.base_url = opt_str(o->base_url);
    opts.proxy = opt_str(o->proxy);
    opts.ca_bundle = opt_str(o->ca_bundle);
    opts.user_agent = opt_str(o->user_agent);
    opts.connect_timeout = o->connect_timeout;
    opts.attempt_timeout = o->attempt_timeout;
    opts.timeout = o->timeout;
    opts.stall_timeout = o->stall_timeout;
    opts.max_retries = o->max_retries;
    opts.allow_insecure_http = o->allow_insecure_http != 0;
    if (o->default_headers_count && !o->default_headers)
      return fail(err, DEVIN_E_INVALID_ARGUMENT, "default_headers is NULL");
    for (size_t i = 0; i < o->default_headers_count; ++i) {
      if (!o->default_headers[i])
        return fail(err, DEVIN_E_INVALID_ARGUMENT,
                    "default_headers has a NULL entry");
      opts.default_headers.emplace_back(o->default_headers[i]);
    }
    if (o->log_fn) {
      devin_log_fn fn = o->log_fn;
      void *ud = o->log_user_data;
      opts.log_fn = [fn, ud](int level, std::string_view msg) {
        // The message is NUL-terminated: it comes from a std::string.
        fn(ud, static_cast<devin_log_level>(level), msg.data(), msg.size());
      };
    }
    opts.log_level = o->log_level;
  }
  auto cfg = core::resolve_config(opts);
  if (!cfg) return fail(err, cfg.take_error());
  auto client = core::ClientCore::create(std::move(*cfg));
  if (!client) return fail(err, client.take_error());
  auto *handle = new devin_client;
  handle->core = std::move(*client);
  *out = handle;
  return DEVIN_OK;
  DEVIN_GUARD_END(err)
}

devin_status devin_client_close(devin_client *client, devin_error **err) {
  if (err) *err = nullptr;
  if (!client) return DEVIN_OK;
  DEVIN_GUARD_BEGIN
  if (client->core->on_io_thread())
    return fail(err, DEVIN_E_INVALID_ARGUMENT,
                "devin_client_close called from a callback of the same client "
                "would deadlock");
  client->core->close();
  return DEVIN_OK;
  DEVIN_GUARD_END(err)
}

void devin_client_free(devin_client *client) {
  if (!client) return;
  try {
    if (client->core->on_io_thread()) {
      client->core->config().logger.log(
          core::LogLevel::Error,
          "devin_client_free called from a callback of the same client; "
          "the client was not freed");
      return;
    }
    client->core->close();
    delete client;
  } catch (...) {
  }
}

char *devin_client_org_id(devin_client *client) {
  if (!client) return nullptr;
  try {
    std::string org = client->core->org_id();
    return org.empty() ? nullptr : dup(org);
  } catch (...) {
    return nullptr;
  }
}

char *devin_client_base_url(devin_client *client) {
  if (!client) return nullptr;
  try {
    return dup(client->core->config().base.text);
  } catch (...) {
    return nullptr;
  }
}

void devin_string_free(char *s) { std::free(s); }

void devin_after_fork_child(void) {
  try {
    core::after_fork_child_all();
  } catch (...) {
  }
}

devin_status devin_cancel_new(devin_cancel **out) {
  if (!out) return DEVIN_E_INVALID_ARGUMENT;
  try {
    auto *c = new devin_cancel;
    c->state = std::make_shared<core::CancelState>();
    *out = c;
    return DEVIN_OK;
  } catch (...) {
    *out = nullptr;
    return DEVIN_E_INVALID_ARGUMENT;
  }
}

void devin_cancel_trigger(devin_cancel *token) {
  if (token) token->state->trigger();
}

int devin_cancel_is_triggered(const devin_cancel *token) {
  return token && token->state->triggered();
}

void devin_cancel_free(devin_cancel *token) { delete token; }

}  // extern "C"
