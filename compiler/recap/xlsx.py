"""The Excel recap: ready to print on A4 landscape and to sign, with native Excel charts.

One sheet per table, so that every printed page repeats its own title block and column
headers (Excel print titles are one row range per sheet). Numbers stay numbers, formatted
'#,##0' (Excel shows the reader's own thousands separator); names from the reports are
always written as text, never as formulas.

Written with XlsxWriter, about four times faster than openpyxl for these 18 workbooks of
~300 sheets: each cell gets its finished format once, nothing is re-hashed or re-read.
Rows and columns are 1-based here, as in Excel; `Sheet` turns them into XlsxWriter's.
"""
from __future__ import annotations

import io
import math
from pathlib import Path

import xlsxwriter

from compiler.files.atomic import FIXED_TIME, write_bytes
from compiler.files.inert import looks_like_formula
from compiler.recap import trend
from compiler.recap.view import NO_DATA, Fig, Recap, Table
from compiler.recap.format import COLORS, angka, persen  # the same digits as the HTML, for widths

NUMBER, PERCENT = "#,##0", "0%"
BOX = {"border": 1, "border_color": "#444444"}
HEAD = {**BOX, "bold": True, "pattern": 1, "bg_color": "#DCE6F1",
        "align": "center", "valign": "vcenter", "text_wrap": True}
TOTAL = {**BOX, "bold": True, "pattern": 1, "bg_color": "#F0F0F0"}
CENTERED, RIGHT = {"align": "center"}, {"align": "right"}
ROW_CM = 0.53  # a default 15 pt row, for placing things below a chart
PX_PER_CM = 96 / 2.54
SIGNATURE = ("Bantul, ........ 20..", "Kepala Dinas Sosial Kabupaten Bantul", "", "", "",
             "(..............................)", "NIP. .....")
PENDING_HEAD = ("No", "Kalurahan", "Padukuhan", "Nama WKSBM", "Status", "Jumlah Kesalahan")
# Header and footer as openpyxl wrote them before (a space after the size code).
# The recap's date is the latest Tanggal Laporan it holds (so reruns give the same file), not
# the day it was made: said as such.
FOOTER = "&L&8 Data laporan s.d. {dibuat}&R&8 Halaman &P dari &N"


def _box(head: bool = False, total: bool = False) -> dict:
    """Border, and the header or total look."""
    return HEAD if head else TOTAL if total else BOX


class Book:
    """An in-memory XlsxWriter workbook that makes each distinct format only once."""

    def __init__(self):
        self.buf = io.BytesIO()
        self.wb = xlsxwriter.Workbook(self.buf, {"in_memory": True, "strings_to_formulas": False,
                                                 "strings_to_numbers": False, "strings_to_urls": False})
        self._formats: dict = {}

    def fmt(self, look: dict | None):
        if not look:
            return None
        key = tuple(sorted(look.items()))
        f = self._formats.get(key)
        if f is None:
            f = self._formats[key] = self.wb.add_format(look)
        return f

    def sheet(self, name: str) -> Sheet:
        return Sheet(self, name)

    def close(self) -> bytes:
        """Finish the file: fixed document dates (and XlsxWriter's fixed zip times)."""
        self.wb.close()
        return self.buf.getvalue()


class Sheet:
    """One worksheet; also remembers the column widths and the last column used."""

    def __init__(self, book: Book, name: str):
        self.book, self.ws = book, book.wb.add_worksheet(name)
        self.widths: dict[int, float] = {}
        self.ncols = 1

    def text(self, row: int, col: int, text: str, look: dict | None = None) -> None:
        """Text that Excel must never read as a formula (names come from the reports)."""
        if looks_like_formula(text):  # and Excel keeps it text even after the cell is edited
            look = {**(look or {}), "quote_prefix": True}
        self.ws.write_string(row - 1, col - 1, text, self.book.fmt(look))
        self.ncols = max(self.ncols, col)

    def number(self, row: int, col: int, value: float, look: dict) -> None:
        self.ws.write_number(row - 1, col - 1, value, self.book.fmt(look))
        self.ncols = max(self.ncols, col)

    def fig(self, row: int, col: int, f: Fig, look: dict) -> None:
        value = f.share if f.percent else f.value
        if value is None:
            self.text(row, col, "-", {**look, **CENTERED})
        else:
            self.number(row, col, _number(value), {**look, "num_format": PERCENT if f.percent else NUMBER})

    def merge(self, r1: int, c1: int, r2: int, c2: int, look: dict) -> None:
        """Merge a range; write its text afterwards (XlsxWriter blanks the range here)."""
        if (r1, c1) != (r2, c2):
            self.ws.merge_range(r1 - 1, c1 - 1, r2 - 1, c2 - 1, "", self.book.fmt(look))
            self.ncols = max(self.ncols, c2)

    def width(self, col: int, chars: float) -> None:
        """openpyxl stored the bare width, which Excel draws 7 pixels per character wide."""
        self.ws.set_column_pixels(col - 1, col - 1, round(7 * chars))
        self.widths[col] = chars

    def print_titles(self, last_row: int) -> None:
        self.ws.repeat_rows(0, last_row - 1)


