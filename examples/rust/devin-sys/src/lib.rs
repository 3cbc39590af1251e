//! Raw declarations of libdevin's C ABI, written by hand from `devin.h`
//! (ABI version 1). Every function is `unsafe`; the rules of each one
//! (ownership, borrowed pointers, threads) are those of `devin.h`.
//!
//! C enums are plain `c_int`s with constants, so a value this crate does
//! not know yet cannot become undefined behaviour.
#![allow(non_camel_case_types)]

use std::os::raw::{c_char, c_double, c_int, c_uint, c_void};

/// `DEVIN_ABI_VERSION` these declarations were written for.
pub const DEVIN_ABI_VERSION: c_int = 1;

pub type devin_status = c_int;
pub const DEVIN_OK: devin_status = 0;
pub const DEVIN_E_BAD_REQUEST: devin_status = 1;
pub const DEVIN_E_AUTHENTICATION: devin_status = 2;
pub const DEVIN_E_PERMISSION_DENIED: devin_status = 3;
pub const DEVIN_E_NOT_FOUND: devin_status = 4;
pub const DEVIN_E_CONFLICT: devin_status = 5;
pub const DEVIN_E_UNPROCESSABLE: devin_status = 6;
pub const DEVIN_E_RATE_LIMITED: devin_status = 7;
pub const DEVIN_E_SERVER: devin_status = 8;
pub const DEVIN_E_API_STATUS: devin_status = 9;
pub const DEVIN_E_TIMEOUT: devin_status = 10;
pub const DEVIN_E_CONNECTION: devin_status = 11;
pub const DEVIN_E_CANCELLED: devin_status = 12;
pub const DEVIN_E_INVALID_ARGUMENT: devin_status = 13;
pub const DEVIN_E_DECODE: devin_status = 14;
pub const DEVIN_E_DONE: devin_status = 15;

pub type devin_value_type = c_int;
pub const DEVIN_VALUE_NULL: devin_value_type = 0;
pub const DEVIN_VALUE_BOOL: devin_value_type = 1;
pub const DEVIN_VALUE_INT: devin_value_type = 2;
pub const DEVIN_VALUE_DOUBLE: devin_value_type = 3;
pub const DEVIN_VALUE_STRING: devin_value_type = 4;
pub const DEVIN_VALUE_ARRAY: devin_value_type = 5;
pub const DEVIN_VALUE_OBJECT: devin_value_type = 6;

pub type devin_log_level = c_int;
pub const DEVIN_LOG_DEBUG: devin_log_level = 10;
pub const DEVIN_LOG_INFO: devin_log_level = 20;
pub const DEVIN_LOG_WARN: devin_log_level = 30;
pub const DEVIN_LOG_ERROR: devin_log_level = 40;
pub const DEVIN_LOG_OFF: devin_log_level = 100;

pub type devin_wait_until = c_int;
pub const DEVIN_WAIT_IDLE: devin_wait_until = 0;
pub const DEVIN_WAIT_TERMINAL: devin_wait_until = 1;

/// Opaque handles.
#[repr(C)]
pub struct devin_error {
    _private: [u8; 0],
}
#[repr(C)]
pub struct devin_value {
    _private: [u8; 0],
}
#[repr(C)]
pub struct devin_client {
    _private: [u8; 0],
}
#[repr(C)]
pub struct devin_cancel {
    _private: [u8; 0],
}
#[repr(C)]
pub struct devin_response {
    _private: [u8; 0],
}
#[repr(C)]
pub struct devin_pager {
    _private: [u8; 0],
}

pub type devin_log_fn =
    Option<unsafe extern "C" fn(user_data: *mut c_void, level: devin_log_level, message: *const c_char, len: usize)>;
pub type devin_complete_fn =
    Option<unsafe extern "C" fn(user_data: *mut c_void, resp: *mut devin_response, err: *mut devin_error)>;
pub type devin_progress_fn = Option<unsafe extern "C" fn(user_data: *mut c_void, session: *const devin_value)>;

pub const DEVIN_CLIENT_OPTIONS_VERSION: c_uint = 1;
/// Fill with `devin_client_options_init` before setting fields.
#[repr(C)]
pub struct devin_client_options {
    pub version: c_uint,
    pub api_key: *const c_char,
    pub org_id: *const c_char,
    pub base_url: *const c_char,
    pub connect_timeout: c_double,
    pub attempt_timeout: c_double,
    pub timeout: c_double,
    pub stall_timeout: c_double,
    pub max_retries: c_int,
    pub proxy: *const c_char,
    pub ca_bundle: *const c_char,
    pub allow_insecure_http: c_int,
    pub default_headers: *const *const c_char,
    pub default_headers_count: usize,
    pub user_agent: *const c_char,
    pub log_fn: devin_log_fn,
    pub log_user_data: *mut c_void,
    pub log_level: c_int,
}

