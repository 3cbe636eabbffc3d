"""The Excel recap: a report that prints on A4 in a few pages and is signed, with native charts.

A sheet per group of sections (SHEETS), their tables one below the other and each chart below
its table, page breaks placed so that none is split (`xlsx_pages`); the title block repeats on
every page, and the list of WKSBM to follow up repeats its column headers. Numbers stay
numbers, formatted '#,##0' (Excel shows the reader's own thousands separator); names from the
reports are always written as text, never as formulas.

Written with XlsxWriter, about four times faster than openpyxl for these 18 workbooks: each
cell gets its finished format once, nothing is re-hashed or re-read. Rows and columns are 1-based here, as in Excel; `Sheet` turns them into XlsxWriter's.
"""
from __future__ import annotations

import io
import math
from pathlib import Path

import xlsxwriter

from compiler.files.atomic import FIXED_TIME, write_bytes
from compiler.files.inert import looks_like_formula
from compiler.files.paper import CHAR_PT, LINE_PT, height, landscape
from compiler.recap import trend, xlsx_chart, xlsx_pages
from compiler.recap.view import NO_DATA, Fig, Recap, Section, Table
from compiler.recap.format import angka, persen  # the same digits as the HTML, for widths

NUMBER, PERCENT = "#,##0", "0%"
BOX = {"border": 1, "border_color": "#444444"}
HEAD = {**BOX, "bold": True, "pattern": 1, "bg_color": "#DCE6F1",
        "align": "center", "valign": "vcenter", "text_wrap": True}
TOTAL = {**BOX, "bold": True, "pattern": 1, "bg_color": "#F0F0F0"}
CENTERED, RIGHT = {"align": "center"}, {"align": "right"}
SIGNATURE = ("Bantul, ........ 20..", "Kepala Dinas Sosial Kabupaten Bantul", "", "", "",
             "(..............................)", "NIP. .....")
NOTE = {"italic": True, "font_size": 9, "text_wrap": True, "valign": "top"}
LABEL_MAX = 45   # characters of the label column; a longer label wraps
WIDE = 10        # a table with more figure columns gets upright headers
# The sheet each section prints on: sections that are short share one, so that a kapanewon's
# recap is a report of a few pages, not a table a page.
SHEETS = {1: "1 Status", 2: "2 Dana", 3: "3 Kegiatan", 4: "4 PPKS", 5: "5-7 PSKS Donatur Jejaring",
          6: "5-7 PSKS Donatur Jejaring", 7: "5-7 PSKS Donatur Jejaring", 8: "8 Administrasi"}
PENDING_SHEET = "1b Daftar WKSBM"
PENDING_HEAD = ("No", "Kalurahan", "Padukuhan", "Nama WKSBM", "Status", "Jumlah Kesalahan")
# Header and footer as openpyxl wrote them before (a space after the size code).
# The recap's date is the latest Tanggal Laporan of the reports counted in its area (so reruns
# give the same file), not the day it was made: said as such.
FOOTER = "&L&8 {left}&R&8 Halaman &P dari &N"
NOTHING_COUNTED = "Belum ada laporan yang dihitung"   # an area without a counted report has no date


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
        self.heights: dict[int, float] = {}
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

    def height(self, row: int, points: float) -> None:
        """A row's height, remembered for placing the page breaks."""
        self.ws.set_row(row - 1, points)
        self.heights[row] = points

    def print_titles(self, last_row: int) -> None:
        self.ws.repeat_rows(0, last_row - 1)


def _number(x: float) -> int | float:
    return int(x) if float(x).is_integer() else float(x)


def _title_block(sh: Sheet, recap: Recap, lines: tuple[str, ...], ncols: int) -> int:
    """The three title lines and the section heading (repeated on every printed page);
    returns the next row."""
    for r, line in enumerate(recap.title_lines + lines, start=1):
        look = {"bold": r <= 4, "font_size": 12 if r <= 3 else 11, "align": "center" if r <= 3 else "left"}
        if ncols > 1:
            sh.merge(r, 1, r, ncols, look)
        sh.text(r, 1, line, look)
    return len(recap.title_lines) + len(lines) + 1


def _texts(t: Table) -> list[list[str]]:
    """Each column's texts as printed: the label column, then each figure column."""
    return [[t.corner] + [r.label for r in t.rows]] + [
        [persen(r.figs[i].share) if r.figs[i].percent else angka(r.figs[i].value) for r in t.rows]
        for i in range(len(t.columns))]


def _upright(t: Table) -> bool:
    """Headers written upwards, as the HTML does: a column per area of a kabupaten (18)."""
    return len(t.columns) > WIDE


