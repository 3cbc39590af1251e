// The simulated Devin: advances sessions through their lifecycle.
#pragma once

#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "state.hpp"

namespace emu {

struct Ctx;

class Registry;

// Session script steps.
enum Step : int {
  kStepNew = 0,
  kStepClaimed = 1,
  kStepStart = 2,
  kStepWork = 3,
  kStepIdle = 4,
  kStepResume = 10,
  kStepReply = 11,
};

class Simulator {
 public:
  explicit Simulator(State &st) : st_(st) {}
  ~Simulator() { stop(); }
  void start();
  void stop();
  // Schedules the next step of a session (caller holds the state lock).
  void schedule(const std::string &devin_id, SimState &s, int step,
                std::int64_t base_ms);
  // Makes the current step of a session due now (admin helper).
  bool advance(const std::string &devin_id);
  // Moves the simulated clock forward to target_ms, running every session
  // step and schedule that falls due on the way, in time order, with the
  // clock set to each one's due time (caller holds the state lock).
  void run_until(std::int64_t target_ms);
  void wake() { cv_.notify_all(); }
  // The sessions were replaced (reset): rebuild the due-step index.
  void resync() { rescan_ = true; }

 private:
  void run();
  // Runs the steps and schedules due at the current simulated time; returns
  // the earliest future due time in ms (0 = nothing pending).
  std::int64_t run_due(const std::vector<std::string> *schedule_paths);
  void apply(const std::string &devin_id, SimState &s);
  State &st_;
  // Due steps by time (guarded by the state lock). Entries go stale when a
  // session is rescheduled, archived or reset; a stale entry (due_ms differs)
  // is dropped when met. rescan_ rebuilds it from st_.sims.
  std::multimap<std::int64_t, std::string> queue_;
  bool rescan_ = true;
  std::mutex mu_;
  std::condition_variable cv_;
  std::thread thread_;
  bool stop_ = false;
};

// Session helpers shared by the handlers and the simulator.
void add_message(State &st, const std::string &org_id,
                 const std::string &devin_id, const std::string &source,
                 const std::string &text);
bool has_marker(const std::string &prompt, const std::string &marker);
json structured_output_for(const json &schema);
// Adds ACUs a session consumed at simulated time t (unix seconds): grows
// acus_consumed and the private ledger `_acu_log` ([[t, acus], ...]).
void accrue_acus(json &session, double acus, std::int64_t t);

// What starts a session: the create-session handler and the schedules.
struct SessionStart {
  std::string org_id, prompt;
  json title;            // null = the prompt's first 60 characters
  json tags;             // array or null
  json user_id;          // string or null
  json service_user_id;  // string or null
  json playbook_id;      // string or null
  json output_schema;    // structured_output_schema or null
  json attachment_urls;  // array or null
  std::string origin = "api";
  std::string schedule_id;  // the schedule that started it ("" = none)
};
// Stores a new session (status new), its first user message, and starts its
// script. Caller holds the state lock. Returns the stored item.
json &start_session(State &st, Simulator *sim, const SessionStart &s);

// Acting as `user` in the request's org (create_as_user_id,
// run_as_user_id): the caller needs ImpersonateOrgSessions and the user
// must be a member with UseDevinSessions; throws 403 otherwise.
void check_impersonation(const Ctx &c, const std::string &user);

// Handlers registered by register_session_handlers (sessions.cpp) too:
// schedule create/update (schedules.cpp), metrics and consumption
// (metrics.cpp).
void register_schedule_handlers(Registry &r);
void register_metrics_handlers(Registry &r);

// Schedules (schedules.cpp). Fires every enabled schedule due at the current
// simulated time; returns the earliest future run in ms (0 = none).
// schedule_paths: the schedule collections to look at (null = find them).
std::int64_t run_due_schedules(
    State &st, Simulator *sim,
    const std::vector<std::string> *schedule_paths = nullptr);
// The paths of every schedule collection that holds items.
std::vector<std::string> schedule_collections(const State &st);
// Recomputes a schedule's next run when what it depends on changed
// (enabled, schedule_type, frequency, scheduled_at).
void refresh_schedule(json &schedule, std::int64_t now_s);
// Parses an RFC 3339 date-time to unix seconds; false when malformed.
bool parse_datetime(const std::string &text, std::int64_t &out);

// Billing (metrics.cpp): the consumption cycle containing t (monthly, from
// the 1st at 08:00 UTC) and the ACUs an org consumed in [after, before).
void cycle_bounds(std::int64_t t, std::int64_t &after, std::int64_t &before);
double org_acus_between(const State &st, const std::string &org_id,
                        std::int64_t after, std::int64_t before);
// org_acus_between remembers its last answer per org; accrue_acus keeps it
// current, State::clear forgets it.
void acu_memo_add(const std::string &org_id, std::int64_t t, double acus);
void acu_memo_reset();
// The cycle ACU limit of an org (-1 = none).
double org_cycle_acu_limit(const State &st, const std::string &org_id);

}  // namespace emu
