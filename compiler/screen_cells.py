"""What content cells hold: numbers that must be finite, shared-string indexes, error text.

A `NaN` or `1e999` in a numeric cell and a shared-string index that points nowhere make
readers fail or disagree, so they are found here, before any parser; error cells are
collected with their cached text because calamine returns them as empty strings.
"""
from __future__ import annotations

import re
from itertools import compress
from operator import itemgetter
from typing import TYPE_CHECKING

from compiler.screen_xml import unescape

if TYPE_CHECKING:
    from compiler.screen_sheet import SheetScan

# A numeric <v> text that is not a plain decimal number, in a NUL-joined list of them.
_BAD_NUMBER = re.compile(rb"(?:^|(?<=\x00))(?!(?:[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)?(?:\x00|$))")
_NUMBER_RE = re.compile(rb"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
ATTR_T = re.compile(rb"""\st\s*=\s*["']([^"']*)["']""")


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


def check_values(sh: SheetScan, cells: list, n_si: int) -> None:
    """Types and values of content cells (fast path): tuples of reversed text (<v> text,
    other attributes, row digits, column letters), handled in bulk with C-level maps."""
    attrs = list(map(itemgetter(1), cells))
    kind_of = {}
    for a in set(attrs):
        mt = ATTR_T.search(a[::-1])
        kind_of[a] = mt.group(1) if mt else b"n"
    kinds = list(map(kind_of.__getitem__, attrs))
    present = set(kind_of.values())
    if b"n" in present and sh.bad_num_ref is None:
        numeric = list(compress(cells, map(b"n".__eq__, kinds)))
        joined = b"\x00".join(map(itemgetter(0), numeric))
        joined = joined[::-1]            # the values read forwards, in reverse order
        m = _BAD_NUMBER.search(joined)
        if m:
            k = len(numeric) - 1 - joined.count(b"\x00", 0, m.start())
            sh.bad_num_ref = _rev_ref(numeric[k])
        elif b"e" in joined or b"E" in joined:
            for c in numeric:
                if (b"e" in c[0] or b"E" in c[0]) and not finite_number(c[0][::-1]):
                    sh.bad_num_ref = _rev_ref(c)
                    break
    if b"s" in present and sh.bad_s_ref is None:
        shared = list(compress(cells, map(b"s".__eq__, kinds)))
        distinct = set(map(itemgetter(0), shared))
        if all(map(bytes.isdigit, distinct)):
            forwards = b"\x00".join(distinct)[::-1].split(b"\x00")
            top = max(map(int, forwards))
            if top > sh.s_max:
                sh.s_max = top
                if top >= n_si:          # out of range: find the cell for the message
                    sh.s_max_ref = next(_rev_ref(c) for c in shared if int(c[0][::-1]) == top)
        else:
            sh.bad_s_ref = next(_rev_ref(c) for c in shared if not c[0].isdigit())
    if b"e" in present:
        sh.error_refs.extend((_rev_ref(c), error_text(c[0][::-1]))
                             for c in compress(cells, map(b"e".__eq__, kinds)))
