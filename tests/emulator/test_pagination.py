"""Cursor pagination (no duplicates or gaps under concurrent inserts), the
offset form for schedules, array query parameters."""
import threading

from conftest import ENTERPRISE, ORG1

NOTES = f"/v3/organizations/{ORG1}/knowledge/notes"
SESSIONS = f"/v3/organizations/{ORG1}/sessions"


def note(i):
    return {"name": f"note {i}", "body": f"body {i}", "trigger": f"when {i}"}


def walk(emu, path, first, key="cog_emulator_org_admin", **query):
    seen, after, pages = [], None, 0
    while True:
        q = {"first": first, **query}
        if after:
            q["after"] = after
        status, _, page = emu.get(path, query=q, key=key)
        assert status == 200, page
        seen += page["items"]
        pages += 1
        if not page["has_next_page"]:
            assert page["end_cursor"] is None
            return seen, pages
        assert page["end_cursor"]
        after = page["end_cursor"]


def test_cursor_pages_cover_everything_once(fresh):
    emu = fresh
    for i in range(25):
        assert emu.post(NOTES, note(i))[0] == 200
    items, pages = walk(emu, NOTES, 7)
    ids = [n["note_id"] for n in items]
    assert len(ids) == 25 == len(set(ids)) and pages == 4


def test_no_duplicates_or_gaps_with_concurrent_inserts(fresh):
    emu = fresh
    for i in range(30):
        emu.post(NOTES, note(i))
    _, _, first_page = emu.get(NOTES, query={"first": 200})
    before = {n["note_id"] for n in first_page["items"]}
    stop = threading.Event()

    def writer():
        i = 100
        while not stop.is_set():
            emu.post(NOTES, note(i))
            i += 1

    t = threading.Thread(target=writer)
    t.start()
    try:
        items, _ = walk(emu, NOTES, 3)
    finally:
        stop.set()
        t.join()
    ids = [n["note_id"] for n in items]
    assert len(ids) == len(set(ids)), "duplicates"
    assert before <= set(ids), "gaps"


def test_sessions_pages_newest_first_and_tags_filter(fresh):
    emu = fresh
    made = [emu.create_session(f"p{i}", tags=["a"] if i % 2 else ["b"])["session_id"]
            for i in range(6)]
    items, _ = walk(emu, SESSIONS, 2, tags=["a"])
    assert [s["session_id"] for s in items] == [m for i, m in enumerate(made) if i % 2][::-1]
    both, _ = walk(emu, SESSIONS, 50, tags="a,b")
    assert {s["session_id"] for s in both} >= set(made)
    repeated, _ = walk(emu, SESSIONS, 50, tags=["a", "b"])
    assert {s["session_id"] for s in repeated} == {s["session_id"] for s in both}


def test_schedules_use_limit_offset(fresh):
    emu = fresh
    path = f"/v3/organizations/{ORG1}/schedules"
    for i in range(5):
        status, _, s = emu.post(path, {"name": f"s{i}", "prompt": "p", "frequency": "0 9 * * 1"})
        assert status == 200, s
    _, _, page = emu.get(path, query={"limit": 2, "offset": 1})
    assert len(page["items"]) == 2
    assert page["items"][0]["name"] == "s1"
    assert emu.get(path, query={"limit": 0})[0] == 422


def test_enterprise_lists_paginate(emu):
    items, _ = walk(emu, "/v3/enterprise/organizations", 1, key=ENTERPRISE)
    assert {o["org_id"] for o in items} >= {"org-emulator-1", "org-emulator-2"}
