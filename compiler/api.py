"""The library's front door: the jobs the CLI (and any other edge) calls, and what they raise.

Data flows one way: discovery -> screening -> reading -> checking -> the quarter's rules ->
figures -> outputs (see ARCHITECTURE.md); this module only names the jobs.
"""
from __future__ import annotations

import importlib

from compiler.files.out_folder import OutputFolderError
from compiler.intake.discovery import collect
from compiler.intake.registry import RegistryError
from compiler.jobs.compile import Summary, compile_quarter
from compiler.jobs.validate import CheckSummary, NothingToCheck, not_workbooks, open_in_excel, validate_paths
from compiler.model.results import FileResult
from compiler.quarter.rules import NothingToCompile, periods_said

__all__ = ["AccountError", "BackupError", "SharedArchive", "add_user", "open_archive", "backup",
           "DEFAULT_DATA", "Archive", "EmptyArchive", "compile_archive", "export_counted", "write_links",
           "CheckSummary", "FileResult", "NothingToCheck", "NothingToCompile", "OutputFolderError",
           "RegistryError", "Summary", "compile_quarter", "not_workbooks", "open_in_excel", "periods_said",
           "validate_files", "validate_paths"]


# The archive's side (SQLite, argon2), loaded when first asked for: `validate` and a folder's
# `compile` do not pay for it at start-up (~45 ms).
_LATER = {"AccountError": "compiler.archive.accounts", "add_user": "compiler.archive.accounts",
          "BackupError": "compiler.archive.backup", "backup": "compiler.archive.backup",
          "DEFAULT_DATA": "compiler.archive.db", "Archive": "compiler.archive.db",
          "SharedArchive": "compiler.archive.shared", "open_archive": "compiler.archive.shared",
          "EmptyArchive": "compiler.jobs.archive", "compile_archive": "compiler.jobs.archive",
          "export_counted": "compiler.jobs.archive", "write_links": "compiler.jobs.archive"}


def __getattr__(name: str):
    if name in _LATER:
        return getattr(importlib.import_module(_LATER[name]), name)
    raise AttributeError(f"module 'compiler.api' has no attribute {name!r}")


def validate_files(paths, *, figures: bool = False, workers: int | None = None,
                   progress=None) -> list[FileResult]:
    """Check files and folders without writing anything; results sorted by shown name."""
    from compiler.run.batch import run

    items, _ = collect(paths)
    return run(items, figures=figures, workers=workers, progress=progress)
