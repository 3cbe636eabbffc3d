"""The recap's native Excel bar charts, each drawn below its table on the same sheet."""
from __future__ import annotations

import math

from compiler.files.paper import LINE_PT
from compiler.recap.format import COLORS
from compiler.recap.view import Table

NUMBER = "#,##0"
ROW_CM = 0.53  # a default 15 pt row, for placing things below a chart
PX_PER_CM = 96 / 2.54


def chart_cm(t: Table) -> float:
    """A chart's usual height: room for every area's bar (or pair of bars)."""
    areas = sum(1 for r in t.rows if not r.total)
    return min(15.0, 5 + areas * (0.5 if t.chart.stacked else 0.8))


def draw(sh, t: Table, header: int, first: int, row: int, widths: list[float],
           height_cm: float) -> int:
    """A native bar chart of the table's area rows, just below it on the same sheet, with its
    legend; returns the next free row."""
    spec = t.chart
    areas = sum(1 for r in t.rows if not r.total)
    last = first + areas - 1
    ch = sh.book.wb.add_chart({"type": "bar", "subtype": "stacked"} if spec.stacked else {"type": "bar"})
    ch.set_title({"name": spec.title, "name_font": {"size": 11}})
    colors = COLORS[:3] if spec.stacked else COLORS[3:]
    name = sh.ws.name
    for n, i in enumerate(spec.columns):
        series = {"name": [name, header - 1, i + 1],
                  "categories": [name, first - 1, 0, last - 1, 0],
                  "values": [name, first - 1, i + 1, last - 1, i + 1]}
        if n < len(colors):
            series.update(fill={"color": colors[n]}, border={"color": colors[n]})
        if spec.stacked and n == 0:
            series["overlap"] = 100
        ch.add_series(series)
    # In a bar chart XlsxWriter's x axis is the value axis and y the category axis.
    ch.set_x_axis({"num_format": NUMBER, "major_tick_mark": "none"})
    ch.set_y_axis({"reverse": True, "major_tick_mark": "none"})  # first area on top, as in the table
    ch.set_legend({"position": "bottom"})
    width_px = min(round(25 * PX_PER_CM), round(7 * sum(widths)))
    ch.set_size({"width": width_px, "height": round(height_cm * PX_PER_CM)})
    sh.ws.insert_chart(row - 1, 0, ch, {"object_position": 3})   # moves with the rows, not their size
    rows = math.ceil(height_cm / ROW_CM) + 1
    for r in range(row, row + rows):
        sh.height(r, LINE_PT)
    return row + rows
