#include "simulator.hpp"

#include <chrono>

#include "clock.hpp"
#include "runtime.hpp"
#include "schema.hpp"

namespace emu {

bool has_marker(const std::string &prompt, const std::string &marker) {
  return prompt.find("[emulator:" + marker + "]") != std::string::npos;
}

void add_message(State &st, const std::string &org_id,
                 const std::string &devin_id, const std::string &source,
                 const std::string &text) {
  std::string id = "event-" + random_hex(20);
  json m = {{"event_id", id},
            {"source", source},
            {"message", text},
            {"created_at", now_unix()}};
  st.coll(messages_path(org_id, devin_id)).put(id, m, st.next_seq());
}

json structured_output_for(const json &schema) {
  const json &s = schema_core(schema);
  if (!s.is_object()) return json::object();
  if (s.contains("const")) return s["const"];
  if (s.contains("default")) return s["default"];
  if (s.contains("enum") && s["enum"].is_array() && !s["enum"].empty())
    return s["enum"][0];
  std::string t = schema_type(s);
  if (t == "object" || s.contains("properties")) {
    json out = json::object();
    for (const auto &[k, sub] : field(s, "properties").items())
      out[k] = structured_output_for(sub);
    return out;
  }
  if (t == "array") {
    json item = structured_output_for(s.value("items", json::object()));
    std::size_t n = s.value("minItems", std::size_t{1});
    json out = json::array();
    for (std::size_t i = 0; i < std::max<std::size_t>(n, 1); ++i)
      out.push_back(item);
    return out;
  }
  if (t == "string") return "emulated";
  if (t == "integer") return s.value("minimum", 1);
  if (t == "number") return s.value("minimum", 1.0);
  if (t == "boolean") return true;
  if (t == "null") return nullptr;
  return "emulated";
}

void accrue_acus(json &session, double acus, std::int64_t t) {
  if (acus <= 0) return;
  session["acus_consumed"] = session.value("acus_consumed", 0.0) + acus;
  const json &org = field(session, "org_id");
  if (org.is_string()) acu_memo_add(org.get<std::string>(), t, acus);
  json &log = session["_acu_log"];
  if (!log.is_array()) log = json::array();
  if (!log.empty() && log.back().at(0) == t)
    log.back()[1] = log.back().at(1).get<double>() + acus;
  else
    log.push_back({t, acus});
}

namespace {

// A category for a finished session, from the words of its prompt (the real
// service classifies sessions after the fact; this is a modelled guess).
const char *category_of(const std::string &prompt) {
  std::string p = to_lower(prompt);
  auto has = [&](const char *w) { return p.find(w) != std::string::npos; };
  if (has("unit test") || has("tests for") || has("test coverage"))
    return "unit_test_generation";
  if (has("bug") || has("fix") || has("crash") || has("flaky"))
    return "bug_fixing";
  if (has("refactor") || has("optimi") || has("performance"))
    return "refactoring_and_optimization";
  if (has("migrat") || has("upgrade")) return "migrations_and_upgrades";
  if (has("document") || has("readme") || has("docs"))
    return "documentation_and_content";
  if (has("review") || has("analy")) return "code_review_and_analysis";
  if (has("ci ") || has("pipeline") || has("deploy") || has("devops"))
    return "ci_cd_and_devops";
  if (has("security") || has("lint") || has("vulnerab"))
    return "code_quality_and_security";
  if (has("research") || has("investigate") || has("explore"))
    return "research_and_exploration";
  if (has("data") || has("automat") || has("script"))
    return "data_and_automation";
  if (has("feature") || has("implement") || has("add ") || has("build"))
    return "feature_development";
  return "other";
}

}  // namespace

void Simulator::start() {
  thread_ = std::thread([this] { run(); });
}

void Simulator::stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Simulator::schedule(const std::string &devin_id, SimState &s, int step,
                         std::int64_t base_ms) {
  double speed = st_.speed > 0 ? st_.speed : 1.0;
  if (has_marker(s.prompt, "slow")) base_ms *= 10;
  s.step = step;
  s.due_ms = now_ms() +
             static_cast<std::int64_t>(static_cast<double>(base_ms) / speed);
  queue_.emplace(s.due_ms, devin_id);
  cv_.notify_all();
}

bool Simulator::advance(const std::string &devin_id) {
  auto it = st_.sims.find(devin_id);
  if (it == st_.sims.end() || it->second.due_ms == 0) return false;
  it->second.due_ms = now_ms();
  queue_.emplace(it->second.due_ms, devin_id);
  cv_.notify_all();
  return true;
}

std::int64_t Simulator::run_due(
    const std::vector<std::string> *schedule_paths) {
  std::int64_t next = run_due_schedules(st_, this, schedule_paths);
  if (rescan_) {  // e.g. after a state file load or a reset
    queue_.clear();
    for (const auto &[id, s] : st_.sims)
      if (s.due_ms != 0) queue_.emplace(s.due_ms, id);
    rescan_ = false;
  }
  std::int64_t now = now_ms();
  while (!queue_.empty()) {
    auto it = queue_.begin();
    std::int64_t due = it->first;
    auto sim = st_.sims.find(it->second);
    if (sim == st_.sims.end() || sim->second.due_ms != due) {
      queue_.erase(it);  // stale
      continue;
    }
    if (due > now) {
      if (next == 0 || due < next) next = due;
      break;
    }
    std::string id = it->second;
    queue_.erase(it);
    sim->second.due_ms = 0;
    apply(id, sim->second);
    st_.touch();
  }
  return next;
}

void Simulator::run_until(std::int64_t target_ms) {
  // Each pass moves the clock to the earliest pending event (a session step
  // or a schedule run) and runs what is due then. A bound keeps a huge jump
  // over a busy schedule from running forever: past it the clock jumps to
  // the target and each schedule runs once for the slots it missed.
  // No request runs meanwhile (the caller holds the lock): the set of
  // schedule collections cannot change.
  std::vector<std::string> paths = schedule_collections(st_);
  for (int guard = 0; guard < 1000000; ++guard) {
    std::int64_t next = run_due(&paths);
    if (next == 0 || next > target_ms) break;
    simclock::advance_to_ms(next);
  }
  simclock::advance_to_ms(target_ms);
  run_due(&paths);
  cv_.notify_all();
}

void Simulator::run() {
  for (;;) {
    std::int64_t next = 0;
    {
      std::unique_lock<std::shared_mutex> lock(st_.mu);
      next = run_due(nullptr);
    }
    std::unique_lock<std::mutex> lock(mu_);
    if (stop_) return;
    auto wait = next == 0 ? std::chrono::milliseconds(200)
                          : std::chrono::milliseconds(
                                std::max<std::int64_t>(1, next - now_ms()));
    cv_.wait_for(lock, std::min(wait, std::chrono::milliseconds(200)));
    if (stop_) return;
  }
}

void Simulator::apply(const std::string &id, SimState &s) {
  json *sess = st_.coll(sessions_path(s.org_id)).find(id);
  if (!sess) return;
  json &x = *sess;
  std::string status = x.value("status", "");
  if (status == "exit" || status == "error") return;
  x["updated_at"] = now_unix();
  auto acus = [&](double d) { accrue_acus(x, d, now_unix()); };
  switch (s.step) {
    case kStepNew:
      x["status"] = "claimed";
      schedule(id, s, kStepClaimed, 400);
      break;
    case kStepClaimed:
      x["status"] = "running";
      x["status_detail"] = "working";
      add_message(st_, s.org_id, id, "devin",
                  "Hi! I'm Devin (emulated). I'm starting on your request.");
      acus(0.25);
      schedule(id, s, kStepStart, 800);
      break;
    case kStepStart:
      if (has_marker(s.prompt, "error")) {
        add_message(st_, s.org_id, id, "devin",
                    "I ran into an unrecoverable error and had to stop.");
        x["status"] = "error";
        x["status_detail"] = "error";
        break;
      }
      if (has_marker(s.prompt, "wait_for_user")) {
        add_message(st_, s.org_id, id, "devin",
                    "Before I continue: which branch should I target?");
        x["status_detail"] = "waiting_for_user";
        s.step = kStepWork;
        break;
      }
      add_message(st_, s.org_id, id, "devin",
                  "I've explored the repository and I'm making the changes.");
      acus(0.5);
      schedule(id, s, kStepWork, 800);
      break;
    case kStepWork:
    case kStepReply: {
      if (s.pending_replies > 0) {
        add_message(st_, s.org_id, id, "devin",
                    "Thanks for the message, I've taken it into account.");
        s.pending_replies = 0;
        acus(0.25);
      }
      bool first_finish = x.value("_finished", false) == false;
      if (first_finish) {
        std::string lp = to_lower(s.prompt);
        bool merged = has_marker(s.prompt, "merged");
        if (merged || has_marker(s.prompt, "pr") ||
            lp.find("pull request") != std::string::npos) {
          std::string n = std::to_string(1 + fnv1a(id) % 900);
          x["pull_requests"].push_back(
              {{"pr_url", "https://github.com/acme/widgets/pull/" + n},
               {"pr_state", merged ? "merged" : "open"}});
          x["_pr_opened_at"] = now_unix();
        }
        if (x.value("category", json()).is_null())
          x["category"] = category_of(s.prompt);
        if (!s.output_schema.is_null())
          x["structured_output"] = structured_output_for(s.output_schema);
        add_message(st_, s.org_id, id, "devin",
                    "I've finished the task. Let me know if you need more.");
        x["_finished"] = true;
        acus(0.75);
      }
      if (has_marker(s.prompt, "exit") && first_finish) {
        x["status"] = "exit";
        x["status_detail"] = nullptr;
      } else if (has_marker(s.prompt, "suspend") && first_finish) {
        x["status"] = "suspended";
        x["status_detail"] = "inactivity";
      } else {
        x["status"] = "running";
        x["status_detail"] = "finished";
      }
      s.step = kStepIdle;
      break;
    }
    case kStepResume:
      x["status"] = "running";
      x["status_detail"] = "working";
      schedule(id, s, kStepReply, 400);
      break;
    default:
      break;
  }
}

}  // namespace emu
