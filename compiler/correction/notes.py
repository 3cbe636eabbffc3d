"""A worksheet's notes edited where they are: its comments part and VML drawing, in place.

What lets the patch path take a sheet that already has notes (a volunteer's own, or an earlier
copy's) instead of leaving it to openpyxl, which drops pictures, Excel 2010 dropdowns and formula
values. A note on a cell we mark gains our message as a paragraph and keeps its author; other
cells get notes of ours beside theirs; a note of an earlier copy loses our paragraphs, or goes.
Only a drawing of note boxes alone is edited; anything else raises Unsupported.
"""
from __future__ import annotations

import bisect
import html
import re
from collections import Counter
from functools import cached_property
from typing import NamedTuple

from compiler.correction.comments import idmap_blocks
from compiler.correction.note_box import SHAPETYPE, column_px, note_shapes, right_edge
from compiler.correction.patch import (MAIN, REL, Package, drop_override, relationships, rels_name, remove_relationship,
                                 targets)
from compiler.correction.xml_text import Unsupported, attr, attrs, element, esc, parse_ref, prefix_of, root, set_attr, splice, \
    tag_at, tags

AUTHOR = "wksbm"
VML = "urn:schemas-microsoft-com:vml"
OFFICE = "urn:schemas-microsoft-com:office:office"
EXCEL = "urn:schemas-microsoft-com:office:excel"
# VML drawing elements other than a note's <v:shape>: a picture, a control, a shape drawn by hand
_OTHER_SHAPES = "rect|roundrect|oval|line|polyline|curve|arc|image|group"



_SIZE = re.compile(r"\b(width|height)\s*:\s*([\d.]+)\s*(pt|px|in)?")
_MIN = {"width": 240.0, "height": 105.0}   # pt: our own notes' box (`note_shapes`)


def _pt(value: str, unit: str | None) -> float:
    """A VML length in points (a bare number is pixels, as CSS reads it)."""
    return float(value) * {"pt": 1.0, "in": 72.0}.get(unit or "px", 0.75)


class Note(NamedTuple):
    start: int            # the <comment> element
    end: int
    tag: str              # its start tag
    ref: str
    author_id: int | None
    author: str | None    # None: authorId names no author
    body: tuple[int, int]  # the content of its <text>
    runs: list            # (start, end, text start, text end, text) of each <r> (or of a lone <t>)

    @property
    def text(self) -> str:
        return "".join(run[4] for run in self.runs)


