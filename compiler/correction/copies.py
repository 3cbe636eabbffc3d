"""Correction copies: the volunteer's own workbook, each finding's cell marked and explained.

Nothing else changes: a cell is filled (red for an error, yellow for a warning) and carries
the message as a comment; a first sheet `Daftar Perbaikan` lists every finding with a link
to its cell. A volunteer fixes the marked cells and sends the workbook again.

The copy is made by patching the xlsx package (`compiler.correction.patch`): ~10x faster than an
openpyxl load + save, and every part we do not touch stays byte-for-byte the volunteer's. A sheet
without a page setup of its own gets one, to print one page wide (`compiler.correction.printable`).
A copy sent back has an earlier check's marks taken off the same way (`compiler.correction.unmark`,
`Workbook.remove_sheet`), so it keeps what openpyxl drops: pictures, charts, Excel 2010 dropdown
lists, formula values. A sheet's own notes are edited in place (`compiler.correction.notes`). Workbooks
the patch does not handle (a drawing with shapes besides note boxes, threaded comments, unusual
XML) take the openpyxl path, which handles anything it can read.
"""
from __future__ import annotations

import hashlib
import re
import textwrap
import warnings
from collections import Counter
from pathlib import Path

from compiler.files.atomic import safe_name, save_workbook, write_bytes
from compiler.files.paper import height
from compiler.model.findings import col_index, col_letter
from compiler.files.inert import set_cell
from compiler.correction.comments import (Styles, add_notes, has_notes, idmap_blocks, mark_cells, merged_ranges,
                                    next_idmap, restyle_cells)
from compiler.correction.fills import FILLS, has_answer_fill, own_fill, own_fill_openpyxl, template_answers
from compiler.correction.notes import SheetNotes
from compiler.correction.printable import fit_to_width
from compiler.correction.patch import MAIN, REL, Package, SheetNames, Workbook
from compiler.correction.unmark import CONTINUED, VOLUNTEER, filled_cells, nameless, our_fill, own_words, take_off_notes, unfill
from compiler.correction.xml_text import Unsupported, esc, parse_ref
from schemas.standard import ANSWER_FILL, CORRECTIONS_SHEET, IDENTITAS, SEVERITY_LABEL

SHEET = CORRECTIONS_SHEET
HEADER = ("No", "Lembar", "Sel", "Baris", "Kolom", "Tingkat", "Nilai", "Pesan")
TINGKAT = SEVERITY_LABEL   # each begins one of MARKS
NOTE_WIDTH = 60   # characters in a line of a note
WIDTHS = (5, 16, 7, 7, 18, 17, 18, 60)   # 148 characters: A4 landscape at about 100%
WRAPPED = "BEFGH"
LINK = "FF0563C1"


def copy_name(shown: str, marked: bool = False) -> str:
    """<name>_perbaikan.xlsx, safe anywhere; a copy's own name gives itself again, however many
    times it goes round (never ..._perbaikan_perbaikan.xlsx). A name too long for that is cut and given a short
    mark of the whole name (as is any name when `marked`), so that two names that begin alike,
    or differ only in characters a file name cannot hold, keep two copies."""
    stem = shown[:-5] if shown.lower().endswith(".xlsx") else shown
    stem = re.sub(r"(?:_perbaikan)+$", "", stem, flags=re.I) or stem   # a copy sent back: the same name again
    safe = safe_name(stem, _NAME_MAX + 1)
    if marked or len(safe) > _NAME_MAX:
        mark = hashlib.sha256(shown.encode("utf-8", "surrogatepass")).hexdigest()[:6]
        safe = safe[:_NAME_MAX - 7].rstrip(" .") + "_" + mark
    return safe + "_perbaikan.xlsx"


_NAME_MAX = 120


def own_copy_name(copy: Path, source: str) -> Path:
    """The copy's name with a mark of the report it is from: for when an earlier copy of another
    report (the same file name, from another folder) holds its name."""
    stem = copy.name[:-len("_perbaikan.xlsx")] if copy.name.endswith("_perbaikan.xlsx") else copy.stem
    mark = hashlib.sha256(source.encode("utf-8", "surrogateescape")).hexdigest()[:6]
    return copy.with_name(f"{stem[:_NAME_MAX - 7]}_{mark}_perbaikan.xlsx")


def _ref(f) -> str:
    """The cell a finding marks: its own, or column A of its row for a row-level finding."""
    return f.cell or (f"A{f.row}" if f.row else "")


