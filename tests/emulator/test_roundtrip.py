"""What a client writes is what it reads back: round trips generated from
api/openapi.json.

For every create and update operation of the description, two requests — a
minimal body (required fields only) and a full body (every field set, to a
value other than its default where the schema allows one) — each followed by
a read of the same resource (its GET, else its list). Then, through the
renames the description declares (``x-devin-response-field``):

- every sent field reads back equal;
- every unsent field with a request default reads back as that default;
- every other unsent field the response marks nullable reads back null, and
  one with an ``x-devin-server-default`` reads back as that.

Every request field must be accounted for: read back under its own or a
declared name, or declared ``x-devin-write-only``. A field the description
forgets fails here, not in a user's sync code.
"""
from __future__ import annotations

import copy
import itertools
import re
import sys
import urllib.parse

import pytest

from conftest import ADMIN, ENTERPRISE, ORG1, ROOT

sys.path.insert(0, str(ROOT / "tools" / "codegen"))
import model  # noqa: E402

API = model.load(ROOT / "api" / "openapi.json")
OPS = API.operations
BY_KEY = {(o.http_method, o.path): o for o in OPS}

# Operations that write but are not a create or an update of one resource,
# with the reason they are left out here (each has its own tests).
NOT_ROUND_TRIPS = {
    "enterprise.ip_access_list.append": "appends to a list (tests/emulator/test_roles.py)",
    "enterprise.organizations.tags.append": "appends to a list",
    "sessions.tags.append": "appends to a list (test_sessions.py)",
    "enterprise.sessions.tags.append": "appends to a list",
    "sessions.send_message": "a message is an event in the session, not a resource",
    "enterprise.sessions.send_message": "a message is an event in the session",
    "enterprise.service_users.api_keys.rotate": "replaces a key (test_roles.py)",
    "snapshot_setup.sync": "an action; answers what it synced",
    "enterprise.service_users.api_keys.create": "answers the token once; keys are listed without it",
    "pr_reviews.create": "its fields are derived from the PR URL (test_beta.py)",
    "enterprise.pr_reviews.create": "its fields are derived from the PR URL",
    "sessions.create": "a session is a simulation, not stored fields (test_sessions.py)",
    "repositories.index": "an action on a connected repository (test_beta.py)",
    "repositories.bulk_index": "an action on connected repositories",
    "service_users.create": "answers the key once; the service user (test_roles.py)",
    "enterprise.service_users.create": "answers the key once; the service user (test_roles.py)",
}

# Resources read back through an operation other than their GET or list.
READ_VIA = {
    "enterprise.consumption.acu_limits.set": ("GET", "/v3/enterprise/consumption/acu-limits/devin"),
}

SEQ = itertools.count(1)
ID_ALIASES = {"schedule_id": "scheduled_session_id", "devin_id": "session_id"}


def core(schema):
    """The non-null branch of a schema (allOf of one, anyOf/oneOf with null)."""
    if not isinstance(schema, dict):
        return {}
    for k in ("anyOf", "oneOf"):
        if k in schema:
            for alt in schema[k]:
                if alt.get("type") != "null":
                    return core(alt)
    if "allOf" in schema and len(schema["allOf"]) == 1:
        merged = dict(core(schema["allOf"][0]))
        return merged
    return schema


def nullable(schema) -> bool:
    return isinstance(schema, dict) and bool(schema.get("nullable"))


def props(schema) -> dict:
    return core(schema).get("properties") or {}


def response_field(name, prop):
    """(target field, kind) of a request property: kind is same | rename |
    lookup | relation | write-only | unmapped."""
    if prop.get("x-devin-write-only"):
        return None, "write-only"
    m = prop.get("x-devin-response-field")
    if isinstance(m, str):
        return m, "rename"
    if isinstance(m, dict):
        return m["field"], "relation" if "relation" in m else "lookup"
    return name, "same"


# ------------------------------------------------------------------ values
def role_for(path: str) -> str:
    return "org_member" if "/organizations/{org_id}" in path or \
        path.startswith("/v3/organizations/") or path.startswith("/v3beta1/organizations/") \
        else "account_member"


