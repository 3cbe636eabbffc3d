"""Where a cell note's box is drawn: its VML shape, beside its cell, as wide on screen whatever
the widths of the columns it lies over.

Excel and LibreOffice size a legacy note by its anchor (columns and rows, with pixel offsets),
not by its style's width: a box anchored over four wide columns was 27 cm wide.
"""
from __future__ import annotations

import re

from compiler.correction.xml_text import attrs, parse_ref

# The text box type every note shape is drawn with (type="#_x0000_t202")
SHAPETYPE = ('<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
             '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>')


_COL = re.compile(r"<(?:[A-Za-z_][\w.\-]*:)?col\s[^>]*>")
_DEFAULT_WIDTH = re.compile(r"<(?:[A-Za-z_][\w.\-]*:)?sheetFormatPr\s[^>]*?\bdefaultColWidth\s*=\s*[\"']([\d.]+)")
NOTE_PX = 320   # a note box's width on screen


def _px(chars: float) -> int:
    """A column width in characters as pixels, as Excel draws it (Calibri 11: 7 px a digit)."""
    return int(chars * 7 + 5) if chars > 0 else 0


def column_px(xml: str):
    """Each column's width in pixels (1-based column -> px), from a worksheet's <cols>."""
    default = _DEFAULT_WIDTH.search(xml[:xml.find("sheetData")])
    base = _px(float(default.group(1))) if default else 64
    spans = []
    for m in _COL.finditer(xml, 0, max(xml.find("sheetData"), 0)):
        a = attrs(m.group(0))
        try:
            lo, hi = int(a.get("min", 0)), int(a.get("max", 0))
            px = 0 if a.get("hidden") in ("1", "true") else _px(float(a.get("width", 8.43)))
        except ValueError:
            continue
        spans.append((lo, hi, px))
    return lambda c: next((px for lo, hi, px in spans if lo <= c <= hi), base)


def right_edge(left: int, width) -> tuple[int, int]:
    """(0-based column, pixel offset in it) where a box starting 15 px into column `left`
    (0-based) ends NOTE_PX later: the anchor Excel and LibreOffice size a note by."""
    need, c = NOTE_PX + 15, left
    while c < 16383 and width(c + 1) < need:
        need -= width(c + 1)
        c += 1
    return c, min(need, 1023)


def note_shapes(notes, idmap: int, z: int = 0, width=None) -> str:
    """The note boxes (v:, o:, x: prefixes): hidden until hovered, NOTE_PX wide whatever the
    columns' widths (`width`: 1-based column -> px, `column_px`), beside their cell (0-based
    Row/Column); ids from block `idmap` on, stacked above `z` shapes already there."""
    width = width or (lambda c: 64)
    shapes = []
    for n, ref in enumerate(notes, start=1):
        row, col = parse_ref(ref)
        top = min(max(row - 2, 0), 1048568)
        right, offset = right_edge(min(col, 16382), width)
        shapes.append(
            f'<v:shape id="_x0000_s{idmap * 1024 + n}" type="#_x0000_t202" style="position:absolute;'
            f'margin-left:59.25pt;margin-top:1.5pt;width:240pt;height:105pt;z-index:{z + n};visibility:hidden"'
            ' fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/>'
            '<v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>'
            '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>'
            '<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
            f"<x:Anchor>{min(col, 16382)}, 15, {top}, 10, {right}, {offset}, {top + 7}, 4</x:Anchor>"
            f"<x:AutoFill>False</x:AutoFill><x:Row>{row - 1}</x:Row><x:Column>{col - 1}</x:Column>"
            "</x:ClientData></v:shape>")
    return "".join(shapes)
