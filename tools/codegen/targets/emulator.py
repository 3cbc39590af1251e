"""devin-emulator's operation table: emulator/generated/api_table.gen.cpp.

The emulator is a generic engine (routing, auth, RBAC, validation, resource
store, response synthesis) driven by this table. Each operation becomes one
JSON object with fully resolved schemas; the C++ side parses the JSON text
once at start-up (``emu::gen::api_table_json()``).

Per operation:
  id, method, path, scope, resource, name, permission, permission_uncertain,
  extra_permissions, path_params [{name, schema}], query_params [{name,
  required, schema}], body {kind: none|json|multipart, content_type,
  required, schema}, status, response {kind: json|empty|redirect,
  content_type, schema}, page {form, items}, main_id, beta, uncertain,
  collection (the path template of the resource collection this operation
  acts on, "" if none), id_field (the item field holding the resource id).
"""
from __future__ import annotations

import json
import re

OUT = "emulator/generated/api_table.gen.cpp"
_DROP = {"description", "title", "x-schema-name", "examples"}
_CHUNK = 12000


def _strip(node, in_props=False):
    if isinstance(node, dict):
        if in_props:  # property names are data, never schema keywords
            return {k: _strip(v) for k, v in node.items()}
        return {k: _strip(v, k == "properties") for k, v in node.items() if k not in _DROP}
    if isinstance(node, list):
        return [_strip(v) for v in node]
    return node


def _query_params(op):
    out = []
    for p in op.query_params:
        sch = p.schema or {}
        # FastAPI artefact: one object query parameter standing for flat ones.
        if sch.get("type") == "object" and sch.get("properties"):
            req = set(sch.get("required", []))
            for name, sub in sch["properties"].items():
                out.append({"name": name, "required": name in req, "schema": _strip(sub)})
            continue
        out.append({"name": p.name, "required": p.required, "schema": _strip(sch)})
    return out


def _content_type(op, status):
    resp = op.raw.get("responses", {}).get(str(status), {})
    content = resp.get("content") or {}
    return next(iter(content), "application/json") if content else ""


def _collections(api):
    """Collection template -> id parameter name, from the operation paths."""
    paths = {op.path for op in api.operations}
    coll = {}
    for p in paths:
        m = re.match(r"^(.*)/\{(\w+)\}$", p)
        if m and m.group(1) in paths:
            coll.setdefault(m.group(1), m.group(2))
    return coll


def _item_schema(op):
    if op.item_schema is not None:
        return op.item_schema
    return op.response_schema


def _op_entry(op, coll):
    collection, id_param = "", ""
    if op.path in coll:
        collection, id_param = op.path, coll[op.path]
    else:
        m = re.match(r"^(.*)/\{(\w+)\}$", op.path)
        if m and m.group(1) in coll:
            collection, id_param = m.group(1), m.group(2)
    id_field = ""
    if collection:
        props = (_item_schema(op) or {}).get("properties", {}) or {}
        for cand in (id_param, "id", id_param.replace("_name", "")):
            if cand in props:
                id_field = cand
                break
        if not id_field:
            req = (_item_schema(op) or {}).get("required", []) or []
            for cand in list(req) + list(props):
                if cand.endswith("_id") and cand not in ("org_id", "user_id", "created_by"):
                    id_field = cand
                    break
        if not id_field:
            id_field = id_param
    body = {"kind": op.body_kind, "required": op.body_required,
            "content_type": "multipart/form-data" if op.body_kind == "multipart"
            else ("application/json" if op.body_kind == "json" else ""),
            "schema": _strip(op.body_schema) if op.body_schema is not None else None}
    return {
        "id": op.id,
        "method": op.http_method,
        "path": op.path,
        "scope": op.scope,
        "resource": op.resource,
        "name": op.method,
        "permission": op.permission,
        "permission_uncertain": op.permission_uncertain,
        "extra_permissions": op.extra_permissions or {},
        "path_params": [{"name": p.name, "schema": _strip(p.schema)} for p in op.path_params],
        "query_params": _query_params(op),
        "body": body,
        "status": op.success_status,
        "response": {"kind": op.response_kind,
                     "content_type": _content_type(op, op.success_status) if op.response_kind == "json" else "",
                     "schema": _strip(op.response_schema) if op.response_schema is not None else None},
        "page": {"form": op.page_form, "items": op.items_field},
        "main_id": op.main_id,
        "beta": op.beta,
        "uncertain": op.uncertain,
        "collection": collection,
        "id_param": id_param,
        "id_field": id_field,
        # the API's own name of the operation (verb first, snake_case, as the
        # v1/v2 audit actions are named): the emulator's audit-log action
        "audit_action": op.raw.get("x-devin-source-operation") or op.id,
    }


def _cpp_chunks(text):
    if ')EMU"' in text:
        raise ValueError("table text contains the raw string delimiter")
    chunks, i = [], 0
    while i < len(text):
        j = min(len(text), i + _CHUNK)
        chunks.append(text[i:j])
        i = j
    return chunks


def outputs(api):
    coll = _collections(api)
    table = {"operations": [_op_entry(op, coll) for op in api.operations],
             "info": {"title": api.spec.get("info", {}).get("title", ""),
                      "version": api.spec.get("info", {}).get("version", "")}}
    text = json.dumps(table, separators=(",", ":"), sort_keys=True)
    lines = [
        "// Code generated by tools/codegen/targets/emulator.py from",
        "// api/openapi.json. DO NOT EDIT: run `make generate`.",
        "// clang-format off",
        "#include <cstddef>",
        "#include <string>",
        "",
        "namespace emu::gen {",
        "",
        "namespace {",
        "const char *const kChunks[] = {",
    ]
    for ch in _cpp_chunks(text):
        lines.append('R"EMU(' + ch + ')EMU",')
    lines += [
        "};",
        "}  // namespace",
        "",
        f"const std::size_t kOperationCount = {len(api.operations)};",
        "",
        "std::string api_table_json() {",
        "  std::string out;",
        f"  out.reserve({len(text)});",
        "  for (const char *c : kChunks) out += c;",
        "  return out;",
        "}",
        "",
        "}  // namespace emu::gen",
        "// clang-format on",
        "",
    ]
    return {OUT: "\n".join(lines)}
