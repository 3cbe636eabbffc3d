"""The package's parts by role: its type, its main part, its sheets, styles and shared strings.

Decides what the zip is (an Excel workbook, or a Word, PowerPoint, OpenDocument, macro or
plain-zip upload) and caps the parts a reader loads whole: styles and shared strings.
Only the small parts named by the package are parsed, with defusedxml's guards and size caps.
"""
from __future__ import annotations

import functools
import posixpath
import re
import zipfile
from dataclasses import dataclass, field

from compiler.screen import messages as msg
from compiler.screen.limits import (MAX_CELLS, MAX_PARSED_XML_BYTES, MAX_SHARED_STRINGS, MAX_SHEETS,
                                    MAX_SST_BYTES, MAX_STYLE_ELEMENTS, MAX_STYLE_XFS, MAX_STYLES_BYTES,
                                    SST_DECLARED_SLACK, Reject, unreadable, unsafe)
from compiler.screen.messages import (MSG_DOCX, MSG_MACRO, MSG_NO_MAIN, MSG_ODF, MSG_ODS, MSG_PPTX,
                                      MSG_ZIP_NOT_EXCEL)
from compiler.screen.xml import PREFIX_RE, PREFIXED_SST, elements, local

_CT_MAIN = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml")
_CT_WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_CT_PPT = "application/vnd.openxmlformats-officedocument.presentationml."
_MACRO_MARKS = ("macroenabled", "vbaproject", "macrosheet")
_SST_COUNT_ATTRS = {attr: re.compile(rb"""\s%s\s*=\s*["']([^"']*)["']""" % attr)
                    for attr in (b"uniqueCount", b"count")}


@dataclass
class WorkbookInfo:
    """What workbook.xml and its rels say: sheet names, the date system, and where the
    sheets, styles and shared strings are."""
    sheet_names: list[str]
    date1904: bool
    styles_parts: list[str]
    sst_parts: list[str]
    names_by_part: dict[str, str] = field(default_factory=dict)   # worksheet member -> sheet name


def check_parsed_size(info: zipfile.ZipInfo) -> None:
    if info.file_size > MAX_PARSED_XML_BYTES:
        raise unsafe(msg.part_too_big(info.filename, info.file_size))


def check_package_type(byname: dict[str, zipfile.ZipInfo], mimetype_head) -> None:
    """OpenDocument (from its mimetype member, read by `mimetype_head(info)`) and macros by name."""
    mt = byname.get("mimetype")
    if mt is not None and mt.file_size <= 200:
        kind = mimetype_head(mt).strip()
        if kind.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
            raise unreadable(MSG_ODS)
        if kind.startswith(b"application/vnd.oasis.opendocument"):
            raise unreadable(MSG_ODF)
    for name in byname:
        low = name.lower()
        if low.rsplit("/", 1)[-1] == "vbaproject.bin" or "/macrosheets/" in low or low.startswith("macrosheets/"):
            raise unsafe(MSG_MACRO)


def not_excel(byname: dict[str, zipfile.ZipInfo]) -> Reject:
    """The reject for a zip without [Content_Types].xml: say what it looks like."""
    low = {n.lower() for n in byname}
    if "word/document.xml" in low:
        return unreadable(MSG_DOCX)
    if "ppt/presentation.xml" in low:
        return unreadable(MSG_PPTX)
    if "xl/workbook.xml" in low:
        return unreadable(MSG_NO_MAIN)
    if "content.xml" in low and "meta-inf/manifest.xml" in low:
        return unreadable(MSG_ODF)
    return unreadable(MSG_ZIP_NOT_EXCEL)


_OFFICE_DOCUMENT = ("/officeDocument/2006/relationships/officeDocument",   # transitional
                    "/officeDocument/relationships/officeDocument")        # strict


def root_target(root_rels: bytes | None) -> str:
    """The main part's target as the package relationships (_rels/.rels) write it: absolute
    ("/xl/workbook.xml") or relative ("xl/workbook.xml", "./xl/workbook.xml"); "" if none."""
    if not root_rels:
        return ""
    for tag, attrs in elements(root_rels):
        if (tag == "Relationship" and attrs.get("Type", "").strip().endswith(_OFFICE_DOCUMENT)
                and attrs.get("TargetMode", "").lower() != "external"):
            return attrs.get("Target", "")
    return ""


def _root_target(root_rels: bytes | None) -> str | None:
    """The main part's name (lower case) from the package relationships."""
    target = root_target(root_rels).strip().replace("\\", "/")
    return posixpath.normpath(target.lstrip("/")).lower() if target else None


def main_part(ct: bytes, byname: dict[str, zipfile.ZipInfo], root_rels: bytes | None = None) -> str:
    """The main part's member name, found as the OOXML packaging rules do: through the package
    relationships, its content type given by an Override or else by the Default of its
    extension; failing that, the part an Override types as a workbook. Rejects macros, Word
    and PowerPoint."""
    overrides: dict[str, str] = {}
    defaults: dict[str, str] = {}
    for tag, attrs in elements(ct):
        if tag == "Override":
            ctype = attrs.get("ContentType", "").strip().lower()
            overrides[attrs.get("PartName", "").strip().lstrip("/").lower()] = ctype
        elif tag == "Default":
            ctype = attrs.get("ContentType", "").strip().lower()
            defaults[attrs.get("Extension", "").strip().lstrip(".").lower()] = ctype
        else:
            continue
        if any(mark in ctype for mark in _MACRO_MARKS):
            raise unsafe(MSG_MACRO)
    members = {name.lower(): name for name in byname}

    def ctype_of(part: str) -> str:
        return overrides.get(part) or defaults.get(part.rsplit(".", 1)[-1] if "." in part else "", "")

    target = _root_target(root_rels)
    candidates = [target] if target in members else []
    candidates += [part for part, ctype in overrides.items() if ctype in _CT_MAIN and part != target]
    for part in candidates:
        ctype = ctype_of(part)
        if ctype in _CT_MAIN and part in members:
            return members[part]
    kinds = [ctype_of(target)] if target else []
    kinds += overrides.values()
    for ctype in kinds:
        if ctype.startswith(_CT_WORD) and ctype.endswith("main+xml"):
            raise unreadable(MSG_DOCX)
        if ctype.startswith(_CT_PPT) and ctype.endswith("main+xml"):
            raise unreadable(MSG_PPTX)
    raise unreadable(MSG_NO_MAIN)


