"""Write a compile's outputs in one pool of workers: correction copies, recaps, findings list.

One pool instead of one per kind. The copies go first, so that the workers start at once while
this process builds the recap views (pandas work, ~0.15 s for a kabupaten quarter), which then
follow, largest first; this process writes the findings list meanwhile instead of waiting. The
libraries and the compiled HTML template are loaded before the workers fork (`prepare`).
"""
from __future__ import annotations

from pathlib import Path


def _job(job) -> list[Path]:
    kind, *args = job
    if kind == "recap":
        from compiler.recap.render import render_one
        return render_one(*args)
    from compiler.correction.copies import copy_job
    path = copy_job(args)
    return [path] if path is not None else []


def prepare() -> None:
    """Load what the output workers need, once, before they fork (~0.1 s): a compile calls it
    while its readers work, when this process would otherwise wait."""
    from compiler.correction import copies  # noqa: F401
    from compiler.outputs import findings_list  # noqa: F401
    from compiler.recap import html as render_html
    from compiler.recap import render  # noqa: F401
    from compiler.run import pool  # noqa: F401

    render_html.environment().get_template(render_html.TEMPLATE)


def write_outputs(results, recaps, out_dir: Path, workers: int | None = None) -> list[Path]:
    """Every correction copy (but for reports replaced by newer ones), every recap (.xlsx, .html)
    and the findings list; the paths, sorted.
    `recaps()` gives the recap views, the kabupaten's first; it is called once the copies are
    under way."""
    from compiler.correction.copies import copy_jobs
    from compiler.outputs.findings_list import write_findings
    from compiler.run.pool import pmap

    prepare()
    # A report a newer one replaced gets no copy: the volunteer has sent the correction already.
    current = [r for r in results if not any(f.code == "submission-superseded" for f in r.findings)]
    copies = [("copy", *job) for job in copy_jobs(current, out_dir)]
    written: list[Path] = []
    done = pmap(_job, copies, workers, chunksize=1, later=lambda: [("recap", r, out_dir) for r in recaps()],
                meanwhile=lambda: written.extend(write_findings(results, out_dir)))
    return sorted(written + [p for paths in done for p in paths])