def _number(x: float) -> int | float:
    return int(x) if float(x).is_integer() else float(x)


def _title_block(sh: Sheet, recap: Recap, heading: str, subheading: str, ncols: int) -> int:
    """The three title lines, the section and the table title; returns the header row."""
    lines = recap.title_lines + (heading, subheading)
    for r, line in enumerate(lines, start=1):
        look = {"bold": r <= 4, "font_size": 12 if r <= 3 else 11, "align": "center" if r <= 3 else "left"}
        if ncols > 1:
            sh.merge(r, 1, r, ncols, look)
        sh.text(r, 1, line, look)
    return len(lines) + 2


def _widths(sh: Sheet, columns: list[list[str]], minimum_total: int = 84) -> list[int]:
    """Column widths that fit their text, widened evenly so the merged title lines fit."""
    widths = [min(16 if i else 64, max(10, *(len(t) + 2 for t in col))) for i, col in enumerate(columns)]
    short = minimum_total - sum(widths)
    if short > 0:  # spread what the title needs over the number columns
        n = max(1, len(widths) - 1)
        widths = widths[:1] + [w + math.ceil(short / n) for w in widths[1:]] if len(widths) > 1 \
            else [widths[0] + short]
    for i, w in enumerate(widths, start=1):
        sh.width(i, w)
    return widths


def _header_height(sh: Sheet, row: int, labels: list[str], widths: list[int]) -> None:
    lines = max(math.ceil(len(t) / max(1, w - 2)) for t, w in zip(labels, widths))
    sh.ws.set_row(row - 1, 15 * max(1, min(lines, 4)))


def _write_table(sh: Sheet, recap: Recap, heading: str, t: Table) -> tuple[int, int, int]:
    """The table; returns (header row, first data row, next free row)."""
    ncols = 1 + len(t.columns)
    row = _title_block(sh, recap, heading, t.title, ncols)
    covered = sum(span for _, span in t.groups)
    if t.groups:
        top, col = row, 2
        for label, span in t.groups:
            sh.merge(top, col, top, col + span - 1, HEAD)
            sh.text(top, col, label, HEAD)
            col += span
        for c in range(1, ncols + 1):
            if c == 1 or c > 1 + covered:  # one label over both header rows
                sh.merge(top, c, top + 1, c, HEAD)
                sh.text(top, c, t.corner if c == 1 else t.columns[c - 2], HEAD)
        row += 1
    else:
        sh.text(row, 1, t.corner, HEAD)
    for c, label in enumerate(t.columns[:covered] if t.groups else t.columns, start=2):
        sh.text(row, c, label, HEAD)
    header = row
    sh.print_titles(header)
    first = header + 1
    for r, data in enumerate(t.rows, start=first):
        look = _box(total=data.total)
        sh.text(r, 1, data.label, look)
        for c, f in enumerate(data.figs, start=2):
            sh.fig(r, c, f, look)
    row = first + len(t.rows)
    texts = [[t.corner] + [r.label for r in t.rows]] + [
        [w for w in t.columns[i].split()] + [persen(r.figs[i].share) if r.figs[i].percent
                                             else angka(r.figs[i].value) for r in t.rows]
        for i in range(len(t.columns))]
    widths = _widths(sh, texts)
    _header_height(sh, header, [t.corner] + list(t.columns), widths)
    sh.ws.freeze_panes(first - 1, 1)
    if t.note:
        sh.text(row, 1, f"Catatan: {t.note}", {"italic": True, "font_size": 9})
        row += 1
    return header, first, row + 1


def _chart(sh: Sheet, data: Sheet, t: Table, header: int, first: int) -> int:
    """A native bar chart of the table's area rows on its own sheet, so it prints whole."""
    spec = t.chart
    areas = sum(1 for r in t.rows if not r.total)
    last = first + areas - 1
    height = min(15.0, 5 + areas * (0.5 if spec.stacked else 0.8))  # cm
    ch = sh.book.wb.add_chart({"type": "bar", "subtype": "stacked"} if spec.stacked else {"type": "bar"})
    ch.set_title({"name": spec.title})
    colors = COLORS[:3] if spec.stacked else COLORS[3:]
    name = data.ws.name
    for n, i in enumerate(spec.columns):
        series = {"name": [name, header - 1, i + 1],
                  "categories": [name, first - 1, 0, last - 1, 0],
                  "values": [name, first - 1, i + 1, last - 1, i + 1]}
        if n < len(colors):
            series.update(fill={"color": colors[n]}, border={"color": colors[n]})
        if spec.stacked and n == 0:
            series["overlap"] = 100
        ch.add_series(series)
    # In a bar chart XlsxWriter's x axis is the value axis and y the category axis.
    ch.set_x_axis({"num_format": NUMBER, "major_tick_mark": "none"})
    ch.set_y_axis({"reverse": True, "major_tick_mark": "none"})  # first area on top, as in the table
    ch.set_legend({"position": "bottom"})
    ch.set_size({"width": round(25 * PX_PER_CM), "height": round(height * PX_PER_CM)})
    sh.ws.insert_chart(6, 0, ch)
    sh.ws.fit_to_pages(1, 1)  # the whole chart on one page
    return 7 + math.ceil(height / ROW_CM) + 1


