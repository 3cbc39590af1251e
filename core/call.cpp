#include "call.hpp"

#include <simdjson.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <random>

#include "client.hpp"
#include "log.hpp"
#include "retry.hpp"
#include "url.hpp"

namespace devin::core {

namespace {

double jitter_unit() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char &c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == '\r' || s.back() == '\n' ||
                        s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return std::string(s);
}

bool looks_like_json(const std::vector<Header> &headers,
                     const std::string &body) {
  for (const auto &[name, value] : headers)
    if (name == "content-type") return value.find("json") != std::string::npos;
  std::size_t i = body.find_first_not_of(" \t\r\n");
  return i != std::string::npos && (body[i] == '{' || body[i] == '[');
}

// Resolves a Location header against the URL it came from.
std::string resolve_location(const std::string &base, const std::string &loc) {
  if (loc.find("://") != std::string::npos) return loc;
  auto scheme_end = base.find("://");
  auto host_end = base.find('/', scheme_end + 3);
  std::string origin = base.substr(0, host_end);
  if (!loc.empty() && loc.front() == '/') return origin + loc;
  auto last = base.rfind('/', base.find('?'));
  return base.substr(0, last + 1) + loc;
}

std::string fmt_seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f s", s);
  return buf;
}

}  // namespace

Call::Call(std::shared_ptr<ClientCore> client, HttpRequest req,
           CallSettings settings, Completion done)
    : client_(std::move(client)),
      req_(std::move(req)),
      settings_(std::move(settings)),
      done_(std::move(done)) {
  cancel = settings_.cancel;
  const ClientConfig &cfg = client_->config();
  max_retries_ =
      settings_.max_retries < 0 ? cfg.max_retries : settings_.max_retries;
  timeout_ = settings_.timeout < 0 ? cfg.timeout : settings_.timeout;
}

Call::~Call() { cleanup_transfer(); }

double Call::remaining() const {
  if (!has_deadline_) return -1;
  return std::chrono::duration<double>(deadline_ - Clock::now()).count();
}

void Call::start() {
  started_ = Clock::now();
  if (timeout_ > 0) {
    has_deadline_ = true;
    deadline_ = started_ + std::chrono::duration_cast<Clock::duration>(
                               std::chrono::duration<double>(timeout_));
  }
  if (req_.needs_org) {
    std::string org = client_->org_id();
    if (org.empty()) {
      client_->await_org(std::static_pointer_cast<Call>(shared_from_this()));
      return;
    }
    req_.path = fill_org_id(req_.path, org);
    req_.needs_org = false;
  }
  begin_attempt();
}

void Call::resume_with_org(const std::string &org_id) {
  if (finished) return;
  req_.path = fill_org_id(req_.path, org_id);
  req_.needs_org = false;
  begin_attempt();
}

void Call::begin_attempt() {
  if (finished) return;
  if (has_deadline_ && remaining() <= 0) {
    complete(nullptr, make_error(ErrorKind::Timeout,
                                 "deadline of " + fmt_seconds(timeout_) +
                                     " exceeded before the request was sent"));
    return;
  }
  Engine &eng = *engine;
  easy_ = eng.acquire_easy();
  if (!easy_) {
    complete(nullptr, make_error(ErrorKind::Connection,
                                 "could not create a curl handle"));
    return;
  }
  resp_body_.clear();
  // A body handed to the previous response left an empty string behind:
  // start from a recycled buffer (buffer_pool.hpp).
  if (resp_body_.capacity() < 4096) resp_body_ = body_pool().take();
  resp_headers_.clear();
  curl_error_[0] = 0;
  if (!configure(easy_)) return;  // configure completed the call
  const Logger &log = client_->config().logger;
  if (log.enabled(LogLevel::Debug)) {
    std::string line = "request " + req_.method + " " + url_;
    if (retries_) line += " (retry " + std::to_string(retries_) + ")";
    if (!req_.body.empty() && redirect_.empty())
      line += " body=" + redact_body(req_.body);
    log.log(LogLevel::Debug, std::move(line));
  }
  eng.add_transfer(easy_, this);
}

