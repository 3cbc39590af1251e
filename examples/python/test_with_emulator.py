"""Testing your own code against a local Devin API with devin.testing.

    pip install libdevin pytest
    pytest examples/python/test_with_emulator.py

The wheel bundles devin-emulator; devin.testing.Emulator starts it on a free
port and stops it when the fixture ends.
"""
from __future__ import annotations

from typing import Iterator

import pytest

import devin
from devin.testing import Emulator


def open_ticket(client: devin.Devin, text: str) -> str:
    """The code under test: asks Devin for a fix, tagged for triage."""
    session = client.sessions.create(prompt=text, tags=["triage"])
    return session.session_id


@pytest.fixture(scope="session")
def emulator() -> Iterator[Emulator]:
    with Emulator(speed=100) as emu:  # speed: simulated sessions run 100x faster
        yield emu


@pytest.fixture
def client(emulator: Emulator) -> Iterator[devin.Devin]:
    emulator.reset()  # every test starts from the seed data
    with emulator.client() as c:
        yield c


def test_open_ticket(client: devin.Devin) -> None:
    sid = open_ticket(client, "Fix the flaky login test")
    assert client.sessions.get(sid).tags == ["triage"]
    assert [s.session_id for s in client.sessions.list(tags=["triage"])] == [sid]


def test_open_ticket_when_the_api_is_down(client: devin.Devin, emulator: Emulator) -> None:
    emulator.fault("/v3/organizations/*/sessions", method="POST", status=503, count=10)
    with pytest.raises(devin.InternalServerError):
        open_ticket(client.with_options(max_retries=1), "Fix it")
