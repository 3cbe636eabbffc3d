"""The screen hands the reader its own package of the screened parts (stored, and without
the formatted-but-empty rows a template carries below the data): reading it must give
exactly what reading the volunteer's file gives."""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import PatternFill

import hostile_corpus as hc
from hostile_build import single_sheet
from compiler.reader import read_workbook
from compiler.screen import screen

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "sample_workbooks").glob("*.xlsx"))
_ROW = re.compile(rb'<row r="(\d+)"')


def _formatted_below(data: bytes, rows: int = 150) -> bytes:
    """Every worksheet given `rows` formatted empty rows below its last row, as Excel saves
    a template's formatted area; the cells themselves are untouched."""
    zin = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            x = zin.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                last = max(map(int, _ROW.findall(x)), default=0)
                pad = "".join(f'<row r="{k}"><c r="A{k}" s="1"/><c r="B{k}" s="2"/><c r="C{k}" s="1"/></row>'
                              for k in range(last + 1, last + 1 + rows))
                x = x.replace(b"</sheetData>", pad.encode() + b"</sheetData>", 1)
            z.writestr(info, x)
    return out.getvalue()


def _sheet_rows(package: bytes, part: str) -> list[int]:
    return [int(r) for r in _ROW.findall(zipfile.ZipFile(io.BytesIO(package)).read(part))]


def test_formatted_rows_below_the_data_are_not_given_to_the_reader():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Pemasukan"
    ws.append(["No", "Tanggal", "Jumlah (Rp)"])
    ws.append([1, "01/08/2026", 5000])
    ws.append([2, "02/08/2026", 7000])
    for r in range(4, 301):                      # a template's formatted rows, left empty
        for c in range(1, 4):
            ws.cell(r, c).fill = PatternFill("solid", fgColor="FFFFCC")
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    assert max(_sheet_rows(data, hc.SHEET1)) == 300

    verdict = screen(data)
    assert verdict.code is None and verdict.last_rows == {"Pemasukan": 3}
    assert _sheet_rows(verdict.package, hc.SHEET1) == [1, 2, 3]
    assert zipfile.ZipFile(io.BytesIO(verdict.package)).infolist()[0].compress_type == zipfile.ZIP_STORED


def _same_reading(data: bytes) -> int:
    """Assert the package reads like the file; return how many bytes the package left out."""
    verdict = screen(data)
    assert verdict.code is None and verdict.package is not None
    args = ("berkas.xlsx", verdict.error_values, verdict.last_rows)
    assert read_workbook(verdict.package, *args) == read_workbook(data, *args)
    inflated = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    return inflated - len(verdict.package)


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_the_reader_package_reads_like_the_file(path):
    data = path.read_bytes()
    _same_reading(data)
    assert _same_reading(_formatted_below(data)) > 13 * 4096   # every sheet's tail left out


@pytest.mark.parametrize("name", [n for n, c in hc.CASES.items() if c.code is None])
def test_unusual_but_sound_workbooks_read_alike(name):
    _same_reading(hc.CASES[name].build())


@pytest.mark.parametrize("hide", ["<!-- </row> -->", "<?note </row> ?>", "<!-- </c> </row> -->"])
def test_a_row_end_in_a_comment_is_not_taken_for_one(hide):
    """Only empty cells may stand between the last content cell and the cut."""
    rows = "".join(f'<row r="{k}"><c r="A{k}" s="0"/><c r="B{k}" s="0"/></row>' for k in range(3, 300))
    data = single_sheet(f'<row r="1"><c r="A1" t="inlineStr"><is><t>No</t></is></c></row>'
                           f'<row r="2"><c r="A2"><v>7</v></c>{hide}<c r="B2" s="0"/></row>{rows}')
    verdict = screen(data)
    assert verdict.code is None and verdict.last_rows == {"Sheet": 2}
    assert max(_sheet_rows(verdict.package, hc.SHEET1)) == 299
    _same_reading(data)
