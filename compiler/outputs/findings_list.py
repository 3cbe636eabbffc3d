"""Write the findings list, `daftar_temuan.csv` and `.xlsx`, exactly as STANDARD section 4."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from compiler.files.atomic import FIXED_TIME, write_bytes
from compiler.model.findings import col_index
from compiler.files.inert import csv_text

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


def write_xlsx(rows, path: Path) -> None:
    """A filterable table with a frozen header; error rows tinted. Written with XlsxWriter
    (faster than openpyxl); text always as text, never as a formula."""
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False,
                                   "strings_to_numbers": False, "strings_to_urls": False})
    wb.set_properties({"author": "wksbm", "created": FIXED_TIME})  # the same bytes on every run
    ws = wb.add_worksheet("Daftar Temuan")
    tint, wrap = {"pattern": 1, "bg_color": ERROR_FILL}, {"text_wrap": True, "valign": "top"}
    looks = {(error, last): wb.add_format({**(tint if error else {}), **(wrap if last else {})})
             if error or last else None for error in (False, True) for last in (False, True)}
    for r, row in enumerate(rows, start=1):
        error = row[9] == "error"
        for c, value in enumerate(row):
            look = looks[(error, c == len(COLUMNS) - 1)]
            if value is None or value == "":
                ws.write_blank(r, c, None, look)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                ws.write_number(r, c, value, look)
            else:
                ws.write_string(r, c, str(value), look)
    # openpyxl stored these bare widths, which Excel draws 7 pixels per character wide
    for c, width in enumerate((28, 14, 14, 16, 16, 7, 7, 20, 22, 9, 22, 90)):
        ws.set_column_pixels(c, c, 7 * width)
    ws.freeze_panes(1, 0)
    ws.set_margins(0.75, 0.75, 1, 1)  # the print margins openpyxl wrote before
    ws.set_header("", {"margin": 0.5})
    ws.set_footer("", {"margin": 0.5})
    bold = wb.add_format({"bold": True})
    ws.add_table(0, 0, max(1, len(rows)), len(COLUMNS) - 1, {
        "name": "DaftarTemuan", "style": "Table Style Light 9", "banded_rows": False,
        "columns": [{"header": name, "header_format": bold} for name in COLUMNS]})
    wb.close()
    write_bytes(path, buf.getvalue())


FINDINGS_FILES = ("daftar_temuan.csv", "daftar_temuan.xlsx")


def write_findings(results, out_dir: Path) -> list[Path]:
    rows = rows_of(results)
    csv_path, xlsx_path = (out_dir / name for name in FINDINGS_FILES)
    write_csv(rows, csv_path)
    write_xlsx(rows, xlsx_path)
    return [csv_path, xlsx_path]
