"""The `wksbm` command: parse options, call the library (compiler.api), print what it returns,
set the exit status. The commands live in `workbooks` (template, validate, compile, sample) and
`server` (serve, links, archive, user); `common` holds what they share."""
from __future__ import annotations

import gc
import signal

import click

from compiler.cli import server, workbooks  # noqa: F401  (their commands join `main`)
from compiler.cli.common import CANCELLED, fail, main

__all__ = ["main", "run"]


@main.command(name="help", hidden=True)
@click.argument("command", required=False)
@click.pass_context
def help_(ctx: click.Context, command: str | None) -> None:
    """`wksbm help [PERINTAH]`, as people type it: the same as `wksbm [PERINTAH] --help`."""
    found = main.get_command(ctx, command) if command else None
    if command and found is None:
        fail(f"perintah '{command}' tidak dikenal. Perintahnya: template, validate, compile, sample, serve, links, archive, user.")
    click.echo(found.get_help(click.Context(found, info_name=command, parent=ctx.parent)) if found
               else ctx.parent.get_help())


def run() -> None:
    """The console entry point: `main`, then a quick exit that Ctrl+C no longer interrupts.
    Frozen, the heap (pandas, pandera, a quarter's results) is not walked by the interpreter's
    last collection: ~0.2 s less at the end of a compile. Tests call `main` in-process, where
    freezing would keep garbage."""
    try:
        try:
            main()
        finally:
            # The command has ended: Ctrl+C now would only break the interpreter's exit (worker
            # pools closing) with a traceback in English.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
    except KeyboardInterrupt:        # pressed in the instant between the command's end and that line
        fail(CANCELLED)
    finally:
        gc.freeze()
