"""Every operation of api/openapi.json, called exactly once, in one fixed
order against one strict emulator (--strict: it checks its own answers):
creates first, then reads and updates of what they made, deletes last. Ids
come from the create answers or from the default seed, never invented. Each
answer must be 2xx (the strict emulator accepted its own body) and must pass
schemathesis's checks of the same answer against api/openapi.json (status
code, content type, response schema, no server error): an independent reader
of the description, with OAS 3.0 `nullable` as the description means it.

An operation that fails for a known, not yet fixed emulator bug is listed in
KNOWN_EMULATOR_DEVIATIONS (and only there); the test of an operation in the
list that passes fails too, so the list shrinks as fixes land.
"""
from __future__ import annotations

import collections
import time
import urllib.parse
from dataclasses import dataclass, field

import pytest
import requests
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (content_type_conformance,
                                               response_schema_conformance,
                                               status_code_conformance)

import apispec
from conftest import ADMIN, Emulator

# operation id -> why it fails today (the emulator bug, with the rule broken).
# Remove an entry once the emulator is fixed: its test then fails as XPASS.
KNOWN_EMULATOR_DEVIATIONS: dict[str, str] = {
}

ORG = apispec.org_of_key(ADMIN)
ENT_MEMBER = apispec.member_role("enterprise")
ORG_MEMBER = apispec.member_role("org")
GIT_CONN, REPOS = apispec.git_connection()
REPO, REPO2 = REPOS[0], REPOS[1]
GROUP = "every-op-group"
NOW = int(time.time())
WINDOW = {"time_after": NOW - 30 * 86400, "time_before": NOW + 86400}
PR_URL = "https://github.com/acme/widgets/pull/7"
UPLOAD = ("every-op.txt", b"uploaded by test_every_operation\n")


@dataclass
class Step:
    op: str
    params: dict = field(default_factory=dict)  # path, query and body fields by name
    save: dict = field(default_factory=dict)    # var -> dotted path in the answer


def S(op, save=None, **params):
    return Step(op, params, save or {})


