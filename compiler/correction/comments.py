"""The marks a correction copy adds: cell formats, restyled cells, notes (comments + VML).

Text surgery keeping every other byte: styles.xml only gains fills, fonts and formats at the
end of its lists; cells keep their values and only their style index changes (a missing cell
or row is inserted in order). Notes need three parts Excel insists on together: the comments
part, a legacy VML drawing that places the note boxes, and a `<legacyDrawing>` element in the
worksheet at its schema position.
"""
from __future__ import annotations

import bisect
import posixpath
import re
from collections.abc import Callable

from compiler.model.findings import col_letter
from compiler.correction.note_box import SHAPETYPE, column_px, note_shapes
from compiler.correction.patch import MAIN, REL, Package, add_relationship, content_type, relationships
from compiler.correction.xml_text import (TAG, Unsupported, append_child, attr, attrs, element, esc, parse_ref, prefix_of,
                               root, set_attr, splice, tag_at)

CT_COMMENTS = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
CT_VML = "application/vnd.openxmlformats-officedocument.vmlDrawing"
_ROW = re.compile(r"<row(?=[\s/>])")
_ROW_R = re.compile(r'<row r="(\d+)"')
_CELL = re.compile(r"<c(?=[\s/>])")
# Worksheet children that come after <legacyDrawing> (CT_Worksheet order); AlternateContent
# wraps controls and OLE objects, which also come after it.
_AFTER = {"legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems",
          "tableParts", "extLst", "mc:AlternateContent"}


def _letters(col: int) -> str:
    return col_letter(col - 1)


def _ref_of(tag: str) -> tuple[int, int]:
    ref = attr(tag, "r")
    if ref is None:
        raise Unsupported("row or cell without r")
    return (int(ref), 0) if ref.isdigit() else parse_ref(ref)


def mark_cells(xml: str, marks: dict[str, Callable[[int], int]], insert: bool = True) -> str:
    """Restyle cells: marks maps 'D7' -> function(old style index) -> new style index. Without
    `insert`, only the cells the sheet has: taking a mark off adds no cell."""
    root(xml, "worksheet", MAIN)
    found = element(xml, "sheetData")
    if found is None:
        raise Unsupported("no sheetData")
    tag, start, stop, _ = found
    wanted: dict[int, dict[int, Callable[[int], int]]] = {}
    for ref, restyle in marks.items():
        row, col = parse_ref(ref)
        wanted.setdefault(row, {})[col] = restyle
    edits = []
    if tag.group(4):  # <sheetData/>
        if insert:
            opened = tag.group(0)[:-2].rstrip() + ">"
            rows = "".join(_new_row(row, wanted[row]) for row in sorted(wanted))
            edits.append((tag.start(), tag.end(), opened + rows + "</sheetData>"))
    else:
        for row, where in _locate(xml, start, stop, sorted(wanted)).items():
            if isinstance(where, int):
                if insert:
                    edits.append((where, where, _new_row(row, wanted[row])))
            elif insert or not where.group(4):
                edits += _mark_row(xml, where, row, wanted[row], insert=insert)
    return _widen_dimension(splice(xml, edits), marks) if insert else splice(xml, edits)


def _locate(xml: str, start: int, stop: int, wanted: list[int]) -> dict[int, re.Match | int]:
    """Each wanted row's start tag, or the offset where the missing row must be inserted."""
    numbers = [int(n) for n in _ROW_R.findall(xml, start, stop)]
    if len(numbers) == xml.count("<row", start, stop):  # every row opens `<row r="N"`: no full scan
        if any(a >= b for a, b in zip(numbers, numbers[1:])):
            raise Unsupported("rows out of order")
        out: dict[int, re.Match | int] = {}
        pos = start  # wanted rows ascend: each search starts where the previous one ended
        for row in wanted:
            i = bisect.bisect_left(numbers, row)
            if i == len(numbers):
                out[row] = stop
            else:
                at = pos = xml.find(f'<row r="{numbers[i]}"', pos, stop)
                if at < 0:  # a number written oddly, such as r="07"
                    raise Unsupported("row number")
                out[row] = tag_at(xml, at) if numbers[i] == row else at
        return out
    out, pending, last = {}, list(wanted), 0
    for m in _ROW.finditer(xml, start, stop):
        row_tag = tag_at(xml, m.start())
        row = _ref_of(row_tag.group(0))[0]
        if row <= last:
            raise Unsupported("rows out of order")
        last = row
        while pending and pending[0] <= row:
            wanted_row = pending.pop(0)
            out[wanted_row] = row_tag if wanted_row == row else row_tag.start()
    for row in pending:
        out[row] = stop
    return out


