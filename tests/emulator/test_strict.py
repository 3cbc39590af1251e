"""--strict: the emulator validates each of its own successful JSON answers
against the response schema of the operation (api/openapi.json) and answers
500 problem+json naming the violated rule instead of a non-conforming body."""
from __future__ import annotations

import inspect
import json
import signal

import pytest

from conftest import ENTERPRISE, ORG1, Emulator

TITLE = "Emulator response violates the API description"
PLAYBOOKS = f"/v3/organizations/{ORG1}/playbooks"
SCHEDULES = f"/v3/organizations/{ORG1}/schedules"


# The suite's emulators run with --strict; `strict=False` turns that off.
NOT_STRICT = {"strict": False} if "strict" in inspect.signature(Emulator).parameters else {}


def find_item(node, key, value):
    """The dict inside `node` (any depth) whose `key` is `value`."""
    if isinstance(node, dict):
        if node.get(key) == value:
            return node
        children = node.values()
    elif isinstance(node, list):
        children = node
    else:
        return None
    for child in children:
        found = find_item(child, key, value)
        if found is not None:
            return found
    return None


def stop_and_read_stderr(emu):
    emu.proc.send_signal(signal.SIGTERM)
    emu.proc.wait(timeout=10)
    return emu.proc.stderr.read()


def test_a_normal_flow_has_no_violation(spawn):
    emu = spawn(["--strict", "--speed", "100"])
    calls = []

    def call(method, path, body=None, key=None, **kw):
        kwargs = {"body": body, **kw}
        if key:
            kwargs["key"] = key
        status, _, resp = emu.request(method, path, **kwargs)
        calls.append((method, path, status))
        assert status != 500, (method, path, resp)
        assert status < 300, (method, path, resp)
        return resp

    s = call("POST", f"/v3/organizations/{ORG1}/sessions", {"prompt": "hello", "tags": ["a"]})
    emu.wait_session(s["session_id"], lambda x: x["status"] == "running" and
                     x.get("status_detail") == "finished")
    call("GET", f"/v3/organizations/{ORG1}/sessions/{s['session_id']}")
    call("GET", f"/v3/organizations/{ORG1}/sessions")
    call("GET", f"/v3/organizations/{ORG1}/sessions/{s['session_id']}/messages")
    pb = call("POST", PLAYBOOKS, {"title": "t", "body": "b", "macro": "!strict"})
    call("GET", f"{PLAYBOOKS}/{pb['playbook_id']}")
    call("GET", PLAYBOOKS)
    sc = call("POST", SCHEDULES, {"name": "n", "prompt": "p", "frequency": "0 9 * * 1",
                                  "playbook_id": pb["playbook_id"]})
    call("GET", f"{SCHEDULES}/{sc['scheduled_session_id']}")
    call("GET", SCHEDULES)
    one = call("POST", SCHEDULES, {"name": "once", "prompt": "p", "schedule_type": "one_time",
                                   "scheduled_at": "2030-01-01T09:00:00Z"})
    call("GET", f"{SCHEDULES}/{one['scheduled_session_id']}")
    note = call("POST", f"/v3/organizations/{ORG1}/knowledge/notes",
                {"name": "n", "body": "b", "trigger": "when"})
    call("GET", f"/v3/organizations/{ORG1}/knowledge/notes")
    call("DELETE", f"/v3/organizations/{ORG1}/knowledge/notes/{note['note_id']}")
    call("GET", "/v3/self")
    call("GET", "/v3/enterprise/organizations", key=ENTERPRISE)
    call("GET", "/v3/enterprise/audit-logs", key=ENTERPRISE)
    call("GET", "/v3/enterprise/roles", key=ENTERPRISE)
    call("GET", f"/v3/enterprise/sessions/{s['session_id']}", key=ENTERPRISE)
    assert len(calls) >= 15


@pytest.fixture
def violating_state(spawn, tmp_path):
    """A --state file holding a playbook whose title is a number (the
    description says string) and the playbook's id."""
    state = tmp_path / "state.json"
    emu = spawn(["--state", str(state)])
    status, _, pb = emu.post(PLAYBOOKS, {"title": "t", "body": "b"})
    assert status == 200, pb
    stop_and_read_stderr(emu)
    data = json.loads(state.read_text())
    item = find_item(data, "playbook_id", pb["playbook_id"])
    assert item is not None
    item["title"] = 5
    state.write_text(json.dumps(data))
    return state, pb["playbook_id"]