pub const DEVIN_CALL_OPTIONS_VERSION: c_uint = 1;
#[repr(C)]
pub struct devin_call_options {
    pub version: c_uint,
    pub timeout: c_double,
    pub max_retries: c_int,
    pub headers: *const *const c_char,
    pub headers_count: usize,
    pub cancel: *mut devin_cancel,
    pub upload_path: *const c_char,
    pub upload_data: *const c_void,
    pub upload_len: usize,
    pub upload_filename: *const c_char,
    pub upload_content_type: *const c_char,
    pub skip_json: c_int,
}

pub const DEVIN_WAIT_OPTIONS_VERSION: c_uint = 1;
#[repr(C)]
pub struct devin_wait_options {
    pub version: c_uint,
    pub until: devin_wait_until,
    pub timeout: c_double,
    pub org_id: *const c_char,
    pub cancel: *mut devin_cancel,
    pub on_progress: devin_progress_fn,
    pub progress_user_data: *mut c_void,
}

extern "C" {
    // Version
    pub fn devin_version() -> *const c_char;
    pub fn devin_abi_version() -> c_int;

    // Status codes and errors
    pub fn devin_status_name(status: devin_status) -> *const c_char;
    pub fn devin_error_free(err: *mut devin_error);
    pub fn devin_error_code(err: *const devin_error) -> devin_status;
    pub fn devin_error_message(err: *const devin_error) -> *const c_char;
    pub fn devin_error_http_status(err: *const devin_error) -> c_int;
    pub fn devin_error_method(err: *const devin_error) -> *const c_char;
    pub fn devin_error_path(err: *const devin_error) -> *const c_char;
    pub fn devin_error_request_id(err: *const devin_error) -> *const c_char;
    pub fn devin_error_retry_after(err: *const devin_error) -> c_double;
    pub fn devin_error_retries(err: *const devin_error) -> c_int;
    pub fn devin_error_problem_field(err: *const devin_error, name: *const c_char) -> *const c_char;
    pub fn devin_error_body_json(err: *const devin_error) -> *const devin_value;
    pub fn devin_error_body(err: *const devin_error, len: *mut usize) -> *const c_char;
    pub fn devin_error_header_count(err: *const devin_error) -> usize;
    pub fn devin_error_header_at(
        err: *const devin_error,
        index: usize,
        name: *mut *const c_char,
        value: *mut *const c_char,
    ) -> c_int;

    // Parsed JSON values
    pub fn devin_value_type_of(v: *const devin_value) -> devin_value_type;
    pub fn devin_value_is_null(v: *const devin_value) -> c_int;
    pub fn devin_value_bool(v: *const devin_value) -> c_int;
    pub fn devin_value_int(v: *const devin_value) -> i64;
    pub fn devin_value_double(v: *const devin_value) -> c_double;
    pub fn devin_value_string(v: *const devin_value, len: *mut usize) -> *const c_char;
    pub fn devin_value_size(v: *const devin_value) -> usize;
    pub fn devin_value_at(v: *const devin_value, i: usize) -> *const devin_value;
    pub fn devin_value_get(v: *const devin_value, key: *const c_char, key_len: usize) -> *const devin_value;
    pub fn devin_value_member_at(
        v: *const devin_value,
        i: usize,
        key: *mut *const c_char,
        key_len: *mut usize,
    ) -> *const devin_value;
    pub fn devin_value_json(v: *const devin_value, len: *mut usize) -> *const c_char;

    // Client
    pub fn devin_client_options_init(opts: *mut devin_client_options, version: c_uint) -> devin_status;
    pub fn devin_client_new(
        out: *mut *mut devin_client,
        opts: *const devin_client_options,
        err: *mut *mut devin_error,
    ) -> devin_status;
    pub fn devin_client_close(client: *mut devin_client, err: *mut *mut devin_error) -> devin_status;
    pub fn devin_client_free(client: *mut devin_client);
    pub fn devin_client_org_id(client: *mut devin_client) -> *mut c_char;
    pub fn devin_client_base_url(client: *mut devin_client) -> *mut c_char;
    pub fn devin_string_free(s: *mut c_char);
    pub fn devin_after_fork_child();

    // Cancellation
    pub fn devin_cancel_new(out: *mut *mut devin_cancel) -> devin_status;
    pub fn devin_cancel_trigger(token: *mut devin_cancel);
    pub fn devin_cancel_is_triggered(token: *const devin_cancel) -> c_int;
    pub fn devin_cancel_free(token: *mut devin_cancel);

    // Calls and responses
    pub fn devin_call_options_init(opts: *mut devin_call_options, version: c_uint) -> devin_status;
    pub fn devin_response_free(resp: *mut devin_response);
    pub fn devin_response_status(resp: *const devin_response) -> c_int;
    pub fn devin_response_json(resp: *const devin_response) -> *const devin_value;
    pub fn devin_response_body(resp: *const devin_response, len: *mut usize) -> *const c_char;
    pub fn devin_response_header_count(resp: *const devin_response) -> usize;
    pub fn devin_response_header_at(
        resp: *const devin_response,
        index: usize,
        name: *mut *const c_char,
        value: *mut *const c_char,
    ) -> c_int;
    pub fn devin_response_header(resp: *const devin_response, name: *const c_char) -> *const c_char;
    pub fn devin_response_request_id(resp: *const devin_response) -> *const c_char;
    pub fn devin_response_elapsed(resp: *const devin_response) -> c_double;
    pub fn devin_response_retries(resp: *const devin_response) -> c_int;
    pub fn devin_response_items(resp: *const devin_response) -> *const devin_value;
    pub fn devin_call(
        client: *mut devin_client,
        operation: *const c_char,
        params_json: *const c_char,
        params_len: usize,
        opts: *const devin_call_options,
        out: *mut *mut devin_response,
        err: *mut *mut devin_error,
    ) -> devin_status;
    pub fn devin_call_async(
        client: *mut devin_client,
        operation: *const c_char,
        params_json: *const c_char,
        params_len: usize,
        opts: *const devin_call_options,
        on_complete: devin_complete_fn,
        user_data: *mut c_void,
        err: *mut *mut devin_error,
    ) -> devin_status;
    pub fn devin_request(
        client: *mut devin_client,
        method: *const c_char,
        path: *const c_char,
        query_json: *const c_char,
        body: *const c_char,
        body_len: usize,
        content_type: *const c_char,
        opts: *const devin_call_options,
        out: *mut *mut devin_response,
        err: *mut *mut devin_error,
    ) -> devin_status;
    pub fn devin_request_async(
        client: *mut devin_client,
        method: *const c_char,
        path: *const c_char,
        query_json: *const c_char,
        body: *const c_char,
        body_len: usize,
        content_type: *const c_char,
        opts: *const devin_call_options,
        on_complete: devin_complete_fn,
        user_data: *mut c_void,
        err: *mut *mut devin_error,
    ) -> devin_status;

    // Pagination
    pub fn devin_pager_new(
        out: *mut *mut devin_pager,
        client: *mut devin_client,
        operation: *const c_char,
        params_json: *const c_char,
        params_len: usize,
        opts: *const devin_call_options,
        err: *mut *mut devin_error,
    ) -> devin_status;
    pub fn devin_pager_free(pager: *mut devin_pager);
    pub fn devin_pager_next(
        pager: *mut devin_pager,
        out: *mut *mut devin_response,
        err: *mut *mut devin_error,
    ) -> devin_status;
    pub fn devin_pager_next_async(
        pager: *mut devin_pager,
        on_complete: devin_complete_fn,
        user_data: *mut c_void,
        err: *mut *mut devin_error,
    ) -> devin_status;
    pub fn devin_pager_has_more(pager: *const devin_pager) -> c_int;
    pub fn devin_pager_cursor(pager: *const devin_pager) -> *mut c_char;

    // Waiting for a session
    pub fn devin_session_is_done(session: *const devin_value, until: devin_wait_until) -> c_int;
    pub fn devin_wait_delay(attempt: c_uint) -> c_double;
    pub fn devin_wait_options_init(opts: *mut devin_wait_options, version: c_uint) -> devin_status;
    pub fn devin_session_wait(
        client: *mut devin_client,
        session_id: *const c_char,
        opts: *const devin_wait_options,
        out: *mut *mut devin_response,
        err: *mut *mut devin_error,
    ) -> devin_status;
    pub fn devin_session_wait_async(
        client: *mut devin_client,
        session_id: *const c_char,
        opts: *const devin_wait_options,
        on_complete: devin_complete_fn,
        user_data: *mut c_void,
        err: *mut *mut devin_error,
    ) -> devin_status;

    // The operation table
    pub fn devin_operation_count() -> usize;
    pub fn devin_operation_id(i: usize) -> *const c_char;
    pub fn devin_operation_method(operation: *const c_char) -> *const c_char;
    pub fn devin_operation_path(operation: *const c_char) -> *const c_char;
}
