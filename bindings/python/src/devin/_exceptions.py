"""Exceptions: one class per error kind of libdevin (see docs/errors.md).

    DevinError
    ├── APIError
    │   ├── APIStatusError            (any non-2xx response)
    │   │   ├── BadRequestError           400
    │   │   ├── AuthenticationError       401 (or a key refused locally)
    │   │   ├── PermissionDeniedError     403
    │   │   ├── NotFoundError             404
    │   │   ├── ConflictError             409
    │   │   ├── UnprocessableEntityError  422
    │   │   ├── RateLimitError            429
    │   │   └── InternalServerError       >= 500
    │   ├── APIConnectionError        (no usable response)
    │   │   └── APITimeoutError
    │   ├── APIUserAbortError         (cancelled: token, close, fork)
    │   └── DecodeError               (response body not as expected)
    └── InvalidArgumentError (also a ValueError; nothing was sent)
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, Optional

if TYPE_CHECKING:
    from . import _native

__all__ = [
    "DevinError", "APIError", "APIStatusError", "BadRequestError", "AuthenticationError",
    "PermissionDeniedError", "NotFoundError", "ConflictError", "UnprocessableEntityError",
    "RateLimitError", "InternalServerError", "APIConnectionError", "APITimeoutError",
    "APIUserAbortError", "InvalidArgumentError", "DecodeError",
]


class DevinError(Exception):
    """Base class of every error raised by this package."""

    #: libdevin's error kind ("not_found", "timeout", …; see docs/errors.md).
    kind: str = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class APIError(DevinError):
    """A call to the API failed. Carries what is known about the exchange."""

    status_code: Optional[int]

    def __init__(self, message: str, *, kind: str = "error", status_code: Optional[int] = None,
                 method: Optional[str] = None, path: Optional[str] = None,
                 request_id: Optional[str] = None, body: Any = None,
                 headers: Optional[Mapping[str, str]] = None, retries: int = 0,
                 retry_after: Optional[float] = None, problem: Optional[Mapping[str, Any]] = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.status_code = status_code
        self.method = method
        self.path = path
        self.request_id = request_id
        #: Parsed JSON body (dict/list) when it was JSON, else the text.
        self.body = body
        self.headers: dict[str, str] = dict(headers or {})
        #: Retries taken before giving up.
        self.retries = retries
        #: Seconds the server asked to wait (Retry-After), or None.
        self.retry_after = retry_after
        problem = problem or {}
        #: RFC 9457 problem fields (None when absent).
        self.type: Optional[str] = problem.get("type")
        self.title: Optional[str] = problem.get("title")
        self.detail: Optional[str] = problem.get("detail")
        self.instance: Optional[str] = problem.get("instance")
        #: Field errors: RFC 9457 "errors" or legacy FastAPI "detail" list.
        self.errors: list[Any] = list(problem.get("errors") or [])

    def __str__(self) -> str:
        text = self.message
        if self.request_id and self.request_id not in text:
            text += f" (request id {self.request_id})"
        return text

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, status_code={self.status_code!r}, request_id={self.request_id!r})"


class APIStatusError(APIError):
    """The API answered with a non-2xx status."""

    status_code: int


class BadRequestError(APIStatusError):
    kind = "bad_request"


class AuthenticationError(APIStatusError):
    """401, or a key refused before sending (missing, or a legacy `apk_` key);
    then status_code is 0."""
    kind = "authentication"


class PermissionDeniedError(APIStatusError):
    kind = "permission_denied"


class NotFoundError(APIStatusError):
    kind = "not_found"


class ConflictError(APIStatusError):
    kind = "conflict"


class UnprocessableEntityError(APIStatusError):
    kind = "unprocessable"


class RateLimitError(APIStatusError):
    kind = "rate_limited"


class InternalServerError(APIStatusError):
    kind = "server"


class APIConnectionError(APIError):
    """No usable response: DNS, TCP, TLS, reset or truncated body."""
    kind = "connection"


class APITimeoutError(APIConnectionError):
    """The total deadline, an attempt, the connect or a stall timed out."""
    kind = "timeout"


class APIUserAbortError(APIError):
    """The call was cancelled (cancel token, client closed, or fork)."""
    kind = "cancelled"


class DecodeError(APIError):
    """The response body was not what the operation describes."""
    kind = "decode"


class InvalidArgumentError(DevinError, ValueError):
    """The call was refused before anything was sent (caller error)."""
    kind = "invalid_argument"


# devin_status code -> class (capi/include/devin.h, devin_status).
_BY_CODE: dict[int, type[DevinError]] = {
    1: BadRequestError,
    2: AuthenticationError,
    3: PermissionDeniedError,
    4: NotFoundError,
    5: ConflictError,
    6: UnprocessableEntityError,
    7: RateLimitError,
    8: InternalServerError,
    9: APIStatusError,
    10: APITimeoutError,
    11: APIConnectionError,
    12: APIUserAbortError,
    13: InvalidArgumentError,
    14: DecodeError,
}

_PROBLEM_FIELDS = ("type", "title", "detail", "instance")


def from_native(err: "_native.Error") -> DevinError:
    """Builds the exception for a native error object."""
    cls = _BY_CODE.get(err.code, APIError)
    message = err.message or err.kind
    if cls is InvalidArgumentError:
        return InvalidArgumentError(message)
    body: Any = err.body_json()
    problem: dict[str, Any] = {name: err.problem(name) for name in _PROBLEM_FIELDS}
    if isinstance(body, dict):
        errs = body.get("errors")
        if errs is None and isinstance(body.get("detail"), list):
            errs = body["detail"]
        problem["errors"] = errs
    elif body is None:
        raw = err.body()
        body = raw.decode("utf-8", "replace") if raw else None
    retry_after = err.retry_after
    status = err.http_status
    exc = cls(  # type: ignore[call-arg]
        message, kind=err.kind, status_code=status if (status or issubclass(cls, APIStatusError)) else None,
        method=err.method, path=err.path, request_id=err.request_id, body=body,
        headers=dict(err.headers()), retries=err.retries,
        retry_after=retry_after if retry_after >= 0 else None, problem=problem)
    return exc
