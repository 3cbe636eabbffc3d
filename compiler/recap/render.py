"""Write the human recaps: each view drawn by both renderers (Excel and HTML)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from compiler.recap import html as render_html
from compiler.recap import xlsx as render_xlsx
from compiler.recap.view import Recap, build_recaps


def render_one(recap: Recap, out_dir: Path) -> list[Path]:
    return [render_xlsx.write_xlsx(recap, out_dir / f"{recap.stem}.xlsx"),
            render_html.write_html(recap, out_dir / f"{recap.stem}.html")]


def _render_job(job) -> list[Path]:
    return render_one(*job)


def render_all(rekap: pd.DataFrame, status: pd.DataFrame, tahun: int, triwulan: str,
               out_dir: Path, dibuat: str, workers: int | None = None) -> list[Path]:
    """Write the kabupaten recap and the 17 kapanewon recaps (.xlsx and .html); return the paths."""
    from compiler.run.pool import pmap

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = [(recap, out_dir) for recap in build_recaps(rekap, status, tahun, triwulan, dibuat)]
    return sorted(p for paths in pmap(_render_job, jobs, workers) for p in paths)
