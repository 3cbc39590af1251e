"""devin.Devin: the synchronous client."""
from __future__ import annotations

import json
from typing import Any, Callable, Mapping, Optional, TypeVar, Union

from . import _native
from ._base import (DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, BaseClient, call_options, encode_params,
                    parse, parse_raw, until_code, upload_options)
from ._exceptions import from_native
from ._generated.resources import DevinResources
from ._models import BaseModel
from ._pagination import SyncPager

T = TypeVar("T")


class Devin(BaseClient, DevinResources):
    """Synchronous client of the Devin API v3.

    ``api_key``, ``org_id`` and ``base_url`` default to DEVIN_API_KEY,
    DEVIN_ORG_ID (else discovered through GET /v3/self) and DEVIN_BASE_URL.
    ``timeout`` is the total deadline of a call in seconds, retries and
    backoff included (0: none); ``connect_timeout``, ``attempt_timeout`` and
    ``stall_timeout`` bound the phases. One client may be shared by threads;
    calls release the GIL while they wait.
    """

    def __init__(self, api_key: Optional[str] = None, org_id: Optional[str] = None,
                 base_url: Optional[str] = None, *, timeout: Optional[float] = DEFAULT_TIMEOUT,
                 max_retries: Optional[int] = DEFAULT_MAX_RETRIES,
                 connect_timeout: Optional[float] = None, attempt_timeout: Optional[float] = None,
                 stall_timeout: Optional[float] = None,
                 default_headers: Optional[Mapping[str, str]] = None, proxy: Optional[str] = None,
                 ca_bundle: Optional[str] = None, allow_insecure_http: bool = False) -> None:
        BaseClient.__init__(
            self, api_key, org_id, base_url, timeout=timeout, max_retries=max_retries,
            connect_timeout=connect_timeout, attempt_timeout=attempt_timeout,
            stall_timeout=stall_timeout, default_headers=default_headers, proxy=proxy,
            ca_bundle=ca_bundle, allow_insecure_http=allow_insecure_http)
        DevinResources.__init__(self, self)

    # -- lifecycle --
    def close(self) -> None:
        """Cancels calls in flight and stops the client's I/O thread."""
        self._shutdown()

    def __enter__(self) -> "Devin":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def with_options(self, **options: Any) -> "Devin":
        """A new client with the same settings except those given (same
        keyword names as the constructor)."""
        return Devin(**self._options_kw(**options))

    copy = with_options

    # -- calls (used by the generated resources) --
    def _call(self, op: str, params: Mapping[str, Any], cls: Any,
              opts: Optional[_native.CallOptions]) -> Any:
        return parse(self._native.call(op, encode_params(params), opts), cls)

    def _list(self, op: str, params: Mapping[str, Any], cls: Any,
              opts: Optional[_native.CallOptions]) -> SyncPager[Any]:
        return SyncPager(self, op, encode_params(params), cls, opts)

    def _upload(self, op: str, params: Mapping[str, Any], cls: Any,
                opts: Optional[_native.CallOptions], file: Any, filename: Optional[str],
                content_type: Optional[str]) -> Any:
        o = upload_options(opts, file, filename, content_type)
        return parse(self._native.call(op, encode_params(params), o), cls)

    def _wait(self, session_id: str, cls: Any, until: str, timeout: Optional[float],
              org_id: Optional[str], on_progress: Optional[Callable[[Any], None]]) -> Any:
        cb = None
        if on_progress is not None:
            def cb(d: Any) -> None:
                on_progress(cls(d, None))
        r = self._native.wait(session_id, until_code(until), float(timeout or 0), org_id,
                              _native.Cancel(), cb)
        return parse(r, cls)

    def request(self, method: str, path: str, *, query: Optional[Mapping[str, Any]] = None,
                body: Union[Mapping[str, Any], list[Any], bytes, str, None] = None,
                content_type: Optional[str] = None, cast_to: Optional[Callable[[Any, Any], T]] = None,
                timeout: Optional[float] = None, max_retries: Optional[int] = None,
                extra_headers: Optional[Mapping[str, str]] = None) -> Any:
        """Calls an endpoint the API description lacks, with the client's
        auth, retries, errors and logging. ``path`` starts with "/" and may
        contain ``{org_id}``. Returns the JSON as a model (``cast_to`` or
        ``devin.Object``), a list or a scalar; bytes for non-JSON bodies;
        None for an empty one."""
        q = encode_params(query) if query else None
        data: Optional[bytes]
        if body is None:
            data = None
        elif isinstance(body, bytes):
            data = body
        elif isinstance(body, str):
            data = body.encode("utf-8")
        else:
            data = json.dumps(body, separators=(",", ":")).encode("utf-8")
        r = self._native.request(method.upper(), path, q, data, content_type,
                                 call_options(timeout, max_retries, extra_headers))
        return parse_raw(r, cast_to)


__all__ = ["Devin", "BaseModel", "from_native"]
