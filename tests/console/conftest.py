"""The operators' console under test: the web app over an archive of three WKSBM (two in
Kapanewon Kretek, one in Srandakan), one account of each role, a fixed clock and one warm
checker shared by the tests."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.helpers.builder import Book

REGISTRY = ("kode_kalurahan,kalurahan,padukuhan,nama_wksbm\n"
            "34.02.03.2002,Parangtritis,Depok,WKSBM Depok Sejahtera\n"
            "34.02.03.2002,Parangtritis,Grogol,WKSBM Grogol Makmur\n"
            "34.02.01.2001,Poncosari,Wonosari,WKSBM Wonosari Guyub\n")
ON_TIME = dt.datetime(2026, 10, 5, 3, 0, tzinfo=dt.timezone.utc)      # 5 October 2026, 10:00 WIB
LATE = dt.datetime(2026, 10, 12, 3, 0, tzinfo=dt.timezone.utc)        # two days after the deadline
PASSWORD = "sandi-rahasia-1"
ACCOUNTS = {"admin": ("Sari", None), "operator": ("Budi", None), "kapanewon": ("Kretek1", "Kretek")}


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    """argon2id at its smallest cost in tests (the real cost is tested once, in test_signin)."""
    from argon2 import PasswordHasher

    from compiler.archive import accounts

    monkeypatch.setattr(accounts, "_hasher", lambda: PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))


@pytest.fixture(scope="package")
def checker():
    """One warm checker for the console's tests, stopped after them (tests elsewhere count the
    processes left alive)."""
    from compiler.jobs.checker import Checker

    c = Checker(2)
    c.start(wait=True)
    yield c
    c.close()


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock(ON_TIME)


@pytest.fixture
def app(tmp_path, checker, clock):
    from compiler.archive import accounts
    from compiler.web.app import create_app

    registry = tmp_path / "daftar_wksbm.csv"
    registry.write_text(REGISTRY, encoding="utf-8")
    app = create_app(tmp_path / "data", checker=checker, clock=clock)
    archive = app.state.archive
    archive.import_registry(registry)
    for role, (name, kapanewon) in ACCOUNTS.items():
        accounts.add_user(archive, name, role, PASSWORD, kapanewon)
    return app


@pytest.fixture
def client(app):
    from starlette.testclient import TestClient

    with TestClient(app, follow_redirects=False) as c:
        yield c


@pytest.fixture
def archive(app):
    return app.state.archive


def wksbm_named(archive, padukuhan: str):
    return next(w for w in archive.all_wksbm() if w.padukuhan == padukuhan)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    return found.group(1) if found else ""


def sign_in(client, role: str) -> str:
    """Sign in as the account of `role`; returns the session's form token."""
    page = client.get("/")
    name = ACCOUNTS[role][0]
    answer = client.post("/konsol/masuk", data={"csrf": csrf_of(page.text), "nama": name, "sandi": PASSWORD})
    assert answer.status_code == 303, answer.text
    return csrf_of(client.get("/", follow_redirects=True).text)


def upload(archive, checker, padukuhan: str, tmp_path, book: Book | None = None, when=ON_TIME, sender="tautan"):
    """A workbook received through the WKSBM's link (the web intake's own job)."""
    from compiler.jobs.upload import receive

    w = wksbm_named(archive, padukuhan)
    book = book or Book()
    book.identity["Padukuhan"] = padukuhan
    if padukuhan == "Wonosari":
        book.identity.update({"Kapanewon": "Srandakan", "Kalurahan": "Poncosari"})
    data = book.write(tmp_path / f"{padukuhan}_{when:%H%M%S%f}.xlsx").read_bytes()
    return receive(archive, checker, w, data, f"laporan_{padukuhan}.xlsx", sender=sender, now=when).upload


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'")