def _where(f, sheets: dict[str, tuple[str, str]]) -> tuple[str, str, str] | None:
    """(sheet name, worksheet part, cell) a finding marks; None when it marks no cell.
    `sheets` maps stripped, casefolded names to (name, part): a finding's sheet may differ in case."""
    target, ref = sheets.of(f.sheet), _ref(f)
    try:
        return (target[0], target[1], ref) if target and ref and parse_ref(ref) else None
    except ValueError:
        return None


def write_copy(path: str, findings, out_path: Path) -> bool:
    """Write one correction copy; False when the original cannot be opened for writing."""
    try:
        data = patched_copy(Path(path).read_bytes(), findings)
    except Exception:  # Unsupported, or anything unexpected: the general path decides
        try:
            return openpyxl_copy(path, findings, out_path)
        except OSError:
            raise     # the output cannot be written: the command says so
        except Exception:   # a workbook neither path can mark: no copy, its findings are listed
            return False
    write_bytes(out_path, data)
    return True


def patched_copy(data: bytes, findings) -> bytes:
    """The copy's bytes, made by editing the package; raises Unsupported when it cannot."""
    pkg = Package(data)
    book = Workbook(pkg)
    earlier = [i for i, (name, *_) in enumerate(book.sheets) if name.strip().casefold() == SHEET.casefold()]
    if len(earlier) > 1:
        raise Unsupported("more than one Daftar Perbaikan sheet")
    if earlier:  # a copy sent back: its list goes, a fresh one comes first
        book.remove_sheet(earlier[0])
    styles_parts = [r["part"] for r in book.rels.values() if r.get("Type") == REL + "/styles" and "part" in r]
    if len(styles_parts) != 1:
        raise Unsupported("no single styles part")
    styles = Styles(pkg, styles_parts[0])
    sheets = book.worksheets()
    filled = our_fill(styles, FILLS.values())
    noted = {part: set(refs) for part, refs in take_off_notes(pkg, [p for _, p in sheets.values()], filled).items()}
    if earlier or noted:   # a copy sent back: every cell it filled loses the fill, its note kept or not
        for _, part in sheets.values():
            noted.setdefault(part, set()).update(filled_cells(pkg.text(part), filled))
    if _earlier_marks(pkg):
        raise Unsupported("notes of an earlier check left")  # openpyxl takes them off (`_unmark`)
    fills = {sev: styles.fill(rgb) for sev, rgb in FILLS.items()}
    marked: dict[str, dict[str, list]] = {}
    merges: dict[str, list] = {}
    for f in findings:
        if where := _where(f, sheets):
            if where[1] not in merges:
                merges[where[1]] = merged_ranges(pkg.text(where[1]))
            marked.setdefault(where[1], {}).setdefault(_shown_cell(where[2], merges[where[1]]), []).append(f)
    restyle = unfill(styles, FILLS.values())
    answers = sheets.get(IDENTITAS.name.casefold(), ("", None))[1]
    for part, refs in noted.items():  # a cell marked again is restyled below, from its own format
        if old := sorted({ref for ref in refs if ref not in marked.get(part, {})}, key=parse_ref):
            template = part == answers and has_answer_fill(styles, pkg.text(part))
            yellow = unfill(styles, FILLS.values(), "FF" + ANSWER_FILL) if template else restyle
            pkg.put(part, restyle_cells(pkg.text(part), {   # an Identitas answer: the template's yellow again
                ref: yellow if parse_ref(ref)[1] == 2 else restyle for ref in old}))
    idmap = next_idmap(pkg)
    for part, cells in marked.items():
        xml = pkg.text(part)
        cells = dict(sorted(cells.items(), key=lambda item: parse_ref(item[0])))
        marks = {ref: _restyler(styles, fills[_worst(fs)]) for ref, fs in cells.items()}
        notes = {ref: "\n\n".join(note_text(f) for f in fs) for ref, fs in cells.items()}
        if has_notes(pkg, part, xml):  # the volunteer's own: ours join them
            if (own := SheetNotes.of(pkg, part)) is None:
                raise Unsupported("a drawing without notes")
            pkg.put(part, mark_cells(xml, marks))
            idmap += own.add(notes, idmap)
        else:
            pkg.put(part, add_notes(pkg, part, mark_cells(xml, marks), notes, idmap))
            idmap += idmap_blocks(notes)
    book.show(set(marked) | {t[1] for f in findings if (t := _target(f, sheets))})   # a link must lead there
    for _, part in sheets.values():   # printable, one page wide, where the volunteer set nothing up
        if (fitted := fit_to_width(pkg.text(part))) is not None:
            pkg.put(part, fitted)
    book.add_first_sheet(SHEET, summary_xml(in_sheet_order(findings, list(sheets)), sheets, styles, fills),
                         title_rows="$1:$1")
    styles.save()
    return pkg.save()


