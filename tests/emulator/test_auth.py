"""Authentication (401), RBAC and org isolation (403), x-request-id."""
from conftest import ADMIN, ENTERPRISE, ORG1, ORG2, ORG2_ID, READONLY

SESSIONS = f"/v3/organizations/{ORG1}/sessions"


def problem(rh, body, status):
    assert rh["content-type"].startswith("application/problem+json")
    assert body["status"] == status
    for k in ("type", "title", "detail", "instance"):
        assert k in body
    assert "x-request-id" in rh


def test_missing_malformed_unknown_and_legacy_keys_are_401(emu):
    for headers in ({}, {"Authorization": "cog_emulator_org_admin"},
                    {"Authorization": "Basic abc"},
                    {"Authorization": "Bearer cog_nope"},
                    {"Authorization": "Bearer apk_user_legacy"},
                    {"Authorization": "Bearer apk_legacy"},
                    {"Authorization": "Bearer something"}):
        status, rh, body = emu.request("GET", "/v3/self", key=None, headers=headers)
        assert status == 401, headers
        problem(rh, body, 401)


def test_self_for_every_seeded_service_user(emu):
    for key, org in ((ADMIN, ORG1), (READONLY, ORG1), (ORG2, ORG2_ID), (ENTERPRISE, None)):
        status, _, me = emu.get("/v3/self", key=key)
        assert status == 200
        assert me["principal_type"] == "service_user"
        assert me["service_user_id"] and me["service_user_name"]
        assert me["org_id"] == org


def test_org_key_on_another_org_is_403(emu):
    status, rh, body = emu.get(f"/v3/organizations/{ORG2_ID}/sessions", key=ADMIN)
    assert status == 403
    problem(rh, body, 403)


def test_org_key_on_enterprise_endpoint_is_403(emu):
    status, rh, body = emu.get("/v3/enterprise/organizations", key=ADMIN)
    assert status == 403
    problem(rh, body, 403)


def test_missing_permission_is_403(emu):
    status, _, _ = emu.post(SESSIONS, {"prompt": "x"}, key=READONLY)
    assert status == 403
    status, _, _ = emu.get(SESSIONS, key=READONLY)
    assert status == 200


def test_enterprise_key_holds_org_permissions_in_every_org(emu):
    for org in (ORG1, ORG2_ID):
        status, _, _ = emu.get(f"/v3/organizations/{org}/sessions", key=ENTERPRISE)
        assert status == 200
    status, _, s = emu.post(f"/v3/organizations/{ORG2_ID}/sessions", {"prompt": "hi"},
                            key=ENTERPRISE)
    assert status == 200, s


def test_create_as_user_needs_member_with_use_devin_sessions(fresh):
    emu = fresh
    ok = emu.post(SESSIONS, {"prompt": "p", "create_as_user_id": "user-emulator-alice"})
    assert ok[0] == 200 and ok[2]["user_id"] == "user-emulator-alice"
    no_perm = emu.post(SESSIONS, {"prompt": "p", "create_as_user_id": "user-emulator-bob"})
    assert no_perm[0] == 403
    not_member = emu.post(SESSIONS, {"prompt": "p", "create_as_user_id": "user-emulator-dave"})
    assert not_member[0] == 403
    org2 = emu.post(f"/v3/organizations/{ORG2_ID}/sessions",
                    {"prompt": "p", "create_as_user_id": "user-emulator-alice"}, key=ORG2)
    assert org2[0] == 403


def test_unknown_route_is_404_problem(emu):
    status, rh, body = emu.get("/v3/nothing-here")
    assert status == 404
    problem(rh, body, 404)


def test_every_response_has_request_id(emu):
    ids = set()
    for path in ("/v3/self", "/_emulator/health", "/v3/unknown"):
        _, rh, _ = emu.get(path)
        ids.add(rh["x-request-id"])
    assert len(ids) == 3


def test_provisioned_service_user_key_works(fresh):
    emu = fresh
    status, _, out = emu.post(f"/v3beta1/organizations/{ORG1}/service-users",
                              {"name": "ci-bot", "role_id": "org_member",
                               "ttl_seconds": 3600})
    assert status == 200, out
    token = out["token"]
    status, _, me = emu.get("/v3/self", key=token)
    assert status == 200 and me["service_user_name"] == "ci-bot"
    assert emu.post(SESSIONS, {"prompt": "x"}, key=token)[0] == 200
