"""A volunteer's own sheets, set to print one page wide, where they never set up printing.

Their content is never touched: only a sheet without a page setup of its own gets one (A4,
one page wide, as many long as it takes; across when it is wider than an upright page), so
that a marked workbook prints in pages a person can read instead of a table cut over pages.
A sheet the volunteer (or their spreadsheet program) set up stays as it is.
"""
from __future__ import annotations

import re

from compiler.correction.xml_text import Unsupported, attr, element, root, set_attr
from compiler.files.paper import landscape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
DEFAULT_WIDTH = 8.43
# worksheet children that come after <pageSetup>, in the schema's order
AFTER = ("headerFooter", "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors",
         "smartTags", "drawing", "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects",
         "controls", "webPublishItems", "tableParts", "extLst")
_AFTER = re.compile(rf"<(?:{'|'.join(AFTER)})[\s/>]")
_SETUP = re.compile(r"<pageSetup[\s/>]")
MARGINS = '<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.6" header="0.2" footer="0.3"/>'


_COL = re.compile(r"""<col\s[^>]*>""")
_NUM = {k: re.compile(rf"""\b{k}\s*=\s*["']([\d.]+)["']""") for k in ("min", "max", "width")}


def _widths(head: str) -> list[float]:
    """The widths (characters) of the columns the sheet uses, as its <cols> and <dimension>
    say (`head`: the sheet's XML before <sheetData>)."""
    dim = re.search(r"""<dimension\s[^>]*\bref\s*=\s*["'][A-Z]+\d*:?([A-Z]*)""", head)
    letters = dim.group(1) if dim and dim.group(1) else "A"
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    widths = [DEFAULT_WIDTH] * max(1, min(n, 200))
    for tag in _COL.finditer(head):
        found = [_NUM[k].search(tag.group(0)) for k in ("min", "max", "width")]
        if all(found):
            lo, hi, w = (float(m.group(1)) for m in found)
            for c in range(int(lo), min(int(hi), len(widths)) + 1):
                widths[c - 1] = w
    return widths


def fit_to_width(xml: str) -> str | None:
    """The sheet's XML set to print one page wide, or None to leave it (it has a page setup of
    its own, or XML this does not follow)."""
    try:
        start = root(xml, "worksheet", MAIN)
        data = element(xml, "sheetData")
        if data is None or _SETUP.search(xml, data[3]):
            return None
        fit = element(xml, "pageSetUpPr", 0, data[0].start())
        if fit is not None and attr(fit[0].group(0), "fitToPage") in ("1", "true"):
            return None
        across = landscape(_widths(xml[:data[0].start()]))
        setup = (f'<pageSetup paperSize="9" orientation="{"landscape" if across else "portrait"}" '
                 'fitToWidth="1" fitToHeight="0"/>')
        edits = []
        pr = element(xml, "sheetPr", 0, data[0].start())
        if fit is not None:   # <pageSetUpPr/> without fitToPage, as openpyxl writes it
            edits.append((fit[0].start(), fit[0].end(), set_attr(fit[0].group(0), "fitToPage", "1")))
        elif pr is None:
            edits.append((start.end(), start.end(), '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'))
        elif pr[0].group(4):   # <sheetPr .../>
            edits.append((pr[0].start(), pr[0].end(),
                          pr[0].group(0)[:-2].rstrip() + '><pageSetUpPr fitToPage="1"/></sheetPr>'))
        else:   # pageSetUpPr is the last child of sheetPr
            edits.append((pr[2], pr[2], '<pageSetUpPr fitToPage="1"/>'))
        margins = element(xml, "pageMargins", data[3])
        if margins is not None:
            edits.append((margins[3], margins[3], setup))
        else:
            later = _AFTER.search(xml, data[3])
            at = later.start() if later else xml.rindex("</worksheet>")
            edits.append((at, at, MARGINS + setup))
    except (Unsupported, ValueError):
        return None
    out, pos = [], 0
    for s, e, text in sorted(edits):
        out += [xml[pos:s], text]
        pos = e
    return "".join(out) + xml[pos:]