def _earlier_marks(pkg: Package) -> bool:
    """Whether a comments part (as edited) names wksbm: notes of a copy sent back, maybe without
    its list, that `take_off_notes` did not reach."""
    return any(re.search(r"comment[^/]*\.xml$", info.filename, re.I) and (real := pkg.real(info.filename))
               and "<author>wksbm</author>" in (pkg.texts.get(real) or pkg.read(real).decode("utf-8", "replace"))
               for info in pkg.infos)


def in_sheet_order(findings, sheet_keys: list[str]) -> list:
    """The findings as the volunteer meets them: the file's own and the sheets missing first,
    then sheet by sheet in the workbook's tab order (stripped, casefolded names), row by row,
    column by column."""
    order = {key: i for i, key in enumerate(sheet_keys)}   # a sheet missing: with the file's own, first
    return sorted(findings, key=lambda f: (order.get(f.sheet.strip().casefold(), -1),
                                           f.row or 0, col_index(f.cell), f.code))


def note_text(f) -> str:
    """One message in a note, in lines of about 60 characters (LibreOffice sizes a note to its
    longest line, not to its box): the first begins with one of MARKS, each next one with
    CONTINUED, so that the next check knows them from the words a volunteer writes above or
    below (`xlsx_unmark.own_words`)."""
    mark = f"{TINGKAT[f.severity]}:"
    lines = textwrap.wrap(f"{mark} " + " ".join(f.message.split()), NOTE_WIDTH,
                          break_long_words=False, break_on_hyphens=False)
    if len(lines) > 1 and lines[0] == mark:   # a long first word: the mark never stands alone
        lines[:2] = [f"{mark} {lines[1]}"]
    return ("\n" + CONTINUED).join(lines)


def _worst(findings) -> str:
    return "error" if any(f.severity == "error" for f in findings) else findings[0].severity


def _restyler(styles, fill: int):
    """old cell format -> ours, but for a cell the volunteer filled in a colour of their own: that
    stays (the note and the list still point at it), so no check ever takes their colour away."""
    return lambda old: old if own_fill(styles, old) else styles.with_fill(old, fill)


def summary_xml(findings, sheets, styles, fills) -> str:
    """The `Daftar Perbaikan` worksheet: inline strings (never formulas), links to each cell."""
    bold = styles.xf(font=styles.font(bold=True), wrap=True)
    link_font = styles.font(color=LINK, underline=True)
    wrapped_link = styles.xf(font=link_font, wrap=True)
    tint = {sev: styles.xf(fill=fill, wrap=True) for sev, fill in fills.items()}
    wrap = styles.xf(wrap=True)
    rows = [f'<row r="1" ht="{height(zip(HEADER, WIDTHS)):g}" customHeight="1">'
            + "".join(_cell(f"{c}1", v, bold) for c, v in zip("ABCDEFGH", HEADER)) + "</row>"]
    links = []
    for r, f in enumerate(findings, start=2):
        values = (r - 1, f.sheet, f.cell, f.row, f.column, TINGKAT[f.severity], f.value, f.message)
        style = dict(A=wrap, B=wrap, C=wrap, D=wrap, E=wrap, F=tint[f.severity], G=wrap, H=wrap)   # all at the top
        if where := _target(f, sheets):
            col = "C" if f.cell else "B"
            style[col] = wrapped_link
            links.append(f'<hyperlink ref="{col}{r}" location="{esc(_link(where))}" display="{where[2]}"/>')
        tall = height([(v, w) for c, v, w in zip("ABCDEFGH", values, WIDTHS) if c in WRAPPED])
        rows.append(f'<row r="{r}" ht="{tall:g}" customHeight="1">' + "".join(
            _cell(f"{c}{r}", v, style.get(c)) for c, v in zip("ABCDEFGH", values)) + "</row>")
    cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(WIDTHS, 1))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
            f'<dimension ref="A1:H{len(findings) + 1}"/>'
            '<sheetViews><sheetView tabSelected="1" workbookViewId="0">'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>{"".join(rows)}</sheetData>'
            + (f"<hyperlinks>{''.join(links)}</hyperlinks>" if links else "")
            + '<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.6" header="0.2" footer="0.3"/>'
            + PAGE_SETUP + "</worksheet>")


