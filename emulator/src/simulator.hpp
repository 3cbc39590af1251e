// The simulated Devin: advances sessions through their lifecycle.
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "state.hpp"

namespace emu {

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
  void schedule(SimState &s, int step, std::int64_t base_ms);
  // Makes the current step of a session due now (admin helper).
  bool advance(const std::string &devin_id);
  void wake() { cv_.notify_all(); }

 private:
  void run();
  void apply(const std::string &devin_id, SimState &s);
  State &st_;
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

}  // namespace emu
