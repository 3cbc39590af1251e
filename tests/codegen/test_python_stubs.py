"""The generated .pyi stubs match the generated modules they describe."""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GEN = ROOT / "bindings" / "python" / "src" / "devin" / "_generated"
sys.path.insert(0, str(ROOT / "tools" / "codegen"))

from targets.python_stubs import to_stub  # noqa: E402


def signatures(tree: ast.Module) -> dict[str, str]:
    """qualified function name -> its signature (arguments, return, decorators)."""
    out: dict[str, str] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                deco = ",".join(ast.dump(d) for d in child.decorator_list)
                ret = ast.dump(child.returns) if child.returns else ""
                out[prefix + child.name] = f"{type(child).__name__}|{deco}|{ast.dump(child.args)}|{ret}"
    visit(tree, "")
    return out


def module_source(name: str) -> str:
    """What the stub describes: the module itself, or for models the typed
    rendering (models.py makes scalar and enum fields native descriptors)."""
    if name != "models":
        return (GEN / f"{name}.py").read_text()
    import model
    from targets import python_models
    return python_models.render(model.load(ROOT / "api" / "openapi.json"), typed=True)


def test_models_fields_match_their_stub() -> None:
    # Every field of models.py (property or native Field) is a property of the stub.
    runtime = ast.parse((GEN / "models.py").read_text())
    stub = ast.parse((GEN / "models.pyi").read_text())

    def fields(tree: ast.Module, stub_side: bool) -> set[str]:
        out = set()
        for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
            for n in cls.body:
                if isinstance(n, ast.FunctionDef):
                    out.add(f"{cls.name}.{n.name}")
                elif not stub_side and isinstance(n, ast.Assign) and \
                        isinstance(n.value, ast.Call) and getattr(n.value.func, "id", "") == "_Field":
                    out.add(f"{cls.name}.{n.targets[0].id}")  # type: ignore[attr-defined]
        return out
    assert fields(runtime, False) == fields(stub, True)
    assert len(fields(stub, True)) > 500


@pytest.mark.parametrize("name", ["models", "resources", "async_resources"])
def test_stub_has_every_signature_and_no_body(name: str) -> None:
    module = ast.parse(module_source(name))
    stub = ast.parse((GEN / f"{name}.pyi").read_text())
    assert signatures(stub) == signatures(module)
    assert len(signatures(stub)) > 100
    for node in ast.walk(stub):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                body = body[1:]  # the docstring
            assert len(body) == 1 and isinstance(body[0], ast.Expr) \
                and body[0].value.value is Ellipsis, node.name  # type: ignore[attr-defined]


def test_to_stub_handles_the_layouts_it_meets() -> None:
    src = '''class A:
    """Doc of A."""

    x = 1

    def one(self) -> int:
        return 1

    def multi(
        self,
        a: Optional[str] = None,  # a comment with ) in it
    ) -> str:
        """Line one.

        More.
        """
        if a:
            return a
        return ""

    @property
    def short(self) -> str:
        """One line."""
        return ""


async def top(x: int) -> int:
    return x
'''
    stub = to_stub(src)
    tree = ast.parse(stub)
    assert signatures(tree) == signatures(ast.parse(src))
    assert "return" not in stub
    assert '"""Doc of A."""' in stub and "x = 1" in stub
    assert '"""One line."""' in stub and "More." in stub