# A4 landscape, one page wide (as many long as it takes), the page number in the footer
PAGE_SETUP = ('<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
              f'<headerFooter><oddFooter>{esc("&L&8 " + SHEET + "&R&8 Halaman &P dari &N")}</oddFooter>'
              '</headerFooter>')


def _cell(ref: str, value, style: int | None) -> str:
    s = f' s="{style}"' if style is not None else ""
    if value is None or value == "":
        return f'<c r="{ref}"{s}/>' if s else ""
    if isinstance(value, int) and not isinstance(value, bool):
        return f'<c r="{ref}"{s}><v>{value}</v></c>'
    return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{esc(str(value)[:32767], False)}</t></is></c>'


def _target(f, sheets: dict[str, tuple[str, str]]) -> tuple[str, str, str] | None:
    """Where the list links a finding to: its cell, or, for one about a sheet (a column missing),
    that sheet's first cell."""
    if (where := _where(f, sheets)) is None and not f.cell and not f.row and f.sheet:
        if target := sheets.of(f.sheet):
            return target[0], target[1], "A1"
    return where


def _link(where: tuple[str, str, str]) -> str:
    """An internal link target: 'Buku Tamu'!D7 (quotes doubled inside the sheet name)."""
    return "'" + where[0].replace("'", "''") + "'!" + where[2]


def _load_keeping_numbers(path: str):
    """openpyxl's load_workbook, but a number in a date-formatted cell stays the number: saved
    back it is what the volunteer typed, where openpyxl turns one no date can be (a NIK pasted in
    a date column: the very cell we mark) into #VALUE!, and others into rounded datetimes."""
    from openpyxl import load_workbook
    from openpyxl.reader.excel import ExcelReader

    class Reader(ExcelReader):
        def read_worksheets(self):
            kept = self.wb._date_formats, self.wb._timedelta_formats
            self.wb._date_formats, self.wb._timedelta_formats = set(), set()
            try:
                super().read_worksheets()
            finally:
                self.wb._date_formats, self.wb._timedelta_formats = kept

    if not hasattr(ExcelReader, "read_worksheets"):   # pragma: no cover - another openpyxl
        return load_workbook(path, rich_text=False)
    reader = Reader(path, read_only=False, keep_vba=False, data_only=False, keep_links=True, rich_text=False)
    reader.read()
    return reader.wb


def _shown_cell(ref: str, ranges: list[tuple[int, int, int, int]]) -> str:
    """A cell hidden in a merged range is marked on the range's first cell, which the person sees."""
    row, col = parse_ref(ref)
    for r1, c1, r2, c2 in ranges:
        if r1 <= row <= r2 and c1 <= col <= c2:
            return f"{col_letter(c1 - 1)}{r1}"
    return ref


