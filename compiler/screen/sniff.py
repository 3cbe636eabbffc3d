"""Say what a non-zip upload really is, from its bytes and never its extension.

Volunteers rename PDFs, CSVs, web pages and old .xls files to .xlsx; telling them what the
file is and how to save it properly gets a usable resubmission.
"""
from __future__ import annotations

import re

from compiler.screen.limits import Reject, unreadable
from compiler.screen.messages import (MSG_ARCHIVE, MSG_CSV, MSG_DOC, MSG_ENCRYPTED, MSG_HTML, MSG_IMAGE,
                                      MSG_NOT_EXCEL, MSG_PDF, MSG_RTF, MSG_TEXT, MSG_XLS, MSG_XML,
                                      MSG_XML2003)

_CFB_MAGIC = b"\xd0\xcf\x11\xe0"       # OLE/CFB: encrypted OOXML, legacy .xls / .doc
_HTML_RE = re.compile(r"<(!doctype\s+html|html|head|body|table|meta|title)\b")


def _u16(s: str) -> bytes:
    return s.encode("utf-16-le")


def sniff_other(data: bytes) -> Reject:
    """The reject for bytes that are not a zip: say what they look like."""
    if data.startswith(_CFB_MAGIC):
        if _u16("EncryptionInfo") in data or _u16("EncryptedPackage") in data:
            return unreadable(MSG_ENCRYPTED)
        if _u16("WordDocument") in data:
            return unreadable(MSG_DOC)
        return unreadable(MSG_XLS)
    head = data[:4096]
    if b"%PDF-" in head[:1024]:
        return unreadable(MSG_PDF)
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"II*\x00", b"MM\x00*")):
        return unreadable(MSG_IMAGE)
    if head.startswith((b"Rar!", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b", b"BZh", b"\xfd7zXZ")):
        return unreadable(MSG_ARCHIVE)
    text = _as_text(head)
    if text is None:
        return unreadable(MSG_NOT_EXCEL)
    t = text.lstrip().lower()
    if t.startswith("{\\rtf"):
        return unreadable(MSG_RTF)
    if t.startswith("<"):
        if "urn:schemas-microsoft-com:office:spreadsheet" in t:
            return unreadable(MSG_XML2003)
        if _HTML_RE.search(t):
            return unreadable(MSG_HTML)
        return unreadable(MSG_XML)
    lines = [ln for ln in t.splitlines()[:20] if ln.strip()]
    if lines:
        for sep in (",", ";", "\t", "|"):
            counts = [ln.count(sep) for ln in lines[:-1] or lines]
            if counts and min(counts) >= 1:
                return unreadable(MSG_CSV)
    return unreadable(MSG_TEXT)


def _as_text(head: bytes) -> str | None:
    """The head decoded as text if it looks like text, else None."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return head[2:len(head) - (len(head) % 2)].decode("utf-16-le" if head[0] == 0xFF else "utf-16-be")
        except UnicodeDecodeError:
            return None
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if b"\x00" in head:
        return None
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.start >= len(head) - 4:          # a character cut by the 4 KB window
            text = head[:e.start].decode("utf-8")
        else:
            text = head.decode("cp1252", errors="replace")
    if not text:
        return None
    bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f") + text.count("\ufffd")
    return text if bad <= len(text) // 50 else None
