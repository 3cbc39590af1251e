"""Roles and role assignments: one relation store behind every member view
and behind RBAC (users, service users, IdP groups; enterprise and org scope),
the documented rules, and a seed that is checked instead of rewritten."""
from __future__ import annotations

import json
import subprocess

import pytest

from conftest import ADMIN, ENTERPRISE, ORG1, ORG2_ID, READONLY, Emulator, emulator_bin

E = "/v3/enterprise"
ORG_USERS = f"{E}/organizations/{ORG1}/members/users"
ORG_SUS = f"{E}/organizations/{ORG1}/members/service-users"
ORG_GROUPS = f"{E}/organizations/{ORG1}/members/idp-groups"
SESSIONS = f"/v3/organizations/{ORG1}/sessions"
ADMIN_SU = "service-user-emulator-org-admin"
READONLY_SU = "service-user-emulator-org-readonly"


def call(emu, method, path, body=None, key=ENTERPRISE, query=None):
    return emu.request(method, path, key=key, body=body, query=query)


def ok(emu, method, path, body=None, key=ENTERPRISE, query=None):
    status, _, data = call(emu, method, path, body, key, query)
    assert status == 200, (method, path, status, data)
    return data


def roles_of(item, org="any"):
    return sorted((a["org_id"] or "", a["role"]["role_id"]) for a in item["role_assignments"]
                  if org == "any" or (a["org_id"] or "") == org)


def field_error(data, name):
    assert data["status"] == 422, data
    assert any(e["loc"][-1] == name for e in data["errors"]), data


# ---- the seed ----------------------------------------------------------------

def test_seeded_roles_are_realistic_and_valid(fresh):
    roles = ok(fresh, "GET", f"{E}/roles")["items"]
    got = {(r["role_id"], r["role_name"], r["role_type"]) for r in roles}
    assert got == {("account_admin", "Admin", "enterprise"),
                   ("account_member", "Member", "enterprise"),
                   ("org_admin", "Admin", "org"), ("org_member", "Member", "org"),
                   ("org_viewer", "Viewer", "org")}


def test_seeded_members_agree_across_views(fresh):
    emu = fresh
    alice = ok(emu, "GET", f"{E}/members/users/user-emulator-alice")
    assert alice["email"] == "alice@example.com" and alice["name"] == "Alice Example"
    assert roles_of(alice) == [("", "account_member"), (ORG1, "org_member")]
    assert {(a["idp_group_name"], a["org_id"], a["role"]["role_id"])
            for a in alice["idp_role_assignments"]} == {
        ("engineering", None, "account_member"), ("engineering", ORG1, "org_member")}
    listed = {u["user_id"]: u for u in ok(emu, "GET", f"{E}/members/users")["items"]}
    assert roles_of(listed["user-emulator-alice"]) == roles_of(alice)
    org = {u["user_id"]: u for u in ok(emu, "GET", ORG_USERS)["items"]}
    assert set(org) == {"user-emulator-alice", "user-emulator-bob", "user-emulator-carol"}
    assert roles_of(org["user-emulator-carol"]) == [(ORG1, "org_admin")]
    beta = ok(emu, "GET", f"/v3beta1/organizations/{ORG1}/members/users", key=ADMIN)["items"]
    assert {u["user_id"]: roles_of(u) for u in beta} == \
        {k: roles_of(v) for k, v in org.items()}
    su = ok(emu, "GET", f"{E}/members/service-users/{ADMIN_SU}")
    assert su["deleted_at"] is None and su["name"] == "emulator-org-admin"
    assert roles_of(su) == [(ORG1, "org_admin")]


# ---- users -------------------------------------------------------------------

