"""A local Devin API for your own tests: ``devin-emulator`` on a free port.

    from devin.testing import Emulator

    with Emulator(speed=100) as emu:          # starts it, stops it on exit
        client = emu.client()                 # org admin key of the default seed
        s = client.sessions.create(prompt="hello")
        emu.fault("/v3/organizations/*/sessions", status=503)   # next call fails once
        emu.reset()                           # back to the seed, faults cleared

As a pytest fixture::

    @pytest.fixture(scope="session")
    def emulator():
        # strict: the emulator answers 500 instead of a body that breaks the
        # API description, so a test cannot pass on a wrong answer.
        with Emulator(speed=100, strict=True) as emu:
            yield emu

The emulator is a stateful implementation of every operation of the API,
seeded with two organizations in one enterprise; the keys of its default
seed are the ``*_KEY`` constants below. The binary is looked up in this
order: the ``DEVIN_EMULATOR_BIN`` environment variable, the copy bundled in
the wheel (``devin/_bin/devin-emulator``), ``devin-emulator`` on ``PATH``.
"""
from __future__ import annotations

import collections
import json
import os
import ssl
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
import weakref
from pathlib import Path
from typing import IO, Any, Deque, Dict, List, Literal, Optional, Sequence, Union

from ._async_client import AsyncDevin
from ._client import Devin

__all__ = [
    "Emulator", "EmulatorError", "find_emulator", "FaultKind", "ORG_ADMIN_KEY",
    "ORG_READONLY_KEY", "ORG2_ADMIN_KEY", "ENTERPRISE_ADMIN_KEY", "ORG_ID", "ORG2_ID",
    "ENTERPRISE_ID",
]

#: Service user of ``ORG_ID`` with every organization permission.
ORG_ADMIN_KEY = "cog_emulator_org_admin"
#: Service user of ``ORG_ID`` with View*/Read* permissions only.
ORG_READONLY_KEY = "cog_emulator_org_readonly"
#: Service user of ``ORG2_ID`` with every organization permission.
ORG2_ADMIN_KEY = "cog_emulator_org2_admin"
#: Enterprise service user: every enterprise permission (and the org ones).
ENTERPRISE_ADMIN_KEY = "cog_emulator_enterprise_admin"
ORG_ID = "org-emulator-1"
ORG2_ID = "org-emulator-2"
ENTERPRISE_ID = "ent-emulator"

#: What an injected fault does to the matching request: answer with
#: ``status`` (problem details, or ``body``), wait ``delay_ms`` then answer
#: normally, close the connection without a response, send a body shorter
#: than its Content-Length, send malformed JSON, or stall half-way through
#: the body for ``delay_ms``.
FaultKind = Literal["status", "delay", "close", "truncate", "malformed", "stall"]

StrPath = Union[str, "os.PathLike[str]"]

_LOG_LINES = 200


class EmulatorError(RuntimeError):
    """The emulator could not be found or started, or an admin call failed."""


def _is_elf(path: str) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def _env_or_bundled() -> Optional[str]:
    env = os.environ.get("DEVIN_EMULATOR_BIN")
    if env:
        if not (os.path.isfile(env) and os.access(env, os.X_OK)):
            raise EmulatorError(f"DEVIN_EMULATOR_BIN={env!r} is not an executable file")
        return env
    bundled = Path(__file__).resolve().parent / "_bin" / "devin-emulator"
    if bundled.is_file() and os.access(bundled, os.X_OK):
        return str(bundled)
    return None


_NOT_FOUND = (
    "devin-emulator not found: the libdevin wheels bundle it (devin/_bin/devin-emulator), "
    "a source build does not. Set DEVIN_EMULATOR_BIN to its path or put it on PATH "
    "(build it from the libdevin repository with `make build`).")


