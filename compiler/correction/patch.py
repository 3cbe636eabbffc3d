"""Edit an xlsx package as text instead of loading and saving it with openpyxl.

A full openpyxl load + save costs ~75 ms a workbook and rewrites every part. Here the zip is
copied member by member (raw compressed bytes, never re-deflated) and only the few parts that
must change are edited as text, so namespace prefixes, extensions and everything openpyxl does
not model stay exactly as the volunteer's spreadsheet program wrote them. Anything unusual
raises `Unsupported`, and the caller takes the general (slow) path instead.
"""
from __future__ import annotations

import html
import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections import Counter
from urllib.parse import unquote

from compiler.files.atomic import FIXED_TIME
from compiler.correction.xml_text import (Unsupported, append_child, attr, attrs, element, esc, prefix_of, root, set_attr,
                               splice, tags)

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
WORKSHEET = REL + "/worksheet"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_SELECTED = re.compile(rb"""tabSelected\s*=\s*["'](1|true)["']""")


def _dos_time() -> tuple[int, int]:
    t = FIXED_TIME
    return t.hour << 11 | t.minute << 5 | t.second // 2, (t.year - 1980) << 9 | t.month << 5 | t.day


class Package:
    """The zip's members; edited and new parts held as text until `save`."""

    def __init__(self, data: bytes):
        self.data = data
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.infos = self.zip.infolist()
        self.names: dict[str, str] = {}
        for info in self.infos:
            key = info.filename.lower()
            if key in self.names or info.flag_bits & 1 or info.compress_type not in (0, 8) \
                    or info.file_size >= 1 << 31 or info.compress_size >= 1 << 31:
                raise Unsupported(f"member {info.filename!r}")
            self.names[key] = info.filename
        self.infos_by_name = {info.filename: info for info in self.infos}
        self.texts: dict[str, str] = {}  # edited or new parts only: the rest is copied raw
        self.decoded: dict[str, str] = {}
        self.new: list[str] = []
        self.removed: set[str] = set()
        self.cache: dict[str, tuple[str, list]] = {}  # parsed relationships, by their text

    def real(self, name: str) -> str | None:
        """Part names are case-insensitive in a package."""
        found = self.names.get(name.lower())
        return None if found in self.removed else found

    def raw(self, name: str) -> bytes:
        """A member's stored (compressed) bytes, straight from the original zip."""
        info = self.infos_by_name[name]
        at = info.header_offset
        if self.data[at:at + 4] != b"PK\x03\x04":
            raise Unsupported("bad local header")
        skip = at + 30 + sum(struct.unpack("<HH", self.data[at + 26:at + 30]))
        return self.data[skip:skip + info.compress_size]

    def read(self, name: str, limit: int = 0) -> bytes:
        """An original member's bytes (its first `limit` bytes only, when limit is set)."""
        info = self.infos_by_name[self.real(name)]
        raw = self.raw(info.filename)
        if info.compress_type == 0:
            body = raw[:limit] if limit else raw
        else:
            body = zlib.decompressobj(-15).decompress(raw, limit)
        if not limit and (len(body) != info.file_size or zlib.crc32(body) != info.CRC):
            raise Unsupported(f"corrupt member {info.filename!r}")
        return body

    def text(self, name: str) -> str:
        real = self.real(name)
        if real is None:
            raise Unsupported(f"missing part {name}")
        if real in self.texts:
            return self.texts[real]
        if real not in self.decoded:
            self.decoded[real] = self.read(real).decode("utf-8")
        return self.decoded[real]

    def put(self, name: str, text: str) -> None:
        real = self.real(name)
        if real is None:
            real = self.names.get(name.lower())
            if real in self.removed:  # a removed part written anew keeps its place in the zip
                self.removed.discard(real)
            else:
                real = self.names[name.lower()] = name
                self.new.append(name)
        self.texts[real] = text

    def remove(self, name: str) -> None:
        real = self.names.get(name.lower())
        if real:
            self.removed.add(real)

    def unused(self, pattern: str) -> str:
        """pattern with {} replaced by the smallest number >= 1 giving a name not yet taken."""
        n = 1
        while self.real(pattern.format(n)):
            n += 1
        return pattern.format(n)

    def save(self) -> bytes:
        """A zip of every member in the original order, new parts last, all dated FIXED_TIME."""
        out, central = io.BytesIO(), []
        time_, date = _dos_time()
        members = [i.filename for i in self.infos if i.filename not in self.removed] + self.new
        for name in members:
            if name in self.texts:
                body = self.texts[name].encode("utf-8")
                # a small part (most edited ones) deflates the same with a small hash table, 5x
                # faster to set up: it is what a copy spends most on
                packer = zlib.compressobj(6, zlib.DEFLATED, -15, 1 if len(body) < 1 << 14 else 8)
                raw = packer.compress(body) + packer.flush()
                crc, size, method = zlib.crc32(body), len(body), 8
            else:
                info = self.infos_by_name[name]
                raw = self.raw(name)
                crc, size, method = info.CRC, info.file_size, info.compress_type
            try:
                encoded, flags = name.encode("ascii"), 0
            except UnicodeEncodeError:
                encoded, flags = name.encode("utf-8"), 0x800
            fields = (flags, method, time_, date, crc, len(raw), size, len(encoded))
            central.append((out.tell(), encoded, fields))
            out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, *fields, 0) + encoded + raw)
            if out.tell() >= 1 << 31:
                raise Unsupported("too large")
        start = out.tell()
        for offset, encoded, fields in central:
            out.write(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, *fields, 0, 0, 0, 0, 0, offset))
            out.write(encoded)
        size = out.tell() - start
        out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central), size, start, 0))
        return out.getvalue()


