"""The Excel recap: ready to print on A4 landscape and to sign, with native Excel charts.

One sheet per table, so that every printed page repeats its own title block and column
headers (Excel print titles are one row range per sheet). Numbers stay numbers, formatted
'#,##0' (Excel shows the reader's own thousands separator); names from the reports are
always written as text, never as formulas.
"""
from __future__ import annotations

import math
import weakref
from copy import copy
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from compiler.atomic import save_workbook
from compiler.inert import looks_like_formula, set_cell
from compiler.recap_view import NO_DATA, Fig, Recap, Table
from compiler.render_html import COLORS, angka, persen  # the same digits as the HTML, for widths
from compiler.recap_view import render_all  # noqa: F401  (also importable from here)

NUMBER, PERCENT = "#,##0", "0%"
HEAD_FILL = PatternFill("solid", fgColor="DCE6F1")
TOTAL_FILL = PatternFill("solid", fgColor="F0F0F0")
_THIN = Side(style="thin", color="444444")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
BOLD = Font(bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
CENTERED, RIGHT = Alignment(horizontal="center"), Alignment(horizontal="right")
ROW_CM = 0.53  # a default 15 pt row, for placing things below a chart
SIGNATURE = ("Bantul, ........ 20..", "Kepala Dinas Sosial Kabupaten Bantul", "", "", "",
             "(..............................)", "NIP. .....")
PENDING_HEAD = ("No", "Kalurahan", "Padukuhan", "Nama WKSBM", "Status", "Jumlah Kesalahan")


def put_text(ws, row: int, col: int, text: str):
    """Write text that Excel must never read as a formula (names come from the reports)."""
    cell = ws.cell(row, col)
    set_cell(cell, text)
    if looks_like_formula(text):
        cell.quotePrefix = True  # and Excel keeps it text even after the cell is edited
    return cell


def _number(x: float) -> int | float:
    return int(x) if float(x).is_integer() else float(x)


def put_fig(ws, row: int, col: int, f: Fig):
    cell = ws.cell(row, col)
    value = f.share if f.percent else f.value
    if value is None:
        cell.value = "-"
        _look(cell, alignment=CENTERED)
    else:
        cell.value = _number(value)
        _look(cell, number_format=PERCENT if f.percent else NUMBER)
    return cell


_STYLES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _styled(cell, key, apply) -> None:
    """Give a cell a look. openpyxl re-hashes every style object on each assignment, so the
    finished style is cached per workbook (by look and starting style) and copied: 10x faster."""
    if cell._style is None:  # pragma: no cover - merged cells carry no style of their own
        apply(cell)
        return
    cache = _STYLES.setdefault(cell.parent.parent, {})
    full = (key, tuple(cell._style))
    done = cache.get(full)
    if done is None:
        apply(cell)
        cache[full] = copy(cell._style)
    else:
        cell._style = copy(done)


def _box_look(head: bool, total: bool):
    def apply(cell):
        cell.border = BORDER
        if head:
            cell.font, cell.fill, cell.alignment = BOLD, HEAD_FILL, CENTER
        elif total:
            cell.font, cell.fill = BOLD, TOTAL_FILL
    return apply


_BOX_LOOKS = {(h, t): _box_look(h, t) for h in (False, True) for t in (False, True)}


def _box(cell, head: bool = False, total: bool = False):
    """Border, and the header or total look."""
    _styled(cell, ("box", head, total), _BOX_LOOKS[(head, total)])


def _look(cell, **attrs) -> None:
    """Set style attributes (font=..., alignment=..., number_format=...) through the cache."""
    def apply(c):
        for name, value in attrs.items():
            setattr(c, name, value)
    _styled(cell, tuple(sorted((k, repr(v)) for k, v in attrs.items())), apply)


def _title_block(ws, recap: Recap, heading: str, subheading: str, ncols: int) -> int:
    """The three title lines, the section and the table title; returns the header row."""
    lines = recap.title_lines + (heading, subheading)
    for r, line in enumerate(lines, start=1):
        put_text(ws, r, 1, line)
        _look(ws.cell(r, 1), font=Font(bold=r <= 4, size=12 if r <= 3 else 11),
              alignment=Alignment(horizontal="center" if r <= 3 else "left"))
        if ncols > 1:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
    return len(lines) + 2


def _widths(ws, columns: list[list[str]], minimum_total: int = 84) -> list[int]:
    """Column widths that fit their text, widened evenly so the merged title lines fit."""
    widths = [min(16 if i else 64, max(10, *(len(t) + 2 for t in col))) for i, col in enumerate(columns)]
    short = minimum_total - sum(widths)
    if short > 0:  # spread what the title needs over the number columns
        n = max(1, len(widths) - 1)
        widths = widths[:1] + [w + math.ceil(short / n) for w in widths[1:]] if len(widths) > 1 \
            else [widths[0] + short]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    return widths


def _header_height(ws, row: int, labels: list[str], widths: list[int]) -> None:
    lines = max(math.ceil(len(t) / max(1, w - 2)) for t, w in zip(labels, widths))
    ws.row_dimensions[row].height = 15 * max(1, min(lines, 4))


def _write_table(ws, recap: Recap, heading: str, t: Table) -> tuple[int, int, int]:
    """The table; returns (header row, first data row, next free row)."""
    ncols = 1 + len(t.columns)
    row = _title_block(ws, recap, heading, t.title, ncols)
    covered = sum(span for _, span in t.groups)
    if t.groups:
        top = row
        _box(put_text(ws, top, 1, t.corner), head=True)
        col = 2
        for label, span in t.groups:
            _box(put_text(ws, top, col, label), head=True)
            for c in range(col + 1, col + span):
                _box(ws.cell(top, c), head=True)
            ws.merge_cells(start_row=top, start_column=col, end_row=top, end_column=col + span - 1)
            col += span
        for c in range(1, ncols + 1):
            if c == 1 or c > 1 + covered:
                _box(ws.cell(top + 1, c), head=True)
                if c > 1 + covered:
                    _box(put_text(ws, top, c, t.columns[c - 2]), head=True)
                ws.merge_cells(start_row=top, start_column=c, end_row=top + 1, end_column=c)
        row += 1
    else:
        _box(put_text(ws, row, 1, t.corner), head=True)
    for c, label in enumerate(t.columns[:covered] if t.groups else t.columns, start=2):
        _box(put_text(ws, row, c, label), head=True)
    header = row
    ws.print_title_rows = f"1:{header}"
    first = header + 1
    for r, data in enumerate(t.rows, start=first):
        _box(put_text(ws, r, 1, data.label), total=data.total)
        for c, f in enumerate(data.figs, start=2):
            _box(put_fig(ws, r, c, f), total=data.total)
    row = first + len(t.rows)
    texts = [[t.corner] + [r.label for r in t.rows]] + [
        [w for w in t.columns[i].split()] + [persen(r.figs[i].share) if r.figs[i].percent
                                             else angka(r.figs[i].value) for r in t.rows]
        for i in range(len(t.columns))]
    widths = _widths(ws, texts)
    _header_height(ws, header, [t.corner] + list(t.columns), widths)
    ws.freeze_panes = ws.cell(first, 2)
    if t.note:
        put_text(ws, row, 1, f"Catatan: {t.note}").font = Font(italic=True, size=9)
        row += 1
    return header, first, row + 1


def _chart(ws, data, t: Table, header: int, first: int) -> int:
    """A native bar chart of the table's area rows on its own sheet, so it prints whole."""
    spec = t.chart
    areas = sum(1 for r in t.rows if not r.total)
    last = first + areas - 1
    ch = BarChart()
    ch.type = "bar"
    ch.title = spec.title
    if spec.stacked:
        ch.grouping, ch.overlap = "stacked", 100
    for i in spec.columns:
        ch.add_data(Reference(data, min_col=i + 2, min_row=header, max_row=last), titles_from_data=True)
    colors = COLORS[:3] if spec.stacked else COLORS[3:]
    for series, color in zip(ch.series, colors):
        series.graphicalProperties.solidFill = color[1:]
        series.graphicalProperties.line.solidFill = color[1:]
    ch.set_categories(Reference(data, min_col=1, min_row=first, max_row=last))
    ch.x_axis.scaling.orientation = "maxMin"  # first area on top, as in the table
    ch.x_axis.delete = ch.y_axis.delete = False
    ch.y_axis.numFmt = NUMBER
    ch.legend.position = "b"
    ch.width = 25
    ch.height = min(15.0, 5 + areas * (0.5 if spec.stacked else 0.8))
    ws.add_chart(ch, "A7")
    ws.page_setup.fitToHeight = 1  # the whole chart on one page
    return 7 + math.ceil(ch.height / ROW_CM) + 1


def _page(ws, recap: Recap) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6, header=0.2, footer=0.3)
    ws.oddFooter.left.text = f"Dibuat {recap.dibuat}".replace("&", "&&")
    ws.oddFooter.left.size = 8
    ws.oddFooter.right.text = "Halaman &P dari &N"
    ws.oddFooter.right.size = 8