def test_user_org_role_assign_update_remove_in_every_view(fresh):
    emu = fresh
    dave = "user-emulator-dave"
    out = ok(emu, "POST", f"{ORG_USERS}/{dave}", {"role_id": "org_member"})
    assert out["email"] == "dave@example.com" and roles_of(out) == [(ORG1, "org_member")]
    ent = ok(emu, "GET", f"{E}/members/users/{dave}")
    assert roles_of(ent) == [("", "account_member"), (ORG1, "org_member"),
                             (ORG2_ID, "org_member")]
    out = ok(emu, "PATCH", f"{ORG_USERS}/{dave}", {"role_id": "org_viewer"})
    assert roles_of(out) == [(ORG1, "org_viewer")]
    assert (ORG1, "org_viewer") in roles_of(ok(emu, "GET", f"{E}/members/users/{dave}"))
    assert any(u["user_id"] == dave for u in ok(emu, "GET", ORG_USERS)["items"])
    ok(emu, "DELETE", f"{ORG_USERS}/{dave}")
    assert roles_of(ok(emu, "GET", f"{E}/members/users/{dave}"), ORG1) == []
    assert not any(u["user_id"] == dave for u in ok(emu, "GET", ORG_USERS)["items"])
    assert call(emu, "PATCH", f"{ORG_USERS}/{dave}", {"role_id": "org_member"})[0] == 404
    assert call(emu, "DELETE", f"{ORG_USERS}/{dave}")[0] == 404
    assert call(emu, "POST", f"{ORG_USERS}/user-nobody", {"role_id": "org_member"})[0] == 404


def test_user_enterprise_role_update_and_removal(fresh):
    emu = fresh
    out = ok(emu, "PATCH", f"{E}/members/users/user-emulator-bob", {"role_id": "account_admin"})
    assert roles_of(out, "") == [("", "account_admin")]
    gone = ok(emu, "DELETE", f"{E}/members/users/user-emulator-bob")
    assert gone["user_id"] == "user-emulator-bob"
    assert call(emu, "GET", f"{E}/members/users/user-emulator-bob")[0] == 404
    assert not any(u["user_id"] == "user-emulator-bob" for u in ok(emu, "GET", ORG_USERS)["items"])


def test_invite_keeps_the_email_and_invents_nothing(fresh):
    emu = fresh
    out = ok(emu, "POST", f"{E}/members/users",
             {"emails": ["new.person@example.com"], "enterprise_role_id": "account_member"})
    assert len(out) == 1
    u = out[0]
    assert u["email"] == "new.person@example.com" and u["name"] is None
    assert roles_of(u) == [("", "account_member")]
    got = ok(emu, "GET", f"{E}/members/users/{u['user_id']}")
    assert got["email"] == "new.person@example.com" and roles_of(got) == roles_of(u)
    found = ok(emu, "GET", f"{E}/members/users", query={"email": "new.person@example.com"})
    assert [x["user_id"] for x in found["items"]] == [u["user_id"]]
    status, _, err = call(emu, "POST", f"{E}/members/users",
                          {"emails": ["x@example.com"], "enterprise_role_id": "org_member"})
    field_error(err, "enterprise_role_id")


@pytest.mark.parametrize("path,role", [
    (f"{ORG_USERS}/user-emulator-dave", "account_member"),
    (f"{E}/members/users/user-emulator-dave", "org_member"),
    (f"{ORG_SUS}/{READONLY_SU}", "account_admin"),
    (f"{E}/members/service-users/{ADMIN_SU}", "org_admin"),
    (f"{ORG_GROUPS}/engineering", "account_member"),
    (f"{E}/members/idp-groups/engineering", "org_member"),
])
def test_role_of_the_wrong_type_or_unknown_is_422_naming_role_id(fresh, path, role):
    method = "PATCH" if "/members/users/" in path and "organizations" not in path else "POST"
    status, _, err = call(fresh, method, path, {"role_id": role})
    assert status == 422
    field_error(err, "role_id")
    status, _, err = call(fresh, method, path, {"role_id": "no-such-role"})
    assert status == 422
    field_error(err, "role_id")


# ---- service users -----------------------------------------------------------

