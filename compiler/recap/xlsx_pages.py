"""Where a recap sheet's manual page breaks go (Excel and LibreOffice place the others anywhere)."""
from __future__ import annotations

from compiler.files.paper import LINE_PT, page_room, scale


class Pages:
    """Where a sheet's manual page breaks go, so that no table or chart is split over two pages
    (nor the signature parted from the last table): a block that does not fit on what is left
    of a page begins the next one."""

    def __init__(self, sh, widths: list[float], title_rows: int, wide: bool):
        self.sh, self.used, self.breaks = sh, 0.0, []
        fit = scale(widths, landscape=wide)
        self.room = page_room(fit, landscape=wide) - LINE_PT * title_rows - 2 * LINE_PT

    def tall(self, start: int, end: int) -> float:
        return sum(self.sh.heights.get(r, LINE_PT) for r in range(start, end))

    def left(self, more: float) -> float:
        """What a page leaves after `more` points, on this page if they fit, else on the next."""
        return self.room - (self.used + more if self.used + more <= self.room else more)

    def block(self, start: int, end: int) -> None:
        """Rows start..end-1 (as written, their heights set) are one block."""
        tall = self.tall(start, end)
        if self.used and self.used + tall > self.room:
            self.breaks.append(start - 1)
            self.used = 0.0
        self.used += tall

    def close(self) -> None:
        if self.breaks:
            self.sh.ws.set_h_pagebreaks(self.breaks)
