"""The `cleanup` command: parse arguments, call the library, turn the report into an exit code.

Heavy modules (the pipeline, ftfy) are imported inside the commands, so `--help` and
`--version` start as fast as typer itself.
"""

from typing import Annotated

import typer

from cleanup import __version__
from cleanup.config import Config, DashStyle, QuoteStyle
from cleanup.report import OutputFormat

app = typer.Typer(
    name="cleanup",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

Paths = Annotated[list[str], typer.Argument(
    help="Files or folders (walked for *.txt and *.md); - reads standard input.",
    show_default=False, metavar="PATH...")]
Quotes = Annotated[QuoteStyle, typer.Option(
    "--quotes", help="Quote style: auto keeps a straight-only article straight.")]
Dash = Annotated[DashStyle, typer.Option(
    "--dash", help="What a spaced hyphen used as a dash becomes: ' — ', ' – ' or '—'.")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cleanup {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
) -> None:
    """Repair machine-translated news articles: quotes, spacing and encoding damage.

    Example: cleanup check articles/ && cleanup fix articles/

    Exit codes: 0 clean or all fixed; 1 findings remain (or --check/--diff would change a
    file); 2 usage, configuration or input error.
    """


@app.command(epilog="Example: cleanup fix --diff seeds/000_e45498a51890010d.txt")
def fix(
    paths: Paths,
    diff: Annotated[bool, typer.Option(
        "--diff", help="Print a unified diff of the fixes and write nothing.")] = False,
    check: Annotated[bool, typer.Option(
        "--check", help="Write nothing; exit 1 if any file would change.")] = False,
    quotes: Quotes = QuoteStyle.AUTO,
    dash: Dash = DashStyle.EM,
) -> None:
    """Apply the safe fixes in place and print what is left for a human."""
    from cleanup.runner import fix_paths

    report = fix_paths(paths, Config(quotes, dash), diff=diff, dry_run=check)
    raise typer.Exit(report.exit_code(changes_fail=diff or check))


@app.command(epilog="Example: cleanup check --format json articles/")
def check(
    paths: Paths,
    output_format: Annotated[OutputFormat, typer.Option(
        "--format", help="text: path:line:col: rule-id message; json: schema cleanup.check/1."
    )] = OutputFormat.TEXT,
    quotes: Quotes = QuoteStyle.AUTO,
    dash: Dash = DashStyle.EM,
) -> None:
    """Report findings as path:line:col: rule-id message; [*] marks what fix repairs."""
    from cleanup.runner import check_paths

    report = check_paths(paths, Config(quotes, dash), output_format=output_format)
    raise typer.Exit(report.exit_code())
