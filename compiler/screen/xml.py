"""Byte-level XML checks: DOCTYPE/ENTITY markers, encodings, prefixes, root names.

Entity bombs and external entities need a DOCTYPE, and Excel never writes one, so any
declaration is refused before a parser runs. The scan works on bytes, which is only sound
for UTF-8 or ASCII-compatible single-byte encodings: UTF-16 with a byte-order mark (document
metadata SharePoint, OneDrive and Excel write) is transcoded to UTF-8 first; anything else is
refused.
"""
from __future__ import annotations

import re
from xml.parsers import expat

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

from compiler.screen.limits import unsafe
from compiler.screen.messages import MSG_DTD, MSG_XML_ENCODING

_DTD_RE = re.compile(rb"<!\s*(?:doctype|entity|element|attlist|notation)", re.I)
_DTD_OVERLAP = 64                    # bytes re-scanned from the previous chunk (marker + spaces)
_ENCODING_RE = re.compile(rb"""^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([^"']*)["']""")
_ASCII_ENCODINGS = {b"utf-8", b"utf8", b"us-ascii", b"ascii", b"iso-8859-1", b"iso8859-1",
                    b"latin-1", b"latin1", b"windows-1252", b"cp1252"}
# An element prefix: "<x:" or "</x:"; stripped so the scan sees local names as calamine does.
PREFIX_RE = re.compile(rb"<(/?)[A-Za-z_][\w.\-]*:")
# A prefixed element among those calamine reads as cell data (cheap: ':' is the prefix).
PREFIXED_CELLISH = re.compile(rb":(?:c|row|v|is|sheetData)[\s/>]")
PREFIXED_SST = re.compile(rb"<[A-Za-z_][\w.\-]*:sst[\s>]")
_ROOT_RE = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
_ENTITY_RE = re.compile(rb"&(?:#x([0-9a-fA-F]+)|#(\d+)|(amp|lt|gt|quot|apos));")
_ENTITY_NAMES = {b"amp": b"&", b"lt": b"<", b"gt": b">", b"quot": b'"', b"apos": b"'"}


def check_dtd(buf, done: int, end: int) -> bool:
    """Refuse a declaration in buf[done:end], the bytes just added after `done` bytes already
    scanned; the scan reaches back into those so that no marker is split between chunks.
    True if a "<!" (comment, CDATA, ...) is there."""
    k = buf.find(b"<!", max(0, done - _DTD_OVERLAP), end)
    if k >= 0 and _DTD_RE.search(buf, k, end):
        raise unsafe(MSG_DTD)
    return k >= 0


def check_declared_encoding(buf) -> None:
    """Refuse an XML declaration naming an encoding the byte scan cannot see through."""
    if buf[:64].lstrip().startswith((b"<?xml", b"\xef\xbb\xbf<?xml")):
        m = _ENCODING_RE.match(buf[:256].lstrip(b"\xef\xbb\xbf"))
        if m and m.group(1).lower() not in _ASCII_ENCODINGS:
            raise unsafe(MSG_XML_ENCODING)


def xml_head(head: bytes, named_xml: bool) -> str:
    """'xml', 'utf-16', 'bad-encoding' or 'other' from a member's first bytes.

    XML in UTF-16 with a byte-order mark is 'utf-16': it is transcoded before the byte scan.
    Any other encoding that is not ASCII-compatible (UTF-16 without a BOM, UTF-32) would hide a
    DOCTYPE from the byte scan, and no spreadsheet writes it. For members not named .xml/.rels/.vml only XML-looking
    starts count, so binary parts (images, printer settings) are never misjudged."""
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "bad-encoding"            # UTF-32: no spreadsheet writes it
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) and (named_xml or head[2:4] in (b"<\x00", b"\x00<")):
        return "utf-16"                  # with its byte-order mark: transcoded, then scanned (`utf16_to_utf8`)
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    h = head.lstrip()
    if h.startswith(b"<") and h[1:2] != b"\x00" or head and not h:   # all spaces: XML after them
        return "xml"
    if head.startswith((b"\xff\xfe<\x00", b"\xfe\xff\x00<", b"\xff\xfe\x00\x00<", b"\x00\x00\xfe\xff",
                        b"<\x00?\x00", b"\x00<\x00?", b"<\x00\x00\x00", b"\x00\x00\x00<")):
        return "bad-encoding"
    if named_xml and (head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head[:4]):
        return "bad-encoding"
    return "other"


_UTF16_DECL = re.compile(rb"""^(\s*<\?xml[^>]*?\sencoding\s*=\s*["'])utf-?16(?:le|be)?(["'])""", re.I)


def utf16_to_utf8(raw) -> bytes:
    """A UTF-16 part with its byte-order mark (document metadata SharePoint, OneDrive and Excel
    write) as UTF-8, its declaration saying so: then scanned as any other part, and what a reader
    gets. Invalid UTF-16 raises UnicodeError (the file is damaged)."""
    text = bytes(raw).decode("utf-16").encode("utf-8")
    return _UTF16_DECL.sub(rb"\1UTF-8\2", text, count=1)


def root_name(x) -> bytes:
    """The local name of the first element (or processing instruction) in the first 4 KB."""
    m = _ROOT_RE.search(x, 0, 4096)
    return m.group(1) if m else b""


def unescape(raw: bytes) -> bytes:
    """XML character and predefined entity references resolved (nothing else exists here)."""
    if b"&" not in raw:
        return raw

    def one(m: re.Match) -> bytes:
        try:
            if m.group(1):
                return chr(int(m.group(1), 16)).encode()
            if m.group(2):
                return chr(int(m.group(2))).encode()
        except (ValueError, OverflowError):
            return b"?"
        return _ENTITY_NAMES[m.group(3)]
    return _ENTITY_RE.sub(one, raw)


def local(name: str) -> str:
    """An element or attribute name without its namespace ('uri}name' -> 'name')."""
    return name.rsplit("}", 1)[-1]


def elements(raw: bytes) -> list[tuple[str, dict[str, str]]]:
    """(local name, attributes) of every element of a small part, in document order.

    Parsed by expat with the guards defusedxml sets (a DOCTYPE, an entity declaration or an
    external reference raises), but without building a tree: the few parts read this way
    need only names and attributes. Attribute names keep their namespace ('uri}id').
    Malformed XML raises expat.ExpatError."""
    out: list[tuple[str, dict[str, str]]] = []
    p = expat.ParserCreate(None, "}")
    p.StartElementHandler = lambda tag, attrs: out.append((tag.rsplit("}", 1)[-1], attrs))
    p.StartDoctypeDeclHandler = _forbid_dtd
    p.EntityDeclHandler = _forbid_entity
    p.UnparsedEntityDeclHandler = _forbid_entity
    p.ExternalEntityRefHandler = _forbid_external
    p.Parse(raw, True)
    return out


def _forbid_dtd(name, sysid, pubid, has_internal_subset):
    raise DTDForbidden(name, sysid, pubid)


def _forbid_entity(name, *args):
    raise EntitiesForbidden(name, None, None, None, None, None)


def _forbid_external(context, base, sysid, pubid):
    raise ExternalReferenceForbidden(context, base, sysid, pubid)
