"""Scan one worksheet's XML for what a reader would materialise, without parsing it.

Cell and row references must be well formed and inside A1:XFD1048576 (empty styled cells
included). Cells that hold content (any non-self-closing ``<c>``) are what a reader
materialises: calamine allocates the bounding box of those cells, so the caller caps the
last content row, column and area. Styled empty rows and cells cost a reader nothing, so
they only count towards MAX_CELLS. Positions come from the data, never from ``<dimension>``.

A fast path handles the canonical form written by Excel, openpyxl and LibreOffice
(``<c r="A1" ...>``): cheap non-capturing passes validate every tag, and content cells are
matched in the *reversed* sheetData, where the reversed ``</c>`` occurs only at cells holding
content, so empty cells are never regex candidates. Any other form (no ``r``, other quoting
or spacing, CDATA, unusual content) goes through a per-tag path that infers positions like
a reader does; it is capped at MAX_SLOW_PATH_TAGS tags.
"""
from __future__ import annotations

import re

from compiler.screen import messages as msg
from compiler.screen.cells import ATTR_T, check_values, error_text, finite_number, shared_index
from compiler.screen.scan import SheetScan
from compiler.screen.limits import GRID_COLS, GRID_ROWS, MAX_VALUE_CELLS, unsafe
from compiler.screen.messages import col_letters
from compiler.screen.xml import PREFIX_RE, PREFIXED_CELLISH, unescape

_BIG_ROW = rb"(?:[2-9]\d{6}|1[1-9]\d{5}|10[5-9]\d{4}|1049\d{3}|1048[6-9]\d\d|10485[89]\d|104857[7-9])"
_BIG_COL = rb"(?:[Y-Z][A-Z]{2}|X[G-Z][A-Z]|XF[E-Z])"
# A well-formed reference inside A1:XFD1048576, followed by its closing quote.
_VALID_REF = rb"(?!" + _BIG_COL + rb"\d)(?![A-Z]{1,3}" + _BIG_ROW + rb'")[A-Z]{1,3}[1-9]\d{0,6}"'
# Canonical form: every cell tag is `<c r="A1" ...>`, every row tag `<row r="1" ...>`. A cheap
# non-capturing pass finds any tag that is not plainly fine (columns of 3 letters and 7-digit
# rows are merely suspicious); only from a hit on does the exact check run.
_SUSPECT_CELL = re.compile(rb'<c(?=[\s/>])(?! r="[A-Z]{1,2}[1-9]\d{0,5}")')
_BAD_OR_ODD_CELL = re.compile(rb'<c(?=[\s/>])(?! r="' + _VALID_REF + rb")")
_SPACED_CELL_END = re.compile(rb"</c\s")
_SUSPECT_ROW = re.compile(rb'<row(?=[\s/>])(?! r="[1-9]\d{0,5}")')
_BAD_OR_ODD_ROW = re.compile(rb'<row(?=[\s/>])(?! r="(?!' + _BIG_ROW + rb'")[1-9]\d{0,6}")')
# Canonical-form references that are malformed or outside the grid (for the message).
_BAD_CELL_REF = re.compile(rb'<c r="(?!' + _VALID_REF + rb")")
_BAD_ROW_REF = re.compile(rb'<row r="(?:(?![1-9]\d{0,6}")|' + _BIG_ROW + rb'")')
# Content-holding cells, matched in the REVERSED sheetData: the reversed "</c>" only
# occurs at cells that hold content, so the many empty styled cells are never candidates.
# Groups (all reversed): <v> text, other attributes, row digits, column letters. Rich inline
# text is matched tag by tag up to its "<is", never across the start of another cell
# (reversed " c<", "/c<" or ">c<"), so that a cell closing an <is> it never opened cannot
# send the match through the rest of the sheet.
_REV_VALUE_CELL = re.compile(
    rb">c/<(?:(?:>v/<([^<>]*)>v<|>si/<>t/<[^<>]*>[^<>]*t<>si<|>si/<(?:(?!c<)(?:[^>\s/]|[\s/](?!c<))*>)*?si<)?"
    rb"(?:>f/<[^<>]*>[^<>]*f<|>/[^<>]*f<)?"
    rb'>([^<>]*?)"(\d{1,7})([A-Z]{1,3})"=r c<|)', re.S)
