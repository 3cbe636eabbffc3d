"""Take off what an earlier correction copy put on a workbook sent back: its notes and fills.

The patch path's counterpart of `correction._unmark` (openpyxl), so that a copy sent back keeps
what openpyxl would drop (pictures, charts, Excel 2010 dropdown lists, formula values). Our
messages go out of the notes, in place (`xlsx_notes`): a note that held nothing else goes, and a
worksheet left without notes loses its comments part, VML drawing and `<legacyDrawing>`; a
volunteer's words stay, with their author. Each such cell filled solid in one of our colours is
left unfilled. Other shapes in the drawing raise Unsupported.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from compiler.correction.comments import Styles, cell_styles
from compiler.correction.notes import AUTHOR, SheetNotes
from compiler.correction.patch import Package
from compiler.correction.xml_text import Unsupported, attrs

# How each of our messages in a note begins (correction.TINGKAT); a volunteer's own note a copy
# added ours to keeps its author and its text, before ours, a blank line between.
MARKS = ("Harus diperbaiki: ", "Perlu diperiksa: ")
CONTINUED = "\u00a0\u00a0"   # begins each next line of one of our messages (no one types two no-break spaces)
VOLUNTEER = "Relawan"   # the author of a volunteer's words found in a note of ours (older copies)


def nameless(author) -> bool:
    """An author LibreOffice writes for every note it saves (" "), or none at all: such a note
    on a cell a copy filled is taken as ours, which it most likely is."""
    return author is None or not str(author).strip() or str(author) == "None"   # openpyxl reads <author/> so


def _lines(text: str) -> tuple[list[str], int]:
    """A note's lines, and where its first words are: each of our messages is a line that begins
    with one of MARKS and the lines after it that begin with CONTINUED (`correction.note_text`);
    a volunteer may answer on the next line or write above."""
    rows = text.replace("\r\n", "\n").split("\n")
    return rows, next((i for i, row in enumerate(rows) if row.strip()), 0)


def said_later(text: str) -> bool:
    """Whether a line after a note's first words reads like one of our messages."""
    rows, first = _lines(text)
    return any(row.startswith(MARKS) for row in rows[first + 1:])


def own_words(text: str, ours: bool, marked: bool) -> tuple[str, bool]:
    """(a note's words that are not our messages, whether it held any of ours). In a note of
    ours (author wksbm) every line of ours goes and a volunteer's lines above or below stay; in
    a volunteer's note ours only follow its first words, on a cell a copy filled (`marked`):
    their own "Perlu diperiksa: ..." stays theirs."""
    rows, first = _lines(text)
    kept, within = [], False   # within: on the next lines of one of our messages
    for i, row in enumerate(rows):
        within = (row.startswith(MARKS) and (ours or (i > first and marked))) or (within and row.startswith(CONTINUED))
        if not within:
            kept.append(row)
    # No blank lines left where ours were, and otherwise their text as it was: what comes before
    # our lines is then a prefix of the note, whose runs keep their format (`SheetNotes.rewrite`).
    words = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).rstrip("\n")
    if not text.startswith(("\n", "\r")):
        words = words.lstrip("\n")
    return words, len(kept) != len(rows)


def take_off_notes(pkg: Package, parts: Iterable[str], filled: Callable[[int], bool]) -> dict[str, list[str]]:
    """Take an earlier check's messages out of each worksheet's notes, by `correction._unmark`'s
    rule: a note left with nothing of the volunteer's goes (a sheet left without notes loses its
    comments part and drawing); one with their words keeps them and their author. `filled` says
    whether a cell format is one of our fills. Returns part -> the cells whose notes held ours."""
    out: dict[str, list[str]] = {}
    for part in parts:
        notes = SheetNotes.of(pkg, part)
        if notes is None:
            continue
        plan = _ours(pkg, part, notes, filled)
        if not plan:  # the volunteer's own notes only: left as they are
            continue
        if len(plan) == len(notes.notes) and not any(words for words, _ in plan.values()):
            notes.drop()
        else:
            for k, (words, by_us) in plan.items():
                if words:
                    notes.rewrite(k, words, VOLUNTEER if by_us else None)
                else:
                    notes.remove(k)
            notes.save()
        out[part] = [notes.notes[k].ref for k in plan]
    return out


def _ours(pkg: Package, part: str, notes: SheetNotes, filled: Callable[[int], bool]) -> dict[int, tuple[str, bool]]:
    """note index -> (the volunteer's words in it, whether the note is ours) for each note of ours
    or holding ours; a cell's fill is looked up only where the rule needs it."""
    texts = [note.text for note in notes.notes]
    unsure = [note.ref for note, text in zip(notes.notes, texts) if note.author != AUTHOR
              and (nameless(note.author) or said_later(text))]
    try:
        styles = cell_styles(pkg.text(part), unsure) if unsure else {}
    except ValueError:
        raise Unsupported("a note's cell") from None
    marked = {ref for ref, style in styles.items() if filled(style)}
    plan = {}
    for k, (note, text) in enumerate(zip(notes.notes, texts)):
        by_us = note.author == AUTHOR or (note.ref in marked and nameless(note.author))
        words, had_ours = own_words(text, by_us, note.ref in marked)
        if had_ours or by_us:
            plan[k] = (words, by_us)
    return plan


_CELL = re.compile(r"<c\s[^<>]*>")


def filled_cells(xml: str, filled: Callable[[int], bool]) -> set[str]:
    """The cells of a worksheet whose format is one of our fills: on a copy sent back, the cells
    an earlier check marked, whether or not the volunteer kept its note."""
    out = set()
    for tag in _CELL.finditer(xml):
        a = attrs(tag.group(0))
        if a.get("s", "").isdigit() and "r" in a and filled(int(a["s"])):
            out.add(a["r"])
    return out


def our_fill(styles: Styles, colours: Iterable[str]) -> Callable[[int], bool]:
    """Whether a cell format's fill is solid in one of `colours` (compared by their last 6 hex
    digits): an earlier copy's mark."""
    ours = {rgb[-6:].upper() for rgb in colours}

    def filled(xf: int) -> bool:
        rgb = styles.solid_rgb(xf)
        return bool(rgb) and rgb[-6:].upper() in ours
    return filled


def unfill(styles: Styles, colours: Iterable[str], back: str | None = None) -> Callable[[int], int]:
    """old cell format -> the same without its fill when that is an earlier copy's mark (or with
    the solid fill `back`, the colour the template gave such cells); any other stays."""
    filled, memo = our_fill(styles, colours), {}
    fill = styles.fill(back) if back else 0

    def restyle(old: int) -> int:
        if old not in memo:
            memo[old] = styles.with_fill(old, fill) if filled(old) else old
        return memo[old]
    return restyle
