"""Type stubs (.pyi) for the Python binding's generated modules.

The stubs give type checkers and IDEs every signature without the bodies:
each function keeps its signature and docstring, and its body becomes
``...``. They are derived from the text python_resources.py renders and from
python_models.py's typed rendering (where every field is a typed property;
models.py itself makes scalar and enum fields native descriptors), by a
line-based transformation of that known layout, independent of the Python
version running the generator.
"""
from __future__ import annotations

from targets import python_models, python_resources
from targets.python_common import BANNER, OUT_DIR


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _depth(line: str) -> int:
    code = line.split("#", 1)[0]
    return code.count("(") - code.count(")")


def to_stub(src: str) -> str:
    """Replaces every function body of `src` by its docstring and ``...``."""
    lines = src.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        head = line.lstrip()
        if not head.startswith(("def ", "async def ")):
            out.append(line)
            i += 1
            continue
        indent = _indent(line)
        depth = _depth(line)
        sig = [line]
        while depth > 0 or not sig[-1].split("#", 1)[0].rstrip().endswith(":"):
            i += 1
            sig.append(lines[i])
            depth += _depth(lines[i])
        i += 1
        body_start = i
        while i < len(lines) and (not lines[i].strip() or _indent(lines[i]) > indent):
            i += 1
        body = lines[body_start:i]
        # Keep the blank lines that separated this function from the next.
        trailing = 0
        while body and not body[-1].strip():
            body.pop()
            trailing += 1
        doc: list[str] = []
        if body and body[0].strip().startswith('"""'):
            first = body[0].strip()
            end = 0
            if not (len(first) > 3 and first.endswith('"""')):
                end = next(k for k in range(1, len(body)) if body[k].rstrip().endswith('"""'))
            doc = body[:end + 1]
        if doc:
            out += sig + doc + [" " * (indent + 4) + "..."]
        else:
            out += sig[:-1] + [sig[-1].rstrip() + " ..."]
        out += [""] * trailing
    return "\n".join(out)


def _stub(text: str, target: str) -> str:
    banner = BANNER.format(target=target)
    assert text.startswith(banner.splitlines()[0])
    body = text.split("\n", 2)[2]  # drop the source's two banner lines
    return (BANNER.format(target="python_stubs.py")
            + "# Type stub of the module beside it (same signatures, no bodies).\n" + to_stub(body))


def outputs(api) -> dict:
    # The typed rendering: every field a property (models.py makes scalar and
    # enum fields native descriptors, which carry no annotation).
    models = python_models.render(api, typed=True)
    res = python_resources.outputs(api)
    return {
        f"{OUT_DIR}/models.pyi": _stub(models, "python_models.py"),
        f"{OUT_DIR}/resources.pyi": _stub(res[f"{OUT_DIR}/resources.py"], "python_resources.py"),
        f"{OUT_DIR}/async_resources.pyi": _stub(res[f"{OUT_DIR}/async_resources.py"],
                                                 "python_resources.py"),
    }
