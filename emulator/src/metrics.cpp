// Metrics and consumption derived from the sessions that actually ran (and
// their ACU ledgers, `_acu_log`). Organization and enterprise scope.
//
// Modelled guesses (the documentation gives names and shapes, not rules):
// windows are [time_after, time_before); active users are the distinct
// `user_id`s of sessions created in the window; DAU/WAU/MAU buckets are UTC
// days, ISO weeks (Monday) and calendar months clipped to the window; the
// billing day starts at 08:00 UTC (documented); consumption cycles are
// calendar months starting on the 1st at 08:00 UTC; nothing in the emulator
// searches, so search counts are 0.
#include <algorithm>
#include <ctime>

#include "engine.hpp"
#include "simulator.hpp"

namespace emu {

namespace {

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kBillingShift = 8 * 3600;  // billing day: 08:00 UTC

const char *kOrigins[] = {"api",    "automation", "desktop", "jira",
                          "linear", "slack",      "teams",   "webapp"};
const char *kSizes[] = {"xs", "s", "m", "l", "xl"};

struct Window {
  bool has_after = false, has_before = false;
  std::int64_t after = 0, before = 0;
  bool contains(std::int64_t t) const {
    return (!has_after || t >= after) && (!has_before || t < before);
  }
};

Window window_of(const Ctx &c) {
  Window w;
  const json &q = c.query;
  // Clamped to +-3000 years: bucket arithmetic stays far from overflow.
  constexpr std::int64_t kLimit = 100000000000;
  auto clamp = [&](const json &v) {
    return std::clamp(v.get<std::int64_t>(), -kLimit, kLimit);
  };
  if (q.contains("time_after") && q["time_after"].is_number_integer()) {
    w.has_after = true;
    w.after = clamp(q["time_after"]);
  }
  if (q.contains("time_before") && q["time_before"].is_number_integer()) {
    w.has_before = true;
    w.before = clamp(q["time_before"]);
  }
  return w;
}

bool in_list(const json &want, const json &have) {
  if (!want.is_array() || want.empty()) return true;
  for (const auto &w : want)
    if (w == have) return true;
  return false;
}

// Which sessions a request is about (before the time window).
struct Filter {
  std::string org;  // "" = every org (subject to org_ids)
  json org_ids, user_ids, service_user_ids, playbook_id;
  std::string user_id, service_user_id, session_id;  // path filters
  bool keep(const json &s, const std::string &s_org) const {
    if (!org.empty() && s_org != org) return false;
    if (!in_list(org_ids, s_org)) return false;
    if (!in_list(user_ids, field(s, "user_id"))) return false;
    if (!in_list(service_user_ids, field(s, "service_user_id"))) return false;
    if (playbook_id.is_string() && field(s, "playbook_id") != playbook_id)
      return false;
    if (!user_id.empty() && field(s, "user_id") != user_id) return false;
    // A session created as a user bills to that user (create_as_user_id):
    // a service user's consumption is that of the sessions it ran itself.
    if (!service_user_id.empty() &&
        (field(s, "service_user_id") != service_user_id ||
         field(s, "user_id").is_string()))
      return false;
    if (!session_id.empty() && field(s, "session_id") != session_id)
      return false;
    return true;
  }
};

Filter filter_of(const Ctx &c) {
  Filter f;
  f.org = c.org_id();
  const json &q = c.query;
  f.org_ids = field(q, "org_ids");
  f.user_ids = field(q, "user_ids");
  f.service_user_ids = field(q, "service_user_ids");
  f.playbook_id = field(q, "playbook_id");
  f.user_id = c.param("user_id");
  f.service_user_id = c.param("service_user_id");
  f.session_id = c.param("devin_id");
  if (f.session_id.empty()) f.session_id = c.param("session_id");
  return f;
}

template <typename F>
void each_session(const State &st, const Filter &f, F fn) {
  if (!f.org.empty()) {  // one org: its collection only
    if (const Collection *coll = st.find_coll(sessions_path(f.org)))
      for (const auto &[seq, s] : coll->items)
        if (f.keep(s, f.org)) fn(s, f.org);
    return;
  }
  for (const auto &[path, coll] : st.colls) {
    std::string org = org_of_collection(path, "sessions");
    if (org.empty()) continue;
    if (!f.org.empty() && org != f.org) continue;
    for (const auto &[seq, s] : coll.items)
      if (f.keep(s, org)) fn(s, org);
  }
}

std::int64_t created_of(const json &s) {
  const json &v = field(s, "created_at");
  return v.is_number_integer() ? v.get<std::int64_t>() : 0;
}

// The ACUs a session consumed, as [time, acus] entries. Sessions without a
// ledger (the seed's) count theirs at creation.
json acu_entries(const json &s) {
  const json &log = field(s, "_acu_log");
  if (log.is_array() && !log.empty()) return log;
  double total = s.value("acus_consumed", 0.0);
  if (total <= 0) return json::array();
  return json::array({json::array({created_of(s), total})});
}

std::string size_of(const State &st, const json &s, const std::string &org) {
  const Collection *m =
      st.find_coll(messages_path(org, s.value("session_id", "")));
  std::size_t n = m ? m->size() : 0;
  return n < 4 ? "xs" : n < 8 ? "s" : n < 16 ? "m" : n < 32 ? "l" : "xl";
}

Reply answer(const Ctx &c, json body) {
  Reply r;
  r.status = c.op.status;
  r.content_type = c.op.response_content_type;
  r.body = std::move(body);
  return r;
}

// PRs: each session's pull requests, opened at `_pr_opened_at`.
struct PrCounts {
  std::int64_t created = 0, open = 0, merged = 0, closed = 0;
};

PrCounts pr_counts(const State &st, const Filter &f, const Window &w) {
  PrCounts n;
  each_session(st, f, [&](const json &s, const std::string &) {
    std::int64_t at = s.value("_pr_opened_at", created_of(s));
    if (!w.contains(at)) return;
    for (const auto &pr : field(s, "pull_requests")) {
      ++n.created;
      std::string state = to_lower(pr.value("pr_state", std::string("open")));
      if (state == "merged")
        ++n.merged;
      else if (state == "closed")
        ++n.closed;
      else
        ++n.open;
    }
  });
  return n;
}

bool has_merged_pr(const json &s) {
  for (const auto &pr : field(s, "pull_requests"))
    if (to_lower(pr.value("pr_state", std::string())) == "merged") return true;
  return false;
}

Reply session_metrics(Ctx &c) {
  Filter f = filter_of(c);
  Window w = window_of(c);
  json by_origin = json::object(), by_size = json::object(),
       merged_by_size = json::object();
  for (const char *o : kOrigins) by_origin[o] = 0;
  for (const char *z : kSizes) by_size[z] = merged_by_size[z] = 0;
  std::int64_t count = 0, with_playbook = 0, with_merged = 0;
  double acus = 0;
  each_session(c.st, f, [&](const json &s, const std::string &org) {
    if (!w.contains(created_of(s))) return;
    ++count;
    acus += s.value("acus_consumed", 0.0);
    std::string origin = s.value("origin", json()).is_string()
                             ? s["origin"].get<std::string>()
                             : "";
    if (by_origin.contains(origin))
      by_origin[origin] = by_origin[origin].get<std::int64_t>() + 1;
    std::string size = size_of(c.st, s, org);
    by_size[size] = by_size[size].get<std::int64_t>() + 1;
    if (field(s, "playbook_id").is_string()) ++with_playbook;
    if (has_merged_pr(s)) {
      ++with_merged;
      merged_by_size[size] = merged_by_size[size].get<std::int64_t>() + 1;
    }
  });
  return answer(c, {{"avg_acus_per_session",
                     count ? acus / static_cast<double>(count) : 0.0},
                    {"sessions_created_by_origin", by_origin},
                    {"sessions_created_by_size", by_size},
                    {"sessions_created_count", count},
                    {"sessions_created_with_playbook_count", with_playbook},
                    {"sessions_created_with_search_count", 0},
                    {"sessions_with_merged_prs_by_size", merged_by_size},
                    {"sessions_with_merged_prs_count", with_merged}});
}

Reply pr_metrics(Ctx &c) {
  PrCounts n = pr_counts(c.st, filter_of(c), window_of(c));
  return answer(c, {{"prs_created_count", n.created},
                    {"prs_opened_count", n.open},
                    {"prs_merged_count", n.merged},
                    {"prs_closed_count", n.closed},
                    {"prs_taken_over_count", 0},
                    {"prs_taken_over_opened_count", 0},
                    {"prs_taken_over_merged_count", 0},
                    {"prs_taken_over_closed_count", 0}});
}

Reply usage_metrics(Ctx &c) {
  Filter f = filter_of(c);
  Window w = window_of(c);
  std::int64_t sessions = 0;
  each_session(c.st, f, [&](const json &s, const std::string &) {
    if (w.contains(created_of(s))) ++sessions;
  });
  PrCounts n = pr_counts(c.st, f, w);
  return answer(c, {{"prs_created_count", n.created},
                    {"prs_merged_count", n.merged},
                    {"searches_count", 0},
                    {"sessions_count", sessions}});
}

Reply search_metrics(Ctx &c) {
  return answer(c, {{"searches_created_count", 0}});
}

// Distinct users active in [a, b): at least min_sessions sessions created
// (or min_searches searches; there are none). With both minimums 0, any
// user with a session counts.
std::int64_t active_users(const Ctx &c, std::int64_t a, std::int64_t b) {
  Filter f = filter_of(c);
  std::int64_t min_sessions = c.query.value("min_sessions", std::int64_t{1});
  std::int64_t min_searches = c.query.value("min_searches", std::int64_t{1});
  std::map<std::string, std::int64_t> per_user;
  each_session(c.st, f, [&](const json &s, const std::string &) {
    std::int64_t t = created_of(s);
    if (t < a || t >= b || !field(s, "user_id").is_string()) return;
    ++per_user[s["user_id"].get<std::string>()];
  });
  std::int64_t n = 0;
  for (const auto &[user, sessions] : per_user) {
    bool by_sessions =
        min_sessions > 0 ? sessions >= min_sessions : min_searches <= 0;
    bool by_searches = min_searches <= 0 && min_sessions <= 0;
    if (by_sessions || by_searches) ++n;
  }
  return n;
}

Reply active_users_metric(Ctx &c) {
  Window w = window_of(c);
  return answer(c, {{"active_users", active_users(c, w.after, w.before)},
                    {"start_time", w.after},
                    {"end_time", w.before}});
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// The start of the period (day, week, month) containing t, and the next.
void period(char kind, std::int64_t t, std::int64_t &start, std::int64_t &end) {
  if (kind == 'd') {
    start = floor_div(t, kDay) * kDay;
    end = start + kDay;
  } else if (kind == 'w') {
    // 1970-01-01 was a Thursday; weeks start on Monday (ISO).
    std::int64_t days = floor_div(t, kDay);
    std::int64_t monday = days - ((days + 3) % 7 + 7) % 7;
    start = monday * kDay;
    end = start + 7 * kDay;
  } else {
    std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    tm.tm_mday = 1;
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    start = static_cast<std::int64_t>(timegm(&tm));
    tm.tm_mon += 1;
    end = static_cast<std::int64_t>(timegm(&tm));
  }
}

Reply active_series(Ctx &c, char kind) {
  Window w = window_of(c);
  json out = json::array();
  std::int64_t t = w.after;
  for (int i = 0; t < w.before && i < 5000; ++i) {
    std::int64_t start = 0, end = 0;
    period(kind, t, start, end);
    std::int64_t a = std::max(start, w.after), b = std::min(end, w.before);
    out.push_back({{"active_users", active_users(c, a, b)},
                   {"start_time", a},
                   {"end_time", b}});
    t = end;
  }
  return answer(c, out);
}

Reply sessions_by_category(Ctx &c) {
  Filter f = filter_of(c);
  Window w = window_of(c);
  struct Agg {
    std::int64_t n = 0;
    double acus = 0;
    std::map<std::string, std::pair<std::int64_t, double>> subs;
  };
  std::map<std::string, Agg> cats;
  each_session(c.st, f, [&](const json &s, const std::string &) {
    if (!w.contains(created_of(s)) || !field(s, "category").is_string()) return;
    Agg &a = cats[s["category"].get<std::string>()];
    double acus = s.value("acus_consumed", 0.0);
    ++a.n;
    a.acus += acus;
    if (field(s, "subcategory").is_string()) {
      auto &sub = a.subs[s["subcategory"].get<std::string>()];
      ++sub.first;
      sub.second += acus;
    }
  });
  json out = json::array();
  for (const auto &[cat, a] : cats) {
    json subs = json::array();
    for (const auto &[id, v] : a.subs)
      subs.push_back({{"subcategory_id", id},
                      {"display_name", id},
                      {"sessions_count", v.first},
                      {"acus", v.second}});
    out.push_back({{"category", cat},
                   {"sessions_count", a.n},
                   {"acus", a.acus},
                   {"subcategories", subs}});
  }
  return answer(c, {{"categories", out}});
}

std::int64_t billing_day(std::int64_t t) {
  return floor_div(t - kBillingShift, kDay) * kDay + kBillingShift;
}

Reply consumption(Ctx &c) {
  Filter f = filter_of(c);
  Window w = window_of(c);
  if (!f.session_id.empty()) {
    bool found = false;
    each_session(c.st, f,
                 [&](const json &, const std::string &) { found = true; });
    if (!found) throw_not_found("Session " + f.session_id);
  }
  std::map<std::int64_t, double> by_day;
  double total = 0;
  each_session(c.st, f, [&](const json &s, const std::string &) {
    for (const auto &e : acu_entries(s)) {
      std::int64_t t = e.at(0).get<std::int64_t>();
      if (!w.contains(t)) continue;
      double a = e.at(1).get<double>();
      by_day[billing_day(t)] += a;
      total += a;
    }
  });
  json days = json::array();
  for (const auto &[day, acus] : by_day)
    days.push_back({{"date", day},
                    {"acus", acus},
                    {"acus_by_product",
                     {{"devin", acus}, {"cascade", 0.0}, {"terminal", 0.0}}}});
  return answer(c, {{"total_acus", total}, {"consumption_by_date", days}});
}

// Every cycle from the one of the first recorded activity to the current
// one, newest first, paged with first/after.
Reply cycles(Ctx &c) {
  std::int64_t now = now_unix(), first = now;
  each_session(c.st, Filter{}, [&](const json &s, const std::string &) {
    first = std::min(first, created_of(s));
  });
  std::vector<std::pair<std::int64_t, std::int64_t>> all;
  std::int64_t a = 0, b = 0;
  cycle_bounds(first, a, b);
  for (int i = 0; a <= now && i < 1200; ++i) {
    all.emplace_back(a, b);
    cycle_bounds(b, a, b);
  }
  Collection coll;
  std::uint64_t seq = 0;
  for (const auto &[after, before] : all)
    coll.put(std::to_string(after), {{"after", after}, {"before", before}},
             ++seq);
  return answer(c, list_response(
                       c, &coll, [](const json &) { return true; }, true));
}

}  // namespace

void cycle_bounds(std::int64_t t, std::int64_t &after, std::int64_t &before) {
  std::int64_t start = 0, end = 0;
  period('m', t - kBillingShift, start, end);
  after = start + kBillingShift;
  before = end + kBillingShift;
}

namespace {
// The last answer of org_acus_between per org, kept current by accrue_acus
// (a schedule asks at every run; scanning every session each time made long
// clock jumps quadratic). Guarded by the state lock like the sessions.
struct AcuMemo {
  std::int64_t after = 0, before = 0;
  double acus = 0;
};
std::map<std::string, AcuMemo> g_acu_memo;
}  // namespace

void acu_memo_reset() { g_acu_memo.clear(); }

void acu_memo_add(const std::string &org_id, std::int64_t t, double acus) {
  auto it = g_acu_memo.find(org_id);
  if (it != g_acu_memo.end() && t >= it->second.after && t < it->second.before)
    it->second.acus += acus;
}

double org_acus_between(const State &st, const std::string &org_id,
                        std::int64_t after, std::int64_t before) {
  auto memo = g_acu_memo.find(org_id);
  if (memo != g_acu_memo.end() && memo->second.after == after &&
      memo->second.before == before)
    return memo->second.acus;
  Filter f;
  f.org = org_id;
  double total = 0;
  each_session(st, f, [&](const json &s, const std::string &) {
    for (const auto &e : acu_entries(s)) {
      std::int64_t t = e.at(0).get<std::int64_t>();
      if (t >= after && t < before) total += e.at(1).get<double>();
    }
  });
  g_acu_memo[org_id] = AcuMemo{after, before, total};
  return total;
}

double org_cycle_acu_limit(const State &st, const std::string &org_id) {
  const Collection *limits =
      st.find_coll("/v3/enterprise/consumption/acu-limits/devin");
  if (limits)
    for (const auto &[seq, l] : limits->items)
      if (field(l, "org_id") == org_id && field(l, "user_id").is_null() &&
          field(l, "cycle_acu_limit").is_number())
        return l["cycle_acu_limit"].get<double>();
  if (const Collection *orgs = st.find_coll(kOrgsPath))
    if (auto it = orgs->index.find(org_id); it != orgs->index.end()) {
      const json &lim =
          field(orgs->items.at(it->second), "max_cycle_acu_limit");
      if (lim.is_number()) return lim.get<double>();
    }
  return -1;
}

void register_metrics_handlers(Registry &r) {
  const std::string org = "/v3/organizations/{org_id}";
  for (const std::string &base :
       {org + "/metrics", std::string("/v3/enterprise/metrics")}) {
    r.add("GET", base + "/sessions", session_metrics);
    r.add("GET", base + "/prs", pr_metrics);
    r.add("GET", base + "/usage", usage_metrics);
    r.add("GET", base + "/searches", search_metrics);
    r.add("GET", base + "/active-users", active_users_metric);
    r.add("GET", base + "/dau", [](Ctx &c) { return active_series(c, 'd'); });
    r.add("GET", base + "/wau", [](Ctx &c) { return active_series(c, 'w'); });
    r.add("GET", base + "/mau", [](Ctx &c) { return active_series(c, 'm'); });
  }
  r.add("GET", "/v3/enterprise/metrics/sessions-by-category",
        sessions_by_category);
  r.add("GET", "/v3/enterprise/organizations/{org_id}/metrics/usage",
        usage_metrics);
  for (const std::string &base :
       {org + "/consumption/daily",
        std::string("/v3/enterprise/consumption/daily")}) {
    r.add("GET", base, consumption);
    r.add("GET", base + "/service-users/{service_user_id}", consumption);
    r.add("GET", base + "/users/{user_id}", consumption);
  }
  r.add("GET", org + "/consumption/daily/sessions/{devin_id}", consumption);
  r.add("GET", "/v3/enterprise/consumption/daily/sessions/{session_id}",
        consumption);
  r.add("GET", "/v3/enterprise/consumption/daily/organizations/{org_id}",
        consumption);
  r.add("GET", "/v3/enterprise/consumption/cycles", cycles);
}

}  // namespace emu