class Values:
    """Valid request values, real ids where a field references something."""

    def __init__(self, emu, op):
        self.emu, self.op = emu, op

    def playbook(self) -> str:
        org_path = "/v3/organizations/" + ORG1 + "/playbooks"
        _, _, pb = self.emu.post(org_path, {"title": f"rt playbook {next(SEQ)}", "body": "b"})
        return pb["playbook_id"]

    def session(self) -> str:
        _, _, s = self.emu.post(f"/v3/organizations/{ORG1}/sessions", {"prompt": "rt"})
        return s["session_id"]

    def named(self, name):
        n = next(SEQ)
        table = {
            "playbook_id": self.playbook,
            "target_devin_id": self.session,
            "create_as_user_id": lambda: "user-emulator-alice",
            "run_as_user_id": lambda: "user-emulator-alice",
            "role_id": lambda: role_for(self.op.path),
            "enterprise_role_id": lambda: "account_member",
            "git_connection_id": lambda: "git-connection-github",
            "repo_path": lambda: "acme/widgets",
            "pinned_repo": lambda: "acme/widgets",
            "repo_name": lambda: "acme/widgets",
            "macro": lambda: f"!rt_macro-{n}",
            "frequency": lambda: "30 6 * * 1-5",
            "scheduled_at": lambda: "2027-03-04T05:06:00Z",
            "platform": lambda: "linux",
            "key": lambda: f"RT_KEY_{n}",
            "emails": lambda: [f"rt{n}@example.com"],
            "pr_url": lambda: "https://github.com/acme/widgets/pull/7",
            "structured_output_schema": lambda: {
                "type": "object", "properties": {"ok": {"type": "boolean"}}},
            "cycle_acu_limit": lambda: 300,
            "org_ids": lambda: [ORG1],
            "tag": lambda: "team-a",  # the default tag must be an allowed one
            "max_cycle_acu_limit": lambda: 4000,
            "max_session_acu_limit": lambda: 40,
        }
        return table.get(name)

    def value(self, name, schema, full: bool):
        maker = self.named(name)
        if maker is not None:
            return maker()
        s = core(schema)
        default = schema.get("default", s.get("default"))
        if "enum" in s:
            choices = [e for e in s["enum"] if e is not None]
            others = [e for e in choices if e != default]
            return (others or choices)[-1] if full else choices[0]
        t = s.get("type")
        if t == "boolean":
            return not default if isinstance(default, bool) else True
        if t == "integer":
            lo, hi = s.get("minimum", 1), s.get("maximum", 10**6)
            v = 2 if default != 2 else 3
            return int(min(max(v, lo), hi))
        if t == "number":
            return float(max(s.get("minimum", 1.5), 1.5))
        if t == "array":
            item = s.get("items") or {}
            return [self.value(name[:-1] if name.endswith("s") else name, item, full)]
        if t == "object" or "properties" in s:
            if s.get("properties"):
                return self.body(s, full)
            extra = s.get("additionalProperties")
            if isinstance(extra, dict) and extra:
                return {f"rt-{name}-{next(SEQ)}": self.value(name, extra, full)}
            return {"rt": True}
        if s.get("format") == "date-time":
            return "2027-01-02T03:04:05Z"
        if s.get("format") == "email" or name.endswith("email"):
            return f"rt{next(SEQ)}@example.com"
        if s.get("format") in ("uri", "url") or name.endswith("url"):
            return f"https://example.com/rt/{next(SEQ)}"
        return f"rt {name} {next(SEQ)}"

    def body(self, schema, full: bool) -> dict:
        s = core(schema)
        req = set(s.get("required") or [])
        out = {}
        for name, prop in (s.get("properties") or {}).items():
            if name in req or full:
                if full and name == "folder_id":
                    continue  # folders come from the seed only; none by default
                out[name] = self.value(name, prop, full)
        return out


# ------------------------------------------------------------- operations
def is_round_trip(op) -> bool:
    if op.http_method not in ("POST", "PUT", "PATCH") or op.body_kind != "json":
        return False
    if op.id in NOT_ROUND_TRIPS:
        return False
    return bool(props(op.body_schema))


CASES = [o for o in OPS if is_round_trip(o)]


def key_for(op) -> str:
    return ENTERPRISE if op.scope == "enterprise" else ADMIN


def fill(path: str, values: dict) -> str:
    for k, v in values.items():
        path = path.replace("{" + k + "}", urllib.parse.quote(str(v), safe=""))
    return path


