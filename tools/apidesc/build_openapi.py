#!/usr/bin/env python3
"""Build api/openapi.json, the project's one description of the Devin API v3.

Usage:
  python3 tools/apidesc/build_openapi.py [--facts DIR] [--out FILE] [--check]

Inputs (the "facts", default ../shared/api relative to the repository root):
  endpoints.json                    all 184 v3 endpoints, one object each
  openapi-v3-official-subset.json   official OpenAPI export (Apache-2.0) with full
                                    schemas for 94 operations; it wins where it applies

For operations the official export covers, its parameter, request and response
schemas are adopted (titles and prose descriptions stripped; see api/NOTICE).
Everything else comes from the hand-written tables in schemas.py. Names and all
prose come from names.py. The output is deterministic: sorted keys, 2-space
indent, trailing newline. Standard library only.
"""
from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))

import emulation  # noqa: E402
import names  # noqa: E402
import schemas as S  # noqa: E402

HTTP_ORDER = ("get", "put", "post", "delete", "patch")

ERROR_TEXT = {
    "400": "The request was rejected as malformed or inconsistent.",
    "401": "The token is missing, invalid or expired.",
    "403": "The caller lacks the permission this operation needs.",
    "404": "The addressed resource does not exist or is not visible to the caller.",
    "409": "The request conflicts with the resource's current state.",
    "422": "A parameter or body field failed validation.",
    "429": "Too many requests; wait and retry.",
}

TAG_TEXT = {
    "self": "Identity of the caller.",
    "attachments": "Files uploaded for sessions.",
    "consumption": "ACU consumption of an organization.",
    "knowledge": "Knowledge notes and folders of an organization.",
    "members": "Read access to an organization's members (beta).",
    "metrics": "Usage metrics of an organization.",
    "playbooks": "Reusable prompts of an organization.",
    "pr_reviews": "Devin reviews of pull requests.",
    "repositories": "Repositories and their indexing (beta).",
    "schedules": "Scheduled sessions.",
    "secrets": "Secrets made available to sessions.",
    "service_users": "Provisioning of service users (beta).",
    "sessions": "Devin sessions: create, inspect, message, tag, terminate.",
    "snapshot_setup": "Machine setup blueprints and snapshot builds (beta).",
}

# Query parameters of endpoints.json that are left out, with the reason.
DROPPED_QUERY = {
    # Purpose undocumented; only in a newer spec snapshot, next to the `qs` object.
    ("sessions.list", "devin_id"), ("sessions.list_with_insights", "devin_id"),
    ("sessions.create", "devin_id"),
}


