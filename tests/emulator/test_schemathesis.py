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
xfail, and test_listed_deviations_still_happen fails for a listed operation
that passed, so the list shrinks as fixes land. No operation is left out
(NOT_FUZZED is empty; an entry there needs its reason).
"""
from __future__ import annotations

import os
import re

import pytest
import schemathesis

import apispec
from conftest import ADMIN, ENTERPRISE, Emulator

# operation id (or the name of a test below) -> why it fails today: the
# emulator bug, with the rule it breaks.
KNOWN_EMULATOR_DEVIATIONS: dict[str, str] = {
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


# (schemathesis holds path parameters percent-encoded)
CR_LF = re.compile("%0[DA]|[\r\n]", re.IGNORECASE)


@schemathesis.hook
def before_call(context, case, kwargs):
    # A CR or LF in a path id meets one known routing bug (see
    # test_path_id_with_cr_or_lf) wherever schemathesis happens to draw it;
    # a visible character stands in for it so that the other checks run.
    for name, value in list(case.path_parameters.items()):
        if isinstance(value, str) and CR_LF.search(value):
            case.path_parameters[name] = CR_LF.sub("~", value)


@schema.parametrize()
def test_api(case, strict_emu):
    case.call_and_validate(base_url=strict_emu.base)


def test_path_id_with_cr_or_lf(strict_emu):
    for raw in ("a%0Db", "a%0Ab"):
        status, headers, body = strict_emu.get(f"/v3/organizations/{ORG}/sessions/{raw}")
        assert status == 404, (raw, status, body)
        assert headers.get("content-type", "").startswith("application/problem+json"), \
            (raw, headers, body)


# conftest.py marks the listed operations of test_api xfail, not strict
# (schemathesis's plugin cannot report a strict XPASS): this test, run after
# them, fails for a listed operation that passed.
NON_STRICT_XFAIL_TESTS = {"test_api"}


def test_listed_deviations_still_happen():
    import conftest
    ran = {conftest._operation_id_of_label(node.partition("[")[2][:-1]): outcome
           for node, outcome in conftest.OUTCOMES.items()
           if "test_schemathesis.py::test_api[" in node}
    if not ran:
        pytest.skip("test_api did not run (-k?)")
    fixed = sorted(op for op in KNOWN_EMULATOR_DEVIATIONS if ran.get(op) == "xpassed")
    assert not fixed, f"fixed now: remove from KNOWN_EMULATOR_DEVIATIONS: {fixed}"
