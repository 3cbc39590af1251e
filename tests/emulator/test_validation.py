"""Request validation: 422 problem details with per-field errors, and the
legacy FastAPI body with --legacy-errors."""
from conftest import ORG1

SESSIONS = f"/v3/organizations/{ORG1}/sessions"


def errs(body):
    return {(tuple(e["loc"]), e["type"]) for e in body["errors"]}


def test_missing_required_and_wrong_types(emu):
    status, rh, body = emu.post(SESSIONS, {"title": 5})
    assert status == 422
    assert rh["content-type"].startswith("application/problem+json")
    locs = {tuple(e["loc"]) for e in body["errors"]}
    assert ("body", "prompt") in locs
    assert ("body", "title") in locs
    for e in body["errors"]:
        assert set(e) >= {"loc", "msg", "type"}


def test_invalid_json_body(emu):
    status, _, body = emu.request("POST", SESSIONS, raw_body=b"{not json",
                                  headers={"Content-Type": "application/json"})
    assert status == 422
    assert body["errors"][0]["type"] == "json_invalid"


def test_first_out_of_range(emu):
    for first in (0, 201, -3):
        status, _, body = emu.get(SESSIONS, query={"first": first})
        assert status == 422, first
        assert body["errors"][0]["loc"] == ["query", "first"]
    status, _, body = emu.get(SESSIONS, query={"first": "abc"})
    assert status == 422 and body["errors"][0]["type"] == "int_parsing"
    assert emu.get(SESSIONS, query={"first": 200})[0] == 200


def test_too_many_tags(emu):
    status, _, body = emu.post(SESSIONS, {"prompt": "p", "tags": [f"t{i}" for i in range(51)]})
    assert status == 422
    assert any(e["loc"][:2] == ["body", "tags"] for e in body["errors"])


def test_structured_output_schema_over_64kb(emu):
    big = {"type": "object", "description": "x" * 70000}
    status, _, body = emu.post(SESSIONS, {"prompt": "p", "structured_output_schema": big})
    assert status == 422
    assert body["errors"][0]["loc"] == ["body", "structured_output_schema"]


def test_unknown_enum_value(emu):
    status, _, body = emu.post(SESSIONS, {"prompt": "p", "devin_mode": "warp-speed"})
    assert status == 422
    assert body["errors"][0]["type"] == "enum"


def test_invalid_cursor(emu):
    status, _, body = emu.get(SESSIONS, query={"after": "!!!notacursor"})
    assert status == 422


def test_legacy_errors_mode(spawn):
    emu = spawn(["--legacy-errors", "--speed", "100"])
    status, rh, body = emu.post(SESSIONS, {})
    assert status == 422
    assert rh["content-type"].startswith("application/json")
    assert isinstance(body["detail"], list)
    assert body["detail"][0]["loc"] == ["body", "prompt"]
    assert {"loc", "msg", "type"} <= set(body["detail"][0])
    # other errors stay problem details
    status, rh, _ = emu.get("/v3/self", key="cog_unknown")
    assert status == 401 and rh["content-type"].startswith("application/problem+json")
