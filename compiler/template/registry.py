"""One pre-filled template per registered WKSBM (`wksbm template --registry`)."""
from __future__ import annotations

from pathlib import Path

from compiler.files.atomic import save_workbook
from compiler.files.out_folder import write_owned
from compiler.intake.registry import RegistryError, file_slug, parse_registry, skipped_text
from compiler.template.workbook import build, fill


class RegistryRowsSkipped(RegistryError):
    """Some registry rows got no template; str() lists them in Bahasa Indonesia.
    `written`: the templates written anyway; `skipped`: (csv line, reason) per row left out."""

    def __init__(self, message: str, written: list[Path], skipped: list[tuple[int, str]]):
        super().__init__(message)
        self.written, self.skipped = written, skipped


def write_registry_templates(registry_csv, out_dir) -> list[Path]:
    """Write one pre-filled template per registered WKSBM into `out_dir`, named
    wksbm_<kode_kalurahan>_<padukuhan>[_n].xlsx: safe, unique, in registry order.

    Kapanewon and the canonical Kalurahan come from kode_kalurahan (dots optional); the
    Padukuhan and Nama WKSBM from the row. Blank rows are ignored. A row with an unknown
    code, no padukuhan, or the same (kalurahan, padukuhan) as an earlier row is skipped:
    every other template is still written, then RegistryRowsSkipped (a
    compiler.intake.registry.RegistryError) is raised listing the skipped rows, with `.written`.
    An unreadable registry or one without the required columns raises RegistryError
    before anything is written; so does OutputFolderError when a template would overwrite a
    file that this command did not write there (a filled report saved under its name).
    """
    registry_csv, out_dir = Path(registry_csv), Path(out_dir)
    entries, skipped = parse_registry(registry_csv)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths, names = [], set()
    for e in entries:
        stem = name = f"wksbm_{e.kode_kalurahan}_{file_slug(e.padukuhan)}"
        n = 1
        while name.casefold() in names:  # different spellings that slug alike
            n += 1
            name = f"{stem}_{n}"
        names.add(name.casefold())
        paths.append(out_dir / f"{name}.xlsx")
    wb, cells = build()  # built once, re-filled per WKSBM: the layout is identical
    written = []

    def write() -> None:
        for e, path in zip(entries, paths):
            fill(wb, cells, {"kapanewon": e.kapanewon, "kalurahan": e.kalurahan,
                              "padukuhan": e.padukuhan, "nama_wksbm": e.nama_wksbm or None})
            save_workbook(wb, path)
            written.append(path)

    # also removes the templates of WKSBM no longer in the registry, as written
    write_owned(out_dir, "template", paths, write, option="--out-dir")
    if skipped:
        raise RegistryRowsSkipped(skipped_text(registry_csv, skipped), written, skipped)
    return written
