"""`python -m cleanup`: the same as the `cleanup` command."""

from cleanup.cli import app

app(prog_name="cleanup")
