"""Metrics and consumption are computed from the sessions that actually ran."""
import pytest

from conftest import ADMIN, ENTERPRISE, ORG1, ORG2_ID

ORG_M = f"/v3/organizations/{ORG1}/metrics"
ENT_M = "/v3/enterprise/metrics"
ORG_C = f"/v3/organizations/{ORG1}/consumption/daily"
ENT_C = "/v3/enterprise/consumption/daily"
SU = "service-user-emulator-org-admin"
ALICE = "user-emulator-alice"
DAY = 86400


@pytest.fixture
def clocked(emu):
    emu.reset()
    yield emu
    emu.reset()


def now(emu):
    return emu.admin("GET", "clock")[2]["now"]


def finished(s):
    return s["status"] in ("exit", "error") or s.get("status_detail") == "finished"


def ok(emu, path, key=ADMIN, **query):
    status, _, body = emu.get(path, key=key, query=query or None)
    assert status == 200, (path, body)
    return body


def run_sessions(emu):
    """Two finished sessions in org 1: one by the service user that opens and
    merges a PR, one created as Alice."""
    a = emu.create_session("Fix the flaky login test [emulator:merged]")
    b = emu.create_session("Write docs for the CLI", create_as_user_id=ALICE)
    return [emu.wait_session(s["session_id"], finished) for s in (a, b)]


def test_empty_window_gives_zeros(clocked):
    t = now(clocked) + 10 * DAY  # nothing has run then
    w = {"time_after": t, "time_before": t + DAY}
    assert ok(clocked, f"{ORG_M}/sessions", **w) == {
        "avg_acus_per_session": 0.0,
        "sessions_created_by_origin": {k: 0 for k in (
            "api", "automation", "desktop", "jira", "linear", "slack", "teams", "webapp")},
        "sessions_created_by_size": {k: 0 for k in ("xs", "s", "m", "l", "xl")},
        "sessions_created_count": 0,
        "sessions_created_with_playbook_count": 0,
        "sessions_created_with_search_count": 0,
        "sessions_with_merged_prs_by_size": {k: 0 for k in ("xs", "s", "m", "l", "xl")},
        "sessions_with_merged_prs_count": 0,
    }
    prs = ok(clocked, f"{ORG_M}/prs", **w)
    assert all(v == 0 for v in prs.values()) and "prs_created_count" in prs
    assert ok(clocked, f"{ORG_M}/usage", **w) == {
        "prs_created_count": 0, "prs_merged_count": 0, "searches_count": 0, "sessions_count": 0}
    assert ok(clocked, f"{ORG_M}/searches", **w) == {"searches_created_count": 0}
    assert ok(clocked, f"{ORG_M}/active-users", **w) == {
        "active_users": 0, "start_time": t, "end_time": t + DAY}
    assert ok(clocked, f"{ORG_C}", **w) == {"total_acus": 0.0, "consumption_by_date": []}
    assert ok(clocked, f"{ENT_M}/sessions-by-category", key=ENTERPRISE, **w) == {"categories": []}
    # org 2 has never run a session at all
    assert ok(clocked, f"/v3/organizations/{ORG2_ID}/consumption/daily",
              key="cog_emulator_org2_admin") == {"total_acus": 0.0, "consumption_by_date": []}


def test_metrics_follow_the_sessions_that_ran(clocked):
    t0 = now(clocked)
    a, b = run_sessions(clocked)
    w = {"time_after": t0, "time_before": now(clocked) + 1}
    m = ok(clocked, f"{ORG_M}/sessions", **w)
    assert m["sessions_created_count"] == 2
    assert m["sessions_created_by_origin"]["api"] == 2
    assert m["sessions_with_merged_prs_count"] == 1
    assert sum(m["sessions_created_by_size"].values()) == 2
    total = a["acus_consumed"] + b["acus_consumed"]
    assert total > 0 and m["avg_acus_per_session"] == pytest.approx(total / 2)
    # filters
    only_alice = ok(clocked, f"{ORG_M}/sessions", user_ids=[ALICE], **w)
    assert only_alice["sessions_created_count"] == 1
    # Both were created with the service user's key (the second as Alice).
    only_su = ok(clocked, f"{ORG_M}/sessions", service_user_ids=[SU], **w)
    assert only_su["sessions_created_count"] == 2
    prs = ok(clocked, f"{ORG_M}/prs", **w)
    assert prs["prs_created_count"] == 1 and prs["prs_merged_count"] == 1
    assert prs["prs_opened_count"] == 0 and prs["prs_closed_count"] == 0
    usage = ok(clocked, f"{ORG_M}/usage", **w)
    assert usage == {"prs_created_count": 1, "prs_merged_count": 1,
                     "searches_count": 0, "sessions_count": 2}
    ent = ok(clocked, f"{ENT_M}/sessions", key=ENTERPRISE, org_ids=[ORG1], **w)
    assert ent["sessions_created_count"] == 2
    other = ok(clocked, f"{ENT_M}/sessions", key=ENTERPRISE, org_ids=[ORG2_ID], **w)
    assert other["sessions_created_count"] == 0
    # Only Alice is a human user: one active user, in today's DAU bucket.
    assert ok(clocked, f"{ORG_M}/active-users", **w)["active_users"] == 1
    assert ok(clocked, f"{ORG_M}/active-users", min_sessions=2, **w)["active_users"] == 0
    dau = ok(clocked, f"{ORG_M}/dau", time_after=t0 - 2 * DAY, time_before=t0 + 1)
    assert len(dau) in (3, 4) and dau[0]["start_time"] == t0 - 2 * DAY
    assert dau[-1]["end_time"] == t0 + 1 and dau[-1]["active_users"] == 1
    assert sum(d["active_users"] for d in dau) == 1
    for kind in ("wau", "mau"):
        series = ok(clocked, f"{ENT_M}/{kind}", key=ENTERPRISE, **w)
        assert series and series[-1]["active_users"] == 1
    cats = ok(clocked, f"{ENT_M}/sessions-by-category", key=ENTERPRISE, **w)["categories"]
    assert sum(c["sessions_count"] for c in cats) == 2
    assert {c["category"] for c in cats} == {"bug_fixing", "documentation_and_content"}


