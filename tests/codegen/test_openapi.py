"""Checks of api/openapi.json, the project's description of the Devin API v3,
and of the generated files that derive from it."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "api" / "openapi.json"
FACTS = ROOT.parent / "shared" / "api"
EXPECTED = Path(__file__).resolve().parent / "expected_operations.txt"
METHODS = ("get", "put", "post", "delete", "patch")

REQUIRED_EXTENSIONS = ("x-devin-scope", "x-devin-resource", "x-devin-method",
                       "x-devin-permission", "x-devin-permission-uncertain",
                       "x-devin-extra-permissions", "x-devin-main-id", "x-devin-beta",
                       "x-devin-uncertain")

# Names the issue asks for by name.
REQUIRED_IDS = [
    "sessions.create", "sessions.list", "sessions.get", "sessions.terminate",
    "sessions.archive", "sessions.send_message", "sessions.list_messages",
    "sessions.list_attachments", "sessions.get_insights", "sessions.generate_insights",
    "sessions.list_with_insights", "sessions.tags.get", "sessions.tags.append",
    "sessions.tags.replace", "knowledge.notes.list", "knowledge.notes.create",
    "knowledge.notes.get", "knowledge.notes.update", "knowledge.notes.delete",
    "knowledge.folders.list", "playbooks.list", "playbooks.create", "playbooks.get",
    "playbooks.update", "playbooks.delete", "attachments.upload", "attachments.download",
    "whoami", "enterprise.audit_logs.list", "enterprise.organizations.create",
]


@pytest.fixture(scope="module")
def spec() -> dict:
    return json.loads(SPEC_PATH.read_text(encoding="utf-8"))


def operations(spec):
    for path, item in spec["paths"].items():
        for m in METHODS:
            if m in item:
                yield m.upper(), path, item[m]


def test_valid_openapi_303(spec):
    from openapi_spec_validator import validate
    assert spec["openapi"] == "3.0.3"
    validate(spec)


def test_formatting_is_canonical(spec):
    text = SPEC_PATH.read_text(encoding="utf-8")
    assert text == json.dumps(spec, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_operations_match_fixture(spec):
    expected = sorted(l for l in EXPECTED.read_text(encoding="utf-8").splitlines() if l)
    actual = sorted(f"{m} {p}" for m, p, _ in operations(spec))
    assert len(expected) == 184
    assert actual == expected


@pytest.mark.skipif(not (FACTS / "endpoints.json").exists(),
                    reason="API facts (/work/shared/api) not available")
def test_operations_match_facts(spec):
    endpoints = json.loads((FACTS / "endpoints.json").read_text(encoding="utf-8"))
    facts = sorted(f"{e['method']} {e['path']}" for e in endpoints)
    actual = sorted(f"{m} {p}" for m, p, _ in operations(spec))
    assert actual == facts
    expected = sorted(l for l in EXPECTED.read_text(encoding="utf-8").splitlines() if l)
    assert expected == facts, "tests/codegen/expected_operations.txt is out of date"


@pytest.mark.skipif(not (FACTS / "endpoints.json").exists(),
                    reason="API facts (/work/shared/api) not available")
def test_builder_output_is_current():
    r = subprocess.run([sys.executable, str(ROOT / "tools" / "apidesc" / "build_openapi.py"),
                        "--facts", str(FACTS), "--check"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_operation_ids_unique_and_named_by_rule(spec):
    ids = [op["operationId"] for _, _, op in operations(spec)]
    assert len(ids) == len(set(ids))
    for m, p, op in operations(spec):
        oid = op["operationId"]
        assert re.fullmatch(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*", oid), oid
        scope = op["x-devin-scope"]
        if p == "/v3/self":
            assert (oid, scope) == ("whoami", "self")
            continue
        if scope == "enterprise":
            assert p.startswith(("/v3/enterprise/", "/v3beta1/enterprise/")), p
            assert oid.startswith("enterprise."), oid
        else:
            assert scope == "organization"
            assert p.startswith(("/v3/organizations/{org_id}", "/v3beta1/organizations/{org_id}"))
            assert not oid.startswith("enterprise."), oid
        bare = oid[len("enterprise."):] if scope == "enterprise" else oid
        assert bare == f"{op['x-devin-resource']}.{op['x-devin-method']}", oid


def test_required_names_present(spec):
    ids = {op["operationId"] for _, _, op in operations(spec)}
    missing = [i for i in REQUIRED_IDS if i not in ids]
    assert not missing
    for group in ("secrets", "schedules", "metrics", "consumption"):
        assert any(i.startswith(group + ".") for i in ids), group


def test_extensions_present(spec):
    for m, p, op in operations(spec):
        for ext in REQUIRED_EXTENSIONS:
            assert ext in op, f"{m} {p}: {ext}"
        assert op["x-devin-scope"] in ("organization", "enterprise", "self")
        assert op["x-devin-beta"] == p.startswith("/v3beta1/")
        perm = op["x-devin-permission"]
        assert perm is None or isinstance(perm, str)
        main = op["x-devin-main-id"]
        if main:
            assert "{" + main + "}" in p, f"{m} {p}: main id {main}"
        if op["x-devin-scope"] == "organization":
            assert main != "org_id", f"{m} {p}"


def test_paginated_operations_have_pagination(spec):
    for m, p, op in operations(spec):
        names = {q["name"] for q in op.get("parameters", []) if q["in"] == "query"}
        pag = op.get("x-devin-pagination")
        if {"after", "first"} <= names:
            assert pag == {"form": "cursor", "items": "items"}, f"{m} {p}"
        if {"limit", "offset"} <= names:
            assert pag == {"form": "offset", "items": "items"}, f"{m} {p}"
        if pag:
            assert pag["form"] in ("cursor", "offset", "array", "data")
            ok = op["responses"]["200"]["content"]["application/json"]["schema"]
            if pag["form"] == "array":
                assert ok.get("type") == "array", f"{m} {p}"
    by_id = {op["operationId"]: op for _, _, op in operations(spec)}
    assert by_id["schedules.list"]["x-devin-pagination"]["form"] == "offset"
    assert by_id["sessions.list_attachments"]["x-devin-pagination"]["form"] == "array"
    assert by_id["metrics.get_dau"]["x-devin-pagination"]["form"] == "array"
    assert by_id["snapshot_setup.blueprints.list"]["x-devin-pagination"] == {
        "form": "data", "items": "data"}


def test_array_query_params_are_exploded(spec):
    for m, p, op in operations(spec):
        for q in op.get("parameters", []):
            sch = q["schema"]
            is_array = sch.get("type") == "array" or any(
                s.get("type") == "array" for s in sch.get("allOf", []))
            if q["in"] == "query" and is_array:
                assert q.get("style") == "form" and q.get("explode") is True, (m, p, q["name"])


def test_special_responses(spec):
    by_id = {op["operationId"]: op for _, _, op in operations(spec)}
    up = by_id["attachments.upload"]["requestBody"]["content"]["multipart/form-data"]
    assert up["schema"]["$ref"].endswith("/AttachmentUploadRequest")
    fileprop = spec["components"]["schemas"]["AttachmentUploadRequest"]["properties"]["file"]
    assert fileprop == {"type": "string", "format": "binary"}
    dl = by_id["attachments.download"]["responses"]
    assert "307" in dl and "Location" in dl["307"]["headers"] and "content" not in dl["307"]
    for oid in ("enterprise.consumption.acu_limits.set", "enterprise.consumption.acu_limits.delete"):
        assert "204" in by_id[oid]["responses"]
    assert by_id["sessions.create"]["x-devin-extra-permissions"] == {
        "create_as_user_id": "ImpersonateOrgSessions"}
    assert by_id["sessions.get"]["x-devin-main-id"] == "devin_id"


def test_error_responses(spec):
    for m, p, op in operations(spec):
        for code in ("401", "403", "429"):
            content = op["responses"][code]["content"]
            assert content["application/problem+json"]["schema"]["$ref"].endswith("/ProblemDetail")
        if "422" in op["responses"]:
            content = op["responses"]["422"]["content"]
            assert set(content) == {"application/problem+json", "application/json"}


def test_security_is_global_bearer(spec):
    assert spec["security"] == [{"bearerAuth": []}]
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_no_titles_in_schemas(spec):
    def walk(node, path):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "properties":
                    for pk, pv in v.items():
                        walk(pv, path + [pk])
                    continue
                assert k != "title", "/".join(path)
                walk(v, path + [k])
        elif isinstance(node, list):
            for v in node:
                walk(v, path)
    walk(spec["components"]["schemas"], ["components", "schemas"])


def test_model_loads_everything():
    sys.path.insert(0, str(ROOT / "tools" / "codegen"))
    import model  # noqa: E402
    api = model.load(SPEC_PATH)
    assert len(api.operations) == 184
    for op in api.operations:
        if op.page_form != "none":
            assert op.item_schema is not None, op.id
        if op.response_kind == "json":
            assert op.response_schema is not None, op.id
        names = [p.name for p in op.params]
        assert len(names) == len(set(names)), op.id


def test_generated_files_up_to_date():
    r = subprocess.run([sys.executable, str(ROOT / "tools" / "codegen" / "generate.py"), "--check"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