def _pending(ws, recap: Recap) -> int:
    """The WKSBM of the kapanewon that have not reported or must correct; returns the next row."""
    header = _title_block(ws, recap, "1. Status Pelaporan",
                          "Daftar WKSBM yang belum melapor atau perlu perbaikan", len(PENDING_HEAD))
    for c, label in enumerate(PENDING_HEAD, start=1):
        _box(put_text(ws, header, c, label), head=True)
    ws.print_title_rows = f"1:{header}"
    ws.freeze_panes = ws.cell(header + 1, 1)
    items = [(i, p.kalurahan, p.padukuhan, p.nama_wksbm, p.status, p.jumlah_error)
             for i, p in enumerate(recap.pending, start=1)]
    for r, item in enumerate(items, start=header + 1):
        for c, value in enumerate(item, start=1):
            if c in (1, 6):
                cell = ws.cell(r, c, "-" if value is None else int(value))
                _look(cell, number_format=NUMBER,
                      alignment=CENTERED if value is None else RIGHT)
            else:
                cell = put_text(ws, r, c, value)
            _box(cell)
    row = header + 1 + len(items)
    if not items:
        put_text(ws, row, 1, "Tidak ada WKSBM yang tercatat belum melapor atau perlu perbaikan.")
        row += 1
    cols = [[h] + ["-" if x is None else str(x) for x in col]
            for h, col in zip(PENDING_HEAD, zip(*items) if items else [()] * len(PENDING_HEAD))]
    _header_height(ws, header, list(PENDING_HEAD), _widths(ws, cols))
    return row + 1


