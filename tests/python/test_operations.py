"""Every operation of api/openapi.json, called through its generated Python
method against the emulator (coverage_manifest.txt lists them; a test keeps
the manifest equal to the API description)."""
from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest

import devin
from conftest import ADMIN, ENTERPRISE, ORG1, ROOT, Emulator, make_client

sys.path.insert(0, str(ROOT / "tools" / "codegen"))
import model  # noqa: E402

API = model.load(ROOT / "api" / "openapi.json")
OPS = API.operations
MANIFEST = Path(__file__).with_name("coverage_manifest.txt")

# Ids that exist in the emulator's default seed.
KNOWN = {
    "org_id": ORG1,
    "user_id": "user-emulator-alice",
    "service_user_id": "service-user-emulator-org-admin",
    "idp_group_name": "engineering",
    "connection_id": "git-connection-github",
    "tag": "team-a",
    "repository_path": "acme/widgets",
    "branch_name": "main",
}
# Parameters whose value is not made up from the schema.
VALUES = {
    "role_id": "role-org-member",
    "enterprise_role_id": "role-enterprise-member",
    "pr_url": "https://github.com/acme/widgets/pull/1",
    "emails": ["new.person@example.com"],
    "repo_name": "acme/widgets",
    "repository_paths": ["acme/widgets"],
}


def sample(schema: dict, name: str = "") -> Any:
    """A plausible value for a (resolved) schema."""
    if name in VALUES:
        return VALUES[name]
    if "example" in schema:
        return schema["example"]
    if "enum" in schema:
        return schema["enum"][0]
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(key, []):
            if sub.get("type") != "null":
                return sample(sub, name)
    t = model.schema_type(schema)
    if t == "string":
        if schema.get("format") == "date":
            return "2025-01-01"
        return f"py-{name or 'value'}"
    if t == "integer":
        return max(1, int(schema.get("minimum", 1)))
    if t == "number":
        return 1.0
    if t == "boolean":
        return True
    if t == "array":
        return [sample(schema.get("items") or {}, name.rstrip("s"))]
    if t == "object":
        props = schema.get("properties") or {}
        return {k: sample(v, k) for k, v in props.items() if k in set(schema.get("required", []))}
    return "x"


def method_of(client: Any, op: Any) -> Any:
    target = client
    for part in op.resource_path:
        target = getattr(target, part)
    return getattr(target, op.method)


def client_for(op: Any, clients: dict) -> devin.Devin:
    return clients["enterprise" if op.scope == "enterprise" else "org"]


def creator_of(op: Any):
    """The POST that creates the item a path parameter of `op` names."""
    m = re.match(r"^(.*)/\{(\w+)\}(/.*)?$", op.path)
    if not m:
        return None, None
    base, param = m.group(1), m.group(2)
    for cand in OPS:
        if cand.path == base and cand.http_method == "POST" and cand.body_kind != "multipart":
            return cand, param
    return None, None


def call(op: Any, clients: dict, values: dict) -> Any:
    fn = method_of(client_for(op, clients), op)
    args: list = []
    kwargs: dict = {}
    for p in op.params:
        given = p.name in values and (p.location == "path" or p.required)
        if not (p.required or given):
            continue
        if p.location == "body" and op.body_kind == "multipart":
            continue
        v = values[p.name] if p.name in values else sample(p.schema, p.name)
        if p.name == "role_id" and op.scope == "enterprise" and "{org_id}" not in op.path:
            v = "role-enterprise-member"
        if p.name == op.main_id:
            args.append(v)
        else:
            kwargs[p.name] = v
    if op.body_kind == "multipart":
        kwargs["file"] = b"hello from python"
        kwargs["filename"] = "hello.txt"
    result = fn(*args, **kwargs)
    if isinstance(result, (devin.SyncPager,)):
        result = result.first_page().items
    return result


def prepare(op: Any, clients: dict) -> dict:
    values = dict(KNOWN)
    names = {p.name for p in op.path_params}
    org = clients["org"]
    if names & {"devin_id", "session_id"}:
        s = org.sessions.create(prompt="operation coverage")
        values["devin_id"] = values["session_id"] = s.session_id
    if "uuid" in names:
        att = org.attachments.upload(file=b"hello", filename="notes.txt")
        parts = att.url.rsplit("/", 2)
        values["uuid"], values["name"] = parts[-2], parts[-1]
    if op.id == "enterprise.consumption.acu_limits.delete":
        clients["enterprise"].enterprise.consumption.acu_limits.set(ORG1, cycle_acu_limit=10)
    create, param = creator_of(op)
    if create is not None and param in names and param not in KNOWN and \
            param not in ("devin_id", "session_id"):
        item = call(create, clients, values)
        item = item[0] if isinstance(item, list) else item
        data = item.to_dict()
        for cand in (param, "id", "scheduled_session_id"):
            if cand in data:
                values[param] = data[cand]
                break
        else:
            values[param] = next(v for k, v in data.items() if k.endswith("_id") and k != "org_id")
    return values


@pytest.fixture
def clients(emu: Emulator):
    emu.reset()
    org = make_client(emu, ADMIN, org_id=ORG1)
    ent = make_client(emu, ENTERPRISE)
    yield {"org": org, "enterprise": ent}
    org.close()
    ent.close()


@pytest.mark.parametrize("op", OPS, ids=[o.id for o in OPS])
def test_operation(clients: dict, op: Any) -> None:
    values = prepare(op, clients)
    result = call(op, clients, values)
    if op.response_kind == "empty":
        assert result is None
    elif op.id == "attachments.download":
        assert result == b"hello"
    elif op.page_form != "none":
        assert isinstance(result, list)
        for item in result:
            assert isinstance(item, devin.BaseModel)
            item.to_dict()
    else:
        assert isinstance(result, (devin.BaseModel, list)), type(result)
        if isinstance(result, devin.BaseModel):
            assert result._response is not None and 200 <= result._response.status_code < 300
            result.to_dict()


def test_manifest_lists_every_operation() -> None:
    listed = [line.strip() for line in MANIFEST.read_text().splitlines()
              if line.strip() and not line.startswith("#")]
    assert listed == sorted(o.id for o in OPS)
    assert len(listed) == 184


def test_every_operation_has_a_method(client: devin.Devin) -> None:
    async_client = devin.AsyncDevin(api_key=ADMIN, base_url=client.base_url)
    for op in OPS:
        assert callable(method_of(client, op)), op.id
        assert callable(method_of(async_client, op)), op.id
