"""A small JSON Schema checker for response shapes (the subset the API uses)."""
from __future__ import annotations

TYPES = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "null": lambda v: v is None,
}


def errors(schema, value, path="$"):
    """Returns a list of human-readable violations (empty when valid)."""
    if not isinstance(schema, dict) or not schema:
        return []
    out = []
    if value is None and schema.get("nullable"):
        return []
    for key in ("anyOf", "oneOf"):
        if key in schema:
            alts = [errors(s, value, path) for s in schema[key]]
            if not any(not a for a in alts):
                out.append(f"{path}: matches no alternative of {key}: {alts[0]}")
            return out
    for sub in schema.get("allOf", []):
        out += errors(sub, value, path)
    t = schema.get("type")
    if t is not None:
        kinds = t if isinstance(t, list) else [t]
        if not any(TYPES.get(k, lambda v: True)(value) for k in kinds):
            return out + [f"{path}: expected {t}, got {type(value).__name__}"]
    if "enum" in schema and value not in schema["enum"]:
        out.append(f"{path}: {value!r} not in enum {schema['enum']}")
    if "const" in schema and value != schema["const"]:
        out.append(f"{path}: {value!r} != const {schema['const']!r}")
    if isinstance(value, dict):
        for name in schema.get("required", []):
            if name not in value:
                out.append(f"{path}: missing required {name}")
        for name, sub in (schema.get("properties") or {}).items():
            if name in value:
                out += errors(sub, value[name], f"{path}.{name}")
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        for i, item in enumerate(value):
            out += errors(schema["items"], item, f"{path}[{i}]")
    return out


def example(schema, name=""):
    """A minimal valid value (required fields only) for a request schema."""
    if not isinstance(schema, dict):
        return None
    for key in ("anyOf", "oneOf"):
        if key in schema:
            for alt in schema[key]:
                if alt.get("type") != "null":
                    return example(alt, name)
            return None
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return example(schema["allOf"][0], name)
    if "const" in schema:
        return schema["const"]
    if "default" in schema and schema["default"] is not None:
        return schema["default"]
    if "enum" in schema:
        return next(e for e in schema["enum"] if e is not None)
    t = schema.get("type")
    if isinstance(t, list):
        t = next((x for x in t if x != "null"), "string")
    if t == "object" or "properties" in schema:
        props = schema.get("properties") or {}
        return {k: example(v, k) for k, v in props.items() if k in schema.get("required", [])}
    if t == "array":
        n = max(1, schema.get("minItems", 1))
        return [example(schema.get("items", {}), name) for _ in range(n)]
    if t == "integer":
        return int(max(schema.get("minimum", 1), 1)) if "maximum" not in schema else int(schema.get("minimum", 1))
    if t == "number":
        return float(schema.get("minimum", 1))
    if t == "boolean":
        return True
    if schema.get("format") in ("uri", "url") or name.endswith("url"):
        return "https://example.com/x"
    if schema.get("format") == "date-time":
        return "2026-01-01T00:00:00Z"
    if name == "email" or name.endswith("emails"):
        return "new.person@example.com"
    minlen = schema.get("minLength", 1)
    return ("x" * max(minlen, 1)) if name not in ("prompt", "name", "title") else f"emulator test {name}"
