"""Quickstart with asyncio: the same steps as quickstart.py, plus a few
sessions started and awaited concurrently.

    pip install libdevin
    DEVIN_API_KEY=cog_... [DEVIN_BASE_URL=...] python examples/python/quickstart_async.py
"""
from __future__ import annotations

import asyncio
import sys

import devin


async def run_one(client: devin.AsyncDevin, prompt: str) -> devin.SessionResponse:
    session = await client.sessions.create(prompt=prompt, tags=["quickstart-async"])
    print(f"created {session.session_id}")
    return await client.sessions.wait(session.session_id, timeout=600)


async def main() -> int:
    async with devin.AsyncDevin() as client:
        me = await client.whoami()
        print(f"authenticated in {me.org_id}")

        done = await asyncio.gather(
            run_one(client, "Fix the typo in README.md"),
            run_one(client, "Add a unit test for parse_args"),
        )
        for s in done:
            print(f"{s.session_id}: {s.status} ({s.status_detail})")
            async for message in client.sessions.list_messages(s.session_id):
                print(f"  [{message.source}] {message.message}")
            for pr in s.pull_requests:
                print(f"  pull request: {pr.pr_url}")

        number = 0
        async for page in client.sessions.list(tags=["quickstart-async"], first=10).pages():
            number += 1
            print(f"page {number}: {[s.session_id for s in page.items]}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(asyncio.run(main()))
    except devin.DevinError as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(2)
