"""Persistence (--state), TLS, rate limiting, clean shutdown, audit log."""
import signal
import ssl
import subprocess
import time

from conftest import ENTERPRISE, ORG1

NOTES = f"/v3/organizations/{ORG1}/knowledge/notes"


def test_state_survives_restart(spawn, tmp_path):
    state = tmp_path / "state.json"
    a = spawn(["--state", str(state), "--speed", "100"])
    status, _, n = a.post(NOTES, {"name": "keep", "body": "me", "trigger": "t"})
    assert status == 200
    s = a.create_session("persist me", tags=["p"])
    _, _, secret = a.post(f"/v3/organizations/{ORG1}/secrets",
                          {"type": "cookie", "key": "K", "value": "hunter2"})
    assert "value" not in secret and "hunter2" not in str(secret)
    assert a.stop(signal.SIGTERM) == 0
    assert state.exists()
    b = spawn(["--state", str(state), "--speed", "100"])
    assert b.get(f"{NOTES}/{n['note_id']}")[0] == 200
    _, _, again = b.get(f"/v3/organizations/{ORG1}/sessions/{s['session_id']}")
    assert again["tags"] == ["p"]
    b.wait_session(s["session_id"], lambda x: x.get("status_detail") == "finished")
    _, _, secrets = b.get(f"/v3/organizations/{ORG1}/secrets")
    assert "hunter2" not in str(secrets)


def test_simulated_clock_and_schedules_survive_restart(spawn, tmp_path):
    state = tmp_path / "state.json"
    a = spawn(["--state", str(state), "--speed", "100"])
    status, _, sched = a.post(f"/v3/organizations/{ORG1}/schedules",
                              {"name": "hourly", "prompt": "tick", "frequency": "0 * * * *"})
    assert status == 200, sched
    ahead = a.admin("POST", "clock", {"advance_seconds": 7200})[2]["now"]
    _, _, page = a.get(f"/v3/organizations/{ORG1}/sessions",
                       query={"schedule_id": sched["scheduled_session_id"]})
    assert len(page["items"]) == 2
    assert a.stop(signal.SIGTERM) == 0
    b = spawn(["--state", str(state), "--speed", "100"])
    assert b.admin("GET", "clock")[2]["now"] >= ahead  # time did not go back
    b.admin("POST", "clock", {"advance_seconds": 3600})
    _, _, page = b.get(f"/v3/organizations/{ORG1}/sessions",
                       query={"schedule_id": sched["scheduled_session_id"]})
    assert len(page["items"]) == 3


def test_tls(spawn, tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    ctx = ssl.create_default_context(cafile=str(cert))
    ctx.check_hostname = False
    e = spawn(["--tls-cert", str(cert), "--tls-key", str(key)], https=True, ssl_context=ctx)
    assert e.base.startswith("https://")
    status, _, me = e.get("/v3/self")
    assert status == 200 and me["org_id"] == ORG1


def test_rate_limit(spawn):
    e = spawn(["--rate-limit", "5"])
    codes = [e.get("/v3/self")[0] for _ in range(20)]
    assert 429 in codes and codes[0] == 200
    status, rh, body = e.get("/v3/self")
    if status == 429:
        assert rh["content-type"].startswith("application/problem+json")
        assert "retry-after" in rh
    # other keys have their own bucket
    assert e.get("/v3/self", key=ENTERPRISE)[0] == 200
    time.sleep(1.0)
    assert e.get("/v3/self")[0] == 200


def test_sigint_exits_cleanly(spawn):
    e = spawn([])
    assert e.stop(signal.SIGINT) == 0


def test_mutations_are_audited(fresh):
    emu = fresh
    emu.post(NOTES, {"name": "audited", "body": "b", "trigger": "t"})
    _, _, page = emu.get("/v3/enterprise/audit-logs", key=ENTERPRISE, query={"first": 200})
    actions = [e["action"] for e in page["items"]]
    # actions are the API's operation names, verb first in snake_case, as
    # the v1/v2 audit actions are documented (create_session, assign_roles)
    assert "create_note" in actions
    _, _, only = emu.get("/v3/enterprise/audit-logs", key=ENTERPRISE,
                         query={"action": "create_note"})
    assert only["items"] and all(e["action"] == "create_note" for e in only["items"])
    _, _, org_page = emu.get(f"/v3/enterprise/organizations/{ORG1}/audit-logs", key=ENTERPRISE)
    assert all(e["org_id"] == ORG1 for e in org_page["items"])


def test_crud_round_trip(fresh):
    emu = fresh
    _, _, pb = emu.post(f"/v3/organizations/{ORG1}/playbooks", {"title": "T", "body": "B"})
    pid = pb["playbook_id"]
    assert pid.startswith("playbook-")
    _, _, upd = emu.request("PUT", f"/v3/organizations/{ORG1}/playbooks/{pid}",
                            body={"title": "T2", "body": "B2"})
    assert upd["title"] == "T2"
    assert emu.get(f"/v3/organizations/{ORG1}/playbooks/{pid}")[2]["body"] == "B2"
    assert emu.request("DELETE", f"/v3/organizations/{ORG1}/playbooks/{pid}")[0] == 200
    assert emu.get(f"/v3/organizations/{ORG1}/playbooks/{pid}")[0] == 404
