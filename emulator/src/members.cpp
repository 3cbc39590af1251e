// Membership handlers that change who may do what: role assignments of
// users and service users, service-user provisioning and API keys.
#include "auth.hpp"
#include "engine.hpp"
#include "schema.hpp"

namespace emu {

namespace {

std::set<std::string> role_permissions(const State &st,
                                       const std::string &role_id) {
  std::set<std::string> out = {"ReadAccountMeta"};
  const Collection *roles = st.find_coll("/v3/enterprise/roles");
  if (!roles) return out;
  auto it = roles->index.find(role_id);
  if (it == roles->index.end()) return out;
  for (const auto &p : field(roles->items.at(it->second), "_permissions"))
    out.insert(p.get<std::string>());
  return out;
}

json role_json(const State &st, const std::string &role_id) {
  const Collection *roles = st.find_coll("/v3/enterprise/roles");
  if (roles) {
    auto it = roles->index.find(role_id);
    if (it != roles->index.end()) {
      json r = roles->items.at(it->second);
      r.erase("_permissions");
      return r;
    }
  }
  return {{"role_id", role_id},
          {"role_name", role_id},
          {"role_type", "organization"}};
}

void require_role(const State &st, const std::string &role_id) {
  const Collection *roles = st.find_coll("/v3/enterprise/roles");
  if (!roles || !roles->index.count(role_id))
    throw_unprocessable(
        json::array({field_error(json::array({"body", "role_id"}),
                                 "Unknown role " + role_id, "value_error")}));
}

// Role assignment of an org member (user): generic upsert, then RBAC.
Reply org_user_role(Ctx &c) {
  std::string org = c.org_id(), user = c.param("user_id");
  if (c.op.method == "DELETE") {
    Reply r = generic_handle(c);
    c.st.members[org].erase(user);
    return r;
  }
  std::string role = c.body.value("role_id", "");
  require_role(c.st, role);
  c.body["role_assignments"] =
      json::array({{{"org_id", org}, {"role", role_json(c.st, role)}}});
  Reply r = generic_handle(c);
  c.st.members[org][user] = role_permissions(c.st, role);
  return r;
}

// Role assignment of a service user: generic upsert, then its keys' rights.
Reply service_user_role(Ctx &c) {
  std::string su = c.param("service_user_id");
  std::string org = c.org_id();
  if (c.op.method != "DELETE") {
    std::string role = c.body.value("role_id", "");
    require_role(c.st, role);
    c.body["role_assignments"] =
        json::array({{{"org_id", org.empty() ? json(nullptr) : json(org)},
                      {"role", role_json(c.st, role)}}});
    Reply r = generic_handle(c);
    for (auto &[k, p] : c.st.keys)
      if (p.id == su) p.permissions = role_permissions(c.st, role);
    return r;
  }
  Reply r = generic_handle(c);
  for (auto it = c.st.keys.begin(); it != c.st.keys.end();)
    it = it->second.id == su ? c.st.keys.erase(it) : std::next(it);
  return r;
}

std::string new_token() { return "cog_" + random_hex(40); }

Reply provision(Ctx &c) {
  std::string org = c.org_id();
  std::string role = c.body.value("role_id", "");
  require_role(c.st, role);
  std::set<std::string> perms = role_permissions(c.st, role);
  for (const auto &p : perms) {
    if (p == "ManageServiceUsers" || p == "ManageOrgServiceUsers" ||
        p == "ManageAccountServiceUsers")
      throw_forbidden(
          "A provisioned service user may not manage service users");
    if (p != "ReadAccountMeta" && !principal_has(c.st, *c.principal, org, p))
      throw_forbidden("Role permission " + p + " exceeds the caller's");
  }
  Principal p;
  p.kind = "service_user";
  p.id = make_id("service_user_id");
  p.name = c.body.value("name", p.id);
  p.org_id = org;
  p.permissions = perms;
  p.key = new_token();
  c.st.keys[p.key] = p;
  std::int64_t ttl = c.body.value("ttl_seconds", std::int64_t{31536000});
  json su = {{"service_user_id", p.id},
             {"name", p.name},
             {"expires_at", now_unix() + ttl},
             {"deleted_at", nullptr},
             {"role_assignments",
              json::array({{{"org_id", org.empty() ? json(nullptr) : json(org)},
                            {"role", role_json(c.st, role)}}})}};
  std::string list = org.empty() ? "/v3/enterprise/members/service-users"
                                 : "/v3/enterprise/organizations/" + org +
                                       "/members/service-users";
  c.st.coll(list).put(p.id, su, c.st.next_seq());
  if (!org.empty())
    c.st.coll("/v3/enterprise/members/service-users")
        .put(p.id, su, c.st.next_seq());
  Reply r;
  r.status = c.op.status;
  r.body = shape(c.op.response_schema,
                 {{"service_user", su}, {"token", p.key}, {"api_key", p.key}});
  return r;
}

const Principal *find_su(const State &st, const std::string &id) {
  for (const auto &[k, p] : st.keys)
    if (p.id == id && p.kind == "service_user") return &p;
  return nullptr;
}

Reply key_create(Ctx &c) {
  std::string su = c.param("service_user_id");
  const Principal *owner = find_su(c.st, su);
  if (!owner) throw_not_found("Service user " + su);
  Principal p = *owner;
  p.key = new_token();
  c.st.keys[p.key] = p;
  std::string id = make_id("api_key_id");
  json item = {{"api_key_id", id},
               {"api_key_name", c.body.value("name", "key")},
               {"name", c.body.value("name", "key")},
               {"created_at", now_unix()},
               {"expires_at", c.body.value("expires_at", json())},
               {"_token", p.key}};
  c.st.coll(c.req_path).put(id, item, c.st.next_seq());
  json out = item;
  out["token"] = p.key;
  Reply r;
  r.status = c.op.status;
  r.body = shape(c.op.response_schema, out);
  return r;
}

json *find_key(Ctx &c, std::string &coll_path) {
  std::string path = c.req_path;
  if (c.op.method == "POST") path = path.substr(0, path.rfind('/'));  // rotate
  coll_path = path.substr(0, path.rfind('/'));
  json *item = c.st.coll(coll_path).find(c.param("api_key_id"));
  if (!item) throw_not_found("API key " + c.param("api_key_id"));
  return item;
}

Reply key_revoke(Ctx &c) {
  std::string coll;
  json *item = find_key(c, coll);
  c.st.keys.erase(item->value("_token", ""));
  json gone = *item;
  c.st.coll(coll).erase(c.param("api_key_id"));
  Reply r;
  r.status = c.op.status;
  if (c.op.response_kind == "empty") r.empty = true;
  r.body = shape(c.op.response_schema, gone);
  return r;
}

Reply key_rotate(Ctx &c) {
  std::string coll;
  json *item = find_key(c, coll);
  std::string old = item->value("_token", "");
  auto it = c.st.keys.find(old);
  Principal p = it != c.st.keys.end() ? it->second : Principal{};
  if (it != c.st.keys.end()) c.st.keys.erase(it);
  p.key = new_token();
  if (p.id.empty()) p.id = c.param("service_user_id");
  c.st.keys[p.key] = p;
  (*item)["_token"] = p.key;
  json out = *item;
  out["token"] = p.key;
  Reply r;
  r.status = c.op.status;
  r.body = shape(c.op.response_schema, out);
  return r;
}

}  // namespace

void register_member_handlers(Registry &r) {
  const std::string ou = "/v3/enterprise/organizations/{org_id}/members/users";
  for (const char *m : {"POST", "PATCH", "DELETE"})
    r.add(m, ou + "/{user_id}", org_user_role);
  const std::string os =
      "/v3/enterprise/organizations/{org_id}/members/service-users";
  const std::string es = "/v3/enterprise/members/service-users";
  for (const char *m : {"POST", "PATCH", "DELETE"}) {
    r.add(m, os + "/{service_user_id}", service_user_role);
    r.add(m, es + "/{service_user_id}", service_user_role);
  }
  r.add("POST", "/v3beta1/organizations/{org_id}/service-users", provision);
  r.add("POST", "/v3beta1/enterprise/service-users", provision);
  const std::string keys =
      "/v3beta1/enterprise/service-users/{service_user_id}/api-keys";
  r.add("POST", keys, key_create);
  r.add("DELETE", keys + "/{api_key_id}", key_revoke);
  r.add("POST", keys + "/{api_key_id}/rotate", key_rotate);
}

}  // namespace emu
