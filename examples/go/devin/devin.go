// Package devin is a small cgo binding over libdevin's C ABI (devin.h):
// a client, calls by operation id with JSON in and out, pages of list
// operations, and typed errors. It needs an installed libdevin (the
// libdevin-dev package, or `cmake --install` plus PKG_CONFIG_PATH).
package devin

/*
#cgo pkg-config: devin
#include <stdlib.h>
#include <devin.h>
*/
import "C"

import (
	"encoding/json"
	"errors"
	"fmt"
	"unsafe"
)

// Status is libdevin's error kind (devin_status); one per kind of
// docs/errors.md.
type Status int

const (
	OK               Status = C.DEVIN_OK
	BadRequest       Status = C.DEVIN_E_BAD_REQUEST
	Authentication   Status = C.DEVIN_E_AUTHENTICATION
	PermissionDenied Status = C.DEVIN_E_PERMISSION_DENIED
	NotFound         Status = C.DEVIN_E_NOT_FOUND
	Conflict         Status = C.DEVIN_E_CONFLICT
	Unprocessable    Status = C.DEVIN_E_UNPROCESSABLE
	RateLimited      Status = C.DEVIN_E_RATE_LIMITED
	Server           Status = C.DEVIN_E_SERVER
	APIStatus        Status = C.DEVIN_E_API_STATUS
	Timeout          Status = C.DEVIN_E_TIMEOUT
	Connection       Status = C.DEVIN_E_CONNECTION
	Cancelled        Status = C.DEVIN_E_CANCELLED
	InvalidArgument  Status = C.DEVIN_E_INVALID_ARGUMENT
	Decode           Status = C.DEVIN_E_DECODE
	done             Status = C.DEVIN_E_DONE
)

func (s Status) String() string { return C.GoString(C.devin_status_name(C.devin_status(s))) }

// Error is a failed call: its kind, the HTTP status (0 when no response
// arrived), the message and the request id.
type Error struct {
	Status     Status
	HTTPStatus int
	Message    string
	RequestID  string
}

func (e *Error) Error() string {
	if e.HTTPStatus != 0 {
		return fmt.Sprintf("%s (HTTP %d): %s", e.Status, e.HTTPStatus, e.Message)
	}
	return fmt.Sprintf("%s: %s", e.Status, e.Message)
}

// Is makes errors.Is(err, devin.NotFound) work.
func (e *Error) Is(target error) bool {
	s, ok := target.(Status)
	return ok && s == e.Status
}

func (s Status) Error() string { return s.String() }

// IsKind reports whether err is a libdevin error of the given kind.
func IsKind(err error, kind Status) bool { return errors.Is(err, kind) }

func takeError(st C.devin_status, err *C.devin_error) error {
	if err == nil {
		return &Error{Status: Status(st), Message: Status(st).String()}
	}
	defer C.devin_error_free(err)
	e := &Error{
		Status:     Status(C.devin_error_code(err)),
		HTTPStatus: int(C.devin_error_http_status(err)),
		Message:    C.GoString(C.devin_error_message(err)),
	}
	if id := C.devin_error_request_id(err); id != nil {
		e.RequestID = C.GoString(id)
	}
	return e
}

// Version is the loaded libdevin's version.
func Version() string { return C.GoString(C.devin_version()) }

// Options of a client; empty fields take libdevin's defaults (the
// DEVIN_API_KEY, DEVIN_ORG_ID and DEVIN_BASE_URL environment variables).
type Options struct {
	APIKey    string
	OrgID     string
	BaseURL   string
	UserAgent string
}

// Client talks to one Devin API endpoint. Safe for concurrent use.
type Client struct{ c *C.devin_client }

// NewClient creates a client; Close frees it.
func NewClient(o Options) (*Client, error) {
	var opts C.devin_client_options
	C.devin_client_options_init(&opts, C.DEVIN_CLIENT_OPTIONS_VERSION)
	var keep []*C.char
	str := func(s string) *C.char {
		if s == "" {
			return nil
		}
		p := C.CString(s)
		keep = append(keep, p)
		return p
	}
	defer func() {
		for _, p := range keep {
			C.free(unsafe.Pointer(p))
		}
	}()
	opts.api_key, opts.org_id, opts.base_url, opts.user_agent =
		str(o.APIKey), str(o.OrgID), str(o.BaseURL), str(o.UserAgent)
	var c *C.devin_client
	var err *C.devin_error
	if st := C.devin_client_new(&c, &opts, &err); st != C.DEVIN_OK {
		return nil, takeError(st, err)
	}
	return &Client{c: c}, nil
}

// Close stops the client's I/O thread and frees it.
func (c *Client) Close() {
	if c.c != nil {
		C.devin_client_free(c.c)
		c.c = nil
	}
}

func marshal(params any) (*C.char, C.size_t, error) {
	if params == nil {
		return nil, 0, nil
	}
	b, err := json.Marshal(params)
	if err != nil {
		return nil, 0, err
	}
	return C.CString(string(b)), C.size_t(len(b)), nil
}

func valueJSON(v *C.devin_value) []byte {
	if v == nil {
		return nil
	}
	var n C.size_t
	p := C.devin_value_json(v, &n)
	return C.GoBytes(unsafe.Pointer(p), C.int(n))
}

// Call runs an operation by id ("sessions.create", "sessions.get", …; see
// docs/operations.md) with params (any JSON-marshalable value holding path,
// query and body parameters by name) and decodes the response into out
// (nil to drop it).
func (c *Client) Call(operation string, params any, out any) error {
	op := C.CString(operation)
	defer C.free(unsafe.Pointer(op))
	p, n, err := marshal(params)
	if err != nil {
		return err
	}
	defer C.free(unsafe.Pointer(p))
	var resp *C.devin_response
	var cerr *C.devin_error
	if st := C.devin_call(c.c, op, p, n, nil, &resp, &cerr); st != C.DEVIN_OK {
		return takeError(st, cerr)
	}
	defer C.devin_response_free(resp)
	if out == nil {
		return nil
	}
	return json.Unmarshal(valueJSON(C.devin_response_json(resp)), out)
}

// Pages walks the pages of a list operation, giving each page's items as
// JSON to fn until fn returns false or the pages end.
func (c *Client) Pages(operation string, params any, fn func(items json.RawMessage) bool) error {
	op := C.CString(operation)
	defer C.free(unsafe.Pointer(op))
	p, n, err := marshal(params)
	if err != nil {
		return err
	}
	defer C.free(unsafe.Pointer(p))
	var pager *C.devin_pager
	var cerr *C.devin_error
	if st := C.devin_pager_new(&pager, c.c, op, p, n, nil, &cerr); st != C.DEVIN_OK {
		return takeError(st, cerr)
	}
	defer C.devin_pager_free(pager)
	for {
		var page *C.devin_response
		st := C.devin_pager_next(pager, &page, &cerr)
		if st == C.DEVIN_E_DONE {
			if cerr != nil {
				C.devin_error_free(cerr)
			}
			return nil
		}
		if st != C.DEVIN_OK {
			return takeError(st, cerr)
		}
		items := valueJSON(C.devin_response_items(page))
		C.devin_response_free(page)
		if !fn(items) {
			return nil
		}
	}
}
