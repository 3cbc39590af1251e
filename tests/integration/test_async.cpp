// Asynchronous calls, cancellation, close, concurrency, waits.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "emulator.hpp"

using namespace devin_test;

namespace {

struct Done {
  std::mutex mu;
  std::condition_variable cv;
  int count = 0;
  std::vector<devin_status> codes;
  std::vector<std::string> messages;
  std::thread::id thread;
  std::atomic<bool> submitting{false};
  bool ran_inside_submit = false;

  static void cb(void *ud, devin_response *resp, devin_error *err) {
    auto *d = static_cast<Done *>(ud);
    std::lock_guard<std::mutex> lock(d->mu);
    if (d->submitting) d->ran_inside_submit = true;
    d->thread = std::this_thread::get_id();
    d->codes.push_back(err ? devin_error_code(err) : DEVIN_OK);
    d->messages.push_back(err ? devin_error_message(err) : "");
    devin_response_free(resp);
    devin_error_free(err);
    ++d->count;
    d->cv.notify_all();
  }
  void wait_for(int n) {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait_for(lock, std::chrono::seconds(30), [&] { return count >= n; });
  }
};

class Async : public ::testing::Test {
 protected:
  void SetUp() override { c = emu.org_client(); }
  void TearDown() override { devin_client_free(c); }
  Emulator emu;
  devin_client *c = nullptr;
};

}  // namespace

TEST_F(Async, CompletesOnceOnTheIoThreadNeverInsideSubmit) {
  Done d;
  d.submitting = true;
  Err e;
  ASSERT_EQ(
      devin_call_async(c, "whoami", nullptr, 0, nullptr, &Done::cb, &d, &e.p),
      DEVIN_OK);
  d.submitting = false;
  d.wait_for(1);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(d.count, 1);
  EXPECT_FALSE(d.ran_inside_submit);
  EXPECT_NE(d.thread, std::this_thread::get_id());
  EXPECT_EQ(d.codes[0], DEVIN_OK);
}

TEST_F(Async, RefusedCallsNeverCallBack) {
  Done d;
  Err e;
  EXPECT_EQ(
      devin_call_async(c, "no.such", nullptr, 0, nullptr, &Done::cb, &d, &e.p),
      DEVIN_E_INVALID_ARGUMENT);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(d.count, 0);
}

TEST_F(Async, SixtyFourConcurrentCalls) {
  Done d;
  for (int i = 0; i < 64; ++i) {
    Err e;
    ASSERT_EQ(devin_call_async(c, "sessions.list", R"({"first":5})", 0, nullptr,
                               &Done::cb, &d, &e.p),
              DEVIN_OK);
  }
  d.wait_for(64);
  ASSERT_EQ(d.count, 64);
  for (auto code : d.codes) EXPECT_EQ(code, DEVIN_OK);
}

TEST_F(Async, ManyThreadsShareOneClient) {
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) {
        Resp r;
        Err e;
        if (devin_call(c, "whoami", nullptr, 0, nullptr, &r.p, &e.p) ==
            DEVIN_OK)
          ++ok;
      }
    });
  for (auto &t : threads) t.join();
  EXPECT_EQ(ok.load(), 80);
}

TEST_F(Async, CancelInterruptsARequestInFlight) {
  emu.fault(R"({"path":"/v3/self","count":1,"kind":"delay","delay_ms":5000})");
  devin_cancel *tok = nullptr;
  ASSERT_EQ(devin_cancel_new(&tok), DEVIN_OK);
  devin_call_options co = DEVIN_CALL_OPTIONS_INIT;
  co.cancel = tok;
  Done d;
  Err e;
  ASSERT_EQ(devin_call_async(c, "whoami", nullptr, 0, &co, &Done::cb, &d, &e.p),
            DEVIN_OK);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto t0 = std::chrono::steady_clock::now();
  devin_cancel_trigger(tok);
  d.wait_for(1);
  ASSERT_EQ(d.count, 1);
  EXPECT_EQ(d.codes[0], DEVIN_E_CANCELLED);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(4));
  EXPECT_TRUE(devin_cancel_is_triggered(tok));
  devin_cancel_free(tok);
}

TEST_F(Async, CancelInterruptsBackoff) {
  emu.fault(
      R"({"path":"/v3/self","count":3,"kind":"status","status":503,"retry_after":"30"})");
  devin_cancel *tok = nullptr;
  ASSERT_EQ(devin_cancel_new(&tok), DEVIN_OK);
  devin_call_options co = DEVIN_CALL_OPTIONS_INIT;
  co.cancel = tok;
  std::thread trigger([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    devin_cancel_trigger(tok);
  });
  Resp r;
  Err e;
  EXPECT_EQ(devin_call(c, "whoami", nullptr, 0, &co, &r.p, &e.p),
            DEVIN_E_CANCELLED);
  trigger.join();
  devin_cancel_free(tok);
}

