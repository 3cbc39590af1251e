#include "auth.hpp"

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

const Principal &authenticate(const State &st, const std::string &header) {
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
  return it->second;
}

bool principal_has(const State &st, const Principal &p,
                   const std::string &org_id, const std::string &perm) {
  if (perm.empty()) return true;
  if (p.kind == "pat_user" && !org_id.empty())
    return member_has(st, org_id, p.id, perm);
  if (p.permissions.count(perm)) return true;
  if (!p.enterprise() || org_id.empty()) return false;
  for (const auto &ep : p.permissions) {
    auto it = kEnterpriseToOrg.find(ep);
    if (it == kEnterpriseToOrg.end()) continue;
    for (const auto &op : it->second)
      if (op == perm) return true;
  }
  return false;
}

bool member_has(const State &st, const std::string &org_id,
                const std::string &user_id, const std::string &perm) {
  auto o = st.members.find(org_id);
  if (o == st.members.end()) return false;
  auto u = o->second.find(user_id);
  if (u == o->second.end()) return false;
  return perm.empty() || u->second.count(perm) > 0;
}

void authorize(const State &st, const Principal &p, const Operation &op,
               const std::map<std::string, std::string> &path) {
  auto org = path.find("org_id");
  std::string org_id = org == path.end() ? "" : org->second;
  if (op.scope == "enterprise") {
    if (!p.enterprise())
      throw_forbidden(
          "Organization credentials cannot call enterprise endpoints");
    if (!p.permissions.count(op.permission) && !op.permission.empty())
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
  if (!p.enterprise() && p.kind != "pat_user" && p.org_id != org_id)
    throw_forbidden("This credential is not valid for organization " + org_id);
  if (p.kind == "pat_user" && !member_has(st, org_id, p.id, ""))
    throw_forbidden("User is not a member of organization " + org_id);
  if (!st.org_exists(org_id)) throw_not_found("Organization " + org_id);
  if (!principal_has(st, p, org_id, op.permission))
    throw_forbidden("Service user lacks required permission " + op.permission);
}

}  // namespace emu
