"""Schedules start sessions on the simulated clock (POST /_emulator/clock)."""
import datetime

import pytest

from conftest import ADMIN, ENTERPRISE, ORG1

SCHED = f"/v3/organizations/{ORG1}/schedules"
SESSIONS = f"/v3/organizations/{ORG1}/sessions"
ACU_LIMIT = f"/v3/enterprise/consumption/acu-limits/devin/organizations/{ORG1}"


@pytest.fixture
def clocked(emu):
    """The shared emulator, reset before and after (a reset also puts the
    simulated clock back to real time, so later tests are not in the future),
    its clock moved to one second past a full hour: no cron slot of these
    tests falls due by the real clock while a test runs."""
    emu.reset()
    advance_to(emu, next_boundary(now(emu), 3600) + 1)
    yield emu
    emu.reset()


def now(emu):
    status, _, body = emu.admin("GET", "clock")
    assert status == 200
    return body["now"]


def advance(emu, seconds):
    status, _, body = emu.admin("POST", "clock", {"advance_seconds": seconds})
    assert status == 200, body
    return body


def advance_to(emu, t):
    status, _, body = emu.admin("POST", "clock", {"now": t})
    assert status == 200, body
    return body


def next_boundary(t, step):
    return (t // step + 1) * step


def iso(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%SZ")


def create(emu, **body):
    body.setdefault("name", "nightly")
    body.setdefault("prompt", "Run the nightly report")
    status, _, s = emu.post(SCHED, body)
    assert status == 200, s
    return s


def sid_of(s):
    return s["scheduled_session_id"]


def get(emu, s):
    status, _, body = emu.get(f"{SCHED}/{sid_of(s)}")
    assert status == 200, body
    return body


def patch(emu, s, **body):
    status, _, out = emu.request("PATCH", f"{SCHED}/{sid_of(s)}", body=body)
    assert status == 200, out
    return out


def started(emu, s):
    status, _, page = emu.get(SESSIONS, query={"schedule_id": sid_of(s), "first": 200})
    assert status == 200, page
    return page["items"]


def test_clock_admin_endpoint(emu):
    clocked = emu
    clocked.reset()
    status, _, c = clocked.admin("GET", "clock")
    assert status == 200 and c["offset_seconds"] == 0 and c["speed"] == 100
    t = c["now"]
    after = advance(clocked, 3600)
    assert after["now"] >= t + 3600 and after["offset_seconds"] >= 3599
    assert advance_to(clocked, after["now"] + 60)["now"] >= after["now"] + 60
    for bad in ({"advance_seconds": -1}, {"now": t}, {}, {"advance_seconds": 1, "now": t},
                {"advance_seconds": "soon"}):
        status, _, err = clocked.admin("POST", "clock", bad)
        assert status == 422, (bad, err)
    # API timestamps follow the simulated clock.
    s = clocked.create_session("what time is it")
    assert s["created_at"] >= t + 3660
    clocked.reset()
    assert clocked.admin("GET", "clock")[2]["offset_seconds"] == 0


def test_cron_schedule_starts_sessions(clocked):
    s = create(clocked, frequency="*/5 * * * *", tags=["nightly"])
    assert s["enabled"] is True and s["consecutive_failures"] == 0
    assert s["last_executed_at"] is None and s["last_error_at"] is None
    assert started(clocked, s) == []
    first = next_boundary(now(clocked), 300)
    advance_to(clocked, first + 1)
    runs = started(clocked, s)
    assert len(runs) == 1
    run = runs[0]
    assert run["created_at"] == first and run["origin"] == "automation"
    assert "nightly" in run["tags"] and run["title"] == "Run the nightly report"
    # The clock jump ran the session's script too.
    assert run["status"] == "running" and run["status_detail"] == "finished"
    _, _, msgs = clocked.get(f"{SESSIONS}/{run['session_id']}/messages")
    assert msgs["items"][0]["message"] == "Run the nightly report"
    got = get(clocked, s)
    assert got["last_executed_at"] == iso(first) and got["consecutive_failures"] == 0
    # Three more slots in one jump: one session each, in time order.
    advance_to(clocked, first + 3 * 300 + 1)
    times = sorted(r["created_at"] for r in started(clocked, s))
    assert times == [first, first + 300, first + 600, first + 900]
    assert get(clocked, s)["last_executed_at"] == iso(first + 900)


def test_one_time_schedule_fires_once(clocked):
    at = now(clocked) + 600
    s = create(clocked, schedule_type="one_time", scheduled_at=iso(at), name="once")
    assert s["enabled"] is True
    advance_to(clocked, at - 1)
    assert started(clocked, s) == []
    advance_to(clocked, at + 1)
    runs = started(clocked, s)
    assert len(runs) == 1 and runs[0]["created_at"] == at
    got = get(clocked, s)
    assert got["last_executed_at"] == iso(at)
    assert got["enabled"] is False  # nothing left to run
    advance(clocked, 86400)
    assert len(started(clocked, s)) == 1


def test_disabled_schedule_does_not_fire_until_re_enabled(clocked):
    s = create(clocked, frequency="* * * * *")
    assert patch(clocked, s, enabled=False)["enabled"] is False
    advance(clocked, 300)
    assert started(clocked, s) == []
    assert get(clocked, s)["last_executed_at"] is None
    patch(clocked, s, enabled=True)
    advance_to(clocked, next_boundary(now(clocked), 60) + 1)
    assert len(started(clocked, s)) == 1


def test_frequency_change_recomputes_next_run(clocked):
    s = create(clocked, frequency="0 0 1 1 *")  # yearly
    advance(clocked, 3600)
    assert started(clocked, s) == []
    patch(clocked, s, frequency="*/10 * * * *")
    slot = next_boundary(now(clocked), 600)
    advance_to(clocked, slot + 1)
    runs = started(clocked, s)
    assert [r["created_at"] for r in runs] == [slot]


def test_failure_counts_and_success_resets(clocked):
    s = create(clocked, frequency="* * * * *", name="limited")
    status, _, body = clocked.request("PUT", ACU_LIMIT, key=ENTERPRISE,
                                      body={"cycle_acu_limit": 0})
    assert status == 204, body
    slot = next_boundary(now(clocked), 60)
    advance_to(clocked, slot + 60 + 1)  # two slots
    got = get(clocked, s)
    assert got["consecutive_failures"] == 2
    assert got["last_error_at"] == iso(slot + 60)
    assert "ACU limit" in got["last_error_message"]
    assert got["last_executed_at"] is None
    assert started(clocked, s) == []
    # notify_on defaults to "failure": both failures were notified.
    _, _, notes = clocked.admin("GET", "notifications")
    mine = [n for n in notes["notifications"] if n["schedule_id"] == sid_of(s)]
    assert [n["event"] for n in mine] == ["failure", "failure"]
    assert clocked.request("DELETE", ACU_LIMIT, key=ENTERPRISE)[0] == 204
    advance(clocked, 60)
    got = get(clocked, s)
    assert got["consecutive_failures"] == 0 and got["last_executed_at"] is not None
    assert got["last_error_message"] is not None  # the last error stays on record
    assert len(started(clocked, s)) == 1


def test_deleted_playbook_is_a_failure(clocked):
    status, _, pb = clocked.post(f"/v3/organizations/{ORG1}/playbooks",
                                 {"title": "Nightly", "body": "Do the nightly thing"})
    assert status == 200, pb
    s = create(clocked, frequency="* * * * *", playbook_id=pb["playbook_id"])
    advance(clocked, 61)
    runs = started(clocked, s)
    assert len(runs) == 1 and runs[0]["playbook_id"] == pb["playbook_id"]
    status, _, _ = clocked.request("DELETE", f"/v3/organizations/{ORG1}/playbooks/{pb['playbook_id']}")
    assert status == 200
    advance(clocked, 60)
    got = get(clocked, s)
    assert got["consecutive_failures"] == 1 and "Playbook" in got["last_error_message"]


def test_notify_on_always_and_never(clocked):
    loud = create(clocked, frequency="* * * * *", notify_on="always", name="loud")
    quiet = create(clocked, frequency="* * * * *", notify_on="never", name="quiet")
    advance(clocked, 61)
    _, _, notes = clocked.admin("GET", "notifications")
    by = {}
    for n in notes["notifications"]:
        by.setdefault(n["schedule_id"], []).append(n)
    assert [n["event"] for n in by[sid_of(loud)]] == ["success"]
    assert by[sid_of(loud)][0]["session_id"] == started(clocked, loud)[0]["session_id"]
    assert sid_of(quiet) not in by and len(started(clocked, quiet)) == 1


def test_run_as_user(clocked):
    s = create(clocked, frequency="* * * * *", create_as_user_id="user-emulator-alice")
    assert "create_as_user_id" not in s and "_run_as_user_id" not in s
    advance(clocked, 61)
    assert started(clocked, s)[0]["user_id"] == "user-emulator-alice"
    patch(clocked, s, run_as_user_id=None)  # back to the default bot user
    advance(clocked, 60)
    users = sorted(str(r["user_id"]) for r in started(clocked, s))
    assert users == ["None", "user-emulator-alice"]
    status, _, err = clocked.post(SCHED, {"name": "x", "prompt": "y",
                                          "create_as_user_id": "user-emulator-bob"})
    assert status == 403, err


def test_long_jump_runs_every_slot_in_order(clocked):
    s = create(clocked, frequency="0 * * * *", name="hourly")
    start = now(clocked)
    advance(clocked, 2 * 86400)
    times = sorted(r["created_at"] for r in started(clocked, s))
    first = next_boundary(start, 3600)
    assert times == [first + i * 3600 for i in range(48)]
    # every one of them ran its script to the end at its own time
    runs = started(clocked, s)
    assert all(r["status_detail"] == "finished" for r in runs)
    assert all(r["updated_at"] - r["created_at"] < 60 for r in runs)
