// Applies a seed document to the state (see docs/emulator.md for the format).
#include "seed.hpp"

#include <fstream>
#include <sstream>

#include "api.hpp"
#include "auth.hpp"
#include "schema.hpp"
#include "simulator.hpp"

namespace emu {

namespace {

// Item schema of the list (or get) operation at a path template.
json item_schema_at(const std::string &tmpl) {
  const Operation *op = Api::get().by_key("GET", tmpl);
  return op ? op->item_schema : json::object();
}

void put(State &st, const std::string &tmpl, const std::string &concrete,
         const std::string &id, json fields) {
  std::uint64_t seq = st.next_seq();
  const json schema = item_schema_at(tmpl);
  json item = conform(schema, std::move(fields), seq);
  // Seed values the description does not allow are replaced by valid ones.
  const json &props = field(schema_core(schema), "properties");
  for (auto &[k, v] : item.items()) {
    if (!props.contains(k)) continue;
    json errs = json::array();
    validate(props[k], v, json::array(), errs);
    if (!errs.empty()) v = synth(props[k], k, seq);
  }
  st.coll(concrete).put(id, item, seq);
}

std::string sub(const std::string &tmpl, const std::string &org) {
  return fill_template(tmpl, {{"org_id", org}});
}

json role_json(const std::map<std::string, json> &roles,
               const std::string &id) {
  auto it = roles.find(id);
  if (it == roles.end())
    return {{"role_id", id}, {"role_name", id}, {"role_type", "organization"}};
  return {{"role_id", id},
          {"role_name", it->second.value("role_name", id)},
          {"role_type", it->second.value("role_type", "organization")}};
}

void seed_principals(State &st, const json &seed,
                     std::map<std::string, json> &roles,
                     std::map<std::string, std::set<std::string>> &role_perms) {
  for (const auto &r : seed.value("roles", json::array())) {
    std::string id = r.value("role_id", "");
    roles[id] = r;
    role_perms[id] = expand_permissions(r.value("permissions", json::array()));
    json role = role_json(roles, id);
    role["_permissions"] = role_perms[id];
    put(st, "/v3/enterprise/roles", "/v3/enterprise/roles", id, role);
  }
  auto perms_of = [&](const json &x) {
    std::set<std::string> out;
    if (x.contains("permissions")) out = expand_permissions(x["permissions"]);
    auto rp = role_perms.find(x.value("role_id", ""));
    if (rp != role_perms.end())
      out.insert(rp->second.begin(), rp->second.end());
    out.insert("ReadAccountMeta");
    return out;
  };
  for (const auto &su : seed.value("service_users", json::array())) {
    Principal p;
    p.kind = "service_user";
    p.id = su.value("service_user_id", make_id("service_user_id"));
    p.name = su.value("name", p.id);
    p.org_id = su.value("org_id", json()).is_string()
                   ? su["org_id"].get<std::string>()
                   : "";
    p.permissions = perms_of(su);
    p.key = su.value("api_key", "");
    if (!p.key.empty()) st.keys[p.key] = p;
    json ra = {{"org_id", p.org_id.empty() ? json(nullptr) : json(p.org_id)},
               {"role", role_json(roles, su.value("role_id", ""))}};
    json item = {{"service_user_id", p.id},
                 {"name", p.name},
                 {"expires_at", nullptr},
                 {"deleted_at", nullptr},
                 {"role_assignments", json::array({ra})}};
    put(st, "/v3/enterprise/members/service-users",
        "/v3/enterprise/members/service-users", p.id, item);
    if (!p.org_id.empty()) {
      put(st, "/v3/enterprise/organizations/{org_id}/members/service-users",
          sub("/v3/enterprise/organizations/{org_id}/members/service-users",
              p.org_id),
          p.id, item);
    }
  }
  for (const auto &u : seed.value("users", json::array())) {
    std::string uid = u.value("user_id", make_id("user_id"));
    json assignments = json::array();
    if (u.contains("enterprise_role_id"))
      assignments.push_back(
          {{"org_id", nullptr},
           {"role", role_json(roles, u.value("enterprise_role_id", ""))}});
    for (const auto &m : u.value("memberships", json::array())) {
      std::string org = m.value("org_id", "");
      st.members[org][uid] = perms_of(m);
      json ra = {{"org_id", org},
                 {"role", role_json(roles, m.value("role_id", ""))}};
      assignments.push_back(ra);
      json item = {{"user_id", uid},
                   {"email", u.value("email", "")},
                   {"name", u.value("name", "")},
                   {"role_assignments", json::array({ra})}};
      put(st, "/v3/enterprise/organizations/{org_id}/members/users",
          sub("/v3/enterprise/organizations/{org_id}/members/users", org), uid,
          item);
      put(st, "/v3beta1/organizations/{org_id}/members/users",
          sub("/v3beta1/organizations/{org_id}/members/users", org), uid, item);
    }
    put(st, "/v3/enterprise/members/users", "/v3/enterprise/members/users", uid,
        {{"user_id", uid},
         {"email", u.value("email", "")},
         {"name", u.value("name", "")},
         {"role_assignments", assignments}});
    if (u.contains("api_key") && u["api_key"].is_string()) {
      Principal p;
      p.kind = "pat_user";
      p.id = uid;
      p.name = u.value("name", uid);
      p.key = u["api_key"].get<std::string>();
      p.permissions = {"ReadAccountMeta"};
      st.keys[p.key] = p;
    }
  }
}

void seed_groups(State &st, const json &seed,
                 const std::map<std::string, json> &roles) {
  for (const auto &g : seed.value("idp_groups", json::array())) {
    std::string name = g.value("idp_group_name", "");
    json assignments = json::array();
    if (g.contains("enterprise_role_id"))
      assignments.push_back(
          {{"org_id", nullptr},
           {"role", role_json(roles, g.value("enterprise_role_id", ""))}});
    for (const auto &[org, role] : field(g, "org_roles").items()) {
      json ra = {{"org_id", org}, {"role", role_json(roles, role)}};
      assignments.push_back(ra);
      put(st, "/v3/enterprise/organizations/{org_id}/members/idp-groups",
          sub("/v3/enterprise/organizations/{org_id}/members/idp-groups", org),
          name, {{"idp_group_name", name}, {"role_assignments", {ra}}});
    }
    put(st, "/v3/enterprise/idp-groups", "/v3/enterprise/idp-groups", name,
        {{"idp_group_name", name}, {"role_assignments", assignments}});
    put(st, "/v3/enterprise/members/idp-groups",
        "/v3/enterprise/members/idp-groups", name,
        {{"idp_group_name", name}, {"role_assignments", assignments}});
    for (const auto &uid : g.value("user_ids", json::array())) {
      json user = {
          {"user_id", uid},
          {"email", uid.get<std::string>() + "@example.com"},
          {"name", uid},
          {"idp_role_assignments",
           {{{"idp_group_name", name},
             {"org_id", nullptr},
             {"role", role_json(roles, g.value("enterprise_role_id", ""))}}}}};
      put(st, "/v3/enterprise/members/idp-users",
          "/v3/enterprise/members/idp-users",
          uid.get<std::string>() + "/" + name, user);
      for (const auto &[org, role] : field(g, "org_roles").items()) {
        put(st, "/v3/enterprise/organizations/{org_id}/members/idp-users",
            sub("/v3/enterprise/organizations/{org_id}/members/idp-users", org),
            uid.get<std::string>() + "/" + name, user);
        put(st, "/v3beta1/organizations/{org_id}/members/idp-users",
            sub("/v3beta1/organizations/{org_id}/members/idp-users", org),
            uid.get<std::string>() + "/" + name, user);
      }
    }
  }
}

void seed_git(State &st, const json &seed) {
  const std::string conns = "/v3/enterprise/git-providers/connections";
  const std::string repos_t = conns + "/{connection_id}/repositories";
  for (const auto &g : seed.value("git_connections", json::array())) {
    std::string id = g.value("git_connection_id", make_id("connection_id"));
    json item = g;
    item.erase("repositories");
    item["git_connection_id"] = id;
    item["created_at"] = now_unix() - 86400 * 30;
    put(st, conns, conns, id, item);
    for (const auto &r : g.value("repositories", json::array())) {
      std::string path = r.value("repo_path", "acme/repo");
      json repo = r;
      repo["git_connection_id"] = id;
      repo["git_connection_host"] = g.value("host", "github.com");
      repo["repo_name"] = split(path, '/').back();
      repo["provider_repository_id"] = std::to_string(fnv1a(path) % 100000000);
      repo["last_updated_at"] = now_unix() - 3600;
      if (!repo.contains("repo_description"))
        repo["repo_description"] = "Repository " + path;
      put(st, repos_t, fill_template(repos_t, {{"connection_id", id}}), path,
          repo);
      for (const auto &org : st.org_ids()) {
        const std::string rt = "/v3beta1/organizations/{org_id}/repositories";
        put(st, rt, sub(rt, org), path, repo);
      }
    }
  }
  const std::string gp =
      "/v3/enterprise/organizations/{org_id}/git-providers/permissions";
  for (const auto &[org, list] : field(seed, "git_permissions").items())
    for (const auto &p : list) {
      std::string id = make_id("git_permission_id");
      json item = p;
      item["git_permission_id"] = id;
      item["created_at"] = now_unix();
      put(st, gp, sub(gp, org), id, item);
    }
}

void seed_sessions(State &st, const json &seed) {
  for (const auto &s : seed.value("sessions", json::array())) {
    std::string org = s.value("org_id", "org-emulator-1");
    std::string hex = random_hex(32);
    std::string id = "devin-" + hex;
    std::int64_t now = now_unix();
    std::string state = s.value("state", "finished");
    json item = {{"session_id", id},
                 {"url", "https://app.devin.ai/sessions/" + hex},
                 {"status", state == "finished" ? "running" : state},
                 {"status_detail",
                  state == "finished" ? json("finished") : json(nullptr)},
                 {"tags", s.value("tags", json::array())},
                 {"org_id", org},
                 {"created_at", now - 3600},
                 {"updated_at", now - 1800},
                 {"acus_consumed", 1.5},
                 {"pull_requests", json::array()},
                 {"title", s.value("title", json())},
                 {"user_id", s.value("user_id", json())},
                 {"service_user_id", nullptr},
                 {"playbook_id", nullptr},
                 {"parent_session_id", nullptr},
                 {"child_session_ids", json::array()},
                 {"is_archived", false},
                 {"structured_output", nullptr},
                 {"origin", "webapp"},
                 {"category", nullptr},
                 {"subcategory", nullptr},
                 {"_finished", true},
                 {"_attachments", json::array()}};
    st.coll(sessions_path(org)).put(id, item, st.next_seq());
    add_message(st, org, id, "user", s.value("prompt", ""));
    add_message(st, org, id, "devin", "Done! (seeded session)");
    SimState sim;
    sim.org_id = org;
    sim.prompt = s.value("prompt", "");
    sim.step = kStepIdle;
    st.sims[id] = sim;
  }
}

}  // namespace

json load_seed(const std::string &path) {
  if (path.empty()) return json::parse(default_seed_text());
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read seed file " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  json j = json::parse(ss.str(), nullptr, false);
  if (!j.is_object())
    throw std::runtime_error("seed file is not a JSON object");
  return j;
}

void apply_seed(State &st, const json &seed, double speed_override) {
  st.clear();
  const json settings = seed.value("settings", json::object());
  st.speed = speed_override > 0 ? speed_override : settings.value("speed", 1.0);
  const json ent = seed.value("enterprise", json::object());
  st.enterprise_id = ent.value("enterprise_id", "ent-emulator");
  st.enterprise_name = ent.value("name", "Emulator Enterprise");
  for (const auto &o : seed.value("organizations", json::array())) {
    json item = o;
    item["created_at"] = now_unix() - 86400 * 90;
    item["updated_at"] = now_unix() - 86400;
    put(st, kOrgsPath, kOrgsPath, o.value("org_id", ""), item);
  }
  std::map<std::string, json> roles;
  std::map<std::string, std::set<std::string>> role_perms;
  seed_principals(st, seed, roles, role_perms);
  seed_groups(st, seed, roles);
  seed_git(st, seed);
  if (seed.contains("ip_access_list"))
    st.singletons["/v3/enterprise/ip-access-list"] = {
        {"ip_ranges", seed["ip_access_list"]}};
  for (const auto &[org, tags] : field(seed, "org_tags").items())
    st.singletons["/v3/enterprise/organizations/" + org + "/tags"] = {
        {"tags", tags}};
  seed_sessions(st, seed);
  for (const auto &[path, items] : field(seed, "collections").items())
    for (const auto &it : items) {
      std::string id = it.value("id", make_id("item_id"));
      for (const auto &[k, v] : it.items())
        if (k.size() > 3 && k.compare(k.size() - 3, 3, "_id") == 0 &&
            v.is_string() && k != "org_id") {
          id = v.get<std::string>();
          break;
        }
      st.coll(path).put(id, it, st.next_seq());
    }
  for (const auto &[path, doc] : field(seed, "singletons").items())
    st.singletons[path] = doc;
}

}  // namespace emu