STEPS = [
    # -- creates ---------------------------------------------------------------
    S("enterprise.organizations.create", {"org": "org_id"}, name="Every Operation Org"),
    S("enterprise.members.users.invite", {"user": "0.user_id"},
      emails=["every.operation@example.com"], enterprise_role_id=ENT_MEMBER),
    S("enterprise.service_users.create", {"ent_su": "service_user.service_user_id"},
      name="every-op-enterprise-bot", role_id=ENT_MEMBER, ttl_seconds=86400),
    S("service_users.create", {"org_su": "service_user.service_user_id"},
      org_id=ORG, name="every-op-org-bot", role_id=ORG_MEMBER, ttl_seconds=86400),
    S("enterprise.service_users.api_keys.create", {"api_key": "api_key_id"},
      service_user_id="$ent_su", name="every-op-key"),
    S("enterprise.idp_groups.register", idp_group_names=[GROUP]),
    S("enterprise.knowledge.notes.create", {"ent_note": "note_id"},
      name="every-op-enterprise-note", body="Run the linters first.", trigger="on every PR"),
    S("knowledge.notes.create", {"note": "note_id"}, org_id=ORG, name="every-op-note",
      body="Run the unit tests first.", trigger="when tests change"),
    S("enterprise.playbooks.create", {"ent_pb": "playbook_id"},
      title="Every-op enterprise playbook", body="1. Read. 2. Fix."),
    S("playbooks.create", {"pb": "playbook_id"}, org_id=ORG, title="Every-op playbook",
      body="1. Reproduce. 2. Fix.", macro="!every-op"),
    S("schedules.create", {"schedule": "scheduled_session_id"}, org_id=ORG,
      name="every-op-schedule", prompt="Check the nightly build", frequency="0 9 * * 1-5",
      playbook_id="$pb"),
    S("secrets.create", {"secret": "secret_id"}, org_id=ORG, type="key-value",
      key="EVERY_OP_TOKEN", value="not-a-real-secret"),
    S("sessions.create", {"session": "session_id"}, org_id=ORG,
      prompt="Summarise the repository layout"),
    S("attachments.upload", {"url": "url"}, org_id=ORG),
    S("enterprise.organizations.git_permissions.create", {"perm": "0.git_permission_id"},
      org_id="$org", permissions=[{"git_connection_id": GIT_CONN, "repo_path": REPO2}]),
    S("snapshot_setup.blueprints.create", org_id=ORG, repo_name=REPO),
    S("snapshot_setup.builds.create", {"build": "build_id"}, org_id=ORG),
    S("enterprise.pr_reviews.create", pr_url=PR_URL),
    S("pr_reviews.create", org_id=ORG, pr_url=PR_URL),
    S("enterprise.ip_access_list.append", ip_ranges=["198.51.100.0/24"]),
    S("enterprise.organizations.tags.append", org_id="$org", tags=["every-op", "every-op-2"]),
    S("enterprise.members.idp_groups.assign", idp_group_name=GROUP, role_id=ENT_MEMBER),
    S("enterprise.organizations.members.idp_groups.assign", org_id="$org",
      idp_group_name=GROUP, role_id=ORG_MEMBER),
    S("enterprise.members.service_users.assign", service_user_id="$org_su", role_id=ENT_MEMBER),
    S("enterprise.organizations.members.service_users.assign", org_id="$org",
      service_user_id="$ent_su", role_id=ORG_MEMBER),
    S("enterprise.organizations.members.users.assign", org_id="$org", user_id="$user",
      role_id=ORG_MEMBER),
    S("sessions.send_message", org_id=ORG, devin_id="$session", message="Also update the README"),
    S("enterprise.sessions.send_message", devin_id="$session", message="And the changelog"),
    S("sessions.tags.append", org_id=ORG, devin_id="$session", tags=["every-op"]),
    S("enterprise.sessions.tags.append", devin_id="$session", tags=["every-op-ent"]),
    S("sessions.generate_insights", org_id=ORG, devin_id="$session"),
    S("enterprise.sessions.generate_insights", devin_id="$session"),
    S("snapshot_setup.sync", org_id=ORG, repo_name=REPO),
    S("enterprise.consumption.acu_limits.set", org_id="$org", cycle_acu_limit=100),
    S("enterprise.organizations.tags.set_default", org_id="$org", tag="every-op"),
    S("repositories.index", org_id=ORG, repository_path=REPO, branch_names=["main"]),
    S("repositories.bulk_index", org_id=ORG, repositories=[{"repository_path": REPO2}]),
    # -- reads -----------------------------------------------------------------
    S("whoami"),
    S("enterprise.roles.list"),
    S("enterprise.organizations.list"),
    S("enterprise.organizations.get", org_id="$org"),
    S("enterprise.members.users.list"),
    S("enterprise.members.users.get", user_id="$user"),
    S("enterprise.members.service_users.list"),
    S("enterprise.members.service_users.get", service_user_id="$org_su"),
    S("enterprise.members.idp_users.list"),
    S("enterprise.members.idp_groups.list"),
    S("enterprise.members.idp_groups.get", idp_group_name=GROUP),
    S("enterprise.idp_groups.list"),
    S("enterprise.organizations.members.users.list", org_id="$org"),
    S("enterprise.organizations.members.service_users.list", org_id="$org"),
    S("enterprise.organizations.members.idp_users.list", org_id="$org"),
    S("enterprise.organizations.members.idp_groups.list", org_id="$org"),
    S("enterprise.organizations.members.idp_groups.get", org_id="$org", idp_group_name=GROUP),
    S("members.users.list", org_id=ORG),
    S("members.users.get", org_id=ORG, user_id="$seed_user"),
    S("members.idp_users.list", org_id=ORG),
    S("enterprise.service_users.api_keys.list", service_user_id="$ent_su"),
    S("enterprise.knowledge.folders.list"),
    S("enterprise.knowledge.notes.list"),
    S("enterprise.knowledge.notes.get", note_id="$ent_note"),
    S("knowledge.folders.list", org_id=ORG),
    S("knowledge.notes.list", org_id=ORG),
    S("knowledge.notes.get", org_id=ORG, note_id="$note"),
    S("enterprise.playbooks.list"),
    S("enterprise.playbooks.get", playbook_id="$ent_pb"),
    S("playbooks.list", org_id=ORG),
    S("playbooks.get", org_id=ORG, playbook_id="$pb"),
    S("schedules.list", org_id=ORG),
    S("schedules.get", org_id=ORG, schedule_id="$schedule"),
    S("secrets.list", org_id=ORG),
    S("sessions.list", org_id=ORG),
    S("sessions.list_with_insights", org_id=ORG),
    S("sessions.get", org_id=ORG, devin_id="$session"),
    S("sessions.get_insights", org_id=ORG, devin_id="$session"),
    S("sessions.list_messages", org_id=ORG, devin_id="$session"),
    S("sessions.list_attachments", org_id=ORG, devin_id="$session"),
    S("sessions.tags.get", org_id=ORG, devin_id="$session"),
    S("enterprise.sessions.list"),
    S("enterprise.sessions.list_with_insights"),
    S("enterprise.sessions.get", devin_id="$session"),
    S("enterprise.sessions.get_insights", devin_id="$session"),
    S("enterprise.sessions.list_messages", devin_id="$session"),
    S("enterprise.sessions.list_attachments", devin_id="$session"),
    S("enterprise.sessions.tags.get", devin_id="$session"),
    S("attachments.download", org_id=ORG, uuid="$uuid", name="$name"),
    S("enterprise.organizations.git_permissions.list", org_id="$org"),
    S("enterprise.git_connections.list"),
    S("enterprise.git_connections.list_repositories", connection_id=GIT_CONN),
    S("snapshot_setup.blueprints.list", org_id=ORG),
    S("snapshot_setup.builds.list", org_id=ORG),
    S("snapshot_setup.builds.get", org_id=ORG, build_id="$build"),
    S("enterprise.pr_reviews.get", pr_url=PR_URL),
    S("pr_reviews.get", org_id=ORG, pr_url=PR_URL),
    S("enterprise.ip_access_list.get"),
    S("enterprise.organizations.tags.get", org_id="$org"),
    S("enterprise.organizations.tags.get_default", org_id="$org"),
    S("enterprise.consumption.acu_limits.list"),
    S("enterprise.consumption.acu_limits.get_local_agent"),
    S("enterprise.consumption.list_cycles"),
    S("enterprise.consumption.get_daily"),
    S("enterprise.consumption.get_org_daily", org_id=ORG),
    S("enterprise.consumption.get_user_daily", user_id="$seed_user"),
    S("enterprise.consumption.get_service_user_daily", service_user_id="$seed_su"),
    S("enterprise.consumption.get_session_daily", session_id="$session"),
    S("consumption.get_daily", org_id=ORG),
    S("consumption.get_user_daily", org_id=ORG, user_id="$seed_user"),
    S("consumption.get_service_user_daily", org_id=ORG, service_user_id="$seed_su"),
    S("consumption.get_session_daily", org_id=ORG, devin_id="$session"),
    S("repositories.list", org_id=ORG),
    S("repositories.list_indexed", org_id=ORG),
    S("repositories.get_indexing", org_id=ORG, repository_path=REPO),
    S("enterprise.org_group_limits.get"),
    S("enterprise.hypervisors.list"),
    S("enterprise.queue.get"),
    S("enterprise.audit_logs.list"),
    S("enterprise.organizations.audit_logs.list", org_id=ORG),
    S("enterprise.guardrail_violations.list"),
    S("enterprise.organizations.guardrail_violations.list", org_id=ORG),
    S("enterprise.metrics.get_active_users", **WINDOW),
    S("enterprise.metrics.get_dau", **WINDOW),
    S("enterprise.metrics.get_wau", **WINDOW),
    S("enterprise.metrics.get_mau", **WINDOW),
    S("enterprise.metrics.get_prs", **WINDOW),
    S("enterprise.metrics.get_searches", **WINDOW),
    S("enterprise.metrics.get_sessions", **WINDOW),
    S("enterprise.metrics.get_sessions_by_category", **WINDOW),
    S("enterprise.metrics.get_usage"),
    S("enterprise.organizations.metrics.get_usage", org_id=ORG),
    S("metrics.get_active_users", org_id=ORG, **WINDOW),
    S("metrics.get_dau", org_id=ORG, **WINDOW),
    S("metrics.get_wau", org_id=ORG, **WINDOW),
    S("metrics.get_mau", org_id=ORG, **WINDOW),
    S("metrics.get_prs", org_id=ORG, **WINDOW),
    S("metrics.get_searches", org_id=ORG, **WINDOW),
    S("metrics.get_sessions", org_id=ORG, **WINDOW),
    S("metrics.get_usage", org_id=ORG),
    # -- updates -----------------------------------------------------------------
    S("enterprise.organizations.update", org_id="$org", name="Every Operation Org (renamed)"),
    S("enterprise.members.users.update", user_id="$user", role_id=ENT_MEMBER),
    S("enterprise.members.service_users.update", service_user_id="$org_su", role_id=ENT_MEMBER),
    S("enterprise.members.idp_groups.update", idp_group_name=GROUP, role_id=ENT_MEMBER),
    S("enterprise.organizations.members.users.update", org_id="$org", user_id="$user",
      role_id=ORG_MEMBER),
    S("enterprise.organizations.members.service_users.update", org_id="$org",
      service_user_id="$ent_su", role_id=ORG_MEMBER),
    S("enterprise.organizations.members.idp_groups.update", org_id="$org",
      idp_group_name=GROUP, role_id=ORG_MEMBER),
    S("enterprise.service_users.api_keys.rotate", {"api_key": "api_key_id"},
      service_user_id="$ent_su", api_key_id="$api_key"),
    S("enterprise.knowledge.notes.update", note_id="$ent_note", name="every-op-enterprise-note",
      body="Run the linters and the tests first.", trigger="on every PR"),
    S("knowledge.notes.update", org_id=ORG, note_id="$note", name="every-op-note",
      body="Run the unit tests and the linters first.", trigger="when tests change"),
    S("enterprise.playbooks.update", playbook_id="$ent_pb", title="Every-op enterprise playbook",
      body="1. Read. 2. Fix. 3. Test."),
    S("playbooks.update", org_id=ORG, playbook_id="$pb", title="Every-op playbook",
      body="1. Reproduce. 2. Fix. 3. Test."),
    S("schedules.update", org_id=ORG, schedule_id="$schedule", enabled=False),
    S("sessions.tags.replace", org_id=ORG, devin_id="$session", tags=["every-op", "replaced"]),
    S("enterprise.sessions.tags.replace", devin_id="$session", tags=["every-op-ent", "replaced"]),
    S("enterprise.organizations.git_permissions.update", org_id="$org", git_permission_id="$perm",
      read_only=True),
    S("enterprise.organizations.git_permissions.replace", org_id="$org",
      permissions=[{"git_connection_id": GIT_CONN, "repo_path": REPO2}]),
    S("enterprise.organizations.tags.replace", org_id="$org", tags=["every-op", "every-op-2"]),
    S("enterprise.ip_access_list.replace", ip_ranges=["198.51.100.0/24", "203.0.113.0/24"]),
    S("enterprise.org_group_limits.update", groups={"every-op-group": {"org_ids": ["$org"]}}),
    S("sessions.archive", org_id=ORG, devin_id="$session"),
    # -- deletes -------------------------------------------------------------------
    S("repositories.unindex_branch", org_id=ORG, repository_path=REPO, branch_name="main"),
    S("repositories.unindex", org_id=ORG, repository_path=REPO),
    S("repositories.bulk_unindex", org_id=ORG, repository_paths=[REPO2]),
    S("enterprise.organizations.tags.clear_default", org_id="$org"),
    S("enterprise.organizations.tags.remove", org_id="$org", tag="every-op-2"),
    S("enterprise.organizations.tags.clear", org_id="$org"),
    # (replace gave the organization's permissions new ids)
    S("enterprise.organizations.git_permissions.delete", org_id="$org",
      git_permission_id="$replaced_perm"),
    S("enterprise.organizations.git_permissions.clear", org_id="$org"),
    S("enterprise.consumption.acu_limits.delete", org_id="$org"),
    S("enterprise.ip_access_list.clear"),
    S("enterprise.organizations.members.users.remove", org_id="$org", user_id="$user"),
    S("enterprise.organizations.members.service_users.remove", org_id="$org",
      service_user_id="$ent_su"),
    S("enterprise.organizations.members.idp_groups.remove", org_id="$org", idp_group_name=GROUP),
    S("enterprise.members.idp_groups.remove", idp_group_name=GROUP),
    S("enterprise.idp_groups.delete", idp_group_name=GROUP),
    S("enterprise.service_users.api_keys.revoke", service_user_id="$ent_su",
      api_key_id="$api_key"),
    S("enterprise.members.service_users.remove", service_user_id="$org_su"),
    S("enterprise.members.users.remove", user_id="$user"),
    S("secrets.delete", org_id=ORG, secret_id="$secret"),
    S("schedules.delete", org_id=ORG, schedule_id="$schedule"),
    S("playbooks.delete", org_id=ORG, playbook_id="$pb"),
    S("enterprise.playbooks.delete", playbook_id="$ent_pb"),
    S("knowledge.notes.delete", org_id=ORG, note_id="$note"),
    S("enterprise.knowledge.notes.delete", note_id="$ent_note"),
    S("sessions.terminate", org_id=ORG, devin_id="$session"),
    S("enterprise.organizations.delete", org_id="$org"),
]

