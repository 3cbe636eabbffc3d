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
from python_calamine import CalamineWorkbook

from tests.helpers import hostile_corpus as hc
from tests.helpers.hostile_build import member, rewrite, set_sheet_xml, single_sheet
from compiler.read.reader import read_workbook
from compiler.screen.gate import screen

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "sample_workbooks").glob("*.xlsx"))
_ROW = re.compile(rb'<row r="(\d+)"')


@pytest.fixture(autouse=True)
def _any_cut_builds_a_package(monkeypatch, request):
    """The package is built only when it leaves out enough to pay for itself; the tests of
    what it holds take it for any cut."""
    if "threshold" not in request.node.name:
        from compiler.screen import package as screen_package
        monkeypatch.setattr(screen_package, "MIN_CUT_BYTES", 0)


def _formatted_below(data: bytes, rows: int = 150) -> bytes:
    """Every worksheet given `rows` formatted empty rows below its last row, as Excel saves
    a template's formatted area; the cells themselves are untouched."""
    padded = {}
    for name in zipfile.ZipFile(io.BytesIO(data)).namelist():
        if name.startswith("xl/worksheets/sheet"):
            x = member(data, name)
            last = max(map(int, _ROW.findall(x)), default=0)
            pad = "".join(f'<row r="{k}"><c r="A{k}" s="1"/><c r="B{k}" s="2"/><c r="C{k}" s="1"/></row>'
                          for k in range(last + 1, last + 1 + rows))
            padded[name] = x.replace(b"</sheetData>", pad.encode() + b"</sheetData>", 1)
    return rewrite(data, padded)


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


def _cells(data: bytes, last_rows: dict) -> dict:
    """What calamine reads from every sheet, up to the screen's last content row."""
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    out = {}
    for name in book.sheet_names:
        try:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception as exc:  # noqa: BLE001 - the failure itself is compared
            out[name] = type(exc).__name__
        else:
            out[name] = rows[:last_rows.get(name, len(rows))]
    return out


def _same_reading(data: bytes) -> int:
    """Assert the package reads like the file, sheet by sheet and through the reader; return
    how many bytes the package left out."""
    verdict = screen(data)
    assert verdict.code is None and verdict.package is not None
    assert _cells(verdict.package, verdict.last_rows) == _cells(data, verdict.last_rows)
    args = ("berkas.xlsx", verdict.error_values, verdict.last_rows)
    assert read_workbook(verdict.package, *args) == read_workbook(data, *args)
    inflated = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    return inflated - len(verdict.package)


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_the_reader_package_reads_like_the_file(path):
    data = path.read_bytes()
    _same_reading(data)
    assert _same_reading(_formatted_below(data)) > 13 * 4096   # every sheet's tail left out


# calamine reads a UTF-16 sheet as empty (the package holds it in UTF-8, below), and refuses a
# member whose declared size is wrong (the package holds it stored, with its true size)
_TRANSCODED = ("utf16_part",)
_REPAIRED = _TRANSCODED + ("size_declared_wrong",)


@pytest.mark.parametrize("name", [n for n, c in hc.CASES.items()
                                  if c.code is None and not c.calamine_aborts and n not in _REPAIRED])
def test_unusual_but_sound_workbooks_read_alike(name):
    """(A file on which calamine aborts cannot be read here: test_screen reads its package apart.)"""
    _same_reading(hc.CASES[name].build())


@pytest.mark.parametrize("name", _TRANSCODED)
def test_a_utf16_sheet_is_handed_to_the_reader_in_utf8(name):
    data = hc.CASES[name].build()
    verdict = screen(data)
    assert verdict.code is None and verdict.package is not None
    assert _cells(data, verdict.last_rows)["Identitas"] == []          # calamine alone sees nothing
    assert ["Kapanewon", "Sewon"] in _cells(verdict.package, verdict.last_rows)["Identitas"]