bool Call::configure(CURL *e) {
  const ClientConfig &cfg = client_->config();
  bool following = !redirect_.empty();
  if (following) {
    url_ = redirect_;
  } else {
    url_ = cfg.base.text + req_.path;
    if (!req_.query.empty()) url_ += "?" + req_.query;
  }
  curl_easy_setopt(e, CURLOPT_URL, url_.c_str());
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(e, CURLOPT_HTTP_VERSION,
                   static_cast<long>(CURL_HTTP_VERSION_2TLS));
  // Over TLS, prefer multiplexing on an HTTP/2 connection being set up.
  // Never over plain HTTP/1.1: new transfers would queue behind busy
  // connections instead of opening their own.
  if (cfg.base.scheme == "https") curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
  curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, curl_error_);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &Call::on_body);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, this);
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &Call::on_header);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, this);
  sends_ = 0;
  resend_refused_ = false;
  curl_easy_setopt(e, CURLOPT_PREREQFUNCTION, &Call::on_prereq);
  curl_easy_setopt(e, CURLOPT_PREREQDATA, this);
  if (cfg.connect_timeout > 0)
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(cfg.connect_timeout * 1000));
  double attempt = cfg.attempt_timeout;
  double left = remaining();
  // The deadline bounds the attempt: a curl timeout then means the
  // deadline passed (curl may fire a millisecond early).
  deadline_bounds_attempt_ = left >= 0 && (attempt <= 0 || left < attempt);
  if (deadline_bounds_attempt_) attempt = left;
  if (attempt > 0) {
    long ms = static_cast<long>(attempt * 1000);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, ms < 1 ? 1L : ms);
  }
  // Stall: no byte received for stall_timeout seconds. curl's own
  // low-speed check averages over several seconds, so the progress
  // callback measures the gap itself.
  last_byte_ = Clock::now();
  stalled_ = false;
  if (cfg.stall_timeout > 0) {
    curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, &Call::on_progress);
    curl_easy_setopt(e, CURLOPT_XFERINFODATA, this);
  }
  // Always set: an empty proxy disables curl's own environment lookup.
  curl_easy_setopt(e, CURLOPT_PROXY, cfg.proxy.c_str());
  if (!cfg.no_proxy.empty())
    curl_easy_setopt(e, CURLOPT_NOPROXY, cfg.no_proxy.c_str());
  if (!cfg.ca.file.empty())
    curl_easy_setopt(e, CURLOPT_CAINFO, cfg.ca.file.c_str());
  if (!cfg.ca.dir.empty())
    curl_easy_setopt(e, CURLOPT_CAPATH, cfg.ca.dir.c_str());

  // Headers. Authorization only to the API's own origin. The common case
  // (no per-call headers, no redirect) uses the client's prebuilt lists.
  bool json_body = req_.content_type == "application/json";
  bool common = !following && req_.headers.empty() &&
                (req_.content_type.empty() || json_body || req_.multipart);
  if (common) {
    curl_easy_setopt(e, CURLOPT_HTTPHEADER,
                     client_->common_headers(json_body && !req_.multipart));
  } else {
    std::vector<std::string> lines;
    if (!following || redirect_auth_)
      lines.push_back("Authorization: Bearer " + cfg.api_key);
    lines.push_back("User-Agent: " + cfg.user_agent);
    lines.push_back("Accept: application/json");
    lines.push_back("Expect:");
    if (!following) {
      for (const auto &[n, v] : cfg.default_headers)
        lines.push_back(n + ": " + v);
      for (const auto &[n, v] : req_.headers) lines.push_back(n + ": " + v);
      if (!req_.content_type.empty() && !req_.multipart)
        lines.push_back("Content-Type: " + req_.content_type);
    }
    for (const auto &l : lines)
      header_list_ = curl_slist_append(header_list_, l.c_str());
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, header_list_);
  }

  const std::string &method = following ? std::string("GET") : req_.method;
  if (following || method == "GET") {
    curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
  } else if (req_.multipart) {
    mime_ = curl_mime_init(e);
    curl_mimepart *part = curl_mime_addpart(mime_);
    curl_mime_name(part, req_.multipart_field.c_str());
    CURLcode rc;
    if (req_.upload.from_path) {
      rc = curl_mime_filedata(part, req_.upload.path.c_str());
    } else {
      rc = curl_mime_data(part, req_.upload.data.data(),
                          req_.upload.data.size());
    }
    if (rc != CURLE_OK) {
      engine->release_easy(e);
      easy_ = nullptr;
      cleanup_transfer();
      complete(nullptr, make_error(ErrorKind::InvalidArgument,
                                   "cannot read the upload file '" +
                                       req_.upload.path + "'"));
      return false;
    }
    if (!req_.upload.filename.empty())
      curl_mime_filename(part, req_.upload.filename.c_str());
    curl_mime_type(part, req_.upload.content_type.empty()
                             ? "application/octet-stream"
                             : req_.upload.content_type.c_str());
    curl_easy_setopt(e, CURLOPT_MIMEPOST, mime_);
    if (method != "POST")
      curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method.c_str());
  } else {
    if (method == "POST") {
      curl_easy_setopt(e, CURLOPT_POST, 1L);
    } else {
      curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method.c_str());
    }
    if (!req_.body.empty() || method == "POST" || method == "PUT" ||
        method == "PATCH") {
      curl_easy_setopt(e, CURLOPT_POSTFIELDS, req_.body.c_str());
      curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(req_.body.size()));
    }
  }
  return true;
}

