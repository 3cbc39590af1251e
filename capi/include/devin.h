/*
 * devin.h — the stable C ABI of libdevin, a client for the Devin REST API v3.
 *
 * This is the only public header of the project. Bindings (Python, Node.js)
 * and FFI users include nothing else.
 *
 * Conventions (see docs/conventions.md):
 *  - Every name starts with `devin_` (functions, types) or `DEVIN_` (macros).
 *  - Handles are opaque. Each has a `_new` (or is returned by a call) and a
 *    `_free`; every `_free(NULL)` is a no-op.
 *  - Functions that can fail return `devin_status`. On failure they may store
 *    a newly allocated error object in `*err` (when `err` is not NULL); the
 *    caller owns it and frees it with `devin_error_free`. There is no
 *    thread-local "last error".
 *  - Output parameters are named `out`; on failure `*out` is left NULL.
 *  - Strings are UTF-8 and come with explicit lengths where they are outputs.
 *    Input strings are NUL-terminated unless a length is passed.
 *  - "Borrowed" pointers stay valid until the object they were read from is
 *    freed; never free them. "Owned" results must be freed by the caller with
 *    the function named in the comment.
 *  - Every input is copied at submit time: only `user_data` must outlive an
 *    asynchronous call.
 *  - No C++ exception ever crosses this boundary.
 *
 * Threading (see docs/threading.md): a client owns one I/O thread. Every
 * function may be called from any thread, concurrently. Completion, log and
 * progress callbacks run on the client's I/O thread; a synchronous call or
 * `devin_client_close` made from inside such a callback returns
 * DEVIN_E_INVALID_ARGUMENT instead of deadlocking.
 */
#ifndef DEVIN_H
#define DEVIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#if defined(DEVIN_BUILDING)
#define DEVIN_API __declspec(dllexport)
#else
#define DEVIN_API
#endif
#else
#define DEVIN_API __attribute__((visibility("default")))
#endif

/* ------------------------------------------------------------------------ */
/* Versions                                                                  */
/* ------------------------------------------------------------------------ */

/** ABI version of this header. Incremented on any incompatible change. */
#define DEVIN_ABI_VERSION 1

/** libdevin's version string, e.g. "0.1.0". Static storage; never free. */
DEVIN_API const char *devin_version(void);

/** ABI version the loaded library was built with. A binding compares it with
 *  DEVIN_ABI_VERSION when it loads and refuses to run on a mismatch. */
DEVIN_API int devin_abi_version(void);

/* ------------------------------------------------------------------------ */
/* Status codes and errors                                                   */
/* ------------------------------------------------------------------------ */

/** Result of every fallible function. One code per error kind of
 *  docs/errors.md; the same kinds exist as exceptions in every binding. */
typedef enum devin_status {
  DEVIN_OK = 0,
  DEVIN_E_BAD_REQUEST = 1,       /* HTTP 400 */
  DEVIN_E_AUTHENTICATION = 2,    /* HTTP 401, or a key refused locally */
  DEVIN_E_PERMISSION_DENIED = 3, /* HTTP 403 */
  DEVIN_E_NOT_FOUND = 4,         /* HTTP 404 */
  DEVIN_E_CONFLICT = 5,          /* HTTP 409 */
  DEVIN_E_UNPROCESSABLE = 6,     /* HTTP 422 */
  DEVIN_E_RATE_LIMITED = 7,      /* HTTP 429 */
  DEVIN_E_SERVER = 8,            /* HTTP >= 500 */
  DEVIN_E_API_STATUS = 9,        /* any other non-2xx HTTP status */
  DEVIN_E_TIMEOUT = 10,          /* deadline, attempt, connect or stall */
  DEVIN_E_CONNECTION = 11,       /* DNS, TCP, TLS, reset, truncated body */
  DEVIN_E_CANCELLED = 12,        /* cancel token, client close, fork */
  DEVIN_E_INVALID_ARGUMENT = 13, /* caller error; no request was sent */
  DEVIN_E_DECODE = 14,           /* response body is not what was expected */
  DEVIN_E_DONE = 15              /* not an error: a pager has no more pages */
} devin_status;

/** Stable lowercase name of a status: "ok", "bad_request", "authentication",
 *  "permission_denied", "not_found", "conflict", "unprocessable",
 *  "rate_limited", "server", "api_status", "timeout", "connection",
 *  "cancelled", "invalid_argument", "decode", "done". Static; never free. */
