"""A real `wksbm serve`, killed with SIGKILL in the middle of a burst of uploads, then started
again on the same data: no upload answered with success is lost, no half-written file is
visible, and the server answers again without repair by hand."""
from __future__ import annotations

import os
import re
import signal
import threading
import time

import httpx2 as httpx

from compiler.archive.db import Archive
from compiler.archive.store import digest
from tests.helpers.builder import Book
from tests.helpers.server import free_port as _port
from tests.helpers.server import serve as _serve



def test_sigkill_during_a_burst_loses_no_answered_upload(tmp_path, registry):
    data = tmp_path / "data"
    archive = Archive(data)
    archive.import_registry(registry)
    token = archive.token_of(archive.all_wksbm()[0].id)
    archive.close()
    books = []
    for i in range(40):
        book = Book()
        book.set("Identitas", 0, "Saldo Kas Awal (Rp)", 1_000_000 + i)
        books.append(book.write(tmp_path / f"b{i}.xlsx").read_bytes())
    port = _port()
    server = _serve(data, port)
    answered: list[tuple[int, str]] = []
    lock = threading.Lock()

    def client(k: int) -> None:
        with httpx.Client(timeout=30) as http:
            for data_ in books[k::8]:
                try:
                    r = http.post(f"http://127.0.0.1:{port}/api/lapor/{token}", files={"berkas": ("a.xlsx", data_)})
                except httpx.HTTPError:
                    return
                if r.status_code == 200:
                    with lock:
                        answered.append((r.json()["unggahan"], digest(data_)))

    threads = [threading.Thread(target=client, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 60
    while len(answered) < 5 and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(server.pid, signal.SIGKILL)   # the server and its workers, at once
    server.wait()
    for t in threads:
        t.join()
    assert 5 <= len(answered) < len(books)      # killed in the middle

    server = _serve(data, port)
    try:
        archive = Archive(data)
        stored = {row["id"]: row["sha256"] for row in archive.db().execute("SELECT id, sha256 FROM uploads")}
        for upload_id, sha in answered:
            assert stored.get(upload_id) == sha
        for path in (data / "files").glob("??/*.xlsx"):
            assert digest(path.read_bytes()) == path.stem   # every visible file whole
        for sha in stored.values():
            assert (data / "files" / sha[:2] / f"{sha}.xlsx").is_file()
        assert not list((data / "files" / "tmp").iterdir())
        again = httpx.post(f"http://127.0.0.1:{port}/api/lapor/{token}", files={"berkas": ("a.xlsx", books[-1])},
                           timeout=30)
        assert again.status_code == 200
        log = (data / "log" / "web.log").read_text(encoding="utf-8")
        assert re.search(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ INFO unggahan wksbm=1 nomor=\d+ status=", log, re.M)
        assert token not in log
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
