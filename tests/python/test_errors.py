"""Each exception class, its fields, and retries through injected faults."""
from __future__ import annotations

import json
import threading
import time

import pytest

import devin
from conftest import ADMIN, ORG1, READONLY, Emulator, make_client

SESSIONS = "/v3/organizations/*/sessions"
SESSION = "/v3/organizations/*/sessions/*"


def test_hierarchy() -> None:
    assert issubclass(devin.APIError, devin.DevinError)
    assert issubclass(devin.APIStatusError, devin.APIError)
    for cls in (devin.BadRequestError, devin.AuthenticationError, devin.PermissionDeniedError,
                devin.NotFoundError, devin.ConflictError, devin.UnprocessableEntityError,
                devin.RateLimitError, devin.InternalServerError):
        assert issubclass(cls, devin.APIStatusError)
    assert issubclass(devin.APITimeoutError, devin.APIConnectionError)
    assert issubclass(devin.APIConnectionError, devin.APIError)
    assert issubclass(devin.APIUserAbortError, devin.APIError)
    assert issubclass(devin.DecodeError, devin.APIError)
    assert issubclass(devin.InvalidArgumentError, ValueError)
    assert issubclass(devin.InvalidArgumentError, devin.DevinError)


def test_not_found_carries_problem_fields(client: devin.Devin) -> None:
    with pytest.raises(devin.NotFoundError) as ei:
        client.sessions.get("devin-does-not-exist")
    e = ei.value
    assert e.status_code == 404 and e.kind == "not_found"
    assert e.request_id and e.request_id in str(e)
    assert e.title == "Not Found" and "devin-does-not-exist" in (e.detail or "")
    assert isinstance(e.body, dict) and e.body["status"] == 404
    assert e.method == "GET" and e.path and e.path.endswith("/sessions/devin-does-not-exist")
    assert e.retry_after is None and e.retries == 0
    assert "x-request-id" in e.headers


def test_authentication(emu: Emulator) -> None:
    with make_client(emu, "cog_not_a_real_key", org_id=ORG1) as c:
        with pytest.raises(devin.AuthenticationError) as ei:
            c.sessions.list().first_page()
    assert ei.value.status_code == 401


