"""Correction copies: the volunteer's own workbook, each finding's cell marked and explained.

Nothing else changes: a cell is filled (red for an error, yellow for a warning) and carries
the message as a comment; a first sheet `Daftar Perbaikan` lists every finding with a link
to its cell. A volunteer fixes the marked cells and sends the workbook again.
"""
from __future__ import annotations

from pathlib import Path

from compiler.atomic import safe_name, save_workbook
from compiler.inert import set_cell

SHEET = "Daftar Perbaikan"
FILLS = {"error": "FFFF9999", "warning": "FFFFEB84"}
HEADER = ("No", "Lembar", "Sel", "Baris", "Kolom", "Tingkat", "Nilai", "Pesan")
TINGKAT = {"error": "Harus diperbaiki", "warning": "Perlu diperiksa"}


def copy_name(shown: str) -> str:
    stem = shown[:-5] if shown.lower().endswith(".xlsx") else shown
    return safe_name(stem) + "_perbaikan.xlsx"


def _mark(ws, ref: str, finding, fills) -> None:
    from openpyxl.comments import Comment

    cell = ws[ref]
    cell.fill = fills[finding.severity]
    text = f"{TINGKAT[finding.severity]}: {finding.message}"
    if cell.comment is not None:  # keep the volunteer's own note, or an earlier finding's
        text = cell.comment.text + "\n\n" + text
    comment = Comment(text, "wksbm")
    comment.width, comment.height = 320, 140
    cell.comment = comment


def write_copy(path: str, findings, out_path: Path) -> bool:
    """Write one correction copy; False when the original cannot be opened for writing."""
    from openpyxl import load_workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    try:
        wb = load_workbook(path, rich_text=False)
    except Exception:  # the findings list already says the file is unreadable
        return False
    fills = {k: PatternFill("solid", fgColor=v) for k, v in FILLS.items()}
    names = {ws.title.strip().casefold(): ws.title for ws in wb.worksheets}
    if SHEET.casefold() in names:
        del wb[names.pop(SHEET.casefold())]
    for f in findings:
        target = names.get(f.sheet.strip().casefold())
        if target is None:
            continue
        ref = f.cell or (f"A{f.row}" if f.row else "")
        if ref:
            _mark(wb[target], ref, f, fills)
    ws = wb.create_sheet(SHEET, 0)
    ws.append(HEADER)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for n, f in enumerate(findings, start=1):
        values = (n, f.sheet, f.cell, f.row, f.column, TINGKAT[f.severity], f.value, f.message)
        for c, value in enumerate(values, start=1):
            set_cell(ws.cell(n + 1, c), value)
        ref = f.cell or (f"A{f.row}" if f.row else "")
        target = names.get(f.sheet.strip().casefold())
        if ref and target:
            link = ws.cell(n + 1, 3 if f.cell else 2)
            link.hyperlink = f"#'{target}'!{ref}"
            link.font = Font(color="FF0563C1", underline="single")
        ws.cell(n + 1, 6).fill = fills[f.severity]
        ws.cell(n + 1, 8).alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEFGH", (5, 18, 7, 7, 20, 17, 20, 90)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    wb.active = 0
    for other in wb.worksheets[1:]:
        other.sheet_view.tabSelected = False
    save_workbook(wb, out_path)
    return True


def _copy_job(job) -> Path | None:
    path, findings, out_path = job
    return out_path if write_copy(path, findings, out_path) else None


def write_copies(results, out_dir: Path, workers: int | None = None) -> list[Path]:
    """One copy per readable workbook with findings, under out_dir/perbaikan/."""
    from compiler.parallel import pmap

    jobs = [(res.path, res.findings, out_dir / "perbaikan" / copy_name(res.file))
            for res in results if any(f.sheet for f in res.findings)]
    return [p for p in pmap(_copy_job, jobs, workers) if p is not None]
