"""Quickstart: create a Devin session, wait for it, print what it did, then
list sessions page by page.

    pip install libdevin
    DEVIN_API_KEY=cog_... [DEVIN_BASE_URL=...] python examples/python/quickstart.py
"""
from __future__ import annotations

import sys

import devin


def main() -> int:
    # api_key, org_id and base_url come from DEVIN_API_KEY, DEVIN_ORG_ID
    # (else discovered) and DEVIN_BASE_URL.
    with devin.Devin() as client:
        me = client.whoami()
        print(f"authenticated as {me.service_user_name or me.principal_type} in {me.org_id}")

        session = client.sessions.create(
            prompt="Add a --version flag to the CLI and open a pull request",
            tags=["quickstart"],
        )
        print(f"created {session.session_id}: {session.url}")

        def progress(s: devin.SessionResponse) -> None:
            print(f"  … {s.status} {s.status_detail or ''}")

        try:
            done = client.sessions.wait(session.session_id, timeout=600, on_progress=progress)
        except devin.APITimeoutError:
            print("the session is still running; try again later")
            return 1
        print(f"session is {done.status} ({done.status_detail})")

        for message in client.sessions.list_messages(done.session_id):
            print(f"[{message.source}] {message.message}")
        for pr in done.pull_requests:
            print(f"pull request: {pr.pr_url} ({pr.pr_state})")

        pager = client.sessions.list(tags=["quickstart"], first=10)
        for number, page in enumerate(pager.pages(), 1):
            print(f"page {number}: {len(page.items)} sessions")
            for s in page.items:
                print(f"  {s.session_id} {s.status} {s.title or ''}")
            if number == 3:
                print(f"stopping; resume later with after={page.cursor!r}")
                break
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except devin.APIStatusError as e:
        print(f"API error {e.status_code}: {e.message} (request {e.request_id})", file=sys.stderr)
        sys.exit(2)
    except devin.DevinError as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(2)
