#include "log.hpp"

#include <cstdio>
#include <memory>

#include "json_doc.hpp"
#include "json_writer.hpp"

namespace devin::core {

int parse_log_level(std::string_view t) {
  if (t == "debug") return static_cast<int>(LogLevel::Debug);
  if (t == "info") return static_cast<int>(LogLevel::Info);
  if (t == "warn" || t == "warning") return static_cast<int>(LogLevel::Warn);
  if (t == "error") return static_cast<int>(LogLevel::Error);
  if (t == "off" || t == "none") return static_cast<int>(LogLevel::Off);
  return -1;
}

void redact_in_place(std::string &text, std::string_view secret) {
  if (secret.size() < 4) return;
  std::size_t pos = 0;
  while ((pos = text.find(secret, pos)) != std::string::npos) {
    text.replace(pos, secret.size(), "[redacted]");
    pos += 10;
  }
}

void Logger::log(LogLevel level, std::string message) const {
  if (!enabled(level)) return;
  redact_in_place(message, secret_);
  if (fn_) {
    fn_(static_cast<int>(level), message);
    return;
  }
  const char *name = level == LogLevel::Debug  ? "debug"
                     : level == LogLevel::Info ? "info"
                     : level == LogLevel::Warn ? "warn"
                                               : "error";
  std::fprintf(stderr, "devin %s: %s\n", name, message.c_str());
}

namespace {

bool sensitive_key(std::string_view k) {
  return k == "value" || k == "token" || k == "api_key" || k == "password" ||
         k == "secret" || k == "session_secrets" || k == "authorization" ||
         k == "private_key" || k == "client_secret";
}

void write_redacted(const JsonNode *n, std::string &out) {
  if (n->type() == JsonType::Object) {
    out += '{';
    for (std::size_t i = 0; i < n->size(); ++i) {
      std::string_view mkey;
      const JsonNode *m = n->member_at(i, &mkey);
      if (i) out += ',';
      append_json_string(out, mkey);
      out += ':';
      if (sensitive_key(mkey) && !m->is_null())
        out += "\"[redacted]\"";
      else
        write_redacted(m, out);
    }
    out += '}';
  } else if (n->type() == JsonType::Array) {
    out += '[';
    for (std::size_t i = 0; i < n->size(); ++i) {
      if (i) out += ',';
      write_redacted(n->at(i), out);
    }
    out += ']';
  } else {
    write_json(n, out);
  }
}

}  // namespace

std::string redact_body(std::string_view body) {
  if (body.empty()) return {};
  std::string err;
  auto doc = JsonDoc::parse(std::string(body), &err);
  if (!doc) return "<" + std::to_string(body.size()) + " bytes>";
  std::string out;
  write_redacted(doc->root(), out);
  if (out.size() > 2048) {
    out.resize(2048);
    out += "…";
  }
  return out;
}

}  // namespace devin::core