def test_service_user_roles_both_scopes_in_every_view(fresh):
    emu = fresh
    out = ok(emu, "POST", f"{E}/organizations/{ORG2_ID}/members/service-users/{ADMIN_SU}",
             {"role_id": "org_viewer"})
    assert roles_of(out) == [(ORG2_ID, "org_viewer")]
    out = ok(emu, "POST", f"{E}/members/service-users/{ADMIN_SU}", {"role_id": "account_member"})
    assert roles_of(out) == [("", "account_member"), (ORG1, "org_admin"), (ORG2_ID, "org_viewer")]
    listed = {s["service_user_id"]: s for s in ok(emu, "GET", f"{E}/members/service-users")["items"]}
    assert roles_of(listed[ADMIN_SU]) == roles_of(out)
    org2 = ok(emu, "GET", f"{E}/organizations/{ORG2_ID}/members/service-users")["items"]
    assert [roles_of(s) for s in org2 if s["service_user_id"] == ADMIN_SU] == \
        [[(ORG2_ID, "org_viewer")]]
    out = ok(emu, "PATCH", f"{E}/members/service-users/{ADMIN_SU}", {"role_id": "account_admin"})
    assert ("", "account_admin") in roles_of(out)
    ok(emu, "PATCH", f"{E}/organizations/{ORG2_ID}/members/service-users/{ADMIN_SU}",
       {"role_id": "org_admin"})
    ok(emu, "DELETE", f"{E}/organizations/{ORG2_ID}/members/service-users/{ADMIN_SU}")
    got = ok(emu, "GET", f"{E}/members/service-users/{ADMIN_SU}")
    assert roles_of(got) == [("", "account_admin"), (ORG1, "org_admin")]


def test_deleted_service_user_is_inactive_and_its_key_stops_working(fresh):
    emu = fresh
    gone = ok(emu, "DELETE", f"{E}/members/service-users/{READONLY_SU}")
    assert isinstance(gone["deleted_at"], int)
    assert emu.get("/v3/self", key=READONLY)[0] == 401
    ids = [s["service_user_id"] for s in ok(emu, "GET", f"{E}/members/service-users")["items"]]
    assert READONLY_SU not in ids
    ids = [s["service_user_id"] for s in ok(emu, "GET", f"{E}/members/service-users",
                                              query={"include_inactive": "true"})["items"]]
    assert READONLY_SU in ids


def test_provisioned_service_user_may_not_manage_service_users(fresh):
    emu = fresh
    path = f"/v3beta1/organizations/{ORG1}/service-users"
    status, _, err = call(emu, "POST", path,
                          {"name": "too-strong", "role_id": "org_admin", "ttl_seconds": 60},
                          key=ADMIN)
    assert status == 403, err
    status, _, err = call(emu, "POST", path,
                          {"name": "wrong-scope", "role_id": "account_member", "ttl_seconds": 60},
                          key=ADMIN)
    field_error(err, "role_id")
    out = ok(emu, "POST", path, {"name": "bot", "role_id": "org_member", "ttl_seconds": 600},
             key=ADMIN)
    su, token = out["service_user"], out["token"]
    assert roles_of(su) == [(ORG1, "org_member")] and su["name"] == "bot"
    listed = ok(emu, "GET", ORG_SUS)["items"]
    assert any(s["service_user_id"] == su["service_user_id"] for s in listed)
    # Even given the org admin role later, it never gains service-user management.
    ok(emu, "PATCH", f"{ORG_SUS}/{su['service_user_id']}", {"role_id": "org_admin"})
    assert emu.get(f"/v3/organizations/{ORG1}/secrets", key=token)[0] == 200
    status, _, _ = call(emu, "POST", path, {"name": "child", "role_id": "org_member",
                                            "ttl_seconds": 60}, key=token)
    assert status == 403


def test_enterprise_member_role_carries_no_service_user_management(fresh):
    emu = fresh
    out = ok(emu, "POST", "/v3beta1/enterprise/service-users",
             {"name": "member-bot", "role_id": "account_member", "ttl_seconds": 600})
    token = out["token"]
    assert roles_of(out["service_user"]) == [("", "account_member")]
    status, _, _ = call(emu, "POST", "/v3beta1/enterprise/service-users",
                        {"name": "x", "role_id": "account_member", "ttl_seconds": 60}, key=token)
    assert status == 403
    status, _, _ = call(emu, "POST", f"/v3beta1/organizations/{ORG1}/service-users",
                        {"name": "x", "role_id": "org_member", "ttl_seconds": 60}, key=token)
    assert status == 403


# ---- permissions change at once ----------------------------------------------