def _new_cells(row: int, cols: dict[int, Callable[[int], int]]) -> str:
    """Empty cells, styled, for columns a row lacks (in column order)."""
    return "".join(f'<c r="{_letters(col)}{row}" s="{restyle(0)}"/>' for col, restyle in sorted(cols.items()))


def _new_row(row: int, cols) -> str:
    return f'<row r="{row}">{_new_cells(row, cols)}</row>'


def restyle_cells(xml: str, restyles: dict[str, Callable[[int], int]]) -> str:
    """`mark_cells` for the cells the sheet has only: taking a mark off adds no cell."""
    return mark_cells(xml, restyles, insert=False)


def cell_styles(xml: str, refs) -> dict[str, int]:
    """The style index (`s`) of each of refs the sheet has: whether an earlier copy filled it."""
    found = element(xml, "sheetData")
    if found is None:
        raise Unsupported("no sheetData")
    tag, start, stop, _ = found
    wanted: dict[int, set[int]] = {}
    for ref in refs:
        row, col = parse_ref(ref)
        wanted.setdefault(row, set()).add(col)
    out: dict[str, int] = {}
    if tag.group(4) or not wanted:
        return out
    for row, where in _locate(xml, start, stop, sorted(wanted)).items():
        if isinstance(where, int) or where.group(4):
            continue
        close = xml.find("</row>", where.end())
        if close < 0:
            raise Unsupported("row not closed")
        for m in _CELL.finditer(xml, where.end(), close):
            cell = tag_at(xml, m.start()).group(0)
            col = _ref_of(cell)[1]
            if col in wanted[row]:
                out[f"{_letters(col)}{row}"] = int(attr(cell, "s") or 0)
    return out


def _mark_row(xml: str, row_tag, row: int, cols: dict[int, Callable[[int], int]],
              insert: bool = True) -> list[tuple[int, int, str]]:
    edits, todo = [], dict(cols)
    if row_tag.group(4):  # <row r="7"/>: no cells yet
        opened = set_attr(row_tag.group(0)[:-2].rstrip() + ">", "spans", None)
        return [(row_tag.start(), row_tag.end(), opened + _new_cells(row, todo) + "</row>")]
    close = xml.find("</row>", row_tag.end())
    if close < 0:
        raise Unsupported("row not closed")
    inserted, last = False, 0
    for m in _CELL.finditer(xml, row_tag.end(), close):
        cell = tag_at(xml, m.start())
        col = _ref_of(cell.group(0))[1]
        if col <= last:
            raise Unsupported("cells out of order")
        last = col
        before = {c: todo.pop(c) for c in sorted(todo) if c < col}
        if before and insert:
            inserted = True
            edits.append((cell.start(), cell.start(), _new_cells(row, before)))
        if col in todo:
            old = int(attr(cell.group(0), "s") or 0)
            edits.append((cell.start(), cell.end(), set_attr(cell.group(0), "s", str(todo.pop(col)(old)))))
    if todo and insert:
        inserted = True
        edits.append((close, close, _new_cells(row, todo)))
    if inserted:  # spans is only a hint; a stale one is worse than none
        edits.append((row_tag.start(), row_tag.end(), set_attr(row_tag.group(0), "spans", None)))
    return edits


def _widen_dimension(xml: str, refs) -> str:
    found = element(xml, "dimension")
    if found is None:
        return xml
    tag = found[0]
    old = attrs(tag.group(0)).get("ref", "")
    try:
        points = [parse_ref(p) for p in old.split(":")] + [parse_ref(r) for r in refs]
    except ValueError:
        return xml
    rows, cols = [p[0] for p in points], [p[1] for p in points]
    ref = f"{_letters(min(cols))}{min(rows)}:{_letters(max(cols))}{max(rows)}"
    return xml if ref == old else xml[:tag.start()] + set_attr(tag.group(0), "ref", ref) + xml[tag.end():]


def has_notes(pkg: Package, part: str, xml: str) -> bool:
    """Comments, a VML drawing or a legacyDrawing already there: ours join them (`xlsx_notes`)."""
    kinds = {r.get("Type", "").rsplit("/", 1)[-1] for r in relationships(pkg, part)}
    return bool(kinds & {"comments", "vmlDrawing"}) or re.search(r"<legacyDrawing[\s/>]", xml) is not None


