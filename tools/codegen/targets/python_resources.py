"""bindings/python/src/devin/_generated/{resources,async_resources}.py: one
method per operation of api/openapi.json, on resource classes laid out as
docs/naming.md says (organization resources at the top, Enterprise under
`enterprise`). The main id is positional; everything else is keyword-only."""
from __future__ import annotations

from targets.python_common import (BANNER, OUT_DIR, class_name, first_line, ident,
                                   param_annotation, resource_class)

PER_CALL = ["timeout: Optional[float] = None", "max_retries: Optional[int] = None",
            "extra_headers: Optional[Mapping[str, str]] = None"]


def _item_class(op) -> str:
    name = (op.item_schema or {}).get("x-schema-name")
    return class_name(name) if name else "Object"


def _result(op):
    """(annotation, class expression passed to the runtime)."""
    if op.response_kind == "redirect" or op.id == "attachments.download":
        return "bytes", "bytes"
    if op.response_kind == "empty":
        return "None", "None"
    rs = op.response_schema or {}
    name = rs.get("x-schema-name")
    if name and (rs.get("type") == "object" or "properties" in rs):
        return class_name(name), class_name(name)
    if rs.get("type") == "array":
        item = (rs.get("items") or {}).get("x-schema-name")
        cls = class_name(item) if item else "Object"
        return f"list[{cls}]", cls
    return "Any", "Any"


def _signature(op):
    """(signature parts, params dict entries, upload?, docstring arg lines)."""
    parts, entries, args = ["self"], [], []
    main = op.main_id
    params = {p.name: p for p in op.params}
    upload = op.body_kind == "multipart"
    if main:
        parts.append(f"{ident(main)}: str")
        entries.append((main, ident(main)))
        args.append((ident(main), params[main].description if main in params else ""))
    parts.append("*")
    required, optional = [], []
    for p in op.params:
        if p.name == main or (upload and p.location == "body"):
            continue
        name = ident(p.name)
        ann = param_annotation(p)
        if p.name == "org_id" and op.scope == "organization":
            optional.append((p, name, "Optional[str] = None"))
        elif p.required:
            required.append((p, name, ann))
        else:
            optional.append((p, name, f"Optional[{ann}] = None"))
    for p, name, ann in required + optional:
        parts.append(f"{name}: {ann}")
        entries.append((p.name, name))
        desc = p.description or ("organization id (default: the client's)"
                                 if p.name == "org_id" else "")
        args.append((name, desc))
    if upload:
        parts += ["file: FileInput", "filename: Optional[str] = None",
                  "content_type: Optional[str] = None"]
        args.append(("file", "path, bytes or binary file object to upload"))
    if op.body_kind == "json":
        parts.append("extra_body: Optional[Mapping[str, Any]] = None")
    parts += PER_CALL
    return parts, entries, upload, args


def _doc(op, args, indent: str) -> list:
    lines = [f'{indent}"""{first_line(op.summary or op.id)}', "",
             f"{indent}``{op.http_method} {op.path}`` (operation ``{op.id}``"
             + (f", permission ``{op.permission}``" if op.permission else "") + ")."]
    if op.page_form != "none":
        lines += ["", f"{indent}Returns an auto-paging iterator; the first request is sent "
                  "when iteration starts."]
    if args:
        lines += ["", f"{indent}Args:"]
        for name, desc in args:
            d = first_line(desc, 90)
            lines.append(f"{indent}    {name}: {d}" if d else f"{indent}    {name}")
    lines.append(f'{indent}"""')
    return lines


def _method(op, is_async: bool) -> list:
    parts, entries, upload, args = _signature(op)
    ind = "        "
    params = "{" + ", ".join(f"{k!r}: {v}" for k, v in entries) + "}"
    opts = "call_options(timeout, max_retries, extra_headers)"
    if op.page_form != "none":
        cls = _item_class(op)
        ret = f"{'AsyncPager' if is_async else 'SyncPager'}[{cls}]"
        body = [f"{ind}_p = {params}"]
        if op.body_kind == "json":
            body.append(f"{ind}if extra_body:\n{ind}    _p.update(extra_body)")
        body.append(f"{ind}return self._client._list({op.id!r}, _p, {cls}, {opts})")
        head = f"    def {op.method}("
    else:
        ret, cls = _result(op)
        aw = "await " if is_async else ""
        body = [f"{ind}_p: dict[str, Any] = {params}"]
        if op.body_kind == "json":
            body.append(f"{ind}if extra_body:\n{ind}    _p.update(extra_body)")
        if upload:
            body.append(f"{ind}return {aw}self._client._upload({op.id!r}, _p, {cls}, {opts}, "
                        "file, filename, content_type)  # type: ignore[no-any-return]")
        else:
            ig = "" if ret in ("Any", "None") else "  # type: ignore[no-any-return]"
            body.append(f"{ind}return {aw}self._client._call({op.id!r}, _p, {cls}, {opts}){ig}")
        head = f"    {'async ' if is_async else ''}def {op.method}("
    sig = [head] + [f"{ind}{p}," for p in parts] + [f"    ) -> {ret}:"]
    return sig + _doc(op, args, ind) + body