def test_org_role_change_applies_to_the_next_request(fresh):
    emu = fresh
    assert emu.post(SESSIONS, {"prompt": "x"}, key=READONLY)[0] == 403
    ok(emu, "PATCH", f"{ORG_SUS}/{READONLY_SU}", {"role_id": "org_admin"})
    assert emu.post(SESSIONS, {"prompt": "x"}, key=READONLY)[0] == 200
    ok(emu, "DELETE", f"{ORG_SUS}/{READONLY_SU}")
    assert emu.get(SESSIONS, key=READONLY)[0] == 403
    assert emu.get(f"/v3/organizations/{ORG2_ID}/sessions", key=READONLY)[0] == 403
    ok(emu, "POST", f"{E}/organizations/{ORG2_ID}/members/service-users/{READONLY_SU}",
       {"role_id": "org_viewer"})
    assert emu.get(f"/v3/organizations/{ORG2_ID}/sessions", key=READONLY)[0] == 200


def test_enterprise_role_change_applies_to_the_next_request(fresh):
    emu = fresh
    assert emu.get(f"{E}/organizations", key=ADMIN)[0] == 403
    ok(emu, "POST", f"{E}/members/service-users/{ADMIN_SU}", {"role_id": "account_admin"})
    assert emu.get(f"{E}/organizations", key=ADMIN)[0] == 200
    assert emu.get(f"/v3/organizations/{ORG2_ID}/sessions", key=ADMIN)[0] == 200
    ok(emu, "PATCH", f"{E}/members/service-users/{ADMIN_SU}", {"role_id": "account_member"})
    assert emu.get(f"{E}/organizations", key=ADMIN)[0] == 403
    assert emu.get(f"/v3/organizations/{ORG2_ID}/sessions", key=ADMIN)[0] == 403


PAT_SEED = {
    "organizations": [{"org_id": "org-a", "name": "A"}, {"org_id": "org-b", "name": "B"}],
    "roles": [
        {"role_id": "account_admin", "role_name": "Admin", "role_type": "enterprise",
         "permissions": ["@enterprise-all"]},
        {"role_id": "account_member", "role_name": "Member", "role_type": "enterprise",
         "permissions": ["ReadAccountMeta"]},
        {"role_id": "org_member", "role_name": "Member", "role_type": "org",
         "permissions": ["UseDevinSessions", "ViewOrgSessions", "ManageOrgSessions"]},
    ],
    "service_users": [{"service_user_id": "service-user-root", "name": "root",
                       "api_key": "cog_root", "org_id": None, "role_id": "account_admin"}],
    "users": [{"user_id": "user-pat", "email": "pat@example.com", "name": "Pat",
               "api_key": "cog_pat_user", "enterprise_role_id": "account_member",
               "memberships": [{"org_id": "org-a", "role_id": "org_member"}]}],
    "idp_groups": [{"idp_group_name": "team", "user_ids": ["user-pat"]}],
}


def write_seed(tmp_path, seed, name="seed.json"):
    path = tmp_path / name
    path.write_text(json.dumps(seed))
    return str(path)


def test_idp_group_changes_apply_to_the_members_next_request(spawn, tmp_path):
    emu = spawn(["--seed", write_seed(tmp_path, PAT_SEED)])
    root = "cog_root"
    b = "/v3/organizations/org-b/sessions"
    assert emu.get(b, key="cog_pat_user")[0] == 403
    ok(emu, "POST", f"{E}/organizations/org-b/members/idp-groups/team",
       {"role_id": "org_member"}, key=root)
    assert emu.get(b, key="cog_pat_user")[0] == 200
    users = ok(emu, "GET", f"{E}/organizations/org-b/members/idp-users", key=root)["items"]
    assert [(u["user_id"], u["email"], [a["role"]["role_id"] for a in u["idp_role_assignments"]])
            for u in users] == [("user-pat", "pat@example.com", ["org_member"])]
    assert emu.get(f"{E}/organizations", key="cog_pat_user")[0] == 403
    ok(emu, "POST", f"{E}/members/idp-groups/team", {"role_id": "account_admin"}, key=root)
    assert emu.get(f"{E}/organizations", key="cog_pat_user")[0] == 200
    ok(emu, "DELETE", f"{E}/organizations/org-b/members/idp-groups/team", key=root)
    ok(emu, "PATCH", f"{E}/members/idp-groups/team", {"role_id": "account_member"}, key=root)
    assert emu.get(b, key="cog_pat_user")[0] == 403
    assert emu.get(f"{E}/organizations", key="cog_pat_user")[0] == 403
    # Audit entries name the acting user with the seeded email.
    ok(emu, "POST", "/v3/organizations/org-a/sessions", {"prompt": "hi"}, key="cog_pat_user")
    logs = ok(emu, "GET", f"{E}/audit-logs", key=root)["items"]
    mine = [x for x in logs if x.get("user_id") == "user-pat"]
    assert mine and all(x["user_email"] == "pat@example.com" for x in mine)


