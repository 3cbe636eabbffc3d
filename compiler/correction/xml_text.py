"""XML parts edited as text: find a tag, read or set an attribute, splice in a change.

What `xlsx_patch` and `xlsx_comments` edit with. Only the forms spreadsheet programs write are
handled; anything else raises `Unsupported`, and the caller takes the general (slow) path.
"""
from __future__ import annotations

import html
import re

# One start or end tag; quoted attribute values may hold '>' and are skipped whole.
TAG = re.compile(r"""<(/?)([A-Za-z_][\w.:-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(/?)>""")
ATTR = re.compile(r"""(?<=\s)([^\s=/>]+)\s*=\s*("[^"]*"|'[^']*')""")
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_REF = re.compile(r"^([A-Z]{1,3})([1-9][0-9]{0,6})$")


class Unsupported(Exception):
    """The package holds something this text surgery does not handle safely."""


def esc(text, quote: bool = True) -> str:
    """XML-escape text, dropping control characters XML 1.0 cannot carry (tab/newline stay)."""
    text = _BAD_CHARS.sub("", str(text)).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if quote else text


def attrs(tag: str) -> dict[str, str]:
    return {k: html.unescape(v[1:-1]) for k, v in ATTR.findall(tag)}


def attr(tag: str, name: str) -> str | None:
    """One attribute's value (attrs(tag).get(name), without building the dict)."""
    for m in ATTR.finditer(tag):
        if m.group(1) == name:
            value = m.group(2)[1:-1]
            return html.unescape(value) if "&" in value else value
    return None


def set_attr(tag: str, name: str, value: str | None) -> str:
    """The tag with attribute `name` set to value (removed when None), other bytes untouched."""
    for m in ATTR.finditer(tag):
        if m.group(1) == name:
            if value is None:
                return tag[:m.start() - 1] + tag[m.end():]
            return tag[:m.start(2)] + f'"{esc(value)}"' + tag[m.end(2):]
    if value is None:
        return tag
    cut = len(tag) - (2 if tag.endswith("/>") else 1)
    return tag[:cut].rstrip() + f' {name}="{esc(value)}"' + tag[cut:]


def tag_at(xml: str, pos: int) -> re.Match:
    m = TAG.match(xml, pos)
    if m is None:
        raise Unsupported(f"unreadable tag at {pos}")
    return m


def tags(xml: str, name: str, start: int = 0, end: int | None = None):
    """The start tags of every `name` element between start and end."""
    for m in re.compile(f"<{re.escape(name)}(?=[\\s/>])").finditer(xml, start, len(xml) if end is None else end):
        yield tag_at(xml, m.start())


def element(xml: str, name: str, start: int = 0, end: int | None = None):
    """(open tag match, content start, content end, end of element) of the first `name`, or None."""
    m = re.compile(f"<{re.escape(name)}(?=[\\s/>])").search(xml, start, len(xml) if end is None else end)
    if m is None:
        return None
    tag = tag_at(xml, m.start())
    if tag.group(4):
        return tag, tag.end(), tag.end(), tag.end()
    close = xml.find(f"</{name}>", tag.end())
    if close < 0:
        raise Unsupported(f"<{name}> not closed")
    return tag, tag.end(), close, close + len(name) + 3


def root(xml: str, name: str, ns: str) -> re.Match:
    """The root start tag; it must be unprefixed `name` in the default namespace `ns`."""
    if "<!" in xml:  # DOCTYPE, comments, CDATA: never written by spreadsheet programs
        raise Unsupported("markup declarations")
    m = TAG.search(xml)
    if m is None or m.group(1) or m.group(2) != name or attrs(m.group(0)).get("xmlns") != ns:
        raise Unsupported(f"root is not <{name} xmlns={ns}>")
    return m


def prefix_of(tag: str, ns: str) -> str | None:
    for key, value in attrs(tag).items():
        if key.startswith("xmlns:") and value == ns:
            return key[6:]
    return None


def splice(xml: str, edits: list[tuple[int, int, str]]) -> str:
    """Apply (start, end, replacement) edits that do not overlap."""
    out, pos = [], 0
    for start, end, text in sorted(edits, key=lambda e: (e[0], e[1])):
        out += [xml[pos:start], text]
        pos = end
    return "".join(out) + xml[pos:]


def parse_ref(ref: str) -> tuple[int, int]:
    """'D7' -> (7, 4): row and 1-based column."""
    m = _REF.match(ref)
    if m is None:
        raise ValueError(ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    if col > 16384 or int(m.group(2)) > 1048576:
        raise ValueError(ref)
    return int(m.group(2)), col


def append_child(xml: str, name: str, text: str) -> str:
    """Insert text as the last child of the first `name` element (expanding <name/>)."""
    found = element(xml, name)
    if found is None:
        raise Unsupported(f"no <{name}>")
    tag, _, close, end = found
    if tag.group(4):
        opened = tag.group(0)[:-2].rstrip() + ">"
        return xml[:tag.start()] + opened + text + f"</{name}>" + xml[end:]
    return xml[:close] + text + xml[close:]