_PAD = "".join(f'<row r="{k}"><c r="A{k}" s="0"/><c r="B{k}" s="0"/></row>' for k in range(4, 300))
_TWO_ROWS = '<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>'


@pytest.mark.parametrize("cells", [
    _TWO_ROWS + '<!-- <c r="A3"><v>9</v></c></row> -->' + _PAD,
    _TWO_ROWS + '<?note <c r="A3"><v>9</v></c></row> ?>' + _PAD,
    '<row r="1"><c r="A1"><v>1</v></c><![CDATA[<c r="A3"><v>9</v></c></row>]]></row>' + _PAD,
    '<row r="2"><c r="A2"><v>7</v></c><!-- </row> --><c r="B2" s="0"/></row>' + _PAD,
    '<row r="2"><c r="A2"><v>7</v></c><?note </row> ?><c r="B2" s="0"/></row>' + _PAD,
], ids=["cell-in-comment", "cell-in-instruction", "cell-in-cdata", "row-end-in-comment",
        "row-end-in-instruction"])
def test_a_tag_inside_a_comment_or_instruction_is_never_a_cut(cells):
    """A "</c>" or "</row>" in a comment, CDATA or instruction is text: no cut is made there."""
    data = single_sheet(cells)
    verdict = screen(data)
    assert verdict.code is None
    assert max(_sheet_rows(verdict.package, hc.SHEET1)) == 299
    _same_reading(data)


def test_an_empty_sheet_with_formatted_rows_is_given_empty():
    data = single_sheet(_PAD)
    verdict = screen(data)
    assert verdict.code is None and verdict.last_rows == {"Sheet": 0}
    assert _sheet_rows(verdict.package, hc.SHEET1) == []
    _same_reading(data)


def test_a_sheet_data_tag_in_a_comment_is_not_the_cut():
    data = set_sheet_xml(single_sheet(_PAD), hc.SHEET1,
                         lambda s: s.replace("<sheetData>", "<!-- <sheetData> --><sheetData>"))
    verdict = screen(data)
    assert verdict.code is None and max(_sheet_rows(verdict.package, hc.SHEET1)) == 299
    _same_reading(data)


def test_a_prefixed_sheet_with_formatted_rows_reads_alike():
    prefixed = ('<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
                + (_TWO_ROWS + _PAD).replace("<", "<x:").replace("<x:/", "</x:")
                + "</x:sheetData></x:worksheet>")
    data = rewrite(single_sheet(""), {hc.SHEET1: prefixed.encode()})
    verdict = screen(data)
    assert verdict.code is None and verdict.last_rows == {"Sheet": 2}
    _same_reading(data)


def test_threshold_a_package_only_when_it_leaves_out_enough():
    """A workbook with little or no formatted tail is read from the file: building the
    package would cost more than the reader saves."""
    from compiler.screen.package import MIN_CUT_BYTES

    data = SAMPLES[0].read_bytes()
    assert screen(data).code is None and screen(data).package is None
    small = screen(_formatted_below(data, rows=2))
    assert small.code is None and small.package is None
    padded = _formatted_below(data)
    verdict = screen(padded)
    assert verdict.code is None and verdict.package is not None
    inflated = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(padded)).infolist())
    assert inflated - len(verdict.package) > MIN_CUT_BYTES


@pytest.mark.parametrize("trouble", ["too-big", "write-fails"])
def test_without_a_package_the_reader_reads_the_file(monkeypatch, trouble):
    """A package that cannot be built (too large, or writing it fails) never rejects a sound file."""
    from compiler.screen import package as screen_package

    if trouble == "too-big":
        monkeypatch.setattr(screen_package, "MAX_READER_BYTES", 10)
    else:
        def boom(*args, **kwargs):
            raise ValueError("cannot write")
        monkeypatch.setattr(zipfile.ZipFile, "writestr", boom)
    verdict = screen(SAMPLES[0].read_bytes())
    assert verdict.code is None and verdict.package is None and verdict.last_rows
