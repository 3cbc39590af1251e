#include "auth.hpp"

#include "roles.hpp"

namespace emu {

namespace {

const std::vector<std::string> kOrgBuiltin = {
    "ReadAccountMeta",        "ManageOrgSecrets",      "ViewOrgSecrets",
    "ManageOrgKnowledge",     "ViewOrgKnowledge",      "ManageOrgPlaybooks",
    "ViewOrgPlaybooks",       "ManageOrgServiceUsers", "ViewOrgSessions",
    "ManageOrgSessions",      "UseDevinSessions",      "ImpersonateOrgSessions",
    "ManageOrgSchedules",     "ViewOrgSchedules",      "ViewOrgMembership",
    "ViewOrgMetrics",         "ManageBilling",         "IndexOrgRepositories",
    "ManageRepoBlueprints",   "ManageOrgSnapshots",    "UseReviewManual",
    "ManageAccountKnowledge", "ManageKnowledge",       "Read"};

const std::vector<std::string> kEnterpriseBuiltin = {
    "ReadAccountMeta",
    "ManageEnterpriseSettings",
    "ManageOrganizations",
    "ManageAccountMembership",
    "ManageAccountServiceUsers",
    "ManageAccountKnowledge",
    "ManageAccountPlaybooks",
    "ManageGitIntegrations",
    "ManageBilling",
    "ViewAccountMetrics",
    "ViewEnterpriseInfraDetails",
    "ViewAccountSessions",
    "ManageAccountSessions",
    "ViewAccountSearches",
    "ViewAccountConsumption",
    "UseReviewManual"};

// Enterprise permission -> the org permissions it grants in every org.
const std::map<std::string, std::vector<std::string>> kEnterpriseToOrg = {
    {"ManageAccountKnowledge",
     {"ManageOrgKnowledge", "ViewOrgKnowledge", "ManageKnowledge"}},
    {"ManageAccountPlaybooks", {"ManageOrgPlaybooks", "ViewOrgPlaybooks"}},
    {"ViewAccountSessions", {"ViewOrgSessions"}},
    {"ManageAccountSessions",
     {"ManageOrgSessions", "ViewOrgSessions", "UseDevinSessions",
      "ImpersonateOrgSessions"}},
    {"ViewAccountMetrics", {"ViewOrgMetrics"}},
    {"ManageAccountMembership", {"ViewOrgMembership"}},
    {"ManageAccountServiceUsers", {"ManageOrgServiceUsers"}},
    {"ManageEnterpriseSettings",
     {"ManageOrgSecrets", "ViewOrgSecrets", "ManageOrgSchedules",
      "ViewOrgSchedules", "IndexOrgRepositories", "ManageRepoBlueprints",
      "ManageOrgSnapshots", "Read"}},
};

bool starts_with(const std::string &s, const char *p) {
  return s.rfind(p, 0) == 0;
}

}  // namespace

std::set<std::string> expand_permissions(const json &list) {
  std::set<std::string> out;
  if (!list.is_array()) return out;
  const Api &api = Api::get();
  for (const auto &x : list) {
    if (!x.is_string()) continue;
    std::string name = x.get<std::string>();
    if (name == "@org-all" || name == "@org-view") {
      std::vector<std::string> all = kOrgBuiltin;
      for (const auto &p : api.permissions("organization")) all.push_back(p);
      for (const auto &p : api.permissions("self")) all.push_back(p);
      for (const auto &p : all)
        if (name == "@org-all" || starts_with(p, "View") ||
            starts_with(p, "Read") || p == "Read")
          out.insert(p);
    } else if (name == "@enterprise-all") {
      out.insert(kEnterpriseBuiltin.begin(), kEnterpriseBuiltin.end());
      for (const auto &p : api.permissions("enterprise")) out.insert(p);
      for (const auto &p : api.permissions("self")) out.insert(p);
    } else {
      out.insert(name);
    }
  }
  out.insert("ReadAccountMeta");
  return out;
}

// ---------------------------------------------------------------------------
// The relation store (roles.hpp).

namespace rel {

const char *const kRoles = "_rel/roles";
const char *const kUsers = "_rel/users";
const char *const kServiceUsers = "_rel/service_users";
const char *const kGroups = "_rel/idp_groups";
const char *const kAssignments = "_rel/assignments";
const char *const kApiKeys = "_rel/api_keys";

namespace {

const json *find_in(const State &st, const char *path, const std::string &id) {
  const Collection *c = st.find_coll(path);
  if (!c) return nullptr;
  auto it = c->index.find(id);
  if (it == c->index.end()) return nullptr;
  auto jt = c->items.find(it->second);
  return jt == c->items.end() ? nullptr : &jt->second;
}

std::string assignment_key(const std::string &type, const std::string &id,
                           const std::string &org) {
  return type + "\n" + id + "\n" + org;
}

std::string org_of(const json &a) {
  const json &o = field(a, "org_id");
  return o.is_string() ? o.get<std::string>() : "";
}

}  // namespace

const json *role(const State &st, const std::string &id) {
  return find_in(st, kRoles, id);
}
const json *user(const State &st, const std::string &id) {
  return find_in(st, kUsers, id);
}
const json *service_user(const State &st, const std::string &id) {
  return find_in(st, kServiceUsers, id);
}
const json *group(const State &st, const std::string &name) {
  return find_in(st, kGroups, name);
}
const json *api_key(const State &st, const std::string &token) {
  return find_in(st, kApiKeys, token);
}
json *user(State &st, const std::string &id) {
  return st.coll(kUsers).find(id);
}
json *service_user(State &st, const std::string &id) {
  return st.coll(kServiceUsers).find(id);
}
json *group(State &st, const std::string &name) {
  return st.coll(kGroups).find(name);
}

json role_view(const json &r) {
  return {{"role_id", r.value("role_id", "")},
          {"role_name", r.value("role_name", "")},
          {"role_type", r.value("role_type", "")}};
}

std::set<std::string> role_permissions(const State &st,
                                       const std::string &role_id) {
  std::set<std::string> out;
  if (const json *r = role(st, role_id))
    for (const auto &p : field(*r, "permissions"))
      if (p.is_string()) out.insert(p.get<std::string>());
  return out;
}

void assign(State &st, const std::string &type, const std::string &id,
            const std::string &org, const std::string &role_id) {
  Collection &c = st.coll(kAssignments);
  std::string key = assignment_key(type, id, org);
  json item = {{"principal_type", type},
               {"principal_id", id},
               {"org_id", org.empty() ? json(nullptr) : json(org)},
               {"role_id", role_id}};
  if (json *have = c.find(key)) {
    *have = item;
    return;
  }
  c.put(key, item, st.next_seq());
}

bool unassign(State &st, const std::string &type, const std::string &id,
              const std::string &org) {
  return st.coll(kAssignments).erase(assignment_key(type, id, org));
}

void unassign_all(State &st, const std::string &type, const std::string &id) {
  for (const auto &a : assignments(st, type, id)) unassign(st, type, id, a.org);
}

std::string assigned_role(const State &st, const std::string &type,
                          const std::string &id, const std::string &org) {
  const json *a = find_in(st, kAssignments, assignment_key(type, id, org));
  return a ? a->value("role_id", "") : "";
}

std::vector<Assignment> assignments(const State &st, const std::string &type,
                                    const std::string &id) {
  std::vector<Assignment> out;
  if (const Collection *c = st.find_coll(kAssignments))
    for (const auto &[seq, a] : c->items)
      if (a.value("principal_type", "") == type &&
          a.value("principal_id", "") == id)
        out.push_back({org_of(a), a.value("role_id", "")});
  return out;
}

std::vector<std::string> assigned_in(const State &st, const std::string &type,
                                     const std::string &org) {
  std::vector<std::string> out;
  if (const Collection *c = st.find_coll(kAssignments))
    for (const auto &[seq, a] : c->items)
      if (a.value("principal_type", "") == type && org_of(a) == org)
        out.push_back(a.value("principal_id", ""));
  return out;
}

json role_assignments(const State &st, const std::string &type,
                      const std::string &id, const std::string *only_org) {
  json out = json::array();
  for (const auto &a : assignments(st, type, id)) {
    if (only_org && a.org != *only_org) continue;
    const json *r = role(st, a.role_id);
    if (!r) continue;
    out.push_back({{"org_id", a.org.empty() ? json(nullptr) : json(a.org)},
                   {"role", role_view(*r)}});
  }
  return out;
}

std::vector<std::string> groups_of(const State &st,
                                   const std::string &user_id) {
  std::vector<std::string> out;
  if (const Collection *c = st.find_coll(kGroups))
    for (const auto &[seq, g] : c->items)
      for (const auto &u : field(g, "user_ids"))
        if (u == user_id) out.push_back(g.value("idp_group_name", ""));
  return out;
}

json idp_role_assignments(const State &st, const std::string &user_id,
                          const std::string *only_org) {
  json out = json::array();
  for (const auto &g : groups_of(st, user_id))
    for (const auto &a : assignments(st, kGroup, g)) {
      if (only_org && a.org != *only_org) continue;
      const json *r = role(st, a.role_id);
      if (!r) continue;
      out.push_back({{"idp_group_name", g},
                     {"org_id", a.org.empty() ? json(nullptr) : json(a.org)},
                     {"role", role_view(*r)}});
    }
  return out;
}

json user_view(const State &st, const std::string &user_id,
               const std::string *only_org, bool with_idp) {
  const json *u = user(st, user_id);
  if (!u) return nullptr;
  json out = {
      {"user_id", user_id},
      {"email", u->value("email", json())},
      {"name", u->value("name", json())},
      {"role_assignments", role_assignments(st, kUser, user_id, only_org)}};
  if (with_idp)
    out["idp_role_assignments"] = idp_role_assignments(st, user_id, only_org);
  return out;
}

json service_user_view(const State &st, const std::string &id,
                       const std::string *only_org) {
  const json *s = service_user(st, id);
  if (!s) return nullptr;
  return {
      {"service_user_id", id},
      {"name", s->value("name", id)},
      {"expires_at", s->value("expires_at", json())},
      {"deleted_at", s->value("deleted_at", json())},
      {"role_assignments", role_assignments(st, kServiceUser, id, only_org)}};
}

json group_view(const State &st, const std::string &name,
                const std::string *only_org) {
  return {{"idp_group_name", name},
          {"role_assignments", role_assignments(st, kGroup, name, only_org)}};
}

bool is_service_user_management(const std::string &perm) {
  return perm == "ManageServiceUsers" || perm == "ManageOrgServiceUsers" ||
         perm == "ManageAccountServiceUsers";
}

}  // namespace rel

// ---------------------------------------------------------------------------
// RBAC over the relation store.

namespace {

// The principal's relation-store identity.
std::pair<std::string, std::string> subject(const Principal &p) {
  return {p.kind == "pat_user" ? rel::kUser : rel::kServiceUser, p.id};
}

// Role ids that apply to the principal in a scope (org "" = enterprise):
// its own assignment and, for users, its IdP groups' assignments.
std::vector<std::string> roles_in(const State &st, const std::string &type,
                                  const std::string &id,
                                  const std::string &org) {
  std::vector<std::string> out;
  std::string own = rel::assigned_role(st, type, id, org);
  if (!own.empty()) out.push_back(own);
  if (type == rel::kUser)
    for (const auto &g : rel::groups_of(st, id)) {
      std::string r = rel::assigned_role(st, rel::kGroup, g, org);
      if (!r.empty()) out.push_back(r);
    }
  return out;
}

bool provisioned(const State &st, const Principal &p) {
  if (p.kind != "service_user") return false;
  const json *s = rel::service_user(st, p.id);
  return s && s->value("provisioned", false);
}

// Permissions the seed grants a principal beyond its roles.
std::set<std::string> extra_permissions(const State &st, const Principal &p) {
  auto [type, id] = subject(p);
  const json *rec =
      type == rel::kUser ? rel::user(st, id) : rel::service_user(st, id);
  std::set<std::string> out;
  if (rec)
    for (const auto &x : field(*rec, "permissions"))
      if (x.is_string()) out.insert(x.get<std::string>());
  return out;
}

void strip_service_user_management(const State &st, const Principal &p,
                                   std::set<std::string> &perms) {
  if (!provisioned(st, p)) return;
  for (auto it = perms.begin(); it != perms.end();)
    it = rel::is_service_user_management(*it) ? perms.erase(it) : std::next(it);
}

}  // namespace

bool has_enterprise_role(const State &st, const Principal &p) {
  auto [type, id] = subject(p);
  return !roles_in(st, type, id, "").empty();
}

std::set<std::string> enterprise_permissions(const State &st,
                                             const Principal &p) {
  std::set<std::string> out = extra_permissions(st, p);
  out.insert("ReadAccountMeta");
  auto [type, id] = subject(p);
  for (const auto &r : roles_in(st, type, id, "")) {
    auto perms = rel::role_permissions(st, r);
    out.insert(perms.begin(), perms.end());
  }
  strip_service_user_management(st, p, out);
  return out;
}

bool org_access(const State &st, const Principal &p,
                const std::string &org_id) {
  auto [type, id] = subject(p);
  return !roles_in(st, type, id, org_id).empty() || has_enterprise_role(st, p);
}

std::set<std::string> org_permissions(const State &st, const Principal &p,
                                      const std::string &org_id) {
  auto [type, id] = subject(p);
  std::set<std::string> out;
  for (const auto &r : roles_in(st, type, id, org_id)) {
    auto perms = rel::role_permissions(st, r);
    out.insert(perms.begin(), perms.end());
  }
  if (has_enterprise_role(st, p)) {
    for (const auto &ep : enterprise_permissions(st, p)) {
      out.insert(ep);
      auto it = kEnterpriseToOrg.find(ep);
      if (it != kEnterpriseToOrg.end())
        out.insert(it->second.begin(), it->second.end());
    }
  } else if (!out.empty()) {
    auto extra = extra_permissions(st, p);
    out.insert(extra.begin(), extra.end());
  }
  if (!out.empty()) out.insert("ReadAccountMeta");
  strip_service_user_management(st, p, out);
  return out;
}

Principal authenticate(const State &st, const std::string &header) {
  if (header.empty())
    throw ApiError(401, "Unauthorized",
                   "Missing Authorization header (expected: Bearer cog_...)");
  if (header.size() < 8 || to_lower(header.substr(0, 7)) != "bearer ")
    throw ApiError(401, "Unauthorized",
                   "Malformed Authorization header (expected: Bearer cog_...)");
  std::string token = header.substr(7);
  while (!token.empty() && token.front() == ' ') token.erase(0, 1);
  if (starts_with(token, "apk_"))
    throw ApiError(401, "Unauthorized",
                   "Legacy API keys (apk_) are not accepted by the v3 API; "
                   "use a service user credential (cog_)");
  if (!starts_with(token, "cog_"))
    throw ApiError(401, "Unauthorized", "Invalid or expired API key");
  auto it = st.keys.find(token);
  if (it == st.keys.end())
    throw ApiError(401, "Unauthorized", "Invalid or expired API key");
  Principal p = it->second;
  if (const json *k = rel::api_key(st, token)) {
    const json &exp = field(*k, "expires_at");
    if (!field(*k, "revoked_at").is_null() ||
        (exp.is_number() && exp.get<std::int64_t>() <= now_unix()))
      throw ApiError(401, "Unauthorized", "Invalid or expired API key");
  }
  if (p.kind == "service_user") {
    const json *s = rel::service_user(st, p.id);
    const json &exp = s ? field(*s, "expires_at") : json();
    if (!s || !field(*s, "deleted_at").is_null() ||
        (exp.is_number() && exp.get<std::int64_t>() <= now_unix()))
      throw ApiError(401, "Unauthorized", "Invalid or expired API key");
  } else if (!rel::user(st, p.id)) {
    throw ApiError(401, "Unauthorized", "Invalid or expired API key");
  }
  // Permissions are read from the relation store on every request, so a
  // role change applies to the principal's next call.
  std::set<std::string> perms = enterprise_permissions(st, p);
  if (!p.org_id.empty()) {
    auto home = org_permissions(st, p, p.org_id);
    perms.insert(home.begin(), home.end());
  }
  p.permissions = perms;
  return p;
}

bool principal_has(const State &st, const Principal &p,
                   const std::string &org_id, const std::string &perm) {
  if (perm.empty()) return true;
  if (org_id.empty()) return p.permissions.count(perm) > 0;
  return org_permissions(st, p, org_id).count(perm) > 0;
}

bool member_has(const State &st, const std::string &org_id,
                const std::string &user_id, const std::string &perm) {
  Principal u;
  u.kind = "pat_user";
  u.id = user_id;
  if (roles_in(st, rel::kUser, user_id, org_id).empty()) return false;
  return perm.empty() || org_permissions(st, u, org_id).count(perm) > 0;
}

void authorize(const State &st, const Principal &p, const Operation &op,
               const std::map<std::string, std::string> &path) {
  auto org = path.find("org_id");
  std::string org_id = org == path.end() ? "" : org->second;
  if (op.scope == "enterprise") {
    if (!has_enterprise_role(st, p))
      throw_forbidden(
          "Organization credentials cannot call enterprise endpoints");
    if (!op.permission.empty() && !p.permissions.count(op.permission))
      throw_forbidden("Service user lacks required permission " +
                      op.permission);
    return;
  }
  if (op.scope == "self" || org_id.empty()) {
    if (!op.permission.empty() && !p.permissions.count(op.permission))
      throw_forbidden("Service user lacks required permission " +
                      op.permission);
    return;
  }
  if (!org_access(st, p, org_id)) {
    if (p.kind == "pat_user")
      throw_forbidden("User is not a member of organization " + org_id);
    throw_forbidden("This credential is not valid for organization " + org_id);
  }
  if (!st.org_exists(org_id)) throw_not_found("Organization " + org_id);
  if (!principal_has(st, p, org_id, op.permission))
    throw_forbidden("Service user lacks required permission " + op.permission);
}

}  // namespace emu
