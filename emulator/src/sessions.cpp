// Session handlers (organization and enterprise scope): create, list, get,
// terminate, archive, messages, tags, insights.
#include "auth.hpp"
#include "engine.hpp"
#include "schema.hpp"
#include "simulator.hpp"

namespace emu {

namespace {

const char *kOrgBase = "/v3/organizations/{org_id}/sessions";
const char *kEntBase = "/v3/enterprise/sessions";

// The org of the session a request names (enterprise routes may omit it).
std::string session_org_of(Ctx &c) {
  std::string org = c.org_id();
  if (org.empty() && c.query.contains("org_id") &&
      c.query["org_id"].is_string())
    org = c.query["org_id"].get<std::string>();
  std::string id = c.param("devin_id");
  std::string found = c.st.session_org(id);
  if (found.empty() || (!org.empty() && found != org))
    throw_not_found("Session " + id);
  return found;
}

json &find_session(Ctx &c, std::string &org) {
  org = session_org_of(c);
  json *s = c.st.coll(sessions_path(org)).find(c.param("devin_id"));
  if (!s) throw_not_found("Session " + c.param("devin_id"));
  return *s;
}

const json *find_session_ro(Ctx &c, std::string &org) {
  org = session_org_of(c);
  const Collection *coll = c.st.find_coll(sessions_path(org));
  if (!coll) throw_not_found("Session " + c.param("devin_id"));
  auto it = coll->index.find(c.param("devin_id"));
  if (it == coll->index.end())
    throw_not_found("Session " + c.param("devin_id"));
  return &coll->items.at(it->second);
}

Reply ok(const Ctx &c, json body) {
  Reply r;
  r.status = c.op.status;
  r.content_type = c.op.response_content_type;
  r.body = std::move(body);
  return r;
}

bool any_in(const json &want, const json &have) {
  if (!want.is_array() || want.empty()) return true;
  for (const auto &w : want) {
    if (have.is_array()) {
      for (const auto &h : have)
        if (h == w) return true;
    } else if (have == w) {
      return true;
    }
  }
  return false;
}

bool session_matches(const Ctx &c, const json &s) {
  const json &q = c.query;
  auto arr = [&](const char *k) { return q.value(k, json()); };
  auto num = [&](const char *k, std::int64_t &out) {
    if (!q.contains(k) || !q[k].is_number()) return false;
    out = q[k].get<std::int64_t>();
    return true;
  };
  if (!any_in(arr("session_ids"), s.value("session_id", json()))) return false;
  if (!any_in(arr("tags"), s.value("tags", json::array()))) return false;
  if (!any_in(arr("origins"), s.value("origin", json()))) return false;
  if (!any_in(arr("user_ids"), s.value("user_id", json()))) return false;
  if (!any_in(arr("service_user_ids"), s.value("service_user_id", json())))
    return false;
  if (!any_in(arr("org_ids"), s.value("org_id", json()))) return false;
  if (q.contains("schedule_id") && q["schedule_id"].is_string() &&
      s.value("_schedule_id", json()) != q["schedule_id"])
    return false;
  for (const char *k : {"playbook_id", "category", "devin_id", "is_archived"}) {
    if (!q.contains(k) || q[k].is_null()) continue;
    std::string field = std::string(k) == "devin_id" ? "session_id" : k;
    if (s.value(field, json()) != q[k]) return false;
  }
  std::int64_t t = 0;
  std::int64_t created = s.value("created_at", std::int64_t{0});
  std::int64_t updated = s.value("updated_at", std::int64_t{0});
  if (num("created_after", t) && created < t) return false;
  if (num("created_before", t) && created > t) return false;
  if (num("updated_after", t) && updated < t) return false;
  if (num("updated_before", t) && updated > t) return false;
  return true;
}

json insights_of(const Ctx &c, const json &s, const std::string &org) {
  json out = s;
  std::int64_t user_n = 0, devin_n = 0;
  if (const Collection *m =
          c.st.find_coll(messages_path(org, s.value("session_id", ""))))
    for (const auto &[seq, msg] : m->items)
      (msg.value("source", "") == "user" ? user_n : devin_n)++;
  out["num_user_messages"] = user_n;
  out["num_devin_messages"] = devin_n;
  std::int64_t total = user_n + devin_n;
  out["session_size"] = total < 4    ? "xs"
                        : total < 8  ? "s"
                        : total < 16 ? "m"
                        : total < 32 ? "l"
                                     : "xl";
  return out;
}

Reply create(Ctx &c) {
  const json &b = c.body;
  std::string org = c.org_id();
  std::string as_user;
  for (const auto &[field, perm] : c.op.extra_permissions.items()) {
    if (!b.contains(field) || b[field].is_null() || !perm.is_string()) continue;
    if (!principal_has(c.st, *c.principal, org, perm.get<std::string>()))
      throw_forbidden("Service user lacks required permission " +
                      perm.get<std::string>() + " (needed for " + field + ")");
  }
  if (b.contains("create_as_user_id") && b["create_as_user_id"].is_string()) {
    as_user = b["create_as_user_id"].get<std::string>();
    check_impersonation(c, as_user);
  }
  bool su = c.principal->kind == "service_user";
  SessionStart ss;
  ss.org_id = org;
  ss.prompt = b.value("prompt", "");
  ss.title = b.value("title", json());
  ss.tags = b.value("tags", json());
  ss.user_id = !as_user.empty() ? json(as_user)
               : su             ? json(nullptr)
                                : json(c.principal->id);
  ss.service_user_id = su ? json(c.principal->id) : json(nullptr);
  ss.playbook_id = b.value("playbook_id", json());
  ss.output_schema = b.value("structured_output_schema", json());
  ss.attachment_urls = b.value("attachment_urls", json());
  return ok(c, shape(c.op.response_schema, start_session(c.st, c.sim, ss)));
}

}  // namespace

void check_impersonation(const Ctx &c, const std::string &user) {
  std::string org = c.org_id();
  if (!principal_has(c.st, *c.principal, org, "ImpersonateOrgSessions"))
    throw_forbidden(
        "Service user lacks required permission ImpersonateOrgSessions");
  if (!member_has(c.st, org, user, ""))
    throw_forbidden("User " + user + " is not a member of " + org);
  if (!member_has(c.st, org, user, "UseDevinSessions"))
    throw_forbidden("User " + user + " lacks UseDevinSessions");
}

json &start_session(State &st, Simulator *sim, const SessionStart &in) {
  std::string hex = random_hex(32);
  std::string id = "devin-" + hex;
  json tags = in.tags.is_array() ? in.tags : json::array();
  json title = in.title.is_string() ? in.title : json(in.prompt.substr(0, 60));
  std::int64_t now = now_unix();
  json s = {
      {"session_id", id},
      {"url", "https://app.devin.ai/sessions/" + hex},
      {"status", "new"},
      {"status_detail", nullptr},
      {"tags", tags},
      {"org_id", in.org_id},
      {"created_at", now},
      {"updated_at", now},
      {"acus_consumed", 0.0},
      {"pull_requests", json::array()},
      {"title", title},
      {"user_id", in.user_id},
      {"service_user_id", in.service_user_id},
      {"playbook_id", in.playbook_id},
      {"parent_session_id", nullptr},
      {"child_session_ids", json::array()},
      {"is_archived", false},
      {"structured_output", nullptr},
      {"origin", in.origin},
      {"category", nullptr},
      {"subcategory", nullptr},
      {"_attachments", json::array()},
      {"_acu_log", json::array()},
  };
  if (!in.schedule_id.empty()) s["_schedule_id"] = in.schedule_id;
  if (in.attachment_urls.is_array())
    for (const auto &u : in.attachment_urls)
      if (u.is_string()) s["_attachments"].push_back(u);
  std::uint64_t seq = st.next_seq();
  Collection &coll = st.coll(sessions_path(in.org_id));
  coll.put(id, s, seq);
  add_message(st, in.org_id, id, "user", in.prompt);
  SimState state;
  state.org_id = in.org_id;
  state.prompt = in.prompt;
  state.output_schema = in.output_schema;
  auto &ref = st.sims[id] = state;
  if (sim) sim->schedule(id, ref, kStepNew, 400);
  st.touch();
  return *st.coll(sessions_path(in.org_id)).find(id);
}

namespace {

Reply list(Ctx &c) {
  if (!c.org_id().empty()) {
    const Collection *coll = c.st.find_coll(sessions_path(c.org_id()));
    return ok(c,
              list_response(
                  c, coll, [&](const json &s) { return session_matches(c, s); },
                  true));
  }
  // Enterprise: every org, merged in creation order (newest first).
  Collection merged;
  for (const auto &org : c.st.org_ids())
    if (const Collection *coll = c.st.find_coll(sessions_path(org)))
      for (const auto &[seq, s] : coll->items)
        merged.put(s.value("session_id", ""), s, seq);
  return ok(c, list_response(
                   c, &merged,
                   [&](const json &s) { return session_matches(c, s); }, true));
}

Reply list_insights(Ctx &c) {
  Reply r = list(c);
  if (r.body.is_object() && r.body.contains("items"))
    for (auto &it : r.body["items"]) {
      it = insights_of(c, it, it.value("org_id", ""));
      it = shape(c.op.item_schema, it);
    }
  return r;
}

Reply get(Ctx &c) {
  std::string org;
  return ok(c, shape(c.op.response_schema, *find_session_ro(c, org)));
}

Reply terminate(Ctx &c) {
  std::string org;
  json &s = find_session(c, org);
  s["status"] = "exit";
  s["status_detail"] = nullptr;
  s["updated_at"] = now_unix();
  if (c.query.value("archive", false)) s["is_archived"] = true;
  c.st.sims.erase(c.param("devin_id"));
  return ok(c, shape(c.op.response_schema, s));
}

Reply archive(Ctx &c) {
  std::string org;
  json &s = find_session(c, org);
  s["is_archived"] = true;
  s["updated_at"] = now_unix();
  std::string status = s.value("status", "");
  if (status == "running" || status == "new" || status == "claimed" ||
      status == "resuming") {
    s["status"] = "suspended";
    s["status_detail"] = "user_request";
    auto it = c.st.sims.find(c.param("devin_id"));
    if (it != c.st.sims.end()) it->second.due_ms = 0;
  }
  return ok(c, shape(c.op.response_schema, s));
}

Reply send_message(Ctx &c) {
  std::string org;
  json &s = find_session(c, org);
  std::string id = c.param("devin_id");
  std::string status = s.value("status", "");
  if (status == "exit" || status == "error")
    throw_bad_request("Session " + id + " has ended (status " + status +
                      ") and cannot receive messages");
  add_message(c.st, org, id, "user", c.body.value("message", ""));
  for (const auto &u : c.body.value("attachment_urls", json::array()))
    if (u.is_string()) s["_attachments"].push_back(u);
  s["updated_at"] = now_unix();
  auto &sim = c.st.sims[id];
  if (sim.org_id.empty()) sim.org_id = org;
  sim.pending_replies++;
  if (status == "suspended") {
    s["status"] = "resuming";
    s["status_detail"] = nullptr;
    if (c.sim) c.sim->schedule(id, sim, kStepResume, 400);
  } else if (sim.due_ms == 0) {
    if (status == "running") s["status_detail"] = "working";
    if (c.sim) c.sim->schedule(id, sim, kStepReply, 400);
  }
  return ok(c, shape(c.op.response_schema, s));
}

Reply list_messages(Ctx &c) {
  std::string org;
  find_session_ro(c, org);
  const Collection *m = c.st.find_coll(messages_path(org, c.param("devin_id")));
  return ok(c, list_response(c, m, [](const json &) { return true; }));
}

Reply tags_get(Ctx &c) {
  std::string org;
  const json *s = find_session_ro(c, org);
  return ok(c, shape(c.op.response_schema,
                     {{"tags", s->value("tags", json::array())}}));
}

Reply tags_set(Ctx &c, bool append) {
  std::string org;
  json &s = find_session(c, org);
  json tags = append ? s.value("tags", json::array()) : json::array();
  for (const auto &t : c.body.value("tags", json::array())) {
    bool seen = false;
    for (const auto &x : tags) seen = seen || x == t;
    if (!seen) tags.push_back(t);
  }
  if (tags.size() > 50)
    throw_unprocessable(json::array(
        {field_error(json::array({"body", "tags"}),
                     "A session can have at most 50 tags", "too_long")}));
  s["tags"] = tags;
  s["updated_at"] = now_unix();
  return ok(c, shape(c.op.response_schema, {{"tags", tags}}));
}

Reply gen_insights(Ctx &c) {
  std::string org;
  find_session(c, org);
  std::string id = c.param("devin_id");
  bool exists = c.st.insights.count(id) > 0;
  c.st.insights[id] = "ready";
  return ok(c, shape(c.op.response_schema,
                     {{"session_id", id},
                      {"status", exists ? "already_exists" : "started"}}));
}

Reply get_insights(Ctx &c) {
  std::string org;
  const json *s = find_session_ro(c, org);
  return ok(c, shape(c.op.response_schema, insights_of(c, *s, org),
                     fnv1a(c.param("devin_id")) % 100));
}

Reply list_attachments(Ctx &c) {
  std::string org;
  const json *s = find_session_ro(c, org);
  json out = json::array();
  for (const auto &u : s->value("_attachments", json::array())) {
    std::string url = u.get<std::string>();
    auto parts = split(url, '/');
    std::string name = parts.empty() ? url : parts.back();
    std::string uuid = parts.size() > 1 ? parts[parts.size() - 2] : "";
    json a = {{"attachment_id", uuid},
              {"name", name},
              {"url", url},
              {"source", "user"}};
    auto bt = c.st.blobs.find(uuid);
    a["content_type"] = bt != c.st.blobs.end() ? bt->second.content_type
                                               : "application/octet-stream";
    out.push_back(shape(c.op.item_schema, a));
  }
  return ok(c, out);
}

}  // namespace

void register_session_handlers(Registry &r) {
  register_schedule_handlers(r);
  register_metrics_handlers(r);
  for (const std::string base : {kOrgBase, kEntBase}) {
    const std::string one = base + "/{devin_id}";
    r.add("GET", base, list);
    r.add("GET", base + "/insights", list_insights);
    r.add("GET", one, get);
    r.add("GET", one + "/messages", list_messages);
    r.add("POST", one + "/messages", send_message);
    r.add("GET", one + "/tags", tags_get);
    r.add("POST", one + "/tags", [](Ctx &c) { return tags_set(c, true); });
    r.add("PUT", one + "/tags", [](Ctx &c) { return tags_set(c, false); });
    r.add("POST", one + "/insights/generate", gen_insights);
    r.add("GET", one + "/insights", get_insights);
    r.add("GET", one + "/attachments", list_attachments);
  }
  r.add("POST", kOrgBase, create);
  r.add("DELETE", std::string(kOrgBase) + "/{devin_id}", terminate);
  r.add("POST", std::string(kOrgBase) + "/{devin_id}/archive", archive);
}

}  // namespace emu