# ------------------------------------------------------------------ helpers
def strip_prose(node):
    """Remove `title` and `description` from schema objects (not from property maps)."""
    if isinstance(node, list):
        return [strip_prose(x) for x in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for k, v in node.items():
        if k in ("title", "description"):
            continue
        if k == "properties" and isinstance(v, dict):
            out[k] = {pk: strip_prose(pv) for pk, pv in v.items()}
        else:
            out[k] = strip_prose(v)
    return out


def parse_type(field: dict):
    """Turn an endpoints.json field type string into a schema (None if unknown)."""
    t = field["type"].strip()
    nullable = t.endswith("|null")
    if nullable:
        t = t[: -len("|null")]
    scal = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean"}
    if t in scal:
        sch = {"type": scal[t]}
    elif t == "string[]":
        sch = S.arr({"type": "string"})
    elif t == "uri[]":
        sch = S.arr({"type": "string", "format": "uri"})
    elif t == "enum":
        sch = {"type": "string", "enum": list(field["enum"])}
    elif t == "enum[]":
        sch = S.arr({"type": "string", "enum": list(field["enum"])})
    elif t == "object":
        sch = S.any_object()
    elif t == "AuditLogAction":
        sch = {"type": "string"}
    else:
        return None
    if "default" in field:
        sch["default"] = field["default"]
    if "min" in field:
        sch["minimum"] = field["min"]
    if "max" in field:
        sch["maximum"] = field["max"]
    if nullable:
        sch["nullable"] = True
    return sch


def query_schema(op_id: str, field: dict):
    name = field["name"]
    if name == "origins":
        return S.nul(S.arr(S.ref("SessionOriginFilter")))
    if name == "category" and "bug_fixing" in field.get("enum", []):
        return S.nul(S.ref("SessionCategory"))
    sch = parse_type(field)
    if sch is None:
        raise SystemExit(f"apidesc: {op_id}: cannot read type {field['type']!r} of {name}")
    return sch


def make_param(name: str, where: str, schema: dict, required: bool) -> dict:
    p = {"name": name, "in": where, "required": bool(required), "schema": schema}
    if name in names.PARAM_DOCS:
        p["description"] = names.PARAM_DOCS[name]
    if schema.get("type") == "array" or any(
            s.get("type") == "array" for s in schema.get("allOf", [])):
        p["style"] = "form"
        p["explode"] = True
    return p


CURSOR_FIELDS = [{"name": "after", "type": "string|null"},
                 {"name": "first", "type": "integer", "default": 100, "min": 1, "max": 200}]


def path_params_of(path: str) -> list:
    return re.findall(r"{([^}]+)}", path)


def error_responses(codes) -> dict:
    out = {}
    for code in sorted(codes):
        content = {"application/problem+json": {"schema": S.ref("ProblemDetail")}}
        if code == "422":
            content["application/json"] = {"schema": S.ref("HTTPValidationError")}
        out[code] = {"description": ERROR_TEXT[code], "content": content}
    return out


def scope_of(entry: dict, op_id: str) -> str:
    if op_id == "whoami":
        return "self"
    return entry["scope"]


def split_id(op_id: str):
    parts = op_id.split(".")
    if op_id == "whoami":
        return "", "whoami"
    if parts[0] == "enterprise":
        parts = parts[1:]
    return ".".join(parts[:-1]), parts[-1]


def main_id(op_id: str, path: str, scope: str) -> str:
    if op_id in names.MAIN_ID_OVERRIDES:
        return names.MAIN_ID_OVERRIDES[op_id]
    ids = path_params_of(path)
    if scope == "organization":
        ids = [i for i in ids if i != "org_id"]
    return ids[-1] if ids else ""


def tag_of(op_id: str) -> str:
    parts = op_id.split(".")
    if op_id == "whoami":
        return "self"
    if parts[0] == "enterprise":
        return "enterprise." + parts[1]
    return parts[0]


# ---------------------------------------------------------------- building
def build(facts: Path) -> dict:
    endpoints = json.loads((facts / "endpoints.json").read_text(encoding="utf-8"))
    official = json.loads((facts / "openapi-v3-official-subset.json").read_text(encoding="utf-8"))
    table = {(m, p): (i, summ, d) for m, p, i, summ, d in names.OPS}
    ids = [row[2] for row in names.OPS]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise SystemExit(f"apidesc: duplicate operation ids: {sorted(dup)}")
    if len(table) != len(names.OPS):
        raise SystemExit("apidesc: two name rows for one (method, path)")

    components = {}
    for name, sch in official["components"]["schemas"].items():
        components[name] = strip_prose(sch)
    for name, sch in S.COMPONENTS.items():
        if name in components:
            raise SystemExit(f"apidesc: component {name} clashes with the official export")
        components[name] = copy.deepcopy(sch)
    emulation.apply(components)

    paths: dict = {}
    seen = set()
    for e in endpoints:
        key = (e["method"], e["path"])
        if key not in table:
            raise SystemExit(f"apidesc: no name for {key[0]} {key[1]}")
        seen.add(key)
        op_id, summary, description = table[key]
        off = official["paths"].get(e["path"], {}).get(e["method"].lower())
        op = build_operation(e, off, op_id, summary, description)
        paths.setdefault(e["path"], {})[e["method"].lower()] = op
    missing = set(table) - seen
    if missing:
        raise SystemExit(f"apidesc: names for unknown endpoints: {sorted(missing)}")

    check_refs(components, paths)
    tags = sorted({tag_of(i) for i in ids})
    tag_list = []
    for t in tags:
        base = t.split(".", 1)[1] if t.startswith("enterprise.") else t
        text = TAG_TEXT.get(base, "")
        if t.startswith("enterprise."):
            text = f"Enterprise API: {base.replace('_', ' ')}."
        tag_list.append({"name": t, "description": text} if text else {"name": t})

    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Devin API v3 (devin SDK description)",
            "version": "3.0.0",
            "description": (
                "The Devin REST API v3 as this project understands it: both scopes "
                "(Organization and Enterprise), `/v3/self`, and the `/v3beta1` groups. "
                "Generated by tools/apidesc/build_openapi.py; do not edit by hand. "
                "`x-devin-*` extensions carry SDK names, permissions, pagination and "
                "certainty flags (see tools/codegen/model.py)."),
            "license": {"name": "Apache-2.0 (adopted schemas, see api/NOTICE)"},
        },
        "servers": [{"url": "https://api.devin.ai", "description": "Public cloud."}],
        "security": [{"bearerAuth": []}],
        "tags": tag_list,
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer",
                               "description": "A `cog_…` service user key or personal token."},
            },
            "schemas": components,
        },
    }


