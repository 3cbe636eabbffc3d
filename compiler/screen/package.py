"""Screen a zip package member by member, then decide on the workbook as a whole.

The order matters: the directory is checked before anything is inflated, the parts that say
what the package is and where its sheets, styles and shared strings are come next, shared
strings are read before the sheets that index into them, and the caps that span sheets
(cells, area) are applied once every sheet is counted.
"""
from __future__ import annotations

import io
import re
import zipfile

from compiler.screen import messages as msg
from compiler.screen.limits import (MAX_CELLS, MAX_SHEET_AREA, MAX_SHEET_COLS, MAX_SHEET_ROWS,
                                    MAX_SLOW_PATH_TAGS, MAX_SST_BYTES, MAX_STYLES_BYTES, MAX_TOTAL_AREA,
                                    MAX_VALUE_CELLS, unreadable, unsafe)
from compiler.screen.parts import (check_package_type, check_parsed_size, check_styles, count_shared_strings,
                                   main_part, not_excel, recount_shared_strings, rels_name, root_target,
                                   workbook_info)
from compiler.screen.sheet import SheetScan, scan_sheet
from compiler.screen.xml import root_name
from compiler.screen.zip import Archive

CONTENT_TYPES = "[Content_Types].xml"
ROOT_RELS = "_rels/.rels"
MAX_READER_BYTES = 64 * 2**20         # XML parts kept for the reader; beyond, it reads the file
MIN_CUT_BYTES = 2**16                 # empty tail bytes that make a reader package worth building
# The error values calamine reads; it refuses the whole workbook for any other (Excel 365's
# #SPILL!, #CALC!...). Those are given to it as #N/A in the reader package: the finding names
# the cell's own value, from the screen (`Verdict.error_values`).
CALAMINE_ERRORS = frozenset({"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"})
_ERROR_CELL = re.compile(rb"""<((?:[A-Za-z_][\w.\-]*:)?c)\s[^>]*?\bt\s*=\s*["']e["'][^>]*(?<!/)>.*?</\1\s*>""", re.S)
_ERROR_VALUE = re.compile(rb"(<((?:[A-Za-z_][\w.\-]*:)?v)(?:\s[^>]*)?>)([^<]*)(</\2\s*>)")