TEST_F(Async, AlreadyTriggeredTokenCancelsBeforeSending) {
  devin_cancel *tok = nullptr;
  ASSERT_EQ(devin_cancel_new(&tok), DEVIN_OK);
  devin_cancel_trigger(tok);
  devin_call_options co = DEVIN_CALL_OPTIONS_INIT;
  co.cancel = tok;
  Resp r;
  Err e;
  EXPECT_EQ(devin_call(c, "whoami", nullptr, 0, &co, &r.p, &e.p),
            DEVIN_E_CANCELLED);
  EXPECT_EQ(emu.count_requests("/v3/self"), 0);
  devin_cancel_free(tok);
}

TEST_F(Async, CloseCancelsWhatIsInFlight) {
  emu.fault(R"({"path":"/v3/self","count":4,"kind":"delay","delay_ms":5000})");
  Done d;
  for (int i = 0; i < 4; ++i) {
    Err e;
    ASSERT_EQ(
        devin_call_async(c, "whoami", nullptr, 0, nullptr, &Done::cb, &d, &e.p),
        DEVIN_OK);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  Err ce;
  ASSERT_EQ(devin_client_close(c, &ce.p), DEVIN_OK);
  EXPECT_EQ(d.count, 4);  // close returns after every callback ran
  for (auto code : d.codes) EXPECT_EQ(code, DEVIN_E_CANCELLED);
  Done after;
  Err e;
  EXPECT_EQ(devin_call_async(c, "whoami", nullptr, 0, nullptr, &Done::cb,
                             &after, &e.p),
            DEVIN_E_CANCELLED);
  EXPECT_EQ(devin_client_close(c, nullptr), DEVIN_OK);  // idempotent
}

namespace {
struct Reentrant {
  devin_client *client = nullptr;
  devin_status sync_status = DEVIN_OK;
  devin_status close_status = DEVIN_OK;
  devin_status async_status = DEVIN_E_DECODE;
  Done inner;
  Done outer;
  static void cb(void *ud, devin_response *resp, devin_error *err) {
    auto *self = static_cast<Reentrant *>(ud);
    devin_response *r = nullptr;
    devin_error *e = nullptr;
    self->sync_status =
        devin_call(self->client, "whoami", nullptr, 0, nullptr, &r, &e);
    devin_error_free(e);
    devin_response_free(r);
    self->close_status = devin_client_close(self->client, &e);
    devin_error_free(e);
    self->async_status = devin_call_async(self->client, "whoami", nullptr, 0,
                                          nullptr, &Done::cb, &self->inner, &e);
    devin_error_free(e);
    Done::cb(&self->outer, resp, err);
  }
};
}  // namespace

TEST_F(Async, CallbacksCannotDeadlockTheIoThread) {
  Reentrant re;
  re.client = c;
  Err e;
  ASSERT_EQ(devin_call_async(c, "whoami", nullptr, 0, nullptr, &Reentrant::cb,
                             &re, &e.p),
            DEVIN_OK);
  re.outer.wait_for(1);
  re.inner.wait_for(1);
  EXPECT_EQ(re.sync_status, DEVIN_E_INVALID_ARGUMENT);
  EXPECT_EQ(re.close_status, DEVIN_E_INVALID_ARGUMENT);
  EXPECT_EQ(re.async_status, DEVIN_OK);  // async calls are fine from a callback
  EXPECT_EQ(re.inner.codes.at(0), DEVIN_OK);
}

TEST_F(Async, PagerNextAsyncReportsDone) {
  devin_pager *pg = nullptr;
  Err e;
  ASSERT_EQ(devin_pager_new(&pg, c, "sessions.list_attachments",
                            R"({"devin_id":"devin-x"})", 0, nullptr, &e.p),
            DEVIN_OK);
  Done d;
  ASSERT_EQ(devin_pager_next_async(pg, &Done::cb, &d, &e.p), DEVIN_OK);
  d.wait_for(1);
  // An unknown session: the page fails with not_found; the pager can retry.
  EXPECT_EQ(d.codes.at(0), DEVIN_E_NOT_FOUND);
  devin_pager_free(pg);

  Resp created;
  Err ce;
  ASSERT_EQ(devin_call(c, "sessions.create", R"({"prompt":"attachments"})", 0,
                       nullptr, &created.p, &ce.p),
            DEVIN_OK);
  std::string params =
      R"({"devin_id":")" + str(created.json(), "session_id") + "\"}";
  ASSERT_EQ(devin_pager_new(&pg, c, "sessions.list_attachments", params.c_str(),
                            0, nullptr, &e.p),
            DEVIN_OK);
  Done d2;
  ASSERT_EQ(devin_pager_next_async(pg, &Done::cb, &d2, &e.p), DEVIN_OK);
  d2.wait_for(1);
  ASSERT_EQ(devin_pager_next_async(pg, &Done::cb, &d2, &e.p), DEVIN_OK);
  d2.wait_for(2);
  EXPECT_EQ(d2.codes.at(0), DEVIN_OK);
  EXPECT_EQ(d2.codes.at(1), DEVIN_E_DONE);
  devin_pager_free(pg);
}