def test_missing_key_is_refused_locally(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEVIN_API_KEY", raising=False)
    with pytest.raises(devin.AuthenticationError) as ei:
        devin.Devin(base_url="http://127.0.0.1:1")
    assert ei.value.status_code == 0


def test_permission_denied(emu: Emulator) -> None:
    with make_client(emu, READONLY) as c:
        with pytest.raises(devin.PermissionDeniedError) as ei:
            c.sessions.create(prompt="not allowed")
    assert ei.value.status_code == 403


def test_unprocessable_has_field_errors(client: devin.Devin) -> None:
    with pytest.raises(devin.APIStatusError) as ei:
        client.sessions.create(prompt="x", extra_body={"max_acu_limit": "lots"})
    e = ei.value
    assert isinstance(e, (devin.UnprocessableEntityError, devin.BadRequestError))
    assert e.status_code in (400, 422)


@pytest.mark.parametrize("status,cls", [
    (400, devin.BadRequestError), (401, devin.AuthenticationError),
    (403, devin.PermissionDeniedError), (404, devin.NotFoundError),
    (409, devin.ConflictError), (422, devin.UnprocessableEntityError),
    (429, devin.RateLimitError), (500, devin.InternalServerError),
    (503, devin.InternalServerError), (418, devin.APIStatusError),
])
def test_status_maps_to_class(emu: Emulator, client: devin.Devin, status: int,
                              cls: type) -> None:
    body = json.dumps({"type": "about:blank", "title": "Injected", "status": status,
                       "detail": f"injected {status}", "errors": [{"loc": ["x"], "msg": "bad"}]})
    emu.fault(SESSION, method="GET", count=5, status=status, body=body, retry_after="0")
    with pytest.raises(cls) as ei:
        client.sessions.get("devin-anything", max_retries=0)
    e = ei.value
    assert type(e) is cls
    assert e.status_code == status
    assert e.detail == f"injected {status}" and e.title == "Injected"
    assert e.errors and e.errors[0]["msg"] == "bad"


def test_rate_limit_retry_after(emu: Emulator, client: devin.Devin) -> None:
    emu.fault(SESSION, method="GET", count=1, status=429, retry_after="7")
    with pytest.raises(devin.RateLimitError) as ei:
        client.sessions.get("devin-x", max_retries=0)
    assert ei.value.retry_after == 7


def test_retries_through_faults(emu: Emulator, client: devin.Devin) -> None:
    s = client.sessions.create(prompt="retry me")
    emu.fault(SESSION, method="GET", count=2, status=503, retry_after_ms=10)
    got = client.sessions.get(s.session_id)
    assert got.session_id == s.session_id
    assert got._response is not None and got._response.retries == 2


def test_retries_exhausted(emu: Emulator, client: devin.Devin) -> None:
    emu.fault(SESSION, method="GET", count=10, status=502, retry_after_ms=1)
    with pytest.raises(devin.InternalServerError) as ei:
        client.sessions.get("devin-x", max_retries=1)
    assert ei.value.retries == 1


def test_client_max_retries_zero(emu: Emulator) -> None:
    with make_client(emu, org_id=ORG1, max_retries=0) as c:
        emu.fault(SESSION, method="GET", count=1, status=503)
        with pytest.raises(devin.InternalServerError):
            c.sessions.get("devin-x")


def test_connection_error(emu: Emulator, client: devin.Devin) -> None:
    emu.fault(SESSION, method="GET", count=100, kind="close")
    with pytest.raises(devin.APIConnectionError) as ei:
        client.sessions.get("devin-x", max_retries=0)
    assert not isinstance(ei.value, devin.APITimeoutError)


def test_connection_refused() -> None:
    with devin.Devin(api_key=ADMIN, org_id=ORG1, base_url="http://127.0.0.1:1", max_retries=0) as c:
        with pytest.raises(devin.APIConnectionError):
            c.whoami()


def test_timeout_is_total_deadline(emu: Emulator, client: devin.Devin) -> None:
    emu.fault(SESSION, method="GET", count=5, kind="stall")
    t0 = time.monotonic()
    with pytest.raises(devin.APITimeoutError):
        client.sessions.get("devin-x", timeout=0.5)
    assert time.monotonic() - t0 < 3


def test_decode_error(emu: Emulator, client: devin.Devin) -> None:
    emu.fault(SESSION, method="GET", count=100, kind="malformed")
    with pytest.raises((devin.DecodeError, devin.APIConnectionError)):
        client.sessions.get("devin-x", max_retries=0)


def test_invalid_argument(client: devin.Devin) -> None:
    with pytest.raises(devin.InvalidArgumentError):
        client.request("GET", "no-leading-slash")
    with pytest.raises(ValueError):
        client.sessions.wait("devin-x", until="forever")  # type: ignore[arg-type]
    with pytest.raises(devin.InvalidArgumentError):
        client.attachments.upload(file="/definitely/not/here.txt")


def test_cancelled_by_close(emu: Emulator) -> None:
    c = make_client(emu, org_id=ORG1)
    emu.fault(SESSION, method="GET", count=5, kind="stall")
    errors: list = []

    def worker() -> None:
        try:
            c.sessions.get("devin-x")
        except devin.DevinError as e:
            errors.append(e)

    t = threading.Thread(target=worker)
    t.start()
    time.sleep(0.3)
    c.close()
    t.join(5)
    assert not t.is_alive()
    assert len(errors) == 1 and isinstance(errors[0], devin.APIUserAbortError)
    with pytest.raises(devin.DevinError):
        c.whoami()


@pytest.mark.parametrize("max_retries", [0, 2])
def test_post_on_a_dead_keep_alive_connection_is_sent_once(emu: Emulator,
                                                           max_retries: int) -> None:
    # The warm connection dies after the POST went out and before any answer;
    # the server may have created the session, so it must not be sent again
    # (libcurl would re-send it by itself), whatever max_retries says.
    with make_client(emu, org_id=ORG1, max_retries=max_retries) as c:
        c.whoami()
        emu.clear_requests()
        emu.fault(SESSIONS, method="POST", kind="close")
        with pytest.raises(devin.APIConnectionError) as ei:
            c.sessions.create(prompt="once")
        assert not isinstance(ei.value, devin.APITimeoutError)
        assert "not re-sent" in str(ei.value)
        posts = [r for r in emu.requests()
                 if r["method"] == "POST" and r["path"].endswith("/sessions")]
        assert len(posts) == 1