def next_idmap(pkg: Package) -> int:
    """1 + the highest VML shape-id block any drawing in the package uses: declared in its idmap,
    or taken by a shape id (openpyxl declares block 1 on every sheet, whatever ids it writes)."""
    used = [0]
    for name in list(pkg.names.values()):
        if name.lower().endswith(".vml") and pkg.real(name):
            text = pkg.read(name).decode("utf-8", "replace") if name not in pkg.texts else pkg.texts[name]
            for m in re.finditer(r"""idmap[^>]*?\sdata\s*=\s*["']([\d,\s]*)["']""", text):
                used += [int(n) for n in re.findall(r"\d+", m.group(1))]
            used += [int(n) // 1024 for n in re.findall(r"_x0000_s(\d+)", text)]
    return max(used) + 1


_MERGE = re.compile(r"""<(?:[A-Za-z_][\w.\-]*:)?mergeCell\s[^>]*?\bref\s*=\s*["']([A-Za-z]+\d+):([A-Za-z]+\d+)["']""")


def merged_ranges(xml: str) -> list[tuple[int, int, int, int]]:
    """(first row, first column, last row, last column) of each merged range of a worksheet."""
    out = []
    for m in _MERGE.finditer(xml, max(xml.rfind("</sheetData>"), 0)):
        try:
            (r1, c1), (r2, c2) = parse_ref(m.group(1)), parse_ref(m.group(2))
        except ValueError:
            continue
        out.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))
    return out


def add_notes(pkg: Package, part: str, xml: str, notes: dict[str, str], idmap: int) -> str:
    """Attach notes (ref -> text) to a worksheet; returns its new XML."""
    base = posixpath.dirname(posixpath.dirname(part)) or "xl"
    comments = pkg.unused(posixpath.join(base, "comments{}.xml"))
    drawing = pkg.unused(posixpath.join(base, "drawings/vmlDrawing{}.vml"))
    pkg.put(comments, comments_xml(notes))
    pkg.put(drawing, vml_xml(notes, idmap, column_px(xml)))
    content_type(pkg, comments, CT_COMMENTS)
    content_type(pkg, drawing, CT_VML, extension="vml")
    add_relationship(pkg, part, REL + "/comments", comments)
    rid = add_relationship(pkg, part, REL + "/vmlDrawing", drawing)
    top = root(xml, "worksheet", MAIN)
    prefix = prefix_of(top.group(0), REL)
    if prefix is None:
        if "xmlns:r" in attrs(top.group(0)):
            raise Unsupported("r: bound to another namespace")
        prefix = "r"
        xml = xml[:top.start()] + set_attr(top.group(0), "xmlns:r", REL) + xml[top.end():]
    return _insert_child(xml, f'<legacyDrawing {prefix}:id="{rid}"/>')


def _insert_child(xml: str, text: str) -> str:
    """Insert a <legacyDrawing> before the first worksheet child that must follow it."""
    found = element(xml, "sheetData")
    if found is None:
        raise Unsupported("no sheetData")
    pos, depth = found[3], 0
    end = xml.rfind("</worksheet>")
    for m in TAG.finditer(xml, pos, end):
        if depth == 0 and not m.group(1) and m.group(2) in _AFTER:
            return xml[:m.start()] + text + xml[m.start():]
        if not m.group(4):
            depth += -1 if m.group(1) else 1
    return xml[:end] + text + xml[end:]


def comments_xml(notes: dict[str, str]) -> str:
    items = "".join(f'<comment ref="{ref}" authorId="0"><text><r><t xml:space="preserve">{esc(text, False)}'
                    f"</t></r></text></comment>" for ref, text in notes.items())
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<comments xmlns="{MAIN}"><authors><author>wksbm</author></authors>'
            f"<commentList>{items}</commentList></comments>")


def idmap_blocks(notes) -> int:
    """Shape-id blocks (1024 ids each) a drawing with these notes uses."""
    return 1 + len(notes) // 1024


def vml_xml(notes: dict[str, str], idmap: int, width=None) -> str:
    """A drawing of the notes' boxes, in shape-id blocks from `idmap` on."""
    blocks = ",".join(str(idmap + k) for k in range(idmap_blocks(notes)))
    return ('<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
            ' xmlns:x="urn:schemas-microsoft-com:office:excel">'
            f'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{blocks}"/></o:shapelayout>'
            + SHAPETYPE + note_shapes(notes, idmap, width=width) + "</xml>")