def openpyxl_copy(path: str, findings, out_path: Path) -> bool:
    """The general path: load and save with openpyxl (slow, but takes any workbook it can read)."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.hyperlink import Hyperlink

    try:
        with warnings.catch_warnings():   # openpyxl's own (an unsupported extension...): not the operator's
            warnings.simplefilter("ignore")
            wb = _load_keeping_numbers(path)
    except Exception:  # the findings list already says the file is unreadable
        return False
    fills = {k: PatternFill("solid", fgColor=v) for k, v in FILLS.items()}
    names = SheetNames((ws.title, (ws.title, "")) for ws in wb.worksheets)
    sent_back = SHEET.casefold() in names
    if sent_back:
        del wb[names.pop(SHEET.casefold())[0]]
    _unmark(wb, sent_back)   # a copy sent back (with or without its list): an earlier check's marks go
    worst: dict[tuple, str] = {}
    for f in findings:
        if where := _where(f, names):
            worst[where] = "error" if "error" in (f.severity, worst.get(where)) else f.severity
            ws = wb[where[0]]
            merged = [(r.min_row, r.min_col, r.max_row, r.max_col) for r in ws.merged_cells.ranges]
            cell = ws[_shown_cell(where[2], merged)]   # openpyxl refuses a note on a cell under a merge
            text, author = note_text(f), "wksbm"
            if cell.comment is not None:  # the volunteer's own note (theirs still), or an earlier finding's
                text, author = cell.comment.text.rstrip() + "\n\n" + text, cell.comment.author or "wksbm"
            cell.comment = Comment(text, author, width=320, height=140)
            if not own_fill_openpyxl(cell):   # the volunteer's own colour stays (`_restyler`)
                cell.fill = fills[worst[where]]
            wb[where[0]].sheet_state = "visible"   # a mark must be seen, and its link lead there
    findings = in_sheet_order(findings, [ws.title.strip().casefold() for ws in wb.worksheets])
    ws = wb.create_sheet(SHEET, 0)
    ws.append(HEADER)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for n, f in enumerate(findings, start=1):
        values = (n, f.sheet, f.cell, f.row, f.column, TINGKAT[f.severity], f.value, f.message)
        for c, value in enumerate(values, start=1):
            set_cell(ws.cell(n + 1, c), value)
        if where := _target(f, names):
            wb[where[0]].sheet_state = "visible"   # a link must lead somewhere
            link = ws.cell(n + 1, 3 if f.cell else 2)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=_link(where), display=where[2])
            link.font = Font(color=LINK, underline="single")
        ws.cell(n + 1, 6).fill = fills[f.severity]
        for letter in WRAPPED:
            ws[f"{letter}{n + 1}"].alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[n + 1].height = height([(v, w) for c, v, w in zip("ABCDEFGH", values, WIDTHS)
                                                  if c in WRAPPED])
    for letter, width in zip("ABCDEFGH", WIDTHS):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation, ws.page_setup.paperSize = "landscape", "9"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    wb.active = 0
    for other in wb.worksheets[1:]:
        other.sheet_view.tabSelected = False
    save_workbook(wb, out_path)
    return True


def _unmark(wb, sent_back: bool = False) -> None:
    """Take off what an earlier correction copy put on the cells: its messages (notes by wksbm,
    or our lines beside a volunteer's own words, which stay: `own_words`) and its colours, so
    that a fixed cell is no longer marked and a message is not said twice. On a copy sent back
    (its list there, or a note of ours) every cell in our colours loses them, note or not."""
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    ours = {rgb[-6:].upper() for rgb in FILLS.values()}
    cells = [cell for ws in wb.worksheets for cell in ws._cells.values()]
    filled = {id(c) for c in cells if c.fill is not None and c.fill.fill_type == "solid"
              and str(c.fill.fgColor.rgb)[-6:].upper() in ours}
    for cell in cells:
        note = cell.comment
        if note is None:
            continue
        marked = id(cell) in filled
        by_us = note.author == "wksbm" or (marked and nameless(note.author))   # saved by LibreOffice
        words, had_ours = own_words(note.text, by_us, marked)
        if not (had_ours or by_us):
            continue   # the volunteer's own note
        sent_back = True
        cell.comment = Comment(words, VOLUNTEER if by_us else note.author, width=320, height=140) if words else None
    template = template_answers(wb) if sent_back else set()
    for cell in cells if sent_back else ():
        if id(cell) in filled:   # an Identitas answer gets the template's yellow back, where it had it
            answer = cell.parent.title in template and cell.column == 2
            cell.fill = PatternFill("solid", fgColor=ANSWER_FILL) if answer else PatternFill()


def copy_job(job) -> Path | None:
    path, findings, out_path = job
    return out_path if write_copy(path, findings, out_path) else None


def copy_jobs(results, out_dir: Path) -> list[tuple]:
    """(input path, findings, copy path) for every workbook whose findings point into it; no
    two copies share a name, even where file names ignore case (Windows, macOS)."""
    marked = [res for res in results if any(f.sheet for f in res.findings)]
    plain = [copy_name(res.file).casefold() for res in marked]
    shared = Counter(plain)
    return [(res.path, res.findings, out_dir / "perbaikan" / copy_name(res.file, shared[name] > 1))
            for res, name in zip(marked, plain)]


def write_copies(results, out_dir: Path, workers: int | None = None, jobs: list | None = None) -> list[Path]:
    """One copy per readable workbook with findings, under out_dir/perbaikan/ (or `jobs`)."""
    from compiler.run.pool import pmap

    return [p for p in pmap(copy_job, copy_jobs(results, out_dir) if jobs is None else jobs, workers)
            if p is not None]
