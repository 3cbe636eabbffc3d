"""The same clean workbook as other producers package it (packaging libraries of other platforms,
SharePoint / OneDrive metadata, exports of other systems): each must validate clean.

Each builder takes a workbook's bytes and returns them packaged otherwise, as the OOXML packaging
rules allow (or with only a declared number wrong: a count, a size).
"""
from __future__ import annotations

import re

from tests.helpers.hostile_build import member, rewrite

CT = "[Content_Types].xml"
CT_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
UTF8_BOM = b"\xef\xbb\xbf"
ITEM = ('<?xml version="1.0" encoding="utf-16"?><ds:datastoreItem ds:itemID="{{6E3C7A10-1F2B-4C3D-8E9F-'
        '0A1B2C3D4E5F}}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
        '<ds:schemaRefs/></ds:datastoreItem>{pad}')


def main_typed_by_default(data: bytes) -> bytes:
    """No Override for the main part: the Default of its extension types it."""
    ct = member(data, CT).decode()
    ct = re.sub(r'<Override [^>]*PartName="/xl/workbook.xml"[^>]*/>', "", ct)
    ct = re.sub(r'<Default [^>]*Extension="xml"[^>]*/>', "", ct)
    ct = ct.replace("<Default ", f'<Default Extension="xml" ContentType="{CT_MAIN}"/><Default ', 1)
    assert CT_MAIN in ct and 'PartName="/xl/workbook.xml"' not in ct
    return rewrite(data, {CT: ct.encode()})


def _root_target(data: bytes, target: str) -> bytes:
    rels = member(data, "_rels/.rels").decode()
    rels, n = re.subn(r'Target="/?xl/workbook.xml"', f'Target="{target}"', rels)
    assert n == 1
    return rewrite(data, {"_rels/.rels": rels.encode()})


def main_target_absolute(data: bytes) -> bytes:
    return _root_target(data, "/xl/workbook.xml")


def main_target_relative(data: bytes) -> bytes:
    return _root_target(data, "xl/workbook.xml")


def main_target_dot(data: bytes) -> bytes:
    return _root_target(data, "./xl/workbook.xml")


def custom_xml_utf16(data: bytes) -> bytes:
    """Document metadata as SharePoint, OneDrive and Excel write it: UTF-16 with a byte-order mark
    (one small, one over the screen's 1 MiB inflation chunk)."""
    small = "\ufeff" + ITEM.format(pad="")
    import random
    rnd = random.Random(18)   # incompressible, or the member would look like a bomb
    large = "\ufeff" + ITEM.format(pad="<!-- " + "".join(rnd.choice("abcdef0123") for _ in range(600_000)) + " -->")
    return rewrite(data, add={"customXml/item1.xml": small.encode("utf-16-le"),
                              "customXml/item2.xml": large.encode("utf-16-be").replace(
                                  "\ufeff".encode("utf-16-be"), b"\xfe\xff", 1)})


def parts_with_utf8_bom(data: bytes) -> bytes:
    """Every XML part starting with a UTF-8 byte-order mark."""
    import io
    import zipfile
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = [n for n in z.namelist() if n.endswith((".xml", ".rels"))]
        return rewrite(data, {n: UTF8_BOM + z.read(n) for n in names})


def sheet_in_utf16(data: bytes, sheet: str = "xl/worksheets/sheet2.xml") -> bytes:
    """A worksheet in UTF-16 with its byte-order mark and declaration."""
    xml = member(data, sheet).decode()
    xml = re.sub(r"^<\?xml[^>]*\?>", '<?xml version="1.0" encoding="UTF-16" standalone="yes"?>', xml)
    if not xml.startswith("<?xml"):
        xml = '<?xml version="1.0" encoding="UTF-16"?>' + xml
    return rewrite(data, {sheet: ("\ufeff" + xml).encode("utf-16-le")})


def shared_strings_absurd_count(data: bytes) -> bytes:
    """sharedStrings count="8876876876876": only the declared number is wrong (`data`: a workbook
    with shared strings, as Excel and XlsxWriter write)."""
    xml = member(data, "xl/sharedStrings.xml").decode()
    xml, n = re.subn(r'(<sst\b[^>]*?)\s(?:count|uniqueCount)="\d+"', r"\1", xml)
    xml, n = re.subn(r"<sst\b", '<sst count="8876876876876" uniqueCount="8876876876876"', xml, count=1)
    assert n == 1
    return rewrite(data, {"xl/sharedStrings.xml": xml.encode()})


def sheet_size_declared_wrong(data: bytes, sheet: str = "xl/worksheets/sheet3.xml") -> bytes:
    """A sheet whose declared size is a few bytes off (its CRC right), as some exports write."""
    from tests.helpers.hostile_build import raw_entries_of, raw_zip
    entries = raw_entries_of(data)
    for e in entries:
        if e.name == sheet.encode():
            e.usize -= 7
    return raw_zip(entries)


PACKAGINGS = {f.__name__: f for f in (main_typed_by_default, main_target_absolute, main_target_relative,
                                      main_target_dot, custom_xml_utf16, parts_with_utf8_bom, sheet_in_utf16,
                                      shared_strings_absurd_count, sheet_size_declared_wrong)}
