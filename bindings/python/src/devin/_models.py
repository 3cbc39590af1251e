"""Models: typed, read-only views over libdevin's parsed JSON.

A model wraps a native ``Value`` (an object inside a response's parsed
document) or, for values that outlived their response (progress callbacks),
a plain ``dict``. Fields are read on access through ``devin_value_get``: no
second JSON parse happens in Python and untouched fields cost nothing.
Unknown fields are kept and reachable (``model["field"]``, ``model.field``,
``model.model_extra``); ``to_dict()`` converts the whole object.
"""
from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any, ClassVar, Iterator, Mapping, Optional, TypeVar

from . import _native

__all__ = ["BaseModel", "Object", "ResponseMeta", "StrEnum"]

_Value = _native.Value
_OBJECT = 6
_ARRAY = 5

M = TypeVar("M", bound="BaseModel")
E = TypeVar("E", bound="StrEnum")


class ResponseMeta:
    """What is known about the HTTP response a result came from."""

    __slots__ = ("_r", "_headers")

    def __init__(self, response: _native.Response) -> None:
        self._r = response
        self._headers: Optional[dict[str, str]] = None

    @property
    def status_code(self) -> int:
        return self._r.status

    @property
    def headers(self) -> dict[str, str]:
        """Response headers (names lowercase; the first of repeated ones)."""
        if self._headers is None:
            h: dict[str, str] = {}
            for k, v in self._r.headers():
                h.setdefault(k, v)
            self._headers = h
        return self._headers

    @property
    def request_id(self) -> Optional[str]:
        return self._r.request_id

    @property
    def retries(self) -> int:
        """Retries taken before this response."""
        return self._r.retries

    @property
    def elapsed(self) -> float:
        """Seconds from the first attempt to the last byte, backoff included."""
        return self._r.elapsed

    def __repr__(self) -> str:
        return (f"ResponseMeta(status_code={self.status_code}, request_id={self.request_id!r}, "
                f"retries={self.retries}, elapsed={self.elapsed:.3f})")


class StrEnum(str, enum.Enum):
    """A string enum. Values the SDK does not know yet are returned as plain
    ``str`` by model fields, so new server values never break parsing."""

    def __str__(self) -> str:
        return str(self.value)


def _plain(x: Any) -> Any:
    """A fully converted Python value (dict/list/scalars)."""
    if type(x) is _Value:
        return x.to_py()
    return x


def _wrap_any(x: Any, meta: Any) -> Any:
    """Unknown-field access: objects become ``Object``, arrays lists."""
    if type(x) is _Value:
        if x.kind == _OBJECT:
            return Object(x, meta)
        return [_wrap_any(e, meta) for e in x.elements()]
    if isinstance(x, dict):
        return Object(x, meta)
    if isinstance(x, list):
        return [_wrap_any(e, meta) for e in x]
    return x


# ---- helpers the generated properties call (kept tiny: they are hot) ----

def _enum(cls: type[E], x: Any) -> Any:
    if x is None:
        return None
    return cls._value2member_map_.get(x, x)


def _enum_list(cls: type[E], x: Any) -> Any:
    if x is None:
        return None
    m = cls._value2member_map_
    items = x.elements() if type(x) is _Value else x
    return [m.get(e, e) for e in items]


def _obj(cls: type[M], x: Any, meta: Any) -> Any:
    if x is None:
        return None
    return cls(x, meta)


def _obj_list(cls: type[M], x: Any, meta: Any) -> Any:
    if x is None:
        return None
    if type(x) is _Value:
        return x.wrap_elements(cls, meta)
    return [cls(e, meta) if isinstance(e, dict) else e for e in x]


def _list(x: Any) -> Any:
    if x is None:
        return None
    if type(x) is _Value:
        return x.to_py()
    return list(x)


