"""The API model every code generation target reads.

``load(path)`` turns api/openapi.json into a list of ``Operation`` objects
with $refs resolved and the project's ``x-devin-*`` extensions applied:

  operationId                   "<scope>.<resource>.<method>" (scope prefix
                                "enterprise." only for the Enterprise API)
  x-devin-scope                 organization | enterprise | self
  x-devin-resource              dotted resource path without the scope,
                                e.g. "sessions.tags", "audit_logs" ("" for whoami)
  x-devin-method                method name, e.g. "list", "send_message"
  x-devin-permission            required permission (string or null)
  x-devin-permission-uncertain  true when the permission was inferred
  x-devin-extra-permissions     {body field: permission} (create_as_user_id)
  x-devin-pagination            {"form": cursor|offset|array|data, "items": field}
  x-devin-main-id               the positional id parameter, if any
  x-devin-beta                  true for /v3beta1 operations
  x-devin-uncertain             true where the documentation was unclear
"""
from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

HTTP_METHODS = ("get", "post", "put", "patch", "delete")


@dataclass
class Param:
    name: str
    location: str  # path | query | body
    type: str  # string | integer | number | boolean | array | object | any
    required: bool
    schema: dict
    description: str = ""
    item_type: str = ""  # for arrays


@dataclass
class Operation:
    id: str
    http_method: str
    path: str
    scope: str
    resource: str
    method: str
    summary: str
    description: str
    permission: Optional[str]
    permission_uncertain: bool
    extra_permissions: dict
    params: list = field(default_factory=list)  # path + query + body fields
    body_kind: str = "none"  # none | json | multipart
    body_required: bool = False
    body_schema: Optional[dict] = None
    response_kind: str = "json"  # json | empty | redirect
    success_status: int = 200
    response_schema: Optional[dict] = None
    page_form: str = "none"  # none | cursor | offset | array | data
    items_field: str = ""
    item_schema: Optional[dict] = None
    main_id: str = ""
    beta: bool = False
    uncertain: bool = False
    raw: dict = field(default_factory=dict)

    @property
    def path_params(self):
        return [p for p in self.params if p.location == "path"]

    @property
    def query_params(self):
        return [p for p in self.params if p.location == "query"]

    @property
    def body_params(self):
        return [p for p in self.params if p.location == "body"]

    @property
    def resource_path(self) -> list:
        """Attribute path on a client: ["enterprise", "audit_logs"]."""
        parts = ["enterprise"] if self.scope == "enterprise" else []
        return parts + [p for p in self.resource.split(".") if p]


@dataclass
class Api:
    spec: dict
    operations: list
    schemas: dict

    def by_id(self, op_id: str) -> Operation:
        for op in self.operations:
            if op.id == op_id:
                return op
        raise KeyError(op_id)


def _resolver(spec: dict):
    def resolve(node: Any, depth: int = 0) -> Any:
        if depth > 40:
            return {}
        if isinstance(node, dict):
            if "$ref" in node:
                name = node["$ref"].rsplit("/", 1)[-1]
                target = spec["components"]["schemas"][name]
                out = resolve(copy.deepcopy(target), depth + 1)
                if isinstance(out, dict):
                    out.setdefault("x-schema-name", name)
                return out
            return {k: resolve(v, depth + 1) for k, v in node.items()}
        if isinstance(node, list):
            return [resolve(v, depth + 1) for v in node]
        return node

    return resolve


def schema_type(schema: Optional[dict]) -> str:
    """Main JSON type of a schema, looking through nullable anyOf/oneOf."""
    if not schema:
        return "any"
    if "type" in schema:
        t = schema["type"]
        return t if t in ("string", "integer", "number", "boolean", "array", "object") else "any"
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            kinds = {schema_type(s) for s in schema[key]}
            kinds.discard("any")
            return kinds.pop() if len(kinds) == 1 else "any"
    if "properties" in schema:
        return "object"
    if "enum" in schema:
        return "string"
    return "any"


def _item_type(schema: dict) -> str:
    if schema_type(schema) != "array":
        return ""
    items = schema.get("items")
    if items is None:
        for key in ("anyOf", "oneOf"):
            for s in schema.get(key, []):
                if s.get("type") == "array":
                    items = s.get("items")
    return schema_type(items or {})


def load(path: Path) -> Api:
    spec = json.loads(Path(path).read_text(encoding="utf-8"))
    resolve = _resolver(spec)
    ops = []
    for p, item in spec.get("paths", {}).items():
        shared = item.get("parameters", [])
        for m in HTTP_METHODS:
            if m not in item:
                continue
            raw = item[m]
            params = []
            for prm in shared + raw.get("parameters", []):
                prm = resolve(prm)
                sch = prm.get("schema", {})
                params.append(Param(prm["name"], prm["in"], schema_type(sch), bool(prm.get("required")),
                                    sch, prm.get("description", ""), _item_type(sch)))
            body_kind, body_required, body_schema = "none", False, None
            rb = raw.get("requestBody")
            if rb:
                rb = resolve(rb)
                content = rb.get("content", {})
                if "multipart/form-data" in content:
                    body_kind = "multipart"
                    body_schema = content["multipart/form-data"].get("schema")
                else:
                    body_kind = "json"
                    body_schema = next(iter(content.values()), {}).get("schema")
                body_required = bool(rb.get("required"))
                props = (body_schema or {}).get("properties", {})
                req = set((body_schema or {}).get("required", []))
                for name, sch in props.items():
                    params.append(Param(name, "body", schema_type(sch), name in req, sch,
                                        sch.get("description", ""), _item_type(sch)))
            responses = raw.get("responses", {})
            ok = sorted(int(c) for c in responses if c.isdigit() and 200 <= int(c) < 400)
            status = ok[0] if ok else 200
            resp = resolve(responses.get(str(status), {}))
            content = resp.get("content", {})
            if status == 307:
                kind, rschema = "redirect", None
            elif not content:
                kind, rschema = "empty", None
            else:
                kind, rschema = "json", next(iter(content.values())).get("schema")
            pg = raw.get("x-devin-pagination") or {}
            form = pg.get("form", "none")
            items_field = pg.get("items", "items" if form in ("cursor", "offset") else ("data" if form == "data" else ""))
            item_schema = None
            if rschema is not None and form != "none":
                if form == "array":
                    item_schema = rschema.get("items")
                else:
                    item_schema = (rschema.get("properties", {}).get(items_field) or {}).get("items")
            ops.append(Operation(
                id=raw["operationId"], http_method=m.upper(), path=p,
                scope=raw.get("x-devin-scope", "organization"),
                resource=raw.get("x-devin-resource", ""), method=raw.get("x-devin-method", ""),
                summary=raw.get("summary", ""), description=raw.get("description", ""),
                permission=raw.get("x-devin-permission"),
                permission_uncertain=bool(raw.get("x-devin-permission-uncertain")),
                extra_permissions=raw.get("x-devin-extra-permissions", {}),
                params=params, body_kind=body_kind, body_required=body_required,
                body_schema=body_schema, response_kind=kind, success_status=status,
                response_schema=rschema, page_form=form, items_field=items_field,
                item_schema=item_schema, main_id=raw.get("x-devin-main-id", ""),
                beta=bool(raw.get("x-devin-beta")), uncertain=bool(raw.get("x-devin-uncertain")),
                raw=raw))
    ops.sort(key=lambda o: o.id)
    return Api(spec=spec, operations=ops, schemas=spec.get("components", {}).get("schemas", {}))
