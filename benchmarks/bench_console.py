"""Benchmark the operators' console under the last day's load:
`python benchmarks/bench_console.py [N] [--clients C] [--seed S]`.

A real `wksbm serve` on a loopback port over a fresh archive (the registry of N sample
workbooks shaped like a filled template): C clients send the N uploads at once while an
operator, signed in, keeps opening the board (the kabupaten page and the largest kapanewon's
page) and, a third of the way in, presses "Kompilasi sekarang". Reports: the board's time to
answer (median, p95, max; the goal is p95 <= 0.5 s), that every upload was answered and
stored, that the compile used exactly the counted uploads received before it started (checked
against the archive afterwards), and how long the compile and the uploads took. Prints; not a
test, not part of CI; loopback only.
"""
from __future__ import annotations

import argparse
import csv
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx2 as httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_compile import ENV, WKSBM, samples  # noqa: E402
from bench_web import _links, _port, _token_of  # noqa: E402

PASSWORD = "sandi-bench-2026"


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def _p95(values: list[float]) -> float:
    v = sorted(values)
    return v[max(0, int(round(0.95 * len(v))) - 1)] if v else float("nan")


def _expected_used(db: Path, started_at: str, tahun: int, triwulan: str) -> set[int]:
    """From the archive afterwards: each WKSBM's newest eligible upload received by the start."""
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT u.id FROM uploads u WHERE tahun = ? AND triwulan = ? AND eligible = 1 AND set_aside_reason IS NULL"
        " AND received_at <= ? AND NOT EXISTS (SELECT 1 FROM uploads v WHERE v.wksbm_id = u.wksbm_id"
        " AND v.tahun = u.tahun AND v.triwulan = u.triwulan AND v.eligible = 1 AND v.set_aside_reason IS NULL"
        " AND v.received_at <= ? AND (v.received_at > u.received_at OR (v.received_at = u.received_at AND v.id > u.id)))",
        (tahun, triwulan, started_at, started_at)).fetchall()
    conn.close()
    return {r[0] for r in rows}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=933)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args()
    folder = samples(args.n, args.seed, "template")
    files = sorted(folder.glob("*.xlsx"))
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        links = _links(data, folder / "daftar_wksbm.csv")
        fallback = next(iter(links.values()))
        from compiler.archive import accounts
        from compiler.archive.db import Archive

        archive = Archive(data)
        accounts.add_user(archive, "Budi", "operator", PASSWORD)
        biggest = archive.db().execute("SELECT kapanewon FROM wksbm GROUP BY kapanewon ORDER BY COUNT(*) DESC"
                                       " LIMIT 1").fetchone()[0]
        archive.close()
        port = _port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([*WKSBM, "serve", "--data", str(data), "--port", str(port)], env=ENV,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while True:
            try:
                if httpx.get(base + "/", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.05)
        operator = httpx.Client(base_url=base, timeout=60, follow_redirects=False)
        signed = operator.post("/konsol/masuk", data={"csrf": _csrf(operator.get("/").text), "nama": "Budi",
                                                      "sandi": PASSWORD})
        assert signed.status_code == 303, signed.text
        token = _csrf(operator.get("/").text)
        # the checker's workers warm up with a first upload, as in bench_web
        first = httpx.post(f"{base}/api/lapor/{_token_of(files[0], links, fallback)}",
                           files={"berkas": (files[0].name, files[0].read_bytes())}, timeout=120)
        assert first.status_code == 200

        rest = files[1:]
        answered, failures, upload_lat = [0], [], []
        board_lat = {"/": [], f"/konsol/kapanewon/{biggest}": []}
        lock = threading.Lock()
        done = threading.Event()
        compile_info = {}

        def client(k: int) -> None:
            with httpx.Client(timeout=300) as http:
                for path in rest[k::args.clients]:
                    t = time.perf_counter()
                    try:
                        r = http.post(f"{base}/api/lapor/{_token_of(path, links, fallback)}",
                                      files={"berkas": (path.name, path.read_bytes())})
                        ok = r.status_code == 200 and "unggahan" in r.json()
                    except httpx.HTTPError as exc:
                        ok, r = False, exc
                    with lock:
                        if ok:
                            answered[0] += 1
                            upload_lat.append(time.perf_counter() - t)
                        else:
                            failures.append(f"{path.name}: {r}")

        def watch_board() -> None:
            while not done.is_set():
                for path, lat in board_lat.items():
                    t = time.perf_counter()
                    r = operator.get(path)
                    assert r.status_code == 200, (path, r.status_code)
                    lat.append(time.perf_counter() - t)
                if not compile_info and answered[0] >= len(rest) // 3:
                    t = time.perf_counter()
                    r = operator.post("/konsol/kompilasi/mulai", data={"csrf": token, "tahun": "2026",
                                                                       "triwulan": "III"})
                    compile_info["id"] = int(r.headers["location"].rsplit("/", 1)[1])
                    compile_info["pressed"] = time.perf_counter() - t
                    compile_info["t0"] = time.perf_counter()
                    compile_info["answered_then"] = answered[0]
                if compile_info and "seconds" not in compile_info:
                    page = operator.get(f"/konsol/kompilasi/{compile_info['id']}").text
                    if "sedang berjalan" not in page:
                        compile_info["seconds"] = time.perf_counter() - compile_info["t0"]
                        compile_info["ok"] = "Selesai" in page
                time.sleep(0.2)

        t0 = time.perf_counter()
        watcher = threading.Thread(target=watch_board)
        watcher.start()
        threads = [threading.Thread(target=client, args=(k,)) for k in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        while "seconds" not in compile_info and time.perf_counter() - t0 < 1800:
            time.sleep(0.5)
        done.set()
        watcher.join()
        server.terminate()
        server.wait(timeout=30)

        conn = sqlite3.connect(data / "arsip.sqlite3")
        stored = conn.execute("SELECT COUNT(*) FROM uploads").fetchone()[0]
        record = conn.execute("SELECT * FROM compiles WHERE id = ?", (compile_info.get("id"),)).fetchone()
        cols = [d[0] for d in conn.execute("SELECT * FROM compiles").description]
        conn.close()
        record = dict(zip(cols, record)) if record else {}
        used = set()
        if record:
            with (data / record["folder"] / "unggahan_dipakai.csv").open(encoding="utf-8") as fh:
                used = {int(r["unggahan"]) for r in csv.DictReader(fh)}
        wanted = _expected_used(data / "arsip.sqlite3", record.get("started_at", ""), 2026, "III")

    print(f"{len(rest)} uploads by {args.clients} clients in {wall:.1f} s: answered {answered[0]}, failed "
          f"{len(failures)}; stored {stored} of {len(files)}")
    print(f"upload answer time: median {statistics.median(upload_lat):.2f} s, p95 {_p95(upload_lat):.2f} s")
    for path, lat in board_lat.items():
        print(f"board {path}: {len(lat)} loads, median {statistics.median(lat) * 1000:.0f} ms, "
              f"p95 {_p95(lat) * 1000:.0f} ms, max {max(lat) * 1000:.0f} ms")
    print(f"compile pressed after {compile_info.get('answered_then')} answered uploads (button answered in "
          f"{compile_info.get('pressed', float('nan')) * 1000:.0f} ms); {record.get('state')} in "
          f"{compile_info.get('seconds', float('nan')):.1f} s with {record.get('uploads')} uploads; used exactly the "
          f"counted uploads received before its start: {used == wanted} ({len(used)} used, {len(wanted)} expected)")
    for line in failures[:5]:
        print("failed:", line)


if __name__ == "__main__":
    main()