DEVIN_API const char *devin_status_name(devin_status status);

/** An error. Owned by whoever received it; free with devin_error_free. */
typedef struct devin_error devin_error;

DEVIN_API void devin_error_free(devin_error *err);
DEVIN_API devin_status devin_error_code(const devin_error *err);
/** Human-readable message (never contains the API key). Borrowed. */
DEVIN_API const char *devin_error_message(const devin_error *err);
/** HTTP status, or 0 when no response was received. */
DEVIN_API int devin_error_http_status(const devin_error *err);
/** HTTP method and path (without query) of the failed request, or NULL. */
DEVIN_API const char *devin_error_method(const devin_error *err);
DEVIN_API const char *devin_error_path(const devin_error *err);
/** Request id (from the `x-request-id` response header), or NULL. */
DEVIN_API const char *devin_error_request_id(const devin_error *err);
/** Seconds the server asked to wait (Retry-After / retry-after-ms), or a
 *  negative number when it did not say. */
DEVIN_API double devin_error_retry_after(const devin_error *err);
/** Retries taken before the error was returned. */
DEVIN_API int devin_error_retries(const devin_error *err);
/** RFC 9457 problem fields ("type", "title", "detail", "instance"), or NULL
 *  when absent. For a legacy FastAPI body, "detail" is its joined messages. */
DEVIN_API const char *devin_error_problem_field(const devin_error *err,
                                                const char *name);
typedef struct devin_value devin_value;
/** Parsed error body, or NULL when the body was empty or not JSON. Borrowed.
 *  Field errors are in its "errors" (RFC 9457) or "detail" (legacy) array. */
DEVIN_API const devin_value *devin_error_body_json(const devin_error *err);
/** Raw response body (bounded to 64 KiB), possibly empty. Borrowed. */
DEVIN_API const char *devin_error_body(const devin_error *err, size_t *len);
/** Response headers of the failed request (0 when none were received). */
DEVIN_API size_t devin_error_header_count(const devin_error *err);
DEVIN_API int devin_error_header_at(const devin_error *err, size_t index,
                                    const char **name, const char **value);

/* ------------------------------------------------------------------------ */
/* Parsed JSON values (read-only views over a parsed document)               */
/* ------------------------------------------------------------------------ */

typedef enum devin_value_type {
  DEVIN_VALUE_NULL = 0,
  DEVIN_VALUE_BOOL = 1,
  DEVIN_VALUE_INT = 2, /* fits in int64_t */
  DEVIN_VALUE_DOUBLE = 3,
  DEVIN_VALUE_STRING = 4,
  DEVIN_VALUE_ARRAY = 5,
  DEVIN_VALUE_OBJECT = 6
} devin_value_type;

/* All devin_value pointers are borrowed from the response, error or pager
 * that produced them and stay valid until that object is freed. Calling an
 * accessor with a value of another type returns a neutral result (0, NULL,
 * false) and never crashes; NULL values are accepted everywhere. */
DEVIN_API devin_value_type devin_value_type_of(const devin_value *v);
DEVIN_API int devin_value_is_null(const devin_value *v);
DEVIN_API int devin_value_bool(const devin_value *v);
DEVIN_API int64_t devin_value_int(const devin_value *v);
/** Numeric value as double (ints are converted). */
DEVIN_API double devin_value_double(const devin_value *v);
/** String bytes (not NUL-terminated in general; use `len`). */
DEVIN_API const char *devin_value_string(const devin_value *v, size_t *len);
/** Number of elements (array) or members (object); 0 otherwise. */
DEVIN_API size_t devin_value_size(const devin_value *v);
/** Array element by index, or NULL. Walking an array in order costs O(1)
 *  per step (per thread); jumping to an arbitrary index is O(index). */
DEVIN_API const devin_value *devin_value_at(const devin_value *v, size_t i);
/** Object member by key, or NULL when absent. */
DEVIN_API const devin_value *devin_value_get(const devin_value *v,
                                             const char *key, size_t key_len);
/** Object member by index (document order): key and value. NULL if out of
 *  range. */
DEVIN_API const devin_value *devin_value_member_at(const devin_value *v,
                                                   size_t i, const char **key,
                                                   size_t *key_len);
