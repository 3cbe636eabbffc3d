"""Write the findings list, `daftar_temuan.csv` and `.xlsx`, exactly as STANDARD section 4."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from compiler.atomic import save_workbook, write_bytes
from compiler.findings import col_index
from compiler.inert import csv_text, set_cell

COLUMNS = ("berkas", "kapanewon", "kalurahan", "padukuhan", "lembar", "sel", "baris", "kolom",
           "kode", "tingkat", "nilai", "pesan")
ERROR_FILL = "FFF4CCCC"


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
    """A filterable table with a frozen header; error rows tinted."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.table import Table, TableStyleInfo

    wb = Workbook()
    ws = wb.active
    ws.title = "Daftar Temuan"
    ws.append(COLUMNS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    tint = PatternFill("solid", fgColor=ERROR_FILL)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(r, c)
            set_cell(cell, value if value != "" else None)
            if row[9] == "error":
                cell.fill = tint
        ws.cell(r, 12).alignment = Alignment(wrap_text=True, vertical="top")
    widths = (28, 14, 14, 16, 16, 7, 7, 20, 22, 9, 22, 90)
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(1, c).column_letter].width = width
    ws.freeze_panes = "A2"
    last = ws.cell(max(2, len(rows) + 1), len(COLUMNS)).coordinate
    table = Table(displayName="DaftarTemuan", ref=f"A1:{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=False)
    ws.add_table(table)
    save_workbook(wb, path)


def write_findings(results, out_dir: Path) -> list[Path]:
    rows = rows_of(results)
    csv_path, xlsx_path = out_dir / "daftar_temuan.csv", out_dir / "daftar_temuan.xlsx"
    write_csv(rows, csv_path)
    write_xlsx(rows, xlsx_path)
    return [csv_path, xlsx_path]
