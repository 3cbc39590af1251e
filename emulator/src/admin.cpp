#include "admin.hpp"

#include <httplib.h>

#include <mutex>

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
      apply_seed(st, load_seed(opt.seed_file), opt.speed);
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
