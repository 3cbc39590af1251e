// libdevin's C ABI against a plain libcurl-multi + simdjson loop, on the same
// local server: 64 requests in flight, N requests per workload, reading
// session_id and status of every item on the page workload. Prints req/s and
// the ratio (target >= 0.9). Usage: bench_c_abi BASE_URL [N]
#include <curl/curl.h>
#include <simdjson.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <vector>

#include "devin.h"

namespace {

constexpr int kConcurrency = 64;
using Clock = std::chrono::steady_clock;

// ---- plain libcurl multi + simdjson ----
struct Easy {
  CURL *h = nullptr;
  std::string body;
};

size_t on_write(char *p, size_t s, size_t n, void *ud) {
  static_cast<Easy *>(ud)->body.append(p, s * n);
  return s * n;
}

double run_plain(const std::string &url, int total, bool page, long *checksum) {
  CURLM *multi = curl_multi_init();
  std::vector<Easy> easies(kConcurrency);
  simdjson::dom::parser parser;
  int started = 0, done = 0;
  curl_slist *hdrs =
      curl_slist_append(nullptr, "Authorization: Bearer cog_bench");
  hdrs = curl_slist_append(hdrs, "Accept: application/json");
  auto start_one = [&](Easy &e) {
    e.body.clear();
    curl_easy_setopt(e.h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(e.h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e.h, CURLOPT_WRITEFUNCTION, on_write);
    curl_easy_setopt(e.h, CURLOPT_WRITEDATA, &e);
    curl_easy_setopt(e.h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(e.h, CURLOPT_PRIVATE, &e);
    curl_multi_add_handle(multi, e.h);
    ++started;
  };
  auto t0 = Clock::now();
  for (auto &e : easies) {
    e.h = curl_easy_init();
    if (started < total) start_one(e);
  }
  while (done < total) {
    int running = 0;
    curl_multi_perform(multi, &running);
    int left = 0;
    while (CURLMsg *m = curl_multi_info_read(multi, &left)) {
      if (m->msg != CURLMSG_DONE) continue;
      Easy *e = nullptr;
      curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE,
                        reinterpret_cast<char **>(&e));
      curl_multi_remove_handle(multi, e->h);
      simdjson::dom::element doc;
      if (!parser.parse(e->body).get(doc)) {
        if (page) {
          for (auto item : doc["items"].get_array()) {
            std::string_view id, st;
            if (!item["session_id"].get(id) && !item["status"].get(st))
              *checksum += static_cast<long>(id.size() + st.size());
          }
        } else {
          std::string_view org;
          if (!doc["org_id"].get(org))
            *checksum += static_cast<long>(org.size());
        }
      }
      ++done;
      if (started < total) start_one(*e);
    }
    if (done < total) curl_multi_poll(multi, nullptr, 0, 100, nullptr);
  }
  double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  for (auto &e : easies) curl_easy_cleanup(e.h);
  curl_slist_free_all(hdrs);
  curl_multi_cleanup(multi);
  return total / secs;
}

// ---- libdevin C ABI ----
struct DevinRun {
  devin_client *client = nullptr;
  const char *op = nullptr;
  const char *params = nullptr;
  bool page = false;
  int total = 0;
  std::atomic<int> started{0};
  std::atomic<int> done{0};
  std::atomic<long> checksum{0};
  std::atomic<int> errors{0};
  std::mutex mu;
  std::condition_variable cv;

  void submit() {
    if (started.fetch_add(1) >= total) return;
    devin_error *err = nullptr;
    if (devin_call_async(client, op, params, 0, nullptr, &DevinRun::on_done,
                         this, &err) != DEVIN_OK) {
      devin_error_free(err);
      ++errors;
      finish_one();
    }
  }
  void finish_one() {
    if (done.fetch_add(1) + 1 == total) {
      std::lock_guard<std::mutex> lock(mu);
      cv.notify_all();
    }
  }
  static void on_done(void *ud, devin_response *resp, devin_error *err) {
    auto *self = static_cast<DevinRun *>(ud);
    if (err) {
      ++self->errors;
      devin_error_free(err);
    } else if (self->page) {
      const devin_value *items = devin_response_items(resp);
      long sum = 0;
      for (size_t i = 0, n = devin_value_size(items); i < n; ++i) {
        const devin_value *it = devin_value_at(items, i);
        size_t a = 0, b = 0;
        devin_value_string(devin_value_get(it, "session_id", 10), &a);
        devin_value_string(devin_value_get(it, "status", 6), &b);
        sum += static_cast<long>(a + b);
      }
      self->checksum += sum;
    } else {
      size_t a = 0;
      devin_value_string(
          devin_value_get(devin_response_json(resp), "org_id", 6), &a);
      self->checksum += static_cast<long>(a);
    }
    devin_response_free(resp);
    // Submit the next request before counting this one: once the count is
    // complete the waiting thread may destroy *self.
    self->submit();
    self->finish_one();
  }
};

double run_devin(devin_client *client, const char *op, const char *params,
                 int total, bool page, long *checksum, int *errors) {
  DevinRun run;
  run.client = client;
  run.op = op;
  run.params = params;
  run.page = page;
  run.total = total;
  auto t0 = Clock::now();
  for (int i = 0; i < kConcurrency; ++i) run.submit();
  {
    std::unique_lock<std::mutex> lock(run.mu);
    run.cv.wait(lock, [&] { return run.done.load() >= total; });
  }
  double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  *checksum = run.checksum.load();
  *errors = run.errors.load();
  return total / secs;
}

}  // namespace

int main(int argc, char **argv) {
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: %s BASE_URL [N] [plain|devin|both] [page|tiny]\n",
                 argv[0]);
    return 2;
  }
  std::string base = argv[1];
  int n = argc > 2 ? std::atoi(argv[2]) : 20000;
  // Optional third argument: "plain" or "devin" runs one side only, and a
  // fourth, "page" or "tiny", one workload only (for profiling).
  std::string only = argc > 3 ? argv[3] : "";
  std::string workload = argc > 4 ? argv[4] : "";
  curl_global_init(CURL_GLOBAL_DEFAULT);
  devin_client_options o = DEVIN_CLIENT_OPTIONS_INIT;
  o.api_key = "cog_bench";
  o.org_id = "org-bench";
  o.base_url = base.c_str();
  o.max_retries = 0;
  devin_client *client = nullptr;
  devin_error *err = nullptr;
  if (devin_client_new(&client, &o, &err) != DEVIN_OK) {
    std::fprintf(stderr, "%s\n", devin_error_message(err));
    return 1;
  }
  struct Workload {
    const char *name, *op, *params, *path;
    bool page;
  } workloads[] = {
      {"100-session page", "sessions.list", "{\"first\":100}",
       "/v3/organizations/org-bench/sessions?first=100", true},
      {"tiny body", "whoami", nullptr, "/v3/self", false},
  };
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  std::printf(
      "C ABI vs plain libcurl-multi + simdjson, %d in flight, %d requests "
      "each\n",
      kConcurrency, n);
  for (const auto &w : workloads) {
    if (!workload.empty() && workload != (w.page ? "page" : "tiny")) continue;
    long c1 = 0, c2 = 0;
    int errors = 0;
    // Warm up both (connections, allocators), then measure.
    bool do_plain = only != "devin", do_devin = only != "plain";
    if (do_plain) run_plain(base + w.path, n / 10, w.page, &c1);
    if (do_devin)
      run_devin(client, w.op, w.params, n / 10, w.page, &c2, &errors);
    c1 = c2 = 0;
    double plain = do_plain ? run_plain(base + w.path, n, w.page, &c1) : 1;
    double lib =
        do_devin ? run_devin(client, w.op, w.params, n, w.page, &c2, &errors)
                 : 1;
    if (!do_plain || !do_devin) c1 = c2;
    std::printf(
        "%-18s plain %9.0f req/s   libdevin %9.0f req/s   ratio %.2f%s\n",
        w.name, plain, lib, lib / plain, errors ? "  (errors!)" : "");
    if (c1 != c2) std::printf("  checksums differ: %ld vs %ld\n", c1, c2);
  }
  devin_client_free(client);
  curl_global_cleanup();
  return 0;
}
