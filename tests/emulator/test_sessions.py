"""The simulated session lifecycle (at --speed 100)."""
from conftest import ORG1

BASE = f"/v3/organizations/{ORG1}/sessions"

SCHEMA = {
    "type": "object",
    "required": ["summary", "score", "level", "items", "done"],
    "properties": {
        "summary": {"type": "string"},
        "score": {"type": "integer"},
        "level": {"type": "string", "enum": ["low", "high"]},
        "items": {"type": "array", "items": {"type": "object",
                                             "properties": {"name": {"type": "string"}}}},
        "done": {"type": "boolean"},
        "kind": {"const": "report"},
        "ratio": {"type": "number", "default": 0.5},
    },
}


def finished(s):
    return s["status"] == "running" and s.get("status_detail") == "finished"


def messages(emu, sid):
    _, _, page = emu.get(f"{BASE}/{sid}/messages", query={"first": 200})
    return page["items"]


def test_lifecycle_to_finished_with_structured_output(emu):
    s = emu.create_session("Write a report", structured_output_schema=SCHEMA, tags=["x"])
    assert s["status"] == "new" and s["session_id"].startswith("devin-")
    seen = set()
    done = emu.wait_session(s["session_id"], lambda x: seen.add(x["status"]) or finished(x))
    assert "new" in seen or "claimed" in seen or "running" in seen
    out = done["structured_output"]
    assert out["level"] == "low" and out["kind"] == "report" and out["ratio"] == 0.5
    assert isinstance(out["score"], int) and isinstance(out["items"], list)
    msgs = messages(emu, s["session_id"])
    assert msgs[0]["source"] == "user" and msgs[0]["message"] == "Write a report"
    assert any(m["source"] == "devin" for m in msgs)


def test_pull_request_marker(emu):
    s = emu.create_session("Fix it and open a pull request")
    done = emu.wait_session(s["session_id"], finished)
    assert done["pull_requests"] and done["pull_requests"][0]["pr_url"].startswith("https://")


def test_error_exit_markers(emu):
    e = emu.create_session("boom [emulator:error]")
    emu.wait_session(e["session_id"], lambda x: x["status"] == "error")
    x = emu.create_session("bye [emulator:exit]")
    emu.wait_session(x["session_id"], lambda s: s["status"] == "exit")


def test_suspend_and_resume_with_message(emu):
    s = emu.create_session("nap [emulator:suspend]")
    sid = s["session_id"]
    emu.wait_session(sid, lambda x: x["status"] == "suspended")
    status, _, after = emu.post(f"{BASE}/{sid}/messages", {"message": "wake up"})
    assert status == 200 and after["status"] == "resuming"
    emu.wait_session(sid, finished)
    msgs = messages(emu, sid)
    assert msgs[-1]["source"] == "devin"
    assert any(m["message"] == "wake up" for m in msgs)


def test_wait_for_user(emu):
    s = emu.create_session("ask [emulator:wait_for_user]")
    sid = s["session_id"]
    emu.wait_session(sid, lambda x: x.get("status_detail") == "waiting_for_user")
    emu.post(f"{BASE}/{sid}/messages", {"message": "main"})
    emu.wait_session(sid, finished)


def test_terminate_and_archive(emu):
    s = emu.create_session("stop me")
    sid = s["session_id"]
    status, _, t = emu.request("DELETE", f"{BASE}/{sid}", query={"archive": "true"})
    assert status == 200 and t["status"] == "exit" and t["is_archived"] is True
    assert emu.post(f"{BASE}/{sid}/messages", {"message": "hi"})[0] == 400
    s2 = emu.create_session("archive me")
    status, _, a = emu.post(f"{BASE}/{s2['session_id']}/archive")
    assert status == 200 and a["is_archived"] is True
    assert emu.get(f"{BASE}/devin-doesnotexist")[0] == 404


def test_tags_append_dedupes_and_replace(emu):
    s = emu.create_session("tags", tags=["a"])
    path = f"{BASE}/{s['session_id']}/tags"
    assert emu.post(path, {"tags": ["a", "b", "b"]})[2]["tags"] == ["a", "b"]
    assert emu.get(path)[2]["tags"] == ["a", "b"]
    assert emu.request("PUT", path, body={"tags": ["z"]})[2]["tags"] == ["z"]
    assert emu.get(f"{BASE}/{s['session_id']}")[2]["tags"] == ["z"]


def test_insights_generation(emu):
    s = emu.create_session("insightful")
    sid = s["session_id"]
    emu.wait_session(sid, finished)
    first = emu.post(f"{BASE}/{sid}/insights/generate")[2]
    again = emu.post(f"{BASE}/{sid}/insights/generate")[2]
    assert first == {"session_id": sid, "status": "started"}
    assert again["status"] == "already_exists"
    status, _, ins = emu.get(f"{BASE}/{sid}/insights")
    assert status == 200 and ins["num_user_messages"] >= 1 and ins["session_size"]


def test_attachments_upload_and_presigned_download(emu):
    boundary = "b0undary"
    data = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"log.txt\"\r\nContent-Type: text/plain\r\n\r\nhello bytes\r\n"
            f"--{boundary}--\r\n").encode()
    status, _, att = emu.request("POST", f"/v3/organizations/{ORG1}/attachments", raw_body=data,
                                 headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert status == 200 and att["name"] == "log.txt" and att["attachment_id"]
    path = att["url"].split(str(emu.port), 1)[1]
    status, rh, _ = emu.get(path)
    assert status == 307
    loc = rh["location"]
    assert "/_emulator/blobs/" in loc
    status, rh, body = emu.get(loc.split(str(emu.port), 1)[1], key=None)
    assert status == 200 and body == "hello bytes"
    s = emu.create_session("see attachment", attachment_urls=[att["url"]])
    _, _, listed = emu.get(f"{BASE}/{s['session_id']}/attachments")
    assert listed[0]["name"] == "log.txt"


def test_advance_helper(spawn):
    emu = spawn(["--speed", "0.001"])
    s = emu.create_session("slowly")
    for _ in range(4):
        emu.admin("POST", f"sessions/{s['session_id']}/advance")
        import time
        time.sleep(0.05)
    emu.wait_session(s["session_id"], finished, timeout=5)


def test_enterprise_session_views(emu):
    s = emu.create_session("seen by the enterprise")
    from conftest import ENTERPRISE
    status, _, got = emu.get(f"/v3/enterprise/sessions/{s['session_id']}", key=ENTERPRISE)
    assert status == 200 and got["org_id"] == ORG1
    _, _, page = emu.get("/v3/enterprise/sessions", key=ENTERPRISE, query={"first": 200})
    assert s["session_id"] in {x["session_id"] for x in page["items"]}