_UNKNOWN_FORM = (b"", b"", b"", b"")     # what the empty alternative gives: a cell of another form
_WINDOW = 2**20                          # sheetData is scanned in windows of about this size
_MIN_CELL_BYTES = len(b'<c r="A1"/>')    # so a region of n bytes holds at most n // 11 cells
_MIN_TAIL = 4096                         # an empty tail worth dropping for a reader
# Possessive: linear on a hostile run of spaces or attributes.
_EMPTY_CELLS_ROW_END = re.compile(rb"\s*+(?:<c\s[^<>]*+(?<=/)>\s*+)*+</row>")
_SHEETDATA_OPEN = re.compile(rb"<sheetData(?:\s[^<>/]*+)?>")
_XML_DECL = re.compile(rb"(?:\xef\xbb\xbf)?\s*<\?xml[^<>]*?\?>")
# The per-tag path.
_ATTR_R = re.compile(rb"""\sr\s*=\s*["']([^"']*)["']""")
_REF_RE = re.compile(rb"([A-Z]{1,3})([1-9]\d{0,6})")
_TAG_RE = re.compile(rb"<(row|c)(?=[\s/>])([^>]*)>|</row>")
_SPACE = frozenset(b" \t\n\r\x0b\x0c")     # what \s matches in a bytes pattern
_MERGE = re.compile(rb"""<mergeCell\s[^<>]*?\bref\s*=\s*["']([A-Z]{1,3})([1-9]\d{0,6}):([A-Z]{1,3})([1-9]\d{0,6})["']""")
MAX_MERGES = 10_000


def col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def scan_sheet(x: bytes | bytearray, part: str, slow_budget: int, cell_budget: int, n_si: int,
               may_cut: bool = False) -> SheetScan:
    """Scan a part holding sheetData. `n_si` is the number of shared strings known so far,
    `cell_budget` the <c> elements still allowed, `slow_budget` the tags the per-tag path may
    still take. `may_cut`: the part holds no "<!" (comment, CDATA), so `tail` may be found."""
    sh = SheetScan(part)
    prefixed = PREFIXED_CELLISH.search(x) is not None
    if prefixed:
        x = PREFIX_RE.sub(rb"<\1", x)
    i = x.find(b"<sheetData")
    if i < 0:
        return sh
    j = x.rfind(b"</sheetData>")
    closed = j >= i
    if not closed:
        j = len(x)
    else:
        sh.merges = _down_merges(x, j)
    # The cell cap first, before any per-cell work: a region of n bytes holds at most n // 4
    # cells (`<c/>`), and at most n // 11 in canonical form (`<c r="A1"/>`).
    n_c = None
    if (j - i) // 4 > cell_budget:
        n_c = x.count(b"<c", i, j)
        if n_c > cell_budget:
            raise unsafe(msg.cells_over_cap())
    canonical = True
    m = _SUSPECT_CELL.search(x, i, j)
    if m:
        m = _BAD_OR_ODD_CELL.search(x, m.start(), j)
        canonical = m is None
    if canonical and _SPACED_CELL_END.search(x, i, j):
        canonical = False                # "</c >": the reversed match would not see that cell
    if canonical:
        m = _SUSPECT_ROW.search(x, i, j)
        if m:
            m = _BAD_OR_ODD_ROW.search(x, m.start(), j)
            canonical = m is None
    if not canonical:
        m = _BAD_CELL_REF.search(x, i, j) or _BAD_ROW_REF.search(x, i, j)
        if m:                            # a canonical tag with a bad reference: no need to look further
            ref = _ATTR_R.search(x, m.start() + 2, m.start() + 64)
            bad = ref.group(1).decode("ascii", "replace") if ref else "?"
            sh.bad_ref = ("baris " + bad) if x.startswith(b"<row", m.start()) else bad
            return sh
    if canonical and _fast_sheet(sh, x, i, j, n_si):
        sh.n_tags = n_c if n_c is not None else (j - i) // _MIN_CELL_BYTES
        if may_cut and closed and not prefixed:
            sh.tail = _empty_tail(x, i, j)
        return sh
    if n_c is None:
        n_c = x.count(b"<c", i, j)
    sh.slow_tags = n_c + x.count(b"<row", i, j)
    if sh.slow_tags > slow_budget:
        raise unsafe(msg.slow_sheet_too_big(part))
    _slow_sheet(sh, x, i, j)
    return sh


