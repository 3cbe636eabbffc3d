"""`python -m compiler.cli`, as the `wksbm` command."""
from compiler.cli import run

run()