def item_id_field(item: dict, param: str) -> str:
    for cand in (param, ID_ALIASES.get(param, param)):
        if cand in item:
            return cand
    return next(k for k in item if k.endswith("_id") and k != "org_id")


def list_op(collection: str):
    return BY_KEY.get(("GET", collection))


def read_back(emu, op, coll_tmpl, item_tmpl, param, values, ident, key):
    """The resource as a later read shows it: its GET, else found in its list."""
    get = BY_KEY.get(("GET", item_tmpl)) if item_tmpl else None
    if get is not None and param:
        status, _, data = emu.request("GET", fill(item_tmpl, {**values, param: ident}), key=key)
        assert status == 200, (get.id, status, data)
        return data
    lst = list_op(coll_tmpl)
    if lst is None and item_tmpl and ("GET", item_tmpl) in BY_KEY:
        lst = BY_KEY[("GET", item_tmpl)]
    assert lst is not None, f"{op.id}: no read operation for {coll_tmpl}"
    status, _, data = emu.request("GET", fill(lst.path, values), key=key,
                                  query={"first": 200} if any(
                                      p.name == "first" for p in lst.query_params) else None)
    assert status == 200, (lst.id, status, data)
    if isinstance(data, dict) and not any(k in data for k in ("items", "data")):
        return data  # a document, not a list
    items = data if isinstance(data, list) else data.get("items", data.get("data"))
    for it in items:
        if ident is not None and ident in it.values():
            return it
    raise AssertionError(f"{op.id}: {ident!r} not found by {lst.id}")


def shapes(op):
    """(collection template, item template, id parameter) of op's resource."""
    m = re.match(r"^(.*)/\{(\w+)\}$", op.path)
    if op.http_method == "POST" and ("GET", op.path) in BY_KEY and m is None:
        # POST on a collection: a create; the item path is <collection>/{id}
        for (meth, p), cand in BY_KEY.items():
            mm = re.match(r"^" + re.escape(op.path) + r"/\{(\w+)\}$", p)
            if meth == "GET" and mm:
                return op.path, p, mm.group(1)
        return op.path, None, None
    if m:
        return m.group(1), op.path, m.group(2)
    return op.path, None, None


def prepare(emu, op, values):
    """Makes the resource an update acts on; returns its id."""
    coll, item_tmpl, param = shapes(op)
    if param is None:
        return None
    if param in values:
        return values[param]
    create = BY_KEY.get(("POST", coll))
    assert create is not None, f"{op.id}: nothing creates {coll}"
    body = Values(emu, create).body(create.body_schema, full=False)
    for v in body.values():  # a bulk body: create exactly one
        if isinstance(v, list):
            del v[1:]
    status, _, item = emu.request("POST", fill(coll, values), key=key_for(create), body=body)
    assert status == create.success_status, (create.id, status, item)
    if isinstance(item, list):  # a bulk create: one element, one item
        item = item[0]
    return item[item_id_field(item, param)]


SEEDED = {"user_id": "user-emulator-alice",
          "service_user_id": "service-user-emulator-org-readonly",
          "idp_group_name": "engineering"}


@pytest.mark.parametrize("full", [False, True], ids=["minimal", "full"])
@pytest.mark.parametrize("op", CASES, ids=[o.id for o in CASES])
def test_round_trip(fresh, op, full):
    emu = fresh
    coll, item_tmpl, param = shapes(op)
    creating = op.http_method == "POST" and param is not None and op.path == coll
    values = {"org_id": ORG1}
    for p in op.path_params:
        if p.name in SEEDED:
            values[p.name] = SEEDED[p.name]
        if p.name in ("devin_id", "session_id"):
            values[p.name] = Values(emu, op).session()
    if not creating and param and param not in values:
        values[param] = prepare(emu, op, values)
    gen = Values(emu, op)
    body = gen.body(op.body_schema, full)
    before = None
    if op.http_method == "PATCH" and param:
        before = read_back(emu, op, coll, item_tmpl, param, values, values[param],
                           key_for(op))
    status, _, answer = emu.request(op.http_method, fill(op.path, values), key=key_for(op),
                                    body=body)
    assert status == op.success_status, (op.id, status, answer)
    if isinstance(answer, list):
        return check_bulk(emu, op, body, answer, values)
    if op.id in READ_VIA:
        method, path = READ_VIA[op.id]
        status, _, data = emu.request(method, fill(path, values), key=key_for(op))
        assert status == 200, (op.id, status, data)
        got = next(it for it in data.get("items", []) if all(
            it.get(k) == v for k, v in values.items() if k in it))
        return check(op, body, got, before)
    if creating:
        ident = answer[item_id_field(answer, param)] if param else None
    else:
        ident = values.get(param) if param else None
    if param and item_tmpl:
        got = read_back(emu, op, coll, item_tmpl, param, values, ident, key_for(op))
    else:
        got = read_back(emu, op, coll, item_tmpl, param, values, ident, key_for(op)) \
            if ident is not None else answer
    check(op, body, got, before)


