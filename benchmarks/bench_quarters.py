"""Benchmark the quarters before: `python benchmarks/bench_quarters.py [N] [--runs R] [--workers W]`.

Times `wksbm compile` of N sample workbooks (cached by bench_compile.py) into an --out folder
with nothing beside it, and into one where the four quarters before are present (2026-T2 ..
2025-T3, each with a full-size rekap_data.csv and status_wksbm.csv: made from this quarter's
own outputs, relabelled, with 97 % of the balances carried over as the sample chain does, so
the extra findings are as few as in a real quarter). The runs alternate (this machine's speed
drifts from minute to minute, and other people's jobs share its two cores): the medians of wall
time and of CPU time of the whole process tree (user + system, which others' load barely moves)
and their ratios are printed. Not a test, not in CI.
"""
from __future__ import annotations

import argparse
import csv
import io
import random
import resource
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_compile import WKSBM, bytecode, samples, timed  # noqa: E402

BEFORE = [("2026", "II", "2026-T2"), ("2026", "I", "2026-T1"), ("2025", "IV", "2025-T4"), ("2025", "III", "2025-T3")]


def _relabel(text: str, tahun: str, triwulan: str) -> str:
    rows = list(csv.reader(io.StringIO(text)))
    for r in rows[1:]:
        r[0], r[1] = tahun, triwulan
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


def _carried(text: str, rng: random.Random) -> str:
    """The status list as the quarter before would have left it: Saldo Akhir = this Saldo Awal,
    but for 3 %."""
    rows = list(csv.DictReader(io.StringIO(text)))
    for r in rows:
        if r["saldo_awal_rp"] and rng.random() > 0.03:
            r["saldo_akhir_rp"] = r["saldo_awal_rp"]
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\r\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def cpu_timed(cmd: list[str]) -> tuple[float, float, int, int]:
    """Wall seconds, CPU seconds of the process tree (it waits for its workers), peak RSS, exit code."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall, peak, code = timed(cmd)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, peak, code


def steps(beside: Path, made: Path) -> None:
    """The added work alone, in this process (best of 5, so others' load hardly counts): finding and
    reading the four quarters before, and the trend views; the compile's whole wall time is the
    measure above."""
    import time

    import pandas as pd

    from compiler.quarter.previous import find_earlier
    from compiler.recap.trend import build_trends

    rekap = pd.read_csv(made / "rekap_data.csv", dtype={"kode_wilayah": str, "kategori": str}, keep_default_na=False)

    def best(fn) -> float:
        times = []
        for _ in range(5):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return min(times)

    earlier = find_earlier(beside, 2026, "III")
    print(f"find_earlier (4 quarters)  {1000 * best(lambda: find_earlier(beside, 2026, 'III')):.0f} ms")
    print(f"build_trends (5 quarters)  {1000 * best(lambda: build_trends(earlier.rekap + [rekap])):.0f} ms")
    import tempfile

    from compiler.recap.render import render_one
    from compiler.recap.trend import with_trends
    from compiler.recap.view import build_recaps

    status = pd.DataFrame(columns=["kode_kalurahan", "kapanewon", "kalurahan", "padukuhan", "nama_wksbm", "status",
                                   "berkas", "jumlah_error"])
    views = build_recaps(rekap, status, 2026, "III", "")
    out = Path(tempfile.mkdtemp(prefix="wksbm-bench-r-"))
    for label, rs in (("without", views), ("with", with_trends(views, earlier.rekap + [rekap]))):
        cpu = []
        for _ in range(3):
            start = time.process_time()
            for r in rs:
                render_one(r, out)
            cpu.append(time.process_time() - start)
        print(f"render 18 recaps, {label:<7} the trend: {min(cpu):.2f} s CPU (best of 3)")
    shutil.rmtree(out, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int, nargs="?", default=933)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--workers", type=int, default=None)
    args = ap.parse_args()
    folder = samples(args.n, args.seed)
    bytecode()
    root = Path(tempfile.mkdtemp(prefix="wksbm-bench-q-"))
    alone, beside = root / "tanpa", root / "dengan"

    def cmd(out: Path) -> list[str]:
        return WKSBM + ["compile", str(folder), "--tahun", "2026", "--triwulan", "III", "--registry",
                        str(folder / "daftar_wksbm.csv"), "--out", str(out)] + (
            ["--workers", str(args.workers)] if args.workers else [])

    timed(cmd(alone))   # this quarter's outputs, to make the quarters before from
    made = alone / "2026-T3"
    rekap, status = (made / "rekap_data.csv").read_text("utf-8"), (made / "status_wksbm.csv").read_text("utf-8")
    rng = random.Random(args.seed)
    for tahun, tw, name in BEFORE:
        (beside / name).mkdir(parents=True)
        (beside / name / "rekap_data.csv").write_text(_relabel(rekap, tahun, tw), "utf-8", newline="")
        (beside / name / "status_wksbm.csv").write_text(_carried(status, rng), "utf-8", newline="")
    steps(beside, made)
    runs = {"tanpa": [], "dengan": []}
    for _ in range(args.runs):
        for label, out in (("tanpa", alone), ("dengan", beside)):
            runs[label].append(cpu_timed(cmd(out)))
    found = sum(1 for r in csv.DictReader(open(beside / "2026-T3" / "daftar_temuan.csv", encoding="utf-8-sig"))
                if r["kode"] == "balance-carryover")
    shutil.rmtree(root, ignore_errors=True)
    print(f"workbooks                 {args.n}")
    for label in ("tanpa", "dengan"):
        rs = runs[label]
        print(f"compile, {label:<6} sebelum  wall {statistics.median(r[0] for r in rs):.2f} s, "
              f"CPU {statistics.median(r[1] for r in rs):.2f} s  (medians of {len(rs)}; wall "
              f"{', '.join(f'{r[0]:.2f}' for r in rs)}; CPU {', '.join(f'{r[1]:.2f}' for r in rs)}; "
              f"peak {max(r[2] for r in rs) / 2**20:.0f} MiB; exit {rs[-1][3]})")
    for i, what in ((0, "wall"), (1, "CPU")):
        a, b = (statistics.median(r[i] for r in runs[k]) for k in ("tanpa", "dengan"))
        print(f"slower with the quarters before, {what}: {100 * (b / a - 1):+.1f} %")
    print(f"balance-carryover found: {found}")

if __name__ == "__main__":
    main()
