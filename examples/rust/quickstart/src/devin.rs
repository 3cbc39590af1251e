//! A small safe layer over devin-sys: a client that owns its handle,
//! responses that free themselves, borrowed JSON views tied to their
//! response's lifetime, and errors with a typed kind.
use devin_sys as sys;
use std::ffi::{CStr, CString};
use std::fmt;
use std::marker::PhantomData;
use std::ptr::{self, NonNull};

/// The error kinds of docs/errors.md (devin_status).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    BadRequest,
    Authentication,
    PermissionDenied,
    NotFound,
    Conflict,
    Unprocessable,
    RateLimited,
    Server,
    ApiStatus,
    Timeout,
    Connection,
    Cancelled,
    InvalidArgument,
    Decode,
    Other(i32),
}

impl ErrorKind {
    fn from_status(s: sys::devin_status) -> Self {
        match s {
            sys::DEVIN_E_BAD_REQUEST => Self::BadRequest,
            sys::DEVIN_E_AUTHENTICATION => Self::Authentication,
            sys::DEVIN_E_PERMISSION_DENIED => Self::PermissionDenied,
            sys::DEVIN_E_NOT_FOUND => Self::NotFound,
            sys::DEVIN_E_CONFLICT => Self::Conflict,
            sys::DEVIN_E_UNPROCESSABLE => Self::Unprocessable,
            sys::DEVIN_E_RATE_LIMITED => Self::RateLimited,
            sys::DEVIN_E_SERVER => Self::Server,
            sys::DEVIN_E_API_STATUS => Self::ApiStatus,
            sys::DEVIN_E_TIMEOUT => Self::Timeout,
            sys::DEVIN_E_CONNECTION => Self::Connection,
            sys::DEVIN_E_CANCELLED => Self::Cancelled,
            sys::DEVIN_E_INVALID_ARGUMENT => Self::InvalidArgument,
            sys::DEVIN_E_DECODE => Self::Decode,
            other => Self::Other(other),
        }
    }
}