int Call::on_progress(void *self, curl_off_t, curl_off_t, curl_off_t,
                      curl_off_t) {
  auto *call = static_cast<Call *>(self);
  double quiet =
      std::chrono::duration<double>(Clock::now() - call->last_byte_).count();
  if (quiet < call->client_->config().stall_timeout) return 0;
  call->stalled_ = true;
  return 1;  // abort: CURLE_ABORTED_BY_CALLBACK
}

// Called by libcurl right before it sends the request on a connection. A
// second call in one attempt is libcurl's own re-send after a reused
// connection died without an answer: the server may have processed the
// first. It goes out only when the retry policy allows a retry (then it
// counts as one); otherwise the transfer is aborted and the call fails with
// a connection error, so a POST is never sent twice behind the caller's back.
int Call::on_prereq(void *self, char *, char *, int, int) {
  auto *call = static_cast<Call *>(self);
  if (++call->sends_ == 1) return CURL_PREREQFUNC_OK;
  if (call->retries_ < call->max_retries_ &&
      should_retry_transport(call->req_.method, true)) {
    ++call->retries_;
    return CURL_PREREQFUNC_OK;
  }
  call->resend_refused_ = true;
  return CURL_PREREQFUNC_ABORT;
}

size_t Call::on_body(char *data, size_t size, size_t n, void *self) {
  auto *call = static_cast<Call *>(self);
  call->last_byte_ = Clock::now();
  call->resp_body_.append(data, size * n);
  return size * n;
}

size_t Call::on_header(char *data, size_t size, size_t n, void *self) {
  auto *call = static_cast<Call *>(self);
  call->last_byte_ = Clock::now();
  std::string_view line(data, size * n);
  if (line.rfind("HTTP/", 0) == 0) {
    call->resp_headers_.clear();  // a new response (redirect, 100-continue)
    return size * n;
  }
  auto colon = line.find(':');
  if (colon != std::string_view::npos) {
    call->resp_headers_.emplace_back(lower(trim(line.substr(0, colon))),
                                     trim(line.substr(colon + 1)));
    const auto &[name, value] = call->resp_headers_.back();
    if (name == "content-length") {
      // One allocation for the body, with room for the parser's padding.
      std::size_t len = std::strtoull(value.c_str(), nullptr, 10);
      if (len > 0 && len < (64u << 20))
        call->resp_body_.reserve(len + simdjson::SIMDJSON_PADDING);
    }
  }
  return size * n;
}

void Call::cleanup_transfer() {
  if (header_list_) curl_slist_free_all(header_list_);
  header_list_ = nullptr;
  if (mime_) curl_mime_free(mime_);
  mime_ = nullptr;
}

void Call::on_transfer_done(CURL *easy, CURLcode code) {
  long status = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
  easy_ = nullptr;
  cleanup_transfer();
  engine->release_easy(easy);
  if (finished) return;
  if (code != CURLE_OK) {
    handle_transport_error(code);
    return;
  }
  handle_response(static_cast<int>(status));
}

