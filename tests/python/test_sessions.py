"""Sync client basics: sessions, models, metadata, pagination, raw requests,
uploads and waits."""
from __future__ import annotations

import io
import pickle
import re
import time
from pathlib import Path

import pytest

import devin
from conftest import ADMIN, ORG1, Emulator, make_client


def test_whoami_and_org_discovery(emu: Emulator) -> None:
    with make_client(emu) as c:  # no org_id: discovered through GET /v3/self
        assert c.org_id is None
        me = c.whoami()
        assert me.org_id == ORG1 and me.principal_type == "service_user"
        c.sessions.list(first=1).first_page()
        assert c.org_id == ORG1


def test_create_get_models(client: devin.Devin) -> None:
    s = client.sessions.create(prompt="typed models", tags=["py-models"], title="models")
    assert s.session_id.startswith("devin-")
    assert s.status in (devin.SessionStatus.NEW, devin.SessionStatus.CLAIMED, "running")
    assert isinstance(s.status, str) and isinstance(s.status, devin.SessionStatus)
    assert s.tags == ["py-models"] and s.pull_requests == []
    g = client.sessions.get(s.session_id)
    d = g.to_dict()
    assert d["session_id"] == s.session_id and d["title"] == "models"
    assert g["title"] == "models" and "title" in g
    assert g == devin.SessionResponse.from_dict(g.to_dict())
    assert "session_id=" in repr(g)
    assert pickle.loads(pickle.dumps(g)).session_id == s.session_id
    assert g.to_json().startswith("{")


def test_response_metadata(client: devin.Devin) -> None:
    s = client.sessions.create(prompt="metadata")
    meta = s._response
    assert meta is not None
    assert meta.status_code == 200 and meta.retries == 0 and meta.elapsed >= 0
    assert meta.request_id and meta.request_id == s._request_id
    assert meta.headers["x-request-id"] == meta.request_id


def test_unknown_fields_and_enum_values() -> None:
    s = devin.SessionResponse.from_dict({
        "session_id": "devin-1", "status": "hibernating", "status_detail": "finished",
        "pull_requests": [{"pr_url": "https://x/1", "pr_state": "open", "new_field": 1}],
        "brand_new": {"nested": [1, 2]},
    })
    assert s.status == "hibernating" and not isinstance(s.status, devin.SessionStatus)
    assert s.status_detail is devin.SessionStatusDetail.FINISHED
    assert s.pull_requests[0].pr_url == "https://x/1"
    assert s.pull_requests[0].new_field == 1  # type: ignore[attr-defined]
    assert s.brand_new.nested == [1, 2]  # type: ignore[attr-defined]
    assert s.model_extra == {"brand_new": {"nested": [1, 2]}}
    with pytest.raises(AttributeError):
        s.no_such_field  # type: ignore[attr-defined]  # noqa: B018


def test_send_and_list_messages(client: devin.Devin) -> None:
    s = client.sessions.create(prompt="first message")
    client.sessions.send_message(s.session_id, message="second message")
    texts = [m.message for m in client.sessions.list_messages(s.session_id)]
    assert texts[:2] == ["first message", "second message"]


def test_pagination(client: devin.Devin) -> None:
    tag = "py-paging"
    made = {client.sessions.create(prompt=f"page {i}", tags=[tag]).session_id for i in range(7)}
    pager = client.sessions.list(tags=[tag], first=3)
    assert pager.cursor is None  # nothing sent yet
    pages = list(pager.pages())
    assert [len(p) for p in pages] == [3, 3, 1]
    assert {s.session_id for p in pages for s in p.items} == made
    assert pages[-1].has_more is False and pages[0].has_more is True
    assert {s.session_id for s in client.sessions.list(tags=[tag], first=2)} == made
    # resume from a cursor
    first = client.sessions.list(tags=[tag], first=3).first_page()
    rest = {s.session_id for s in client.sessions.list(tags=[tag], first=3, after=first.cursor)}
    assert rest | {s.session_id for s in first.items} == made and len(rest) == 4


