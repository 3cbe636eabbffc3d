"""Where the operator is: Dinas offices mostly run Windows, where worker processes start by
`spawn` (a fresh interpreter, nothing inherited) and the `resource` module does not exist (no
memory cap). Simulated here on Linux for a whole `wksbm` process and every worker it starts:
a `resource` module that cannot be imported, and `spawn` as the only start method. A hostile
file still costs one finding, and the good workbooks are still read and counted."""
from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import hostile_corpus as hc
from tests.helpers.builder import Book

ROOT = Path(__file__).resolve().parents[2]
_SITE = '''
import multiprocessing, os
multiprocessing.get_all_start_methods = lambda: ["spawn"]
try:
    import resource  # noqa: F401
    state = "resource"
except ImportError:
    state = "no-resource"
with open(os.environ["WKSBM_SIM_LOG"], "a") as log:
    log.write(f"{os.getpid()} {state}\\n")
'''


@pytest.fixture(scope="module")
def windows(tmp_path_factory):
    """(folder of reports, environment as on Windows, the log each interpreter writes at start)."""
    sim = tmp_path_factory.mktemp("windows")
    (sim / "resource.py").write_text("raise ImportError(\"no module named 'resource'\")\n")
    (sim / "sitecustomize.py").write_text(_SITE)
    folder = tmp_path_factory.mktemp("masuk")
    for name in ("zip_bomb", "billion_laughs"):
        (folder / f"{name}.xlsx").write_bytes(hc.CASES[name].build())
    for i, dusun in enumerate(("Dusun A", "Dusun B", "Dusun C")):
        book = Book()
        book.set("Identitas", 0, "Padukuhan", dusun)
        book.write(folder / f"baik{i}.xlsx")
    log = sim / "start.log"
    env = {**os.environ, "PYTHONPATH": str(sim), "WKSBM_SIM_LOG": str(log)}
    return folder, env, log


def _wksbm(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "compiler.cli", *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def _findings(path: Path) -> dict[str, set[str]]:
    """The error codes per file (the three good workbooks share their PPKS: warnings only)."""
    rows = list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))
    out: dict[str, set[str]] = {}
    for row in rows:
        if row["tingkat"] == "error":
            out.setdefault(row["berkas"], set()).add(row["kode"])
    return out


def _spawned_without_resource(log: Path) -> None:
    lines = log.read_text().split()
    states = lines[1::2]
    assert states and set(states) == {"no-resource"}, "every interpreter ran without `resource`"
    assert len(states) >= 3, "workers were started as fresh interpreters (spawn), not forked"
    log.unlink()


def test_validate_on_windows(windows, tmp_path):
    folder, env, log = windows
    done = _wksbm(env, "validate", folder, "--out", tmp_path / "periksa", "--workers", "2")
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    found = _findings(tmp_path / "periksa" / "daftar_temuan.csv")
    assert found == {"zip_bomb.xlsx": {"file-unsafe"}, "billion_laughs.xlsx": {"file-unsafe"}}
    _spawned_without_resource(log)


def test_compile_on_windows(windows, tmp_path):
    folder, env, log = windows
    done = _wksbm(env, "compile", folder, "--tahun", "2026", "--triwulan", "III", "--out", tmp_path / "rekap",
                  "--workers", "2")
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    quarter = tmp_path / "rekap" / "2026-T3"
    found = _findings(quarter / "daftar_temuan.csv")
    assert found == {"zip_bomb.xlsx": {"file-unsafe"}, "billion_laughs.xlsx": {"file-unsafe"}}
    rows = list(csv.DictReader((quarter / "rekap_data.csv").read_text(encoding="utf-8").splitlines()))
    melapor = [r["nilai"] for r in rows if r["indikator"] == "wksbm_melapor" and r["tingkat"] == "kabupaten"]
    assert melapor == ["3"]
    _spawned_without_resource(log)