class Styles:
    """styles.xml gaining fills, fonts and cell formats, appended after the existing ones."""

    KINDS = {"fonts": "font", "fills": "fill", "cellXfs": "xf"}

    def __init__(self, pkg: Package, part: str):
        self.pkg, self.part = pkg, part
        self.xml = pkg.text(part)
        root(self.xml, "styleSheet", MAIN)
        self.items = {kind: _children(self.xml, kind, child) for kind, child in self.KINDS.items()}
        if not self.items["fonts"] or not self.items["cellXfs"]:
            raise Unsupported("styles without fonts or cell formats")
        self.added: dict[str, list[str]] = {kind: [] for kind in self.KINDS}
        self.memo: dict[tuple[str, str], int] = {}

    def _add(self, kind: str, text: str) -> int:
        if (kind, text) not in self.memo:
            self.memo[kind, text] = len(self.items[kind]) + len(self.added[kind])
            self.added[kind].append(text)
        return self.memo[kind, text]

    def fill(self, rgb: str) -> int:
        return self._add("fills", f'<fill><patternFill patternType="solid"><fgColor rgb="{rgb}"/>'
                                  '<bgColor indexed="64"/></patternFill></fill>')

    def font(self, bold: bool = False, color: str = "", underline: bool = False) -> int:
        """The default font (font 0), made bold and/or recoloured and underlined."""
        base = self.items["fonts"][0]
        part = {k: m.group(0) for k in ("sz", "color", "name", "family", "charset", "scheme")
                for m in [re.search(rf"<{k}(?=[\s/>])[^>]*>", base)] if m and m.group(0).endswith("/>")}
        colour = f'<color rgb="{color}"/>' if color else part.get("color", "")
        return self._add("fonts", "<font>" + ("<b/>" if bold else "") + ("<u/>" if underline else "")
                         + part.get("sz", '<sz val="11"/>') + colour + part.get("name", '<name val="Calibri"/>')
                         + part.get("family", "") + part.get("charset", "") + part.get("scheme", "") + "</font>")

    def with_fill(self, base: int, fill_id: int) -> int:
        """A copy of cell format `base` (format 0 when out of range) with another fill."""
        xfs = self.items["cellXfs"]
        xf = xfs[base] if 0 <= base < len(xfs) else xfs[0]
        tag = tag_at(xf, 0)
        opened = set_attr(set_attr(tag.group(0), "fillId", str(fill_id)), "applyFill", "1")
        return self._add("cellXfs", opened + xf[tag.end():])

    def solid_rgb(self, xf: int) -> str | None:
        """The colour (rgb, as written) of cell format xf's fill when it is a solid one, else None."""
        xfs, fills = self.items["cellXfs"], self.items["fills"]
        fill_id = attr(tag_at(xfs[xf], 0).group(0), "fillId") if 0 <= xf < len(xfs) else None
        if fill_id is None or not fill_id.isdigit() or int(fill_id) >= len(fills):
            return None
        fill = fills[int(fill_id)]
        pattern, colour = (re.search(rf"<{name}(?=[\s/>])", fill) for name in ("patternFill", "fgColor"))
        if pattern is None or colour is None or attr(tag_at(fill, pattern.start()).group(0), "patternType") != "solid":
            return None
        return attr(tag_at(fill, colour.start()).group(0), "rgb")

    def xf(self, font: int = 0, fill: int = 0, wrap: bool = False) -> int:
        text = (f'<xf numFmtId="0" fontId="{font}" fillId="{fill}" borderId="0" xfId="0"'
                + (' applyFont="1"' if font else "") + (' applyFill="1"' if fill else ""))
        return self._add("cellXfs", text + (' applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>'
                                            if wrap else "/>"))

    def save(self) -> None:
        xml = self.xml
        for kind, added in self.added.items():
            if added:
                xml = append_child(xml, kind, "".join(added))
                tag = element(xml, kind)[0]
                count = str(len(self.items[kind]) + len(added))
                xml = xml[:tag.start()] + set_attr(tag.group(0), "count", count) + xml[tag.end():]
        self.pkg.put(self.part, xml)


def _children(xml: str, parent: str, child: str) -> list[str]:
    """The texts of `child` elements directly inside the first `parent` element."""
    found = element(xml, parent)
    if found is None:
        raise Unsupported(f"no <{parent}>")
    out, pos = [], found[1]
    while (item := element(xml, child, pos, found[2])) is not None:
        out.append(xml[item[0].start():item[3]])
        pos = item[3]
    return out
