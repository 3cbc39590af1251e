// Logging with redaction: the API key, Authorization headers and secret
// values in request bodies never reach a log line.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace devin::core {

enum class LogLevel : int {
  Debug = 10,
  Info = 20,
  Warn = 30,
  Error = 40,
  Off = 100
};

// A log sink: level and message (valid for the duration of the call).
using LogFn = std::function<void(int level, std::string_view message)>;

// DEVIN_LOG value ("debug", "info", "warn", "error", "off") to a level, or -1.
int parse_log_level(std::string_view text);

class Logger {
 public:
  Logger() = default;
  Logger(LogFn fn, int level, std::string secret)
      : fn_(std::move(fn)), level_(level), secret_(std::move(secret)) {}

  bool enabled(LogLevel level) const {
    return static_cast<int>(level) >= level_ && (fn_ != nullptr || to_stderr_);
  }
  void set_stderr(bool on) { to_stderr_ = on; }
  void log(LogLevel level, std::string message) const;

 private:
  LogFn fn_;
  int level_ = static_cast<int>(LogLevel::Warn);
  bool to_stderr_ = false;
  std::string secret_;
};

// Replaces every occurrence of `secret` in `text` with "[redacted]".
void redact_in_place(std::string &text, std::string_view secret);

// A JSON body with the values of sensitive members ("value", "token",
// "api_key", "password", "secret", "session_secrets"...) replaced by
// "[redacted]". Non-JSON input is summarised by its size only.
std::string redact_body(std::string_view body);

}  // namespace devin::core
