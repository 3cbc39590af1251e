// Schedules run: a recurring schedule starts a session at each minute its
// cron `frequency` matches on the simulated clock, a one-time schedule once
// at `scheduled_at`. The generic layer stores the schedules (collection
// /v3/organizations/{org_id}/schedules); this file keeps the private
// bookkeeping fields (`_next_run_at`, `_basis`, `_run_as_user_id`), fires
// what is due, and wraps create/update for the run-as identity.
#include <ctime>

#include "auth.hpp"
#include "cron.hpp"
#include "engine.hpp"
#include "simulator.hpp"

namespace emu {

namespace {

const char *kSchedBase = "/v3/organizations/{org_id}/schedules";
const char *kEntPlaybooks = "/v3/enterprise/playbooks";

std::string schedules_path(const std::string &org) {
  return "/v3/organizations/" + org + "/schedules";
}

bool enabled_of(const json &s) {
  const json &e = field(s, "enabled");
  return !e.is_boolean() || e.get<bool>();
}

std::string str_of(const json &s, const char *k) {
  const json &v = field(s, k);
  return v.is_string() ? v.get<std::string>() : "";
}

// The playbook a schedule names: the stored `playbook` object (the response
// form of the request's playbook_id) or a raw playbook_id.
std::string playbook_of(const json &s) {
  const json &pb = field(s, "playbook");
  if (pb.is_object() && field(pb, "playbook_id").is_string())
    return pb["playbook_id"].get<std::string>();
  return str_of(s, "playbook_id");
}

bool playbook_exists(const State &st, const std::string &org,
                     const std::string &id) {
  for (const std::string &p :
       {"/v3/organizations/" + org + "/playbooks", std::string(kEntPlaybooks)})
    if (const Collection *c = st.find_coll(p); c && c->index.count(id))
      return true;
  return false;
}

void notify(State &st, const json &s, const std::string &sched_id,
            const std::string &org, const std::string &event,
            const std::string &message, const json &session_id) {
  std::string on = str_of(s, "notify_on");
  if (on.empty()) on = "failure";
  if (on == "never" || (on == "failure" && event != "failure")) return;
  st.notifications.push_back(
      {{"notification_id", "notif-" + random_hex(16)},
       {"schedule_id", sched_id},
       {"org_id", org},
       {"event", event},
       {"notify_on", on},
       {"message", message},
       {"session_id", session_id},
       {"slack_team_id", field(s, "slack_team_id")},
       {"slack_channel_id", field(s, "slack_channel_id")},
       {"created_at", now_unix()}});
  if (st.notifications.size() > 10000)
    st.notifications.erase(st.notifications.begin());
}

// Why the schedule cannot start a session now ("" = it can).
std::string start_error(const State &st, const json &s,
                        const std::string &org) {
  if (!st.org_exists(org)) return "Organization " + org + " not found";
  std::string pb = playbook_of(s);
  if (!pb.empty() && !playbook_exists(st, org, pb))
    return "Playbook " + pb + " not found";
  std::string user = str_of(s, "_run_as_user_id");
  if (!user.empty() && !member_has(st, org, user, "UseDevinSessions"))
    return "User " + user + " cannot start sessions in " + org;
  double limit = org_cycle_acu_limit(st, org);
  if (limit >= 0) {
    std::int64_t after = 0, before = 0;
    cycle_bounds(now_unix(), after, before);
    if (org_acus_between(st, org, after, before) >= limit)
      return "Organization " + org +
             " reached its ACU limit for the current cycle";
  }
  return "";
}

void fire(State &st, Simulator *sim, json &s, const std::string &sched_id,
          const std::string &org) {
  std::int64_t now = now_unix();
  std::string err = start_error(st, s, org);
  if (!err.empty()) {
    s["consecutive_failures"] = s.value("consecutive_failures", 0) + 1;
    s["last_error_at"] = iso8601(now);
    s["last_error_message"] = err;
    notify(st, s, sched_id, org, "failure", err, nullptr);
    return;
  }
  SessionStart ss;
  ss.org_id = org;
  ss.prompt = str_of(s, "prompt");
  ss.tags = field(s, "tags");
  std::string user = str_of(s, "_run_as_user_id");
  ss.user_id = user.empty() ? json(nullptr) : json(user);
  ss.service_user_id = nullptr;
  std::string pb = playbook_of(s);
  ss.playbook_id = pb.empty() ? json(nullptr) : json(pb);
  ss.origin = "automation";
  ss.schedule_id = sched_id;
  json &session = start_session(st, sim, ss);
  std::string sid = session.value("session_id", "");
  s["last_executed_at"] = iso8601(now);
  s["consecutive_failures"] = 0;
  notify(st, s, sched_id, org, "success",
         "Schedule " + str_of(s, "name") + " started session " + sid, sid);
}

}  // namespace

bool parse_datetime(const std::string &t, std::int64_t &out) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  char sep = 0;
  int n = 0;
  if (std::sscanf(t.c_str(), "%4d-%2d-%2d%c%2d:%2d:%2d%n", &y, &mo, &d, &sep,
                  &h, &mi, &sec, &n) != 7 ||
      (sep != 'T' && sep != 't' && sep != ' '))
    return false;
  std::size_t i = static_cast<std::size_t>(n);
  if (i < t.size() && t[i] == '.') {
    ++i;
    while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
  }
  std::int64_t offset = 0;
  if (i < t.size() && (t[i] == 'Z' || t[i] == 'z')) {
    ++i;
  } else if (i < t.size() && (t[i] == '+' || t[i] == '-')) {
    int oh = 0, om = 0;
    if (std::sscanf(t.c_str() + i + 1, "%2d:%2d", &oh, &om) != 2) return false;
    offset = (t[i] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
    i += 6;
  }  // no zone: UTC
  if (i != t.size()) return false;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  out = static_cast<std::int64_t>(timegm(&tm)) - offset;
  return true;
}

void refresh_schedule(json &s, std::int64_t now_s) {
  json basis = json::array({enabled_of(s), field(s, "schedule_type"),
                            field(s, "frequency"), field(s, "scheduled_at")});
  if (s.contains("_basis") && s["_basis"] == basis) return;
  s["_basis"] = basis;
  std::int64_t next = -1;
  if (enabled_of(s)) {
    if (str_of(s, "schedule_type") == "one_time") {
      std::int64_t at = 0;
      if (parse_datetime(str_of(s, "scheduled_at"), at)) next = at;
    } else {
      cron::Spec spec;
      std::string error;
      if (cron::parse(str_of(s, "frequency"), spec, error))
        next = cron::next_after(spec, now_s);
    }
  }
  s["_next_run_at"] = next;
}

std::vector<std::string> schedule_collections(const State &st) {
  std::vector<std::string> paths;
  for (const auto &[path, coll] : st.colls)
    if (!coll.items.empty() && !org_of_collection(path, "schedules").empty())
      paths.push_back(path);
  return paths;
}

std::int64_t run_due_schedules(State &st, Simulator *sim,
                               const std::vector<std::string> *schedule_paths) {
  std::vector<std::string> found;
  if (!schedule_paths) {
    found = schedule_collections(st);
    schedule_paths = &found;
  }
  std::int64_t next_ms = 0;
  for (const auto &path : *schedule_paths) {
    std::string org = org_of_collection(path, "schedules");
    std::vector<std::string> ids;
    for (const auto &[id, seq] : st.colls[path].index) ids.push_back(id);
    for (const auto &id : ids) {
      json *item = st.colls[path].find(id);
      if (!item || !item->is_object()) continue;
      std::int64_t now_s = now_unix();
      refresh_schedule(*item, now_s);
      std::int64_t due = item->value("_next_run_at", std::int64_t{-1});
      if (due >= 0 && due <= now_s) {
        fire(st, sim, *item, id, org);
        item = st.colls[path].find(id);
        if (!item) continue;
        json &s = *item;
        if (str_of(s, "schedule_type") == "one_time") {
          s["enabled"] = false;  // a one-time schedule has run: nothing left
          s["_basis"][0] = false;
          s["_next_run_at"] = -1;
        } else {
          cron::Spec spec;
          std::string error;
          s["_next_run_at"] = cron::parse(str_of(s, "frequency"), spec, error)
                                  ? cron::next_after(spec, now_s)
                                  : std::int64_t{-1};
        }
        st.touch();
        due = s.value("_next_run_at", std::int64_t{-1});
      }
      if (due >= 0 && (next_ms == 0 || due * 1000 < next_ms))
        next_ms = due * 1000;
    }
  }
  return next_ms;
}

namespace {

json *stored_schedule(Ctx &c, const Reply &r) {
  std::string id = c.param("schedule_id");
  if (id.empty() && r.body.is_object())
    for (const char *k : {"scheduled_session_id", "schedule_id"})
      if (field(r.body, k).is_string()) {
        id = r.body[k].get<std::string>();
        break;
      }
  return id.empty() ? nullptr : c.st.coll(schedules_path(c.org_id())).find(id);
}

Reply create(Ctx &c, const char *as_field) {
  const json &user = field(c.body, as_field);
  if (user.is_string()) check_impersonation(c, user.get<std::string>());
  json saved = json::object();  // private fields survive an update
  if (json *old = stored_schedule(c, Reply{}))
    for (const auto &[k, v] : old->items())
      if (!k.empty() && k[0] == '_') saved[k] = v;
  Reply r = generic_handle(c);
  if (r.status < 300)
    if (json *s = stored_schedule(c, r)) {
      for (const auto &[k, v] : saved.items())
        if (!s->contains(k)) (*s)[k] = v;
      if (c.body.is_object() && c.body.contains(as_field))
        (*s)[std::string("_run_as_user_id")] = user;
      refresh_schedule(*s, now_unix());
    }
  return r;
}

}  // namespace

void register_schedule_handlers(Registry &r) {
  r.add("POST", kSchedBase,
        [](Ctx &c) { return create(c, "create_as_user_id"); });
  r.add("PATCH", std::string(kSchedBase) + "/{schedule_id}",
        [](Ctx &c) { return create(c, "run_as_user_id"); });
}

}  // namespace emu
