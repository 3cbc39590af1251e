// State <-> JSON, and the --state file (atomic write: temp file + rename).
#include "persist.hpp"

#include "clock.hpp"
#include "simulator.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>

namespace emu {

json State::to_json() const {
  json j;
  j["version"] = 1;
  j["speed"] = speed;
  j["enterprise_id"] = enterprise_id;
  j["enterprise_name"] = enterprise_name;
  j["seq"] = seq;
  json keys_j = json::array();
  for (const auto &[k, p] : keys)
    keys_j.push_back({{"key", p.key},
                      {"kind", p.kind},
                      {"id", p.id},
                      {"name", p.name},
                      {"org_id", p.org_id},
                      {"permissions", p.permissions}});
  j["keys"] = keys_j;
  j["members"] = members;
  json colls_j = json::object();
  for (const auto &[path, c] : colls) {
    json arr = json::array();
    std::unordered_map<std::uint64_t, std::string> rev;
    for (const auto &[iid, iseq] : c.index) rev[iseq] = iid;
    for (const auto &[s, item] : c.items) arr.push_back({s, rev[s], item});
    colls_j[path] = arr;
  }
  j["collections"] = colls_j;
  j["singletons"] = singletons;
  json sims_j = json::object();
  for (const auto &[id, s] : sims)
    sims_j[id] = {{"org_id", s.org_id},
                  {"step", s.step},
                  {"due_ms", s.due_ms},
                  {"prompt", s.prompt},
                  {"output_schema", s.output_schema},
                  {"pending_replies", s.pending_replies}};
  j["sims"] = sims_j;
  json blobs_j = json::object();
  for (const auto &[id, b] : blobs)
    blobs_j[id] = {{"name", b.name},
                   {"content_type", b.content_type},
                   {"org_id", b.org_id},
                   {"data", base64_encode(b.data, false)}};
  j["blobs"] = blobs_j;
  j["insights"] = insights;
  j["notifications"] = notifications;
  j["clock_offset_ms"] = simclock::offset_ms();
  return j;
}

void State::clear() {
  seq = 0;
  keys.clear();
  members.clear();
  colls.clear();
  singletons.clear();
  sims.clear();
  blobs.clear();
  insights.clear();
  notifications = json::array();
  acu_memo_reset();
}

void State::from_json(const json &j) {
  clear();
  speed = j.value("speed", speed);
  enterprise_id = j.value("enterprise_id", enterprise_id);
  enterprise_name = j.value("enterprise_name", enterprise_name);
  seq = j.value("seq", std::uint64_t{0});
  for (const auto &k : j.value("keys", json::array())) {
    Principal p;
    p.key = k.value("key", "");
    p.kind = k.value("kind", "service_user");
    p.id = k.value("id", "");
    p.name = k.value("name", "");
    p.org_id = k.value("org_id", "");
    for (const auto &perm : k.value("permissions", json::array()))
      p.permissions.insert(perm.get<std::string>());
    keys[p.key] = p;
  }
  members = j.value("members", decltype(members){});
  for (const auto &[path, arr] : field(j, "collections").items()) {
    auto &c = colls[path];
    for (const auto &e : arr)
      c.put(e[1].get<std::string>(), e[2], e[0].get<std::uint64_t>());
  }
  for (const auto &[k, v] : field(j, "singletons").items()) singletons[k] = v;
  for (const auto &[id, s] : field(j, "sims").items()) {
    SimState st;
    st.org_id = s.value("org_id", "");
    st.step = s.value("step", 0);
    st.due_ms = s.value("due_ms", std::int64_t{0});
    st.prompt = s.value("prompt", "");
    st.output_schema = s.value("output_schema", json());
    st.pending_replies = s.value("pending_replies", 0);
    sims[id] = st;
  }
  for (const auto &[id, b] : field(j, "blobs").items()) {
    Blob blob;
    blob.name = b.value("name", "");
    blob.content_type = b.value("content_type", "");
    blob.org_id = b.value("org_id", "");
    base64_decode(b.value("data", ""), blob.data);
    blobs[id] = blob;
  }
  insights = j.value("insights", decltype(insights){});
  notifications = j.value("notifications", json::array());
  // Simulated time never goes back: a saved clock ahead of real time stays.
  if (j.contains("clock_offset_ms") && j["clock_offset_ms"].is_number())
    simclock::set_offset_ms(j["clock_offset_ms"].get<std::int64_t>());
}

bool save_state_file(const std::string &path, const std::string &text) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return false;
    out << text;
    out.flush();
    if (!out) return false;
  }
  return std::rename(tmp.c_str(), path.c_str()) == 0;
}

bool load_state_file(const std::string &path, json &out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream ss;
  ss << in.rdbuf();
  out = json::parse(ss.str(), nullptr, false);
  return out.is_object();
}

}  // namespace emu
