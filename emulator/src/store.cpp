// Generic resource store: collections, keyset cursors, pagination.
#include <algorithm>

#include "state.hpp"

namespace emu {

const char *const kOrgsPath = "/v3/enterprise/organizations";
const char *const kAuditPath = "/v3/enterprise/audit-logs";

std::string sessions_path(const std::string &org_id) {
  return "/v3/organizations/" + org_id + "/sessions";
}
std::string org_of_collection(const std::string &path,
                              const std::string &leaf) {
  const std::string pre = "/v3/organizations/", suf = "/" + leaf;
  if (path.size() <= pre.size() + suf.size() || path.rfind(pre, 0) != 0 ||
      path.compare(path.size() - suf.size(), suf.size(), suf) != 0)
    return "";
  std::string org =
      path.substr(pre.size(), path.size() - pre.size() - suf.size());
  return org.find('/') == std::string::npos ? org : "";
}

std::string messages_path(const std::string &org_id,
                          const std::string &devin_id) {
  return sessions_path(org_id) + "/" + devin_id + "/messages";
}

json *Collection::find(const std::string &id) {
  auto it = index.find(id);
  if (it == index.end()) return nullptr;
  auto jt = items.find(it->second);
  return jt == items.end() ? nullptr : &jt->second;
}

void Collection::put(const std::string &id, json item, std::uint64_t seq) {
  auto it = index.find(id);
  if (it != index.end()) {
    items[it->second] = std::move(item);
    return;
  }
  index[id] = seq;
  items[seq] = std::move(item);
}

bool Collection::erase(const std::string &id) {
  auto it = index.find(id);
  if (it == index.end()) return false;
  items.erase(it->second);
  index.erase(it);
  return true;
}

const Collection *State::find_coll(const std::string &path) const {
  auto it = colls.find(path);
  return it == colls.end() ? nullptr : &it->second;
}

std::vector<std::string> State::org_ids() const {
  std::vector<std::string> out;
  if (const auto *c = find_coll(kOrgsPath))
    for (const auto &[s, org] : c->items)
      out.push_back(org.value("org_id", ""));
  return out;
}

bool State::org_exists(const std::string &org_id) const {
  const auto *c = find_coll(kOrgsPath);
  return c && c->index.count(org_id) > 0;
}

std::string State::session_org(const std::string &devin_id) const {
  auto it = sims.find(devin_id);
  if (it != sims.end()) return it->second.org_id;
  for (const auto &org : org_ids()) {
    const auto *c = find_coll(sessions_path(org));
    if (c && c->index.count(devin_id)) return org;
  }
  return "";
}

std::string encode_cursor(std::uint64_t seq) {
  return base64_encode(json{{"s", seq}}.dump(), true);
}

bool decode_cursor(const std::string &cursor, std::uint64_t &seq) {
  std::string raw;
  if (!base64_decode(cursor, raw)) return false;
  auto j = json::parse(raw, nullptr, false);
  if (!j.is_object() || !j.contains("s") || !j["s"].is_number_unsigned())
    return false;
  seq = j["s"].get<std::uint64_t>();
  return true;
}

json paginate(const Collection *c, const PageQuery &q,
              const std::function<bool(const json &)> &keep,
              const std::function<json(const json &)> &shape) {
  json items = json::array();
  bool more = false;
  std::uint64_t last = 0;
  std::int64_t total = 0;
  if (q.form == "offset") {
    std::int64_t idx = 0;
    if (c)
      for (const auto &[seq, item] : c->items) {
        if (!keep(item)) continue;
        ++total;
        if (idx++ < q.offset) continue;
        if (static_cast<std::int64_t>(items.size()) >= q.limit) {
          more = true;
          continue;
        }
        items.push_back(shape(item));
      }
    json out = {{"items", items},        {"total", total},
                {"has_next_page", more}, {"end_cursor", nullptr},
                {"limit", q.limit},      {"offset", q.offset}};
    return out;
  }
  bool paged = q.form == "cursor";
  std::uint64_t after = 0;
  bool has_after = paged && !q.after.empty() && decode_cursor(q.after, after);
  auto visit = [&](std::uint64_t seq, const json &item) {
    if (!keep(item)) return;
    ++total;
    if (has_after && (q.descending ? seq >= after : seq <= after)) return;
    if (paged && static_cast<std::int64_t>(items.size()) >= q.first) {
      more = true;
      return;
    }
    items.push_back(shape(item));
    last = seq;
  };
  if (c) {
    if (q.descending)
      for (auto it = c->items.rbegin(); it != c->items.rend(); ++it)
        visit(it->first, it->second);
    else
      for (const auto &[seq, item] : c->items) visit(seq, item);
  }
  if (q.form == "array") return items;
  if (q.form == "data") return json{{"data", items}};
  json out = {{"items", items},
              {"has_next_page", more},
              {"end_cursor", more ? json(encode_cursor(last)) : json(nullptr)},
              {"total", total}};
  return out;
}

}  // namespace emu
