"""devin.testing: the emulator helper users run in their own tests, and
HTTPS with the CA store named by SSL_CERT_FILE (no ca_bundle)."""
from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator, Tuple

import pytest

import devin
import devin.testing
from devin.testing import ENTERPRISE_ADMIN_KEY, ORG_ID, Emulator, EmulatorError, find_emulator

CA_VARS = ("SSL_CERT_FILE", "SSL_CERT_DIR", "CURL_CA_BUNDLE")


def make_cert(d: Path) -> Tuple[str, str]:
    d.mkdir(parents=True, exist_ok=True)
    cert, key = d / "cert.pem", d / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-addext",
                    "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return str(cert), str(key)


@pytest.fixture(scope="module")
def helper() -> Iterator[Emulator]:
    with Emulator(speed=100, strict=True) as emu:
        yield emu


@pytest.fixture(scope="module")
def tls_pair(tmp_path_factory: pytest.TempPathFactory) -> Tuple[str, str]:
    return make_cert(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def tls_emu(tls_pair: Tuple[str, str]) -> Iterator[Emulator]:
    with Emulator(speed=100, strict=True, tls_cert=tls_pair[0], tls_key=tls_pair[1]) as emu:
        yield emu


@pytest.fixture
def no_ca_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for var in CA_VARS:
        monkeypatch.delenv(var, raising=False)
    return monkeypatch


# -- finding the binary -------------------------------------------------------

def test_find_emulator_honours_the_environment(monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    real = find_emulator()
    monkeypatch.setenv("DEVIN_EMULATOR_BIN", real)
    assert find_emulator() == real
    monkeypatch.setenv("DEVIN_EMULATOR_BIN", str(tmp_path / "missing"))
    with pytest.raises(EmulatorError, match="DEVIN_EMULATOR_BIN"):
        find_emulator()


def test_find_emulator_bundled_then_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    real = find_emulator()
    monkeypatch.delenv("DEVIN_EMULATOR_BIN", raising=False)
    # A package without a bundled copy: PATH decides.
    monkeypatch.setattr(devin.testing, "__file__", str(tmp_path / "devin" / "testing.py"))
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "devin-emulator").symlink_to(real)
    # The wheel's `devin-emulator` command (a Python script) is skipped.
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "devin-emulator").write_text("#!/bin/sh\nexit 3\n")
    (shim / "devin-emulator").chmod(0o755)
    monkeypatch.setenv("PATH", f"{shim}{os.pathsep}{bindir}")
    assert find_emulator() == str(bindir / "devin-emulator")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(EmulatorError, match="devin-emulator not found.*DEVIN_EMULATOR_BIN"):
        find_emulator()


def test_the_wheel_bundles_the_emulator(monkeypatch: pytest.MonkeyPatch) -> None:
    bundled = Path(devin.testing.__file__).resolve().parent / "_bin" / "devin-emulator"
    if not bundled.exists():
        pytest.skip("a source install: no bundled devin-emulator")
    monkeypatch.delenv("DEVIN_EMULATOR_BIN", raising=False)
    monkeypatch.setenv("PATH", "/nonexistent")
    assert find_emulator() == str(bundled)
    with Emulator() as emu, emu.client() as c:
        assert emu.binary == str(bundled)
        assert c.whoami().org_id == ORG_ID


def test_the_wheel_has_a_devin_emulator_command() -> None:
    bundled = Path(devin.testing.__file__).resolve().parent / "_bin" / "devin-emulator"
    command = Path(sys.executable).parent / "devin-emulator"
    if not bundled.exists():
        pytest.skip("a source install: no bundled devin-emulator")
    assert command.exists(), "the wheel installs no devin-emulator command"
    env = {k: v for k, v in os.environ.items() if k != "DEVIN_EMULATOR_BIN"}
    out = subprocess.run([str(command), "--help"], env=env, capture_output=True, text=True,
                         check=True).stdout
    assert "--port" in out and "cog_emulator_org_admin" in out


