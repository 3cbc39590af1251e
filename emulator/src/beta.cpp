// Behaviour of the smaller groups whose state is more than stored fields:
// repository indexing, snapshot-setup blueprints and builds, PR reviews and
// the session queue. Progress (a build running, an indexing job finishing,
// a review completing) follows the simulated clock, scaled by --speed.
#include "engine.hpp"
#include "schema.hpp"

namespace emu {

namespace {

// Simulated milliseconds since `start_ms`, scaled by the speed.
double elapsed_s(const State &st, std::int64_t start_ms) {
  double speed = st.speed > 0 ? st.speed : 1.0;
  return static_cast<double>(now_ms() - start_ms) / 1000.0 * speed;
}

// A stable 40-hex commit id for a (repository, branch, time): the emulator
// has no git history, so commits are named, not real (docs/emulator.md).
std::string commit_of(const std::string &seed) {
  std::string out;
  std::uint64_t h = fnv1a(seed);
  while (out.size() < 40) {
    h = fnv1a(std::to_string(h) + seed);
    static const char *digits = "0123456789abcdef";
    for (int i = 0; i < 16 && out.size() < 40; ++i)
      out += digits[(h >> (i * 4)) & 15U];
  }
  return out;
}

// ---------------------------------------------------------------- indexing

constexpr double kIndexSeconds = 3.0;

std::string index_path(const Ctx &c) {
  return "/v3beta1/organizations/" + c.org_id() + "/repositories/indexing";
}

bool repository_known(const Ctx &c, const std::string &path) {
  const Collection *repos =
      c.st.find_coll("/v3beta1/organizations/" + c.org_id() + "/repositories");
  if (!repos) return false;
  for (const auto &[seq, r] : repos->items)
    if (r.value("repo_path", "") == path) return true;
  return false;
}

json job_out(const State &st, const json &job) {
  json j = job;
  bool done =
      elapsed_s(st, job.value("_started_ms", std::int64_t{0})) >= kIndexSeconds;
  j["status"] = done ? "completed" : "in_progress";
  return shape(json::object(), j);
}

json indexing_status(const State &st, const json &item) {
  const json &jobs = field(item, "_jobs");
  if (!jobs.is_array() || jobs.empty()) return nullptr;
  json latest = json::array();
  json completed = nullptr;
  for (const auto &j : jobs) {
    json out = job_out(st, j);
    if (out["status"] == "completed") completed = out;
    latest.push_back(out);
  }
  return {{"indexing_enabled", item.value("indexing_enabled", false)},
          {"latest_indexes", latest},
          {"latest_completed_search_index_job", completed},
          {"latest_completed_wiki_index_job", completed}};
}

json indexing_out(const State &st, const json &item) {
  json out = {{"repository_path", item.value("repository_path", "")},
              {"branches", item.value("branches", json::array())},
              {"indexing_enabled", item.value("indexing_enabled", false)}};
  out["indexing_status"] = indexing_status(st, item);
  return out;
}

json &indexing_item(Ctx &c, const std::string &repo) {
  if (!repository_known(c, repo)) throw_not_found("Repository " + repo);
  Collection &coll = c.st.coll(index_path(c));
  if (json *it = coll.find(repo)) return *it;
  coll.put(repo,
           {{"repository_path", repo},
            {"branches", json::array()},
            {"indexing_enabled", false},
            {"_jobs", json::array()}},
           c.st.next_seq());
  return *coll.find(repo);
}

void enable_indexing(json &item, const json &branch_names) {
  item["indexing_enabled"] = true;
  if (branch_names.is_array() && !branch_names.empty())
    item["branches"] = branch_names;
  json branches = item["branches"];
  if (branches.empty()) branches = json::array({nullptr});  // default branch
  std::string repo = item.value("repository_path", "");
  for (const auto &b : branches) {
    std::string name = b.is_string() ? b.get<std::string>() : "";
    item["_jobs"].push_back(
        {{"job_id", make_id("job_id")},
         {"commit", commit_of(repo + "@" + name + std::to_string(now_ms()))},
         {"created_at", now_unix()},
         {"branch_name", b},
         {"_started_ms", now_ms()}});
  }
  // The API reports the latest jobs, not the whole history.
  while (item["_jobs"].size() > 10) item["_jobs"].erase(0);
}

void disable_indexing(json &item) {
  item["indexing_enabled"] = false;
  item["branches"] = json::array();
}

Reply index_one(Ctx &c) {
  json &item = indexing_item(c, c.param("repository_path"));
  enable_indexing(item, field(c.body, "branch_names"));
  return shaped_reply(c, indexing_out(c.st, item));
}

Reply unindex_one(Ctx &c) {
  json &item = indexing_item(c, c.param("repository_path"));
  disable_indexing(item);
  return shaped_reply(c, indexing_out(c.st, item));
}

Reply unindex_branch(Ctx &c) {
  json &item = indexing_item(c, c.param("repository_path"));
  std::string branch = c.param("branch_name");
  json kept = json::array();
  bool found = false;
  for (const auto &b : item["branches"]) {
    if (b == branch)
      found = true;
    else
      kept.push_back(b);
  }
  if (!found) throw_not_found("Branch " + branch);
  item["branches"] = kept;
  return shaped_reply(c, indexing_out(c.st, item));
}

Reply get_indexing(Ctx &c) {
  std::string repo = c.param("repository_path");
  const Collection *coll = c.st.find_coll(index_path(c));
  const json *item = nullptr;
  if (coll) {
    auto it = coll->index.find(repo);
    if (it != coll->index.end()) item = &coll->items.at(it->second);
  }
  if (!item) {
    if (!repository_known(c, repo)) throw_not_found("Repository " + repo);
    return shaped_reply(c, {{"indexing_enabled", false},
                            {"latest_indexes", json::array()},
                            {"latest_completed_search_index_job", nullptr},
                            {"latest_completed_wiki_index_job", nullptr}});
  }
  json st = indexing_status(c.st, *item);
  if (st.is_null())
    st = {{"indexing_enabled", item->value("indexing_enabled", false)},
          {"latest_indexes", json::array()},
          {"latest_completed_search_index_job", nullptr},
          {"latest_completed_wiki_index_job", nullptr}};
  return shaped_reply(c, st);
}

Reply list_indexed(Ctx &c) {
  const Collection *coll = c.st.find_coll(index_path(c));
  Collection view;
  if (coll)
    for (const auto &[seq, item] : coll->items)
      if (item.value("indexing_enabled", false))
        view.put(item.value("repository_path", ""), indexing_out(c.st, item),
                 seq);
  Reply r;
  r.status = c.op.status;
  r.body = list_response(c, &view, [](const json &) { return true; });
  return r;
}

std::vector<std::pair<std::string, json>> bulk_targets(const Ctx &c) {
  std::vector<std::pair<std::string, json>> out;
  for (const auto &t : field(c.body, "repositories")) {
    if (t.is_object())
      out.emplace_back(t.value("repository_path", ""),
                       t.value("branch_names", json::array()));
  }
  for (const auto &p : field(c.body, "repository_paths"))
    if (p.is_string()) out.emplace_back(p.get<std::string>(), json::array());
  return out;
}

// Every repository of a bulk body must be connected: 422 naming the first
// that is not (nothing is changed then).
void check_bulk_targets(
    const Ctx &c, const std::vector<std::pair<std::string, json>> &targets) {
  const bool paths = c.body.is_object() && c.body.contains("repository_paths");
  for (std::size_t i = 0; i < targets.size(); ++i)
    if (!repository_known(c, targets[i].first)) {
      json loc =
          paths ? json::array({"body", "repository_paths", i})
                : json::array({"body", "repositories", i, "repository_path"});
      throw_unprocessable(json::array(
          {field_error(loc, "Not a connected repository: " + targets[i].first,
                       "value_error")}));
    }
}

Reply bulk_index(Ctx &c) {
  json result = json::array();
  check_bulk_targets(c, bulk_targets(c));
  for (const auto &[repo, branches] : bulk_targets(c)) {
    json &item = indexing_item(c, repo);
    enable_indexing(item, branches);
    result.push_back(indexing_out(c.st, item));
  }
  return shaped_reply(c, result);
}

Reply bulk_unindex(Ctx &c) {
  json result = json::array();
  check_bulk_targets(c, bulk_targets(c));
  for (const auto &[repo, branches] : bulk_targets(c)) {
    json &item = indexing_item(c, repo);
    disable_indexing(item);
    result.push_back(indexing_out(c.st, item));
  }
  return shaped_reply(c, result);
}

// ---------------------------------------------------------- snapshot setup

std::string setup_path(const Ctx &c, const char *leaf) {
  return "/v3beta1/organizations/" + c.org_id() + "/snapshot-setup/" + leaf;
}

Reply blueprint_create(Ctx &c) {
  json repo = c.body.is_object() ? c.body.value("repo_name", json()) : json();
  std::string id = make_id("blueprint_id");
  std::int64_t now = now_unix();
  json item = {
      {"blueprint_id", id},
      {"created_at", now},
      {"updated_at", now},
      {"repo_name", repo},
      {"type", repo.is_string() ? "repo" : "org"},
      {"_contents",
       c.body.is_object() ? c.body.value("contents", json()) : json()}};
  c.st.coll(setup_path(c, "blueprints")).put(id, item, c.st.next_seq());
  return shaped_reply(c, item);
}

Reply blueprint_list(Ctx &c) {
  const Collection *coll = c.st.find_coll(setup_path(c, "blueprints"));
  json repo = c.query.value("repo_name", json());
  Reply r;
  r.status = c.op.status;
  r.body = list_response(c, coll, [&](const json &b) {
    return repo.is_null() || b.value("repo_name", json()) == repo;
  });
  return r;
}

Reply blueprint_sync(Ctx &c) {
  std::string repo = c.body.value("repo_name", "");
  return shaped_reply(c, {{"repo_name", repo}});
}

constexpr double kBuildQueued = 1.0, kBuildRuns = 5.0;

json build_out(const State &st, const json &b) {
  json out = b;
  if (out.value("status", "") == "cancelled") return out;
  double t = elapsed_s(st, b.value("_created_ms", std::int64_t{0}));
  std::int64_t created = b.value("created_at", std::int64_t{0});
  double speed = st.speed > 0 ? st.speed : 1.0;
  auto at = [&](double sim_s) {
    return created + static_cast<std::int64_t>(sim_s / speed);
  };
  if (t < kBuildQueued) {
    out["status"] = "pending";
  } else if (t < kBuildQueued + kBuildRuns) {
    out["status"] = "running";
    out["started_at"] = at(kBuildQueued);
    out["updated_at"] = at(kBuildQueued);
  } else {
    out["status"] = "succeeded";
    out["started_at"] = at(kBuildQueued);
    out["completed_at"] = at(kBuildQueued + kBuildRuns);
    out["updated_at"] = at(kBuildQueued + kBuildRuns);
  }
  return out;
}

Reply build_create(Ctx &c) {
  std::string id = make_id("build_id");
  std::int64_t now = now_unix();
  json item = {
      {"build_id", id},
      {"status", "pending"},
      {"trigger", "manual"},
      {"triggered_by_user_id", c.principal && c.principal->kind == "pat_user"
                                   ? json(c.principal->id)
                                   : json(nullptr)},
      {"pinned", false},
      {"created_at", now},
      {"started_at", nullptr},
      {"completed_at", nullptr},
      {"updated_at", now},
      {"_created_ms", now_ms()}};
  c.st.coll(setup_path(c, "builds")).put(id, item, c.st.next_seq());
  return shaped_reply(c, item);
}

Reply build_get(Ctx &c) {
  const Collection *coll = c.st.find_coll(setup_path(c, "builds"));
  std::string id = c.param("build_id");
  if (coll) {
    auto it = coll->index.find(id);
    if (it != coll->index.end())
      return shaped_reply(c, build_out(c.st, coll->items.at(it->second)));
  }
  throw_not_found("Build " + id);
}

Reply build_list(Ctx &c) {
  const Collection *coll = c.st.find_coll(setup_path(c, "builds"));
  Collection view;
  if (coll)
    for (const auto &[seq, b] : coll->items)
      view.put(b.value("build_id", ""), build_out(c.st, b), seq);
  json status = c.query.value("status", json());
  json active = c.query.value("active", json());
  Reply r;
  r.status = c.op.status;
  r.body = list_response(
      c, &view,
      [&](const json &b) {
        std::string s = b.value("status", "");
        if (status.is_string() && s != status.get<std::string>()) return false;
        if (active.is_boolean() &&
            (s == "pending" || s == "running") != active.get<bool>())
          return false;
        return true;
      },
      true);
  return r;
}

// --------------------------------------------------------------- PR reviews

constexpr double kReviewQueued = 1.0, kReviewRuns = 4.0;

// owner/repo and number of a pull (merge) request URL; false if not one.
bool parse_pr_url(const std::string &url, std::string &repo, long &number) {
  auto scheme = url.find("://");
  if (scheme == std::string::npos) return false;
  auto parts = split(url.substr(scheme + 3), '/');
  // host/owner/repo/pull/N or host/group/.../repo/-/merge_requests/N
  if (parts.size() < 5) return false;
  std::string kind = parts[parts.size() - 2];
  const std::string &num = parts.back();
  if (num.empty() || num.find_first_not_of("0123456789") != std::string::npos)
    return false;
  std::size_t end = parts.size() - 2;
  if (kind == "merge_requests" && end > 0 && parts[end - 1] == "-") --end;
  if (kind != "pull" && kind != "merge_requests") return false;
  if (end < 3) return false;
  repo.clear();
  for (std::size_t i = 1; i < end; ++i)
    repo += (repo.empty() ? "" : "/") + parts[i];
  number = std::stol(num);
  return number > 0;
}

// Reviews are kept per organization; the enterprise endpoints keep theirs
// under the enterprise.
std::string reviews_path(const Ctx &c) {
  return c.org_id().empty() ? std::string("/v3/enterprise/pr-reviews")
                            : "/v3/organizations/" + c.org_id() + "/pr-reviews";
}

json review_out(const State &st, const json &r) {
  json out = r;
  double t = elapsed_s(st, r.value("_created_ms", std::int64_t{0}));
  out["status"] = t < kReviewQueued                 ? "pending"
                  : t < kReviewQueued + kReviewRuns ? "running"
                                                    : "completed";
  return out;
}

Reply review_create(Ctx &c) {
  std::string url = c.body.value("pr_url", "");
  std::string repo;
  long number = 0;
  if (!parse_pr_url(url, repo, number))
    throw_unprocessable(json::array(
        {field_error(json::array({"body", "pr_url"}),
                     "Not a pull request URL (https://host/owner/repo/pull/N)",
                     "value_error")}));
  json item = {
      {"commit_sha", commit_of(url)}, {"created_at", iso8601(now_unix())},
      {"pr_number", number},          {"repo_path", repo},
      {"status", "pending"},          {"_pr_url", url},
      {"_created_ms", now_ms()}};
  std::string key = url + "@" + item["commit_sha"].get<std::string>();
  c.st.coll(reviews_path(c)).put(key, item, c.st.next_seq());
  return shaped_reply(c, item);
}

Reply review_get(Ctx &c) {
  std::string url = c.query.value("pr_url", "");
  json sha = c.query.value("commit_sha", json());
  const Collection *coll = c.st.find_coll(reviews_path(c));
  const json *found = nullptr;
  if (coll)
    for (const auto &[seq, r] : coll->items)
      if (r.value("_pr_url", "") == url &&
          (!sha.is_string() || r.value("commit_sha", "") == sha))
        found = &r;  // the latest one
  if (!found) throw_not_found("No review of " + url);
  return shaped_reply(c, review_out(c.st, *found));
}

// -------------------------------------------------------------------- queue

Reply queue_get(Ctx &c) {
  // Sessions waiting for a machine: the simulator's sessions still "new".
  std::int64_t waiting = 0;
  for (const auto &[path, coll] : c.st.colls) {
    if (org_of_collection(path, "sessions").empty()) continue;
    for (const auto &[seq, s] : coll.items)
      if (s.value("status", "") == "new") ++waiting;
  }
  std::string status = waiting >= 50   ? "high"
                       : waiting >= 10 ? "elevated"
                                       : "normal";
  return shaped_reply(c, {{"queue_size", waiting}, {"status", status}});
}

}  // namespace

void register_beta_handlers(Registry &r) {
  const std::string repos = "/v3beta1/organizations/{org_id}/repositories";
  r.add("GET", repos + "/indexing", list_indexed);
  r.add("PUT", repos + "/indexing", bulk_index);
  r.add("DELETE", repos + "/indexing", bulk_unindex);
  r.add("GET", repos + "/{repository_path}/indexing", get_indexing);
  r.add("PUT", repos + "/{repository_path}/indexing", index_one);
  r.add("DELETE", repos + "/{repository_path}/indexing", unindex_one);
  r.add("DELETE", repos + "/{repository_path}/indexing/branches/{branch_name}",
        unindex_branch);
  const std::string setup = "/v3beta1/organizations/{org_id}/snapshot-setup";
  r.add("GET", setup + "/blueprints", blueprint_list);
  r.add("POST", setup + "/blueprints", blueprint_create);
  r.add("POST", setup + "/sync", blueprint_sync);
  r.add("GET", setup + "/builds", build_list);
  r.add("POST", setup + "/builds", build_create);
  r.add("GET", setup + "/builds/{build_id}", build_get);
  for (const char *base :
       {"/v3/organizations/{org_id}/pr-reviews", "/v3/enterprise/pr-reviews"}) {
    r.add("POST", base, review_create);
    r.add("GET", base, review_get);
  }
  r.add("GET", "/v3/enterprise/queue", queue_get);
}

}  // namespace emu