void Call::handle_transport_error(CURLcode code) {
  std::string detail = curl_error_[0] ? curl_error_ : curl_easy_strerror(code);
  redact_in_place(detail, client_->config().api_key);
  std::string where = req_.method + " " + (req_.path);
  bool sent = true;
  bool retryable = true;
  ErrorKind kind = ErrorKind::Connection;
  std::string msg;
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
      sent = false;
      msg = "could not connect: " + detail;
      break;
    case CURLE_SSL_CONNECT_ERROR:
      sent = false;
      msg = "TLS handshake failed: " + detail;
      break;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
      retryable = false;
      msg = "TLS certificate verification failed: " + detail;
      if (!client_->config().ca.found())
        msg += std::string(" (") + kNoCaStoreHint + ")";
      break;
    case CURLE_ABORTED_BY_CALLBACK:
      if (resend_refused_) {
        msg =
            "the connection closed after the request was sent, before any "
            "answer (the server may have processed it; not re-sent)";
        break;
      }
      if (!stalled_) {
        msg = "transfer aborted: " + detail;
        break;
      }
      kind = ErrorKind::Timeout;
      msg = "no data received for " +
            fmt_seconds(client_->config().stall_timeout) + " (stalled)";
      break;
    case CURLE_OPERATION_TIMEDOUT:
      kind = ErrorKind::Timeout;
      if (deadline_bounds_attempt_ || (has_deadline_ && remaining() <= 0)) {
        retryable = false;
        msg = "deadline of " + fmt_seconds(timeout_) + " exceeded";
      } else {
        msg = "request timed out: " + detail;
      }
      break;
    case CURLE_READ_ERROR:
    case CURLE_FILE_COULDNT_READ_FILE:
      kind = ErrorKind::InvalidArgument;
      retryable = false;
      msg = "cannot read the upload: " + detail;
      break;
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
      kind = ErrorKind::InvalidArgument;
      retryable = false;
      msg = "invalid URL: " + detail;
      break;
    default:
      msg = "connection error: " + detail;
  }
  auto err = make_error(kind, msg + " (" + where + ")");
  err->method = req_.method;
  err->path = req_.path;
  retry_or_fail(std::move(err), std::nullopt,
                retryable && should_retry_transport(req_.method, sent));
}

void Call::handle_response(int status) {
  // Redirects (attachment downloads): follow by hand so that the
  // Authorization header never goes to another origin.
  if (status >= 300 && status < 400 && status != 304) {
    std::string location;
    for (const auto &[n, v] : resp_headers_)
      if (n == "location") location = v;
    if (!location.empty() && redirects_ < 5) {
      std::string next = resolve_location(url_, location);
      std::string api_origin = origin_of(client_->config().base.text);
      redirect_auth_ = origin_of(next) == api_origin;
      redirect_ = next;
      ++redirects_;
      begin_attempt();
      return;
    }
  }
  if (status >= 200 && status < 300) {
    auto resp = std::make_unique<Response>();
    resp->status = status;
    resp->headers = std::move(resp_headers_);
    if (const std::string *rid = resp->header("x-request-id"))
      resp->request_id = *rid;
    resp->page = req_.page;
    resp->items_field = req_.items_field;
    bool want_json = req_.response == ResponseKind::Json && redirect_.empty();
    if (want_json && settings_.skip_json && !resp_body_.empty() &&
        looks_like_json(resp->headers, resp_body_)) {
      // Checked to be JSON, handed over as bytes; pages keep what the pager
      // needs.
      std::string perr;
      if (!read_page_info(resp_body_, req_.page, req_.items_field,
                          resp->page_info, &perr)) {
        auto err = make_error(ErrorKind::Decode,
                              "response body is not valid JSON (" + perr +
                                  ") (" + req_.method + " " + req_.path + ")");
        err->http_status = status;
        err->headers = std::move(resp->headers);
        complete(nullptr, std::move(err));
        return;
      }
      resp->body = std::move(resp_body_);
    } else if (want_json && !resp_body_.empty() &&
               looks_like_json(resp->headers, resp_body_)) {
      std::string perr;
      std::size_t size = resp_body_.size();
      resp->json = JsonDoc::parse(std::move(resp_body_), &perr);
      if (!resp->json) {
        auto err = make_error(ErrorKind::Decode,
                              "response body is not valid JSON (" + perr +
                                  ", " + std::to_string(size) + " bytes) (" +
                                  req_.method + " " + req_.path + ")");
        err->http_status = status;
        err->headers = std::move(resp->headers);
        if (const auto *h = resp->header("x-request-id")) err->request_id = *h;
        complete(nullptr, std::move(err));
        return;
      }
    } else if (want_json && !resp_body_.empty() && !req_.operation.empty() &&
               status != 204) {
      auto err =
          make_error(ErrorKind::Decode,
                     "expected a JSON response, got another content type (" +
                         req_.method + " " + req_.path + ")");
      err->http_status = status;
      err->body = resp_body_.substr(0, kMaxErrorBody);
      complete(nullptr, std::move(err));
      return;
    } else {
      resp->body = std::move(resp_body_);
    }
    complete(std::move(resp), nullptr);
    return;
  }
  auto err =
      error_from_response(status, req_.method, req_.path, std::move(resp_body_),
                          std::move(resp_headers_));
  std::optional<double> wait =
      parse_retry_after(err->headers, std::time(nullptr));
  if (wait) err->retry_after = *wait;
  bool retryable = should_retry_status(status, req_.method);
  if (retryable && wait && *wait > kMaxRetryAfter) {
    complete(nullptr, std::move(err));  // too long to wait: hand it back
    return;
  }
  retry_or_fail(std::move(err), wait, retryable);
}

