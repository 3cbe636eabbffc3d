"""Text that looks like a formula in an input comes out inert in every CSV and XLSX we write."""
from __future__ import annotations

import csv
import zipfile

from click.testing import CliRunner

from tests.helpers.builder import Book
from compiler.cli import main
from compiler.files.inert import csv_text, looks_like_formula

EVIL = '=HYPERLINK("http://contoh.invalid","klik")'


def test_csv_rule_keeps_ordinary_values_readable():
    assert csv_text("=1+1") == "'=1+1"
    assert csv_text("@SUM(A1)") == "'@SUM(A1)"
    assert csv_text("+62 812-3456-7890") == "'+62 812-3456-7890"
    assert csv_text("-") == "-"
    assert csv_text("-1500") == "-1500"
    assert csv_text("Depok") == "Depok"
    assert not looks_like_formula("1.500.000")


def _formulas(path) -> list[bytes]:
    """Every formula element in every part of an xlsx."""
    with zipfile.ZipFile(path) as z:
        return [part for name in z.namelist() if name.endswith(".xml")
                for part in z.read(name).split(b"<f")[1:]]


def test_formula_looking_values_stay_text_everywhere(tmp_path):
    inp = tmp_path / "masuk"
    inp.mkdir()
    book = Book()
    book.set("Identitas", 0, "Padukuhan", EVIL)
    book.set("Buku Tamu", 0, "Tanggal", "=1+2")  # a type-date error whose value is echoed back
    book.write(inp / "jahat.xlsx")
    Book().write(inp / "baik.xlsx")
    out = tmp_path / "keluar"
    result = CliRunner().invoke(main, ["compile", str(inp), "--tahun", "2026", "--triwulan", "III",
                                       "--out", str(out), "--workers", "1"])
    assert result.exit_code == 1, result.output
    folder = out / "2026-T3"
    with open(folder / "daftar_temuan.csv", encoding="utf-8-sig", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["berkas"] == "jahat.xlsx"]
    assert rows and all(r["padukuhan"] == "'" + EVIL for r in rows)
    assert any(r["nilai"] == "'=1+2" for r in rows)
    xlsx = sorted(folder.glob("*.xlsx")) + sorted((folder / "perbaikan").glob("*.xlsx"))
    assert len(xlsx) >= 3
    for path in xlsx:
        assert not any(b"HYPERLINK" in f or b"1+2" in f for f in _formulas(path)), path.name
    with zipfile.ZipFile(folder / "daftar_temuan.xlsx") as z:
        assert b"HYPERLINK" in b"".join(z.read(n) for n in z.namelist())  # present, as text
