"""Auto-paging iterators over libdevin's pagers.

``client.sessions.list(...)`` returns a pager without sending anything; the
first request goes out when iteration starts. Iterating yields items across
pages; ``.pages()`` yields ``Page`` objects; ``.cursor`` is where the next
page starts (pass it back as ``after=`` — or ``offset=`` for offset lists —
to resume later, even in another process).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, AsyncIterator, Generic, Iterator, Optional, TypeVar

from . import _native
from ._exceptions import from_native
from ._models import ResponseMeta

if TYPE_CHECKING:
    from ._async_client import AsyncDevin
    from ._client import Devin

T = TypeVar("T")

_DONE = 15


class Page(Generic[T]):
    """One page of a list operation."""

    __slots__ = ("items", "cursor", "has_more", "_r")

    def __init__(self, items: list[T], cursor: Optional[str], has_more: bool,
                 response: _native.Response) -> None:
        self.items = items
        #: Resume position after this page (None when it cannot resume).
        self.cursor = cursor
        self.has_more = has_more
        self._r = response

    @property
    def _response(self) -> ResponseMeta:
        return ResponseMeta(self._r)

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __repr__(self) -> str:
        return f"Page(items={len(self.items)}, has_more={self.has_more}, cursor={self.cursor!r})"


def _items(r: _native.Response, cls: Any) -> list[Any]:
    v = r.items()
    if v is None:
        return []
    return v.wrap_elements(cls, r)  # type: ignore[no-any-return]


class _PagerBase(Generic[T]):
    def __init__(self, op: str, params: Optional[str], cls: Any,
                 opts: Optional[_native.CallOptions]) -> None:
        self._op = op
        self._params = params
        self._cls = cls
        self._opts = opts
        self._pager: Optional[_native.Pager] = None
        self._cursor: Optional[str] = None
        self._has_more = True

    @property
    def cursor(self) -> Optional[str]:
        """Resume position of the next page (None before the first page, at
        the end, or for lists that come in one page)."""
        return self._cursor

    @property
    def has_more(self) -> bool:
        return self._has_more

    def _open(self, native: _native.Client) -> _native.Pager:
        p = native.pager(self._op, self._params, self._opts)
        if not isinstance(p, _native.Pager):
            raise from_native(p)
        self._pager = p
        return p

    def _page(self, p: _native.Pager, r: Any) -> Optional[Page[T]]:
        if type(r) is not _native.Response:
            if r.code == _DONE:
                self._has_more = False
                return None
            raise from_native(r)
        self._cursor = p.cursor
        self._has_more = p.has_more
        return Page(_items(r, self._cls), self._cursor, self._has_more, r)


class SyncPager(_PagerBase[T]):
    """Iterate with ``for``; ``.pages()`` for page objects."""

    def __init__(self, client: "Devin", op: str, params: Optional[str], cls: Any,
                 opts: Optional[_native.CallOptions]) -> None:
        super().__init__(op, params, cls, opts)
        self._client = client

    def pages(self) -> Iterator[Page[T]]:
        p = self._open(self._client._native)
        while True:
            page = self._page(p, p.next())
            if page is None:
                return
            yield page
            if not page.has_more:
                return

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from page.items

    def first_page(self) -> Page[T]:
        """Fetches only the first page."""
        for page in self.pages():
            return page
        raise StopIteration  # pragma: no cover - a list has at least one page

    def to_list(self) -> list[T]:
        return list(self)


class AsyncPager(_PagerBase[T]):
    """Iterate with ``async for``; ``.pages()`` for page objects."""

    def __init__(self, client: "AsyncDevin", op: str, params: Optional[str], cls: Any,
                 opts: Optional[_native.CallOptions]) -> None:
        super().__init__(op, params, cls, opts)
        self._client = client

    async def pages(self) -> AsyncIterator[Page[T]]:
        p = self._open(self._client._native)
        try:
            while True:
                r = await self._client._submit(lambda b, i: p.next_async(b, i), p.cancel)
                page = self._page(p, r)
                if page is None:
                    return
                yield page
                if not page.has_more:
                    return
        finally:
            pass

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item

    async def first_page(self) -> Page[T]:
        async for page in self.pages():
            return page
        raise StopAsyncIteration  # pragma: no cover

    async def to_list(self) -> list[T]:
        return [x async for x in self]
