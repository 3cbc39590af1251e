"""Request validation: 422 problem details with per-field errors, and the
legacy FastAPI body with --legacy-errors."""
from conftest import ENTERPRISE, ORG1

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


# --- one case per constraint kind of api/openapi.json -----------------------
# Each invalid request answers 422 with an error whose `loc` names the field
# and whose `type` is pydantic v2's code for the violated rule.

PLAYBOOKS = f"/v3/organizations/{ORG1}/playbooks"
SCHEDULES = f"/v3/organizations/{ORG1}/schedules"
SERVICE_USERS = f"/v3beta1/organizations/{ORG1}/service-users"


def error_at(body, loc):
    """The error of `body` whose loc is `loc` (asserts there is one)."""
    for e in body["errors"]:
        if e["loc"] == list(loc):
            return e
    raise AssertionError(f"no error at {loc}: {body['errors']}")


def assert_422(status, body, loc, type_):
    assert status == 422, body
    e = error_at(body, loc)
    assert e["type"] == type_, e
    assert e["msg"]
    return e


def test_required(emu):
    status, _, body = emu.post(PLAYBOOKS, {"title": "t"})
    assert_422(status, body, ("body", "body"), "missing")


def test_enum_names_the_field(emu):
    status, _, body = emu.post(SCHEDULES, {"name": "n", "prompt": "p", "notify_on": "sometimes"})
    e = assert_422(status, body, ("body", "notify_on"), "enum")
    assert "'always'" in e["msg"] and "'failure'" in e["msg"]


def test_type_errors(emu):
    # a JSON boolean is not an integer; a string is not a boolean
    status, _, body = emu.post(SERVICE_USERS, {"name": "x", "role_id": "r", "ttl_seconds": True})
    assert_422(status, body, ("body", "ttl_seconds"), "int_type")
    status, _, body = emu.post(SCHEDULES, {"name": "n", "prompt": "p", "bypass_approval": "yes"})
    assert_422(status, body, ("body", "bypass_approval"), "bool_type")
    status, _, body = emu.post(SERVICE_USERS, {"name": "x", "role_id": "r", "ttl_seconds": 1.5})
    assert_422(status, body, ("body", "ttl_seconds"), "int_from_float")
    status, _, body = emu.post(SESSIONS, {"prompt": "p", "tags": "not-a-list"})
    assert_422(status, body, ("body", "tags"), "list_type")


def test_integer_valued_float_is_an_integer(emu):
    # pydantic (the real server) accepts 100.0 for an integer field
    path = f"/v3/enterprise/consumption/acu-limits/devin/organizations/{ORG1}"
    status, _, body = emu.request("PUT", path, key=ENTERPRISE, body={"cycle_acu_limit": 100.0})
    assert 200 <= status < 300, body


def test_nullable(emu):
    # macro is nullable, title is not
    status, _, body = emu.post(PLAYBOOKS, {"title": None, "body": "b", "macro": None})
    assert_422(status, body, ("body", "title"), "string_type")
    assert all(e["loc"] != ["body", "macro"] for e in body["errors"])
    status, _, body = emu.post(PLAYBOOKS, {"title": "t", "body": "b", "macro": None})
    assert status == 200, body


def test_pattern_playbook_macro(emu):
    for bad in ("no-bang", "!", "!has space", "!semi;colon", "!!x", "!é"):
        status, _, body = emu.post(PLAYBOOKS, {"title": "t", "body": "b", "macro": bad})
        e = assert_422(status, body, ("body", "macro"), "string_pattern_mismatch")
        assert "^![A-Za-z0-9_-]+$" in e["msg"]
    for good in ("!my_macro", "!my-macro", "!A9"):
        status, _, body = emu.post(PLAYBOOKS, {"title": "t", "body": "b", "macro": good})
        assert status == 200, (good, body)
        pid = body["playbook_id"]
        # the update validates it too
        status, _, body = emu.request("PUT", f"{PLAYBOOKS}/{pid}",
                                      body={"title": "t", "body": "b", "macro": "bad macro"})
        assert_422(status, body, ("body", "macro"), "string_pattern_mismatch")
        emu.request("DELETE", f"{PLAYBOOKS}/{pid}")


