/* The option structs of devin.h as the C compiler lays them out, in the
 * format of examples/rust/devin-sys/examples/layout.rs (test-ffi.sh diffs
 * the two). */
#include <stddef.h>
#include <stdio.h>

#include "devin.h"

#define SIZE(t) printf("%s %zu\n", #t, sizeof(t))
#define OFF(t, f) printf("%s.%s %zu\n", #t, #f, offsetof(t, f))

int main(void) {
  SIZE(devin_client_options);
  OFF(devin_client_options, version);
  OFF(devin_client_options, api_key);
  OFF(devin_client_options, org_id);
  OFF(devin_client_options, base_url);
  OFF(devin_client_options, connect_timeout);
  OFF(devin_client_options, attempt_timeout);
  OFF(devin_client_options, timeout);
  OFF(devin_client_options, stall_timeout);
  OFF(devin_client_options, max_retries);
  OFF(devin_client_options, proxy);
  OFF(devin_client_options, ca_bundle);
  OFF(devin_client_options, allow_insecure_http);
  OFF(devin_client_options, default_headers);
  OFF(devin_client_options, default_headers_count);
  OFF(devin_client_options, user_agent);
  OFF(devin_client_options, log_fn);
  OFF(devin_client_options, log_user_data);
  OFF(devin_client_options, log_level);
  SIZE(devin_call_options);
  OFF(devin_call_options, version);
  OFF(devin_call_options, timeout);
  OFF(devin_call_options, max_retries);
  OFF(devin_call_options, headers);
  OFF(devin_call_options, headers_count);
  OFF(devin_call_options, cancel);
  OFF(devin_call_options, upload_path);
  OFF(devin_call_options, upload_data);
  OFF(devin_call_options, upload_len);
  OFF(devin_call_options, upload_filename);
  OFF(devin_call_options, upload_content_type);
  OFF(devin_call_options, skip_json);
  SIZE(devin_wait_options);
  OFF(devin_wait_options, version);
  OFF(devin_wait_options, until);
  OFF(devin_wait_options, timeout);
  OFF(devin_wait_options, org_id);
  OFF(devin_wait_options, cancel);
  OFF(devin_wait_options, on_progress);
  OFF(devin_wait_options, progress_user_data);
  return 0;
}