OPERATIONS = apispec.operations()
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


def _seed_vars() -> dict:
    seed = apispec.SEED
    users = [u["user_id"] for u in seed.get("users", [])
             if any(m.get("org_id") == ORG for m in u.get("memberships", []))]
    users += [u["user_id"] for u in seed.get("users", [])]  # whatever the seed's shape
    sus = [s["service_user_id"] for s in seed.get("service_users", []) if s.get("org_id") == ORG]
    return {"seed_user": users[0], "seed_su": sus[0]}


class Run:
    """The shared state of the sequence: the emulator, the saved ids, what
    each step answered."""

    def __init__(self, emu: Emulator):
        apispec.register_formats()
        self.emu = emu
        self.schema = schemathesis.openapi.from_path(str(apispec.SPEC_PATH))
        self.vars = _seed_vars()
        self.called = collections.Counter()
        self.session = requests.Session()

    def subst(self, value):
        if isinstance(value, str) and value.startswith("$"):
            name = value[1:]
            if name not in self.vars:
                raise LookupError(f"needs ${name}, which an earlier step did not provide")
            return self.vars[name]
        if isinstance(value, list):
            return [self.subst(v) for v in value]
        if isinstance(value, dict):
            return {k: self.subst(v) for k, v in value.items()}
        return value