BAD_CRON = [
    "every day",            # not cron at all
    "* * * *",              # 4 fields
    "0 * * * * *",          # 6 fields (seconds)
    "@daily",               # macros are not accepted
    "60 * * * *",           # minute out of range
    "0 24 * * *",           # hour out of range
    "0 0 0 * *",            # day of month starts at 1
    "0 0 32 * *",
    "0 0 * 13 *",           # month out of range
    "0 0 * * 8",            # day of week 0-7
    "0 0 * FOO *",          # unknown name
    "1,,2 * * * *",         # empty list element
    "*/0 * * * *",          # step 0
    "5-1 * * * *",          # backwards range
    "5/10 * * * *",         # a step needs * or a range
    "",
]
GOOD_CRON = [
    "* * * * *", "0 9 * * 1", "*/15 * * * *", "0 9-17/2 * * MON-FRI", "0 0 1,15 * *",
    "30 23 31 dec *", "0 0 * JAN,jul sun", "0 12 * * 7", "0 0 13 * 5", "  0  9 * * 1  ",
]


def test_format_cron_schedule_frequency(emu):
    for bad in BAD_CRON:
        status, _, body = emu.post(SCHEDULES, {"name": "n", "prompt": "p", "frequency": bad})
        e = assert_422(status, body, ("body", "frequency"), "value_error")
        assert "cron" in e["msg"], (bad, e)
    for good in GOOD_CRON:
        status, _, body = emu.post(SCHEDULES, {"name": "n", "prompt": "p", "frequency": good})
        assert status == 200, (good, body)
        sid = body["scheduled_session_id"]
        status, _, body = emu.request("PATCH", f"{SCHEDULES}/{sid}", body={"frequency": "61 * * * *"})
        assert_422(status, body, ("body", "frequency"), "value_error")
        emu.request("DELETE", f"{SCHEDULES}/{sid}")


def test_format_date_time(emu):
    for bad in ("tomorrow", "2030-01-01", "2030-01-01T10:00:00", "2030-13-01T10:00:00Z",
                "2030-02-30T10:00:00Z", "2030-01-01T25:00:00Z", "2030-01-01 10:00:00Z",
                "2030-01-01T10:00:00+2:00"):
        status, _, body = emu.post(SCHEDULES, {"name": "n", "prompt": "p", "schedule_type": "one_time",
                                               "scheduled_at": bad})
        assert_422(status, body, ("body", "scheduled_at"), "datetime_parsing")
    for good in ("2030-01-01T10:00:00Z", "2030-01-01T10:00:00.123456+02:00", "2032-02-29t10:00:00z"):
        status, _, body = emu.post(SCHEDULES, {"name": "n", "prompt": "p", "schedule_type": "one_time",
                                               "scheduled_at": good})
        assert status == 200, (good, body)
        emu.request("DELETE", f"{SCHEDULES}/{body['scheduled_session_id']}")


def test_format_uri(emu):
    for bad in ("not a url", "/relative/path", "https://", "https://exa mple.com/x"):
        status, _, body = emu.post(SESSIONS, {"prompt": "p", "attachment_urls": [bad]})
        assert_422(status, body, ("body", "attachment_urls", 0), "url_parsing")
    status, _, body = emu.post(SESSIONS, {"prompt": "p",
                                          "attachment_urls": ["https://example.com/a.txt"]})
    assert status == 200, body


def test_string_lengths_count_code_points(emu):
    status, _, body = emu.post(SERVICE_USERS, {"name": "", "role_id": "r", "ttl_seconds": 60})
    e = assert_422(status, body, ("body", "name"), "string_too_short")
    assert e["msg"] == "String should have at least 1 character"
    # 256 two-byte characters are 256 characters (512 bytes): allowed
    secret = {"key": "é" * 256, "value": "v"}
    status, _, body = emu.post(SESSIONS, {"prompt": "p", "session_secrets": [secret]})
    assert status == 200, body
    secret = {"key": "é" * 257, "value": "v"}
    status, _, body = emu.post(SESSIONS, {"prompt": "p", "session_secrets": [secret]})
    e = assert_422(status, body, ("body", "session_secrets", 0, "key"), "string_too_long")
    assert "256 characters" in e["msg"]


