"""Benchmark the web intake: `python benchmarks/bench_web.py [N] [--clients C] [--seed S]`.

Starts a real `wksbm serve` on a loopback port over a fresh archive (the registry of N sample
workbooks shaped like a filled template, ~75 KB each: template_shape.py), then N uploads are
sent by C clients at once (the last day before a deadline): the time to answer each upload,
correction copy included (median, 95th percentile, max), that all were answered and stored,
and the server's memory (its process tree) along the way. Also the server's start time (to
its first answer) and the time to its first checked upload (the workers warm). Prints the
results; it is not a test and not part of CI. Only loopback addresses are used.
"""
from __future__ import annotations

import argparse
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_compile import ENV, WKSBM, _tree_rss, samples  # noqa: E402


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _links(data: Path, registry: Path) -> dict[tuple[str, str], str]:
    """(kode_kalurahan without dots, padukuhan slug) -> token, as the sample files are named."""
    from compiler.archive.db import Archive
    from compiler.intake.registry import file_slug

    archive = Archive(data)
    archive.import_registry(registry)
    out = {(w.kode_kalurahan.replace(".", ""), file_slug(w.padukuhan)): archive.token_of(w.id)
           for w in archive.all_wksbm()}
    archive.close()
    return out


def _token_of(path: Path, links: dict, fallback: str) -> str:
    found = re.match(r"wksbm_(\d+)_(.+?)_\d{4}-T\d", path.name)
    return links.get((found.group(1), found.group(2)), fallback) if found else fallback


def _cpu(pid: int) -> tuple[float, float]:
    """CPU seconds of the server process and of its workers (live ones and those it reaped)."""
    import os

    tick = os.sysconf("SC_CLK_TCK")

    def stat(p: int) -> list[str]:
        with open(f"/proc/{p}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()
    fields = stat(pid)
    own = (int(fields[11]) + int(fields[12])) / tick
    reaped = (int(fields[13]) + int(fields[14])) / tick
    live = 0.0
    for tid in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{tid}/children") as fh:
            for child in fh.read().split():
                try:
                    f = stat(int(child))
                    live += (int(f[11]) + int(f[12])) / tick
                except OSError:
                    pass
    return own, reaped + live


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=933)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args()
    folder = samples(args.n, args.seed, "template")
    files = sorted(folder.glob("*.xlsx"))
    sizes = [p.stat().st_size for p in files]
    print(f"{len(files)} workbooks, median {statistics.median(sizes) / 1024:.0f} KB")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        links = _links(data, folder / "daftar_wksbm.csv")
        fallback = next(iter(links.values()))
        port = _port()
        base = f"http://127.0.0.1:{port}"
        start = time.perf_counter()
        server = subprocess.Popen([*WKSBM, "serve", "--data", str(data), "--port", str(port)], env=ENV,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while True:
            try:
                if httpx.get(base + "/", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.02)
        started = time.perf_counter() - start
        first = httpx.post(f"{base}/api/lapor/{_token_of(files[0], links, fallback)}",
                           files={"berkas": (files[0].name, files[0].read_bytes())}, timeout=60)
        warm = time.perf_counter() - start
        assert first.status_code == 200
        print(f"server start: {started:.2f} s to its first answer; {warm:.2f} s to its first checked upload")

        alone = []
        for path in files[1:11]:      # one at a time: what a volunteer waits on a quiet server
            t = time.perf_counter()
            r = httpx.post(f"{base}/api/lapor/{_token_of(path, links, fallback)}",
                           files={"berkas": (path.name, path.read_bytes())}, timeout=60)
            assert r.status_code == 200
            alone.append(time.perf_counter() - t)
        print(f"one upload at a time (10): median {statistics.median(alone):.2f} s, max {max(alone):.2f} s")
        rest = files[11:]
        latencies: list[float] = []
        failures: list[str] = []
        memory: list[tuple[float, int]] = []
        lock = threading.Lock()
        done = threading.Event()

        def watch() -> None:
            t0 = time.perf_counter()
            while not done.is_set():
                memory.append((time.perf_counter() - t0, _tree_rss(server.pid)))
                time.sleep(0.5)

        def client(k: int) -> None:
            with httpx.Client(timeout=120) as http:
                for path in rest[k::args.clients]:
                    body = path.read_bytes()
                    t = time.perf_counter()
                    try:
                        r = http.post(f"{base}/api/lapor/{_token_of(path, links, fallback)}",
                                      files={"berkas": (path.name, body)})
                        ok = r.status_code == 200 and "unggahan" in r.json()
                    except httpx.HTTPError as exc:
                        ok, r = False, exc
                    with lock:
                        (latencies.append(time.perf_counter() - t) if ok else failures.append(f"{path.name}: {r}"))

        watcher = threading.Thread(target=watch)
        watcher.start()
        t0 = time.perf_counter()
        threads = [threading.Thread(target=client, args=(k,)) for k in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        done.set()
        watcher.join()
        own, workers_cpu = _cpu(server.pid)
        server.terminate()
        server.wait(timeout=30)
        conn = sqlite3.connect(data / "arsip.sqlite3")
        stored = conn.execute("SELECT COUNT(*) FROM uploads").fetchone()[0]
        missing = conn.execute("SELECT COUNT(*) FROM uploads WHERE sha256 IS NULL").fetchone()[0]
        files_on_disk = len(list((data / "files").glob("??/*.xlsx")))
        conn.close()
    lat = sorted(latencies)
    p95 = lat[max(0, int(round(0.95 * len(lat))) - 1)] if lat else float("nan")
    print(f"{len(rest)} uploads by {args.clients} clients at once: {wall:.1f} s ({len(rest) / wall:.1f} a second); "
          f"answered {len(lat)}, failed {len(failures)}; stored {stored} (with the first 11), files on disk "
          f"{files_on_disk} (originals and copies), rows without file {missing}")
    print(f"time to answer one upload (copy included): median {statistics.median(lat):.2f} s, "
          f"p95 {p95:.2f} s, max {lat[-1]:.2f} s")
    mb = [m / 2**20 for _, m in memory]
    quarter = max(1, len(mb) // 4)
    print(f"server memory (process tree RSS): first quarter max {max(mb[:quarter]):.0f} MB, "
          f"last quarter max {max(mb[-quarter:]):.0f} MB, overall max {max(mb):.0f} MB")
    print(f"CPU during the run: server process {own:.1f} s, its workers {workers_cpu:.1f} s "
          f"({(own + workers_cpu) / max(1, len(rest)) * 1000:.0f} ms an upload)")
    for line in failures[:5]:
        print("failed:", line)


if __name__ == "__main__":
    main()
