"""The web intake under test: an archive with two WKSBM of Kalurahan Parangtritis (Depok, the
builder's workbook, and Grogol), a fixed clock, and one warm checker shared by the tests."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.helpers.builder import Book

REGISTRY = ("kode_kalurahan,kalurahan,padukuhan,nama_wksbm\n"
            "34.02.03.2002,Parangtritis,Depok,WKSBM Depok Sejahtera\n"
            "34.02.03.2002,Parangtritis,Grogol,WKSBM Grogol Makmur\n")
# 5 October 2026, 10:00 WIB: quarter III 2026 is being collected, its deadline (10 October) ahead
ON_TIME = dt.datetime(2026, 10, 5, 3, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="session")
def checker():
    from compiler.jobs.checker import Checker

    c = Checker(2)
    c.start(wait=True)
    yield c
    c.close()


@pytest.fixture
def clock():
    """The server's clock; a test may move it (`clock.now = ...`)."""
    class Clock:
        now = ON_TIME

        def __call__(self):
            return self.now
    return Clock()


@pytest.fixture
def registry(tmp_path):
    path = tmp_path / "daftar_wksbm.csv"
    path.write_text(REGISTRY, encoding="utf-8")
    return path


@pytest.fixture
def site(tmp_path, checker, clock, registry):
    """(TestClient, archive, {padukuhan: token})."""
    from starlette.testclient import TestClient

    from compiler.web.app import create_app

    app = create_app(tmp_path / "data", checker=checker, clock=clock)
    archive = app.state.archive
    archive.import_registry(registry)
    links = {w.padukuhan: archive.token_of(w.id) for w in archive.all_wksbm()}
    with TestClient(app) as client:
        yield client, archive, links


def open_link(client, token: str):
    """Open a WKSBM's link as a phone does; returns the page and its CSRF token."""
    page = client.get(f"/lapor/{token}")
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    return page, found.group(1) if found else ""


def workbook(tmp_path, book: Book | None = None, name: str = "laporan.xlsx") -> bytes:
    return (book or Book()).write(tmp_path / name).read_bytes()


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'")
