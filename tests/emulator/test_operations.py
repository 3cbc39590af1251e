"""Every operation of api/openapi.json answers with its documented status,
content type and response shape (validated against the response schema)."""
from __future__ import annotations

import re
import sys
import urllib.parse

import pytest

from conftest import ADMIN, ENTERPRISE, ORG1, ROOT
from schemacheck import errors, example

sys.path.insert(0, str(ROOT / "tools" / "codegen"))
import model  # noqa: E402
from targets.test_fixtures import FIXED as SEED_IDS  # noqa: E402

API = model.load(ROOT / "api" / "openapi.json")
OPS = API.operations

# Ids of the default seed, as the shared recipes use them.
FIXED = {"org_id": ORG1, **SEED_IDS}
BOUNDARY = "emuboundary"


def multipart(filename: str, text: str) -> tuple[bytes, dict]:
    """A one-file multipart/form-data body and its Content-Type header."""
    data = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"{filename}\"\r\nContent-Type: text/plain\r\n\r\n{text}\r\n"
            f"--{BOUNDARY}--\r\n").encode()
    return data, {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}


def key_for(op):
    return ENTERPRISE if op.scope == "enterprise" else ADMIN


def collection_create(op):
    """The POST operation creating items of op's collection, if any."""
    m = re.match(r"^(.*)/\{(\w+)\}(/.*)?$", op.path)
    if not m:
        return None, None
    base, param = m.group(1), m.group(2)
    for cand in OPS:
        if cand.path == base and cand.http_method == "POST":
            return cand, param
    return None, None


def body_for(op):
    if op.body_kind != "json" or op.body_schema is None:
        return None
    body = example(op.body_schema)
    if isinstance(body, dict) and "enterprise_role_id" in body:
        body["enterprise_role_id"] = "account_member"
    if isinstance(body, dict) and "role_id" in body:
        body["role_id"] = "account_member" if op.scope == "enterprise" and \
            "organizations/{org_id}" not in op.path else "org_member"
    if isinstance(body, dict):
        # references must name things that exist
        if "pr_url" in body:
            body["pr_url"] = PR_URL
        for t in body.get("repositories") or []:
            if isinstance(t, dict):
                t["repository_path"] = REPO
        if op.id.endswith("tags.set_default"):
            body["tag"] = "team-a"  # one of the seeded allowed tags
        if "repository_paths" in body:
            body["repository_paths"] = [REPO]
    return body


PR_URL = "https://github.com/acme/widgets/pull/7"
REPO = "acme/widgets"

PREPARE = {
    # operations that act on something another operation creates
    "enterprise.consumption.acu_limits.delete":
        ("PUT", "/v3/enterprise/consumption/acu-limits/devin/organizations/" + ORG1,
         {"cycle_acu_limit": 10}),
    "pr_reviews.get": ("POST", f"/v3/organizations/{ORG1}/pr-reviews", {"pr_url": PR_URL}),
    "enterprise.pr_reviews.get": ("POST", "/v3/enterprise/pr-reviews", {"pr_url": PR_URL}),
    "repositories.unindex_branch":
        ("PUT", f"/v3beta1/organizations/{ORG1}/repositories/acme%2Fwidgets/indexing",
         {"branch_names": ["main"]}),
}


def make_session(emu):
    _, _, s = emu.post(f"/v3/organizations/{ORG1}/sessions", {"prompt": "ops test"})
    return s["session_id"]


def resolve_params(emu, op):
    values = dict(FIXED)
    names = [p.name for p in op.path_params]
    if "devin_id" in names or "session_id" in names:
        sid = make_session(emu)
        values["devin_id"] = values["session_id"] = sid
    if "uuid" in names:
        conn = emu.conn()
        data, headers = multipart("notes.txt", "hello")
        _, _, att = emu.request("POST", f"/v3/organizations/{ORG1}/attachments", raw_body=data,
                                headers=headers, conn=conn)
        conn.close()
        parts = att["url"].rsplit("/", 2)
        values["uuid"], values["name"] = parts[-2], urllib.parse.unquote(parts[-1])
    create, param = collection_create(op)
    if create is not None and param in names and param not in ("org_id",) and \
            param not in ("devin_id", "session_id", "user_id", "service_user_id",
                          "idp_group_name", "tag"):
        path = create.path.format(**values)
        status, _, created = emu.request("POST", path, key=key_for(create), body=body_for(create))
        assert status == create.success_status, (create.id, status, created)
        item = created[0] if isinstance(created, list) else created
        for cand in (param, "id", param.replace("schedule_id", "scheduled_session_id")):
            if isinstance(item, dict) and cand in item:
                values[param] = item[cand]
                break
        else:
            ids = [v for k, v in item.items() if k.endswith("_id") and k != "org_id"]
            values[param] = ids[0]
    return values


def query_for(op):
    q = {}
    for p in op.query_params:
        if p.required:
            q[p.name] = PR_URL if p.name == "pr_url" else example(p.schema, p.name)
    return q


@pytest.mark.parametrize("op", OPS, ids=[o.id for o in OPS])
def test_operation_answers_as_documented(fresh, op):
    emu = fresh
    if op.id in PREPARE:
        method, path, body = PREPARE[op.id]
        assert emu.request(method, path, key=ENTERPRISE, body=body)[0] < 300
    values = resolve_params(emu, op)
    path = op.path
    for name, v in values.items():
        path = path.replace("{" + name + "}", urllib.parse.quote(str(v), safe=""))
    assert "{" not in path, path
    headers: dict = {}
    raw = None
    body = body_for(op)
    if op.body_kind == "multipart":
        raw, headers = multipart("a.txt", "abc")
    status, rh, data = emu.request(op.http_method, path, key=key_for(op), body=body,
                                   raw_body=raw, headers=headers, query=query_for(op))
    assert "x-request-id" in rh
    assert status == op.success_status, (op.id, status, data)
    if op.response_kind == "redirect":
        assert "location" in rh
        return
    if op.response_kind == "empty":
        assert data in ("", None)
        return
    assert rh.get("content-type", "").startswith("application/json"), rh
    problems = errors(op.response_schema, data)
    assert not problems, (op.id, problems[:5], data)
