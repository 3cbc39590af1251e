"""bindings/python/src/devin/_generated/models.py: one class per schema of
api/openapi.json (str-enums and read-only models whose fields read the
native parsed document on access).

Scalar and enum fields are ``Field`` descriptors of the extension (read
without a Python frame); objects and lists are properties. The typed
rendering (every field a typed property) feeds the .pyi stub
(python_stubs.py), so type checkers see the same fields either way."""
from __future__ import annotations

import re

from targets.python_common import (BANNER, MODEL_RESERVED, OUT_DIR, SCALARS, class_name,
                                   first_line, ident, ref_name, schema_kind, unwrap)


def _enum_member(value: str) -> str:
    name = re.sub(r"\W", "_", str(value)).upper() or "EMPTY"
    if name[0].isdigit():
        name = "V_" + name
    return name


def _native_field(schemas: dict, key: str, raw: dict):
    """The ``Field(...)`` constructor arguments of a scalar or enum field, or
    None when the field needs a property."""
    schema, _ = unwrap(raw)
    kind = schema_kind(schemas, schema)
    if kind == "enum":
        return f"{key!r}, {class_name(ref_name(schema))}._value2member_map_"
    if kind in SCALARS:
        return f"{key!r}, None"
    return None


def _field(schemas: dict, key: str, raw: dict, required: bool):
    """(annotation, expression) of one model property."""
    schema, nullable = unwrap(raw)
    optional = nullable or not required
    kind = schema_kind(schemas, schema)
    get = f"self._v.get({key!r})"
    if kind == "enum":
        cls = class_name(ref_name(schema))
        # inlined _enum(): the hot path of list pages
        ann, expr = f"Union[{cls}, str]", f"{cls}._value2member_map_.get(_x := {get}, _x)"
    elif kind == "model":
        cls = class_name(ref_name(schema))
        ann, expr = cls, f"_obj({cls}, {get}, self._meta)"
    elif kind == "array":
        items, _ = unwrap(schema.get("items") or {})
        ik = schema_kind(schemas, items)
        if ik == "model":
            cls = class_name(ref_name(items))
            ann, expr = f"list[{cls}]", f"_obj_list({cls}, {get}, self._meta)"
        elif ik == "enum":
            cls = class_name(ref_name(items))
            ann, expr = f"list[Union[{cls}, str]]", f"_enum_list({cls}, {get})"
        else:
            ann, expr = f"list[{SCALARS.get(ik, 'Any')}]", f"_list({get})"
        if not nullable:  # absent non-nullable arrays read as []
            return ann, f"{expr} or []"
    elif kind == "dict":
        ann, expr = "dict[str, Any]", f"_plain({get})"
    elif kind in SCALARS:
        ann, expr = SCALARS[kind], get
    else:
        return "Any", f"_plain({get})"
    return (f"Optional[{ann}]" if optional else ann), expr


def _model(name: str, schema: dict, schemas: dict, typed: bool) -> list:
    cls = class_name(name)
    props = schema.get("properties") or {}
    required = set(schema.get("required") or [])
    doc = first_line(schema.get("description") or schema.get("title") or f"The {name} schema.")
    lines = [f"class {cls}(BaseModel):", f'    """{doc}"""', "", "    __slots__ = ()"]
    keys = ", ".join(repr(k) for k in props)
    lines.append(f"    _fields = ({keys}{',' if len(props) == 1 else ''})")
    for key, raw in props.items():
        attr = ident(key, MODEL_RESERVED)
        ann, expr = _field(schemas, key, raw, key in required)
        desc = first_line((raw or {}).get("description", ""))
        native = None if typed else _native_field(schemas, key, raw)
        if native is not None:
            lines += ["", f"    {attr} = _Field({native}, {desc or None!r})"]
            continue
        lines += ["", "    @property", f"    def {attr}(self) -> {ann}:"]
        if desc:
            lines.append(f'        """{desc}"""')
        ignore = "" if ann == "Any" else "  # type: ignore[no-any-return]"
        lines.append(f"        return {expr}{ignore}")
    return lines


def _enum(name: str, schema: dict) -> list:
    cls = class_name(name)
    doc = first_line(schema.get("description") or f"Values of {name}.")
    lines = [f"class {cls}(StrEnum):", f'    """{doc} Unknown values read as plain str."""', ""]
    seen = set()
    for v in schema["enum"]:
        m = _enum_member(v)
        while m in seen:
            m += "_"
        seen.add(m)
        lines.append(f"    {m} = {str(v)!r}")
    return lines


def render(api, typed: bool = False) -> str:
    schemas = api.schemas
    out = [BANNER.format(target="python_models.py").rstrip("\n"),
           '"""Typed models and enums of the Devin API v3 (one per schema)."""',
           "from __future__ import annotations", "",
           "from typing import Any, Optional, Union", "",
           "from .._models import (BaseModel, StrEnum, _enum, _enum_list, _list, _obj, _obj_list,",
           "                       _plain)"]
    if not typed:
        out.append("from .._native import Field as _Field")
    out.append("")
    names = []
    # Enums first: the models' fields refer to them when the class is built.
    for name in sorted(schemas):
        if "enum" in schemas[name]:
            out += ["", *_enum(name, schemas[name]), ""]
            names.append(class_name(name))
    for name in sorted(schemas):
        s = schemas[name]
        if "enum" not in s and (s.get("type") == "object" or "properties" in s):
            out += ["", *_model(name, s, schemas, typed), ""]
            names.append(class_name(name))
    out += ["", "__all__ = ["]
    out += [f"    {n!r}," for n in names]
    out += ["]", ""]
    text = "\n".join(out)
    return re.sub(r"\n{4,}", "\n\n\n", text)


def outputs(api) -> dict:
    return {f"{OUT_DIR}/models.py": render(api),
            f"{OUT_DIR}/__init__.py": BANNER.format(target="python_models.py")
            + '"""Code generated from api/openapi.json (models and resources)."""\n'}