def find_emulator() -> str:
    """Path of the ``devin-emulator`` executable to run.

    ``DEVIN_EMULATOR_BIN`` if set, else the copy bundled in the wheel, else
    ``devin-emulator`` on ``PATH`` (the program itself, not the wheel's
    ``devin-emulator`` command that starts the bundled copy); raises
    :class:`EmulatorError` otherwise.
    """
    found = _env_or_bundled()
    if found:
        return found
    for d in os.environ.get("PATH", os.defpath).split(os.pathsep):
        cand = os.path.join(d or ".", "devin-emulator")
        if os.path.isfile(cand) and os.access(cand, os.X_OK) and _is_elf(cand):
            return cand
    raise EmulatorError(_NOT_FOUND)


def main() -> None:
    """The ``devin-emulator`` command of the wheel: runs the bundled
    emulator (or ``DEVIN_EMULATOR_BIN``) with the command's arguments."""
    try:
        binary = _env_or_bundled()
    except EmulatorError as e:
        sys.exit(f"devin-emulator: {e}")
    if binary is None:
        sys.exit(f"devin-emulator: {_NOT_FOUND}")
    os.execv(binary, [binary, *sys.argv[1:]])


class _Output:
    """The emulator's output, read by two daemon threads for its whole life
    (a full pipe would block it): the "listening on URL" line, then the last
    lines of everything else, for error messages. Holds no reference to the
    Emulator, so an unreferenced Emulator can be collected (and stopped)."""

    def __init__(self, proc: "subprocess.Popen[str]") -> None:
        self.url: Optional[str] = None
        self.eof = False
        self.ready = threading.Event()
        self.lines: Deque[str] = collections.deque(maxlen=_LOG_LINES)
        assert proc.stdout is not None and proc.stderr is not None
        self.threads = [
            threading.Thread(target=self._pump, args=(proc.stdout, True), daemon=True,
                             name="devin-emulator-stdout"),
            threading.Thread(target=self._pump, args=(proc.stderr, False), daemon=True,
                             name="devin-emulator-stderr")]
        for t in self.threads:
            t.start()

    def _pump(self, stream: IO[str], is_stdout: bool) -> None:
        try:
            for line in stream:
                line = line.rstrip("\n")
                if is_stdout and self.url is None and line.startswith("listening on "):
                    self.url = line[len("listening on "):].strip()
                    self.ready.set()
                else:
                    self.lines.append(line)
        except (OSError, ValueError):  # pragma: no cover - closed under us
            pass
        finally:
            if is_stdout:
                self.eof = True
                self.ready.set()

    def tail(self) -> str:
        lines = list(self.lines)[-20:]
        return (":\n  " + "\n  ".join(lines)) if lines else ""