def _column_widths(tables: list[Table], minimum_total: int = 84) -> list[float]:
    """One set of widths for the tables stacked on a sheet: the label column fits the longest
    label (up to LABEL_MAX, longer ones wrap), a figure column its longest number and the
    longest word of its header (an upright header: the number only)."""
    n = 1 + max(len(t.columns) for t in tables)
    widths = [10.0] + [0.0] * (n - 1)
    for t in tables:
        texts = _texts(t)
        widths[0] = max(widths[0], min(LABEL_MAX, max(len(x) + 2 for x in texts[0])))
        for i, col in enumerate(texts[1:], start=1):
            words = [] if _upright(t) else t.columns[i - 1].split()
            need = max([len(x) + 2 for x in col + words] + [7 if _upright(t) else 9])
            widths[i] = max(widths[i], min(18, need))
    short = minimum_total - sum(widths)
    if short > 0 and n > 1:   # the title lines need room: spread it over the figure columns
        widths = widths[:1] + [w + math.ceil(short / (n - 1)) for w in widths[1:]]
    return widths


def _write_table(sh: Sheet, row: int, t: Table, widths: list[float]) -> tuple[int, int, int]:
    """The table's title, header and rows from `row`; returns (header row, first data row,
    next free row). Every row's height holds its wrapped text."""
    ncols = 1 + len(t.columns)
    sh.text(row, 1, t.title, {"bold": True, "font_size": 10})
    sh.height(row, LINE_PT)
    row += 1
    covered = sum(span for _, span in t.groups)
    upright = _upright(t)
    head = {**HEAD, "rotation": 90} if upright else HEAD
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
        sh.height(top, height((label, sum(widths[1:1 + span])) for label, span in t.groups))
        row += 1
    else:
        sh.text(row, 1, t.corner, HEAD)
    for c, label in enumerate(t.columns[:covered] if t.groups else t.columns, start=2):
        sh.text(row, c, label, head)
    if upright:
        sh.height(row, max(LINE_PT, 6 + CHAR_PT * max(len(c) for c in t.columns)))
    else:
        sh.height(row, height(zip((t.corner,) + t.columns, widths)))
    header, first = row, row + 1
    for r, data in enumerate(t.rows, start=first):
        look = {**_box(total=data.total), "text_wrap": True, "valign": "top"}
        sh.text(r, 1, data.label, look)
        for c, f in enumerate(data.figs, start=2):   # at the top of a row its wrapped label makes taller
            sh.fig(r, c, f, {**_box(total=data.total), "valign": "top"})
        sh.height(r, height([(data.label, widths[0])]))
    row = first + len(t.rows)
    if t.note:
        note = f"Catatan: {t.note}"
        sh.merge(row, 1, row, ncols, NOTE)
        sh.text(row, 1, note, NOTE)
        sh.height(row, height([(note, sum(widths[:ncols]) * 1.1)]))
        row += 1
    return header, first, row + 1


def _page(sh: Sheet, recap: Recap, title_rows: int, wide: bool) -> None:
    """A4, one page wide, the title block (and a list's header) on every page; landscape for a
    wide sheet, upright for a narrow one (more of it on a page: `paper.landscape`)."""
    ws = sh.ws
    if wide:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.center_horizontally()
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.set_header("", {"margin": 0.2})
    left = f"Data laporan s.d. {recap.dibuat}" if recap.dibuat else NOTHING_COUNTED
    ws.set_footer(FOOTER.format(left=left.replace("&", "&&")), {"margin": 0.3})
    sh.print_titles(title_rows)