# ---- IdP groups --------------------------------------------------------------

def test_idp_groups_are_registered_by_name(fresh):
    emu = fresh
    out = ok(emu, "POST", f"{E}/idp-groups", {"idp_group_names": ["design", "ops", "design"]})
    assert out == [{"idp_group_name": "design"}, {"idp_group_name": "ops"}]
    assert ok(emu, "POST", f"{E}/idp-groups", {"idp_group_names": ["design"]}) == \
        [{"idp_group_name": "design"}]
    names = [g["idp_group_name"] for g in ok(emu, "GET", f"{E}/idp-groups")["items"]]
    assert names.count("design") == 1 and "ops" in names and "engineering" in names
    assert ok(emu, "DELETE", f"{E}/idp-groups/ops") == {"idp_group_name": "ops"}
    assert "ops" not in [g["idp_group_name"] for g in ok(emu, "GET", f"{E}/idp-groups")["items"]]
    assert call(emu, "DELETE", f"{E}/idp-groups/ops")[0] == 404


def test_org_idp_assignment_needs_a_registered_group(fresh):
    emu = fresh
    status, _, err = call(emu, "POST", f"{ORG_GROUPS}/design", {"role_id": "org_member"})
    assert status == 404, err
    ok(emu, "POST", f"{E}/idp-groups", {"idp_group_names": ["design"]})
    out = ok(emu, "POST", f"{ORG_GROUPS}/design", {"role_id": "org_member"})
    assert out == {"idp_group_name": "design", "role_assignments": [
        {"org_id": ORG1, "role": {"role_id": "org_member", "role_name": "Member",
                                  "role_type": "org"}}]}
    assert ok(emu, "GET", f"{ORG_GROUPS}/design") == out
    listed = ok(emu, "GET", ORG_GROUPS)["items"]
    assert out in listed
    ent = ok(emu, "GET", f"{E}/members/idp-groups/design")
    assert roles_of(ent) == [(ORG1, "org_member")]
    out = ok(emu, "PATCH", f"{ORG_GROUPS}/design", {"role_id": "org_admin"})
    assert roles_of(out) == [(ORG1, "org_admin")]
    ok(emu, "POST", f"{E}/members/idp-groups/design", {"role_id": "account_member"})
    ent = ok(emu, "GET", f"{E}/members/idp-groups/design")
    assert roles_of(ent) == [("", "account_member"), (ORG1, "org_admin")]
    assert any(g["idp_group_name"] == "design"
               for g in ok(emu, "GET", f"{E}/members/idp-groups")["items"])
    ok(emu, "DELETE", f"{ORG_GROUPS}/design")
    assert call(emu, "GET", f"{ORG_GROUPS}/design")[0] == 404
    # Unregistering drops the group's assignments.
    ok(emu, "DELETE", f"{E}/idp-groups/design")
    assert call(emu, "GET", f"{E}/members/idp-groups/design")[0] == 404


# ---- API keys ----------------------------------------------------------------

