"""Benchmark a whole quarter: `python benchmarks/bench_compile.py [N] [--naive K] [--workers W] [--runs R]`.

Generates (and caches under benchmarks/.cache/) N sample workbooks, times `wksbm compile` as a
whole process (the median of R runs, 3 by default) with the peak memory of its process tree,
times the naive `pandas.read_excel(sheet_name=None, engine="openpyxl")` loop on a random subset
of the same files (extrapolated to N; timed again just before each compile run, so that the
ratio is taken run by run), and times start-up. Prints the results; it is not a test
and not part of CI.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WKSBM = [sys.executable, "-m", "compiler.cli"]
# wksbm runs as an installed program does, from compiled bytecode (pip compiles it on install;
# an editable install writes it on first use), even where PYTHONDONTWRITEBYTECODE is set: kept
# under .cache, compiled once before timing (`bytecode`), so no run pays for compiling ~9,000 lines.
ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
       "PYTHONPYCACHEPREFIX": str(HERE / ".cache" / "pyc")}


def bytecode() -> None:
    import compiler
    import schemas
    dirs = [str(Path(m.__file__).parent) for m in (compiler, schemas)]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *dirs], env=ENV, check=True,
                   stdout=subprocess.DEVNULL)


def _tree_rss(root: int) -> int:
    """Resident memory of a process and all its descendants, in bytes (Linux /proc). Walks
    only the tree (each thread's `children` file), so that polling it costs the measured
    run next to nothing (scanning all of /proc cost ~3 ms a poll)."""
    page = os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/statm") as fh:
                total += int(fh.read().split()[1]) * page
            for tid in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{tid}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except (OSError, ValueError, IndexError):
            continue
    return total


def timed(cmd: list[str]) -> tuple[float, int, int]:
    """Wall seconds, peak tree RSS, exit code of a command."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.05)
    return time.perf_counter() - start, peak, proc.returncode


def samples(n: int, seed: int, shape: str = "sample") -> Path:
    folder = HERE / ".cache" / f"sample-{n}-{seed}"
    if not (folder / "daftar_wksbm.csv").exists():
        from compiler.sample.generate import generate
        shutil.rmtree(folder, ignore_errors=True)
        start = time.perf_counter()
        generate(folder, count=n, seed=seed)
        print(f"generated {n} workbooks in {time.perf_counter() - start:.1f} s")
    if shape == "template":
        from template_shape import shape_folder
        shaped = folder.with_name(folder.name + "-template")
        if not (shaped / "daftar_wksbm.csv").exists():
            shutil.rmtree(shaped, ignore_errors=True)
            start = time.perf_counter()
            shape_folder(folder, shaped)
            print(f"shaped {n} workbooks like a filled template in {time.perf_counter() - start:.1f} s")
        return shaped
    return folder


def naive(subset: list[Path], total: int) -> float:
    """The naive loop's seconds for `total` files, extrapolated from reading `subset`."""
    import pandas as pd
    start = time.perf_counter()
    for path in subset:
        pd.read_excel(path, sheet_name=None, engine="openpyxl")
    return (time.perf_counter() - start) / len(subset) * total


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int, nargs="?", default=933)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--naive", type=int, default=40, help="files timed for the naive loop")
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--runs", type=int, default=3, help="compile runs; the median wall is reported")
    ap.add_argument("--shape", choices=("sample", "template"), default="sample",
                    help="template: the samples shaped like a filled `wksbm template` (template_shape.py)")
    args = ap.parse_args()
    folder = samples(args.n, args.seed, args.shape)
    files = sorted(p for p in folder.glob("*.xlsx"))
    out = Path(tempfile.mkdtemp(prefix="wksbm-bench-"))
    cmd = WKSBM + ["compile", str(folder), "--tahun", "2026", "--triwulan", "III",
                   "--registry", str(folder / "daftar_wksbm.csv"), "--out", str(out)]
    if args.workers:
        cmd += ["--workers", str(args.workers)]
    # This machine's speed drifts by 20-40 % from minute to minute: each compile run follows
    # the naive loop over the same subset, and the ratio is the median of the runs' ratios.
    subset = random.Random(args.seed).sample(files, min(args.naive, len(files)))
    naive(files[:1], 1)                               # imports pandas and openpyxl, untimed
    bytecode()
    runs, naives = [], []
    for i in range(args.runs):
        naives.append(naive(subset, len(files)))
        runs.append(timed(cmd))
    shutil.rmtree(out, ignore_errors=True)
    wall = statistics.median(r[0] for r in runs)
    peak, code = max(r[1] for r in runs), runs[-1][2]
    naive_s = statistics.median(naives)
    ratio = statistics.median(n / r[0] for n, r in zip(naives, runs))
    help_s = min(timed(WKSBM + ["--help"])[0] for _ in range(3))
    version_s = min(timed(WKSBM + ["--version"])[0] for _ in range(3))
    one = tempfile.mkdtemp(prefix="wksbm-one-")
    validate_s = min(timed(WKSBM + ["validate", str(files[0]), "--out", one])[0] for _ in range(3))
    shutil.rmtree(one, ignore_errors=True)
    print(f"workbooks            {len(files)} ({args.shape} shape, {sum(f.stat().st_size for f in files) / len(files) / 1024:.0f} KiB each)")
    print(f"compile wall         {wall:.2f} s  (median of {len(runs)}: "
          f"{', '.join(f'{r[0]:.2f}' for r in runs)}; exit {code})")
    print(f"workbooks per second {len(files) / wall:.0f}")
    print(f"peak memory (tree)   {peak / 2**20:.0f} MiB")
    print(f"naive openpyxl loop  {naive_s:.1f} s  (median; {len(subset)} files before each run, extrapolated)")
    print(f"speed-up vs naive    {ratio:.1f}x  (median of the runs' ratios: "
          f"{', '.join(f'{n / r[0]:.1f}' for n, r in zip(naives, runs))})")
    print(f"wksbm --help         {help_s:.3f} s")
    print(f"wksbm --version      {version_s:.3f} s")
    print(f"validate one file    {validate_s:.2f} s")


if __name__ == "__main__":
    main()
