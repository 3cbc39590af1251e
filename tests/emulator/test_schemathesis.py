"""schemathesis (property-based testing from the description; PyPI, not
written here) against a strict emulator (--strict) and api/openapi.json:
every operation, positive and negative examples from the examples, coverage
and fuzzing phases, a fixed seed and a bounded number of examples per
operation so that `make test` stays under two minutes. Checks: no 5xx, the
status code, content type and body of every answer as documented, and every
invalid request (negative data) rejected with a 4xx.

SCHEMATHESIS_MAX_EXAMPLES=N runs longer (default 5 examples per operation
and phase); SCHEMATHESIS_SEED changes the seed.

Operations that fail for a known, not yet fixed emulator bug are listed in
KNOWN_EMULATOR_DEVIATIONS (and only there); conftest.py marks their tests
xfail (strict: a listed operation that passes fails, so the list shrinks as
fixes land).
"""
from __future__ import annotations

import os

import pytest
import schemathesis

import apispec
from conftest import ADMIN, ENTERPRISE, Emulator

_CONTROL_CHARACTER_IN_PATH = (
    "a path id with a control character (%0D, %0A, %1D ...) answers 404 with an empty body and "
    "no Content-Type instead of problem+json (ST104/ST109): emulator/src/server.cpp routes "
    "\".*\" and std::regex's . matches no CR/LF, so no route matches")
_UNKNOWN_REPOSITORY_IN_BODY = (
    "an unknown repository_path in the body answers 404, which the operation does not "
    "document (200, 401, 403, 422, 429): 422 naming the item (ST103)")

# operation id -> why it fails today (the emulator bug, with the rule broken).
KNOWN_EMULATOR_DEVIATIONS: dict[str, str] = {
    # One cause and one fix (server.cpp); found where the seed draws such an id.
    "enterprise.consumption.get_service_user_daily": _CONTROL_CHARACTER_IN_PATH,
    "enterprise.consumption.get_session_daily": _CONTROL_CHARACTER_IN_PATH,
    "enterprise.members.service_users.update": _CONTROL_CHARACTER_IN_PATH,
    "enterprise.members.users.remove": _CONTROL_CHARACTER_IN_PATH,
    "enterprise.members.users.get": _CONTROL_CHARACTER_IN_PATH,
    "enterprise.organizations.git_permissions.update": _CONTROL_CHARACTER_IN_PATH,
    "enterprise.organizations.members.users.remove": _CONTROL_CHARACTER_IN_PATH,
    "enterprise.sessions.list_messages": _CONTROL_CHARACTER_IN_PATH,
    "enterprise.sessions.tags.replace": _CONTROL_CHARACTER_IN_PATH,
    "consumption.get_service_user_daily": _CONTROL_CHARACTER_IN_PATH,
    "sessions.list_messages": _CONTROL_CHARACTER_IN_PATH,
    "enterprise.service_users.api_keys.rotate": _CONTROL_CHARACTER_IN_PATH,
    "attachments.upload": (
        "a multipart body without a file part ('--boundary--') answers 400 with an empty body "
        "(cpp-httplib refuses it before the handler); documented: 422 problem+json naming "
        "the missing `file` (ST103/ST104)"),
    "repositories.bulk_index": _UNKNOWN_REPOSITORY_IN_BODY,
    "repositories.bulk_unindex": _UNKNOWN_REPOSITORY_IN_BODY,
}

# operation id -> why schemathesis does not fuzz it (called once, with valid
# input, by test_every_operation.py all the same).
NOT_FUZZED: dict[str, str] = {
}

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "5"))
SEED = int(os.environ.get("SCHEMATHESIS_SEED", "20261208"))
ORG = apispec.org_of_key(ADMIN)
GIT_CONN, REPOS = apispec.git_connection()

CONFIG = schemathesis.Config.from_dict({
    "seed": SEED,
    "suppress-health-check": ["too_slow", "filter_too_much", "data_too_large", "large_base_example"],
    "headers": {"Authorization": f"Bearer {ADMIN}"},
    "operations": [
        {"include-path-regex": "^/v3(beta1)?/enterprise/",
         "headers": {"Authorization": f"Bearer {ENTERPRISE}"}},
    ] + [{"include-operation-id": op, "enabled": False} for op in NOT_FUZZED],
    # Ids that exist in the default seed, so that calls reach more than the
    # 404 of an unknown id (the emulator is reset before each operation).
    "parameters": {
        "org_id": ORG,
        "connection_id": GIT_CONN,
        "repository_path": REPOS[0],
        "branch_name": "main",
    },
    "generation": {
        "mode": "all",
        "max-examples": MAX_EXAMPLES,
        "deterministic": True,
        "with-security-parameters": False,
        "database": "none",
    },
    "phases": {
        "examples": {"enabled": True},
        "coverage": {"enabled": True},
        "fuzzing": {"enabled": True},
        "stateful": {"enabled": False},
    },
    "checks": {
        "enabled": False,
        "not_a_server_error": {"enabled": True},
        "status_code_conformance": {"enabled": True},
        "content_type_conformance": {"enabled": True},
        "response_schema_conformance": {"enabled": True},
        # schemathesis's negative_data_rejection, wrapped (apispec.py): two
        # kinds of "invalid" request no server can tell from a valid one.
        "negative_data_rejected": {"enabled": True},
    },
})

apispec.register_formats()
apispec.wire_aware_negative_check()
schema = schemathesis.openapi.from_path(str(apispec.SPEC_PATH), config=CONFIG)


@pytest.fixture(scope="module")
def strict_emu():
    emu = Emulator(["--speed", "100"])   # --strict: conftest adds it
    yield emu
    emu.stop()


@pytest.fixture(autouse=True)
def _clean_slate(strict_emu):
    # Each operation starts from the seed: a fuzzed DELETE of a seeded id must
    # not change what the next operation sees.
    strict_emu.reset()


@schema.parametrize()
def test_api(case, strict_emu):
    case.call_and_validate(base_url=strict_emu.base)


# conftest.py marks the listed operations xfail, not strict (schemathesis's
# plugin cannot report a strict XPASS): this test, run after them, fails for
# a listed operation that passed.
KNOWN_DEVIATIONS_STRICT_XFAIL = False


def test_listed_deviations_still_happen():
    import conftest
    ran = {conftest._operation_id_of_label(node.partition("[")[2][:-1]): outcome
           for node, outcome in conftest.OUTCOMES.items()
           if "test_schemathesis.py::test_api[" in node}
    if not ran:
        pytest.skip("test_api did not run (-k?)")
    # Whether a drawn id holds a control character depends on what ran before
    # in the process (schemathesis learns from earlier answers): those
    # entries may pass by chance, so only the others must still fail.
    fixed = sorted(op for op, why in KNOWN_EMULATOR_DEVIATIONS.items()
                   if ran.get(op) == "xpassed" and why is not _CONTROL_CHARACTER_IN_PATH)
    assert not fixed, f"fixed now: remove from KNOWN_EMULATOR_DEVIATIONS: {fixed}"
