"""Async client, cancellation, threads, fork, Ctrl-C, logging and key
redaction."""
from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
import threading
import time

import pytest

import devin
from conftest import ADMIN, ORG1, Emulator, make_async, make_client

SESSION = "/v3/organizations/*/sessions/*"


def test_async_basics(emu: Emulator) -> None:
    async def main() -> None:
        async with make_async(emu, org_id=ORG1) as c:
            s = await c.sessions.create(prompt="async", tags=["py-async"])
            got = await asyncio.gather(*[c.sessions.get(s.session_id) for _ in range(64)])
            assert {g.session_id for g in got} == {s.session_id}
            for i in range(4):
                await c.sessions.create(prompt=f"async {i}", tags=["py-async"])
            ids = [x.session_id async for x in c.sessions.list(tags=["py-async"], first=2)]
            assert len(ids) == 5
            pages = [p async for p in c.sessions.list(tags=["py-async"], first=2).pages()]
            assert [len(p) for p in pages] == [2, 2, 1]
            with pytest.raises(devin.NotFoundError):
                await c.sessions.get("devin-missing")
            raw = await c.request("GET", "/v3/self")
            assert raw.org_id == ORG1
            att = await c.attachments.upload(file=b"abc", filename="a.txt")
            assert await c.attachments.download(att.url.rsplit("/", 2)[-2], name="a.txt") == b"abc"
            seen: list = []
            done = await c.sessions.create_and_wait(prompt="wait async", on_progress=seen.append)
            assert done.status_detail in ("finished", "waiting_for_user", "waiting_for_approval") \
                or done.status in ("exit", "error", "suspended")
            assert seen
    asyncio.run(main())


def test_async_client_across_event_loops(emu: Emulator) -> None:
    c = make_async(emu, org_id=ORG1)

    async def once() -> str:
        return (await c.whoami()).org_id or ""
    assert asyncio.run(once()) == ORG1
    assert asyncio.run(once()) == ORG1  # a new loop
    asyncio.run(c.close())


def test_async_completions_arrive_through_call_soon_threadsafe(emu: Emulator) -> None:
    # libdevin's I/O thread hands completions to the loop with
    # loop.call_soon_threadsafe, once per burst rather than once per call.
    calls = []

    async def main() -> list[str]:
        loop = asyncio.get_running_loop()
        original = loop.call_soon_threadsafe

        def counting(*args: object, **kw: object) -> object:
            calls.append(threading.get_ident())
            return original(*args, **kw)  # type: ignore[arg-type]
        loop.call_soon_threadsafe = counting  # type: ignore[method-assign]
        async with make_async(emu, org_id=ORG1) as c:
            got = await asyncio.gather(*[c.whoami() for _ in range(32)])
            return [g.org_id or "" for g in got]
    assert asyncio.run(main()) == [ORG1] * 32
    assert 1 <= len(calls) <= 32
    assert threading.get_ident() not in calls  # scheduled from libdevin's thread


def test_async_task_cancel_cancels_request(emu: Emulator) -> None:
    async def main() -> None:
        async with make_async(emu, org_id=ORG1) as c:
            emu.fault(SESSION, method="GET", count=5, kind="stall")
            task = asyncio.ensure_future(c.sessions.get("devin-x"))
            await asyncio.sleep(0.2)
            t0 = time.monotonic()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            assert time.monotonic() - t0 < 1
            emu.clear_faults()
            assert (await c.whoami()).org_id == ORG1  # the client still works
            with pytest.raises(asyncio.TimeoutError):
                emu.fault(SESSION, method="GET", count=5, kind="stall")
                await asyncio.wait_for(c.sessions.get("devin-y"), 0.2)
    asyncio.run(main())


def test_threads_share_a_client(client: devin.Devin) -> None:
    s = client.sessions.create(prompt="threads")
    errors: list = []
    counts = [0] * 8

    def worker(n: int) -> None:
        try:
            for _ in range(25):
                assert client.sessions.get(s.session_id).session_id == s.session_id
                counts[n] += 1
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors and counts == [25] * 8


def test_gil_released_while_waiting(emu: Emulator, client: devin.Devin) -> None:
    emu.fault(SESSION, method="GET", count=1, kind="delay", delay_ms=500)
    ticks = 0
    stop = threading.Event()

    def spin() -> None:
        nonlocal ticks
        while not stop.is_set():
            ticks += 1
            time.sleep(0.001)

    t = threading.Thread(target=spin)
    t.start()
    with pytest.raises(devin.NotFoundError):
        client.sessions.get("devin-slow")
    stop.set()
    t.join()
    assert ticks > 50


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
# CPython >= 3.12 warns about fork() in a threaded process: forking one is
# what this test is about (devin_after_fork_child).
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_fork_child_uses_client(client: devin.Devin) -> None:
    client.whoami()  # warm connections in the parent
    pid = os.fork()
    if pid == 0:  # child
        code = 1
        try:
            if client.whoami().org_id == ORG1 and client.sessions.create(prompt="from child"):
                code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    assert client.whoami().org_id == ORG1  # the parent is unaffected


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_interrupts_a_blocked_call(emu: Emulator, client: devin.Devin) -> None:
    emu.fault(SESSION, method="GET", count=5, kind="stall")
    timer = threading.Timer(0.3, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    t0 = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        client.sessions.get("devin-x")
    assert time.monotonic() - t0 < 2
    emu.clear_faults()
    assert client.whoami().org_id == ORG1


def test_logging_and_key_redaction(emu: Emulator, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="devin")
    with make_client(emu, org_id=ORG1) as c:
        assert ADMIN not in repr(c)
        c.whoami()
        c.sessions.create(prompt="log me", session_secrets=[{"key": "K", "value": "s3cret-value"}])
        with pytest.raises(devin.NotFoundError) as ei:
            c.sessions.get("devin-nope")
        emu.fault(SESSION, method="GET", count=1, status=503, retry_after_ms=1)
        with pytest.raises(devin.NotFoundError):
            c.sessions.get("devin-nope-2")
    devin_lines = [r.getMessage() for r in caplog.records if r.name == "devin"]
    assert devin_lines, "libdevin logged nothing at debug level"
    text = "\n".join(devin_lines)
    for secret in (ADMIN, "s3cret-value"):
        assert secret not in text
    e = ei.value
    for s in (str(e), repr(e), str(e.body), str(e.headers)):
        assert ADMIN not in s


def test_devin_log_env(emu: Emulator, monkeypatch: pytest.MonkeyPatch,
                       caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("DEVIN_LOG", "debug")
    caplog.set_level(logging.DEBUG, logger="devin")
    with make_client(emu, org_id=ORG1) as c:
        c.whoami()
    assert any(r.name == "devin" and r.levelno == logging.DEBUG for r in caplog.records)


def test_client_survives_gc_and_exit_paths(emu: Emulator) -> None:
    for _ in range(20):
        c = make_client(emu, org_id=ORG1)
        c.whoami()
        del c
    a = make_async(emu, org_id=ORG1)
    del a
