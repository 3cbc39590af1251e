"""Fixtures of the Python binding's suite: one devin-emulator per test
session (port 0, --speed 100, --strict: it answers 500 rather than a body
that breaks the API description), clients bound to it, and the emulator's admin
API (faults, reset, request log) through the standard library."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any, Iterator, Optional

import pytest

import devin

ROOT = Path(__file__).resolve().parents[2]
ADMIN = "cog_emulator_org_admin"
READONLY = "cog_emulator_org_readonly"
ORG2_ADMIN = "cog_emulator_org2_admin"
ENTERPRISE = "cog_emulator_enterprise_admin"
ORG1 = "org-emulator-1"
ORG2 = "org-emulator-2"


def emulator_bin() -> str:
    env = os.environ.get("DEVIN_EMULATOR_BIN")
    if env:
        return env
    for cand in ("build/default/emulator/devin-emulator", "build/py-emu/emulator/devin-emulator"):
        if (ROOT / cand).exists():
            return str(ROOT / cand)
    pytest.exit("devin-emulator not found: set DEVIN_EMULATOR_BIN", returncode=2)
    raise AssertionError


class Emulator:
    """A running emulator and its admin API."""

    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen(
            [emulator_bin(), "--host", "127.0.0.1", "--port", "0", "--speed", "100", "--strict",
             *args],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        assert line.startswith("listening on "), line
        self.base_url = line[len("listening on "):]

    def admin(self, method: str, path: str, body: Any = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base_url + "/_emulator/" + path, data=data,
                                     method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            raw = resp.read()
        return json.loads(raw) if raw.strip() else None

    def fault(self, path: str, method: str = "*", count: int = 1, kind: str = "status",
              **extra: Any) -> None:
        self.admin("POST", "faults", {"method": method, "path": path, "count": count,
                                      "kind": kind, **extra})

    def clear_faults(self) -> None:
        self.admin("DELETE", "faults")

    def reset(self) -> None:
        self.admin("POST", "reset")

    def requests(self) -> list[dict[str, Any]]:
        return list(self.admin("GET", "requests")["requests"])

    def clear_requests(self) -> None:
        self.admin("DELETE", "requests")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:  # pragma: no cover
            self.proc.kill()


@pytest.fixture(scope="session")
def emu() -> Iterator[Emulator]:
    e = Emulator()
    yield e
    e.stop()


@pytest.fixture(autouse=True)
def _no_faults(emu: Emulator) -> Iterator[None]:
    yield
    emu.clear_faults()


def make_client(emu: Emulator, key: str = ADMIN, **kw: Any) -> devin.Devin:
    kw.setdefault("timeout", 30)
    return devin.Devin(api_key=key, base_url=emu.base_url, **kw)


def make_async(emu: Emulator, key: str = ADMIN, **kw: Any) -> devin.AsyncDevin:
    kw.setdefault("timeout", 30)
    return devin.AsyncDevin(api_key=key, base_url=emu.base_url, **kw)


@pytest.fixture(scope="session")
def client(emu: Emulator) -> Iterator[devin.Devin]:
    with make_client(emu, org_id=ORG1) as c:
        yield c


@pytest.fixture(scope="session")
def ent(emu: Emulator) -> Iterator[devin.Devin]:
    with make_client(emu, ENTERPRISE) as c:
        yield c


def pytest_report_header(config: Any) -> Optional[str]:
    return f"devin {devin.__version__} (libdevin {devin.libdevin_version}), emulator {emulator_bin()}"


sys.path.insert(0, str(Path(__file__).resolve().parent))