@pytest.fixture(scope="module")
def run():
    emu = Emulator(["--speed", "100"])   # --strict: conftest adds it
    r = Run(emu)
    yield r
    r.session.close()
    emu.stop()


def _dig(data, dotted: str):
    for part in dotted.split("."):
        data = data[int(part)] if part.isdigit() else data[part]
    return data


def _describe(case, response) -> str:
    body = response.text[:1500] if response is not None else ""
    status = response.status_code if response is not None else "-"
    sent = case.body if isinstance(case.body, (dict, list)) else "-"
    return (f"{case.method} {case.formatted_path} query={case.query} body={sent!r:.600}\n"
            f"  -> {status} {body}")


# (conftest.py marks the steps of KNOWN_EMULATOR_DEVIATIONS xfail)
@pytest.mark.parametrize("step", [pytest.param(s, id=s.op) for s in STEPS])
def test_operation(run: Run, step: Step):
    run.called[step.op] += 1
    method, template = OPERATIONS[step.op]
    operation = run.schema.find_operation_by_id(step.op)
    params = run.subst(step.params)
    path_names = {p.name for p in operation.path_parameters}
    query_names = {p.name for p in operation.query}
    path = {k: v for k, v in params.items() if k in path_names}
    query = {k: v for k, v in params.items() if k in query_names}
    body = {k: v for k, v in params.items() if k not in path_names and k not in query_names}
    kwargs = {}
    if step.op == "attachments.upload":
        kwargs["body"] = {"file": UPLOAD[1]}
        kwargs["multipart_content_types"] = {"file": "text/plain"}
    elif operation.body:
        kwargs["body"] = body
    else:
        assert not body, f"{step.op} takes no body, the step gives {body}"
    case = operation.Case(path_parameters=path, query=query,
                          headers={"Authorization": f"Bearer {apispec.key_for(template)}"},
                          **kwargs)
    response = case.call(base_url=run.emu.base, session=run.session, allow_redirects=False)
    where = _describe(case, response)
    ok = 300 <= response.status_code < 400 if step.op == "attachments.download" \
        else 200 <= response.status_code < 300
    if not ok:
        pytest.fail(f"{step.op}: not a success\n{where}", pytrace=False)
    try:
        case.validate_response(response, checks=CHECKS)
    except (FailureGroup, AssertionError) as exc:
        violation = exc
    else:
        violation = None
    if violation is not None:
        pytest.fail(f"{step.op}: the answer breaks api/openapi.json\n{where}\n{violation}",
                    pytrace=False)
    ctype = ",".join(response.headers.get("content-type", []))
    data = response.json() if "json" in ctype and response.content else None
    for var, dotted in step.save.items():
        run.vars[var] = _dig(data, dotted)
    if step.op == "attachments.download":
        # documented as 307 to the file: the redirect leads to what was uploaded
        location = urllib.parse.urljoin(run.emu.base + "/", response.headers["location"][0])
        got = run.session.get(location, timeout=10)
        assert (got.status_code, got.content) == (200, UPLOAD[1]), (location, got.status_code)
    if step.op == "attachments.upload":
        tail = urllib.parse.urlsplit(run.vars["url"]).path.rsplit("/", 2)
        run.vars["uuid"], run.vars["name"] = tail[-2], urllib.parse.unquote(tail[-1])
    if step.op == "enterprise.organizations.git_permissions.replace":
        run.vars["replaced_perm"] = data[0]["git_permission_id"] if data else None


def test_every_operation_was_called_exactly_once(run: Run):
    planned = collections.Counter(s.op for s in STEPS)
    assert set(planned) == set(OPERATIONS), (
        f"not in the sequence: {sorted(set(OPERATIONS) - set(planned))}; "
        f"not in api/openapi.json: {sorted(set(planned) - set(OPERATIONS))}")
    assert [op for op, n in planned.items() if n != 1] == []
    assert run.called == planned, "every step ran once (run the whole module, not -k)"