def rels_name(part: str) -> str:
    head, tail = posixpath.split(part)
    return posixpath.join(head, "_rels", tail + ".rels")


def resolve(source: str, target: str) -> str:
    """A relationship target as a part name (no leading '/'), relative to its source part."""
    target = unquote(target)
    path = target[1:] if target.startswith("/") else posixpath.join(posixpath.dirname(source), target)
    path = posixpath.normpath(path)
    if path.startswith(("..", "/")) or "://" in target:
        raise Unsupported(f"target {target!r}")
    return path


def relationships(pkg: Package, source: str) -> list[dict[str, str]]:
    """The source part's relationships (each with a resolved 'part' unless external)."""
    name = rels_name(source)
    if not pkg.real(name):
        return []
    xml = pkg.text(name)
    cached = pkg.cache.get(name)
    if cached and cached[0] is xml:
        return cached[1]
    root(xml, "Relationships", PKG_REL)
    out = []
    for tag in tags(xml, "Relationship"):
        rel = attrs(tag.group(0))
        if rel.get("TargetMode") != "External":
            rel["part"] = resolve(source, rel.get("Target", ""))
        out.append(rel)
    pkg.cache[name] = (xml, out)
    return out


def add_relationship(pkg: Package, source: str, type_: str, part: str) -> str:
    """Add a relationship from source to part; returns its new, unused Id."""
    name = rels_name(source)
    if not pkg.real(name):
        pkg.put(name, f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PKG_REL}"/>')
    taken = {r.get("Id") for r in relationships(pkg, source)}
    n = len(taken) + 1
    while f"rId{n}" in taken:
        n += 1
    rid = f"rId{n}"
    target = posixpath.relpath(part, posixpath.dirname(source))
    line = f'<Relationship Id="{rid}" Type="{esc(type_)}" Target="{esc(target)}"/>'
    pkg.put(name, append_child(pkg.text(name), "Relationships", line))
    return rid


def content_type(pkg: Package, part: str, ctype: str, extension: str | None = None) -> None:
    """Declare a part's content type: a Default for its extension if asked, else an Override."""
    xml = pkg.text("[Content_Types].xml")
    root(xml, "Types", TYPES)
    if extension:
        if re.search(rf"""<Default\s[^>]*Extension=["']{re.escape(extension)}["']""", xml, re.I):
            return
        line = f'<Default Extension="{extension}" ContentType="{ctype}"/>'
    else:
        line = f'<Override PartName="/{esc(part)}" ContentType="{ctype}"/>'
    pkg.put("[Content_Types].xml", append_child(xml, "Types", line))


def drop_override(pkg: Package, part: str) -> None:
    xml = pkg.text("[Content_Types].xml")
    for tag in tags(xml, "Override"):
        if attrs(tag.group(0)).get("PartName", "").lower() == "/" + part.lower():
            pkg.put("[Content_Types].xml", xml[:tag.start()] + xml[element(xml, "Override", tag.start())[3]:])
            return


def remove_relationship(pkg: Package, source: str, rid: str) -> None:
    name = rels_name(source)
    xml = pkg.text(name)
    for tag in tags(xml, "Relationship"):
        if attrs(tag.group(0)).get("Id") == rid:
            pkg.put(name, xml[:tag.start()] + xml[element(xml, "Relationship", tag.start())[3]:])
            return


class SheetNames(dict):
    """Stripped, casefolded sheet name -> what is known of the sheet, the first of names alike in
    tab order; `of(name)` takes a sheet's own name first, so that of two named alike ("Pemasukan"
    and "Pemasukan ") each finding marks the one the reader read."""

    def __init__(self, pairs):
        super().__init__()
        self.exact: dict = {}
        for name, entry in pairs:
            self.exact[name] = entry
            self.setdefault(name.strip().casefold(), entry)

    def of(self, name: str):
        return self.exact.get(name) or self.get(name.strip().casefold())


