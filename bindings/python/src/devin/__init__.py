"""devin: Python client for the Devin REST API v3 (sync and asyncio).

    pip install libdevin

    import devin
    client = devin.Devin()            # DEVIN_API_KEY / DEVIN_ORG_ID / DEVIN_BASE_URL
    s = client.sessions.create(prompt="…")
    s = client.sessions.wait(s.session_id)

Transport, retries, pagination and JSON parsing run in libdevin (C++),
embedded in the ``devin._native`` extension; this package is the Python API
over it. ``devin.testing`` runs a local emulator of the API for tests. See
docs/python.md.
"""
from __future__ import annotations

from . import _native
from ._version import __version__

if _native.abi_version() != _native.ABI_VERSION:  # pragma: no cover - build mismatch
    raise ImportError(
        f"devin: libdevin ABI {_native.abi_version()} does not match the binding's "
        f"{_native.ABI_VERSION}; reinstall it: pip install --force-reinstall libdevin")

from ._async_client import AsyncDevin  # noqa: E402
from ._base import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT  # noqa: E402
from ._client import Devin  # noqa: E402
from ._exceptions import (APIConnectionError, APIError, APIStatusError,  # noqa: E402
                          APITimeoutError, APIUserAbortError, AuthenticationError,
                          BadRequestError, ConflictError, DecodeError, DevinError,
                          InternalServerError, InvalidArgumentError, NotFoundError,
                          PermissionDeniedError, RateLimitError, UnprocessableEntityError)
from ._generated import models as types  # noqa: E402
from ._generated.models import *  # noqa: E402,F401,F403
from ._models import BaseModel, Object, ResponseMeta, StrEnum  # noqa: E402
from ._pagination import AsyncPager, Page, SyncPager  # noqa: E402

#: Version of the embedded libdevin.
libdevin_version: str = _native.version()

__all__ = [
    "__version__", "libdevin_version", "Devin", "AsyncDevin", "DEFAULT_TIMEOUT",
    "DEFAULT_MAX_RETRIES", "DevinError", "APIError", "APIStatusError", "BadRequestError",
    "AuthenticationError", "PermissionDeniedError", "NotFoundError", "ConflictError",
    "UnprocessableEntityError", "RateLimitError", "InternalServerError", "APIConnectionError",
    "APITimeoutError", "APIUserAbortError", "InvalidArgumentError", "DecodeError", "BaseModel",
    "Object", "ResponseMeta", "StrEnum", "SyncPager", "AsyncPager", "Page", "types",
]
