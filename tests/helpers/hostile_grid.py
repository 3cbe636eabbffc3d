"""Hostile cases in the grid: too many sheets or cells, references outside Excel's grid,
style and shared-string bombs, bad numbers; and the styled-empty-rows workbook that must pass.

Each builder returns the file's bytes; `hostile_corpus.CASES` says what the screen must answer.
"""
from __future__ import annotations

import functools
import re
from typing import Callable

from tests.helpers.hostile_build import (MAIN_NS, SHEET1, base_workbook, member, rewrite, set_sheet_xml, sheet_with_shared,
                           single_sheet)

def _many_sheets(n: int) -> bytes:
    data = single_sheet('<row r="1"><c r="A1"><v>1</v></c></row>')
    sheet = member(data, SHEET1)
    wb = (f'<workbook xmlns="{MAIN_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
          'relationships"><sheets>' + "".join(f'<sheet name="S{i}" sheetId="{i}" r:id="rId{i}"/>'
                                              for i in range(1, n + 1)) + "</sheets></workbook>")
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/'
                      f'2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>' for i in range(1, n + 1))
            + "</Relationships>")
    return rewrite(data, {"xl/workbook.xml": wb.encode(), "xl/_rels/workbook.xml.rels": rels.encode()},
                   add={f"xl/worksheets/sheet{i}.xml": sheet for i in range(2, n + 1)})


def sheets_3000() -> bytes:
    return _many_sheets(3000)


def sheets_301() -> bytes:
    return _many_sheets(301)


def dimension_bomb() -> bytes:
    """A tiny sheet declaring <dimension ref="A1:XFD1048576"/>: the declaration is ignored."""
    return set_sheet_xml(base_workbook(), SHEET1,
                         lambda s: re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:XFD1048576"/>', s))


def cell_at_xfd1048576() -> bytes:
    return single_sheet('<row r="1"><c r="A1"><v>1</v></c></row>'
                        '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')


def cell_col_xfe() -> bytes:
    return single_sheet('<row r="1"><c r="A1"><v>1</v></c><c r="XFE1"><v>2</v></c></row>')


def cell_row_1048577() -> bytes:
    return single_sheet('<row r="1"><c r="A1"><v>1</v></c></row><row r="1048577"><c r="A1048577"><v>2</v></c></row>')


def empty_cell_out_of_grid() -> bytes:
    return single_sheet('<row r="1"><c r="A1"><v>1</v></c><c r="XFE1" s="0"/></row>')


def malformed_ref() -> bytes:
    return single_sheet('<row r="1"><c r="1A"><v>1</v></c></row>')


def far_corner_data() -> bytes:
    """A1 and XFC1048575 both hold values: in the grid, but calamine would allocate the
    whole 17-billion-cell rectangle."""
    return single_sheet('<row r="1"><c r="A1"><v>1</v></c></row>'
                        '<row r="1048575"><c r="XFC1048575"><v>1</v></c></row>')


def stray_value_far_down() -> bytes:
    return single_sheet('<row r="1"><c r="A1"><v>1</v></c></row><row r="1048575"><c r="A1048575"><v>1</v></c></row>')


def styles_bomb() -> bytes:
    """1,000,000 cell formats in styles.xml."""
    styles = member(base_workbook(), "xl/styles.xml").decode()
    xfs = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' * 1_000_000
    styles = re.sub(r"<cellXfs[^>]*>.*?</cellXfs>", f'<cellXfs count="1000000">{xfs}</cellXfs>', styles, flags=re.S)
    return rewrite(base_workbook(), {"xl/styles.xml": styles.encode()})


def styles_many_xf_small() -> bytes:
    """60,000 compact formats: under the size cap, over the count cap."""
    styles = member(base_workbook(), "xl/styles.xml").decode()
    styles = re.sub(r"<cellXfs[^>]*>.*?</cellXfs>", '<cellXfs count="60000">' + "<xf/>" * 60_000 + "</cellXfs>",
                    styles, flags=re.S)
    return rewrite(base_workbook(), {"xl/styles.xml": styles.encode()})


def sst_amplification() -> bytes:
    return sheet_with_shared('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', ["a", "b"],
                             unique_count=4294967295, count=4294967295)


def sst_index_out_of_range() -> bytes:
    return sheet_with_shared('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>5</v></c></row>', ["a", "b"])


def sst_index_negative() -> bytes:
    return sheet_with_shared('<row r="1"><c r="A1" t="s"><v>-1</v></c></row>', ["a", "b"])


def sst_missing() -> bytes:
    return single_sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')


def sst_ok() -> bytes:
    return sheet_with_shared('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>', ["a", "b"])


def non_finite(value: str) -> Callable[[], bytes]:
    def build() -> bytes:
        return single_sheet(f'<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>{value}</v></c></row>')
    build.__name__ = f"non_finite_{value}"
    return build


def non_finite_single_quotes() -> bytes:
    """The same, in a form that takes the slow path (single-quoted attributes)."""
    return single_sheet("<row r='1'><c r='A1'><v>1</v></c><c r='B1' t='n'><v>NaN</v></c></row>")


def mixed_prefix_hidden_cell() -> bytes:
    """A cell in a foreign-prefixed element: calamine still reads it (it matches local names)."""
    return single_sheet('<row r="1"><c r="A1"><v>1</v></c><y:c xmlns:y="urn:y" r="XFC1048575"><y:v>7</y:v></y:c></row>')


@functools.lru_cache(maxsize=None)
def styled_rows_200k() -> bytes:
    """A real workbook (openpyxl) whose Pemasukan sheet carries 200,000 styled but empty
    rows after its 21 data rows, the way Excel writes pre-formatted template rows: half as
    row-level formats, half as rows of styled empty cells."""
    data = base_workbook()
    name = "xl/worksheets/sheet2.xml"

    def grow(xml: str) -> str:
        parts = []
        for r in range(22, 200_022):
            if r % 2:
                parts.append(f'<row r="{r}" spans="1:6" s="1" customFormat="1"/>')
            else:
                parts.append(f'<row r="{r}" spans="1:6">' + "".join(f'<c r="{c}{r}" s="1"/>' for c in "ABCDEF")
                             + "</row>")
        return xml.replace("</sheetData>", "".join(parts) + "</sheetData>")
    return set_sheet_xml(data, name, grow)


# Sheets that made the scan itself slow: a regex that backtracked over a long digit run,
# or rescanned the rest of the sheet for every unclosed element (minutes to hours).
def long_number_text() -> bytes:
    """A numeric cell holding a million digits and then a letter."""
    return single_sheet(f'<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>{"1" * 1_000_000}x</v></c></row>')


def unopened_inline_strings() -> bytes:
    """30,000 cells closing an <is> they never opened, and a value in the far corner."""
    rows = "".join(f'<row r="{r}"><c r="A{r}"></is></c></row>' for r in range(1, 30_001))
    return single_sheet(rows + '<row r="1048575"><c r="XFC1048575"><v>1</v></c></row>')


def unclosed_values() -> bytes:
    """20,000 cells without references, each opening a <v> and nothing closed."""
    return single_sheet('<row>' + "<c><v>1" * 20_000)


def unclosed_tags() -> bytes:
    """A value in the far corner, then 90,000 '<c ' that never end."""
    return single_sheet('<row r="1048575"><c r="XFC1048575"><v>1</v></c></row>' + "<c " * 90_000)