def _down_merges(x, j: int) -> tuple:
    """The merged ranges after sheetData that span rows of one column, as (first row, column,
    last row), sorted; none at all beyond MAX_MERGES or when two overlap (Excel writes neither),
    so that filling them costs at most one pass over each column."""
    k = x.find(b"<mergeCells", j)
    if k < 0:
        return ()
    out = []
    for m in _MERGE.finditer(x, k):
        if m[1] == m[3] and int(m[4]) > int(m[2]):
            out.append((int(m[2]), col_number(m[1]), int(m[4])))
            if len(out) > MAX_MERGES:
                return ()
    out.sort(key=lambda r: (r[1], r[0]))
    for a, b in zip(out, out[1:]):
        if a[1] == b[1] and b[0] <= a[2]:
            return ()                    # overlapping ranges: not what Excel writes; none are used
    return tuple(out)


def _fast_sheet(sh: SheetScan, x, i: int, j: int, n_si: int) -> bool:
    """Canonical form with valid references: collect the content cells window by window
    (reversed), then work on them with C-level maps. False if a content cell has a form the
    reversed pattern does not know (the caller then takes the slow path)."""
    found = 0
    rows: set = set()
    cols: set = set()
    last = x.rfind(b"</c>", i, j)          # no content cell after the last </c>
    if last < 0:
        return True
    j = last + 4
    a = i
    while a < j:
        # a window ends before a <row> (never inside a cell), else after a </c>
        b = j if j - a <= _WINDOW else x.find(b"<row", a + _WINDOW, j)
        if b < 0:
            b = x.find(b"</c>", a + _WINDOW, j)
            b = j if b < 0 else b + 4
        rev = x[a:b][::-1]
        cells = _REV_VALUE_CELL.findall(rev)
        del rev
        if _UNKNOWN_FORM in cells:
            sh.error_refs.clear()
            sh.s_max, sh.s_max_ref, sh.bad_s_ref, sh.bad_num_ref = -1, "", None, None
            return False
        found += len(cells)
        if found > MAX_VALUE_CELLS:
            raise unsafe(msg.value_cells_over_cap())
        if cells:
            vals, attrs, rws, cls = zip(*cells)
            rows.update(rws)
            cols.update(cls)
            check_values(sh, cells, vals, attrs, n_si)
        a = b
    sh.n_values = found
    if found:
        # rows and cols hold reversed digit / letter strings; the references were validated
        sh.last_row = max(map(int, b"\x00".join(rows)[::-1].split(b"\x00")))
        sh.last_col = max(map(col_number, b"\x00".join(cols)[::-1].split(b"\x00")))
    return True


def _empty_tail(x, i: int, j: int) -> tuple[int, int] | None:
    """Canonical sheetData from `i` to `j`: the bytes after the row of the last cell holding
    content (the last "</c>"; empty cells are self-closing), if worth dropping. A template's
    formatted rows below the data are most of its bytes and of a reader's work. The caller
    makes sure the part holds no "<!"; with no processing instruction either, no "</c>",
    "</row>" or "<sheetData" can be anything but a tag, so nothing after the cut holds content.
    Only empty cells may stand between that "</c>" and the row's end."""
    last = x.rfind(b"</c>", i, j)
    if last < 0:
        m = _SHEETDATA_OPEN.match(x, i, j)
    else:
        m = _EMPTY_CELLS_ROW_END.match(x, last + 4, j)
    if m is None or j - m.end() < _MIN_TAIL:
        return None
    decl = _XML_DECL.match(x)
    if x.find(b"<?", decl.end() if decl else 0, j) >= 0:
        return None
    return m.end(), j


class _Next:
    """The first occurrence of `needle` at or after a position, remembered, so that asking
    for increasing positions costs one pass over the text."""

    def __init__(self, x, needle: bytes, end: int):
        self.x, self.needle, self.end = x, needle, end
        self.asked, self.found = 0, -2          # nothing known yet

    def at(self, pos: int) -> int:
        if not (self.asked <= pos and (pos <= self.found or self.found == -1)):
            self.asked, self.found = pos, self.x.find(self.needle, pos, self.end)
        return self.found