/** Minified JSON text of any value. Borrowed; stays valid with the value. */
DEVIN_API const char *devin_value_json(const devin_value *v, size_t *len);

/* ------------------------------------------------------------------------ */
/* Logging                                                                    */
/* ------------------------------------------------------------------------ */

typedef enum devin_log_level {
  DEVIN_LOG_DEBUG = 10,
  DEVIN_LOG_INFO = 20,
  DEVIN_LOG_WARN = 30,
  DEVIN_LOG_ERROR = 40,
  DEVIN_LOG_OFF = 100
} devin_log_level;

/** Log sink. `message` is borrowed for the duration of the call and never
 *  contains the API key, an Authorization header or a secret value. Called
 *  on the I/O thread or on the calling thread. */
typedef void (*devin_log_fn)(void *user_data, devin_log_level level,
                             const char *message, size_t len);

/* ------------------------------------------------------------------------ */
/* Client                                                                     */
/* ------------------------------------------------------------------------ */

typedef struct devin_client devin_client;

#define DEVIN_CLIENT_OPTIONS_VERSION 1

/** Client options. Initialise with DEVIN_CLIENT_OPTIONS_INIT or
 *  devin_client_options_init, then set what you need. NULL strings and
 *  negative numbers mean "default". All strings are copied. */
typedef struct devin_client_options {
  unsigned int version; /* DEVIN_CLIENT_OPTIONS_VERSION */
  /** Service-user credential (`cog_…`). Default: env DEVIN_API_KEY. */
  const char *api_key;
  /** Organization id. Default: env DEVIN_ORG_ID, else discovered once via
   *  GET /v3/self the first time an organization call needs it. */
  const char *org_id;
  /** Default: env DEVIN_BASE_URL, else "https://api.devin.ai". */
  const char *base_url;
  /** Seconds. connect (default 10), per attempt (default 60), total
   *  deadline across attempts and backoff (default 300), stall: no byte
   *  received for this long (default 30). 0 disables a limit. */
  double connect_timeout;
  double attempt_timeout;
  double timeout;
  double stall_timeout;
  /** Retries after the first attempt (default 2; 0 disables). */
  int max_retries;
  /** Proxy URL. Default: the HTTPS_PROXY / HTTP_PROXY / NO_PROXY env. */
  const char *proxy;
  /** Trusted CAs: a PEM bundle file, or a directory of hashed
   *  certificates. Default: SSL_CERT_FILE / SSL_CERT_DIR / CURL_CA_BUNDLE,
   *  else the first existing system bundle (Debian/Ubuntu, RHEL/Fedora/
   *  Amazon, openSUSE, Alpine layouts), else a hashed directory; the debug
   *  log names the choice. Verification is never switched off. */
  const char *ca_bundle;
  /** Non-zero allows plain http:// to hosts other than loopback. */
  int allow_insecure_http;
  /** Extra headers sent with every request, as `count` "Name: value"
   *  strings. Authorization and User-Agent cannot be set this way. */
  const char *const *default_headers;
  size_t default_headers_count;
  /** Prepended to the User-Agent, e.g. "devin-python/0.1.0 CPython/3.11". */
  const char *user_agent;
  /** Log sink and level. Default level: env DEVIN_LOG (debug|info|warn|
   *  error|off), else warn; without a sink, lines go to stderr only when
   *  DEVIN_LOG is set. */
  devin_log_fn log_fn;
  void *log_user_data;
  int log_level; /* a devin_log_level, or -1 for the default */
} devin_client_options;

#define DEVIN_CLIENT_OPTIONS_INIT                                           \
  {                                                                         \
    DEVIN_CLIENT_OPTIONS_VERSION, NULL, NULL, NULL, -1.0, -1.0, -1.0, -1.0, \
        -1, NULL, NULL, 0, NULL, 0, NULL, NULL, NULL, -1                    \
  }

/** Fills `opts` with defaults for the given struct version. */
DEVIN_API devin_status devin_client_options_init(devin_client_options *opts,
                                                 unsigned int version);

/** Creates a client and starts its I/O thread. `opts` may be NULL (all
 *  defaults). Fails with DEVIN_E_AUTHENTICATION for a missing or legacy
 *  (`apk_`) key and DEVIN_E_INVALID_ARGUMENT for a bad option. */
