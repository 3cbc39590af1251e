#include "admin.hpp"

#include <httplib.h>

#include <mutex>

#include "clock.hpp"
#include "engine.hpp"
#include "options.hpp"
#include "runtime.hpp"
#include "seed.hpp"
#include "simulator.hpp"

namespace emu {

namespace {

void send(httplib::Response &res, int status, const json &body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

void fail(httplib::Response &res, int status, const std::string &detail,
          const std::string &path) {
  render_error(res, ApiError(status, status_title(status), detail), path,
               false);
}

void add_fault(const httplib::Request &req, httplib::Response &res) {
  json b = json::parse(req.body.empty() ? "{}" : req.body, nullptr, false);
  if (!b.is_object())
    return fail(res, 400, "body must be a JSON object", req.path);
  Fault f;
  f.method = b.value("method", "*");
  for (auto &ch : f.method) ch = static_cast<char>(std::toupper(ch));
  f.path = b.value("path", "*");
  f.count = b.value("count", 1);
  f.kind = b.value("kind", "status");
  f.status = b.value("status", 503);
  if (b.contains("retry_after") && !b["retry_after"].is_null())
    f.retry_after = b["retry_after"].is_string()
                        ? b["retry_after"].get<std::string>()
                        : b["retry_after"].dump();
  if (b.contains("retry_after_ms") && b["retry_after_ms"].is_number())
    f.retry_after_ms = b["retry_after_ms"].get<long long>();
  if (b.contains("delay_ms") && b["delay_ms"].is_number())
    f.delay_ms = b["delay_ms"].get<long long>();
  if (b.contains("body")) f.body = b["body"];
  static const std::set<std::string> kinds = {"status",   "delay",     "close",
                                              "truncate", "malformed", "stall"};
  if (!kinds.count(f.kind))
    return fail(res, 400, "unknown fault kind " + f.kind, req.path);
  if (f.count < 1) f.count = 1;
  send(res, 200, {{"id", faults().add(f)}});
}

json clock_body(const State &st) {
  return {
      {"now", now_unix()},
      {"now_ms", now_ms()},
      {"offset_seconds", static_cast<double>(simclock::offset_ms()) / 1000.0},
      {"speed", st.speed}};
}

// POST /_emulator/clock {"advance_seconds": N} | {"now": unix seconds}:
// moves simulated time forward (never back) and runs what fell due.
void set_clock(State &st, Simulator *sim, const httplib::Request &req,
               httplib::Response &res) {
  json b = json::parse(req.body.empty() ? "{}" : req.body, nullptr, false);
  auto reject = [&](const std::string &loc, const std::string &msg) {
    render_error(res,
                 ApiError(422, "Unprocessable Entity", msg,
                          json::array({field_error(json::array({"body", loc}),
                                                   msg, "value_error")})),
                 req.path, false);
  };
  if (!b.is_object())
    return fail(res, 400, "body must be a JSON object", req.path);
  bool has_adv = b.contains("advance_seconds"), has_now = b.contains("now");
  if (has_adv == has_now)
    return reject("advance_seconds",
                  "give exactly one of advance_seconds or now");
  constexpr double kMaxUnix = 253402300799.0;  // 9999-12-31T23:59:59Z
  std::unique_lock<std::shared_mutex> lock(st.mu);
  std::int64_t target = 0;
  if (has_adv) {
    const json &v = b["advance_seconds"];
    if (v.is_number() &&
        v.get<double>() + static_cast<double>(now_unix()) > kMaxUnix)
      return reject("advance_seconds", "the clock stops at year 9999");
    if (!v.is_number() || v.get<double>() < 0)
      return reject("advance_seconds",
                    "advance_seconds must be a number >= 0 (time never goes "
                    "back)");
    target = now_ms() + static_cast<std::int64_t>(v.get<double>() * 1000.0);
  } else {
    const json &v = b["now"];
    if (v.is_number() && v.get<double>() > kMaxUnix)
      return reject("now", "the clock stops at year 9999");
    if (!v.is_number() || v.get<double>() < static_cast<double>(now_unix()))
      return reject("now",
                    "now must be unix seconds >= the current simulated time " +
                        std::to_string(now_unix()) + " (time never goes back)");
    target = static_cast<std::int64_t>(v.get<double>() * 1000.0);
  }
  if (sim)
    sim->run_until(target);
  else
    simclock::advance_to_ms(target);
  st.touch();
  send(res, 200, clock_body(st));
}

}  // namespace

void admin_serve(State &st, Simulator *sim, const Options &opt,
                 const httplib::Request &req, httplib::Response &res,
                 const std::string &base_url) {
  (void)base_url;
  const std::string &p = req.path;
  const std::string &m = req.method;
  if (p == "/_emulator/health" && m == "GET")
    return send(res, 200, {{"ok", true}});
  if (p == "/_emulator/faults") {
    if (m == "POST") return add_fault(req, res);
    if (m == "DELETE") {
      faults().clear();
      return send(res, 200, {{"ok", true}});
    }
    if (m == "GET") return send(res, 200, {{"faults", faults().list()}});
  }
  if (p == "/_emulator/clock") {
    if (m == "GET") {
      std::shared_lock<std::shared_mutex> lock(st.mu);
      return send(res, 200, clock_body(st));
    }
    if (m == "POST") return set_clock(st, sim, req, res);
  }
  if (p == "/_emulator/notifications") {
    if (m == "GET") {
      std::shared_lock<std::shared_mutex> lock(st.mu);
      return send(res, 200, {{"notifications", st.notifications}});
    }
    if (m == "DELETE") {
      std::unique_lock<std::shared_mutex> lock(st.mu);
      st.notifications = json::array();
      return send(res, 200, {{"ok", true}});
    }
  }
  if (p == "/_emulator/requests") {
    if (m == "GET") return send(res, 200, {{"requests", request_log().dump()}});
    if (m == "DELETE") {
      request_log().clear();
      return send(res, 200, {{"ok", true}});
    }
  }
  if (p == "/_emulator/reset" && m == "POST") {
    {
      std::unique_lock<std::shared_mutex> lock(st.mu);
      simclock::set_offset_ms(0);  // a reset also returns to real time
      apply_seed(st, load_seed(opt.seed_file), opt.speed);
      if (sim) sim->resync();
      st.touch();
    }
    faults().clear();
    request_log().clear();
    return send(res, 200, {{"ok", true}});
  }
  if (p == "/_emulator/state" && m == "GET") {
    std::shared_lock<std::shared_mutex> lock(st.mu);
    return send(res, 200, st.to_json());
  }
  const std::string sp = "/_emulator/sessions/";
  if (p.rfind(sp, 0) == 0 && m == "POST") {
    auto parts = split(p.substr(sp.size()), '/');
    if (parts.size() == 2 && parts[1] == "advance") {
      std::unique_lock<std::shared_mutex> lock(st.mu);
      bool ok = sim && sim->advance(parts[0]);
      if (!ok && !st.sims.count(parts[0]))
        return fail(res, 404, "Session " + parts[0] + " not found", p);
      return send(res, 200, {{"ok", true}, {"advanced", ok}});
    }
  }
  const std::string bp = "/_emulator/blobs/";
  if (p.rfind(bp, 0) == 0 && m == "GET") {
    auto parts = split(p.substr(bp.size()), '/');
    std::shared_lock<std::shared_mutex> lock(st.mu);
    auto it = st.blobs.find(parts.empty() ? "" : parts[0]);
    if (it == st.blobs.end()) return fail(res, 404, "Blob not found", p);
    res.status = 200;
    res.set_header("Content-Disposition",
                   "attachment; filename=\"" + it->second.name + "\"");
    res.set_content(it->second.data, it->second.content_type.empty()
                                         ? "application/octet-stream"
                                         : it->second.content_type);
    return;
  }
  fail(res, 404, "Unknown admin route " + m + " " + p, p);
}

}  // namespace emu