def test_start_failure_is_reported() -> None:
    with pytest.raises(EmulatorError, match="exited with status"):
        Emulator(args=["--no-such-option"])
    with pytest.raises(ValueError):
        Emulator(tls_cert="cert.pem")


# -- the running emulator -----------------------------------------------------

def test_lifecycle_and_clients(helper: Emulator) -> None:
    assert helper.url.startswith("http://127.0.0.1:") and helper.running
    assert helper.url.endswith(f":{helper.port}")
    with helper.client() as c:
        assert c.whoami().org_id == ORG_ID
    with helper.client(ENTERPRISE_ADMIN_KEY) as ent:
        assert ent.enterprise.organizations.get(ORG_ID).org_id == ORG_ID


def _cmdline(pid: int) -> list:
    return Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")


def test_strict_checks_the_emulators_own_answers(helper: Emulator) -> None:
    # strict=True starts it with --strict (each 2xx answer is checked against
    # the API description); the default leaves the flag off.
    assert b"--strict" in _cmdline(helper.pid)
    with Emulator() as plain:
        assert b"--strict" not in _cmdline(plain.pid)


def test_close_stops_the_process() -> None:
    emu = Emulator()
    port, pid = emu.port, emu.pid
    emu.close()
    emu.close()  # idempotent
    assert not emu.running and "stopped" in repr(emu)
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # already reaped
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0


def test_async_client(helper: Emulator) -> None:
    async def main() -> bool:
        async with helper.async_client() as c:
            s = await c.sessions.create(prompt="from the async client")
            return (await c.sessions.get(s.session_id)).session_id == s.session_id
    assert asyncio.run(main())


