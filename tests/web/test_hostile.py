"""Hostile uploads: every file of the hostile corpus, sent through the API, gets its finding
while the server keeps answering; a worker that dies or hangs costs only that upload."""
from __future__ import annotations

import datetime as dt
import os
import time

import pytest

from tests.helpers import hostile_corpus as hc
from tests.web.conftest import workbook

HOSTILE = [name for name, case in hc.CASES.items() if case.code is not None]


def test_every_hostile_file_gets_its_finding_and_the_server_keeps_answering(site, tmp_path):
    client, archive, links = site
    assert len(HOSTILE) >= 60
    wrong = []
    for name in HOSTILE:
        case = hc.CASES[name]
        answer = client.post(f"/api/lapor/{links['Depok']}", files={"berkas": (f"{name}.xlsx", case.build())})
        body = answer.json() if answer.status_code == 200 else {}
        codes = [(r["kode"], r["lembar"]) for r in body.get("temuan", [])]
        if codes != [(case.code, "")] or body["status"] != "perlu_perbaikan" or case.reason not in \
                body["temuan"][0]["pesan"]:
            wrong.append((name, answer.status_code, codes))
        assert client.get("/").status_code == 200
    assert not wrong
    clean = client.post(f"/api/lapor/{links['Depok']}", files={"berkas": ("baik.xlsx", workbook(tmp_path))})
    assert clean.json()["status"] == "dihitung"
    assert archive.db().execute("SELECT COUNT(*) FROM uploads").fetchone()[0] == len(HOSTILE) + 1


@pytest.fixture
def fragile(monkeypatch):
    """A checker whose workers abort on `boom.xlsx` and hang on `hang.xlsx` (forked after the
    patch, so the workers carry it), with a short time limit."""
    from compiler.jobs import checker as module
    from compiler.run import pipeline

    real = pipeline.read_chunk

    def read_chunk(items, started=None):
        out = []
        for i, item in enumerate(items):
            if started:
                started(i)
            if item[1] == "boom.xlsx":
                os.abort()
            if item[1] == "hang.xlsx":
                time.sleep(60)
            out += real([item])
        if started:
            started(-1)
        return out

    monkeypatch.setattr(pipeline, "read_chunk", read_chunk)
    monkeypatch.setattr(module, "FILE_SECONDS", 1.5)
    c = module.Checker(1)
    c.start(wait=True)
    yield c
    c.close()


def test_a_worker_that_dies_or_hangs_costs_only_that_upload(tmp_path, fragile):
    path = tmp_path / "a.xlsx"
    path.write_bytes(workbook(tmp_path))
    today = dt.date(2026, 10, 5)
    for name, words in (("boom.xlsx", "berhenti mendadak"), ("hang.xlsx", "waktu terlalu lama")):
        result, _, _ = fragile.check(str(path), name, today)
        [f] = result.findings
        assert (f.code, f.severity, f.sheet) == ("file-unsafe", "error", "") and words in f.message
        good, cells, sheet = fragile.check(str(path), "baik.xlsx", today)   # a new worker answers
        assert good.findings == [] and sheet == "Identitas" and cells["triwulan"][0] == 12


def test_uploads_checked_together_blame_only_the_culprit(tmp_path, fragile):
    import threading

    path = tmp_path / "a.xlsx"
    path.write_bytes(workbook(tmp_path))
    names = ["baik1.xlsx", "baik2.xlsx", "boom.xlsx", "baik3.xlsx", "baik4.xlsx"]
    results = {}

    def send(name):
        results[name] = fragile.check(str(path), name, dt.date(2026, 10, 5))[0]
    threads = [threading.Thread(target=send, args=(n,)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [f.code for f in results.pop("boom.xlsx").findings] == ["file-unsafe"]
    assert all(r.findings == [] for r in results.values()) and len(results) == 4


def test_closing_the_checker_leaves_nobody_waiting(tmp_path):
    import threading

    from compiler.jobs.checker import Checker

    path = tmp_path / "a.xlsx"
    path.write_bytes(workbook(tmp_path))
    c = Checker(1)
    results = []
    threads = [threading.Thread(target=lambda: results.append(c.check(str(path), "a.xlsx", dt.date(2026, 10, 5))))
               for _ in range(3)]
    for t in threads:
        t.start()
    time.sleep(0.2)
    c.close()                   # never started: the uploads waiting get an answer all the same
    for t in threads:
        t.join(timeout=10)
    assert len(results) == 3 and all(r[0].findings[0].code == "file-unsafe" for r in results)