def _page(sh: Sheet, recap: Recap) -> None:
    ws = sh.ws
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.center_horizontally()
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.set_header("", {"margin": 0.2})
    ws.set_footer(FOOTER.format(dibuat=recap.dibuat.replace("&", "&&")), {"margin": 0.3})


def _pending(sh: Sheet, recap: Recap) -> int:
    """The WKSBM of the recap's area that have not reported or must correct (with their
    kapanewon in the kabupaten recap); returns the next row."""
    wide = recap.scope == "kabupaten"
    head = PENDING_HEAD[:1] + ("Kapanewon",) * wide + PENDING_HEAD[1:]
    header = _title_block(sh, recap, "1. Status Pelaporan",
                          "Daftar WKSBM yang belum melapor atau perlu perbaikan", len(head))
    for c, label in enumerate(head, start=1):
        sh.text(header, c, label, HEAD)
    sh.print_titles(header)
    sh.ws.freeze_panes(header, 0)
    items = [(i,) + ((p.kapanewon or "-",) if wide else ()) + (p.kalurahan, p.padukuhan, p.nama_wksbm, p.status,
                                                               p.jumlah_error)
             for i, p in enumerate(recap.pending, start=1)]
    for r, item in enumerate(items, start=header + 1):
        for c, value in enumerate(item, start=1):
            if c not in (1, len(head)):
                sh.text(r, c, value, BOX)
            elif value is None:
                sh.text(r, c, "-", {**BOX, **CENTERED, "num_format": NUMBER})
            else:
                sh.number(r, c, int(value), {**BOX, **RIGHT, "num_format": NUMBER})
    row = header + 1 + len(items)
    if not items:
        sh.text(row, 1, "Tidak ada WKSBM yang tercatat belum melapor atau perlu perbaikan.")
        row += 1
    cols = [[h] + ["-" if x is None else str(x) for x in col]
            for h, col in zip(head, zip(*items) if items else [()] * len(head))]
    _header_height(sh, header, list(head), _widths(sh, cols))
    return row + 1


def _signature(sh: Sheet, row: int) -> None:
    """The signature block, right-aligned under the last table of the workbook."""
    col = sh.ncols
    room = sh.widths.get(col) or 10
    while col > 1 and room < 40:
        col -= 1
        room += sh.widths.get(col) or 10
    for r, line in enumerate(SIGNATURE, start=row):
        if line:
            sh.text(r, col, line)


def build_workbook(recap: Recap) -> bytes:
    """The recap workbook, as the bytes of an .xlsx file."""
    book = Book()
    book.wb.set_properties({"title": f"{recap.title_lines[0]} - {recap.title_lines[2]}",
                            "author": "wksbm", "created": FIXED_TIME})
    sh, row = None, 1
    for s in recap.sections:
        for t in s.tables:
            sh = book.sheet(t.sheet)
            _page(sh, recap)
            header, first, row = _write_table(sh, recap, f"{s.number}. {s.title}", t)
            if s.number == 1 and not recap.has_data:
                sh.text(row, 1, NO_DATA, {"bold": True, "font_size": 11})
                row += 2
            if t.chart:
                data, sh = sh, book.sheet(f"{t.sheet} Grafik")
                _page(sh, recap)
                for c in range(1, 12):
                    sh.width(c, 12)
                _title_block(sh, recap, f"{s.number}. {s.title}", f"Grafik: {t.chart.title}", 11)
                sh.print_titles(5)
                row = _chart(sh, data, t, header, first)
        if s.number == 1:
            sh = book.sheet("1b Daftar WKSBM")
            _page(sh, recap)
            row = _pending(sh, recap)
    if recap.trend is not None:   # the quarters before: one sheet of its own (compiler.recap.trend)
        sh = book.sheet(trend.SHEET)
        _page(sh, recap)
        row = trend.write_xlsx(sh, recap.trend, _title_block(sh, recap, trend.HEADING, trend.TITLE, 8))
    _signature(sh, row + 1)
    return book.close()


def write_xlsx(recap: Recap, path: Path) -> Path:
    return write_bytes(path, build_workbook(recap))
