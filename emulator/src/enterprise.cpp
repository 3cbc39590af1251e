// Special enterprise handlers: org tags, IP access list, ACU limits, audit
// logs, knowledge folders.
#include <algorithm>

#include "engine.hpp"
#include "schema.hpp"

namespace emu {

namespace {

json &doc(Ctx &c, const std::string &path, const char *field_name) {
  json &d = c.st.singletons[path];
  if (!d.is_object()) d = json::object();
  if (!d.contains(field_name) || !d[field_name].is_array())
    d[field_name] = json::array();
  return d;
}

json read_list(const Ctx &c, const std::string &path, const char *name) {
  auto it = c.st.singletons.find(path);
  if (it == c.st.singletons.end()) return json::array();
  return it->second.value(name, json::array());
}

// A string-list document (org tags, IP ranges): get/append/replace/clear.
Handler list_doc(const char *name, const std::string &mode) {
  return [name, mode](Ctx &c) {
    if (!c.org_id().empty() && !c.st.org_exists(c.org_id()))
      throw_not_found("Organization " + c.org_id());
    std::string path = c.req_path;
    if (mode == "remove") path = path.substr(0, path.rfind('/'));
    if (mode == "get")
      return shaped_reply(c, {{name, read_list(c, path, name)}});
    json &d = doc(c, path, name);
    if (mode == "clear") d[name] = json::array();
    if (mode == "replace") d[name] = json::array();
    if (mode == "append" || mode == "replace")
      for (const auto &v : c.body.value(name, json::array())) {
        bool seen = false;
        for (const auto &x : d[name]) seen = seen || x == v;
        if (!seen) d[name].push_back(v);
      }
    if (mode == "remove") {
      std::string tag = c.param("tag");
      json keep = json::array();
      bool found = false;
      for (const auto &x : d[name]) {
        if (x == tag)
          found = true;
        else
          keep.push_back(x);
      }
      if (!found) throw_not_found("Tag " + tag);
      d[name] = keep;
    }
    // A default tag that is no longer allowed is cleared with it.
    if (!c.org_id().empty()) {
      std::string dpath = path + "/default";
      auto it = c.st.singletons.find(dpath);
      if (it != c.st.singletons.end()) {
        bool kept = false;
        for (const auto &x : d[name])
          kept = kept || x == it->second.value("default_tag", json());
        if (!kept) c.st.singletons.erase(it);
      }
    }
    return shaped_reply(c, {{name, d[name]}});
  };
}

std::string default_tag_path(const Ctx &c) {
  if (!c.st.org_exists(c.org_id()))
    throw_not_found("Organization " + c.org_id());
  return "/v3/enterprise/organizations/" + c.org_id() + "/tags/default";
}

Reply default_get(Ctx &c) {
  auto it = c.st.singletons.find(default_tag_path(c));
  json tag = it == c.st.singletons.end()
                 ? json(nullptr)
                 : it->second.value("default_tag", json());
  return shaped_reply(c, {{"default_tag", tag}});
}

Reply default_set(Ctx &c) {
  std::string path = default_tag_path(c);  // 404 for an unknown org
  json tag = c.body.value("tag", json());
  // The default tag must be one of the org's allowed tags.
  std::string tags = path.substr(0, path.rfind('/'));
  bool allowed = false;
  for (const auto &t : read_list(c, tags, "tags"))
    allowed = allowed || t == tag;
  if (!allowed)
    throw_unprocessable(json::array({field_error(
        json::array({"body", "tag"}),
        "The tag is not in the organization's allowed tags", "value_error")}));
  c.st.singletons[path] = {{"default_tag", tag}};
  return shaped_reply(c, {{"default_tag", tag}});
}

Reply default_clear(Ctx &c) {
  c.st.singletons.erase(default_tag_path(c));
  return shaped_reply(c, {{"default_tag", nullptr}});
}

const char *kAcuPath = "/v3/enterprise/consumption/acu-limits/devin";

Reply acu_list(Ctx &c) {
  const Collection *coll = c.st.find_coll(kAcuPath);
  Reply r;
  r.status = c.op.status;
  r.body = list_response(c, coll, [](const json &) { return true; });
  return r;
}

Reply acu_set(Ctx &c) {
  if (!c.st.org_exists(c.org_id()))
    throw_not_found("Organization " + c.org_id());
  json item = {{"org_id", c.org_id()},
               {"scope", "org"},
               {"user_id", nullptr},
               {"cycle_acu_limit", c.body.value("cycle_acu_limit", 0)}};
  c.st.coll(kAcuPath).put(c.org_id(), item, c.st.next_seq());
  return shaped_reply(c, item);
}

Reply acu_delete(Ctx &c) {
  if (!c.st.coll(kAcuPath).erase(c.org_id()))
    throw_not_found("ACU limit for " + c.org_id());
  return shaped_reply(c, json::object());
}

bool audit_matches(const Ctx &c, const json &e, const std::string &org) {
  if (!org.empty() && e.value("org_id", json()) != org) return false;
  std::int64_t t = e.value("created_at", std::int64_t{0});
  const json &q = c.query;
  if (q.contains("time_after") && q["time_after"].is_number() &&
      t < q["time_after"].get<std::int64_t>())
    return false;
  if (q.contains("time_before") && q["time_before"].is_number() &&
      t > q["time_before"].get<std::int64_t>())
    return false;
  if (q.contains("action") && q["action"].is_string() &&
      e.value("action", "") != q["action"].get<std::string>())
    return false;
  return true;
}

Reply audit_list(Ctx &c) {
  std::string org = c.org_id();
  bool desc = c.query.value("order", "desc") != "asc";
  Reply r;
  r.status = c.op.status;
  r.body = list_response(
      c, c.st.find_coll(kAuditPath),
      [&](const json &e) { return audit_matches(c, e, org); }, desc);
  return r;
}

Reply folders(Ctx &c) {
  std::string base = c.req_path.substr(0, c.req_path.rfind('/')) + "/notes";
  std::map<std::string, std::pair<std::string, std::int64_t>> by_folder;
  std::int64_t root = 0;
  if (const Collection *notes = c.st.find_coll(base))
    for (const auto &[seq, n] : notes->items) {
      json fid = n.value("folder_id", json());
      if (!fid.is_string() || fid.get<std::string>().empty()) {
        ++root;
        continue;
      }
      auto &f = by_folder[fid.get<std::string>()];
      f.first = n.value("folder_path", json("/")).is_string()
                    ? n.value("folder_path", "/")
                    : "/";
      ++f.second;
    }
  json list = json::array();
  for (const auto &[id, f] : by_folder) {
    std::string name = f.first.substr(f.first.rfind('/') + 1);
    list.push_back({{"folder_id", id},
                    {"name", name.empty() ? id : name},
                    {"path", f.first},
                    {"note_count", f.second},
                    {"parent_folder_id", nullptr}});
  }
  return shaped_reply(c, {{"folders", list}, {"root_note_count", root}});
}

}  // namespace

void register_enterprise_handlers(Registry &r) {
  const std::string tags = "/v3/enterprise/organizations/{org_id}/tags";
  r.add("GET", tags, list_doc("tags", "get"));
  r.add("POST", tags, list_doc("tags", "append"));
  r.add("PUT", tags, list_doc("tags", "replace"));
  r.add("DELETE", tags, list_doc("tags", "clear"));
  r.add("DELETE", tags + "/{tag}", list_doc("tags", "remove"));
  r.add("GET", tags + "/default", default_get);
  r.add("PUT", tags + "/default", default_set);
  r.add("DELETE", tags + "/default", default_clear);
  const std::string ip = "/v3/enterprise/ip-access-list";
  r.add("GET", ip, list_doc("ip_ranges", "get"));
  r.add("POST", ip, list_doc("ip_ranges", "append"));
  r.add("PUT", ip, list_doc("ip_ranges", "replace"));
  r.add("DELETE", ip, list_doc("ip_ranges", "clear"));
  r.add("GET", kAcuPath, acu_list);
  r.add("PUT", std::string(kAcuPath) + "/organizations/{org_id}", acu_set);
  r.add("DELETE", std::string(kAcuPath) + "/organizations/{org_id}",
        acu_delete);
  r.add("GET", "/v3/enterprise/audit-logs", audit_list);
  r.add("GET", "/v3/enterprise/organizations/{org_id}/audit-logs", audit_list);
  r.add("GET", "/v3/organizations/{org_id}/knowledge/folders", folders);
  r.add("GET", "/v3/enterprise/knowledge/folders", folders);
}

}  // namespace emu
