// Membership handlers: roles, users, service users, IdP groups, their role
// assignments (both scopes), service-user provisioning and API keys. Every
// view reads the relation store (roles.hpp), so they always agree, and RBAC
// (auth.cpp) reads the same store at the next request.
#include <algorithm>

#include "auth.hpp"
#include "engine.hpp"
#include "roles.hpp"
#include "schema.hpp"

namespace emu {

namespace {

// A list answer (the operation's envelope) of items in sequence order.
Reply answer_list(Ctx &c,
                  const std::vector<std::pair<std::uint64_t, json>> &v) {
  Collection tmp;
  for (const auto &[seq, item] : v) tmp.put(std::to_string(seq), item, seq);
  Reply r;
  r.status = c.op.status;
  r.content_type = c.op.response_content_type;
  r.body = list_response(c, &tmp, [](const json &) { return true; });
  return r;
}

[[noreturn]] void bad_field(const std::string &name, const std::string &msg) {
  throw_unprocessable(json::array(
      {field_error(json::array({"body", name}), msg, "value_error")}));
}

// The role a body field names, checked against the scope of the assignment.
std::string need_role(const Ctx &c, const std::string &name,
                      const std::string &type) {
  const json &v = field(c.body, name.c_str());
  if (!v.is_string()) bad_field(name, "Field required");
  std::string id = v.get<std::string>();
  const json *r = rel::role(c.st, id);
  if (!r) bad_field(name, "Unknown role " + id);
  std::string have = r->value("role_type", "");
  if (have != type)
    bad_field(name, "Role " + id + " is an " + have +
                        " role; this assignment needs an " + type + " role");
  return id;
}

std::string need_org(const Ctx &c) {
  std::string org = c.org_id();
  if (!c.st.org_exists(org)) throw_not_found("Organization " + org);
  return org;
}

std::string query_str(const Ctx &c, const char *name) {
  const json &v = field(c.query, name);
  return v.is_string() ? v.get<std::string>() : "";
}

// ---- roles ---------------------------------------------------------------

Reply roles_list(Ctx &c) {
  std::vector<std::pair<std::uint64_t, json>> v;
  if (const Collection *coll = c.st.find_coll(rel::kRoles))
    for (const auto &[seq, r] : coll->items)
      v.push_back({seq, rel::role_view(r)});
  return answer_list(c, v);
}

// ---- users ---------------------------------------------------------------

const json &need_user(const Ctx &c) {
  std::string id = c.param("user_id");
  const State &st = c.st;  // GET handlers hold a shared lock: read only
  const json *u = rel::user(st, id);
  if (!u) throw_not_found("User " + id);
  return *u;
}

bool email_matches(const Ctx &c, const json &u) {
  std::string want = query_str(c, "email");
  return want.empty() || u.value("email", json()) == want;
}

// Users in sequence order; keep(user_id) selects, view(user_id) shows.
Reply users_list_of(Ctx &c,
                    const std::function<bool(const std::string &)> &keep,
                    const std::function<json(const std::string &)> &view) {
  std::vector<std::pair<std::uint64_t, json>> v;
  if (const Collection *coll = c.st.find_coll(rel::kUsers))
    for (const auto &[seq, u] : coll->items) {
      std::string id = u.value("user_id", "");
      if (keep(id) && email_matches(c, u)) v.push_back({seq, view(id)});
    }
  return answer_list(c, v);
}

Reply org_users_list(Ctx &c) {
  std::string org = need_org(c);
  return users_list_of(
      c,
      [&](const std::string &id) {
        return !rel::assigned_role(c.st, rel::kUser, id, org).empty();
      },
      [&](const std::string &id) {
        return rel::user_view(c.st, id, &org, false);
      });
}

Reply org_user_get(Ctx &c) {
  std::string org = need_org(c);
  std::string id = need_user(c).value("user_id", "");
  if (rel::assigned_role(c.st, rel::kUser, id, org).empty())
    throw_not_found("User " + id + " in organization " + org);
  return shaped_reply(c, rel::user_view(c.st, id, &org, false));
}

// POST assigns (or reassigns), PATCH changes an existing membership, DELETE
// removes it (the answer shows the removed membership).
Reply org_user_role(Ctx &c) {
  std::string org = need_org(c);
  std::string id = need_user(c).value("user_id", "");
  bool member = !rel::assigned_role(c.st, rel::kUser, id, org).empty();
  if (c.op.method != "POST" && !member)
    throw_not_found("User " + id + " in organization " + org);
  if (c.op.method == "DELETE") {
    json before = rel::user_view(c.st, id, &org, false);
    rel::unassign(c.st, rel::kUser, id, org);
    return shaped_reply(c, before);
  }
  rel::assign(c.st, rel::kUser, id, org, need_role(c, "role_id", "org"));
  return shaped_reply(c, rel::user_view(c.st, id, &org, false));
}

Reply users_list(Ctx &c) {
  return users_list_of(
      c, [](const std::string &) { return true; },
      [&](const std::string &id) {
        return rel::user_view(c.st, id, nullptr, false);
      });
}

Reply user_get(Ctx &c) {
  std::string id = need_user(c).value("user_id", "");
  return shaped_reply(c, rel::user_view(c.st, id, nullptr, true));
}

Reply users_invite(Ctx &c) {
  std::string role = need_role(c, "enterprise_role_id", "enterprise");
  json out = json::array();
  std::set<std::string> done;
  for (const auto &e : field(c.body, "emails")) {
    if (!e.is_string() || !done.insert(e.get<std::string>()).second) continue;
    std::string id;
    if (const Collection *coll = c.st.find_coll(rel::kUsers))
      for (const auto &[seq, u] : coll->items)
        if (u.value("email", json()) == e) id = u.value("user_id", "");
    if (id.empty()) {
      id = make_id("user_id");
      c.st.coll(rel::kUsers)
          .put(id,
               {{"user_id", id},
                {"email", e},
                {"name", nullptr},
                {"permissions", json::array()}},
               c.st.next_seq());
    }
    rel::assign(c.st, rel::kUser, id, "", role);
    out.push_back(rel::user_view(c.st, id, nullptr, false));
  }
  Reply r;
  r.status = c.op.status;
  r.body = out;
  return r;
}

Reply user_update(Ctx &c) {
  std::string id = need_user(c).value("user_id", "");
  rel::assign(c.st, rel::kUser, id, "", need_role(c, "role_id", "enterprise"));
  return shaped_reply(c, rel::user_view(c.st, id, nullptr, false));
}

// Removes the user from the enterprise: every assignment, its IdP group
// memberships and its personal access tokens go with it.
Reply user_remove(Ctx &c) {
  std::string id = need_user(c).value("user_id", "");
  json before = rel::user_view(c.st, id, nullptr, false);
  rel::unassign_all(c.st, rel::kUser, id);
  for (auto &[seq, g] : c.st.coll(rel::kGroups).items) {
    json keep = json::array();
    for (const auto &u : field(g, "user_ids"))
      if (u != id) keep.push_back(u);
    g["user_ids"] = keep;
  }
  for (auto it = c.st.keys.begin(); it != c.st.keys.end();)
    it = it->second.kind == "pat_user" && it->second.id == id
             ? c.st.keys.erase(it)
             : std::next(it);
  c.st.coll(rel::kUsers).erase(id);
  return shaped_reply(c, before);
}

// ---- service users -------------------------------------------------------

bool su_active(const json &s) {
  const json &exp = field(s, "expires_at");
  return field(s, "deleted_at").is_null() &&
         (!exp.is_number() || exp.get<std::int64_t>() > now_unix());
}

const json &need_su(const Ctx &c, bool live) {
  std::string id = c.param("service_user_id");
  const State &st = c.st;  // GET handlers hold a shared lock: read only
  const json *s = rel::service_user(st, id);
  if (!s || (live && !field(*s, "deleted_at").is_null()))
    throw_not_found("Service user " + id);
  return *s;
}

bool include_inactive(const Ctx &c) {
  const json &v = field(c.query, "include_inactive");
  return v.is_boolean() && v.get<bool>();
}

Reply sus_list_of(Ctx &c, const std::string *only_org) {
  bool all = include_inactive(c);
  std::vector<std::pair<std::uint64_t, json>> v;
  if (const Collection *coll = c.st.find_coll(rel::kServiceUsers))
    for (const auto &[seq, s] : coll->items) {
      std::string id = s.value("service_user_id", "");
      if (!all && !su_active(s)) continue;
      if (only_org &&
          rel::assigned_role(c.st, rel::kServiceUser, id, *only_org).empty())
        continue;
      v.push_back({seq, rel::service_user_view(c.st, id, only_org)});
    }
  return answer_list(c, v);
}

Reply org_sus_list(Ctx &c) {
  std::string org = need_org(c);
  return sus_list_of(c, &org);
}

Reply sus_list(Ctx &c) { return sus_list_of(c, nullptr); }

Reply su_get(Ctx &c) {
  std::string id = need_su(c, false).value("service_user_id", "");
  return shaped_reply(c, rel::service_user_view(c.st, id, nullptr));
}

Reply org_su_role(Ctx &c) {
  std::string org = need_org(c);
  std::string id = need_su(c, true).value("service_user_id", "");
  bool member = !rel::assigned_role(c.st, rel::kServiceUser, id, org).empty();
  if (c.op.method != "POST" && !member)
    throw_not_found("Service user " + id + " in organization " + org);
  if (c.op.method == "DELETE") {
    json before = rel::service_user_view(c.st, id, &org);
    rel::unassign(c.st, rel::kServiceUser, id, org);
    return shaped_reply(c, before);
  }
  rel::assign(c.st, rel::kServiceUser, id, org, need_role(c, "role_id", "org"));
  return shaped_reply(c, rel::service_user_view(c.st, id, &org));
}

void revoke_tokens_of(State &st, const std::string &su) {
  std::int64_t now = now_unix();
  for (auto it = st.keys.begin(); it != st.keys.end();) {
    if (it->second.kind == "service_user" && it->second.id == su) {
      if (json *k = st.coll(rel::kApiKeys).find(it->first))
        if ((*k)["revoked_at"].is_null()) (*k)["revoked_at"] = now;
      it = st.keys.erase(it);
    } else {
      ++it;
    }
  }
}

Reply su_role(Ctx &c) {
  std::string id = need_su(c, true).value("service_user_id", "");
  if (c.op.method == "DELETE") {
    // Deleting a service user deactivates it: its keys stop working and it
    // is listed again only with include_inactive.
    (*rel::service_user(c.st, id))["deleted_at"] = now_unix();
    revoke_tokens_of(c.st, id);
    return shaped_reply(c, rel::service_user_view(c.st, id, nullptr));
  }
  rel::assign(c.st, rel::kServiceUser, id, "",
              need_role(c, "role_id", "enterprise"));
  return shaped_reply(c, rel::service_user_view(c.st, id, nullptr));
}

std::string new_token() { return "cog_" + random_hex(40); }

// Issues a key of a service user: the API-key record and the credential.
json issue_key(State &st, const json &su, const std::string &name,
               const json &expires_at) {
  std::string token = new_token();
  std::string id = make_id("api_key_id");
  json rec = {{"api_key_id", id},
              {"api_key_name", name},
              {"service_user_id", su.value("service_user_id", "")},
              {"created_at", now_unix()},
              {"expires_at", expires_at},
              {"revoked_at", nullptr},
              {"last_used_at", nullptr}};
  st.coll(rel::kApiKeys).put(token, rec, st.next_seq());
  Principal p;
  p.kind = "service_user";
  p.id = su.value("service_user_id", "");
  p.name = su.value("name", p.id);
  const json &org = field(su, "org_id");
  p.org_id = org.is_string() ? org.get<std::string>() : "";
  p.key = token;
  st.keys[token] = p;
  return {{"api_key_id", id}, {"api_key_name", name}, {"token", token}};
}

// Service-user provisioning (beta): the role must be of the scope, within
// the caller's own permissions, and never manage service users.
Reply provision(Ctx &c) {
  std::string org = c.org_id();
  if (!org.empty()) need_org(c);
  std::string role =
      need_role(c, "role_id", org.empty() ? "enterprise" : "org");
  std::set<std::string> caller =
      org.empty() ? enterprise_permissions(c.st, *c.principal)
                  : org_permissions(c.st, *c.principal, org);
  for (const auto &p : rel::role_permissions(c.st, role)) {
    if (rel::is_service_user_management(p))
      throw_forbidden(
          "A provisioned service user may not manage service "
          "users (role " +
          role + " grants " + p + ")");
    if (p != "ReadAccountMeta" && !caller.count(p))
      throw_forbidden("Role " + role + " grants " + p +
                      ", which the caller does not hold");
  }
  std::string id = make_id("service_user_id");
  std::int64_t ttl = c.body.value("ttl_seconds", std::int64_t{31536000});
  json su = {{"service_user_id", id},
             {"name", c.body.value("name", id)},
             {"org_id", org.empty() ? json(nullptr) : json(org)},
             {"expires_at", now_unix() + ttl},
             {"deleted_at", nullptr},
             {"provisioned", true},
             {"created_by", c.principal->id},
             {"permissions", json::array()}};
  c.st.coll(rel::kServiceUsers).put(id, su, c.st.next_seq());
  rel::assign(c.st, rel::kServiceUser, id, org, role);
  json key =
      issue_key(c.st, su, su["name"].get<std::string>(), su["expires_at"]);
  return shaped_reply(
      c, {{"service_user", rel::service_user_view(c.st, id, nullptr)},
          {"token", key["token"]}});
}

// ---- API keys of a service user -------------------------------------------

std::string key_status(const json &k) {
  if (!field(k, "revoked_at").is_null()) return "revoked";
  const json &exp = field(k, "expires_at");
  if (exp.is_number() && exp.get<std::int64_t>() <= now_unix())
    return "expired";
  return "active";
}

json key_view(const json &k) {
  json out = k;
  out.erase("service_user_id");
  out["is_active"] = key_status(k) == "active";
  return out;
}

// The token and record of an API key of the path's service user.
std::pair<std::string, json *> need_key(Ctx &c) {
  std::string su = c.param("service_user_id"), id = c.param("api_key_id");
  Collection &keys = c.st.coll(rel::kApiKeys);
  for (const auto &[token, seq] : keys.index) {
    json *k = keys.find(token);
    if (k && k->value("api_key_id", "") == id &&
        k->value("service_user_id", "") == su)
      return {token, k};
  }
  throw_not_found("API key " + id);
}

Reply keys_list(Ctx &c) {
  std::string su = need_su(c, false).value("service_user_id", "");
  std::string status = query_str(c, "status");
  std::vector<std::pair<std::uint64_t, json>> v;
  if (const Collection *keys = c.st.find_coll(rel::kApiKeys))
    for (const auto &[seq, k] : keys->items)
      if (k.value("service_user_id", "") == su &&
          (status.empty() || status == "all" || key_status(k) == status))
        v.push_back({seq, key_view(k)});
  return answer_list(c, v);
}

Reply key_create(Ctx &c) {
  const json &su = need_su(c, true);
  json exp = c.body.value("expires_at", json());
  if (exp.is_number() && exp.get<std::int64_t>() <= now_unix())
    bad_field("expires_at", "expires_at must be in the future");
  return shaped_reply(c, issue_key(c.st, su, c.body.value("name", ""), exp));
}

Reply key_revoke(Ctx &c) {
  need_su(c, false);
  auto [token, k] = need_key(c);
  if (!field(*k, "revoked_at").is_null())
    throw ApiError(409, "Conflict",
                   "API key " + c.param("api_key_id") + " is already revoked");
  (*k)["revoked_at"] = now_unix();
  c.st.keys.erase(token);
  return shaped_reply(c, key_view(*k));
}

// Rotation issues a new key (same name); the old one is revoked unless
// revoke_current is false.
Reply key_rotate(Ctx &c) {
  const json &su = need_su(c, true);
  auto [token, k] = need_key(c);
  if (key_status(*k) != "active")
    throw_bad_request("API key " + c.param("api_key_id") + " is not active");
  json old = *k;
  json exp =
      c.body.is_object() ? c.body.value("new_key_expires_at", json()) : json();
  if (exp.is_number() && exp.get<std::int64_t>() <= now_unix())
    bad_field("new_key_expires_at", "new_key_expires_at must be in the future");
  bool revoke = !c.body.is_object() || c.body.value("revoke_current", true);
  std::string old_token = token;
  json out = issue_key(c.st, su, old.value("api_key_name", ""), exp);
  if (revoke) {
    if (json *again = c.st.coll(rel::kApiKeys).find(old_token))
      (*again)["revoked_at"] = now_unix();
    c.st.keys.erase(old_token);
  }
  return shaped_reply(c, out);
}

// ---- IdP groups ------------------------------------------------------------

bool registered(const State &st, const std::string &name) {
  const json *g = rel::group(st, name);
  return g && g->value("registered", false);
}

json &ensure_group(State &st, const std::string &name) {
  if (json *g = rel::group(st, name)) return *g;
  st.coll(rel::kGroups)
      .put(name,
           {{"idp_group_name", name},
            {"registered", false},
            {"user_ids", json::array()}},
           st.next_seq());
  return *rel::group(st, name);
}

Reply groups_list(Ctx &c) {
  std::vector<std::pair<std::uint64_t, json>> v;
  if (const Collection *coll = c.st.find_coll(rel::kGroups))
    for (const auto &[seq, g] : coll->items)
      if (g.value("registered", false))
        v.push_back({seq, {{"idp_group_name", g.value("idp_group_name", "")}}});
  return answer_list(c, v);
}

// Registers the names as given (natural keys); registering again is a no-op.
Reply groups_register(Ctx &c) {
  json out = json::array();
  std::set<std::string> done;
  for (const auto &n : field(c.body, "idp_group_names")) {
    if (!n.is_string() || !done.insert(n.get<std::string>()).second) continue;
    ensure_group(c.st, n.get<std::string>())["registered"] = true;
    out.push_back({{"idp_group_name", n}});
  }
  Reply r;
  r.status = c.op.status;
  r.body = out;
  return r;
}

// Unregistering drops the group's role assignments too.
Reply group_unregister(Ctx &c) {
  std::string name = c.param("idp_group_name");
  if (!registered(c.st, name)) throw_not_found("IdP group " + name);
  rel::unassign_all(c.st, rel::kGroup, name);
  (*rel::group(c.st, name))["registered"] = false;
  return shaped_reply(c, {{"idp_group_name", name}});
}

Reply groups_list_of(Ctx &c, const std::string *only_org) {
  std::vector<std::pair<std::uint64_t, json>> v;
  if (const Collection *coll = c.st.find_coll(rel::kGroups))
    for (const auto &[seq, g] : coll->items) {
      std::string name = g.value("idp_group_name", "");
      json view = rel::group_view(c.st, name, only_org);
      if (!view["role_assignments"].empty()) v.push_back({seq, view});
    }
  return answer_list(c, v);
}

Reply member_groups_list(Ctx &c) { return groups_list_of(c, nullptr); }

Reply org_groups_list(Ctx &c) {
  std::string org = need_org(c);
  return groups_list_of(c, &org);
}

Reply member_group_get(Ctx &c) {
  std::string name = c.param("idp_group_name");
  json view = rel::group_view(c.st, name, nullptr);
  if (!registered(c.st, name) && view["role_assignments"].empty())
    throw_not_found("IdP group " + name);
  return shaped_reply(c, view);
}

// Enterprise-scoped assignment: POST registers the group when needed, PATCH
// changes a known group's enterprise role, DELETE removes the group from the
// enterprise's members (every assignment; the registration stays).
Reply member_group_role(Ctx &c) {
  std::string name = c.param("idp_group_name");
  if (c.op.method == "DELETE") {
    json before = rel::group_view(c.st, name, nullptr);
    if (before["role_assignments"].empty())
      throw_not_found("IdP group " + name);
    rel::unassign_all(c.st, rel::kGroup, name);
    return shaped_reply(c, before);
  }
  if (c.op.method == "PATCH" && !rel::group(c.st, name))
    throw_not_found("IdP group " + name);
  std::string role = need_role(c, "role_id", "enterprise");
  ensure_group(c.st, name)["registered"] = true;
  rel::assign(c.st, rel::kGroup, name, "", role);
  return shaped_reply(c, rel::group_view(c.st, name, nullptr));
}

Reply org_group_get(Ctx &c) {
  std::string org = need_org(c), name = c.param("idp_group_name");
  if (rel::assigned_role(c.st, rel::kGroup, name, org).empty())
    throw_not_found("IdP group " + name + " in organization " + org);
  return shaped_reply(c, rel::group_view(c.st, name, &org));
}

// Org-scoped assignment: only a registered group may be given an org role.
Reply org_group_role(Ctx &c) {
  std::string org = need_org(c), name = c.param("idp_group_name");
  bool assigned = !rel::assigned_role(c.st, rel::kGroup, name, org).empty();
  if (c.op.method != "POST" && !assigned)
    throw_not_found("IdP group " + name + " in organization " + org);
  if (c.op.method == "DELETE") {
    json before = rel::group_view(c.st, name, &org);
    rel::unassign(c.st, rel::kGroup, name, org);
    return shaped_reply(c, before);
  }
  if (!registered(c.st, name))
    throw_not_found("IdP group " + name +
                    " (register it first: POST /v3/enterprise/idp-groups)");
  rel::assign(c.st, rel::kGroup, name, org, need_role(c, "role_id", "org"));
  return shaped_reply(c, rel::group_view(c.st, name, &org));
}

Reply idp_users_of(Ctx &c, const std::string *only_org) {
  return users_list_of(
      c,
      [&](const std::string &id) {
        return !rel::idp_role_assignments(c.st, id, only_org).empty();
      },
      [&](const std::string &id) {
        json u = rel::user_view(c.st, id, only_org, true);
        u.erase("role_assignments");
        return u;
      });
}

Reply idp_users_list(Ctx &c) { return idp_users_of(c, nullptr); }

Reply org_idp_users_list(Ctx &c) {
  std::string org = need_org(c);
  return idp_users_of(c, &org);
}

// Deleting an organization ends every role assignment in it.
Reply org_delete(Ctx &c) {
  Reply r = generic_handle(c);
  std::string org = c.org_id();
  Collection &all = c.st.coll(rel::kAssignments);
  std::vector<std::string> gone;
  for (const auto &[key, seq] : all.index)
    if (const json *a = all.find(key); a && field(*a, "org_id") == org)
      gone.push_back(key);
  for (const auto &k : gone) all.erase(k);
  return r;
}

}  // namespace

void register_member_handlers(Registry &r) {
  r.add("DELETE", "/v3/enterprise/organizations/{org_id}", org_delete);
  r.add("GET", "/v3/enterprise/roles", roles_list);

  const std::string ou = "/v3/enterprise/organizations/{org_id}/members/users";
  r.add("GET", ou, org_users_list);
  for (const char *m : {"POST", "PATCH", "DELETE"})
    r.add(m, ou + "/{user_id}", org_user_role);
  r.add("GET", "/v3beta1/organizations/{org_id}/members/users", org_users_list);
  r.add("GET", "/v3beta1/organizations/{org_id}/members/users/{user_id}",
        org_user_get);
  const std::string eu = "/v3/enterprise/members/users";
  r.add("GET", eu, users_list);
  r.add("POST", eu, users_invite);
  r.add("GET", eu + "/{user_id}", user_get);
  r.add("PATCH", eu + "/{user_id}", user_update);
  r.add("DELETE", eu + "/{user_id}", user_remove);

  const std::string os =
      "/v3/enterprise/organizations/{org_id}/members/service-users";
  r.add("GET", os, org_sus_list);
  for (const char *m : {"POST", "PATCH", "DELETE"})
    r.add(m, os + "/{service_user_id}", org_su_role);
  const std::string es = "/v3/enterprise/members/service-users";
  r.add("GET", es, sus_list);
  r.add("GET", es + "/{service_user_id}", su_get);
  for (const char *m : {"POST", "PATCH", "DELETE"})
    r.add(m, es + "/{service_user_id}", su_role);
  r.add("POST", "/v3beta1/organizations/{org_id}/service-users", provision);
  r.add("POST", "/v3beta1/enterprise/service-users", provision);
  const std::string keys =
      "/v3beta1/enterprise/service-users/{service_user_id}/api-keys";
  r.add("GET", keys, keys_list);
  r.add("POST", keys, key_create);
  r.add("DELETE", keys + "/{api_key_id}", key_revoke);
  r.add("POST", keys + "/{api_key_id}/rotate", key_rotate);

  r.add("GET", "/v3/enterprise/idp-groups", groups_list);
  r.add("POST", "/v3/enterprise/idp-groups", groups_register);
  r.add("DELETE", "/v3/enterprise/idp-groups/{idp_group_name}",
        group_unregister);
  const std::string eg = "/v3/enterprise/members/idp-groups";
  r.add("GET", eg, member_groups_list);
  r.add("GET", eg + "/{idp_group_name}", member_group_get);
  for (const char *m : {"POST", "PATCH", "DELETE"})
    r.add(m, eg + "/{idp_group_name}", member_group_role);
  const std::string og =
      "/v3/enterprise/organizations/{org_id}/members/idp-groups";
  r.add("GET", og, org_groups_list);
  r.add("GET", og + "/{idp_group_name}", org_group_get);
  for (const char *m : {"POST", "PATCH", "DELETE"})
    r.add(m, og + "/{idp_group_name}", org_group_role);
  r.add("GET", "/v3/enterprise/members/idp-users", idp_users_list);
  r.add("GET", "/v3/enterprise/organizations/{org_id}/members/idp-users",
        org_idp_users_list);
  r.add("GET", "/v3beta1/organizations/{org_id}/members/idp-users",
        org_idp_users_list);
}

}  // namespace emu
