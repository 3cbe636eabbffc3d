"""Benchmark the quarters before: `python benchmarks/bench_quarters.py [N] [--runs R] [--workers W]`.

Times `wksbm compile` of N sample workbooks (cached by bench_compile.py) into an --out folder
with nothing beside it, and into one where the four quarters before are present (2026-T2 ..
2025-T3, each with a full-size rekap_data.csv and status_wksbm.csv: made from this quarter's
own outputs, relabelled, with 97 % of the balances carried over as the sample chain does, so
the extra findings are as few as in a real quarter). The runs alternate (this machine's speed
drifts from minute to minute); the medians and their ratio are printed. Not a test, not in CI.
"""
from __future__ import annotations

import argparse
import csv
import io
import random
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
    runs = {"tanpa": [], "dengan": []}
    for _ in range(args.runs):
        for label, out in (("tanpa", alone), ("dengan", beside)):
            wall, peak, code = timed(cmd(out))
            runs[label].append((wall, peak, code))
    found = sum(1 for r in csv.DictReader(open(beside / "2026-T3" / "daftar_temuan.csv", encoding="utf-8-sig"))
                if r["kode"] == "balance-carryover")
    shutil.rmtree(root, ignore_errors=True)
    a = statistics.median(r[0] for r in runs["tanpa"])
    b = statistics.median(r[0] for r in runs["dengan"])
    print(f"workbooks                 {args.n}")
    for label, m in (("tanpa", a), ("dengan", b)):
        rs = runs[label]
        print(f"compile, {label:<6} sebelum  {m:.2f} s  (median of {len(rs)}: {', '.join(f'{r[0]:.2f}' for r in rs)}; "
              f"peak {max(r[1] for r in rs) / 2**20:.0f} MiB; exit {rs[-1][2]})")
    print(f"slower with the quarters before: {100 * (b / a - 1):+.1f} %  (balance-carryover found: {found})")


if __name__ == "__main__":
    main()
