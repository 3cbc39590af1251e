"""What the tests that check the emulator against api/openapi.json share:
the description loaded by schemathesis (an implementation of OpenAPI that
nobody here wrote), the key each operation is called with, a hypothesis
strategy for the description's custom string format ``cron``, and the ids of
the default seed the calls need."""
from __future__ import annotations

import json

import schemathesis
from hypothesis import strategies as st

from conftest import ADMIN, ENTERPRISE, ORG1, ROOT

SPEC_PATH = ROOT / "api" / "openapi.json"
SPEC = json.loads(SPEC_PATH.read_text())
SEED = json.loads((ROOT / "emulator" / "seed" / "default.json").read_text())

HTTP_METHODS = ("get", "put", "post", "delete", "patch")


def operations() -> dict[str, tuple[str, str]]:
    """{operation id: (HTTP method, path template)} of api/openapi.json."""
    out = {}
    for path, item in SPEC["paths"].items():
        for method, op in item.items():
            if method in HTTP_METHODS:
                out[op["operationId"]] = (method.upper(), path)
    return out


def is_enterprise_path(path: str) -> bool:
    return path.startswith(("/v3/enterprise", "/v3beta1/enterprise"))


def key_for(path: str) -> str:
    """The seeded key that may call an operation: the enterprise admin for
    /v3*/enterprise/..., the organization admin for everything else."""
    return ENTERPRISE if is_enterprise_path(path) else ADMIN


# -- cron (format of a schedule's `frequency`) -------------------------------

# (lowest, highest) of each of the 5 fields: minute hour day-of-month month
# day-of-week.
CRON_FIELDS = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 6))
MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
WEEKDAYS = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")


@st.composite
def _cron_field(draw, index: int) -> str:
    lo, hi = CRON_FIELDS[index]
    names = MONTHS if index == 3 else WEEKDAYS if index == 4 else None

    def value() -> str:
        v = draw(st.integers(lo, hi))
        if names and draw(st.booleans()):
            return names[v - lo]
        return str(v)

    def rng() -> str:
        a = draw(st.integers(lo, hi))
        b = draw(st.integers(a, hi))
        return f"{a}-{b}"

    kind = draw(st.sampled_from(("star", "step", "value", "range", "range-step", "list")))
    if kind == "star":
        return "*"
    if kind == "step":
        return f"*/{draw(st.integers(1, hi - lo + 1))}"
    if kind == "value":
        return value()
    if kind == "range":
        return rng()
    if kind == "range-step":
        return f"{rng()}/{draw(st.integers(1, hi - lo + 1))}"
    count = draw(st.integers(2, 4))
    return ",".join(rng() if draw(st.booleans()) else value() for _ in range(count))


def cron_expressions() -> st.SearchStrategy[str]:
    """Valid 5-field cron expressions: numbers, *, ranges, lists, steps,
    month and weekday names."""
    return st.tuples(*(_cron_field(i) for i in range(5))).map(" ".join)


def register_formats() -> None:
    """Teaches schemathesis the description's custom string formats."""
    schemathesis.openapi.format("cron", cron_expressions())


# -- the default seed ----------------------------------------------------------

def _roles(kind: str) -> list[dict]:
    def is_enterprise(role: dict) -> bool:
        return role.get("role_type") == "enterprise"
    return [r for r in SEED.get("roles", [])
            if is_enterprise(r) == (kind == "enterprise")]


def member_role(kind: str) -> str:
    """Id of the seeded non-admin role of the kind ("enterprise" or "org")."""
    roles = _roles(kind)
    for r in roles:
        if "member" in (r["role_id"] + " " + r.get("role_name", "")).lower():
            return r["role_id"]
    for r in roles:
        if "admin" not in (r["role_id"] + " " + r.get("role_name", "")).lower():
            return r["role_id"]
    raise LookupError(f"no {kind} member role in the seed")


def org_of_key(key: str) -> str:
    """The organization the seeded service user of `key` belongs to."""
    for su in SEED.get("service_users", []):
        if su.get("api_key") == key or key in (su.get("api_keys") or []):
            return su["org_id"]
    return ORG1  # the organization conftest.py knows the key by


def git_connection() -> tuple[str, list[str]]:
    """A seeded git connection id and its repository paths."""
    conn = SEED["git_connections"][0]
    return conn["git_connection_id"], [r["repo_path"] for r in conn["repositories"]]