def check_bulk(emu, op, body, answer, values):
    """A bulk write: each element of the body's array is one item."""
    (arr, aprop), = [(k, v) for k, v in props(op.body_schema).items()
                     if core(v).get("type") == "array"]
    lst = BY_KEY[("GET", op.path)]
    status, _, data = emu.request("GET", fill(op.path, values), key=key_for(op),
                                  query={"first": 200} if any(
                                      p.name == "first" for p in lst.query_params) else None)
    assert status == 200, (lst.id, status, data)
    listed = data if isinstance(data, list) else data.get("items", [])
    elems = body[arr]
    assert len(answer) == len(elems), (op.id, answer)
    item_schema = core(op.response_schema).get("items") or {}
    elem_schema = core(aprop).get("items") or {}
    target = aprop.get("x-devin-response-field")
    for el, made in zip(elems, answer):
        if isinstance(el, dict):
            ids = {k: v for k, v in made.items() if k.endswith("_id") and k != "org_id"}
        else:
            assert target, f"{op.id}: {arr} elements have no declared response field"
            ids = {target: el}
        got = next((it for it in listed if all(it.get(k) == v for k, v in ids.items())), None)
        assert got is not None, (op.id, "not listed", made)
        if isinstance(el, dict):
            check_fields(op.id, elem_schema, item_schema, el, got, None)
        else:
            assert got.get(target) == el, (op.id, target, el, got)
    rest = {k: v for k, v in body.items() if k != arr}
    if rest:
        for got in answer:
            check_fields(op.id, {"properties": {k: v for k, v in props(op.body_schema).items()
                                                if k != arr}},
                         item_schema, rest, got, None)


def check(op, body, got, before):
    check_fields(op.id, op.body_schema, op.response_schema, body, got, before)


def check_fields(op_id, req_schema, resp_schema, body, got, before):
    rq = props(req_schema)
    problems = []
    for name, prop in rq.items():
        target, kind = response_field(name, prop)
        if kind == "write-only":
            continue
        if kind == "same" and target not in got:
            problems.append(f"request field {name} is not read back and not declared "
                            "x-devin-write-only / x-devin-response-field")
            continue
        sent = name in body
        have = got.get(target)
        if sent:
            want = body[name]
            if kind == "lookup":
                ok = isinstance(have, dict) and want in have.values()
            elif kind == "relation":
                ok = isinstance(have, list) and any(
                    isinstance(a, dict) and (a.get("role") or {}).get("role_id") == want
                    for a in have)
            else:
                ok = have == want
            if not ok:
                problems.append(f"{name}: sent {want!r}, read back {target}={have!r}")
            continue
        if kind == "relation":
            continue
        rs = props(resp_schema).get(target, {})
        if before is not None:  # PATCH: unsent fields keep their value
            if have != before.get(target):
                problems.append(f"{name}: not sent, changed from {before.get(target)!r} "
                                f"to {have!r}")
            continue
        if "default" in prop:
            if have != prop["default"]:
                problems.append(f"{name}: not sent, read back {have!r}, "
                                f"default is {prop['default']!r}")
        elif nullable(rs) or (not rs and nullable(prop)):
            if have is not None:
                problems.append(f"{name}: not sent, read back {have!r} instead of null")
        elif "x-devin-server-default" in rs:
            if have != rs["x-devin-server-default"]:
                problems.append(f"{name}: not sent, read back {have!r}, server default "
                                f"is {rs['x-devin-server-default']!r}")
    assert not problems, (op_id, problems, copy.deepcopy(got))