def test_a_violation_answers_500_naming_the_rule(spawn, violating_state):
    state, pid = violating_state
    emu = spawn(["--strict", "--state", str(state)])
    status, rh, body = emu.get(f"{PLAYBOOKS}/{pid}")
    assert status == 500, body
    assert rh["content-type"].startswith("application/problem+json")
    assert body["title"] == TITLE
    assert body["status"] == 500
    assert body["detail"].startswith("playbooks.get: $.title: ")
    assert "string_type" in body["detail"] and "got integer" in body["detail"]
    # a list names the item's path
    status, _, body = emu.get(PLAYBOOKS)
    assert status == 500 and body["title"] == TITLE
    assert "playbooks.list: $.items[" in body["detail"] and "].title" in body["detail"]
    # errors are not checked: a 404 stays a 404
    assert emu.get(f"{PLAYBOOKS}/playbook-missing")[0] == 404
    err = stop_and_read_stderr(emu)
    assert "playbooks.get: $.title" in err


def test_strict_from_the_environment(spawn, violating_state, monkeypatch):
    state, pid = violating_state
    monkeypatch.setenv("DEVIN_EMULATOR_STRICT", "1")
    emu = spawn(["--state", str(state)], **NOT_STRICT)
    status, _, body = emu.get(f"{PLAYBOOKS}/{pid}")
    assert status == 500 and body["title"] == TITLE


def test_without_strict_the_answer_goes_out(spawn, violating_state, monkeypatch):
    state, pid = violating_state
    monkeypatch.delenv("DEVIN_EMULATOR_STRICT", raising=False)
    emu = spawn(["--state", str(state)], **NOT_STRICT)
    status, _, body = emu.get(f"{PLAYBOOKS}/{pid}")
    assert status == 200 and body["title"] == 5


def test_nullable_beside_all_of_and_null_where_not_nullable(spawn, tmp_path):
    """ScheduleResponse.playbook is {allOf: [PlaybookInfo], nullable: true}:
    null passes; `enabled` (boolean, not nullable) null fails."""
    state = tmp_path / "state.json"
    emu = spawn(["--state", str(state)])
    status, _, sc = emu.post(SCHEDULES, {"name": "n", "prompt": "p", "frequency": "0 9 * * 1"})
    assert status == 200, sc
    sid = sc["scheduled_session_id"]
    stop_and_read_stderr(emu)
    data = json.loads(state.read_text())
    item = find_item(data, "scheduled_session_id", sid)
    item["playbook"] = None
    state.write_text(json.dumps(data))
    emu = spawn(["--strict", "--state", str(state)])
    status, _, body = emu.get(f"{SCHEDULES}/{sid}")
    assert status == 200, body
    assert body["playbook"] is None
    stop_and_read_stderr(emu)
    data = json.loads(state.read_text())
    find_item(data, "scheduled_session_id", sid)["enabled"] = None
    state.write_text(json.dumps(data))
    emu = spawn(["--strict", "--state", str(state)])
    status, _, body = emu.get(f"{SCHEDULES}/{sid}")
    assert status == 500, body
    assert body["detail"].startswith("schedules.get: $.enabled: ")
    assert "bool_type" in body["detail"] and "got null" in body["detail"]


def test_format_violations_in_answers(spawn, tmp_path):
    """A date-time field that is not RFC 3339 violates the description."""
    state = tmp_path / "state.json"
    emu = spawn(["--state", str(state)])
    status, _, sc = emu.post(SCHEDULES, {"name": "n", "prompt": "p", "frequency": "0 9 * * 1"})
    assert status == 200, sc
    sid = sc["scheduled_session_id"]
    stop_and_read_stderr(emu)
    data = json.loads(state.read_text())
    find_item(data, "scheduled_session_id", sid)["created_at"] = "yesterday"
    state.write_text(json.dumps(data))
    emu = spawn(["--strict", "--state", str(state)])
    status, _, body = emu.get(f"{SCHEDULES}/{sid}")
    assert status == 500, body
    assert body["detail"].startswith("schedules.get: $.created_at: ")
    assert "datetime_parsing" in body["detail"]
