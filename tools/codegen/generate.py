#!/usr/bin/env python3
"""Generate every per-operation artefact from api/openapi.json.

Usage:
  python3 tools/codegen/generate.py           # (re)write the generated files
  python3 tools/codegen/generate.py --check   # exit 1 if any file would change

Each module in tools/codegen/targets/ exposes ``outputs(api) -> dict`` mapping
a repository-relative path to the file's full text. The API model handed to
the targets is built once by ``model.load`` (see model.py). Standard library
only, so it runs on any Python 3.9+.
"""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))

import model  # noqa: E402
import targets  # noqa: E402


def collect(api) -> dict[str, str]:
    files: dict[str, str] = {}
    for info in sorted(pkgutil.iter_modules(targets.__path__), key=lambda m: m.name):
        mod = importlib.import_module(f"targets.{info.name}")
        if not hasattr(mod, "outputs"):
            continue
        for rel, text in mod.outputs(api).items():
            if rel in files:
                raise SystemExit(f"codegen: two targets write {rel}")
            files[rel] = text
    return files


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="fail on drift, write nothing")
    ap.add_argument("--spec", default=str(ROOT / "api" / "openapi.json"))
    args = ap.parse_args()

    api = model.load(Path(args.spec))
    files = collect(api)
    drift = []
    for rel, text in sorted(files.items()):
        path = ROOT / rel
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old == text:
            continue
        drift.append(rel)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if args.check:
        if drift:
            print("codegen: generated files are stale; run `make generate`:")
            for rel in drift:
                print(f"  {rel}")
            return 1
        print(f"codegen: {len(files)} generated files up to date")
        return 0
    print(f"codegen: wrote {len(drift)} of {len(files)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