# -- schemathesis's negative-data check, read on the wire --------------------

def _deref(schema):
    while isinstance(schema, dict) and "$ref" in schema:
        node = SPEC
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        schema = node
    if isinstance(schema, dict) and len(schema.get("allOf", [])) == 1 and "type" not in schema:
        return {**_deref(schema["allOf"][0]), **{k: v for k, v in schema.items() if k != "allOf"}}
    return schema


def _operation(case) -> dict:
    return SPEC["paths"][case.operation.path][case.method.lower()]


def _any_string_fits(schema) -> bool:
    """Every string is valid for the schema: a query value, always a string
    on the wire, cannot break it whatever value was generated."""
    schema = _deref(schema)
    if not isinstance(schema, dict):
        return False
    limits = {"enum", "pattern", "format", "minLength", "maxLength", "const"}
    if schema.get("type") == "string":
        return not limits & set(schema)
    if schema.get("type") == "array":
        return _any_string_fits(schema.get("items", {})) and not {"minItems", "maxItems"} & set(
            schema)
    return False


def _query_value_invisible(case, name) -> bool:
    for param in _operation(case).get("parameters", []):
        param = _deref(param)
        if param.get("in") == "query" and param.get("name") == name:
            return _any_string_fits(param.get("schema", {}))
    return False


def _body_property(case, path):
    body = _operation(case).get("requestBody", {}).get("content", {})
    schema = _deref(next(iter(body.values()), {}).get("schema", {}))
    for part in path:
        if not isinstance(schema, dict):
            return None
        if isinstance(part, int) or str(part).isdigit():
            schema = _deref(schema.get("items", {}))
        else:
            schema = _deref((schema.get("properties") or {}).get(part, {}))
    return schema


def _null_where_nullable(case, path, value) -> bool:
    """null sent for a body property the description marks nullable: the
    description allows it (OAS 3.0 `nullable`), though its `enum` does not
    list null (schemathesis reads OAS 3.0.3's clarification strictly there;
    the API's own server, FastAPI, accepts null)."""
    schema = _body_property(case, path)
    return value is None and isinstance(schema, dict) and schema.get("nullable") is True


def _sent(body, path):
    for part in path:
        if isinstance(body, list) and str(part).isdigit() and int(part) < len(body):
            body = body[int(part)]
        elif isinstance(body, dict) and part in body:
            body = body[part]
        else:
            return KeyError
    return body


def _false_alarm(case) -> bool:
    """Whether every negative change of the case is one no server can see:
    a query value (a string on the wire whatever was generated) of a
    parameter that takes any string, or null for a nullable body property."""
    data = getattr(getattr(case.meta, "phase", None), "data", None)
    if data is None:
        return False
    changes = []  # (location, query parameter name or body path, value sent)
    for m in getattr(data, "mutations", ()) or ():
        where = m.parameter_location.value
        changes.append((where, m.parameter if where == "query" else list(m.path), m.new_value))
    if not changes and getattr(data, "parameter_location", None) is not None:
        where = data.parameter_location.value
        if where == "query":
            changes.append((where, data.parameter, None))
        elif where == "body" and (data.location or "").startswith("/properties/"):
            parts = data.location.split("/")[1:]
            path = [parts[i + 1] for i in range(0, len(parts) - 1, 2) if parts[i] == "properties"]
            changes.append((where, path, _sent(case.body, path)))
    if not changes:
        return False
    return all((where == "query" and _query_value_invisible(case, name)) or
               (where == "body" and _null_where_nullable(case, name, value))
               for where, name, value in changes)


def wire_aware_negative_check():
    """schemathesis's negative_data_rejection (an invalid request must be
    rejected), less its two false alarms against this description: a
    negative query value that is a valid string once serialised (every query
    value is a string on the wire), and null for a property marked
    nullable: true. Any other accepted invalid request fails."""
    from schemathesis.core.failures import AcceptedNegativeData
    from schemathesis.specs.openapi.checks import negative_data_rejection

    @schemathesis.check
    def negative_data_rejected(ctx, response, case):
        try:
            return negative_data_rejection(ctx, response, case)
        except AcceptedNegativeData:
            if _false_alarm(case):
                return None
            raise

    return negative_data_rejected
