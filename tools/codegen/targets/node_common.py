"""Shared naming and tree helpers of the Node targets (node_resources.py,
node_types.py). No outputs of its own."""
from __future__ import annotations

# Resources whose generated class extends a hand-written helper class of
# bindings/node/lib/helpers.js instead of the plain Resource.
HELPERS = {("sessions",): "SessionsHelpers"}


def camel(word: str) -> str:
    head, *rest = word.split("_")
    return head + "".join(w[:1].upper() + w[1:] for w in rest)


def pascal(word: str) -> str:
    return "".join(w[:1].upper() + w[1:] for w in word.split("_"))


def class_name(path: tuple) -> str:
    return "".join(pascal(p) for p in path) + "Resource" if path else "GeneratedClient"


def op_kind(op) -> str:
    if op.body_kind == "multipart":
        return "multipart"
    return op.response_kind  # json | empty | redirect


def tree(api):
    """{resource path tuple: {"ops": [Operation], "children": [child tuple]}},
    including the root () and every intermediate resource."""
    nodes = {(): {"ops": [], "children": []}}

    def ensure(path):
        if path in nodes:
            return
        ensure(path[:-1])
        nodes[path] = {"ops": [], "children": []}
        nodes[path[:-1]]["children"].append(path)

    for op in api.operations:
        path = tuple(op.resource_path)
        ensure(path)
        nodes[path]["ops"].append(op)
    for n in nodes.values():
        n["children"].sort()
        n["ops"].sort(key=lambda o: o.method)
    for path, n in nodes.items():
        names = {camel(c[-1]) for c in n["children"]}
        for op in n["ops"]:
            if camel(op.method) in names:
                raise SystemExit(f"node codegen: {op.id} collides with a sub-resource")
    return nodes


def extra_params(op):
    """Parameters that go in the options object (all but the main id)."""
    return [p for p in op.params if not (p.name == op.main_id and p.location == "path")]


def params_required(op) -> bool:
    for p in extra_params(op):
        if p.required and not (p.name == "org_id" and op.scope == "organization"):
            return True
    return False


def paginated(op) -> bool:
    """Lists that page (cursor, offset, {data}). Bare-array responses are one
    plain result: they do not page, and several are writes."""
    return op.page_form in ("cursor", "offset", "data")
