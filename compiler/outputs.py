"""Write a compile's outputs in one pool of workers: recaps, correction copies, findings list.

One pool instead of one per kind: the largest jobs (the kabupaten recap) go first and the many
small ones (copies) last, so the workers finish together; the libraries and the compiled HTML
template are loaded once here, before the workers fork; and this process writes the findings
list meanwhile instead of waiting.
"""
from __future__ import annotations

from pathlib import Path


def _job(job) -> list[Path]:
    kind, *args = job
    if kind == "recap":
        from compiler.recap_view import render_one
        return render_one(*args)
    from compiler.correction import copy_job
    path = copy_job(args)
    return [path] if path is not None else []


def write_outputs(results, recaps, out_dir: Path, workers: int | None = None) -> list[Path]:
    """Every recap (.xlsx, .html), every correction copy and the findings list; the paths, sorted."""
    from compiler import render_html, render_xlsx  # noqa: F401 - imported once, before forking
    from compiler.correction import copy_jobs
    from compiler.findings_io import write_findings
    from compiler.parallel import pmap

    render_html.environment().get_template(render_html.TEMPLATE)
    jobs = [("recap", recap, out_dir) for recap in recaps]
    jobs += [("copy", *job) for job in copy_jobs(results, out_dir)]
    written: list[Path] = []
    done = pmap(_job, jobs, workers, meanwhile=lambda: written.extend(write_findings(results, out_dir)),
                chunksize=1)
    return sorted(written + [p for paths in done for p in paths])