def rels_name(main: str) -> str:
    return posixpath.join(posixpath.dirname(main), "_rels", posixpath.basename(main) + ".rels")


@functools.lru_cache(maxsize=1024)
def _resolve(base: str, target: str) -> str:
    """A relationship target as a member name (the same few recur in every workbook)."""
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))


def workbook_info(main: str, raw: bytes, rels: bytes | None) -> WorkbookInfo:
    """Parse workbook.xml (`raw`) and its relationships (`rels`, if present)."""
    n_sheets = raw.count(b"<sheet ") + raw.count(b":sheet ")
    if n_sheets > MAX_SHEETS:
        raise unsafe(msg.too_many_sheets(n_sheets))
    sheets = []
    date1904 = False
    for tag, attrs in elements(raw):
        if tag == "workbookPr":
            date1904 = attrs.get("date1904", "").strip().lower() in ("1", "true")
        elif tag == "sheet":
            rid = next((v for k, v in attrs.items() if local(k) == "id"), "")
            sheets.append((attrs.get("name", ""), rid))
    if len(sheets) > MAX_SHEETS:
        raise unsafe(msg.too_many_sheets(len(sheets)))
    targets: dict[str, str] = {}
    styles, sst = [], []
    base = posixpath.dirname(main)
    if rels is not None:
        for tag, attrs in elements(rels):
            if tag != "Relationship" or attrs.get("TargetMode", "").lower() == "external":
                continue
            target = attrs.get("Target", "")
            part = _resolve(base, target)
            targets[attrs.get("Id", "")] = part
            rtype = attrs.get("Type", "")
            if rtype.endswith("/styles"):
                styles.append(part)
            elif rtype.endswith("/sharedStrings"):
                sst.append(part)
    names_by_part = {targets[rid]: sname for sname, rid in sheets if rid in targets}
    styles.append(posixpath.join(base, "styles.xml"))
    sst.append(posixpath.join(base, "sharedStrings.xml"))
    return WorkbookInfo([s for s, _ in sheets], date1904, styles, sst, names_by_part)


def check_styles(x: bytearray) -> None:
    """Size, element and cell-format caps of a styles part (openpyxl loads it whole)."""
    if len(x) > MAX_STYLES_BYTES:
        raise unsafe(msg.styles_too_big(len(x)))
    n_el = x.count(b"<") - x.count(b"</")
    if n_el > MAX_STYLE_ELEMENTS:
        raise unsafe(msg.styles_too_many_elements(n_el))
    n_xf = x.count(b"<xf")
    if b":xf" in x:
        n_xf += x.count(b":xf ") + x.count(b":xf>") + x.count(b":xf/")
    if n_xf > MAX_STYLE_XFS:
        raise unsafe(msg.styles_too_many_formats(n_xf))


def count_shared_strings(x: bytearray) -> tuple[int, str]:
    """The <si> entries of a shared-strings part (0 if it has no <sst>), after its size is
    checked; and, when a declared count is absurd (a reader may allocate for uniqueCount up
    front), that count as typed ("" when both are sound). Only the declaration is wrong then:
    the reader is given the true count (`recount_shared_strings`), not the file."""
    if PREFIXED_SST.search(x, 0, 4096):
        x = PREFIX_RE.sub(rb"<\1", x)
    k = x.find(b"<sst")
    if k < 0:
        return 0, ""
    if len(x) > MAX_SST_BYTES:
        raise unsafe(msg.sst_too_big(len(x)))
    end = x.find(b">", k)
    tag = bytes(x[k:end if end > 0 else k + 512])
    n_si = x.count(b"<si>") + x.count(b"<si ") + x.count(b"<si/")
    if n_si > MAX_SHARED_STRINGS:
        raise unsafe(msg.sst_too_many(n_si))
    for attr, cap in ((b"uniqueCount", min(MAX_SHARED_STRINGS, n_si + SST_DECLARED_SLACK)),
                      (b"count", MAX_CELLS)):
        m = _SST_COUNT_ATTRS[attr].search(tag)
        if m:
            val = m.group(1).strip()
            if not val.isdigit() or len(val) > 12 or int(val) > cap:
                return n_si, val.decode("ascii", "replace")
    return n_si, ""


_SST_TAG = re.compile(rb"<((?:[A-Za-z_][\w.\-]*:)?sst)(\s[^>]*)?>")


def recount_shared_strings(x: bytes, n_si: int) -> bytes:
    """The shared-strings part with its declared counts set to the true number of strings."""
    m = _SST_TAG.search(x)
    if not m:
        return x
    attrs = m.group(2) or b""
    for attr in (b"uniqueCount", b"count"):
        attrs = _SST_COUNT_ATTRS[attr].sub(b' %s="%d"' % (attr, n_si), attrs, count=1)
    return x[:m.start(2) if m.group(2) else m.end(1)] + attrs + x[m.end(2) if m.group(2) else m.end(1):]