def test_consumption_follows_the_acus(clocked):
    t0 = now(clocked)
    a, b = run_sessions(clocked)
    total = a["acus_consumed"] + b["acus_consumed"]
    w = {"time_after": t0}
    org = ok(clocked, ORG_C, **w)
    assert org["total_acus"] == pytest.approx(total)
    day = org["consumption_by_date"]
    assert len(day) in (1, 2) and sum(d["acus"] for d in day) == pytest.approx(total)
    for d in day:
        assert (d["date"] - 8 * 3600) % DAY == 0  # billing day starts 08:00 UTC
        assert d["acus_by_product"]["devin"] == d["acus"]
        assert d["acus_by_product"]["cascade"] == 0 and d["acus_by_product"]["terminal"] == 0
    ent = ok(clocked, ENT_C, key=ENTERPRISE, **w)
    assert ent["total_acus"] == pytest.approx(total)
    by_org = ok(clocked, f"{ENT_C}/organizations/{ORG1}", key=ENTERPRISE, **w)
    assert by_org["total_acus"] == pytest.approx(total)
    assert ok(clocked, f"{ORG_C}/users/{ALICE}", **w)["total_acus"] == pytest.approx(b["acus_consumed"])
    assert ok(clocked, f"{ENT_C}/users/{ALICE}", key=ENTERPRISE, **w)["total_acus"] == \
        pytest.approx(b["acus_consumed"])
    assert ok(clocked, f"{ORG_C}/service-users/{SU}", **w)["total_acus"] == \
        pytest.approx(a["acus_consumed"])
    assert ok(clocked, f"{ORG_C}/sessions/{a['session_id']}")["total_acus"] == \
        pytest.approx(a["acus_consumed"])
    assert ok(clocked, f"{ENT_C}/sessions/{b['session_id']}", key=ENTERPRISE)["total_acus"] == \
        pytest.approx(b["acus_consumed"])
    status, _, _ = clocked.get(f"{ORG_C}/sessions/devin-{'0' * 32}")
    assert status == 404
    # A window that ends before anything ran (the seed's session is an hour
    # old) sees nothing; one that includes the seed's session sees its ACUs.
    assert ok(clocked, ORG_C, time_after=t0 - DAY, time_before=t0 - 7200)["total_acus"] == 0
    assert ok(clocked, ORG_C, time_after=t0 - DAY, time_before=t0)["total_acus"] > 0


def test_acus_grow_while_running_and_stop_at_the_end(clocked):
    s = clocked.create_session("Think hard [emulator:wait_for_user]")
    sid = s["session_id"]
    assert s["acus_consumed"] == 0
    waiting = clocked.wait_session(sid, lambda x: x.get("status_detail") == "waiting_for_user")
    assert waiting["acus_consumed"] > 0
    clocked.post(f"/v3/organizations/{ORG1}/sessions/{sid}/messages", {"message": "main"})
    done = clocked.wait_session(sid, finished)
    assert done["acus_consumed"] > waiting["acus_consumed"]
    clocked.admin("POST", "clock", {"advance_seconds": 3 * DAY})
    _, _, later = clocked.get(f"/v3/organizations/{ORG1}/sessions/{sid}")
    assert later["acus_consumed"] == done["acus_consumed"]


def test_consumption_cycles(clocked):
    page = ok(clocked, "/v3/enterprise/consumption/cycles", key=ENTERPRISE)
    items = page["items"]
    t = now(clocked)
    assert items and items[0]["after"] <= t < items[0]["before"]
    assert (items[0]["after"] - 8 * 3600) % DAY == 0
    # Two months later there are more cycles, newest first, contiguous.
    clocked.admin("POST", "clock", {"advance_seconds": 62 * DAY})
    clocked.create_session("later work")
    items = ok(clocked, "/v3/enterprise/consumption/cycles", key=ENTERPRISE)["items"]
    assert len(items) >= 3
    for newer, older in zip(items, items[1:]):
        assert older["before"] == newer["after"]
    first = ok(clocked, "/v3/enterprise/consumption/cycles", key=ENTERPRISE, first=1)
    assert len(first["items"]) == 1 and first["has_next_page"] is True
    rest = ok(clocked, "/v3/enterprise/consumption/cycles", key=ENTERPRISE,
              first=200, after=first["end_cursor"])
    assert rest["items"] == items[1:]