class _Values:
    r"""What ``re.search(rb"<v(?:\s[^>]*)?>(.*?)</v>|<v(?:\s[^>]*)?/>", x[s:e], re.S)`` finds,
    cell after cell, in linear time: that search would rescan the rest of the sheet for
    every unclosed <v> or tag, which a hostile sheet can repeat a million times."""

    _NONE = (-1, None)

    def __init__(self, x, j: int):
        self.x = x
        self.gt, self.close = _Next(x, b">", j), _Next(x, b"</v>", j)
        self.memo = (-1, -1, self._NONE)          # (e, s, (match start, text)) of the last search

    def text(self, s: int, e: int) -> bytes | None:
        """The <v> text of the first match in [s, e); None if it is <v/>-like or there is none."""
        me, ms, (start, text) = self.memo
        if e == me and ms <= s and (start < 0 or s <= start):
            return text                 # the same region, not past the match found in it
        found = self._search(s, e)
        self.memo = (e, s, found)
        return found[1]

    def _search(self, s: int, e: int) -> tuple[int, bytes | None]:
        x = self.x
        p = x.find(b"<v", s, e)
        open_failed = False             # once an opened <v> has no </v> before e, no later one has
        while p >= 0 and p + 2 < e:
            c = x[p + 2]
            if c == 0x2F:               # "<v/>"
                if x[p + 3:p + 4] == b">" and p + 4 <= e:
                    return p, None
            elif c == 0x3E or c in _SPACE:
                if c == 0x3E:
                    q, self_closed = p + 3, False
                else:
                    g = self.gt.at(p + 3)
                    if g < 0 or g >= e:
                        return self._NONE       # no tag can close before e
                    q, self_closed = g + 1, g > p + 3 and x[g - 1] == 0x2F
                if not open_failed:
                    r = self.close.at(q)
                    if 0 <= r and r + 4 <= e:
                        return p, bytes(x[q:r])
                    open_failed = True
                if self_closed:
                    return p, None
            p = x.find(b"<v", p + 1, e)
        return self._NONE


def _slow_sheet(sh: SheetScan, x, i: int, j: int) -> None:
    """Any form: one tag at a time, positions inferred where `r` is missing (as readers do)."""
    row = 0
    col = 0
    last_row = last_col = 0
    n_tags = n_values = 0
    # No tag ends after the last '>': stopping there keeps an unclosed tag from being
    # rescanned to the end of the sheet once per '<c' that follows it.
    tags_end = x.rfind(b">", i, j) + 1
    cell_end = _Next(x, b"</c>", j)
    values = _Values(x, j)
    for m in _TAG_RE.finditer(x, i, tags_end):
        name = m.group(1)
        if name is None:                       # </row>
            continue
        attrs = m.group(2)
        mr = _ATTR_R.search(attrs)
        if name == b"row":
            if mr:
                r = mr.group(1)
                if not (r.isdigit() and r[:1] != b"0" and int(r) <= GRID_ROWS):
                    sh.bad_ref = "baris " + r[:12].decode("ascii", "replace")
                    return
                row = int(r)
            else:
                row += 1
            col = 0
            continue
        n_tags += 1
        if mr:
            mref = _REF_RE.fullmatch(mr.group(1))
            if not mref:
                sh.bad_ref = mr.group(1)[:12].decode("ascii", "replace")
                return
            col, crow = col_number(mref.group(1)), int(mref.group(2))
            if col > GRID_COLS or crow > GRID_ROWS:
                sh.bad_ref = mr.group(1).decode()
                return
        else:
            col += 1
            crow = row or 1
            if col > GRID_COLS:
                sh.bad_ref = f"{col_letters(col)}{crow}"
                return
        if attrs[-1:] == b"/":
            continue                           # empty (styled) cell
        n_values += 1
        if crow > last_row:
            last_row = crow
        if col > last_col:
            last_col = col
        mt = ATTR_T.search(attrs)
        kind = mt.group(1) if mt else b"n"
        if kind != b"n" and kind != b"s" and kind != b"e":
            continue
        end = cell_end.at(m.end())
        v = values.text(m.end(), end if end >= 0 else j)
        if kind == b"e":
            if v is not None and v.startswith(b"<![CDATA[") and v.endswith(b"]]>"):
                v = v[9:-3]
            sh.error_refs.append((f"{col_letters(col)}{crow}", error_text(v)))
        elif kind == b"n":
            if v and not v.isdigit() and sh.bad_num_ref is None and not finite_number(v):
                sh.bad_num_ref = f"{col_letters(col)}{crow}"
        else:
            if v is not None:
                v = unescape(v)
                if v.startswith(b"<![CDATA[") and v.endswith(b"]]>"):
                    v = v[9:-3]
            shared_index(sh, v, f"{col_letters(col)}{crow}")
    sh.n_tags, sh.n_values = n_tags, n_values
    sh.last_row, sh.last_col = last_row, last_col
    if n_values > MAX_VALUE_CELLS:
        raise unsafe(msg.value_cells_over_cap())
