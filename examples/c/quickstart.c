/*
 * quickstart.c — create a Devin session, wait for it, print its messages and
 * pull requests, then list sessions page by page. Uses only devin.h.
 *
 *   DEVIN_API_KEY=cog_... ./quickstart                 # the real API
 *   DEVIN_API_KEY=cog_emulator_org_admin \
 *   DEVIN_BASE_URL=http://127.0.0.1:8080 ./quickstart  # the local emulator
 */
#include <stdio.h>
#include <string.h>

#include "devin.h"

static int fail(const char *what, devin_error *err) {
  fprintf(stderr, "%s failed: [%s] %s\n", what,
          devin_status_name(devin_error_code(err)), devin_error_message(err));
  devin_error_free(err);
  return 1;
}

/* Prints a string member of an object, or "-" when it is absent or null. */
static void print_field(const char *label, const devin_value *obj,
                        const char *key) {
  size_t len = 0;
  const char *s =
      devin_value_string(devin_value_get(obj, key, strlen(key)), &len);
  printf("%s%.*s\n", label, s ? (int)len : 1, s ? s : "-");
}

static void on_progress(void *user_data, const devin_value *session) {
  size_t n1 = 0, n2 = 0;
  const char *status =
      devin_value_string(devin_value_get(session, "status", 6), &n1);
  const char *detail =
      devin_value_string(devin_value_get(session, "status_detail", 13), &n2);
  (void)user_data;
  printf("  … %.*s%s%.*s\n", (int)n1, status ? status : "", detail ? "/" : "",
         (int)n2, detail ? detail : "");
}

int main(void) {
  devin_client *client = NULL;
  devin_error *err = NULL;
  devin_response *created = NULL, *done = NULL, *page = NULL;
  devin_pager *pager = NULL;
  devin_client_options opts = DEVIN_CLIENT_OPTIONS_INIT; /* env decides */
  devin_wait_options wait = DEVIN_WAIT_OPTIONS_INIT;
  char session_id[128];
  char params[256];
  const devin_value *session, *prs, *items;
  size_t i, len = 0;
  const char *id;
  int page_no = 0;
  devin_status st;

  opts.user_agent = "devin-c-quickstart/1.0";
  if (devin_client_new(&client, &opts, &err) != DEVIN_OK)
    return fail("devin_client_new", err);
  printf("libdevin %s\n", devin_version());

  /* 1. Create a session. */
  if (devin_call(client, "sessions.create",
                 "{\"prompt\":\"Add a unit test for the date parser\","
                 "\"tags\":[\"quickstart\"]}",
                 0, NULL, &created, &err) != DEVIN_OK)
    return fail("sessions.create", err);
  id = devin_value_string(
      devin_value_get(devin_response_json(created), "session_id", 10), &len);
  if (!id || len >= sizeof session_id) return 1;
  memcpy(session_id, id, len);
  session_id[len] = '\0';
  printf("created %s\n", session_id);
  print_field("  url: ", devin_response_json(created), "url");
  devin_response_free(created);

  /* 2. Wait until Devin is done for now (polling with backoff). */
  wait.timeout = 600;
  wait.on_progress = on_progress;
  if (devin_session_wait(client, session_id, &wait, &done, &err) != DEVIN_OK)
    return fail("devin_session_wait", err);
  session = devin_response_json(done);
  print_field("status: ", session, "status");
  print_field("detail: ", session, "status_detail");
  prs = devin_value_get(session, "pull_requests", 13);
  for (i = 0; i < devin_value_size(prs); ++i)
    print_field("pull request: ", devin_value_at(prs, i), "pr_url");
  devin_response_free(done);

  /* 3. Its messages. */
  snprintf(params, sizeof params, "{\"devin_id\":\"%s\"}", session_id);
  if (devin_pager_new(&pager, client, "sessions.list_messages", params, 0, NULL,
                      &err) != DEVIN_OK)
    return fail("devin_pager_new", err);
  while ((st = devin_pager_next(pager, &page, &err)) == DEVIN_OK) {
    items = devin_response_items(page);
    for (i = 0; i < devin_value_size(items); ++i) {
      const devin_value *m = devin_value_at(items, i);
      size_t n1 = 0, n2 = 0;
      const char *src =
          devin_value_string(devin_value_get(m, "source", 6), &n1);
      const char *text =
          devin_value_string(devin_value_get(m, "message", 7), &n2);
      printf("  [%.*s] %.*s\n", (int)n1, src ? src : "?", (int)n2,
             text ? text : "");
    }
    devin_response_free(page);
  }
  devin_pager_free(pager);
  if (st != DEVIN_E_DONE) return fail("sessions.list_messages", err);

  /* 4. All sessions, page by page. */
  if (devin_pager_new(&pager, client, "sessions.list", "{\"first\":5}", 0, NULL,
                      &err) != DEVIN_OK)
    return fail("devin_pager_new", err);
  while ((st = devin_pager_next(pager, &page, &err)) == DEVIN_OK &&
         page_no < 3) {
    items = devin_response_items(page);
    printf("page %d:\n", ++page_no);
    for (i = 0; i < devin_value_size(items); ++i) {
      const devin_value *s = devin_value_at(items, i);
      size_t n1 = 0, n2 = 0;
      const char *sid =
          devin_value_string(devin_value_get(s, "session_id", 10), &n1);
      const char *stat =
          devin_value_string(devin_value_get(s, "status", 6), &n2);
      printf("  %.*s  %.*s\n", (int)n1, sid ? sid : "", (int)n2,
             stat ? stat : "");
    }
    devin_response_free(page);
  }
  devin_pager_free(pager);
  if (st != DEVIN_OK && st != DEVIN_E_DONE) return fail("sessions.list", err);

  devin_client_free(client);
  return 0;
}
