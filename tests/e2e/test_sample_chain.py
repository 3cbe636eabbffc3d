"""`wksbm sample --quarters`: a chain of quarters whose compiles find exactly what was planted."""
from __future__ import annotations

import csv
import datetime as dt

import pytest
from click.testing import CliRunner

from compiler.cli import main
from compiler.jobs.compile import compile_quarter
from compiler.sample.chain import parse_quarters

QUARTERS = [("2025", "IV", "2025-T4"), ("2026", "I", "2026-T1"), ("2026", "II", "2026-T2")]


def _rows(path, encoding="utf-8"):
    with open(path, encoding=encoding, newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    root = tmp_path_factory.mktemp("rantai")
    result = CliRunner().invoke(main, ["sample", "--out", str(root / "contoh"), "--count", "70", "--seed", "7",
                                       "--quarters", "2025-IV..2026-II"])
    assert result.exit_code == 0, result.output
    summaries = {}
    for tahun, tw, name in QUARTERS:
        folder = root / "contoh" / f"laporan_{name}"
        received = {str(folder / r["berkas"]): dt.datetime.fromisoformat(r["diterima"])
                    for r in _rows(folder / "diterima.csv")}
        summaries[name] = compile_quarter(folder, int(tahun), tw, root / "keluar", folder / "daftar_wksbm.csv",
                                          workers=1, received=received)
    return root, summaries


def _planted(root, name, code):
    return {(m["file"], m["sheet"], m["cell"]) for m in _rows(root / "contoh" / f"laporan_{name}" / "mistakes.csv")
            if m["code"] == code}


def _found(root, name, code):
    return {(r["berkas"], r["lembar"], r["sel"]) for r in _rows(root / "keluar" / name / "daftar_temuan.csv", "utf-8-sig")
            if r["kode"] == code}


def test_balances_carry_over_but_for_the_planted_ones(chain):
    root, summaries = chain
    assert _found(root, "2025-T4", "balance-carryover") == set() == _planted(root, "2025-T4", "balance-carryover")
    for name in ("2026-T1", "2026-T2"):
        planted = _planted(root, name, "balance-carryover")
        assert planted and _found(root, name, "balance-carryover") == planted
    assert summaries["2026-T2"].quarters_before == ["2026-T1", "2025-T4"]


def test_planted_outliers_are_found(chain):
    root, _ = chain
    for _, _, name in QUARTERS:
        assert _planted(root, name, "value-outlier") <= _found(root, name, "value-outlier")


def test_late_reports_are_the_counted_ones_received_after_the_deadline(chain):
    root, _ = chain
    for _, _, name in QUARTERS:
        late = {r["berkas"] for r in _rows(root / "contoh" / f"laporan_{name}" / "diterima.csv") if r["terlambat"] == "ya"}
        status = {r["berkas"]: r for r in _rows(root / "keluar" / name / "status_wksbm.csv")}
        counted = {f for f, r in status.items() if r["status"] in ("dihitung", "tidak_terdaftar")}
        assert late & counted
        assert {f for f, _, _ in _found(root, name, "submission-late")} == late & counted
        rekap = {r["indikator"]: float(r["nilai"]) for r in _rows(root / "keluar" / name / "rekap_data.csv")
                 if r["tingkat"] == "kabupaten" and r["indikator"] in ("wksbm_terlambat", "wksbm_tepat_waktu",
                                                                         "wksbm_melapor")}
        assert rekap["wksbm_terlambat"] == len(late & counted)
        assert rekap["wksbm_tepat_waktu"] + rekap["wksbm_terlambat"] == rekap["wksbm_melapor"]
        assert all(r["diterima"] for r in status.values() if r["status"] != "belum_melapor")


@pytest.mark.parametrize("text, want", [
    ("2025-IV..2026-II", [(2025, "IV"), (2026, "I"), (2026, "II")]),
    ("2026-3..2026-3", [(2026, "III")]),
    (" 2025-iv .. 2026-1 ", [(2025, "IV"), (2026, "I")])])
def test_a_chain_of_quarters_is_read(text, want):
    assert parse_quarters(text) == want


@pytest.mark.parametrize("text", ["2026-II..2025-IV", "2026-V..2026-VI", "2020-I..2026-I", "kemarin", "2018-IV..2019-I"])
def test_a_chain_that_cannot_be_is_refused_in_words(text, tmp_path):
    result = CliRunner().invoke(main, ["sample", "--out", str(tmp_path / "x"), "--quarters", text])
    assert result.exit_code == 2 and "Rangkaian triwulan" in result.output and "Traceback" not in result.output
