// All mutable emulator state: principals, resource collections, sessions.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "common.hpp"

namespace emu {

struct Principal {
  std::string key;
  std::string kind;  // service_user | pat_user
  std::string id;    // service_user_id or user_id
  std::string name;
  std::string org_id;  // empty for enterprise principals
  std::set<std::string> permissions;
  bool enterprise() const { return org_id.empty(); }
};

// Items in creation order (a monotonic sequence), indexed by id.
struct Collection {
  std::map<std::uint64_t, json> items;
  std::unordered_map<std::string, std::uint64_t> index;

  json *find(const std::string &id);
  void put(const std::string &id, json item, std::uint64_t seq);
  bool erase(const std::string &id);
  std::size_t size() const { return items.size(); }
};

// Where a simulated session is in its script.
struct SimState {
  std::string org_id;
  int step = 0;
  std::int64_t due_ms = 0;  // wall-clock ms of the next step, 0 = idle
  std::string prompt;
  json output_schema;  // structured_output_schema or null
  int pending_replies = 0;
};

struct Blob {
  std::string name, content_type, data, org_id;
};

struct PageQuery {
  std::string form = "cursor";  // cursor | offset | array | data | none
  std::int64_t first = 100;
  std::string after;
  std::int64_t limit = 100, offset = 0;
  bool descending = false;
};

class State {
 public:
  mutable std::shared_mutex mu;

  double speed = 1.0;
  std::string enterprise_id = "ent-emulator";
  std::string enterprise_name = "Emulator Enterprise";
  std::uint64_t seq = 0;
  std::unordered_map<std::string, Principal> keys;
  // org_id -> user_id -> org permissions (human members).
  std::map<std::string, std::map<std::string, std::set<std::string>>> members;
  std::unordered_map<std::string, Collection> colls;
  std::unordered_map<std::string, json> singletons;
  std::map<std::string, SimState> sims;
  std::unordered_map<std::string, Blob> blobs;
  std::map<std::string, std::string> insights;  // devin_id -> status
  // Schedule notifications (notify_on), newest last: GET
  // /_emulator/notifications.
  json notifications = json::array();
  std::atomic<bool> dirty{false};
  std::atomic<std::uint64_t> version{0};

  Collection &coll(const std::string &path) { return colls[path]; }
  const Collection *find_coll(const std::string &path) const;
  std::uint64_t next_seq() { return ++seq; }
  void touch() {
    dirty = true;
    ++version;
  }
  std::vector<std::string> org_ids() const;
  bool org_exists(const std::string &org_id) const;
  // Returns the org of a session, "" if unknown.
  std::string session_org(const std::string &devin_id) const;

  json to_json() const;
  void from_json(const json &j);
  void clear();
};

extern const char *const kOrgsPath;   // /v3/enterprise/organizations
extern const char *const kAuditPath;  // /v3/enterprise/audit-logs
std::string sessions_path(const std::string &org_id);
// The org of a concrete org collection path "/v3/organizations/{org}/<leaf>"
// ("" when `path` is not of that shape).
std::string org_of_collection(const std::string &path, const std::string &leaf);
std::string messages_path(const std::string &org_id,
                          const std::string &devin_id);

// Encodes / decodes opaque keyset cursors.
std::string encode_cursor(std::uint64_t seq);
bool decode_cursor(const std::string &cursor, std::uint64_t &seq);

// Pages through a collection with a filter; returns the documented envelope
// (or a bare array for the array form).
json paginate(const Collection *c, const PageQuery &q,
              const std::function<bool(const json &)> &keep,
              const std::function<json(const json &)> &shape);

}  // namespace emu