class Package:
    """One workbook's screening state; `run()` raises Reject or returns what a reader needs:
    (error cell -> cached text, the 1904 flag, sheet name -> last content row)."""

    def __init__(self, data: bytes):
        self.data = data
        self.sheets: list[SheetScan] = []
        self.sst_sizes: list[int] = []
        self.parts: dict[str, bytes] = {}     # small XML parts kept for parsing
        # every XML part as a reader needs it (name, bytes without the empty tail), kept as it
        # is screened while they fit in MAX_READER_BYTES; None once they do not
        self._kept: list | None = []
        self._kept_bytes = 0
        self._cut_bytes = 0
        self._strange_errors: set[str] = set()   # parts with error values calamine refuses
        self._recounted: dict[str, int] = {}      # shared strings whose declared counts are wrong -> true count
        self._absurd = ""                         # such a count as declared
        self._root_target: tuple[str, str] | None = None   # the main part's target as written -> as a reader finds it
        self.names_by_part: dict[str, str] = {}   # worksheet member -> sheet name
        self.merges: dict[str, tuple] = {}        # sheet name -> its cells merged down a column
        self.slow_budget = MAX_SLOW_PATH_TAGS
        self.n_cells = 0
        self.sst_names = {"xl/sharedstrings.xml"}     # calamine's fixed name (any case) ...
        self.styles_names = {"xl/styles.xml"}

    def run(self) -> tuple[dict, bool, dict]:
        self.zip = zf = Archive(self.data)
        byname = zf.byname
        check_package_type(byname, lambda info: zf.head(info, 200))

        ct_info = byname.get(CONTENT_TYPES)
        if ct_info is None:
            raise not_excel(byname)
        check_parsed_size(ct_info)
        ct = self._read(ct_info, keep=True)
        root_rels = None
        if (rels_info := byname.get(ROOT_RELS)) is not None:
            check_parsed_size(rels_info)
            root_rels = self._read(rels_info, keep=True)
        main = main_part(ct, byname, root_rels)
        target = root_target(root_rels)
        if target and target not in (main, "/" + main):   # "./xl/workbook.xml": calamine finds no workbook
            self._root_target = (target, "/" + main)

        wb_rels = rels_name(main)
        first = [main, wb_rels]
        for name in first:
            if name in byname:
                check_parsed_size(byname[name])
                self._read(byname[name], keep=True)
        wb = workbook_info(main, self.parts[main], self.parts.get(wb_rels))
        self.names_by_part = wb.names_by_part
        self.sst_names.update(n.lower() for n in wb.sst_parts)          # ... and openpyxl's (rels)
        self.styles_names.update(n.lower() for n in wb.styles_parts)

        # Declared-size caps on the parts whose role is known by name before inflating them.
        for name in wb.styles_parts:
            if name in byname and byname[name].file_size > MAX_STYLES_BYTES:
                raise unsafe(msg.styles_too_big(byname[name].file_size))
        for name in wb.sst_parts:
            if name in byname and byname[name].file_size > MAX_SST_BYTES:
                raise unsafe(msg.sst_too_big(byname[name].file_size))

        done = {CONTENT_TYPES, ROOT_RELS, *first}
        for info in zf.infos:                   # shared strings first: sheets are checked against them
            if info.filename.lower() in self.sst_names and info.filename not in done:
                self._read(info, keep=False)
                done.add(info.filename)
        for info in zf.infos:
            if info.filename not in done and not info.is_dir():
                self._read(info, keep=False)
        return self._conclude(wb.sheet_names, wb.date1904)

    def _read(self, info: zipfile.ZipInfo, keep: bool) -> bytes:
        """Read one member (capped, scanned), inspect it if it is XML; kept parts are returned
        and stored in self.parts."""
        x = self.zip.read(info)
        if x is None:
            if info.file_size == 0:        # an empty part stays, for the reader to judge
                self._keep_for_reader(info.filename, b"", None)
            return b""
        self._keep_for_reader(info.filename, x, self._inspect_xml(info.filename, x))
        if keep:
            out = bytes(x)
            self.parts[info.filename] = out
            return out
        return b""

    def _keep_for_reader(self, name: str, x, tail: tuple[int, int] | None) -> None:
        """Keep a part as the reader needs it: cut at once, so that only what the package
        would hold is held (MAX_READER_BYTES), never a formatted tail."""
        if self._kept is None:
            return
        cut = tail[1] - tail[0] if tail is not None else 0
        self._kept_bytes += len(x) - cut
        if self._kept_bytes > MAX_READER_BYTES:
            self._kept = None              # the reader reads the file, as before there was a package
            return
        try:
            if tail is not None:
                x = b"".join((memoryview(x)[:tail[0]], memoryview(x)[tail[1]:]))
        except MemoryError:
            self._kept = None
            return
        self._kept.append((name, x))
        self._cut_bytes += cut

    def reader_package(self) -> bytes | None:
        """The screened XML parts as a stored (uncompressed) zip: what a reader parses
        instead of the file, with nothing to inflate and no formatted-but-empty rows. Only
        when it leaves out at least MIN_CUT_BYTES: building it costs more than a reader
        spends inflating a small workbook (0.7 ms of 6.5 for a sample's 13 sheets)."""
        kept, self._kept = self._kept, None
        if kept is None and self._recounted:   # the file, with its absurd count, never reaches a reader
            raise unsafe(msg.sst_absurd_count(self._absurd))
        if kept is None and (self.zip.transcoded or self.zip.resized):   # nor one a reader misreads
            raise unreadable(msg.MSG_CORRUPT)
        if kept is None or (self._cut_bytes < MIN_CUT_BYTES and not self._strange_errors
                            and not self.zip.transcoded and not self.zip.resized and not self._recounted
                            and not self._root_target):
            return None
        out = io.BytesIO()
        try:
            with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as package:
                for name, x in kept:
                    if name in self._strange_errors:
                        x = _ERROR_CELL.sub(lambda m: _ERROR_VALUE.sub(_as_na, m.group(0)), bytes(x))
                    if name == ROOT_RELS and self._root_target:
                        x = _retarget(bytes(x), *self._root_target)
                    if name in self._recounted:
                        x = recount_shared_strings(bytes(x), self._recounted[name])
                    package.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), x)
            return out.getvalue()
        except Exception:                  # MemoryError or any other: the reader reads the file
            if self._recounted:
                raise unsafe(msg.sst_absurd_count(self._absurd)) from None
            if self.zip.transcoded or self.zip.resized:
                raise unreadable(msg.MSG_CORRUPT) from None
            return None

    def _inspect_xml(self, name: str, x: bytearray) -> tuple[int, int] | None:
        """Role-specific checks. A part is scanned as a worksheet when it holds sheetData,
        whatever its name; as shared strings / styles when it is named as calamine or openpyxl
        look for it, referenced as such by the workbook, or has that root element. Returns the
        worksheet's droppable tail, if any."""
        tail = None
        if b"sheetData" in x:
            n_si = min(self.sst_sizes) if self.sst_sizes else 0
            sh = scan_sheet(x, name, self.slow_budget, MAX_CELLS - self.n_cells, n_si,
                            may_cut=self._kept is not None and not self.zip.bang)
            self.slow_budget -= sh.slow_tags
            self.n_cells += sh.n_tags
            if sh.bad_ref is not None:
                if sh.bad_ref.startswith("baris "):
                    raise unsafe(msg.bad_row_ref(self._label(sh), sh.bad_ref[6:]))
                raise unsafe(msg.bad_cell_ref(self._label(sh), sh.bad_ref))
            self.sheets.append(sh)
            tail = sh.tail
            if any(text not in CALAMINE_ERRORS for _, text in sh.error_refs):
                self._strange_errors.add(name)
        root = root_name(x)
        low = name.lower()
        if root == b"sst" or low in self.sst_names:
            n_si, wrong = count_shared_strings(x)
            if wrong:   # only the declared count is absurd: the reader gets the true one, or nothing
                if self._kept is None:
                    raise unsafe(msg.sst_absurd_count(wrong))
                self._recounted[name] = n_si
                self._absurd = wrong
            self.sst_sizes.append(n_si)
        if root == b"styleSheet" or low in self.styles_names:
            check_styles(x)
        return tail

    def _label(self, sh: SheetScan) -> str:
        return self.names_by_part.get(sh.part, sh.part)

    def _conclude(self, sheet_names: list[str], date1904: bool) -> tuple[dict, bool, dict]:
        """The caps that span sheets, then the cell problems in sheet order."""
        label = self._label
        names_by_part = self.names_by_part
        total_cells = sum(sh.n_tags for sh in self.sheets)
        if total_cells > MAX_CELLS:
            raise unsafe(msg.too_many_cells(total_cells))
        total_values = sum(sh.n_values for sh in self.sheets)
        if total_values > MAX_VALUE_CELLS:
            raise unsafe(msg.too_many_value_cells(total_values))
        total_area = 0
        for sh in self.sheets:
            area = sh.last_row * sh.last_col
            total_area += area
            if sh.last_row > MAX_SHEET_ROWS or sh.last_col > MAX_SHEET_COLS or area > MAX_SHEET_AREA:
                raise unsafe(msg.sheet_too_wide(label(sh), sh.last_row, sh.last_col))
        if total_area > MAX_TOTAL_AREA:
            raise unsafe(msg.MSG_TOTAL_TOO_WIDE)
        n_si = min(self.sst_sizes) if self.sst_sizes else 0
        for sh in self.sheets:
            if sh.bad_s_ref is not None:
                raise unreadable(msg.missing_text(f"sel {sh.bad_s_ref} di lembar '{label(sh)}'"))
            if sh.s_max >= n_si:
                where = f"sel {sh.s_max_ref} di lembar '{label(sh)}'" if sh.s_max_ref else f"lembar '{label(sh)}'"
                raise unreadable(msg.missing_text(where))
            if sh.bad_num_ref is not None:
                raise unreadable(msg.bad_number(sh.bad_num_ref, label(sh)))
        error_values = {(names_by_part[sh.part], ref): text for sh in self.sheets
                        if sh.part in names_by_part for ref, text in sh.error_refs}
        last_rows = {names_by_part[sh.part]: sh.last_row for sh in self.sheets if sh.part in names_by_part}
        for name in sheet_names:
            last_rows.setdefault(name, 0)
        self.merges = {names_by_part[sh.part]: sh.merges for sh in self.sheets
                       if sh.merges and sh.part in names_by_part}
        return error_values, date1904, last_rows


def _as_na(m: re.Match) -> bytes:
    """An error value calamine refuses, as #N/A (one it reads); any other stays as it is."""
    value = m.group(3).strip().decode("utf-8", "replace")
    return m.group(0) if value in CALAMINE_ERRORS else m.group(1) + b"#N/A" + m.group(4)


def _retarget(rels: bytes, target: str, canonical: str) -> bytes:
    """The package relationships with the main part's target as every reader resolves it."""
    pattern = rb"""(\bTarget\s*=\s*["'])%s(["'])""" % re.escape(target.encode())
    return re.sub(pattern, lambda m: m.group(1) + canonical.encode() + m.group(2), rels, count=1)