def test_minimum_and_maximum(emu):
    path = f"/v3/enterprise/consumption/acu-limits/devin/organizations/{ORG1}"
    status, _, body = emu.request("PUT", path, key=ENTERPRISE, body={"cycle_acu_limit": -1})
    e = assert_422(status, body, ("body", "cycle_acu_limit"), "greater_than_equal")
    assert e["msg"] == "Input should be greater than or equal to 0"
    status, _, body = emu.post(SERVICE_USERS, {"name": "x", "role_id": "r", "ttl_seconds": 31536001})
    assert_422(status, body, ("body", "ttl_seconds"), "less_than_equal")
    status, _, body = emu.get(f"/v3/organizations/{ORG1}/metrics/dau", query={"min_sessions": -1})
    assert_422(status, body, ("query", "min_sessions"), "greater_than_equal")


def test_min_and_max_items(emu):
    status, _, body = emu.post("/v3/enterprise/idp-groups", {"idp_group_names": []}, key=ENTERPRISE)
    assert_422(status, body, ("body", "idp_group_names"), "too_short")
    names = [f"g{i}" for i in range(101)]
    status, _, body = emu.post("/v3/enterprise/idp-groups", {"idp_group_names": names}, key=ENTERPRISE)
    assert_422(status, body, ("body", "idp_group_names"), "too_long")


def test_unique_items(emu):
    body = {"groups": {"g": {"org_ids": [ORG1, ORG1]}}}
    status, _, body = emu.request("PUT", "/v3/enterprise/org-group-limits", key=ENTERPRISE, body=body)
    assert_422(status, body, ("body", "groups", "g", "org_ids", 1), "value_error")


def test_unknown_fields_are_accepted_and_ignored(emu):
    status, _, body = emu.post(SESSIONS, {"prompt": "p", "zz_unknown": {"a": 1}})
    assert status == 200, body
    assert "zz_unknown" not in body
    status, _, body = emu.post(PLAYBOOKS, {"title": "t", "body": "b", "zz_unknown": 1})
    assert status == 200, body
    assert "zz_unknown" not in body
    _, _, again = emu.get(f"{PLAYBOOKS}/{body['playbook_id']}")
    assert "zz_unknown" not in again


def test_pattern_on_a_long_value_does_not_crash(emu):
    # std::regex's backtracking matcher recursed once per character: a
    # 100 kB value overflowed the stack and took the emulator down
    long_macro = "!" + "a" * 300_000
    status, _, body = emu.post(PLAYBOOKS, {"title": "t", "body": "b", "macro": long_macro + " "})
    assert_422(status, body, ("body", "macro"), "string_pattern_mismatch")
    status, _, body = emu.post(PLAYBOOKS, {"title": "t", "body": "b", "macro": long_macro})
    assert status == 200, body
    emu.request("DELETE", f"{PLAYBOOKS}/{body['playbook_id']}")
    assert emu.get(PLAYBOOKS)[0] == 200


def test_deeply_nested_body_is_refused_not_fatal(emu):
    # the emulator walks stored values recursively: a body nested 100 000
    # levels deep overflowed its stack; deeper than 512 levels answers 422
    deep = '{"a":' * 100_000 + "1" + "}" * 100_000
    raw = ('{"title": "t", "body": "b", "structured_output_schema": ' + deep + "}").encode()
    status, _, body = emu.request("POST", PLAYBOOKS, raw_body=raw,
                                  headers={"Content-Type": "application/json"})
    assert_422(status, body, ("body",), "json_invalid")
    nested = {"type": "object"}
    for _ in range(100):
        nested = {"type": "object", "properties": {"x": nested}}
    status, _, body = emu.post(PLAYBOOKS, {"title": "t", "body": "b",
                                           "structured_output_schema": nested})
    assert status == 200, body
    emu.request("DELETE", f"{PLAYBOOKS}/{body['playbook_id']}")
    assert emu.get(PLAYBOOKS)[0] == 200
