// Applies a seed document to the state (see docs/emulator.md for the format).
#include "seed.hpp"

#include <fstream>
#include <sstream>

#include "api.hpp"
#include "auth.hpp"
#include "roles.hpp"
#include "schema.hpp"
#include "simulator.hpp"

namespace emu {

namespace {

// An invalid seed: startup fails with this message (exit status 2).
[[noreturn]] void bad_seed(const std::string &entry, const std::string &why) {
  throw SeedError("invalid seed: " + entry + ": " + why);
}

std::string entry_name(const char *list, std::size_t i, const json &item,
                       const char *id_field) {
  std::string out = std::string(list) + "[" + std::to_string(i) + "]";
  if (item.is_object() && item.contains(id_field) && item[id_field].is_string())
    out += " (" + std::string(id_field) + " \"" +
           item[id_field].get<std::string>() + "\")";
  return out;
}

// Item schema of the list (or get) operation at a path template.
json item_schema_at(const std::string &tmpl) {
  const Operation *op = Api::get().by_key("GET", tmpl);
  return op ? op->item_schema : json::object();
}

// Stores a seeded item after checking the fields the seed gives against the
// item schema (an invalid value is an error, never replaced).
void put(State &st, const std::string &tmpl, const std::string &concrete,
         const std::string &id, json fields, const std::string &entry) {
  std::uint64_t seq = st.next_seq();
  const json schema = item_schema_at(tmpl);
  const json &props = field(schema_core(schema), "properties");
  for (const auto &[k, v] : fields.items()) {
    if (!props.contains(k)) continue;
    json errs = json::array();
    validate(props[k], v, json::array({k}), errs);
    if (!errs.empty())
      bad_seed(entry, k + ": " + errs[0].value("msg", "invalid value"));
  }
  // Required fields the seed leaves out: timestamps are the load time,
  // nullable ones null, documented defaults as documented; anything else is
  // the seed's to give (nothing is made up).
  const json &core = schema_core(schema);
  for (const auto &r : field(core, "required")) {
    std::string k = r.get<std::string>();
    if (fields.contains(k)) continue;
    const json &p = props.value(k, json::object());
    std::string t = schema_type(schema_core(p));
    if (k == "created_at" || k == "updated_at" || k == "last_updated_at")
      fields[k] = t == "string" ? json(iso8601(now_unix())) : json(now_unix());
    else if (schema_nullable(p))
      fields[k] = nullptr;
    else if (p.contains("default"))
      fields[k] = p["default"];
    else
      bad_seed(entry, "missing required field " + k);
  }
  st.coll(concrete).put(id, std::move(fields), seq);
}

std::string sub(const std::string &tmpl, const std::string &org) {
  return fill_template(tmpl, {{"org_id", org}});
}

std::string str(const json &j, const char *key) {
  const json &v = field(j, key);
  return v.is_string() ? v.get<std::string>() : "";
}

// Checks the seed's principals and relations; throws SeedError naming the
// first invalid entry.
void check_principals(const json &seed) {
  std::set<std::string> orgs, keys;
  std::map<std::string, std::string> role_types;
  for (const auto &[i, o] : field(seed, "organizations").items()) {
    std::string e = entry_name("organizations", std::stoul(i), o, "org_id");
    if (str(o, "org_id").empty()) bad_seed(e, "org_id is required");
    if (!orgs.insert(str(o, "org_id")).second) bad_seed(e, "duplicate org_id");
  }
  for (const auto &[i, r] : field(seed, "roles").items()) {
    std::string e = entry_name("roles", std::stoul(i), r, "role_id");
    std::string id = str(r, "role_id"), type = str(r, "role_type");
    if (id.empty()) bad_seed(e, "role_id is required");
    if (str(r, "role_name").empty()) bad_seed(e, "role_name is required");
    if (type != "enterprise" && type != "org")
      bad_seed(e, "role_type \"" + field(r, "role_type").dump() +
                      "\" is not one of \"enterprise\", \"org\"");
    if (!role_types.emplace(id, type).second) bad_seed(e, "duplicate role_id");
    const json &perms = field(r, "permissions");
    if (!perms.is_null() && !perms.is_array())
      bad_seed(e, "permissions must be an array of names");
    for (const auto &p : perms)
      if (!p.is_string()) bad_seed(e, "permissions must be names");
  }
  auto need_role = [&](const std::string &e, const json &j, const char *key,
                       const std::string &type, bool required) {
    if (!j.contains(key) || j[key].is_null()) {
      if (required) bad_seed(e, std::string(key) + " is required");
      return;
    }
    std::string id = j[key].is_string() ? j[key].get<std::string>() : "";
    auto it = role_types.find(id);
    if (it == role_types.end())
      bad_seed(e, std::string(key) + " " + j[key].dump() +
                      " names no role of the seed");
    if (it->second != type)
      bad_seed(e, std::string(key) + " \"" + id + "\" is a " + it->second +
                      " role; this assignment needs a " + type + " role");
  };
  auto need_org = [&](const std::string &e, const std::string &org) {
    if (!orgs.count(org))
      bad_seed(e, "org_id \"" + org + "\" names no organization of the seed");
  };
  auto need_key = [&](const std::string &e, const json &j) {
    if (!j.contains("api_key") || j["api_key"].is_null()) return;
    std::string k =
        j["api_key"].is_string() ? j["api_key"].get<std::string>() : "";
    if (k.rfind("cog_", 0) != 0) bad_seed(e, "api_key must start with cog_");
    if (!keys.insert(k).second) bad_seed(e, "duplicate api_key");
  };
  std::set<std::string> sus;
  for (const auto &[i, su] : field(seed, "service_users").items()) {
    std::string e =
        entry_name("service_users", std::stoul(i), su, "service_user_id");
    std::string id = str(su, "service_user_id");
    if (id.empty()) bad_seed(e, "service_user_id is required");
    if (!sus.insert(id).second) bad_seed(e, "duplicate service_user_id");
    if (str(su, "name").empty()) bad_seed(e, "name is required");
    need_key(e, su);
    std::string org = str(su, "org_id");
    if (!org.empty()) need_org(e, org);
    need_role(e, su, "role_id", org.empty() ? "enterprise" : "org", false);
  }
  std::set<std::string> users;
  for (const auto &[i, u] : field(seed, "users").items()) {
    std::string e = entry_name("users", std::stoul(i), u, "user_id");
    std::string id = str(u, "user_id");
    if (id.empty()) bad_seed(e, "user_id is required");
    if (!users.insert(id).second) bad_seed(e, "duplicate user_id");
    need_key(e, u);
    need_role(e, u, "enterprise_role_id", "enterprise", false);
    std::set<std::string> seen;
    for (const auto &[j, m] : field(u, "memberships").items()) {
      std::string me = e + ".memberships[" + j + "]";
      need_org(me, str(m, "org_id"));
      if (!seen.insert(str(m, "org_id")).second)
        bad_seed(me, "second membership in the same organization");
      need_role(me, m, "role_id", "org", true);
    }
  }
  std::set<std::string> groups;
  for (const auto &[i, g] : field(seed, "idp_groups").items()) {
    std::string e =
        entry_name("idp_groups", std::stoul(i), g, "idp_group_name");
    std::string name = str(g, "idp_group_name");
    if (name.empty()) bad_seed(e, "idp_group_name is required");
    if (!groups.insert(name).second) bad_seed(e, "duplicate idp_group_name");
    need_role(e, g, "enterprise_role_id", "enterprise", false);
    for (const auto &[org, role] : field(g, "org_roles").items()) {
      need_org(e + ".org_roles", org);
      need_role(e + ".org_roles", {{"role_id", role}}, "role_id", "org", true);
    }
    for (const auto &uid : field(g, "user_ids"))
      if (!uid.is_string() || !users.count(uid.get<std::string>()))
        bad_seed(e, "user_ids: " + uid.dump() + " names no user of the seed");
  }
  for (const auto &[i, s] : field(seed, "sessions").items()) {
    std::string e = "sessions[" + i + "]";
    need_org(e, s.value("org_id", "org-emulator-1"));
    const json &uid = field(s, "user_id");
    if (!uid.is_null() &&
        (!uid.is_string() || !users.count(uid.get<std::string>())))
      bad_seed(e, "user_id " + uid.dump() + " names no user of the seed");
  }
  for (const auto &[org, list] : field(seed, "git_permissions").items())
    need_org("git_permissions", org);
  for (const auto &[org, list] : field(seed, "org_tags").items())
    need_org("org_tags", org);
}

// Fills the relation store (roles.hpp) and the API keys.
void seed_principals(State &st, const json &seed) {
  for (const auto &r : seed.value("roles", json::array())) {
    json perms = json::array();
    for (const auto &p :
         expand_permissions(r.value("permissions", json::array())))
      perms.push_back(p);
    st.coll(rel::kRoles)
        .put(str(r, "role_id"),
             {{"role_id", str(r, "role_id")},
              {"role_name", str(r, "role_name")},
              {"role_type", str(r, "role_type")},
              {"permissions", perms}},
             st.next_seq());
  }
  auto extras = [](const json &x) {
    json out = json::array();
    if (x.contains("permissions"))
      for (const auto &p : expand_permissions(x["permissions"]))
        out.push_back(p);
    return out;
  };
  for (const auto &su : seed.value("service_users", json::array())) {
    std::string id = str(su, "service_user_id"), org = str(su, "org_id");
    st.coll(rel::kServiceUsers)
        .put(id,
             {{"service_user_id", id},
              {"name", str(su, "name")},
              {"org_id", org.empty() ? json(nullptr) : json(org)},
              {"expires_at", su.value("expires_at", json())},
              {"deleted_at", nullptr},
              {"provisioned", false},
              {"permissions", extras(su)}},
             st.next_seq());
    if (!str(su, "role_id").empty())
      rel::assign(st, rel::kServiceUser, id, org, str(su, "role_id"));
    if (!str(su, "api_key").empty()) {
      Principal p;
      p.kind = "service_user";
      p.id = id;
      p.name = str(su, "name");
      p.org_id = org;
      p.key = str(su, "api_key");
      st.keys[p.key] = p;
    }
  }
  for (const auto &u : seed.value("users", json::array())) {
    std::string uid = str(u, "user_id");
    st.coll(rel::kUsers)
        .put(uid,
             {{"user_id", uid},
              {"email", u.value("email", json())},
              {"name", u.value("name", json())},
              {"permissions", extras(u)}},
             st.next_seq());
    if (!str(u, "enterprise_role_id").empty())
      rel::assign(st, rel::kUser, uid, "", str(u, "enterprise_role_id"));
    for (const auto &m : field(u, "memberships"))
      rel::assign(st, rel::kUser, uid, str(m, "org_id"), str(m, "role_id"));
    if (!str(u, "api_key").empty()) {
      Principal p;
      p.kind = "pat_user";
      p.id = uid;
      p.name =
          u.value("name", json(uid)).is_string() ? u.value("name", uid) : uid;
      p.key = str(u, "api_key");
      st.keys[p.key] = p;
    }
  }
  for (const auto &g : seed.value("idp_groups", json::array())) {
    std::string name = str(g, "idp_group_name");
    st.coll(rel::kGroups)
        .put(name,
             {{"idp_group_name", name},
              {"registered", true},
              {"user_ids", g.value("user_ids", json::array())}},
             st.next_seq());
    if (!str(g, "enterprise_role_id").empty())
      rel::assign(st, rel::kGroup, name, "", str(g, "enterprise_role_id"));
    for (const auto &[org, role] : field(g, "org_roles").items())
      rel::assign(st, rel::kGroup, name, org, role.get<std::string>());
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
    std::string e = "git_connections (git_connection_id \"" + id + "\")";
    put(st, conns, conns, id, item, e);
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
          repo, e + ".repositories (" + path + ")");
      for (const auto &org : st.org_ids()) {
        const std::string rt = "/v3beta1/organizations/{org_id}/repositories";
        put(st, rt, sub(rt, org), path, repo,
            e + ".repositories (" + path + ")");
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
      put(st, gp, sub(gp, org), id, item, "git_permissions." + org);
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
    throw SeedError("invalid seed: " + path + " is not a JSON object");
  return j;
}

void apply_seed(State &st, const json &seed, double speed_override) {
  check_principals(seed);
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
    put(st, kOrgsPath, kOrgsPath, o.value("org_id", ""), item,
        "organizations (org_id \"" + o.value("org_id", "") + "\")");
  }
  seed_principals(st, seed);
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