def test_api_key_create_rotate_revoke(fresh):
    emu = fresh
    keys = f"/v3beta1/enterprise/service-users/{ADMIN_SU}/api-keys"
    made = ok(emu, "POST", keys, {"name": "ci"})
    assert made["api_key_name"] == "ci" and made["token"].startswith("cog_")
    assert emu.get("/v3/self", key=made["token"])[0] == 200
    rotated = ok(emu, "POST", f"{keys}/{made['api_key_id']}/rotate", {})
    assert rotated["api_key_id"] != made["api_key_id"] and rotated["api_key_name"] == "ci"
    assert emu.get("/v3/self", key=made["token"])[0] == 401
    assert emu.get("/v3/self", key=rotated["token"])[0] == 200
    status, _, _ = call(emu, "POST", f"{keys}/{made['api_key_id']}/rotate", {})
    assert status == 400
    both = ok(emu, "POST", f"{keys}/{rotated['api_key_id']}/rotate", {"revoke_current": False})
    assert emu.get("/v3/self", key=rotated["token"])[0] == 200
    assert emu.get("/v3/self", key=both["token"])[0] == 200
    listed = ok(emu, "GET", keys)["items"]
    assert {k["api_key_id"]: k["is_active"] for k in listed} == {
        made["api_key_id"]: False, rotated["api_key_id"]: True, both["api_key_id"]: True}
    active = ok(emu, "GET", keys, query={"status": "active"})["items"]
    assert {k["api_key_id"] for k in active} == {rotated["api_key_id"], both["api_key_id"]}
    gone = ok(emu, "DELETE", f"{keys}/{both['api_key_id']}")
    assert gone["is_active"] is False and isinstance(gone["revoked_at"], int)
    assert emu.get("/v3/self", key=both["token"])[0] == 401
    assert call(emu, "DELETE", f"{keys}/{both['api_key_id']}")[0] == 409
    assert call(emu, "DELETE", f"{keys}/key-unknown")[0] == 404
    # The key of a provisioned service user rotates too.
    out = ok(emu, "POST", "/v3beta1/enterprise/service-users",
             {"name": "p", "role_id": "account_member", "ttl_seconds": 600})
    sid = out["service_user"]["service_user_id"]
    first = ok(emu, "GET", f"/v3beta1/enterprise/service-users/{sid}/api-keys")["items"]
    assert len(first) == 1
    ok(emu, "POST", f"/v3beta1/enterprise/service-users/{sid}/api-keys/{first[0]['api_key_id']}"
                    "/rotate", {})
    assert emu.get("/v3/self", key=out["token"])[0] == 401


def test_acu_limit_scope_follows_the_contract(fresh):
    emu = fresh
    status, _, _ = call(emu, "PUT", f"{E}/consumption/acu-limits/devin/organizations/{ORG1}",
                        {"cycle_acu_limit": 10})
    assert status == 204
    items = ok(emu, "GET", f"{E}/consumption/acu-limits/devin")["items"]
    assert items == [{"cycle_acu_limit": 10, "scope": "org", "org_id": ORG1, "user_id": None}]


def test_relations_survive_a_restart(spawn, tmp_path):
    state = tmp_path / "state.json"
    a = spawn(["--state", str(state)])
    ok(a, "POST", f"{E}/idp-groups", {"idp_group_names": ["keep"]})
    ok(a, "POST", f"{ORG_GROUPS}/keep", {"role_id": "org_viewer"})
    ok(a, "PATCH", f"{ORG_SUS}/{READONLY_SU}", {"role_id": "org_admin"})
    assert a.stop() == 0
    b = spawn(["--state", str(state)])
    assert roles_of(ok(b, "GET", f"{ORG_GROUPS}/keep")) == [(ORG1, "org_viewer")]
    assert b.post(SESSIONS, {"prompt": "x"}, key=READONLY)[0] == 200


# ---- an invalid seed is refused ----------------------------------------------

def bad_seed(**change):
    seed = json.loads(json.dumps(PAT_SEED))
    for k, v in change.items():
        seed[k] = v
    return seed


BAD_SEEDS = {
    "role_type": (bad_seed(roles=[{"role_id": "r", "role_name": "R",
                                   "role_type": "organization"}]), "roles[0]"),
    "unknown role": (bad_seed(service_users=[{"service_user_id": "s", "name": "s",
                                              "org_id": "org-a", "role_id": "nope"}]),
                     "service_users[0]"),
    "scope": (bad_seed(service_users=[{"service_user_id": "s", "name": "s",
                                       "org_id": "org-a", "role_id": "account_admin"}]),
              "service_users[0]"),
    "unknown org": (bad_seed(users=[{"user_id": "u", "memberships": [
        {"org_id": "org-x", "role_id": "org_member"}]}], idp_groups=[]), "users[0]"),
    "duplicate": (bad_seed(organizations=[{"org_id": "org-a", "name": "A"},
                                          {"org_id": "org-a", "name": "B"}]),
                  "organizations[1]"),
    "unknown user": (bad_seed(idp_groups=[{"idp_group_name": "g", "user_ids": ["user-x"]}]),
                     "idp_groups[0]"),
}