def test_pager_sends_nothing_until_iterated(emu: Emulator, client: devin.Devin) -> None:
    emu.clear_requests()
    pager = client.sessions.list(first=5)
    assert not [r for r in emu.requests() if r["path"].endswith("/sessions")]
    next(iter(pager))
    assert [r for r in emu.requests() if r["path"].endswith("/sessions")]


def test_per_call_options_and_with_options(emu: Emulator, client: devin.Devin) -> None:
    emu.clear_requests()
    client.whoami(extra_headers={"X-Trace": "abc"})
    req = emu.requests()[-1]
    headers = {k.lower(): v for k, v in req["headers"].items()}
    assert headers["x-trace"] == "abc"
    assert headers["user-agent"].startswith("devin-python/")
    other = client.with_options(timeout=5, max_retries=0, default_headers={"X-Env": "test"})
    try:
        emu.clear_requests()
        other.whoami()
        headers = {k.lower(): v for k, v in emu.requests()[-1]["headers"].items()}
        assert headers["x-env"] == "test" and other.max_retries == 0 and other.timeout == 5
    finally:
        other.close()


def test_raw_request(client: devin.Devin) -> None:
    me = client.request("GET", "/v3/self")
    assert isinstance(me, devin.Object) and me.org_id == ORG1  # type: ignore[attr-defined]
    page = client.request("GET", "/v3/organizations/{org_id}/sessions", query={"first": 1})
    assert len(page["items"]) == 1
    typed = client.request("GET", "/v3/self", cast_to=devin.SelfResponse)
    assert isinstance(typed, devin.SelfResponse) and typed._response is not None
    with pytest.raises(devin.NotFoundError):
        client.request("GET", "/v3/organizations/{org_id}/no-such-thing")
    created = client.request("POST", "/v3/organizations/{org_id}/sessions", body={"prompt": "raw"})
    assert created.status == "new"  # type: ignore[attr-defined]


def test_uploads_and_download(client: devin.Devin, tmp_path: Path) -> None:
    p = tmp_path / "notes.txt"
    p.write_bytes(b"from a path")
    for source, expected, name in [(p, b"from a path", "notes.txt"),
                                   (b"from bytes", b"from bytes", "b.bin"),
                                   (io.BytesIO(b"from a file object"), b"from a file object", "f.txt")]:
        att = client.attachments.upload(file=source, filename=None if source is p else name)
        assert att.name == name
        uuid, fname = att.url.rsplit("/", 2)[-2:]
        assert client.attachments.download(uuid, name=fname) == expected


def test_wait_and_create_and_wait(client: devin.Devin) -> None:
    seen: list = []
    s = client.sessions.create_and_wait(prompt="wait for me", on_progress=seen.append,
                                        wait_timeout=60)
    assert s.status in ("exit", "error", "suspended") or s.status_detail in (
        "finished", "waiting_for_user", "waiting_for_approval")
    assert seen and all(isinstance(x, devin.SessionResponse) for x in seen)
    again = client.sessions.wait(s.session_id)  # already idle: one poll
    assert again.session_id == s.session_id


def test_wait_timeout(emu: Emulator, client: devin.Devin) -> None:
    s = client.sessions.create(prompt="never done")
    emu.fault("/v3/organizations/*/sessions/*", method="GET", count=100, kind="delay", delay_ms=400)
    with pytest.raises(devin.APITimeoutError):
        client.sessions.wait(s.session_id, until="terminal", timeout=0.3)


