//! Prints the size and field offsets of the option structs as Rust lays
//! them out; tools/scripts/test-ffi.sh compares this with the C compiler's
//! view of devin.h (tests/install/layout.c), so a field added to devin.h
//! and missed here fails the test.
use devin_sys::*;
use std::mem::{offset_of, size_of};

macro_rules! layout {
    ($t:ident { $($f:ident),* }) => {
        println!("{} {}", stringify!($t), size_of::<$t>());
        $(println!("{}.{} {}", stringify!($t), stringify!($f), offset_of!($t, $f));)*
    };
}

fn main() {
    layout!(devin_client_options {
        version,
        api_key,
        org_id,
        base_url,
        connect_timeout,
        attempt_timeout,
        timeout,
        stall_timeout,
        max_retries,
        proxy,
        ca_bundle,
        allow_insecure_http,
        default_headers,
        default_headers_count,
        user_agent,
        log_fn,
        log_user_data,
        log_level
    });
    layout!(devin_call_options {
        version,
        timeout,
        max_retries,
        headers,
        headers_count,
        cancel,
        upload_path,
        upload_data,
        upload_len,
        upload_filename,
        upload_content_type,
        skip_json
    });
    layout!(devin_wait_options { version, until, timeout, org_id, cancel, on_progress, progress_user_data });
}