def _signature(ws, row: int) -> None:
    """The signature block, right-aligned under the last table of the workbook."""
    ncols = max(ws.max_column, 1)
    col, room = ncols, ws.column_dimensions[get_column_letter(ncols)].width or 10
    while col > 1 and room < 40:
        col -= 1
        room += ws.column_dimensions[get_column_letter(col)].width or 10
    for r, line in enumerate(SIGNATURE, start=row):
        if line:
            put_text(ws, r, col, line)


def build_workbook(recap: Recap) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "wksbm"
    wb.properties.title = f"{recap.title_lines[0]} - {recap.title_lines[2]}"
    ws, row = None, 1
    for s in recap.sections:
        for t in s.tables:
            ws = wb.create_sheet(t.sheet)
            _page(ws, recap)
            header, first, row = _write_table(ws, recap, f"{s.number}. {s.title}", t)
            if s.number == 1 and not recap.has_data:
                put_text(ws, row, 1, NO_DATA).font = Font(bold=True, size=11)
                row += 2
            if t.chart:
                data, ws = ws, wb.create_sheet(f"{t.sheet} Grafik")
                _page(ws, recap)
                for c in range(1, 12):
                    ws.column_dimensions[get_column_letter(c)].width = 12
                _title_block(ws, recap, f"{s.number}. {s.title}", f"Grafik: {t.chart.title}", 11)
                ws.print_title_rows = "1:5"
                row = _chart(ws, data, t, header, first)
        if s.number == 1 and recap.pending is not None:
            ws = wb.create_sheet("1b Daftar WKSBM")
            _page(ws, recap)
            row = _pending(ws, recap)
    _signature(ws, row + 1)
    return wb


def write_xlsx(recap: Recap, path: Path) -> Path:
    wb = build_workbook(recap)
    return save_workbook(wb, path)
