"""What a validation writes: the findings list and the correction copies, in a folder it owns."""
from __future__ import annotations

from pathlib import Path

from compiler.model.results import FileResult


def write_checked(results: list[FileResult], out: Path, workers: int | None = None) -> list[Path]:
    """A validation's findings list and correction copies, in `out`, where it overwrites or
    removes only its own earlier files (compiler.files.out_folder): among them the earlier copies of
    the reports checked now. A copy whose name an earlier copy of another report holds there
    gets a name of its own. Returns the copies written."""
    from compiler.correction.copies import copy_jobs, own_copy_name, write_copies
    from compiler.outputs.findings_list import FINDINGS_FILES, write_findings
    from compiler.files.out_folder import copy_sources, write_owned

    before = copy_sources(out)   # copy -> the report it was made from, for each earlier copy
    source = {r.path: _source(r.path) for r in results}
    jobs = []
    for path, findings, copy in copy_jobs(results, out):
        if before.get(copy, source[path]) != source[path]:   # another report's copy: never replaced
            copy = own_copy_name(copy, source[path])
        jobs.append((path, findings, copy))
    targets = [out / name for name in FINDINGS_FILES] + [copy for _, _, copy in jobs]
    checked = set(source.values())
    sources: dict[Path, str] = {}   # filled as copies are written: an interrupted run records none
    copies: list[Path] = []

    def write() -> None:
        write_findings(results, out)
        copies.extend(write_copies(results, out, workers, jobs))
        sources.update({copy: source[path] for path, _, copy in jobs if copy in copies})

    write_owned(out, "validate", targets, write, sources=sources,
                stale=lambda path, source: source in checked)   # the reports checked now have new copies
    return copies


def _source(path: str) -> str:
    """A report's path as the manifest records a copy's source: the same file, however named."""
    try:
        return str(Path(path).resolve())
    except (OSError, RuntimeError):
        return str(Path(path).absolute())