@pytest.mark.parametrize("case", sorted(BAD_SEEDS))
def test_invalid_seed_is_refused_naming_the_entry(tmp_path, case):
    seed, entry = BAD_SEEDS[case]
    proc = subprocess.run([emulator_bin(), "--port", "0", "--seed", write_seed(tmp_path, seed)],
                          capture_output=True, text=True, timeout=20, stdin=subprocess.DEVNULL)
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert "invalid seed" in proc.stderr and entry in proc.stderr, proc.stderr
    assert "listening" not in proc.stdout


def test_a_seed_that_is_not_a_json_object_is_refused(tmp_path):
    path = tmp_path / "seed.json"
    path.write_text("[1, 2")
    proc = subprocess.run([emulator_bin(), "--port", "0", "--seed", str(path)],
                          capture_output=True, text=True, timeout=20, stdin=subprocess.DEVNULL)
    assert proc.returncode == 2 and "invalid seed" in proc.stderr, proc.stderr


def test_the_pat_seed_itself_is_valid(spawn, tmp_path):
    emu = spawn(["--seed", write_seed(tmp_path, PAT_SEED)])
    assert isinstance(emu, Emulator)
    assert emu.get("/v3/organizations/org-a/sessions", key="cog_pat_user")[0] == 200
    assert emu.get("/v3/organizations/org-b/sessions", key="cog_pat_user")[0] == 403


# ---- other relations ---------------------------------------------------------

def test_deleting_an_organization_ends_its_role_assignments(fresh):
    emu = fresh
    org = ok(emu, "POST", f"{E}/organizations", {"name": "Short-lived"})
    oid = org["org_id"]
    ok(emu, "POST", f"{E}/organizations/{oid}/members/users/user-emulator-bob",
       {"role_id": "org_member"})
    assert (oid, "org_member") in roles_of(ok(emu, "GET", f"{E}/members/users/user-emulator-bob"))
    ok(emu, "DELETE", f"{E}/organizations/{oid}")
    assert roles_of(ok(emu, "GET", f"{E}/members/users/user-emulator-bob"), oid) == []


def test_a_default_tag_no_longer_allowed_is_cleared(fresh):
    emu = fresh
    tags = f"{E}/organizations/{ORG1}/tags"
    assert ok(emu, "PUT", f"{tags}/default", {"tag": "team-a"}) == {"default_tag": "team-a"}
    ok(emu, "DELETE", f"{tags}/team-a")
    assert ok(emu, "GET", f"{tags}/default") == {"default_tag": None}
    assert call(emu, "GET", f"{E}/organizations/org-nope/tags")[0] == 404


def test_expired_service_user_and_key_stop_working_on_the_simulated_clock(fresh):
    emu = fresh
    out = ok(emu, "POST", "/v3beta1/enterprise/service-users",
             {"name": "short", "role_id": "account_member", "ttl_seconds": 60})
    sid, token = out["service_user"]["service_user_id"], out["token"]
    keys = f"/v3beta1/enterprise/service-users/{ADMIN_SU}/api-keys"
    _, _, clock = emu.admin("GET", "clock")
    key = ok(emu, "POST", keys, {"name": "brief", "expires_at": clock["now"] + 30})
    assert emu.get("/v3/self", key=token)[0] == 200
    status, _, _ = emu.admin("POST", "clock", {"advance_seconds": 120})
    assert status == 200
    assert emu.get("/v3/self", key=token)[0] == 401
    ids = [s["service_user_id"] for s in ok(emu, "GET", f"{E}/members/service-users")["items"]]
    assert sid not in ids
    assert emu.get("/v3/self", key=key["token"])[0] == 401
    expired = ok(emu, "GET", keys, query={"status": "expired"})["items"]
    assert [k["api_key_id"] for k in expired] == [key["api_key_id"]]
    assert emu.get("/v3/self", key=ADMIN)[0] == 200