def test_repr_shows_what_identifies_a_session_first(client: devin.Devin) -> None:
    # It used to show the first 12 fields in document order, cut at 60
    # characters: print(session) showed no status, title, url or tags.
    s = client.sessions.create(prompt="repr " + "x" * 200, title="A title")
    r = repr(s)
    assert r.startswith(f"{type(s).__name__}(session_id={s.session_id!r}, status="), r
    assert "status_detail=" in r and "title='A title'" in r
    assert f"url={s.url!r}" in r  # never cut
    order = [r.index(k + "=") for k in ("session_id", "status", "title", "url")]
    assert order == sorted(order)


def test_wait_timeout_is_never_early(client: devin.Devin) -> None:
    # The wait sleeps until its deadline and polls once more; it used to give
    # up when the next backoff step would pass the deadline (timeout=1 raised
    # at once). The message says the real elapsed time.
    s = client.sessions.create(prompt="never terminal")
    for t in (0.3, 1.0):
        t0 = time.monotonic()
        with pytest.raises(devin.APITimeoutError) as ei:
            client.sessions.wait(s.session_id, until="terminal", timeout=t)
        assert time.monotonic() - t0 >= t - 0.005
        m = re.search(r"was not done after (\d+\.\d\d) s", str(ei.value))
        assert m and float(m.group(1)) >= t - 0.005, str(ei.value)


def test_env_configuration(emu: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEVIN_API_KEY", ADMIN)
    monkeypatch.setenv("DEVIN_BASE_URL", emu.base_url)
    monkeypatch.setenv("DEVIN_ORG_ID", ORG1)
    with devin.Devin() as c:
        assert c.base_url.rstrip("/") == emu.base_url.rstrip("/") and c.org_id == ORG1
        assert c.whoami().org_id == ORG1


def test_list_items_built_in_c_are_complete_models(client: devin.Devin) -> None:
    # Items of list pages are allocated by the extension (no __init__ call per
    # item); they must behave exactly like models made in Python.
    import gc

    from devin import _pagination
    for i in range(3):
        client.sessions.create(prompt=f"fast path {i}", tags=["py-fast-path"])
    page = client.sessions.list(tags=["py-fast-path"], first=3).first_page()
    assert len(page.items) == 3
    for s in page.items:
        assert type(s).__name__ == "SessionResponse"
        assert s.session_id.startswith("devin-")
        assert s.to_dict()["session_id"] == s.session_id
        assert s._response is not None and s._response.status_code == 200
        assert pickle.loads(pickle.dumps(s)).session_id == s.session_id
        assert "SessionResponse(" in repr(s)
    gc.collect()

    # A subclass with its own __init__ is built through it.
    class Tagged(devin.BaseModel):
        __slots__ = ("extra",)

        def __init__(self, value: object, meta: object = None) -> None:
            super().__init__(value, meta)
            self.extra = "init ran"
    items = _pagination._items(page._r, Tagged)
    assert [x.extra for x in items] == ["init ran"] * 3
    assert [x["session_id"] for x in items] == [s.session_id for s in page.items]


def test_native_field_descriptors() -> None:
    # Scalar and enum fields are native descriptors: same results as a
    # property, documented, and refusing misuse with a TypeError.
    from devin import _native
    from devin._generated.models import SessionResponse, SessionStatus
    field = SessionResponse.__dict__["status"]
    assert isinstance(field, _native.Field) and field.key == "status"
    assert SessionResponse.session_id.__doc__ == "Session id, `devin-…`."
    s = SessionResponse.from_dict({"session_id": "devin-1", "status": "running",
                                   "acus_consumed": 2.5, "is_archived": False})
    assert s.status is SessionStatus.RUNNING
    assert (s.session_id, s.acus_consumed, s.is_archived) == ("devin-1", 2.5, False)
    assert s.title is None  # absent
    assert SessionResponse.from_dict({"status": "brand_new"}).status == "brand_new"
    with pytest.raises(TypeError):
        field.__get__(object(), object)
    with pytest.raises(TypeError):
        _native.Field("k", ["not", "a", "dict"])
    with pytest.raises(AttributeError):
        s.session_id = "x"  # type: ignore[misc]