class Workbook:
    """workbook.xml's sheets, mapped through its relationships to their parts."""

    def __init__(self, pkg: Package):
        self.pkg = pkg
        docs = [r["part"] for r in relationships(pkg, "") if r.get("Type") == REL + "/officeDocument"]
        if len(docs) != 1:
            raise Unsupported("no single workbook part")
        self.part = docs[0]
        xml = pkg.text(self.part)
        self.r = prefix_of(root(xml, "workbook", MAIN).group(0), REL)
        found = element(xml, "sheets")
        if self.r is None or found is None:
            raise Unsupported("workbook without r: prefix or <sheets>")
        self.rels = {r.get("Id"): r for r in relationships(pkg, self.part)}
        self.sheets: list[tuple[str, int, str, str | None]] = []  # name, sheetId, type, part
        for tag in tags(xml, "sheet", found[1], found[2]):
            a = attrs(tag.group(0))
            rel = self.rels.get(a.get(f"{self.r}:id"))
            if rel is None or "name" not in a:
                raise Unsupported("sheet without relationship")
            self.sheets.append((a["name"], int(a.get("sheetId", "0")), rel.get("Type", ""), rel.get("part")))

    def worksheets(self) -> SheetNames:
        """stripped, casefolded name -> (name, part), worksheets only (not chart sheets)."""
        return SheetNames((name, (name, part)) for name, _, type_, part in self.sheets if type_ == WORKSHEET and part)

    def show(self, parts: set) -> None:
        """Hidden worksheets among `parts` are shown: a mark there must be seen, and a link to it lead there."""
        xml = self.pkg.text(self.part)
        _, start, end, _ = element(xml, "sheets")
        edits = []
        for tag in tags(xml, "sheet", start, end):
            a = attrs(tag.group(0))
            rel = self.rels.get(a.get(f"{self.r}:id")) or {}
            if rel.get("part") in parts and a.get("state") in ("hidden", "veryHidden"):
                edits.append((tag.start(), tag.end(), set_attr(tag.group(0), "state", None)))
        if edits:
            self.pkg.put(self.part, splice(xml, edits))

    def add_first_sheet(self, name: str, sheet_xml: str, title_rows: str = "") -> None:
        """A new worksheet, first in tab order, active and alone selected; `title_rows` ("$1:$1")
        are printed at the top of each of its pages."""
        pkg = self.pkg
        part = pkg.unused(posixpath.join(posixpath.dirname(self.part), "worksheets/sheet{}.xml"))
        pkg.put(part, sheet_xml)
        content_type(pkg, part, CT_WORKSHEET)
        rid = add_relationship(pkg, self.part, WORKSHEET, part)
        sheet_id = max([s[1] for s in self.sheets] + [0]) + 1
        xml = pkg.text(self.part)
        tag, start, _, _ = element(xml, "sheets")
        if tag.group(4):
            raise Unsupported("<sheets/>")
        edits = [(start, start, f'<sheet name="{esc(name)}" sheetId="{sheet_id}" {self.r}:id="{rid}"/>')]
        for tag in tags(xml, "definedName"):  # sheet-scoped names follow their sheet
            local = attrs(tag.group(0)).get("localSheetId")
            if local is not None:
                edits.append((tag.start(), tag.end(), set_attr(tag.group(0), "localSheetId", str(int(local) + 1))))
        for tag in tags(xml, "workbookView"):  # defaults: first tab shown and active
            shown = set_attr(set_attr(tag.group(0), "activeTab", None), "firstSheet", None)
            edits.append((tag.start(), tag.end(), shown))
        if title_rows:
            edits.append(_print_titles(xml, name, title_rows))
        pkg.put(self.part, splice(xml, edits))
        for _, _, _, other in self.sheets:
            if other and pkg.real(other):
                _unselect(pkg, other)
        self._drop_calc_chain()

    def remove_sheet(self, index: int) -> None:
        """Take the worksheet at tab position `index` out of the package (a correction copy's own
        list, sent back). What counts sheets by position follows; anything else that points at
        the sheet, or parts of its own but printer settings, raise Unsupported."""
        pkg = self.pkg
        name, _, type_, part = self.sheets[index]
        if type_ != WORKSHEET or not part or not pkg.real(part):
            raise Unsupported("not a worksheet")
        own = [r for r in relationships(pkg, part) if "part" in r]
        if any(not r.get("Type", "").endswith("/printerSettings") for r in own):
            raise Unsupported("the sheet has parts of its own")
        own = [r["part"] for r in own]
        gone = {p.lower() for p in [part, *own]}
        if gone & set(targets(pkg, {self.part.lower(), part.lower()})):
            raise Unsupported("something else refers to the sheet")
        xml = pkg.text(self.part)
        _, start, end, _ = element(xml, "sheets")
        tag = list(tags(xml, "sheet", start, end))[index]
        rid = attrs(tag.group(0)).get(f"{self.r}:id")
        if self.rels.get(rid, {}).get("part") != part:
            raise Unsupported("sheet list changed")
        edits = [(tag.start(), element(xml, "sheet", tag.start())[3], "")]
        key = name.casefold()
        for tag in tags(xml, "definedName"):  # positions after the sheet move down one
            found = element(xml, "definedName", tag.start())
            local = attrs(tag.group(0)).get("localSheetId")
            if local is not None and int(local) == index:
                edits.append((tag.start(), found[3], ""))  # a name of that sheet only goes with it
            elif key in html.unescape(xml[found[1]:found[2]]).casefold():
                raise Unsupported("a name refers to the sheet")
            elif local is not None and int(local) > index:
                edits.append((tag.start(), tag.end(), set_attr(tag.group(0), "localSheetId", str(int(local) - 1))))
        last = len(self.sheets) - 2
        for tag in tags(xml, "workbookView"):
            view = tag.group(0)
            for at in ("activeTab", "firstSheet"):
                if (value := attr(view, at)) is not None and value.isdigit():
                    view = set_attr(view, at, str(max(0, min(int(value) - (int(value) > index), last))))
            if view != tag.group(0):
                edits.append((tag.start(), tag.end(), view))
        pkg.put(self.part, splice(xml, edits))
        remove_relationship(pkg, self.part, rid)
        for other in [part, *own]:
            pkg.remove(other)
            drop_override(pkg, other)
        pkg.remove(rels_name(part))
        del self.sheets[index], self.rels[rid]
        self._drop_calc_chain()

    def _drop_calc_chain(self) -> None:
        """The calculation chain lists cells by sheet: Excel rebuilds it when it is missing."""
        for rid, rel in list(self.rels.items()):
            if rel.get("Type") == REL + "/calcChain" and rel.get("part"):
                self.pkg.remove(rel["part"])
                drop_override(self.pkg, rel["part"])
                remove_relationship(self.pkg, self.part, rid)
                del self.rels[rid]


