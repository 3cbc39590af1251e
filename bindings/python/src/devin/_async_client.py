"""devin.AsyncDevin: the asyncio client.

Calls are submitted to libdevin's I/O thread; their completions are queued
in a per-event-loop native Bridge, which wakes the loop once per burst
(``loop.call_soon_threadsafe``) to resolve the waiting futures. Cancelling
the awaiting task cancels the native request.
"""
from __future__ import annotations

import asyncio
import functools
import json
import weakref
from typing import Any, Callable, Mapping, Optional, TypeVar, Union

from . import _native
from ._base import (DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, BaseClient, call_options, encode_params,
                    parse, parse_raw, until_code, upload_options)
from ._exceptions import from_native
from ._generated.async_resources import AsyncDevinResources
from ._pagination import AsyncPager

T = TypeVar("T")


def _drain(ref: "weakref.ref[_LoopBridge]") -> None:
    b = ref()
    if b is None:
        return
    futures = b.futures
    for i, r in b.native.drain():
        fut = futures.pop(i, None)
        if fut is not None and not fut.done():
            fut.set_result(r)


class _LoopBridge:
    __slots__ = ("loop", "futures", "native", "next_id", "__weakref__")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.futures: dict[int, asyncio.Future[Any]] = {}
        self.next_id = 0
        self.native = _native.Bridge(
            functools.partial(loop.call_soon_threadsafe, _drain, weakref.ref(self)))


class AsyncDevin(BaseClient, AsyncDevinResources):
    """asyncio client of the Devin API v3; same options as ``devin.Devin``.

    Usable from any event loop (and several in turn); list methods return
    async iterators (``async for``), everything else is awaited.
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
        AsyncDevinResources.__init__(self, self)
        self._bridge: Optional[_LoopBridge] = None
        self._bridges: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _LoopBridge]" = (
            weakref.WeakKeyDictionary())

    # -- lifecycle --
    async def close(self) -> None:
        """Cancels calls in flight and stops the client's I/O thread."""
        self._shutdown()

    async def __aenter__(self) -> "AsyncDevin":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def with_options(self, **options: Any) -> "AsyncDevin":
        """A new client with the same settings except those given."""
        return AsyncDevin(**self._options_kw(**options))

    copy = with_options

    # -- plumbing --
    def _loop_bridge(self) -> _LoopBridge:
        loop = asyncio.get_running_loop()
        b = self._bridge
        if b is not None and b.loop is loop:
            return b
        b = self._bridges.get(loop)
        if b is None:
            b = _LoopBridge(loop)
            self._bridges[loop] = b
        self._bridge = b
        return b

    async def _submit(self, submit: Callable[[_native.Bridge, int], Optional[_native.Error]],
                      cancel: Optional[Callable[[], None]] = None) -> Any:
        """Runs one native asynchronous submission; returns Response | Error."""
        b = self._loop_bridge()
        b.next_id += 1
        i = b.next_id
        fut: asyncio.Future[Any] = b.loop.create_future()
        b.futures[i] = fut
        refused = submit(b.native, i)
        if refused is not None:
            del b.futures[i]
            return refused
        try:
            return await fut
        except asyncio.CancelledError:
            b.futures.pop(i, None)
            if cancel is not None:
                cancel()
            raise

    async def _call(self, op: str, params: Mapping[str, Any], cls: Any,
                    opts: Optional[_native.CallOptions]) -> Any:
        body = encode_params(params)
        token = _native.Cancel()
        native = self._native
        r = await self._submit(lambda b, i: native.call_async(b, i, op, body, opts, token),
                               token.trigger)
        return parse(r, cls)

    def _list(self, op: str, params: Mapping[str, Any], cls: Any,
              opts: Optional[_native.CallOptions]) -> AsyncPager[Any]:
        return AsyncPager(self, op, encode_params(params), cls, opts)

    async def _upload(self, op: str, params: Mapping[str, Any], cls: Any,
                      opts: Optional[_native.CallOptions], file: Any, filename: Optional[str],
                      content_type: Optional[str]) -> Any:
        o = upload_options(opts, file, filename, content_type)
        return await self._call(op, params, cls, o)

    async def _wait(self, session_id: str, cls: Any, until: str, timeout: Optional[float],
                    org_id: Optional[str], on_progress: Optional[Callable[[Any], Any]]) -> Any:
        cb = None
        if on_progress is not None:
            loop = asyncio.get_running_loop()

            def deliver(d: Any) -> None:
                res = on_progress(cls(d, None))
                if asyncio.iscoroutine(res):
                    loop.create_task(res)

            def cb(d: Any) -> None:  # libdevin's I/O thread
                loop.call_soon_threadsafe(deliver, d)
        token = _native.Cancel()
        code = until_code(until)
        native = self._native
        r = await self._submit(
            lambda b, i: native.wait_async(b, i, session_id, code, float(timeout or 0), org_id,
                                           token, cb),
            token.trigger)
        return parse(r, cls)

    async def request(self, method: str, path: str, *, query: Optional[Mapping[str, Any]] = None,
                      body: Union[Mapping[str, Any], list[Any], bytes, str, None] = None,
                      content_type: Optional[str] = None,
                      cast_to: Optional[Callable[[Any, Any], T]] = None,
                      timeout: Optional[float] = None, max_retries: Optional[int] = None,
                      extra_headers: Optional[Mapping[str, str]] = None) -> Any:
        """Async twin of ``Devin.request``."""
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
        opts = call_options(timeout, max_retries, extra_headers)
        token = _native.Cancel()
        native = self._native
        r = await self._submit(
            lambda b, i: native.request_async(b, i, method.upper(), path, q, data, content_type,
                                              opts, token),
            token.trigger)
        return parse_raw(r, cast_to)


__all__ = ["AsyncDevin", "from_native"]