def _stop(proc: "subprocess.Popen[str]", out: _Output) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    # The pipes reach EOF once the process is gone; let the readers finish.
    for t in out.threads:
        t.join(timeout=5)
    for stream in (proc.stdin, proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()


class Emulator:
    """A running ``devin-emulator`` on a free port of ``host``.

    Starts at construction and stops at :meth:`close` (or when the ``with``
    block ends, or when the object is collected). ``speed`` is the
    simulated-time factor (default 100, as in Node's ``startEmulator``:
    sessions finish ~100x faster than real time; 1 is real time),
    ``tls_cert``/``tls_key`` serve HTTPS (clients made by :meth:`client`
    then trust ``tls_cert``), ``seed`` loads principals and data from a JSON
    seed file, ``state`` persists state to a file, ``rate_limit`` sets a
    per-key requests/second bucket, ``strict`` makes the emulator check each
    of its own successful answers against the API description (a violation
    answers 500 with a problem body naming the rule: use it in test suites),
    ``args`` passes any other option.
    """

    def __init__(self, *, speed: Optional[float] = 100, tls_cert: Optional[StrPath] = None,
                 tls_key: Optional[StrPath] = None, seed: Optional[StrPath] = None,
                 state: Optional[StrPath] = None, rate_limit: Optional[float] = None,
                 legacy_errors: bool = False, strict: bool = False, host: str = "127.0.0.1",
                 args: Sequence[str] = (), binary: Optional[StrPath] = None,
                 startup_timeout: float = 30.0) -> None:
        if (tls_cert is None) != (tls_key is None):
            raise ValueError("tls_cert and tls_key go together")
        self.binary: str = os.fspath(binary) if binary is not None else find_emulator()
        self.tls_cert: Optional[str] = os.fspath(tls_cert) if tls_cert is not None else None
        # --exit-with-stdin: the emulator leaves when this process's end of
        # its stdin pipe closes, so even a killed test run leaves none behind.
        cmd = [self.binary, "--host", host, "--port", "0", "--exit-with-stdin"]
        if speed is not None:
            cmd += ["--speed", repr(float(speed))]
        if tls_cert is not None and tls_key is not None:
            cmd += ["--tls-cert", os.fspath(tls_cert), "--tls-key", os.fspath(tls_key)]
        if seed is not None:
            cmd += ["--seed", os.fspath(seed)]
        if state is not None:
            cmd += ["--state", os.fspath(state)]
        if rate_limit is not None:
            cmd += ["--rate-limit", repr(float(rate_limit))]
        if legacy_errors:
            cmd.append("--legacy-errors")
        if strict:
            cmd.append("--strict")
        cmd += list(args)
        try:
            self._proc: "subprocess.Popen[str]" = subprocess.Popen(
                cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                text=True, encoding="utf-8", errors="replace")
        except OSError as e:
            raise EmulatorError(f"cannot run {self.binary}: {e}") from e
        self._out = _Output(self._proc)
        self._finalizer = weakref.finalize(self, _stop, self._proc, self._out)
        self._out.ready.wait(startup_timeout)
        if self._out.url is None:
            code = self._proc.poll()
            if code is None and self._out.eof:
                try:  # stdout closed: the process is exiting
                    code = self._proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    pass
            self.close()
            why = (f"exited with status {code}" if code is not None
                   else f"printed no 'listening on' line within {startup_timeout:g} s")
            raise EmulatorError(f"{self.binary} {why}" + self._out.tail())
        self._ssl: Optional[ssl.SSLContext] = None
        if self.tls_cert is not None:
            # The emulator's certificate is its own CA; its name may not be
            # the host's, which is ours anyway.
            self._ssl = ssl.create_default_context(cafile=self.tls_cert)
            self._ssl.check_hostname = False

    # -- where it is ------------------------------------------------------
    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:41237`` (``https://`` with TLS)."""
        assert self._out.url is not None
        return self._out.url

    @property
    def port(self) -> int:
        port = urllib.parse.urlsplit(self.url).port
        assert port is not None
        return port

    @property
    def running(self) -> bool:
        return self._proc.poll() is None

    @property
    def pid(self) -> int:
        return self._proc.pid

    def output(self) -> List[str]:
        """The emulator's last output lines (stderr and stdout)."""
        return list(self._out.lines)

    # -- clients ------------------------------------------------------------
    def client(self, api_key: str = ORG_ADMIN_KEY, **kwargs: Any) -> Devin:
        """A :class:`devin.Devin` bound to this emulator (``kwargs`` as for
        ``Devin``; with TLS, ``ca_bundle`` defaults to ``tls_cert``)."""
        return Devin(api_key=api_key, base_url=self.url, **self._client_kwargs(kwargs))

    def async_client(self, api_key: str = ORG_ADMIN_KEY, **kwargs: Any) -> AsyncDevin:
        """A :class:`devin.AsyncDevin` bound to this emulator."""
        return AsyncDevin(api_key=api_key, base_url=self.url, **self._client_kwargs(kwargs))

    def _client_kwargs(self, kwargs: Dict[str, Any]) -> Dict[str, Any]:
        if self.tls_cert is not None:
            kwargs.setdefault("ca_bundle", self.tls_cert)
        return kwargs

    def environ(self, api_key: str = ORG_ADMIN_KEY) -> Dict[str, str]:
        """Environment variables under which ``devin.Devin()`` (no
        arguments) talks to this emulator, e.g. for ``monkeypatch.setenv``
        or a subprocess: ``DEVIN_API_KEY``, ``DEVIN_BASE_URL``, and with TLS
        ``SSL_CERT_FILE``."""
        env = {"DEVIN_API_KEY": api_key, "DEVIN_BASE_URL": self.url}
        if self.tls_cert is not None:
            env["SSL_CERT_FILE"] = self.tls_cert
        return env

    # -- admin API (/_emulator/...) -----------------------------------------
    def admin(self, method: str, path: str, body: Any = None, timeout: float = 30.0) -> Any:
        """Calls the emulator's admin API (``/_emulator/<path>``) and returns
        the decoded JSON answer (``None`` for an empty one)."""
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(
            f"{self.url}/_emulator/{path.lstrip('/')}", data=data, method=method,
            headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout, context=self._ssl) as resp:
                raw = resp.read()
        except urllib.error.HTTPError as e:
            detail = e.read().decode("utf-8", "replace")
            raise EmulatorError(f"{method} /_emulator/{path}: {e.code} {detail}") from e
        except urllib.error.URLError as e:
            raise EmulatorError(f"{method} /_emulator/{path}: {e.reason}"
                                + self._out.tail()) from e
        return json.loads(raw) if raw.strip() else None

    def reset(self) -> None:
        """Back to the seed: data, faults and the request log."""
        self.admin("POST", "reset")

    def fault(self, path: str = "*", *, method: str = "*", kind: FaultKind = "status",
              status: int = 503, count: int = 1, retry_after: Union[str, float, None] = None,
              retry_after_ms: Optional[int] = None, delay_ms: Optional[int] = None,
              body: Any = None) -> str:
        """Injects a fault into the next ``count`` requests whose method and
        path match (``path`` is a glob on the request path, e.g.
        ``"/v3/organizations/*/sessions"``; ``"*"`` matches every path).
        ``kind`` says what happens (see :data:`FaultKind`); a ``status``
        fault answers ``status`` with problem details (or ``body``) and
        optional ``Retry-After`` / ``retry-after-ms`` headers. Returns the
        fault's id."""
        rule: Dict[str, Any] = {"method": method, "path": path, "kind": kind,
                                "status": status, "count": count}
        if retry_after is not None:
            rule["retry_after"] = retry_after
        if retry_after_ms is not None:
            rule["retry_after_ms"] = retry_after_ms
        if delay_ms is not None:
            rule["delay_ms"] = delay_ms
        if body is not None:
            rule["body"] = body
        return str(self.admin("POST", "faults", rule)["id"])

    def faults(self) -> List[Dict[str, Any]]:
        """The pending faults: ``id``, ``method``, ``path``, ``kind``, ``count``."""
        return list(self.admin("GET", "faults")["faults"])

    def clear_faults(self) -> None:
        self.admin("DELETE", "faults")

    def requests(self) -> List[Dict[str, Any]]:
        """The request log (every API request the emulator answered)."""
        return list(self.admin("GET", "requests")["requests"])

    def clear_requests(self) -> None:
        self.admin("DELETE", "requests")

    def advance(self, session_id: str) -> bool:
        """Moves a simulated session to its next state now."""
        return bool(self.admin("POST", f"sessions/{session_id}/advance")["advanced"])

    def state(self) -> Dict[str, Any]:
        """The emulator's whole state as JSON."""
        return dict(self.admin("GET", "state"))

    # -- lifetime ------------------------------------------------------------
    def close(self) -> None:
        """Stops the emulator (SIGTERM, then SIGKILL after 10 s). Idempotent."""
        self._finalizer()

    def __enter__(self) -> "Emulator":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        where = self._out.url or "not started"
        return f"<devin.testing.Emulator {where} {'running' if self.running else 'stopped'}>"
