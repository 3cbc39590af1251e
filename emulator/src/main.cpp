// devin-emulator: a faithful, stateful local Devin API v3 (see --help).
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>

#include "engine.hpp"
#include "options.hpp"
#include "persist.hpp"
#include "runtime.hpp"
#include "seed.hpp"
#include "server.hpp"
#include "simulator.hpp"

namespace {

const char *kUsage = R"(Usage: devin-emulator [options]

A local, stateful emulator of the Devin REST API v3 (every operation of
api/openapi.json), for tests and demos.

Options:
  --host HOST          address to bind (default 127.0.0.1)
  --port N             port (default 8080; 0 picks a free port). The first
                       line on stdout is "listening on http://HOST:PORT".
  --tls-cert FILE      serve HTTPS with this PEM certificate ...
  --tls-key FILE       ... and this PEM private key
  --legacy-errors      answer validation errors (422) with the FastAPI body
                       {"detail": [{"loc", "msg", "type"}]} (application/json)
                       instead of RFC 9457 problem details
  --seed FILE          load principals and data from a JSON seed file
                       (default: the built-in seed, printed by --print-seed)
  --state FILE         persist all state to FILE (loaded at start when it
                       exists; written atomically after changes and on exit)
  --speed X            how fast the emulated Devin works (default 1.0, or
                       the seed's settings.speed): 100 makes every session
                       step ~100x shorter. It does not speed up the clock:
                       simulated time runs at wall-clock pace and only
                       POST /_emulator/clock moves it ahead (schedules fire
                       at their cron minutes of that clock)
  --rate-limit N       per-key token bucket: N requests/second (429 + Retry-After
                       when empty); 0 disables (default)
  --threads N          worker threads (default 256; one per open connection)
  --strict             check every successful JSON answer against the
                       response schema of its operation (api/openapi.json):
                       a violation answers 500 problem+json titled "Emulator
                       response violates the API description", naming the
                       operation, the JSON path and the rule, and is logged
                       to stderr (also: environment DEVIN_EMULATOR_STRICT=1)
  --exit-with-stdin    exit (as on SIGTERM) when standard input reaches end of
                       file: a parent that holds the other end of a pipe takes
                       the emulator with it however it ends (the testing
                       helpers of the Python and Node packages use this)
  --print-seed         print the built-in default seed and exit
  --help               this text

Default seed: organizations org-emulator-1 and org-emulator-2 in enterprise
ent-emulator. API keys (Authorization: Bearer <key>):
  cog_emulator_org_admin         service user of org-emulator-1, every org
                                 permission (incl. ImpersonateOrgSessions)
  cog_emulator_org_readonly      service user of org-emulator-1, View*/Read*
                                 permissions only
  cog_emulator_org2_admin        service user of org-emulator-2, every org
                                 permission
  cog_emulator_enterprise_admin  enterprise service user, every enterprise
                                 permission (and the matching org permissions
                                 in every org)
Human members: user-emulator-alice (org-emulator-1, UseDevinSessions),
user-emulator-bob (org-emulator-1, view only, no UseDevinSessions),
user-emulator-carol (org admin of org-emulator-1, member of org-emulator-2),
user-emulator-dave (org-emulator-2). Legacy apk_ keys are always rejected (401).

Session prompt markers (anywhere in the prompt):
  [emulator:error]          the session ends with status "error"
  [emulator:suspend]        the session suspends (status_detail inactivity)
                            after its work; send a message to resume it
  [emulator:exit]           the session ends with status "exit"
  [emulator:wait_for_user]  Devin asks a question and waits (running /
                            waiting_for_user) until a message arrives
  [emulator:slow]           every simulated step takes 10x longer
  [emulator:pr]             Devin opens a pull request (also when the prompt
                            mentions "pull request")
  [emulator:merged]         Devin opens a pull request that is merged
Default script: new -> claimed -> running/working -> (messages, PR,
structured_output) -> running/finished, about 2.4 s at speed 1.

Admin API (no auth): GET /_emulator/health, POST|DELETE|GET /_emulator/faults,
POST /_emulator/reset, GET|DELETE /_emulator/requests, GET /_emulator/state,
POST /_emulator/sessions/{devin_id}/advance, GET /_emulator/blobs/{id}/{name},
GET /_emulator/clock, POST /_emulator/clock {"advance_seconds": N} or
{"now": <unix seconds>} (time moves forward only; every session step and
schedule run that falls due on the way runs, in time order; a reset returns
to real time), GET|DELETE /_emulator/notifications (schedule notify_on).
See docs/emulator.md.
)";

bool need_value(int i, int argc, const char *flag) {
  if (i + 1 >= argc) {
    std::cerr << "devin-emulator: " << flag << " needs a value\n";
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char **argv) {
  emu::Options opt;
  if (const char *env = std::getenv("DEVIN_EMULATOR_STRICT")) {
    std::string v = emu::to_lower(env);
    opt.strict = v == "1" || v == "true" || v == "yes" || v == "on";
  }
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](const char *flag) -> const char * {
      if (!need_value(i, argc, flag)) std::exit(2);
      return argv[++i];
    };
    if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      return 0;
    } else if (a == "--print-seed") {
      std::cout << emu::default_seed_text();
      return 0;
    } else if (a == "--host") {
      opt.host = value("--host");
    } else if (a == "--port") {
      opt.port = std::atoi(value("--port"));
    } else if (a == "--tls-cert") {
      opt.tls_cert = value("--tls-cert");
    } else if (a == "--tls-key") {
      opt.tls_key = value("--tls-key");
    } else if (a == "--legacy-errors") {
      opt.legacy_errors = true;
    } else if (a == "--seed") {
      opt.seed_file = value("--seed");
    } else if (a == "--state") {
      opt.state_file = value("--state");
    } else if (a == "--speed") {
      opt.speed = std::atof(value("--speed"));
    } else if (a == "--rate-limit") {
      opt.rate_limit = std::atof(value("--rate-limit"));
    } else if (a == "--strict") {
      opt.strict = true;
    } else if (a == "--exit-with-stdin") {
      opt.exit_with_stdin = true;
    } else if (a == "--threads") {
      opt.threads = std::max(8, std::atoi(value("--threads")));
    } else {
      std::cerr << "devin-emulator: unknown option " << a << "\n" << kUsage;
      return 2;
    }
  }
  if (opt.tls_cert.empty() != opt.tls_key.empty()) {
    std::cerr << "devin-emulator: --tls-cert and --tls-key go together\n";
    return 2;
  }

  // Signals are handled by one thread (sigwait); block them everywhere else.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);

  emu::State state;
  try {
    emu::json saved;
    if (!opt.state_file.empty() &&
        emu::load_state_file(opt.state_file, saved)) {
      state.from_json(saved);
      if (opt.speed > 0) state.speed = opt.speed;
    } else {
      emu::apply_seed(state, emu::load_seed(opt.seed_file), opt.speed);
    }
  } catch (const emu::SeedError &e) {
    std::cerr << "devin-emulator: " << e.what() << "\n";
    return 2;
  } catch (const std::exception &e) {
    std::cerr << "devin-emulator: " << e.what() << "\n";
    return 1;
  }
  emu::rate_limiter().configure(opt.rate_limit);

  emu::Simulator sim(state);
  sim.start();
  emu::Engine engine(state, opt, &sim);

  std::atomic<bool> done{false};
  auto save = [&] {
    if (opt.state_file.empty()) return;
    std::string text;
    {
      std::shared_lock<std::shared_mutex> lock(state.mu);
      state.dirty = false;
      text = state.to_json().dump();
    }
    if (!emu::save_state_file(opt.state_file, text))
      std::cerr << "devin-emulator: cannot write " << opt.state_file << "\n";
  };
  std::thread saver([&] {
    while (!done.load()) {
      emu::interruptible_sleep(200);
      if (state.dirty.load()) save();
    }
  });
  std::thread signals([&] {
    int sig = 0;
    sigwait(&set, &sig);
    if (done.load()) return;
    emu::request_shutdown();
    emu::stop_server();
    // cpp-httplib's workers wait on idle keep-alive connections until they
    // time out: give requests in flight a moment, then save and leave.
    for (int i = 0; i < 20 && !done.load(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (!done.load()) {
      sim.stop();
      save();
      std::fflush(nullptr);
      std::_Exit(0);
    }
  });

  if (opt.exit_with_stdin) {
    // Detached: it may block in read() until the process ends.
    std::thread([] {
      char buf[256];
      for (;;) {
        ssize_t n = ::read(0, buf, sizeof buf);
        if (n == 0 || (n < 0 && errno != EINTR)) break;
      }
      ::kill(::getpid(), SIGTERM);  // handled by the sigwait thread
    }).detach();
  }

  int rc = emu::run_server(opt, engine);
  done = true;
  emu::request_shutdown();
  sim.stop();
  saver.join();
  save();
  if (signals.joinable()) {
    pthread_kill(signals.native_handle(), SIGTERM);
    signals.join();
  }
  return rc;
}