class SheetNotes:
    """One worksheet's notes: edits gathered, then written by `save` (or all taken away by `drop`).
    The drawing is looked at only when a note is edited: a sheet of the volunteer's notes alone
    stays as it is, whatever its drawing holds."""

    def __init__(self, pkg: Package, part: str, rels: list, comments: dict):
        self.pkg, self.part, self.rels, self.comments = pkg, part, rels, comments["part"]
        self.xml = xml = pkg.text(self.comments)
        root(xml, "comments", MAIN)
        found, listed = element(xml, "authors"), element(xml, "commentList")
        if found is None or listed is None:
            raise Unsupported("comments without authors or notes")
        # <authors/> or <commentList/>: read as empty, never added to
        self.authors_end = None if found[0].group(4) else found[2]
        self.list_end = None if listed[0].group(4) else listed[2]
        self.authors = []   # (name, start, end)
        for tag in tags(xml, "author", found[1], found[2]):
            _, start, end, stop = element(xml, "author", tag.start())
            self.authors.append((html.unescape(xml[start:end]), tag.start(), stop))
        self.notes = [self._note(tag) for tag in tags(xml, "comment", listed[1], listed[2])]
        self.cells = Counter(note.ref for note in self.notes)
        self.edits: list[tuple[int, int, str]] = []
        self.removed: set[int] = set()
        self.renamed: dict[int, str] = {}      # note -> its new author's name
        self.new: list[tuple[int, str, str]] = []   # (where, ref, text) of notes of ours
        self.vml_part = self.vml = None
        self.vml_edits: list[tuple[int, int, str]] = []
        self.blocks: list[int] = []      # shape-id blocks the new boxes take
        self.gone: set[int] = set()      # shape ids of the boxes taken away
        self.shapes: list | None = None
        self.boxes: dict | None = None   # a cell -> its boxes

    @classmethod
    def of(cls, pkg: Package, part: str) -> SheetNotes | None:
        """The worksheet's notes; None when it has no comments part."""
        rels = relationships(pkg, part)
        comments = [r for r in rels if r.get("Type") == REL + "/comments"]
        if not comments:
            return None
        if len(comments) != 1 or "part" not in comments[0]:
            raise Unsupported("comments parts")
        return cls(pkg, part, rels, comments[0])

    def _note(self, tag: re.Match) -> Note:
        xml = self.xml
        _, start, end, stop = element(xml, "comment", tag.start())
        a = attrs(tag.group(0))
        body = element(xml, "text", start, end)
        if "ref" not in a or body is None or body[0].group(4):
            raise Unsupported("a note without its cell or text")
        if re.search(r"<(?:rPh|phoneticPr)(?=[\s/>])", xml[body[1]:body[2]]):
            raise Unsupported("phonetic runs in a note")
        runs = []
        for r in tags(xml, "r", body[1], body[2]):
            _, r_start, r_end, r_stop = element(xml, "r", r.start())
            t = element(xml, "t", r_start, r_end)
            if t is None:
                raise Unsupported("a run without text")
            runs.append((r.start(), r_stop, t[1], t[2], html.unescape(xml[t[1]:t[2]])))
        if not runs and (t := element(xml, "t", body[1], body[2])) is not None:
            runs.append((t[0].start(), t[3], t[1], t[2], html.unescape(xml[t[1]:t[2]])))
        index = a.get("authorId", "")
        author_id = int(index) if index.isdigit() else None
        author = self.authors[author_id][0] if author_id is not None and author_id < len(self.authors) else None
        return Note(tag.start(), stop, tag.group(0), a["ref"], author_id, author, (body[1], body[2]), runs)

    def drawing(self) -> None:
        """Find the VML drawing the sheet's <legacyDrawing> names; raise unless it holds note boxes
        only, and neither it nor the comments part is another part's too."""
        if self.vml_part is not None:
            return
        pkg = self.pkg
        if any("threadedcomment" in r.get("Type", "").lower() for r in self.rels):   # Excel 365's
            raise Unsupported("threaded comments")
        xml = pkg.text(self.part)
        top = root(xml, "worksheet", MAIN)
        found = element(xml, "legacyDrawing")
        if found is None:
            raise Unsupported("notes without their drawing")
        rid = _rid(found[0].group(0), top.group(0))
        drawing = [r for r in self.rels if r.get("Id") == rid]
        if len(drawing) != 1 or drawing[0].get("Type") != REL + "/vmlDrawing" or "part" not in drawing[0]:
            raise Unsupported("legacyDrawing is no VML drawing")
        counts = targets(pkg)
        if any(counts[name.lower()] != 1 for name in (self.comments, drawing[0]["part"])):
            raise Unsupported("notes shared with another part")
        self.vml_part, self.vml_rid = drawing[0]["part"], rid
        try:
            self.vml, self.readable = pkg.text(self.vml_part), True
        except UnicodeDecodeError:   # checked, even taken away, but never edited
            self.vml, self.readable = pkg.read(self.vml_part).decode("utf-8", "replace"), False
        _only_notes(self.vml)
        top = tag_at(self.vml, re.search(r"<xml(?=[\s>])", self.vml).start()).group(0)
        self.prefix = dict(zip("vox", (prefix_of(top, ns) for ns in (VML, OFFICE, EXCEL))))

    def drop(self) -> None:
        """Take away the comments part, its drawing and the <legacyDrawing> naming it."""
        self.drawing()
        pkg, part = self.pkg, self.part
        if pkg.real(rels_name(self.vml_part)):
            raise Unsupported("a note drawing with parts of its own (a picture fill)")
        xml = pkg.text(part)
        found = element(xml, "legacyDrawing")
        pkg.put(part, xml[:found[0].start()] + xml[found[3]:])
        for rel in self.rels:
            if rel.get("Id") == self.vml_rid or rel.get("part") == self.comments:
                remove_relationship(pkg, part, rel["Id"])
                pkg.remove(rel["part"])
                drop_override(pkg, rel["part"])
        if not relationships(pkg, part):  # Excel never writes an empty relationships part
            pkg.remove(rels_name(part))

    def remove(self, k: int) -> None:
        """Take note k away, with its box."""
        self.drawing()
        if self.cells[self.notes[k].ref] > 1:
            raise Unsupported("two notes on one cell")
        self.removed.add(k)
        if self.boxes is None:
            self.boxes = {}
            for start, stop, at, sid in self._shapes():
                self.boxes.setdefault(at, []).append((start, stop, sid))
        for start, stop, sid in self.boxes.get(parse_ref(self.notes[k].ref), []):
            self.vml_edits.append((start, stop, ""))
            self.gone.add(sid)

    def rewrite(self, k: int, words: str, author: str | None = None) -> None:
        """Note k's text becomes `words` (the runs they begin keep their format); its author
        `author`, unless None."""
        note = self.notes[k]
        if words == note.text:
            pass
        elif note.text.startswith(words):
            pos = 0
            for start, stop, a, b, said in note.runs:
                if pos >= len(words):
                    self.edits.append((start, stop, ""))
                elif pos + len(said) > len(words):
                    self.edits.append((a, b, esc(said[:len(words) - pos], False)))
                pos += len(said)
        else:
            self.edits.append(note.body + (f'<t xml:space="preserve">{esc(words, False)}</t>',))
        if author is not None:
            self.renamed[k] = author

    def add(self, notes: dict[str, str], idmap: int) -> int:
        """Our messages (ref -> text): a cell's own note gains its message after a blank line and
        keeps its author, as openpyxl's path does; other cells get notes of ours, in row order,
        their boxes in shape-id blocks from `idmap` on. Returns how many blocks it took."""
        self.drawing()
        if None in self.prefix.values() or self.list_end is None or self.authors_end is None:
            raise Unsupported("VML namespaces, or an empty list of notes or authors")
        if any(n > 1 for n in self.cells.values()):
            raise Unsupported("two notes on one cell")
        own = {note.ref: k for k, note in enumerate(self.notes)}
        try:
            keys = [parse_ref(note.ref) for note in self.notes]
        except ValueError:
            raise Unsupported("a note's cell") from None
        new = {ref: text for ref, text in notes.items() if ref not in own}
        for ref, text in notes.items():
            if ref in own:
                self._append(own[ref], text)
        ordered = keys == sorted(keys)   # as Excel writes them: then a search, not a scan per note
        for ref, text in sorted(new.items(), key=lambda item: parse_ref(item[0])):
            key = parse_ref(ref)
            i = bisect.bisect_right(keys, key) if ordered else next(
                (i for i, other in enumerate(keys) if other > key), len(keys))
            self.new.append((self.notes[i].start if i < len(keys) else self.list_end, ref, text))
        if new:
            self._boxes(new, idmap)
        self.save()
        return idmap_blocks(new) if new else 0

    def _append(self, k: int, text: str) -> None:
        """note.text.rstrip(), a blank line and text, as openpyxl's path writes it (a note without
        an author becomes ours); runs keep their format; its box grows to hold ours."""
        note = self.notes[k]
        self._enlarge(note.ref)
        if not note.author:
            self.renamed[k] = AUTHOR
        if not note.runs or self.xml.startswith("<t", note.runs[0][0]):   # no runs: one <t> holds it all
            said = esc(note.text.rstrip() + "\n\n" + text, False)
            self.edits.append(note.body + (f'<t xml:space="preserve">{said}</t>',))
            return
        for _, _, a, b, said in reversed(note.runs):
            if (kept := said.rstrip()) != said:
                self.edits.append((a, b, esc(kept, False)))
            if kept:
                break
        said = esc("\n\n" + text, False)
        self.edits.append((note.body[1], note.body[1], f'<r><t xml:space="preserve">{said}</t></r>'))

    def _enlarge(self, ref: str) -> None:
        """The box of a note that gains our message grows to our notes' size (240 x 105 pt), as
        openpyxl's path makes it: a note box does not grow with its text, and ours would be cut."""
        if not self.readable:
            return
        x = self.prefix["x"]
        for start, stop, at, _ in self._shapes():
            if at != parse_ref(ref):
                continue
            tag = tag_at(self.vml, start)
            style = attr(tag.group(0), "style") or ""
            grown = _SIZE.sub(lambda m: f"{m[1]}:{max(_pt(m[2], m[3]), _MIN[m[1]]):g}pt", style)
            if grown != style:
                self.vml_edits.append((tag.start(), tag.end(), set_attr(tag.group(0), "style", grown)))
            anchor = re.search(rf"(<{x}:Anchor>)([^<]*)(</{x}:Anchor>)", self.vml[start:stop])
            n = [int(v) for v in re.findall(r"-?\d+", anchor[2])] if anchor else []
            edge = right_edge(n[0], self._widths) if len(n) == 8 else None
            if edge and ((n[4], n[5]) < edge or n[6] < n[2] + 7):
                (n[4], n[5]), n[6] = max((n[4], n[5]), edge), max(n[6], n[2] + 7)
                at_ = start + anchor.start(2)
                self.vml_edits.append((at_, start + anchor.end(2), ", ".join(map(str, n))))

    @cached_property
    def _widths(self):
        """The worksheet's column widths (`column_px`), read once for all its note boxes."""
        return column_px(self.pkg.text(self.part))

    def _boxes(self, new: dict[str, str], idmap: int) -> None:
        """Boxes for the new notes after the drawing's last element, in blocks from `idmap` on."""
        end = self.vml.rfind("</xml>")
        if end < 0:
            raise Unsupported("VML not closed")
        self.blocks = [idmap + k for k in range(idmap_blocks(new))]
        typed = re.search(rf"""<{re.escape(self.prefix['v'])}:shapetype(?=\s)[^>]*\sid\s*=\s*["']_x0000_t202["']""",
                          self.vml)
        above = max((int(n) for n in re.findall(r"z-index:\s*(\d+)", self.vml)), default=0)
        shapes = ("" if typed else SHAPETYPE) + note_shapes(new, idmap, above, self._widths)
        self.vml_edits.append((end, end, self._own(shapes)))

    def _own(self, text: str) -> str:
        """Our VML (written with v:, o: and x:) in the drawing's own prefixes (openpyxl's are ns0...)."""
        return re.sub(r"(</?|\s)([vox]):", lambda m: m.group(1) + self.prefix[m.group(2)] + ":", text)

    def _idmap(self) -> list[tuple[int, int, str]]:
        """The drawing's idmap with the new boxes' blocks, less blocks whose boxes all went."""
        vml, shapes = self.vml, self._shapes()
        left = {sid // 1024 for _, _, _, sid in shapes if sid not in self.gone}
        emptied = {sid // 1024 for sid in self.gone} - left
        maps = list(tags(vml, f"{self.prefix['o']}:idmap"))
        if len(maps) > 1:
            raise Unsupported("VML idmaps")
        if not maps:
            if not self.blocks:
                return []
            at = tag_at(vml, re.search(r"<xml(?=[\s>])", vml).start()).end()
            data = ",".join(map(str, self.blocks))
            return [(at, at, self._own(f'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{data}"/>'
                                       "</o:shapelayout>"))]
        old = [n for n in re.split(r"[,\s]+", attr(maps[0].group(0), "data") or "") if n]
        data = [n for n in old if not (n.isdigit() and int(n) in emptied)] + [str(n) for n in self.blocks]
        if data == old or not data:
            return []
        return [(maps[0].start(), maps[0].end(), set_attr(maps[0].group(0), "data", ",".join(data)))]

    def _shapes(self) -> list[tuple[int, int, tuple[int, int] | None, int]]:
        """(start, end, (row, column) of its cell, shape id number or -1) of each shape in the drawing."""
        if self.shapes is not None:
            return self.shapes
        vml, out = self.vml, []
        v, x = self.prefix["v"], self.prefix["x"]
        for tag in tags(vml, f"{v}:shape"):
            _, start, end, stop = element(vml, f"{v}:shape", tag.start())
            row, col = (re.search(rf"<{x}:{name}>\s*(\d+)\s*</{x}:{name}>", vml[start:end])
                        for name in ("Row", "Column"))
            sid = re.fullmatch(r"_x0000_s(\d+)", attr(tag.group(0), "id") or "")
            out.append((tag.start(), stop, (int(row.group(1)) + 1, int(col.group(1)) + 1) if row and col else None,
                        int(sid.group(1)) if sid else -1))
        self.shapes = out
        return out

    def save(self) -> None:
        """Write the edits: an author no note names any more that is ours goes, new ones come last."""
        pkg, xml, edits = self.pkg, self.xml, list(self.edits)
        left = [k for k in range(len(self.notes)) if k not in self.removed]
        used = {self.notes[k].author_id for k in left if k not in self.renamed}
        keep = [i for i, (name, _, _) in enumerate(self.authors) if name != AUTHOR or i in used]
        names = [self.authors[i][0] for i in keep]
        for name in [*self.renamed.values(), *(AUTHOR for _ in self.new)]:
            if name not in names:
                names.append(name)
        moved = {old: new for new, old in enumerate(keep)}
        edits += [(start, stop, "") for i, (_, start, stop) in enumerate(self.authors) if i not in moved]
        if added := "".join(f"<author>{esc(name, False)}</author>" for name in names[len(keep):]):
            if self.authors_end is None:
                raise Unsupported("<authors/>")
            edits.append((self.authors_end, self.authors_end, added))
        for k in left:
            note = self.notes[k]
            index = names.index(self.renamed[k]) if k in self.renamed else moved.get(note.author_id, note.author_id)
            if index != note.author_id:
                edits.append((note.start, note.start + len(note.tag), set_attr(note.tag, "authorId", str(index))))
        edits += [(self.notes[k].start, self.notes[k].end, "") for k in self.removed]
        edits += [(at, at, f'<comment ref="{ref}" authorId="{names.index(AUTHOR)}"><text><r>'
                           f'<t xml:space="preserve">{esc(text, False)}</t></r></text></comment>')
                  for at, ref, text in self.new]
        if self.vml_edits:
            self.vml_edits += self._idmap()
        if self.vml_edits and not self.readable:
            raise Unsupported("VML not in UTF-8")
        if edits:
            pkg.put(self.comments, splice(xml, edits))
        if self.vml_edits:
            pkg.put(self.vml_part, splice(self.vml, self.vml_edits))


def _rid(tag: str, top: str) -> str:
    """The relationship id of <legacyDrawing r:id>, its prefix declared there or on the root."""
    own = attrs(tag)
    for key, value in own.items():
        if key.endswith(":id") and (own.get(f"xmlns:{key[:-3]}") or attrs(top).get(f"xmlns:{key[:-3]}")) == REL:
            return value
    raise Unsupported("legacyDrawing without r:id")


def _only_notes(vml: str) -> None:
    """Raise unless every shape in the drawing is a note box (ObjectType Note), nothing else."""
    first = re.search(r"<xml(?=[\s>])", vml)
    if first is None:
        raise Unsupported("VML without <xml>")
    top = tag_at(vml, first.start()).group(0)
    v, x = prefix_of(top, VML), prefix_of(top, EXCEL)
    if v is None or x is None or re.search(rf"<{re.escape(v)}:(?:{_OTHER_SHAPES})(?=[\s/>])", vml):
        raise Unsupported("VML with other shapes")
    data = re.compile(rf"<{re.escape(x)}:ClientData(?=[\s/>])")
    shapes = 0
    for tag in tags(vml, f"{v}:shape"):
        _, start, end, _ = element(vml, f"{v}:shape", tag.start())
        kinds = [attr(tag_at(vml, m.start()).group(0), "ObjectType") for m in data.finditer(vml, start, end)]
        if kinds != ["Note"]:
            raise Unsupported("VML shape that is no note")
        shapes += 1
    if shapes != len(data.findall(vml)):
        raise Unsupported("VML client data outside a shape")