def build_operation(e: dict, off, op_id: str, summary: str, description: str) -> dict:
    scope = scope_of(e, op_id)
    resource, method = split_id(op_id)
    op: dict = {"operationId": op_id, "summary": summary, "description": description,
                "tags": [tag_of(op_id)]}

    # -------- parameters
    params = []
    if off is not None:
        for p in off.get("parameters", []):
            p = strip_prose(p)
            q = make_param(p["name"], p["in"], p.get("schema", {}), p.get("required", False))
            params.append(q)
    else:
        for name in path_params_of(e["path"]):
            params.append(make_param(name, "path", {"type": "string"}, True))
        for f in e["query"]:
            if (op_id, f["name"]) in DROPPED_QUERY:
                continue
            if f["name"] == "qs":  # FastAPI artefact: flat after/first on the wire
                for cf in CURSOR_FIELDS:
                    params.append(make_param(cf["name"], "query", parse_type(cf), False))
                continue
            params.append(make_param(f["name"], "query", query_schema(op_id, f),
                                     f.get("required", False)))
    names_seen = [p["name"] for p in params]
    if len(set(names_seen)) != len(names_seen):
        raise SystemExit(f"apidesc: {op_id}: repeated parameter names {names_seen}")
    if params:
        op["parameters"] = params

    # -------- request body
    if off is not None and "requestBody" in off:
        op["requestBody"] = strip_prose(off["requestBody"])
    elif off is None and op_id in S.BODIES:
        ctype, comp = S.BODIES[op_id]
        op["requestBody"] = {"required": op_id not in S.OPTIONAL_BODIES,
                             "content": {ctype: {"schema": S.ref(comp)}}}
    elif off is None and e["body"]:
        raise SystemExit(f"apidesc: {op_id}: body fields but no body schema")

    # -------- responses
    responses: dict = {}
    if off is not None:
        for code, r in off["responses"].items():
            r = strip_prose(r)
            r["description"] = "Success." if code == "200" else "Done; no content."
            responses[code] = r
        rschema = (off["responses"].get("200", {}).get("content", {})
                   .get("application/json", {}).get("schema"))
    else:
        spec = S.RESPONSES.get(op_id)
        if spec is None:
            raise SystemExit(f"apidesc: {op_id}: no response schema")
        if spec == "redirect":
            responses["307"] = {
                "description": "Redirect to a short-lived URL of the file.",
                "headers": {"Location": {"description": "Where to fetch the file.",
                                         "schema": {"type": "string", "format": "uri"}}},
            }
            rschema = None
        else:
            responses["200"] = {"description": "Success.",
                                "content": {"application/json": {"schema": spec}}}
            rschema = spec
    codes = {"401", "403", "429"}
    if op_id != "whoami":
        codes.add("422")
    ids = path_params_of(e["path"])
    if any(i != "org_id" for i in ids) or (scope == "enterprise" and ids):
        codes.add("404")
    for c in e.get("other_statuses") or []:
        if str(c) in ERROR_TEXT:
            codes.add(str(c))
    responses.update(error_responses(codes))
    op["responses"] = responses

    # -------- extensions
    op["x-devin-scope"] = scope
    op["x-devin-resource"] = resource
    op["x-devin-method"] = method
    op["x-devin-permission"] = e.get("permission")
    op["x-devin-permission-uncertain"] = bool(e.get("permission_uncertain"))
    op["x-devin-extra-permissions"] = dict(e.get("extra_permissions") or {})
    op["x-devin-main-id"] = main_id(op_id, e["path"], scope)
    op["x-devin-beta"] = e["path"].startswith("/v3beta1/")
    op["x-devin-uncertain"] = bool(e.get("uncertain"))
    if e.get("response_uncertain") or op_id in ("members.users.list", "members.users.get",
                                               "enterprise.consumption.acu_limits.get_local_agent"):
        op["x-devin-response-uncertain"] = True
    src = e.get("source_url") or ""
    if src.startswith("github:"):
        repo = src[len("github:"):].split()[0]
        src = f"https://github.com/{repo}/blob/main/api.md"
    if src.startswith("http"):
        op["x-devin-source-url"] = src
    if e.get("confirmed_by"):
        op["x-devin-confirmed-by"] = e["confirmed_by"]
    if e.get("contradicted_by"):
        op["x-devin-contradicted-by"] = e["contradicted_by"]
    op["x-devin-source-operation"] = e.get("operation", "")
    if off is not None:
        op["x-devin-official-operation-id"] = off.get("operationId", "")
    pag = pagination(e, op_id, params, rschema)
    if pag:
        op["x-devin-pagination"] = pag
    return op