void Call::retry_or_fail(std::unique_ptr<Error> err, std::optional<double> wait,
                         bool retryable) {
  if (!retryable || retries_ >= max_retries_) {
    complete(nullptr, std::move(err));
    return;
  }
  double delay = wait ? retry_after_delay(*wait, jitter_unit())
                      : backoff_delay(retries_, jitter_unit());
  double left = remaining();
  if (left >= 0 && delay >= left) {
    complete(nullptr, std::move(err));  // the deadline would pass first
    return;
  }
  ++retries_;
  const Logger &log = client_->config().logger;
  if (log.enabled(LogLevel::Info))
    log.log(LogLevel::Info, "retrying " + req_.method + " " + req_.path +
                                " in " + fmt_seconds(delay) + " (retry " +
                                std::to_string(retries_) + " of " +
                                std::to_string(max_retries_) +
                                ") after: " + err->message);
  redirect_.clear();
  redirects_ = 0;
  auto self = std::static_pointer_cast<Call>(shared_from_this());
  timer_ = engine->add_timer(delay, [self] {
    self->timer_ = 0;
    self->begin_attempt();
  });
}

void Call::abort(std::unique_ptr<Error> err) {
  if (finished) return;
  Engine &eng = *engine;
  if (easy_) {
    eng.remove_transfer(easy_);
    eng.release_easy(easy_);
    easy_ = nullptr;
  }
  cleanup_transfer();
  if (timer_) {
    eng.cancel_timer(timer_);
    timer_ = 0;
  }
  complete(nullptr, std::move(err));
}

void Call::complete(std::unique_ptr<Response> resp,
                    std::unique_ptr<Error> err) {
  if (finished) return;
  auto self = shared_from_this();
  double elapsed =
      std::chrono::duration<double>(Clock::now() - started_).count();
  if (started_ == Clock::time_point{}) elapsed = 0;
  const Logger &log = client_->config().logger;
  if (resp) {
    resp->elapsed = elapsed;
    resp->retries = retries_;
    if (log.enabled(LogLevel::Info))
      log.log(
          LogLevel::Info,
          req_.method + " " + req_.path + " -> " +
              std::to_string(resp->status) + " in " + fmt_seconds(elapsed) +
              (retries_ ? ", " + std::to_string(retries_) + " retries" : ""));
  } else if (err) {
    err->retries = retries_;
    if (err->method.empty()) err->method = req_.method;
    if (err->path.empty()) err->path = req_.path;
    redact_in_place(err->message, client_->config().api_key);
    if (log.enabled(LogLevel::Info))
      log.log(LogLevel::Info,
              req_.method + " " + req_.path + " failed: " + err->message);
  }
  engine->finished(this);
  Completion done = std::move(done_);
  done_ = nullptr;
  if (done) done(std::move(resp), std::move(err));
}

}  // namespace devin::core