DEVIN_API devin_status devin_client_new(devin_client **out,
                                        const devin_client_options *opts,
                                        devin_error **err);

/** Cancels every queued and in-flight call (their callbacks fire with
 *  DEVIN_E_CANCELLED) and returns once the I/O thread is idle. Further calls
 *  fail with DEVIN_E_CANCELLED. Idempotent. */
DEVIN_API devin_status devin_client_close(devin_client *client,
                                          devin_error **err);

/** Closes (if needed) and frees the client. Must not be called from a
 *  callback of this client. */
DEVIN_API void devin_client_free(devin_client *client);

/** The organization id the client uses (configured or discovered), or NULL
 *  when not known yet. Owned: free with devin_string_free. */
DEVIN_API char *devin_client_org_id(devin_client *client);

/** Base URL the client talks to. Owned: free with devin_string_free. */
DEVIN_API char *devin_client_base_url(devin_client *client);

/** Frees a string returned as "owned" by this API. */
DEVIN_API void devin_string_free(char *s);

/** Call in the child process after fork(). Every client inherited from the
 *  parent drops its connections and I/O thread (without touching the
 *  parent's sockets) and starts afresh on its next call; calls that were in
 *  flight in the parent complete with DEVIN_E_CANCELLED in the child. */
DEVIN_API void devin_after_fork_child(void);

/* ------------------------------------------------------------------------ */
/* Cancellation                                                               */
/* ------------------------------------------------------------------------ */

typedef struct devin_cancel devin_cancel;

DEVIN_API devin_status devin_cancel_new(devin_cancel **out);
/** Cancels every call that uses this token, now and later. Thread-safe;
 *  may be called from a callback. */
DEVIN_API void devin_cancel_trigger(devin_cancel *token);
DEVIN_API int devin_cancel_is_triggered(const devin_cancel *token);
/** Frees the caller's reference; calls still using the token keep it alive.*/
DEVIN_API void devin_cancel_free(devin_cancel *token);

/* ------------------------------------------------------------------------ */
/* Calls                                                                      */
/* ------------------------------------------------------------------------ */

#define DEVIN_CALL_OPTIONS_VERSION 1

/** Per-call overrides. NULL means all defaults. */
typedef struct devin_call_options {
  unsigned int version; /* DEVIN_CALL_OPTIONS_VERSION */
  double timeout;       /* total deadline in seconds; <0 = client default */
  int max_retries;      /* <0 = client default */
  /** Extra headers for this call, "Name: value". */
  const char *const *headers;
  size_t headers_count;
  /** Cancellation token, or NULL. */
  devin_cancel *cancel;
  /** Multipart upload (operations whose body is multipart/form-data): the
   *  file part comes from `upload_path` or from `upload_data`/`upload_len`
   *  (copied), named `upload_filename`, of type `upload_content_type`. */
  const char *upload_path;
  const void *upload_data;
  size_t upload_len;
  const char *upload_filename;
  const char *upload_content_type;
  /** Non-zero: keep a JSON body as bytes only (devin_response_body) and
   *  skip building the parsed document, for callers that decode it
   *  themselves (e.g. with V8's JSON.parse). The body is still checked to be
   *  JSON; devin_response_json and devin_response_items return NULL; pagers
   *  still follow their cursor. */
  int skip_json;
} devin_call_options;

#define DEVIN_CALL_OPTIONS_INIT                                               \
  {                                                                           \
    DEVIN_CALL_OPTIONS_VERSION, -1.0, -1, NULL, 0, NULL, NULL, NULL, 0, NULL, \
        NULL, 0                                                               \
  }

DEVIN_API devin_status devin_call_options_init(devin_call_options *opts,
                                               unsigned int version);

/** A successful response. Owned; free with devin_response_free. */
typedef struct devin_response devin_response;

DEVIN_API void devin_response_free(devin_response *resp);
DEVIN_API int devin_response_status(const devin_response *resp);
/** Parsed JSON body (borrowed), or NULL for an empty or non-JSON body. */
DEVIN_API const devin_value *devin_response_json(const devin_response *resp);
/** Raw body bytes (borrowed); for downloads, the file contents. */
DEVIN_API const char *devin_response_body(const devin_response *resp,
                                          size_t *len);
