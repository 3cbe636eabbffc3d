"""Write the findings list, `daftar_temuan.csv` and `.xlsx` (STANDARD section 4): the CSV
exactly as the standard names its columns, for programs; the xlsx the same columns, for people."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from compiler.files.atomic import FIXED_TIME, write_bytes
from compiler.model.findings import col_index
from compiler.files.inert import csv_text
from schemas.standard import SEVERITY_LABEL

COLUMNS = ("berkas", "kapanewon", "kalurahan", "padukuhan", "lembar", "sel", "baris", "kolom",
           "kode", "tingkat", "nilai", "pesan")
ERROR_FILL = "#F4CCCC"


def rows_of(results) -> list[tuple]:
    """One row per finding, ordered by file, sheet, row (then column and code, for stability)."""
    rows = []
    for res in results:
        ident = res.identity or {}
        place = tuple(str(ident.get(k) or "") for k in ("kapanewon", "kalurahan", "padukuhan"))
        for f in res.findings:
            rows.append((f.file, *place, f.sheet, f.cell, "" if f.row is None else f.row,
                         f.column, f.code, f.severity, f.value, f.message))
    rows.sort(key=lambda r: (r[0], r[4], r[6] if r[6] != "" else 0, col_index(r[5]), r[8], r[7], r[10]))
    return rows


def write_csv(rows, path: Path) -> None:
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\r\n")
    out.writerow(COLUMNS)
    for row in rows:
        out.writerow([csv_text(v) for v in row])
    write_bytes(path, buf.getvalue().encode("utf-8-sig"))


# The xlsx is for people: Indonesian headers and severities (the CSV keeps STANDARD 4's names)
HEADERS = ("Berkas", "Kapanewon", "Kalurahan", "Padukuhan", "Lembar", "Sel", "Baris", "Kolom",
           "Kode", "Tingkat", "Nilai", "Pesan")
# widths in characters; the text columns wrap, so that the list prints one page wide, landscape
WIDTHS = (30, 13, 14, 14, 14, 6, 6, 16, 20, 10, 18, 50)
WRAPPED = frozenset((0, 3, 4, 7, 8, 9, 10, 11))


def _width(rows, c: int) -> float:
    """A column's width: its usual one, wider for a longer file name (whole up to 48 characters)."""
    if c != 0:
        return WIDTHS[c]
    return max(WIDTHS[0], min(50, max((len(str(r[0])) + 2 for r in rows), default=0)))


def write_xlsx(rows, path: Path) -> None:
    """A filterable table with a frozen header; error rows tinted; printed on A4 landscape, one
    page wide, the header on every page, each row as high as its wrapped text. Written with
    XlsxWriter (faster than openpyxl); text always as text, never as a formula."""
    import xlsxwriter

    from compiler.files.paper import height

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False,
                                   "strings_to_numbers": False, "strings_to_urls": False})
    wb.set_properties({"author": "wksbm", "created": FIXED_TIME})  # the same bytes on every run
    ws = wb.add_worksheet("Daftar Temuan")
    tint, wrap = {"pattern": 1, "bg_color": ERROR_FILL}, {"text_wrap": True}
    looks = {(error, wrapped): wb.add_format({"valign": "top", **(tint if error else {}),
                                              **(wrap if wrapped else {})})
             for error in (False, True) for wrapped in (False, True)}
    widths = [_width(rows, c) for c in range(len(COLUMNS))]
    shown = [tuple(SEVERITY_LABEL.get(v, v) if c == 9 else v for c, v in enumerate(row)) for row in rows]
    for r, (row, people) in enumerate(zip(rows, shown), start=1):
        error = row[9] == "error"
        for c, value in enumerate(people):
            look = looks[(error, c in WRAPPED)]
            if value is None or value == "":
                ws.write_blank(r, c, None, look)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                ws.write_number(r, c, value, look)
            else:
                ws.write_string(r, c, str(value), look)
        ws.set_row(r, height([(v, widths[c]) for c, v in enumerate(people) if c in WRAPPED]))
    # openpyxl stored these bare widths, which Excel draws 7 pixels per character wide
    for c, width in enumerate(widths):
        ws.set_column_pixels(c, c, round(7 * width))
    ws.set_row(0, height(zip(HEADERS, widths)))
    ws.freeze_panes(1, 0)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.set_header("", {"margin": 0.2})
    ws.set_footer("&L&8 Daftar temuan&R&8 Halaman &P dari &N", {"margin": 0.3})
    head = wb.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    ws.add_table(0, 0, max(1, len(rows)), len(COLUMNS) - 1, {
        "name": "DaftarTemuan", "style": "Table Style Light 9", "banded_rows": False,
        "columns": [{"header": name, "header_format": head} for name in HEADERS]})
    wb.close()
    write_bytes(path, buf.getvalue())


FINDINGS_FILES = ("daftar_temuan.csv", "daftar_temuan.xlsx")


def write_findings(results, out_dir: Path) -> list[Path]:
    rows = rows_of(results)
    csv_path, xlsx_path = (out_dir / name for name in FINDINGS_FILES)
    write_csv(rows, csv_path)
    write_xlsx(rows, xlsx_path)
    return [csv_path, xlsx_path]