/// A failed call.
#[derive(Debug, Clone)]
pub struct Error {
    pub kind: ErrorKind,
    /// HTTP status, or 0 when no response arrived.
    pub http_status: i32,
    pub message: String,
    pub request_id: Option<String>,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.kind)?;
        if self.http_status != 0 {
            write!(f, " (HTTP {})", self.http_status)?;
        }
        write!(f, ": {}", self.message)?;
        match &self.request_id {
            Some(id) => write!(f, " [request {id}]"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for Error {}

unsafe fn opt_string(p: *const std::os::raw::c_char) -> Option<String> {
    (!p.is_null()).then(|| CStr::from_ptr(p).to_string_lossy().into_owned())
}

/// Turns a status and its (owned) error into an Error, freeing the C side.
fn take_error(status: sys::devin_status, err: *mut sys::devin_error) -> Error {
    if err.is_null() {
        return Error {
            kind: ErrorKind::from_status(status),
            http_status: 0,
            message: String::new(),
            request_id: None,
        };
    }
    // SAFETY: err is a live error we own; its strings are borrowed from it
    // and copied before it is freed.
    unsafe {
        let e = Error {
            kind: ErrorKind::from_status(sys::devin_error_code(err)),
            http_status: sys::devin_error_http_status(err),
            message: opt_string(sys::devin_error_message(err)).unwrap_or_default(),
            request_id: opt_string(sys::devin_error_request_id(err)),
        };
        sys::devin_error_free(err);
        e
    }
}

fn cstring(s: &str) -> Result<CString, Error> {
    CString::new(s).map_err(|_| Error {
        kind: ErrorKind::InvalidArgument,
        http_status: 0,
        message: "string contains a NUL byte".into(),
        request_id: None,
    })
}

/// The loaded libdevin's version.
pub fn version() -> String {
    // SAFETY: a static NUL-terminated string.
    unsafe { CStr::from_ptr(sys::devin_version()).to_string_lossy().into_owned() }
}

/// A client. Options left unset come from DEVIN_API_KEY, DEVIN_ORG_ID and
/// DEVIN_BASE_URL. libdevin's client is thread-safe.
pub struct Client(NonNull<sys::devin_client>);
unsafe impl Send for Client {}
unsafe impl Sync for Client {}

impl Client {
    pub fn new(api_key: Option<&str>, base_url: Option<&str>, user_agent: &str) -> Result<Self, Error> {
        let key = api_key.map(cstring).transpose()?;
        let url = base_url.map(cstring).transpose()?;
        let ua = cstring(user_agent)?;
        // SAFETY: opts is initialised by libdevin, the strings outlive the
        // call (libdevin copies them), out/err are valid out-pointers.
        unsafe {
            let mut opts = std::mem::MaybeUninit::<sys::devin_client_options>::zeroed();
            let st = sys::devin_client_options_init(opts.as_mut_ptr(), sys::DEVIN_CLIENT_OPTIONS_VERSION);
            if st != sys::DEVIN_OK {
                return Err(take_error(st, ptr::null_mut()));
            }
            let mut opts = opts.assume_init();
            opts.api_key = key.as_ref().map_or(ptr::null(), |s| s.as_ptr());
            opts.base_url = url.as_ref().map_or(ptr::null(), |s| s.as_ptr());
            opts.user_agent = ua.as_ptr();
            let mut out = ptr::null_mut();
            let mut err = ptr::null_mut();
            match sys::devin_client_new(&mut out, &opts, &mut err) {
                sys::DEVIN_OK => Ok(Client(NonNull::new(out).expect("devin_client_new gave NULL"))),
                st => Err(take_error(st, err)),
            }
        }
    }

    /// Calls an operation by id ("sessions.create", …) with its parameters
    /// as a JSON object.
    pub fn call(&self, operation: &str, params_json: &str) -> Result<Response, Error> {
        let op = cstring(operation)?;
        let mut out = ptr::null_mut();
        let mut err = ptr::null_mut();
        // SAFETY: the client is live; params are passed with their length.
        let st = unsafe {
            sys::devin_call(
                self.0.as_ptr(),
                op.as_ptr(),
                params_json.as_ptr().cast(),
                params_json.len(),
                ptr::null(),
                &mut out,
                &mut err,
            )
        };
        match st {
            sys::DEVIN_OK => Ok(Response(NonNull::new(out).expect("devin_call gave NULL"))),
            st => Err(take_error(st, err)),
        }
    }

    /// The first page of a list operation.
    pub fn first_page(&self, operation: &str, params_json: &str) -> Result<Option<Response>, Error> {
        let op = cstring(operation)?;
        let mut pager = ptr::null_mut();
        let mut err = ptr::null_mut();
        // SAFETY: as for call; the pager is freed before returning.
        unsafe {
            let st = sys::devin_pager_new(
                &mut pager,
                self.0.as_ptr(),
                op.as_ptr(),
                params_json.as_ptr().cast(),
                params_json.len(),
                ptr::null(),
                &mut err,
            );
            if st != sys::DEVIN_OK {
                return Err(take_error(st, err));
            }
            let mut page = ptr::null_mut();
            let st = sys::devin_pager_next(pager, &mut page, &mut err);
            sys::devin_pager_free(pager);
            match st {
                sys::DEVIN_OK => Ok(NonNull::new(page).map(Response)),
                sys::DEVIN_E_DONE => {
                    if !err.is_null() {
                        sys::devin_error_free(err);
                    }
                    Ok(None)
                }
                st => Err(take_error(st, err)),
            }
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        // SAFETY: we own the client and free it once.
        unsafe { sys::devin_client_free(self.0.as_ptr()) }
    }
}

/// A successful response; its JSON views borrow from it.
pub struct Response(NonNull<sys::devin_response>);

impl Response {
    pub fn status(&self) -> i32 {
        // SAFETY: live response.
        unsafe { sys::devin_response_status(self.0.as_ptr()) }
    }
    pub fn json(&self) -> Value<'_> {
        // SAFETY: the value lives as long as the response (the lifetime).
        Value(unsafe { sys::devin_response_json(self.0.as_ptr()) }, PhantomData)
    }
    /// The items of a list page.
    pub fn items(&self) -> Value<'_> {
        // SAFETY: as for json.
        Value(unsafe { sys::devin_response_items(self.0.as_ptr()) }, PhantomData)
    }
}

impl Drop for Response {
    fn drop(&mut self) {
        // SAFETY: we own the response and free it once.
        unsafe { sys::devin_response_free(self.0.as_ptr()) }
    }
}

/// A borrowed view of a JSON value (possibly absent: every accessor of
/// libdevin accepts NULL and answers neutrally).
#[derive(Clone, Copy)]
pub struct Value<'a>(*const sys::devin_value, PhantomData<&'a Response>);

impl<'a> Value<'a> {
    pub fn get(self, key: &str) -> Value<'a> {
        // SAFETY: NULL-tolerant accessor; the key is passed with its length.
        Value(unsafe { sys::devin_value_get(self.0, key.as_ptr().cast(), key.len()) }, PhantomData)
    }
    pub fn at(self, i: usize) -> Value<'a> {
        // SAFETY: NULL-tolerant accessor.
        Value(unsafe { sys::devin_value_at(self.0, i) }, PhantomData)
    }
    pub fn len(self) -> usize {
        // SAFETY: NULL-tolerant accessor.
        unsafe { sys::devin_value_size(self.0) }
    }
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }
    pub fn str(self) -> Option<&'a str> {
        let mut len = 0usize;
        // SAFETY: the bytes live as long as the response ('a).
        unsafe {
            let p = sys::devin_value_string(self.0, &mut len);
            if p.is_null() {
                return None;
            }
            std::str::from_utf8(std::slice::from_raw_parts(p.cast::<u8>(), len)).ok()
        }
    }
    pub fn iter(self) -> impl Iterator<Item = Value<'a>> {
        (0..self.len()).map(move |i| self.at(i))
    }
}