DEVIN_API size_t devin_response_header_count(const devin_response *resp);
/** Header by index (names lowercase). Returns 0 when out of range. */
DEVIN_API int devin_response_header_at(const devin_response *resp, size_t index,
                                       const char **name, const char **value);
/** First header with this (case-insensitive) name, or NULL. Borrowed. */
DEVIN_API const char *devin_response_header(const devin_response *resp,
                                            const char *name);
/** `x-request-id` of the response, or NULL. Borrowed. */
DEVIN_API const char *devin_response_request_id(const devin_response *resp);
/** Seconds from the first attempt to the last byte, backoff included. */
DEVIN_API double devin_response_elapsed(const devin_response *resp);
DEVIN_API int devin_response_retries(const devin_response *resp);
/** For list operations: the array of items in this page (envelope `items`,
 *  `{data}`, or a bare array), whatever the pagination form. Borrowed. */
DEVIN_API const devin_value *devin_response_items(const devin_response *resp);

/** Completion callback of an asynchronous call: called exactly once per
 *  accepted call, on the client's I/O thread, never inside the submit
 *  function. Exactly one of `resp` and `err` is non-NULL; ownership of it
 *  passes to the callback (free with devin_response_free/devin_error_free).*/
typedef void (*devin_complete_fn)(void *user_data, devin_response *resp,
                                  devin_error *err);

/** Calls an operation of the API description by id (for example
 *  "sessions.create", "sessions.get", "enterprise.audit_logs.list"; the full
 *  list is docs/operations.md; devin_operation_* enumerate it).
 *
 *  `params_json` is a JSON object (or NULL/empty for none) holding path,
 *  query and body parameters by name, flat; the operation's description says
 *  which is which. Array query values are sent as repeated keys. `org_id`
 *  for organization paths defaults to the client's. Members that are not a
 *  path or query parameter go to the JSON body (operations without a body
 *  reject them with DEVIN_E_INVALID_ARGUMENT). A member named "body" whose
 *  value is an object, when the operation has no such body field, is used
 *  as the whole request body.
 *
 *  Synchronous: blocks until done and stores the response in `*out`. */
DEVIN_API devin_status devin_call(devin_client *client, const char *operation,
                                  const char *params_json, size_t params_len,
                                  const devin_call_options *opts,
                                  devin_response **out, devin_error **err);

/** Asynchronous twin of devin_call. Returns DEVIN_OK when the call was
 *  accepted (the callback will run exactly once); any other status means it
 *  was refused, the callback will not run and `*err` says why. */
DEVIN_API devin_status devin_call_async(
    devin_client *client, const char *operation, const char *params_json,
    size_t params_len, const devin_call_options *opts,
    devin_complete_fn on_complete, void *user_data, devin_error **err);

/** Raw request for endpoints the description lacks, with the same auth,
 *  retries, errors and logging. `path` starts with "/" and may contain
 *  `{org_id}` (filled from the client). `query_json` is a JSON object (or
 *  NULL); `body`/`body_len` is sent as is with `content_type` (default
 *  application/json when a body is given). */
DEVIN_API devin_status devin_request(devin_client *client, const char *method,
                                     const char *path, const char *query_json,
                                     const char *body, size_t body_len,
                                     const char *content_type,
                                     const devin_call_options *opts,
                                     devin_response **out, devin_error **err);

DEVIN_API devin_status devin_request_async(
    devin_client *client, const char *method, const char *path,
    const char *query_json, const char *body, size_t body_len,
    const char *content_type, const devin_call_options *opts,
    devin_complete_fn on_complete, void *user_data, devin_error **err);

/* ------------------------------------------------------------------------ */
/* Pagination                                                                 */
/* ------------------------------------------------------------------------ */

/** Iterates the pages of a list operation (cursor `first`/`after`, offset
 *  `limit`/`offset`, bare array or `{data}`: taken from the description). */
typedef struct devin_pager devin_pager;

/** Creates a pager; no request is sent yet. `params_json` as for devin_call;
 *  an `after` (cursor form) or `offset` (offset form) in it resumes there.
 *  `opts` is copied (its cancel token is shared). */
DEVIN_API devin_status devin_pager_new(devin_pager **out, devin_client *client,
                                       const char *operation,
                                       const char *params_json,
                                       size_t params_len,
                                       const devin_call_options *opts,
                                       devin_error **err);
DEVIN_API void devin_pager_free(devin_pager *pager);

