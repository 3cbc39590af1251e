"""What the sync and async clients share: configuration, the native client,
parameter encoding, per-call options, result parsing and logging."""
from __future__ import annotations

import atexit
import json
import logging
import os
import platform
import weakref
from typing import Any, Callable, Mapping, Optional, Sequence, Union

from . import _native
from ._exceptions import DevinError, InvalidArgumentError, from_native
from ._models import BaseModel, Object, to_jsonable
from ._version import __version__

log = logging.getLogger("devin")

_Response = _native.Response
_Value = _native.Value
_OBJECT = 6
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=to_jsonable).encode

_NOT_GIVEN_FLOAT = -1.0
DEFAULT_TIMEOUT = 300.0
DEFAULT_MAX_RETRIES = 2

# Clients still open at interpreter exit are closed before the interpreter
# finalizes, so libdevin's I/O threads never reach for a dying GIL.
_live: "weakref.WeakSet[Any]" = weakref.WeakSet()


@atexit.register
def _close_all() -> None:
    for c in list(_live):
        try:
            c._shutdown()
        except Exception:  # pragma: no cover - best effort at exit
            pass


def _fork_child() -> None:
    _native.after_fork_child()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_fork_child)


_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warn": logging.WARNING,
           "warning": logging.WARNING, "error": logging.ERROR, "off": logging.CRITICAL + 10,
           "none": logging.CRITICAL + 10}


def _configure_logging() -> int:
    """libdevin's log level for a new client: from DEVIN_LOG when set (which
    also makes sure the lines are shown), else from the "devin" logger."""
    env = os.environ.get("DEVIN_LOG", "").strip().lower()
    if env in _LEVELS:
        level = _LEVELS[env]
        if log.level == logging.NOTSET or log.level > level:
            log.setLevel(level)
        if not log.hasHandlers():
            h = logging.StreamHandler()
            h.setFormatter(logging.Formatter("devin %(levelname)s: %(message)s"))
            log.addHandler(h)
        return -1
    eff = log.getEffectiveLevel()
    for lvl in (10, 20, 30, 40):
        if eff <= lvl:
            return lvl
    return 100


def _log_line(level: int, message: str) -> None:
    log.log(level, "%s", message)


def _user_agent() -> str:
    return f"devin-python/{__version__} {platform.python_implementation()}/{platform.python_version()}"


def _num(x: Optional[float]) -> float:
    return _NOT_GIVEN_FLOAT if x is None else float(x)


def encode_params(params: Mapping[str, Any]) -> str:
    """Flat JSON object of the call's parameters; None means "not given"."""
    return _ENCODE({k: v for k, v in params.items() if v is not None})


def call_options(timeout: Optional[float] = None, max_retries: Optional[int] = None,
                 extra_headers: Optional[Mapping[str, str]] = None) -> Optional[_native.CallOptions]:
    """Native per-call options, or None (the fast path) when nothing is set."""
    if timeout is None and max_retries is None and not extra_headers:
        return None
    o = _native.CallOptions()
    if timeout is not None:
        o.timeout = float(timeout)
    if max_retries is not None:
        o.max_retries = int(max_retries)
    if extra_headers:
        o.headers = [f"{k}: {v}" for k, v in extra_headers.items()]
    return o


FileInput = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, Any]


def upload_options(opts: Optional[_native.CallOptions], file: FileInput,
                   filename: Optional[str], content_type: Optional[str]) -> _native.CallOptions:
    """Fills the multipart upload fields from a path, bytes or a file object."""
    o = opts or _native.CallOptions()
    if isinstance(file, (str, os.PathLike)):
        path = os.fspath(file)
        if not os.path.isfile(path):
            raise InvalidArgumentError(f"upload: no such file: {path}")
        o.upload_path = path
        filename = filename or os.path.basename(path)
    elif isinstance(file, (bytes, bytearray, memoryview)):
        o.upload_data = bytes(file)
    elif hasattr(file, "read"):
        data = file.read()
        if isinstance(data, str):
            data = data.encode("utf-8")
        o.upload_data = bytes(data)
        name = getattr(file, "name", None)
        if not filename and isinstance(name, str):
            filename = os.path.basename(name)
    else:
        raise InvalidArgumentError("upload: `file` must be a path, bytes or a binary file object")
    o.upload_filename = filename or "upload.bin"
    if content_type:
        o.upload_content_type = content_type
    return o


def parse(r: Any, cls: Any) -> Any:
    """Result of a call: a model of ``cls``, bytes (cls is bytes), None (cls
    is None) or plain data; raises the mapped exception for an error."""
    if type(r) is not _Response:
        raise from_native(r)
    if cls is None:
        return None
    if cls is bytes:
        return r.body()
    v = r.json()
    if type(v) is _Value:
        if v.kind == _OBJECT:
            return cls(v, r) if cls is not Any else Object(v, r)
        return v.wrap_elements(Object, r)
    return v


