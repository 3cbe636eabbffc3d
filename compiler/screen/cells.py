"""What content cells hold: numbers that must be finite, shared-string indexes, error text.

A `NaN` or `1e999` in a numeric cell and a shared-string index that points nowhere make
readers fail or disagree, so they are found here, before any parser; error cells are
collected with their cached text because calamine returns them as empty strings.
"""
from __future__ import annotations

import re
from itertools import compress

from compiler.screen.scan import SheetScan
from compiler.screen.xml import unescape


# A plain decimal number, written so that no digit run can be split two ways: the obvious
# r"\d+\.?\d*" backtracks quadratically on a long run of digits that ends badly.
_NUMBER = rb"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
_NUMBER_RE = re.compile(_NUMBER)
# A numeric <v> text that is not a plain decimal number, in a NUL-joined list of them ...
_BAD_NUMBER = re.compile(rb"(?:^|(?<=\x00))(?!(?:" + _NUMBER + rb")?(?:\x00|$))")
# ... and, in one cheap pass, the common case where there is none.
_ALL_NUMBERS = re.compile(rb"(?:" + _NUMBER + rb")?(?:\x00(?:" + _NUMBER + rb")?)*")
ATTR_T = re.compile(rb"""\st\s*=\s*["']([^"']*)["']""")
_KINDS: dict[bytes, bytes] = {}          # reversed attribute text -> cell type, for all sheets
_KINDS_MAX = 4096                        # entries (each of at most _KIND_KEY_MAX bytes)
_KIND_KEY_MAX = 64


def finite_number(raw: bytes) -> bool:
    """True if `raw` (the text of a numeric cell's <v>) is a plain finite decimal number."""
    if raw.isdigit():
        return True
    raw = unescape(raw).strip()
    if raw.startswith(b"<![CDATA[") and raw.endswith(b"]]>"):
        raw = raw[9:-3].strip()
    if not raw:
        return True                        # an empty <v/>: nothing to misread
    if not _NUMBER_RE.fullmatch(raw):
        return False
    x = float(raw)
    return x - x == 0.0                    # False for inf and nan


def error_text(raw: bytes | None) -> str:
    return unescape(raw or b"").decode("utf-8", "replace").strip()[:32]


def shared_index(sh: SheetScan, v: bytes | None, ref: str) -> None:
    """Note one shared-string cell's index (slow path): the largest, or the first bad one."""
    v = (v or b"").strip()
    if v.isdigit():
        k = int(v)
        if k > sh.s_max:
            sh.s_max, sh.s_max_ref = k, ref
    elif sh.bad_s_ref is None:
        sh.bad_s_ref = ref


def _rev_ref(c: tuple) -> str:
    return (c[2] + c[3])[::-1].decode()


def _kinds(attrs: tuple) -> list[bytes]:
    """The type of each cell (its t attribute, b"n" without one) from its reversed attribute
    text. The few attribute texts of a workbook recur in every sheet, so they are cached."""
    kinds = list(map(_KINDS.get, attrs))
    if None not in kinds:
        return kinds
    if len(_KINDS) > _KINDS_MAX:
        _KINDS.clear()
    kind_of = {}
    for a in set(attrs):
        mt = ATTR_T.search(a[::-1])
        kind_of[a] = mt.group(1) if mt else b"n"
        if len(a) <= _KIND_KEY_MAX:
            _KINDS[a] = kind_of[a]
    return list(map(kind_of.__getitem__, attrs))


def check_values(sh: SheetScan, cells: list, vals: tuple, attrs: tuple, n_si: int) -> None:
    """Types and values of content cells (fast path): `cells` are tuples of reversed text
    (<v> text, other attributes, row digits, column letters), `vals` and `attrs` their first
    two columns; handled in bulk with C-level maps, cell by cell only to name a bad one."""
    kinds = _kinds(attrs)
    present = set(kinds)
    if b"n" in present and sh.bad_num_ref is None:
        is_n = list(map(b"n".__eq__, kinds))
        joined = b"\x00".join(compress(vals, is_n))[::-1]   # the values read forwards, in reverse order
        m = None if _ALL_NUMBERS.fullmatch(joined) else _BAD_NUMBER.search(joined)
        if m:
            numeric = list(compress(cells, is_n))
            k = len(numeric) - 1 - joined.count(b"\x00", 0, m.start())
            sh.bad_num_ref = _rev_ref(numeric[k])
        elif b"e" in joined or b"E" in joined:
            for c in compress(cells, is_n):
                if (b"e" in c[0] or b"E" in c[0]) and not finite_number(c[0][::-1]):
                    sh.bad_num_ref = _rev_ref(c)
                    break
    if b"s" in present and sh.bad_s_ref is None:
        is_s = list(map(b"s".__eq__, kinds))
        distinct = set(compress(vals, is_s))
        if all(map(bytes.isdigit, distinct)):
            top = max(map(int, b"\x00".join(distinct)[::-1].split(b"\x00")))
            if top > sh.s_max:
                sh.s_max = top
                if top >= n_si:          # out of range: find the cell for the message
                    sh.s_max_ref = next(_rev_ref(c) for c in compress(cells, is_s) if int(c[0][::-1]) == top)
        else:
            sh.bad_s_ref = next(_rev_ref(c) for c in compress(cells, is_s) if not c[0].isdigit())
    if b"e" in present:
        sh.error_refs.extend((_rev_ref(c), error_text(c[0][::-1]))
                             for c in compress(cells, map(b"e".__eq__, kinds)))
