// One API call on the I/O thread: attempts, retries with backoff, the total
// deadline, redirects, and decoding the result.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "engine.hpp"
#include "request.hpp"
#include "response.hpp"

namespace devin::core {

class ClientCore;

struct CallSettings {
  double timeout = -1;     // total deadline (s); <0 = client default; 0 = none
  int max_retries = -1;    // <0 = client default
  bool skip_json = false;  // keep the body as bytes; no JsonDoc
  std::shared_ptr<CancelState> cancel;
};

using Completion =
    std::function<void(std::unique_ptr<Response>, std::unique_ptr<Error>)>;

class Call final : public Task {
 public:
  Call(std::shared_ptr<ClientCore> client, HttpRequest req,
       CallSettings settings, Completion done);
  ~Call() override;

  void start() override;
  void abort(std::unique_ptr<Error> err) override;
  void on_transfer_done(CURL *easy, CURLcode code) override;
  void forget_after_fork() override {
    easy_ = nullptr;
    header_list_ = nullptr;  // leaked with the parent's handles
    mime_ = nullptr;
    timer_ = 0;
  }

  // Organization discovery finished (I/O thread).
  void resume_with_org(const std::string &org_id);
  void fail(std::unique_ptr<Error> err) { complete(nullptr, std::move(err)); }

 private:
  void begin_attempt();
  bool configure(CURL *easy);
  void cleanup_transfer();
  void handle_transport_error(CURLcode code);
  void handle_response(int status);
  void retry_or_fail(std::unique_ptr<Error> err, std::optional<double> wait,
                     bool retryable);
  void complete(std::unique_ptr<Response> resp, std::unique_ptr<Error> err);
  double remaining() const;  // seconds to the deadline; <0 = no deadline

  std::shared_ptr<ClientCore> client_;
  HttpRequest req_;
  CallSettings settings_;
  Completion done_;
  int max_retries_ = 0;
  double timeout_ = 0;

  Clock::time_point started_{};
  Clock::time_point deadline_{};
  bool has_deadline_ = false;
  int retries_ = 0;
  std::string url_;       // current attempt's URL
  std::string redirect_;  // set while following a redirect
  bool redirect_auth_ = true;
  int redirects_ = 0;

  CURL *easy_ = nullptr;
  struct curl_slist *header_list_ = nullptr;
  curl_mime *mime_ = nullptr;
  std::uint64_t timer_ = 0;
  std::string resp_body_;
  std::vector<Header> resp_headers_;
  char curl_error_[CURL_ERROR_SIZE] = {0};

  Clock::time_point last_byte_{};  // stall detection
  bool stalled_ = false;
  bool deadline_bounds_attempt_ = false;
  // libcurl re-sends a request by itself when a reused connection turns out
  // to be dead; each send of an attempt is counted here so that a re-send
  // the retry policy does not allow is refused (on_prereq).
  int sends_ = 0;
  bool resend_refused_ = false;

  static size_t on_body(char *data, size_t size, size_t n, void *self);
  static int on_progress(void *self, curl_off_t, curl_off_t, curl_off_t,
                         curl_off_t);
  static size_t on_header(char *data, size_t size, size_t n, void *self);
  static int on_prereq(void *self, char *, char *, int, int);
};

}  // namespace devin::core