namespace {
void count_progress(void *ud, const devin_value *session) {
  auto *n = static_cast<std::atomic<int> *>(ud);
  if (session) ++*n;
}
}  // namespace

TEST_F(Async, WaitUntilTheSessionIsIdle) {
  Resp created;
  Err e;
  ASSERT_EQ(devin_call(c, "sessions.create", R"({"prompt":"Write a haiku"})", 0,
                       nullptr, &created.p, &e.p),
            DEVIN_OK);
  std::string id = str(created.json(), "session_id");
  std::atomic<int> polls{0};
  devin_wait_options wo = DEVIN_WAIT_OPTIONS_INIT;
  wo.timeout = 60;
  wo.on_progress = &count_progress;
  wo.progress_user_data = &polls;
  Resp done;
  Err we;
  ASSERT_EQ(devin_session_wait(c, id.c_str(), &wo, &done.p, &we.p), DEVIN_OK)
      << we.msg();
  EXPECT_TRUE(devin_session_is_done(done.json(), DEVIN_WAIT_IDLE));
  EXPECT_GE(polls.load(), 1);
}

TEST_F(Async, WaitTimesOut) {
  Resp created;
  Err e;
  ASSERT_EQ(devin_call(c, "sessions.create",
                       R"({"prompt":"[emulator:slow] a long task"})", 0,
                       nullptr, &created.p, &e.p),
            DEVIN_OK);
  std::string id = str(created.json(), "session_id");
  devin_wait_options wo = DEVIN_WAIT_OPTIONS_INIT;
  wo.timeout = 0.5;
  wo.until = DEVIN_WAIT_TERMINAL;
  Resp done;
  Err we;
  EXPECT_EQ(devin_session_wait(c, id.c_str(), &wo, &done.p, &we.p),
            DEVIN_E_TIMEOUT);
}

// A wait with timeout T does not give up before T: it sleeps until the
// deadline and polls once more (it used to stop when the next backoff step
// would pass the deadline: T=1 gave up at once). The message says the real
// elapsed time.
TEST_F(Async, WaitTimeoutIsNeverEarly) {
  Resp created;
  Err e;
  ASSERT_EQ(devin_call(c, "sessions.create", R"({"prompt":"never terminal"})",
                       0, nullptr, &created.p, &e.p),
            DEVIN_OK);
  std::string id = str(created.json(), "session_id");
  for (double t : {0.3, 1.0, 2.2}) {
    std::atomic<int> polls{0};
    devin_wait_options wo = DEVIN_WAIT_OPTIONS_INIT;
    wo.timeout = t;
    wo.until = DEVIN_WAIT_TERMINAL;
    wo.on_progress = &count_progress;
    wo.progress_user_data = &polls;
    Resp done;
    Err we;
    auto t0 = std::chrono::steady_clock::now();
    EXPECT_EQ(devin_session_wait(c, id.c_str(), &wo, &done.p, &we.p),
              DEVIN_E_TIMEOUT);
    double took =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
            .count();
    EXPECT_GE(took, t - 0.005) << "timeout " << t;
    EXPECT_GE(polls.load(), 2) << "a last poll at the deadline";
    std::string msg = we.msg();
    auto at = msg.find("was not done after ");
    ASSERT_NE(at, std::string::npos) << msg;
    double said = std::strtod(msg.c_str() + at + 19, nullptr);
    EXPECT_GE(said, t - 0.005) << msg;
  }
}

TEST_F(Async, WaitAsyncCanBeCancelled) {
  Resp created;
  Err e;
  ASSERT_EQ(
      devin_call(c, "sessions.create", R"({"prompt":"[emulator:slow] x"})", 0,
                 nullptr, &created.p, &e.p),
      DEVIN_OK);
  std::string id = str(created.json(), "session_id");
  devin_cancel *tok = nullptr;
  devin_cancel_new(&tok);
  devin_wait_options wo = DEVIN_WAIT_OPTIONS_INIT;
  wo.cancel = tok;
  wo.until = DEVIN_WAIT_TERMINAL;
  Done d;
  ASSERT_EQ(devin_session_wait_async(c, id.c_str(), &wo, &Done::cb, &d, &e.p),
            DEVIN_OK);
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  devin_cancel_trigger(tok);
  d.wait_for(1);
  EXPECT_EQ(d.codes.at(0), DEVIN_E_CANCELLED);
  devin_cancel_free(tok);
}