def _print_titles(xml: str, name: str, rows: str) -> tuple[int, int, str]:
    """The edit that names the first sheet's print titles: first in <definedNames>, or a new
    <definedNames> where the schema puts it (after <sheets>, <functionGroups>, <externalReferences>)."""
    sheet = "'" + name.replace("'", "''") + "'"
    line = f'<definedName name="_xlnm.Print_Titles" localSheetId="0">{esc(sheet, False)}!{rows}</definedName>'
    found = element(xml, "definedNames")
    if found is not None:
        if found[0].group(4):   # <definedNames/>, as openpyxl writes none
            return found[0].start(), found[0].end(), f"<definedNames>{line}</definedNames>"
        return found[1], found[1], line
    after = max(element(xml, tag)[3] if element(xml, tag) else 0
                for tag in ("sheets", "functionGroups", "externalReferences"))
    return after, after, f"<definedNames>{line}</definedNames>"


def targets(pkg: Package, skip: frozenset[str] | set[str] = frozenset()) -> Counter:
    """How many relationships point at each part (lowercased), but those from sources in `skip`:
    what tells whether a part can go without leaving a dangling reference."""
    out: Counter = Counter()
    for name in list(pkg.names.values()):
        head, tail = posixpath.split(name)
        if pkg.real(name) and tail.endswith(".rels") and posixpath.basename(head) == "_rels":
            source = posixpath.join(posixpath.dirname(head), tail[:-5])
            if source.lower() not in skip:
                out.update(r["part"].lower() for r in relationships(pkg, source) if "part" in r)
    return out


def _unselect(pkg: Package, part: str) -> None:
    """Clear tabSelected in a sheet's views, so the new first sheet is the only one selected."""
    if pkg.real(part) not in pkg.texts:  # sheetViews come before sheetData: the head tells
        head = pkg.read(part, 8192)
        if not _SELECTED.search(head) and b"<sheetData" in head:
            return
    xml = pkg.text(part)
    head = xml.find("<sheetData")
    edits = []
    for tag in tags(xml, "sheetView", 0, head if head >= 0 else None):
        if attr(tag.group(0), "tabSelected") in ("1", "true"):
            edits.append((tag.start(), tag.end(), set_attr(tag.group(0), "tabSelected", None)))
    if edits:
        pkg.put(part, splice(xml, edits))