class BaseModel:
    """Base of every generated model. Read-only; cheap to create."""

    __slots__ = ("_v", "_meta")
    #: JSON keys this model describes (generated).
    _fields: ClassVar[tuple[str, ...]] = ()

    def __init__(self, value: Any, meta: Any = None) -> None:
        self._v = value
        self._meta = meta

    # -- metadata --
    @property
    def _response(self) -> Optional[ResponseMeta]:
        """Metadata of the response this object was read from (status,
        headers, request id, retries, elapsed); None for local values."""
        m = self._meta
        if m is None:
            return None
        if isinstance(m, ResponseMeta):
            return m
        meta = ResponseMeta(m)
        self._meta = meta
        return meta

    @property
    def _request_id(self) -> Optional[str]:
        r = self._response
        return r.request_id if r is not None else None

    # -- raw access --
    def __getitem__(self, key: str) -> Any:
        """Any field by JSON name, fully converted (dict/list/scalars)."""
        v = self._v
        if type(v) is _Value:
            if not v.has(key):
                raise KeyError(key)
            return _plain(v.get(key))
        return v[key]

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        v = self._v
        return bool(v.has(key)) if type(v) is _Value else key in v

    def _keys(self) -> list[str]:
        v = self._v
        return v.keys() if type(v) is _Value else list(v)

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        d = self.to_dict()
        return iter(d.items())

    if not TYPE_CHECKING:
        def __getattr__(self, name: str) -> Any:
            # Only reached for names that are not generated properties:
            # fields the SDK does not know yet.
            if name.startswith("__"):
                raise AttributeError(name)
            try:
                v = object.__getattribute__(self, "_v")
            except AttributeError:
                raise AttributeError(name) from None
            if type(v) is _Value:
                if v.has(name):
                    return _wrap_any(v.get(name), self._meta)
            elif isinstance(v, dict) and name in v:
                return _wrap_any(v[name], self._meta)
            raise AttributeError(f"{type(self).__name__!s} has no field {name!r}")

    @property
    def model_extra(self) -> dict[str, Any]:
        """Fields present in the response that this model does not describe."""
        known = set(self._fields)
        return {k: self[k] for k in self._keys() if k not in known}

    def to_dict(self) -> dict[str, Any]:
        """The whole object as plain Python data (unknown fields included)."""
        v = self._v
        if type(v) is _Value:
            out = v.to_py()
            return out if isinstance(out, dict) else {}
        import copy
        return copy.deepcopy(dict(v))

    def to_json(self) -> str:
        """The object as minified JSON text."""
        v = self._v
        if type(v) is _Value:
            return v.json()
        import json
        return json.dumps(v, separators=(",", ":"))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, BaseModel):
            return type(self) is type(other) and self.to_dict() == other.to_dict()
        if isinstance(other, Mapping):
            return self.to_dict() == dict(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        # What identifies the object and says where it stands comes first
        # (session_id, status, status_detail, title, url), then the other
        # ids, then the rest in document order. Ids and URLs are never cut.
        keys = list(self._keys())
        first = [k for k in _REPR_FIRST if k in keys]
        ids = [k for k in keys if k not in first and _never_cut(k)]
        rest = [k for k in keys if k not in first and k not in ids]
        order = first + ids + rest
        shown = order[:max(_REPR_FIELDS, len(first) + len(ids))]
        parts = []
        for k in shown:
            r = repr(self[k])
            if len(r) > 60 and not _never_cut(k):
                r = r[:57] + "..."
            parts.append(f"{k}={r}")
        more = ", ..." if len(order) > len(shown) else ""
        return f"{type(self).__name__}({', '.join(parts)}{more})"

    def __reduce__(self) -> Any:
        return (type(self), (self.to_dict(), None))

    @classmethod
    def from_dict(cls: type[M], data: Mapping[str, Any]) -> M:
        """A model over plain data (tests, caches)."""
        return cls(dict(data), None)


_REPR_FIRST = ("session_id", "status", "status_detail", "title", "url")
_REPR_FIELDS = 12


def _never_cut(key: str) -> bool:
    return key == "id" or key.endswith("_id") or key == "url" or key.endswith("_url")


# List pages build their items in C for every class that keeps BaseModel's
# __init__ (values.cpp: new_model).
_native.set_model_base(BaseModel)


class Object(BaseModel):
    """An object without a generated model (free-form or unknown)."""

    __slots__ = ()


def to_jsonable(x: Any) -> Any:
    """json.dumps ``default`` hook: models become dicts, enums their value."""
    if isinstance(x, BaseModel):
        return x.to_dict()
    if isinstance(x, enum.Enum):
        return x.value
    if isinstance(x, (set, frozenset, tuple)):
        return list(x)
    if isinstance(x, Mapping):
        return dict(x)
    raise TypeError(f"{type(x).__name__} is not JSON serializable")
