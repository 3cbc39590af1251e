#include "api.hpp"

#include <algorithm>
#include <set>

namespace emu::gen {
std::string api_table_json();
}

namespace emu {

namespace {

Param to_param(const json &j) {
  Param p;
  p.name = j.value("name", "");
  p.required = j.value("required", false);
  p.schema = j.contains("schema") ? j["schema"] : json::object();
  return p;
}

std::string str_or_empty(const json &j, const char *k) {
  auto it = j.find(k);
  return (it != j.end() && it->is_string()) ? it->get<std::string>() : "";
}

bool is_param(const std::string &seg) {
  return seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
}

bool match_segments(const std::vector<std::string> &tmpl, std::size_t ti,
                    const std::vector<std::string> &parts, std::size_t pi,
                    std::map<std::string, std::string> &out) {
  if (ti == tmpl.size()) return pi == parts.size();
  if (pi >= parts.size()) return false;
  const std::string &t = tmpl[ti];
  if (!is_param(t)) {
    return t == parts[pi] && match_segments(tmpl, ti + 1, parts, pi + 1, out);
  }
  std::string name = t.substr(1, t.size() - 2);
  if (parts[pi].empty()) return false;
  bool multi =
      name.size() > 5 && name.compare(name.size() - 5, 5, "_path") == 0;
  std::size_t max_take = multi ? parts.size() - pi : 1;
  for (std::size_t take = max_take; take >= 1; --take) {
    std::string v = parts[pi];
    for (std::size_t k = 1; k < take; ++k) v += "/" + parts[pi + k];
    if (match_segments(tmpl, ti + 1, parts, pi + take, out)) {
      out[name] = v;
      return true;
    }
  }
  return false;
}

}  // namespace

Api::Api() {
  json table = json::parse(gen::api_table_json());
  for (const auto &j : table["operations"]) {
    Operation op;
    op.id = j["id"];
    op.method = j["method"];
    op.path = j["path"];
    op.scope = str_or_empty(j, "scope");
    op.resource = str_or_empty(j, "resource");
    op.name = str_or_empty(j, "name");
    op.permission = str_or_empty(j, "permission");
    op.permission_uncertain = j.value("permission_uncertain", false);
    op.extra_permissions = j.value("extra_permissions", json::object());
    for (const auto &p : j["path_params"])
      op.path_params.push_back(to_param(p));
    for (const auto &p : j["query_params"])
      op.query_params.push_back(to_param(p));
    const json &body = j["body"];
    op.body_kind = str_or_empty(body, "kind");
    op.body_required = body.value("required", false);
    op.body_schema = body.contains("schema") ? body["schema"] : json();
    op.status = j.value("status", 200);
    const json &resp = j["response"];
    op.response_kind = str_or_empty(resp, "kind");
    op.response_content_type = str_or_empty(resp, "content_type");
    if (op.response_content_type.empty())
      op.response_content_type = "application/json";
    op.response_schema = resp.contains("schema") ? resp["schema"] : json();
    op.page_form = str_or_empty(j["page"], "form");
    op.page_items = str_or_empty(j["page"], "items");
    op.main_id = str_or_empty(j, "main_id");
    op.collection = str_or_empty(j, "collection");
    op.id_param = str_or_empty(j, "id_param");
    op.id_field = str_or_empty(j, "id_field");
    op.audit_action = str_or_empty(j, "audit_action");
    op.beta = j.value("beta", false);
    op.uncertain = j.value("uncertain", false);
    op.item_schema = op.response_schema;
    if (op.page_form == "array" && op.response_schema.is_object()) {
      op.item_schema = op.response_schema.value("items", json::object());
    } else if ((op.page_form == "cursor" || op.page_form == "offset" ||
                op.page_form == "data") &&
               op.response_schema.is_object()) {
      const json &props =
          op.response_schema.value("properties", json::object());
      auto it = props.find(op.page_items);
      if (it != props.end())
        op.item_schema = it->value("items", json::object());
    } else if (op.page_form == "none" && op.response_schema.is_object() &&
               field(op.response_schema, "properties").contains("items") &&
               field(field(op.response_schema, "properties"), "items")
                   .contains("items")) {
      // An undocumented envelope {items: [...]}: list it like a cursor page.
      op.page_form = "cursor";
      op.page_items = "items";
      op.item_schema = op.response_schema["properties"]["items"]["items"];
    } else if (op.response_schema.is_object() &&
               op.response_schema.value("type", "") == "array") {
      op.item_schema = op.response_schema.value("items", json::object());
    }
    auto segs = split(op.path, '/');
    op.segments.assign(segs.begin() + 1, segs.end());
    for (const auto &s : op.segments)
      if (!is_param(s)) ++op.literal_count;
    ops_.push_back(std::move(op));
  }
}

const Api &Api::get() {
  static const Api api;
  return api;
}

const Operation *Api::route(const std::string &method, const std::string &path,
                            std::map<std::string, std::string> &params,
                            bool &path_known) const {
  auto segs = split(path, '/');
  std::vector<std::string> parts(segs.begin() + (segs.empty() ? 0 : 1),
                                 segs.end());
  if (!parts.empty() && parts.back().empty() && parts.size() > 1)
    parts.pop_back();
  const Operation *best = nullptr;
  path_known = false;
  for (const auto &op : ops_) {
    std::map<std::string, std::string> got;
    if (!match_segments(op.segments, 0, parts, 0, got)) continue;
    if (op.method != method) {
      path_known = true;
      continue;
    }
    if (!best || op.literal_count > best->literal_count) {
      best = &op;
      params = std::move(got);
    }
  }
  return best;
}

const Operation *Api::by_key(const std::string &method,
                             const std::string &path_template) const {
  for (const auto &op : ops_)
    if (op.method == method && op.path == path_template) return &op;
  return nullptr;
}

std::vector<std::string> Api::permissions(const std::string &scope) const {
  std::set<std::string> out;
  for (const auto &op : ops_) {
    if (op.scope != scope) continue;
    if (!op.permission.empty()) out.insert(op.permission);
    for (const auto &[k, v] : op.extra_permissions.items())
      if (v.is_string()) out.insert(v.get<std::string>());
  }
  return {out.begin(), out.end()};
}

std::string fill_template(const std::string &tmpl,
                          const std::map<std::string, std::string> &values) {
  std::string out;
  std::size_t i = 0;
  while (i < tmpl.size()) {
    if (tmpl[i] == '{') {
      auto end = tmpl.find('}', i);
      std::string name = tmpl.substr(i + 1, end - i - 1);
      auto it = values.find(name);
      out += it != values.end() ? it->second : "";
      i = end + 1;
    } else {
      out += tmpl[i++];
    }
  }
  return out;
}

}  // namespace emu
