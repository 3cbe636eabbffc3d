"""Hostile cases in the XML: entity bombs, external entities, hidden DOCTYPEs, odd encodings.

Each builder returns the file's bytes; `hostile_corpus.CASES` says what the screen must answer.
"""
from __future__ import annotations

import re
import zipfile

from tests.helpers.hostile_build import MAIN_NS, SHEET1, base_workbook, member, rewrite

def _sheet_with_prolog(prolog: str, body: str = "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>") -> bytes:
    sheet = f'<?xml version="1.0"?>\n{prolog}<worksheet xmlns="{MAIN_NS}"><sheetData>{body}</sheetData></worksheet>'
    return rewrite(base_workbook(), {SHEET1: sheet.encode()})


def billion_laughs() -> bytes:
    ents = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    return _sheet_with_prolog(f"<!DOCTYPE lolz [{ents}]>",
                              '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>')


def quadratic_blowup() -> bytes:
    big = "A" * 100_000
    refs = "&a;" * 20_000
    return _sheet_with_prolog(f'<!DOCTYPE q [<!ENTITY a "{big}">]>',
                              f'<row r="1"><c r="A1" t="inlineStr"><is><t>{refs}</t></is></c></row>')


def xxe_file() -> bytes:
    return _sheet_with_prolog('<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
                              '<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>')


def xxe_url(port: int) -> bytes:
    """External entity and external DTD pointing at a local port (in workbook.xml too)."""
    data = _sheet_with_prolog(f'<!DOCTYPE x SYSTEM "http://127.0.0.1:{port}/dtd" '
                              f'[<!ENTITY xxe SYSTEM "http://127.0.0.1:{port}/x">]>',
                              '<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>')
    wb = member(data, "xl/workbook.xml")
    wb = f'<!DOCTYPE w SYSTEM "http://127.0.0.1:{port}/wb">'.encode() + wb
    return rewrite(data, {"xl/workbook.xml": wb})


def doctype_lowercase_in_rels() -> bytes:
    rels = member(base_workbook(), "_rels/.rels")
    return rewrite(base_workbook(), {"_rels/.rels": b'<!doctype r [<!entity e "x">]>' + rels})


def doctype_split_across_chunks() -> bytes:
    """The DOCTYPE marker straddles the 1 MiB inflation chunk boundary of a large part
    (the padding is a processing instruction of random hex)."""
    import random
    rnd = random.Random(7)
    head = '<?xml version="1.0"?>\n<?pad '
    pad = 2**20 - len(head) - len("?>") - 3
    filler = "".join(rnd.choice("0123456789abcdef") for _ in range(pad))
    sheet = (head + filler + '?><!DOCTYPE x SYSTEM "urn:x">'
             f'<worksheet xmlns="{MAIN_NS}"><sheetData/></worksheet>')
    assert sheet.encode().index(b"<!DOCTYPE") == 2**20 - 3     # "<!D" | "OCTYPE" across the boundary
    # stored, so the screen's 1 MiB inflation chunks fall exactly on that boundary
    return rewrite(base_workbook(), {SHEET1: sheet.encode()}, compression=zipfile.ZIP_STORED)


def doctype_in_unlisted_member() -> bytes:
    """A DOCTYPE in a member with a non-XML name whose content is XML."""
    return rewrite(base_workbook(), add={"xl/media/notes.bin": b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "c">]><a/>'})


def utf16_part() -> bytes:
    sheet = member(base_workbook(), SHEET1).decode()
    return rewrite(base_workbook(), {SHEET1: "\ufeff".encode("utf-16-le") + sheet.encode("utf-16-le")})


def ebcdic_declared() -> bytes:
    sheet = member(base_workbook(), SHEET1)
    sheet = re.sub(rb"^(<\?xml[^>]*?)\?>", rb'<?xml version="1.0" encoding="cp037"?>', sheet) \
        if sheet.startswith(b"<?xml") else b'<?xml version="1.0" encoding="cp037"?>' + sheet
    return rewrite(base_workbook(), {SHEET1: sheet})


def utf16_doctype() -> bytes:
    """UTF-16 with its byte-order mark is read (transcoded), and scanned as any part: a DOCTYPE
    there is refused as anywhere."""
    sheet = member(base_workbook(), SHEET1).decode()
    sheet = re.sub(r"^(<\?xml[^>]*\?>)?", r'\1<!DOCTYPE x [<!ENTITY e "x">]>', sheet, count=1)
    return rewrite(base_workbook(), {SHEET1: "\ufeff".encode("utf-16-le") + sheet.encode("utf-16-le")})


def utf16_doctype_custom_xml() -> bytes:
    """The same in a metadata part big-endian (no part is spared the scan)."""
    item = '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE d SYSTEM "http://127.0.0.1:9/d"><d/>'
    return rewrite(base_workbook(), add={"customXml/item1.xml": b"\xfe\xff" + item.encode("utf-16-be")})


def utf16_without_bom() -> bytes:
    sheet = member(base_workbook(), SHEET1).decode()
    return rewrite(base_workbook(), {SHEET1: sheet.encode("utf-16-le")})


def utf32_part() -> bytes:
    sheet = member(base_workbook(), SHEET1).decode()
    return rewrite(base_workbook(), {SHEET1: sheet.encode("utf-32")})