def test_environ_configures_a_default_client(helper: Emulator,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    for k, v in helper.environ().items():
        monkeypatch.setenv(k, v)
    monkeypatch.delenv("DEVIN_ORG_ID", raising=False)
    with devin.Devin() as c:
        assert c.whoami().org_id == ORG_ID


def test_reset_and_request_log(helper: Emulator) -> None:
    with helper.client() as c:
        s = c.sessions.create(prompt="forgotten by reset")
        assert any(r["path"].endswith("/sessions") for r in helper.requests())
        helper.reset()
        assert helper.requests() == [] and helper.faults() == []
        with pytest.raises(devin.NotFoundError):
            c.sessions.get(s.session_id)
        helper.clear_requests()
        assert helper.requests() == []


def test_fault_injection(helper: Emulator) -> None:
    with helper.client(max_retries=0) as c:
        fid = helper.fault("/v3/organizations/*/sessions", method="post", status=503,
                           retry_after="1", count=2)
        assert fid and [f["id"] for f in helper.faults()] == [fid]
        with pytest.raises(devin.InternalServerError) as e:
            c.sessions.create(prompt="fails")
        assert e.value.status_code == 503
        c.sessions.list(first=1).first_page()  # GET: not matched
        helper.clear_faults()
        assert helper.faults() == []
        c.sessions.create(prompt="works again")

        helper.fault("/v3/self", kind="close", count=100)  # libcurl re-sends once on a reused connection
        with pytest.raises(devin.APIConnectionError):
            c.whoami()
        helper.clear_faults()
        helper.fault("/v3/organizations/*/sessions", method="GET", kind="malformed")
        with pytest.raises(devin.DecodeError):
            c.sessions.list(first=1).first_page()
    with helper.client(max_retries=1) as retrying:
        helper.fault("/v3/self", status=500, retry_after_ms=1)
        assert retrying.whoami().org_id == ORG_ID  # the retry succeeds
    with pytest.raises(EmulatorError, match="400"):
        helper.fault(kind="nonsense")  # type: ignore[arg-type]


def test_advance_and_state(helper: Emulator) -> None:
    with helper.client() as c:
        s = c.sessions.create(prompt="advance me")
    assert isinstance(helper.advance(s.session_id), bool)
    assert isinstance(helper.state(), dict)
    with pytest.raises(EmulatorError, match="404"):
        helper.advance("devin-does-not-exist")


# -- TLS ----------------------------------------------------------------------

def test_tls_emulator(tls_emu: Emulator, no_ca_env: pytest.MonkeyPatch) -> None:
    assert tls_emu.url.startswith("https://")
    helper_ok = tls_emu.faults()  # admin calls trust the emulator's certificate
    assert helper_ok == []
    with tls_emu.client() as c:  # ca_bundle defaults to tls_cert
        assert c.whoami().org_id == ORG_ID


def test_https_with_ssl_cert_file_and_no_ca_bundle(tls_emu: Emulator, tls_pair: Tuple[str, str],
                                                   no_ca_env: pytest.MonkeyPatch,
                                                   tmp_path: Path) -> None:
    no_ca_env.setenv("SSL_CERT_FILE", tls_pair[0])
    with devin.Devin(api_key=devin.testing.ORG_ADMIN_KEY, base_url=tls_emu.url) as c:
        assert c.whoami().org_id == ORG_ID
    # Another CA in SSL_CERT_FILE: verification fails, it is never switched off.
    other_cert, _ = make_cert(tmp_path / "other")
    no_ca_env.setenv("SSL_CERT_FILE", other_cert)
    with devin.Devin(api_key=devin.testing.ORG_ADMIN_KEY, base_url=tls_emu.url,
                     max_retries=0) as c:
        with pytest.raises(devin.APIConnectionError, match="(?i)certificate"):
            c.whoami()


def test_environ_with_tls(tls_emu: Emulator, no_ca_env: pytest.MonkeyPatch) -> None:
    for k, v in tls_emu.environ().items():
        no_ca_env.setenv(k, v)
    with devin.Devin() as c:
        assert c.whoami().org_id == ORG_ID


# -- the installed distribution ---------------------------------------------------

def test_distribution_metadata_licences_and_sbom() -> None:
    import importlib.metadata as md
    import json

    dist = md.distribution("libdevin")
    meta = dist.metadata
    assert meta["Name"] == "libdevin" and meta["Requires-Python"] == ">=3.10"
    assert meta["License-Expression"] == "MIT"
    files = {str(f) for f in dist.files or []}
    info = f"libdevin-{dist.version}.dist-info"
    assert f"{info}/licenses/LICENSE" in files
    assert "devin/py.typed" in files and "devin/_native.pyi" in files
    sbom = json.loads(dist.locate_file(f"{info}/sboms/libdevin.cdx.json").read_text())
    assert sbom["bomFormat"] == "CycloneDX" and sbom["metadata"]["component"]["name"] == "libdevin"
    names = {c["name"]: c["version"] for c in sbom["components"]}
    assert names.get("simdjson"), names
    licences = {f.rsplit("/", 1)[1] for f in files if f.startswith(f"{info}/licenses/third_party/")}
    assert "simdjson.txt" in licences
    if "devin/_bin/devin-emulator" in files:  # a wheel: everything is linked in
        for lib in ("curl", "openssl", "nghttp2", "zlib", "simdjson"):
            assert names.get(lib), f"the SBOM does not name {lib}: {names}"
            assert f"{lib}.txt" in licences, f"no licence text for {lib}"


def test_a_killed_test_process_leaves_no_emulator_behind(tmp_path: Path) -> None:
    # The helper starts the emulator with --exit-with-stdin: when the test
    # process dies, however it dies, its end of the pipe closes and the
    # emulator leaves.
    script = (
        "import os, signal, sys\n"
        "from devin.testing import Emulator\n"
        "emu = Emulator()\n"
        "print(emu.pid, flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n")
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert r.returncode == -9, r.stderr
    pid = int(r.stdout.strip())
    # A zombie waiting for a container's init to reap it counts as gone. The
    # emulator leaves within about a second; the bound only stops a hang.
    for _ in range(1200):
        if not _running(pid):
            return
        time.sleep(0.05)
    os.kill(pid, 9)
    pytest.fail(f"emulator {pid} still running a minute after its parent was killed")


def _running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
