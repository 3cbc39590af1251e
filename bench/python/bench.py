"""Side-by-side throughput of devin's Python clients and popular HTTP
clients on the same local server (see run.sh, which starts it pinned to
one core and runs this on the other).

Workloads
  page  GET a 100-session page, read session_id and status of every item
  tiny  GET a ~60-byte JSON object, read one field
Async clients keep 64 requests in flight; sync clients run one at a time.
Also measures RSS growth of devin.Devin over 100k tiny requests.
"""
from __future__ import annotations

import argparse
import asyncio
import gc
import json
import resource
import sys
import time
from typing import Any, Awaitable, Callable, Optional

ORG = "org-bench"
KEY = "cog_bench_key"
HEADERS = {"Authorization": f"Bearer {KEY}"}
CONCURRENCY = 64


def write_page(path: str) -> None:
    items = []
    for i in range(100):
        items.append({
            "session_id": f"devin-{i:032x}", "org_id": ORG, "status": "running",
            "status_detail": "working", "title": f"Benchmark session number {i}",
            "created_at": 1700000000 + i, "updated_at": 1700000500 + i, "acus_consumed": 1.5,
            "tags": ["bench", "python"], "pull_requests": [
                {"pr_url": f"https://github.com/acme/widgets/pull/{i}", "pr_state": "open"}],
            "url": f"https://app.devin.ai/sessions/{i:032x}", "is_archived": False,
            "user_id": None, "service_user_id": "service-user-bench", "playbook_id": None,
            "origin": "api", "category": None, "child_session_ids": [],
            "parent_session_id": None, "structured_output": None, "subcategory": None,
        })
    body = {"items": items, "end_cursor": None, "has_next_page": False, "total": 100}
    with open(path, "w") as f:
        json.dump(body, f)


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def sync_rate(fn: Callable[[], Any], n: int) -> float:
    for _ in range(min(200, n // 10)):
        fn()
    t0 = time.perf_counter()
    for _ in range(n):
        fn()
    return n / (time.perf_counter() - t0)


def async_rate(make: Callable[[], Awaitable[Any]], n: int,
               cleanup: Optional[Callable[[], Awaitable[Any]]] = None) -> float:
    async def main() -> float:
        async def worker(count: int) -> None:
            for _ in range(count):
                await make()
        await asyncio.gather(*[worker(max(1, n // 10 // CONCURRENCY)) for _ in range(CONCURRENCY)])
        t0 = time.perf_counter()
        await asyncio.gather(*[worker(n // CONCURRENCY) for _ in range(CONCURRENCY)])
        rate = (n // CONCURRENCY * CONCURRENCY) / (time.perf_counter() - t0)
        if cleanup is not None:  # in the loop the client was used in
            await cleanup()
        return rate
    return asyncio.run(main())


def check_page(rows: list) -> None:
    assert len(rows) == 100 and all(r[0] and r[1] for r in rows), rows[:1]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url")
    ap.add_argument("--write-page")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--rss-requests", type=int, default=100_000)
    args = ap.parse_args()
    if args.write_page:
        write_page(args.write_page)
        return 0
    url = args.url
    scale = 0.25 if args.quick else 1.0
    n_page, n_tiny = int(4000 * scale), int(10000 * scale)
    page_url = f"{url}/v3/organizations/{ORG}/sessions?first=100"
    tiny_url = f"{url}/v3/self"

    import aiohttp
    import httpx
    import requests

    import devin

    results: dict[str, float] = {}

    # ---------------- async ----------------
    def devin_async(kind: str) -> float:
        client = devin.AsyncDevin(api_key=KEY, org_id=ORG, base_url=url)

        async def page() -> None:
            rows = [(s.session_id, s.status) async for s in client.sessions.list(first=100)]
            check_page(rows)

        async def tiny() -> None:
            assert (await client.whoami()).org_id == ORG
        try:
            return async_rate(page if kind == "page" else tiny, n_page if kind == "page" else n_tiny)
        finally:
            asyncio.run(client.close())

    def aiohttp_rate(kind: str) -> float:
        state: dict[str, Any] = {}

        async def page() -> None:
            s = state.get("s") or state.setdefault("s", aiohttp.ClientSession(
                headers=HEADERS, connector=aiohttp.TCPConnector(limit=CONCURRENCY)))
            async with s.get(page_url) as r:
                r.raise_for_status()
                body = await r.json()
            check_page([(i["session_id"], i["status"]) for i in body["items"]])

        async def tiny() -> None:
            s = state.get("s") or state.setdefault("s", aiohttp.ClientSession(
                headers=HEADERS, connector=aiohttp.TCPConnector(limit=CONCURRENCY)))
            async with s.get(tiny_url) as r:
                r.raise_for_status()
                assert (await r.json())["org_id"] == ORG

        async def close() -> None:
            if "s" in state:
                await state["s"].close()
        return async_rate(page if kind == "page" else tiny, n_page if kind == "page" else n_tiny,
                          close)

    def httpx_async_rate(kind: str) -> float:
        state: dict[str, Any] = {}

        def client() -> httpx.AsyncClient:
            c = state.get("c")
            if c is None:
                c = state["c"] = httpx.AsyncClient(headers=HEADERS, limits=httpx.Limits(
                    max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY))
            return c

        async def page() -> None:
            r = await client().get(page_url)
            r.raise_for_status()
            check_page([(i["session_id"], i["status"]) for i in r.json()["items"]])

        async def tiny() -> None:
            r = await client().get(tiny_url)
            r.raise_for_status()
            assert r.json()["org_id"] == ORG
        # httpx is slow: measure it on fewer requests
        n = (n_page if kind == "page" else n_tiny) // 4
        return async_rate(page if kind == "page" else tiny, n)

    # aiohttp sessions are bound to the loop they were created in: each
    # async_rate() call runs its own loop, so make the session inside it.
    for kind in ("page", "tiny"):
        results[f"async {kind} devin"] = devin_async(kind)
        results[f"async {kind} aiohttp"] = aiohttp_rate(kind)
        results[f"async {kind} httpx"] = httpx_async_rate(kind)

    # ---------------- sync ----------------
    with devin.Devin(api_key=KEY, org_id=ORG, base_url=url) as dc:
        def d_page() -> None:
            check_page([(s.session_id, s.status) for s in dc.sessions.list(first=100)])

        def d_tiny() -> None:
            assert dc.whoami().org_id == ORG
        results["sync page devin"] = sync_rate(d_page, n_page)
        results["sync tiny devin"] = sync_rate(d_tiny, n_tiny)

        # RSS growth over many requests (after warm-up)
        gc.collect()
        before = rss_mb()
        for _ in range(args.rss_requests if not args.quick else 10000):
            dc.whoami()
        gc.collect()
        rss_growth = rss_mb() - before

    with httpx.Client(headers=HEADERS) as hc:
        def h_page() -> None:
            r = hc.get(page_url)
            r.raise_for_status()
            check_page([(i["session_id"], i["status"]) for i in r.json()["items"]])

        def h_tiny() -> None:
            r = hc.get(tiny_url)
            r.raise_for_status()
            assert r.json()["org_id"] == ORG
        results["sync page httpx"] = sync_rate(h_page, n_page // 2)
        results["sync tiny httpx"] = sync_rate(h_tiny, n_tiny // 2)

    with requests.Session() as rs:
        rs.headers.update(HEADERS)

        def r_page() -> None:
            r = rs.get(page_url)
            r.raise_for_status()
            check_page([(i["session_id"], i["status"]) for i in r.json()["items"]])

        def r_tiny() -> None:
            r = rs.get(tiny_url)
            r.raise_for_status()
            assert r.json()["org_id"] == ORG
        results["sync page requests"] = sync_rate(r_page, n_page // 2)
        results["sync tiny requests"] = sync_rate(r_tiny, n_tiny // 2)

    print(f"{'workload':<28}{'req/s':>10}")
    for k, v in results.items():
        print(f"{k:<28}{v:>10.0f}")
    print()
    ratios = [
        ("AsyncDevin / aiohttp (page)", results["async page devin"] / results["async page aiohttp"], 5),
        ("AsyncDevin / httpx.AsyncClient (page)", results["async page devin"] / results["async page httpx"], 10),
        ("AsyncDevin / aiohttp (tiny)", results["async tiny devin"] / results["async tiny aiohttp"], None),
        ("AsyncDevin / httpx.AsyncClient (tiny)", results["async tiny devin"] / results["async tiny httpx"], None),
        ("Devin / httpx.Client (page)", results["sync page devin"] / results["sync page httpx"], 2),
        ("Devin / httpx.Client (tiny)", results["sync tiny devin"] / results["sync tiny httpx"], 2),
        ("Devin / requests.Session (page)", results["sync page devin"] / results["sync page requests"], None),
        ("Devin / requests.Session (tiny)", results["sync tiny devin"] / results["sync tiny requests"], None),
    ]
    ok = True
    for name, ratio, target in ratios:
        mark = "" if target is None else (f"  (target >= {target}x: " +
                                          ("ok" if ratio >= target else "MISSED") + ")")
        ok &= target is None or ratio >= target
        print(f"{name:<42}{ratio:>7.1f}x{mark}")
    n_rss = args.rss_requests if not args.quick else 10000
    print(f"RSS growth of Devin over {n_rss} requests: {rss_growth:.2f} MB (target < 5 MB)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