def pagination(e: dict, op_id: str, params: list, rschema):
    qnames = {p["name"] for p in params if p["in"] == "query"}
    if rschema is None:
        return None
    if "$ref" in rschema and rschema["$ref"].endswith("BlueprintListResponse"):
        return {"form": "data", "items": "data"}
    if rschema.get("type") == "array":
        return {"form": "array", "items": ""}
    if {"limit", "offset"} <= qnames:
        return {"form": "offset", "items": "items"}
    if {"after", "first"} <= qnames:
        return {"form": "cursor", "items": "items"}
    return None


def check_refs(components: dict, paths: dict) -> None:
    missing = set()

    def walk(node):
        if isinstance(node, dict):
            r = node.get("$ref")
            if isinstance(r, str):
                name = r.rsplit("/", 1)[-1]
                if name not in components:
                    missing.add(name)
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(components)
    walk(paths)
    if missing:
        raise SystemExit(f"apidesc: dangling $refs: {sorted(missing)}")


def render(spec: dict) -> str:
    return json.dumps(spec, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--facts", default=str(ROOT.parent / "shared" / "api"),
                    help="directory with endpoints.json and the official subset")
    ap.add_argument("--out", default=str(ROOT / "api" / "openapi.json"))
    ap.add_argument("--check", action="store_true", help="fail if the output would change")
    args = ap.parse_args()

    text = render(build(Path(args.facts)))
    out = Path(args.out)
    old = out.read_text(encoding="utf-8") if out.exists() else None
    if args.check:
        if old != text:
            print(f"apidesc: {out} is stale; run tools/apidesc/build_openapi.py")
            return 1
        print(f"apidesc: {out} up to date")
        return 0
    if old != text:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        print(f"apidesc: wrote {out}")
    else:
        print(f"apidesc: {out} unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
