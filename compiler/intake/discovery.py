"""Which files are reports: every workbook named, or below a named folder, each shown once."""
from __future__ import annotations

import os
from collections import Counter
from pathlib import Path


def collect(paths, skip=(), others: list | None = None,
            locks: list | None = None) -> tuple[list[tuple[str, str]], list[str]]:
    """Every workbook named or below a named folder, as (path, shown name), sorted; plus the
    arguments that do not exist. Excel's lock files (~$...), hidden files and folders, and what
    lies in `skip` (what wksbm itself writes: a compile's quarter folders, a validation's
    copies) below a named folder are not submissions. `others`, if given, gets the shown names
    of the other files found there (a CSV, a PDF...), for the operator to be told of them;
    `locks`, the workbooks Excel has open there (its ~$ lock file beside them): maybe not saved."""
    items, missing, lock_files = [], [], set()
    for arg in paths:
        p = Path(os.fsdecode(arg))
        if p.is_dir():
            inside, label = _inside(p, skip), p.resolve().name
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p).parts
                if f.name.startswith("~$"):
                    lock_files.add((str(f.parent), f.name[2:]))
                if (f.is_file() and not f.name.startswith("~$")
                        and not any(part.startswith(".") for part in rel)
                        and not any(rel[:len(s)] == s for s in inside)):
                    if f.suffix.lower() in INPUT_SUFFIXES:
                        items.append((str(f), shown_name("/".join(rel)), label))
                    elif others is not None:
                        others.append(shown_name("/".join(rel)))
        elif p.is_file():
            items.append((str(p), shown_name(p.name), p.resolve().parent.name))
        else:
            missing.append(shown_name(str(arg)))
    seen, unique = set(), []
    for item in sorted(items, key=lambda it: (it[1], it[0])):
        if item[0] not in seen:
            seen.add(item[0])
            unique.append(item)
    found = _distinct(unique)
    if locks is not None and lock_files:   # Excel's lock of a long name drops its first two characters
        locks += [shown for path, shown in found if (str(Path(path).parent), Path(path).name) in lock_files
                  or (str(Path(path).parent), Path(path).name[2:]) in lock_files]
    return found, missing


def _distinct(items: list[tuple[str, str, str]]) -> list[tuple[str, str]]:
    """(path, shown name), sorted, each shown name used once: the same name in two folders given
    (a/laporan.xlsx, b/laporan.xlsx) is shown with its folder, so that the findings list and the
    correction copies keep them apart; failing that, with its path as given."""
    count = Counter(shown for _, shown, _ in items)
    out = [(path, shown if count[shown] == 1 else shown_name(f"{label}/{shown}")) for path, shown, label in items]
    count = Counter(shown for _, shown in out)
    out = [(path, shown if count[shown] == 1 else shown_name(path)) for path, shown in out]
    return sorted(out, key=lambda it: (it[1], it[0]))


INPUT_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".xltx")


def _inside(folder: Path, skip) -> list[tuple[str, ...]]:
    """The `skip` paths below `folder`, as path parts relative to it (the folder itself, named
    on purpose, is never skipped)."""
    try:
        top = folder.resolve()
        found = [Path(os.fsdecode(s)).resolve() for s in skip]
    except (OSError, RuntimeError):
        return []
    return [s.relative_to(top).parts for s in found if top in s.parents]


def shown_name(name: str) -> str:
    """A file name safe to show and write anywhere: undecodable bytes become U+FFFD."""
    return os.fsencode(name).decode("utf-8", "replace")
