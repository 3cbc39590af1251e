// Waiting for a session: the one definition of "done" every language uses,
// and a poller with backoff that runs on the I/O thread.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "client.hpp"

namespace devin::core {

enum class WaitUntil : int { Idle = 0, Terminal = 1 };

// Idle: status exit/error/suspended, or running with status_detail
// finished, waiting_for_user or waiting_for_approval. Terminal: status
// exit, error or suspended.
bool session_is_done(const JsonNode *session, WaitUntil until);

// Delay before poll `attempt`: 1 s * 1.5^attempt capped at 10 s, ±10% by
// `unit` (a uniform [0,1) draw).
double wait_delay(unsigned attempt, double unit);

struct WaitOptions {
  WaitUntil until = WaitUntil::Idle;
  double timeout = 0;  // <=0: no limit
  std::string org_id;
  std::shared_ptr<CancelState> cancel;
  std::function<void(const JsonNode *)> on_progress;
};

Status start_session_wait(const std::shared_ptr<ClientCore> &client,
                          std::string session_id, WaitOptions options,
                          Completion done);

}  // namespace devin::core