def _helpers(api, is_async: bool) -> list:
    """sessions.wait and sessions.create_and_wait (libdevin's waiter)."""
    create = api.by_id("sessions.create")
    parts, entries, _, _ = _signature(create)
    kw = [p for p in parts[2:] if not p.startswith(("timeout", "max_retries", "extra_headers"))]
    a, aw = ("async ", "await ") if is_async else ("", "")
    prog = "Callable[[SessionResponse], Any]" if is_async else "Callable[[SessionResponse], None]"
    ind = "        "
    lines = [
        f"    {a}def wait(self, devin_id: str, *, until: Literal['idle', 'terminal'] = 'idle',",
        f"{ind}timeout: Optional[float] = None, org_id: Optional[str] = None,",
        f"{ind}on_progress: Optional[{prog}] = None) -> SessionResponse:",
        f'{ind}"""Polls the session until it is done and returns it.',
        "",
        f"{ind}``until='idle'`` stops when Devin needs input or has finished (status exit,",
        f"{ind}error or suspended, or running with status_detail finished, waiting_for_user",
        f"{ind}or waiting_for_approval); ``'terminal'`` only at exit/error/suspended.",
        f"{ind}Polling and backoff run in libdevin. ``timeout`` bounds the whole wait",
        f"{ind}(``APITimeoutError``); ``on_progress`` gets every polled session"
        + (" on the event loop." if is_async else " (on libdevin's I/O thread)."),
        f'{ind}"""',
        f"{ind}return {aw}self._client._wait(devin_id, SessionResponse, until, timeout, org_id,"
        " on_progress)  # type: ignore[no-any-return]",
        "",
        f"    {a}def create_and_wait(self, *, " + ", ".join(kw) + ",",
        f"{ind}until: Literal['idle', 'terminal'] = 'idle', wait_timeout: Optional[float] = None,",
        f"{ind}on_progress: Optional[{prog}] = None,",
        f"{ind}" + ", ".join(PER_CALL) + ") -> SessionResponse:",
        f'{ind}"""Creates a session (``sessions.create``) and waits for it (``wait``)."""',
        f"{ind}_p: dict[str, Any] = {{" + ", ".join(f"{k!r}: {v}" for k, v in entries) + "}",
        f"{ind}if extra_body:\n{ind}    _p.update(extra_body)",
        f"{ind}s = {aw}self._client._call('sessions.create', _p, SessionResponse, "
        "call_options(timeout, max_retries, extra_headers))",
        f"{ind}return {aw}self._client._wait(s.session_id, SessionResponse, until, wait_timeout,"
        " org_id, on_progress)  # type: ignore[no-any-return]",
    ]
    return lines


def _tree(api):
    root = {"ops": [], "children": {}}
    for op in api.operations:
        node = root
        for part in op.resource_path:
            node = node["children"].setdefault(part, {"ops": [], "children": {}})
        node["ops"].append(op)
    return root


def render(api, is_async: bool) -> str:
    prefix = "Async" if is_async else ""
    client = "AsyncDevin" if is_async else "Devin"
    classes = []

    def emit(path, node):
        for name, child in sorted(node["children"].items()):
            emit(path + [name], child)
        cls = f"{prefix}DevinResources" if not path else resource_class(path, prefix)
        where = ("the client's top level" if not path else "``client." + ".".join(path) + "``")
        lines = [f"class {cls}(_Resource):", f'    """Operations at {where}."""', ""]
        method_names = {op.method for op in node["ops"]}
        for name in sorted(node["children"]):
            assert name not in method_names, f"{path + [name]}: resource and method clash"
            sub = resource_class(path + [name], prefix)
            lines += ["    @cached_property", f"    def {name}(self) -> {sub}:",
                      f"        return {sub}(self._client)", ""]
        for op in sorted(node["ops"], key=lambda o: o.method):
            lines += _method(op, is_async) + [""]
        if path == ["sessions"]:
            lines += _helpers(api, is_async) + [""]
        classes.append("\n".join(lines).rstrip() + "\n\n")

    emit([], _tree(api))
    target = "python_resources.py"
    head = [BANNER.format(target=target).rstrip("\n"),
            f'"""{"Asynchronous" if is_async else "Synchronous"} resources: one method per '
            'operation of the Devin API v3."""',
            "from __future__ import annotations", "",
            "from functools import cached_property",
            "from typing import TYPE_CHECKING, Any, Callable, Literal, Mapping, Optional, Sequence",
            "",
            "from .._base import FileInput, call_options",
            "from .._models import Object",
            f"from .._pagination import {'AsyncPager' if is_async else 'SyncPager'}",
            "from .models import *  # noqa: F401,F403",
            "from .models import SessionResponse",
            "",
            "if TYPE_CHECKING:",
            f"    from .._{'async_client' if is_async else 'client'} import {client}",
            "", "",
            "class _Resource:",
            "    def __init__(self, client: " + repr(client) + ") -> None:",
            "        self._client = client",
            "", ""]
    return "\n".join(head) + "\n\n".join(classes)


def outputs(api) -> dict:
    return {f"{OUT_DIR}/resources.py": render(api, False),
            f"{OUT_DIR}/async_resources.py": render(api, True)}