def parse_raw(r: Any, cast_to: Any) -> Any:
    """Result of client.request(): JSON as a model/list/scalar, else bytes."""
    if type(r) is not _Response:
        raise from_native(r)
    if cast_to is bytes:
        return r.body()
    if not r.has_json():
        body = r.body()
        return body if body else None
    v = r.json()
    if type(v) is _Value:
        if v.kind == _OBJECT:
            return (cast_to or Object)(v, r)
        return v.wrap_elements(cast_to or Object, r)
    return v


UNTIL = {"idle": 0, "terminal": 1}


def until_code(until: str) -> int:
    try:
        return UNTIL[until]
    except KeyError:
        raise InvalidArgumentError("until must be 'idle' or 'terminal'") from None


class ClientConfig:
    """The options a client was made with (for with_options and repr)."""

    __slots__ = ("api_key", "org_id", "base_url", "timeout", "max_retries", "connect_timeout",
                 "attempt_timeout", "stall_timeout", "default_headers", "proxy", "ca_bundle",
                 "allow_insecure_http")
    api_key: Optional[str]
    org_id: Optional[str]
    base_url: Optional[str]
    timeout: Optional[float]
    max_retries: Optional[int]
    connect_timeout: Optional[float]
    attempt_timeout: Optional[float]
    stall_timeout: Optional[float]
    default_headers: Optional[Mapping[str, str]]
    proxy: Optional[str]
    ca_bundle: Optional[str]
    allow_insecure_http: Optional[bool]

    def __init__(self, **kw: Any) -> None:
        for k in self.__slots__:
            setattr(self, k, kw.get(k))

    def replace(self, **kw: Any) -> "ClientConfig":
        d = {k: getattr(self, k) for k in self.__slots__}
        d.update({k: v for k, v in kw.items() if v is not None})
        return ClientConfig(**d)


class BaseClient:
    """Owns the native client. Subclasses add the sync or async call paths."""

    _native: _native.Client

    def __init__(self, api_key: Optional[str] = None, org_id: Optional[str] = None,
                 base_url: Optional[str] = None, *, timeout: Optional[float] = DEFAULT_TIMEOUT,
                 max_retries: Optional[int] = DEFAULT_MAX_RETRIES,
                 connect_timeout: Optional[float] = None, attempt_timeout: Optional[float] = None,
                 stall_timeout: Optional[float] = None,
                 default_headers: Optional[Mapping[str, str]] = None, proxy: Optional[str] = None,
                 ca_bundle: Optional[str] = None, allow_insecure_http: bool = False) -> None:
        self._config = ClientConfig(
            api_key=api_key, org_id=org_id, base_url=base_url, timeout=timeout,
            max_retries=max_retries, connect_timeout=connect_timeout,
            attempt_timeout=attempt_timeout, stall_timeout=stall_timeout,
            default_headers=dict(default_headers or {}), proxy=proxy, ca_bundle=ca_bundle,
            allow_insecure_http=allow_insecure_http)
        level = _configure_logging()
        res = _native.new_client(
            api_key, org_id, base_url, _num(connect_timeout), _num(attempt_timeout),
            _num(timeout), _num(stall_timeout), -1 if max_retries is None else int(max_retries),
            proxy, ca_bundle, bool(allow_insecure_http),
            [f"{k}: {v}" for k, v in (default_headers or {}).items()], _user_agent(),
            _log_line, level)
        if not isinstance(res, _native.Client):
            raise from_native(res)
        self._native = res
        _live.add(self)

    # -- properties --
    @property
    def base_url(self) -> str:
        return self._native.base_url()

    @property
    def org_id(self) -> Optional[str]:
        """The organization id in use (configured, from DEVIN_ORG_ID, or
        discovered through GET /v3/self); None until known."""
        return self._native.org_id()

    @property
    def timeout(self) -> Optional[float]:
        return self._config.timeout

    @property
    def max_retries(self) -> Optional[int]:
        return self._config.max_retries

    def _options_kw(self, **overrides: Any) -> dict[str, Any]:
        cfg = self._config.replace(**overrides)
        return {k: getattr(cfg, k) for k in ClientConfig.__slots__}

    _closed = False

    @property
    def is_closed(self) -> bool:
        return self._closed

    def _shutdown(self) -> None:
        # Close (cancel in-flight calls, stop the I/O thread); the handle
        # itself lives until the client is collected, so late calls fail
        # with APIUserAbortError rather than crash.
        n = getattr(self, "_native", None)
        if n is not None and not self._closed:
            self._closed = True
            n.close()

    def __repr__(self) -> str:
        # Never shows the key.
        try:
            url = self.base_url
        except Exception:
            url = "?"
        return f"{type(self).__name__}(base_url={url!r}, org_id={self.org_id!r})"

    def __del__(self) -> None:
        try:
            self._shutdown()
        except Exception:
            pass


OnProgress = Optional[Callable[[Any], None]]
Headers = Optional[Mapping[str, str]]
StrSeq = Sequence[str]

__all__ = ["BaseClient", "DevinError", "encode_params", "call_options", "parse", "BaseModel"]
