"""Take off what an earlier correction copy put on a workbook sent back: its notes and fills.

The patch path's counterpart of `correction._unmark` (openpyxl), so that a copy sent back keeps
what openpyxl would drop (pictures, charts, Excel 2010 dropdown lists). A worksheet whose notes
are all wksbm's, in a VML drawing of note boxes only, loses its comments part, that drawing and
the `<legacyDrawing>` pointing to it; each noted cell filled solid in one of our colours is left
unfilled. A volunteer's own note beside ours, or other shapes in the drawing, raise Unsupported.
"""
from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable

from compiler.xlsx_comments import Styles
from compiler.xlsx_patch import (MAIN, REL, Package, drop_override, relationships, rels_name, remove_relationship,
                                 targets)
from compiler.xml_text import Unsupported, attr, attrs, element, prefix_of, root, tag_at, tags

AUTHOR = "wksbm"
# How each of our messages in a note begins (correction.TINGKAT); a volunteer's own note a copy
# added ours to keeps its author and its text, before ours, a blank line between.
MARKS = ("Harus diperbaiki: ", "Perlu diperiksa: ")
VOLUNTEER = "Relawan"   # the author of a volunteer's words found in a note of ours (older copies)


def nameless(author) -> bool:
    """An author LibreOffice writes for every note it saves (" "), or none at all: such a note
    on a cell a copy filled is taken as ours, which it most likely is."""
    return author is None or not str(author).strip() or str(author) == "None"   # openpyxl reads <author/> so


def paragraphs(text: str) -> list[str]:
    """A note's paragraphs: split at blank lines, however many line ends Excel or a volunteer left."""
    return [p.strip("\n") for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n"))]


def own_words(text: str, ours: bool, marked: bool) -> tuple[str, bool]:
    """(a note's words that are not our messages, whether it held any of ours). A note of ours
    (author wksbm) is our messages, after a volunteer's words in copies made before they kept
    their note; in a volunteer's note ours only follow its first paragraph, on a cell a copy
    filled (`marked`): their own "Perlu diperiksa: ..." stays theirs."""
    parts = paragraphs(text)
    kept = [p for k, p in enumerate(parts) if not (p.startswith(MARKS) and (ours or (k > 0 and marked)))]
    return "\n\n".join(p for p in kept if p), len(kept) != len(parts)
VML = "urn:schemas-microsoft-com:vml"
EXCEL = "urn:schemas-microsoft-com:office:excel"
# VML drawing elements other than a note's <v:shape>: a picture, a control, a shape drawn by hand
_OTHER_SHAPES = "rect|roundrect|oval|line|polyline|curve|arc|image|group"


def take_off_notes(pkg: Package, parts: Iterable[str]) -> dict[str, list[str]]:
    """Remove our notes from each worksheet part holding them; returns part -> the noted cells."""
    out: dict[str, list[str]] = {}
    counts = None
    for part in parts:
        rels = relationships(pkg, part)
        comments = [r for r in rels if r.get("Type") == REL + "/comments"]
        if not comments:
            continue
        if len(comments) != 1 or "part" not in comments[0]:
            raise Unsupported("comments parts")
        refs = _our_notes(pkg.text(comments[0]["part"]))
        if refs is None:  # the volunteer's own notes only: left as they are
            continue
        xml = pkg.text(part)
        top = root(xml, "worksheet", MAIN)
        found = element(xml, "legacyDrawing")
        if found is None:
            raise Unsupported("notes without their drawing")
        rid = _rid(found[0].group(0), top.group(0))
        drawing = [r for r in rels if r.get("Id") == rid]
        if len(drawing) != 1 or drawing[0].get("Type") != REL + "/vmlDrawing" or "part" not in drawing[0]:
            raise Unsupported("legacyDrawing is no VML drawing")
        gone = [comments[0], drawing[0]]
        counts = targets(pkg) if counts is None else counts
        if any(counts[r["part"].lower()] != 1 for r in gone):
            raise Unsupported("notes shared with another part")
        if pkg.real(rels_name(drawing[0]["part"])):
            raise Unsupported("a note drawing with parts of its own (a picture fill)")
        _only_notes(pkg.read(drawing[0]["part"]).decode("utf-8", "replace"))
        pkg.put(part, xml[:found[0].start()] + xml[found[3]:])
        for r in gone:
            remove_relationship(pkg, part, r["Id"])
            pkg.remove(r["part"])
            drop_override(pkg, r["part"])
        if not relationships(pkg, part):  # Excel never writes an empty relationships part
            pkg.remove(rels_name(part))
        out[part] = refs
    return out


def _our_notes(xml: str) -> list[str] | None:
    """The cells of a comments part's notes when wksbm wrote them all, each only our messages;
    None when none is ours. A note holding a volunteer's words and ours (a volunteer's note a
    copy added to), or a volunteer's note beside ours, raise Unsupported: openpyxl's path takes
    our messages out of such notes and keeps the rest (`correction._unmark`)."""
    root(xml, "comments", MAIN)
    found = element(xml, "authors")
    if found is None:
        raise Unsupported("comments without authors")
    authors = []
    for tag in tags(xml, "author", found[1], found[2]):
        _, start, end, _ = element(xml, "author", tag.start())
        authors.append(html.unescape(xml[start:end]))
    ours = {str(i) for i, name in enumerate(authors) if name == AUTHOR}
    refs, theirs = [], False
    for tag in tags(xml, "comment", found[3]):
        a = attrs(tag.group(0))
        _, start, end, _ = element(xml, "comment", tag.start())
        said = [p.startswith(MARKS) for p in paragraphs(_text(xml[start:end]))]
        index = a.get("authorId", "")
        if index in ours and all(said) and "ref" in a:
            refs.append(a["ref"])
        elif any(said[1:]) or index in ours or (any(said) and nameless(authors[int(index)] if index.isdigit()
                                                                         and int(index) < len(authors) else None)):
            raise Unsupported("a note holding a volunteer's words and ours")   # openpyxl's path decides
        else:
            theirs = True
    if not refs:
        return None
    if theirs:
        raise Unsupported("a volunteer's note beside ours")  # openpyxl keeps theirs, takes ours
    return refs


def _text(comment: str) -> str:
    """A note's text: its runs' <t> joined, unescaped."""
    runs = re.findall(r"<(?:\w+:)?t(?:\s[^<>]*)?>([^<]*)</(?:\w+:)?t>", comment)
    return html.unescape("".join(runs))


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


def unfill(styles: Styles, colours: Iterable[str]) -> Callable[[int], int]:
    """old cell format -> the same without its fill, when that fill is solid in one of `colours`
    (compared by their last 6 hex digits: an earlier copy's mark); any other format stays."""
    ours = {rgb[-6:].upper() for rgb in colours}
    memo: dict[int, int] = {}

    def restyle(old: int) -> int:
        if old not in memo:
            rgb = styles.solid_rgb(old)
            memo[old] = styles.with_fill(old, 0) if rgb and rgb[-6:].upper() in ours else old
        return memo[old]
    return restyle
