"""The /_emulator/ admin API: faults of every kind, reset, request log."""
import http.client
import time

import pytest

from conftest import ORG1


@pytest.fixture(autouse=True)
def no_faults(emu):
    emu.admin("DELETE", "faults")
    yield
    emu.admin("DELETE", "faults")


def test_health(emu):
    assert emu.admin("GET", "health")[2] == {"ok": True}


def test_status_fault_with_retry_after_and_count(emu):
    status, _, out = emu.admin("POST", "faults", {"method": "GET", "path": "/v3/self",
                                                  "kind": "status", "status": 503, "count": 2,
                                                  "retry_after": "2", "retry_after_ms": 150})
    assert status == 200 and out["id"]
    for _ in range(2):
        status, rh, body = emu.get("/v3/self")
        assert status == 503 and rh["retry-after"] == "2" and rh["retry-after-ms"] == "150"
        assert rh["content-type"].startswith("application/problem+json") and body["status"] == 503
    assert emu.get("/v3/self")[0] == 200


def test_status_fault_custom_body_and_method_filter(emu):
    emu.admin("POST", "faults", {"method": "POST", "path": "/v3/organizations/*/sessions",
                                 "status": 429, "body": {"detail": "slow down"}})
    assert emu.get(f"/v3/organizations/{ORG1}/sessions")[0] == 200
    status, _, body = emu.post(f"/v3/organizations/{ORG1}/sessions", {"prompt": "x"})
    assert status == 429 and body == {"detail": "slow down"}


def test_delay_fault(emu):
    emu.admin("POST", "faults", {"path": "/v3/self", "kind": "delay", "delay_ms": 300})
    t = time.time()
    assert emu.get("/v3/self")[0] == 200
    assert time.time() - t >= 0.28


def test_close_fault(emu):
    emu.admin("POST", "faults", {"path": "/v3/self", "kind": "close"})
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        emu.get("/v3/self")
    assert emu.get("/v3/self")[0] == 200


def test_truncate_fault(emu):
    emu.admin("POST", "faults", {"path": "/v3/self", "kind": "truncate"})
    with pytest.raises(http.client.IncompleteRead):
        emu.get("/v3/self")


def test_malformed_fault(emu):
    emu.admin("POST", "faults", {"path": "/v3/self", "kind": "malformed"})
    c = emu.conn()
    c.request("GET", "/v3/self", headers={"Authorization": "Bearer cog_emulator_org_admin"})
    r = c.getresponse()
    assert r.status == 200 and r.getheader("content-type").startswith("application/json")
    import json
    with pytest.raises(ValueError):
        json.loads(r.read())
    c.close()


def test_stall_fault(emu):
    emu.admin("POST", "faults", {"path": "/v3/self", "kind": "stall", "delay_ms": 1500})
    c = emu.conn(timeout=0.5)
    c.request("GET", "/v3/self", headers={"Authorization": "Bearer cog_emulator_org_admin"})
    r = c.getresponse()  # headers arrive
    assert r.status == 200
    with pytest.raises((TimeoutError, OSError)):
        r.read()
    c.close()


def test_delete_faults(emu):
    emu.admin("POST", "faults", {"path": "*", "status": 500, "count": 100})
    emu.admin("DELETE", "faults")
    assert emu.get("/v3/self")[0] == 200


def test_request_log_and_reset(emu):
    emu.admin("DELETE", "requests")
    emu.request("POST", f"/v3/organizations/{ORG1}/sessions", body={"prompt": "logged"},
                query={"x": "1"})
    emu.get("/v3/self")
    _, _, log = emu.admin("GET", "requests")
    reqs = log["requests"]
    assert [r["method"] for r in reqs] == ["POST", "GET"]
    assert reqs[0]["path"] == f"/v3/organizations/{ORG1}/sessions"
    assert reqs[0]["query"] == "x=1"
    assert reqs[0]["headers"]["authorization"] == "Bearer [redacted]"
    assert '"prompt": "logged"' in reqs[0]["body"]
    emu.admin("POST", "faults", {"path": "*", "status": 500, "count": 100})
    emu.reset()
    assert emu.admin("GET", "requests")[2]["requests"] == []
    assert emu.get("/v3/self")[0] == 200