def _pending(sh: Sheet, recap: Recap) -> int:
    """The WKSBM of the recap's area that have not reported or must correct (with their
    kapanewon in the kabupaten recap); returns the next row."""
    wide = recap.scope == "kabupaten"
    head = PENDING_HEAD[:1] + ("Kapanewon",) * wide + PENDING_HEAD[1:]
    items = [(i,) + ((p.kapanewon or "-",) if wide else ()) + (p.kalurahan, p.padukuhan, p.nama_wksbm, p.status,
                                                               p.jumlah_error)
             for i, p in enumerate(recap.pending, start=1)]
    cols = [[h] + ["-" if x is None else str(x) for x in col]
            for h, col in zip(head, zip(*items) if items else [()] * len(head))]
    # a name fits whole (40 characters and more); longer ones wrap
    widths = [min(LABEL_MAX, max([6 if c == 0 else 10] + [len(t) + 2 for t in (col if c else col[1:])]))
              for c, col in enumerate(cols)]
    short = 84 - sum(widths)
    if short > 0:
        widths[-3] += short   # the names' column takes what the title needs
    for c, w in enumerate(widths, start=1):
        sh.width(c, w)
    header = _title_block(sh, recap, ("1. Status Pelaporan", "Daftar WKSBM yang belum melapor atau perlu perbaikan"),
                          len(head)) + 1
    for c, label in enumerate(head, start=1):
        sh.text(header, c, label, HEAD)
    sh.height(header, height(zip(head, widths)))
    _page(sh, recap, header, landscape(widths))
    sh.ws.freeze_panes(header, 0)
    wrap = {**BOX, "text_wrap": True, "valign": "top"}
    for r, item in enumerate(items, start=header + 1):
        for c, value in enumerate(item, start=1):
            if c not in (1, len(head)):
                sh.text(r, c, value, wrap)
            elif value is None:
                sh.text(r, c, "-", {**BOX, **CENTERED, "valign": "top", "num_format": NUMBER})
            else:
                sh.number(r, c, int(value), {**BOX, **RIGHT, "valign": "top", "num_format": NUMBER})
        sh.height(r, height((str(v), w) for v, w in zip(item, widths)))
    row = header + 1 + len(items)
    if not items:
        sh.text(row, 1, "Tidak ada WKSBM yang tercatat belum melapor atau perlu perbaikan.")
        row += 1
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


def _section_sheet(book: Book, recap: Recap, name: str, sections: list[Section], last: bool) -> None:
    """Sections' tables one below the other on one sheet, each chart below its table."""
    sh = book.sheet(name)
    tables = [t for s in sections for t in s.tables]
    widths = _column_widths(tables)
    for c, w in enumerate(widths, start=1):
        sh.width(c, w)
    heading = ", ".join(f"{s.number}. {s.title}" for s in sections)
    row = _title_block(sh, recap, (heading,), len(widths))
    wide = landscape(widths)
    _page(sh, recap, row - 1, wide)
    pages = xlsx_pages.Pages(sh, widths, row - 1, wide)
    for s in sections:
        for t in s.tables:
            start = row
            header, first, row = _write_table(sh, row, t, widths)
            if s.number == 1 and not recap.has_data:
                sh.text(row, 1, NO_DATA, {"bold": True, "font_size": 11})
                row += 2
            if t.chart:   # below its table, smaller to stay on the table's page (8 cm at least)
                cm = xlsx_chart.chart_cm(t)
                room = pages.left(pages.tall(start, row)) - 2 * LINE_PT
                if room < cm / xlsx_chart.ROW_CM * LINE_PT:
                    if room >= 8 / xlsx_chart.ROW_CM * LINE_PT:
                        cm = room / LINE_PT * xlsx_chart.ROW_CM
                    else:   # too little room left: the chart goes on a page of its own
                        pages.block(start, row)
                        start = row
                row = xlsx_chart.draw(sh, t, header, first, row, widths, cm) + 1
            if last and t is tables[-1]:
                _signature(sh, row)
                row += len(SIGNATURE) + 1
            pages.block(start, row)
    pages.close()


def build_workbook(recap: Recap) -> bytes:
    """The recap workbook, as the bytes of an .xlsx file: a sheet per group of sections
    (SHEETS), the list of WKSBM to follow up after the first; the signature under the last."""
    book = Book()
    book.wb.set_properties({"title": f"{recap.title_lines[0]} - {recap.title_lines[2]}",
                            "author": "wksbm", "created": FIXED_TIME})
    groups: dict[str, list[Section]] = {}
    for s in recap.sections:
        groups.setdefault(SHEETS.get(s.number, f"{s.number} {s.title}"[:31]), []).append(s)
    names = list(groups)
    for name in names:
        _section_sheet(book, recap, name, groups[name], last=recap.has_data and name == names[-1])
        if groups[name][0].number == 1:
            sh = book.sheet(PENDING_SHEET)
            row = _pending(sh, recap)
            if not recap.has_data:
                _signature(sh, row + 1)
    if recap.trend is not None:   # the quarters before: one sheet of its own (compiler.recap.trend)
        sh = book.sheet(trend.SHEET)
        row = _title_block(sh, recap, (trend.HEADING, trend.TITLE), 8)
        _page(sh, recap, row - 1, True)
        trend.write_xlsx(sh, recap.trend, row + 1)
    return book.close()


def write_xlsx(recap: Recap, path: Path) -> Path:
    return write_bytes(path, build_workbook(recap))