/** Fetches the next page. Returns DEVIN_OK with the page in `*out`
 *  (devin_response_items gives its items), DEVIN_E_DONE when there are no
 *  more pages, or an error. */
DEVIN_API devin_status devin_pager_next(devin_pager *pager,
                                        devin_response **out,
                                        devin_error **err);

/** Asynchronous twin: `on_complete` gets the page, or an error whose code is
 *  DEVIN_E_DONE at the end. One fetch at a time per pager. */
DEVIN_API devin_status devin_pager_next_async(devin_pager *pager,
                                              devin_complete_fn on_complete,
                                              void *user_data,
                                              devin_error **err);

/** Non-zero while another page may follow. */
DEVIN_API int devin_pager_has_more(const devin_pager *pager);

/** Resume position of the next page: the cursor (cursor form) or the offset
 *  as decimal text (offset form); NULL at the start or when the form cannot
 *  resume. Owned: free with devin_string_free. Pass it back as `after` /
 *  `offset` to continue later. */
DEVIN_API char *devin_pager_cursor(const devin_pager *pager);

/* ------------------------------------------------------------------------ */
/* Waiting for a session                                                      */
/* ------------------------------------------------------------------------ */

/** When a waiter stops (the one definition every binding uses). */
typedef enum devin_wait_until {
  /** status exit/error/suspended, or running with status_detail finished,
   *  waiting_for_user or waiting_for_approval. */
  DEVIN_WAIT_IDLE = 0,
  /** status exit, error or suspended only. */
  DEVIN_WAIT_TERMINAL = 1
} devin_wait_until;

/** Non-zero when `session` (a SessionResponse object) is done for `until`.*/
DEVIN_API int devin_session_is_done(const devin_value *session,
                                    devin_wait_until until);

/** Seconds to sleep before poll number `attempt` (0-based): exponential from
 *  1 s by 1.5x to a 10 s cap, with ±10% jitter. */
DEVIN_API double devin_wait_delay(unsigned int attempt);

#define DEVIN_WAIT_OPTIONS_VERSION 1

/** Called on the I/O thread with every polled session (borrowed). */
typedef void (*devin_progress_fn)(void *user_data, const devin_value *session);

typedef struct devin_wait_options {
  unsigned int version;   /* DEVIN_WAIT_OPTIONS_VERSION */
  devin_wait_until until; /* default DEVIN_WAIT_IDLE */
  double timeout;         /* seconds for the whole wait; <=0 = no limit */
  const char *org_id;     /* NULL = the client's */
  devin_cancel *cancel;   /* or NULL */
  devin_progress_fn on_progress;
  void *progress_user_data;
} devin_wait_options;

#define DEVIN_WAIT_OPTIONS_INIT \
  { DEVIN_WAIT_OPTIONS_VERSION, DEVIN_WAIT_IDLE, 0.0, NULL, NULL, NULL, NULL }

DEVIN_API devin_status devin_wait_options_init(devin_wait_options *opts,
                                               unsigned int version);

/** Polls `sessions.get` with devin_wait_delay backoff until the session is
 *  done; the last response is returned in `*out`. Errors of a poll are
 *  returned as they are (after the call's own retries); the wait's timeout
 *  gives DEVIN_E_TIMEOUT. */
DEVIN_API devin_status devin_session_wait(devin_client *client,
                                          const char *session_id,
                                          const devin_wait_options *opts,
                                          devin_response **out,
                                          devin_error **err);

DEVIN_API devin_status devin_session_wait_async(devin_client *client,
                                                const char *session_id,
                                                const devin_wait_options *opts,
                                                devin_complete_fn on_complete,
                                                void *user_data,
                                                devin_error **err);

/* ------------------------------------------------------------------------ */
/* The operation table (introspection)                                        */
/* ------------------------------------------------------------------------ */

/** Number of operations in the built-in API description. */
DEVIN_API size_t devin_operation_count(void);
/** Operation id at index `i` ("sessions.create"), or NULL. Static. */
DEVIN_API const char *devin_operation_id(size_t i);
/** HTTP method and path template of an operation id, or NULL. Static. */
DEVIN_API const char *devin_operation_method(const char *operation);
DEVIN_API const char *devin_operation_path(const char *operation);

#ifdef __cplusplus
}
#endif

#endif /* DEVIN_H */
