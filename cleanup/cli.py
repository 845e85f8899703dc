"""The `cleanup` command: parse arguments, call the library, turn the report into an exit code.

Heavy modules (the pipeline, ftfy, the rules) are imported inside the commands, so
`--help` and `--version` start as fast as typer itself.
"""

import json
import os
from typing import Annotated

import typer

from cleanup import __version__
from cleanup.config import Config, DashStyle, QuoteStyle
from cleanup.findings import Level
from cleanup.formats import OutputFormat
from cleanup.settings import Overrides

app = typer.Typer(
    name="cleanup",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
rules_app = typer.Typer(help="List, test and explain the rules.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")

Paths = Annotated[list[str], typer.Argument(
    help="Files or folders (walked for *.txt and *.md); - reads standard input.",
    show_default=False, metavar="PATH...")]
Quotes = Annotated[QuoteStyle | None, typer.Option(
    "--quotes", help="Quote style; auto (the default) keeps a straight-only article straight.",
    show_default=False)]
Dash = Annotated[DashStyle | None, typer.Option(
    "--dash", help="What a spaced hyphen used as a dash becomes: ' — ' (em, the default), "
    "' – ' (en) or '—' (em-closed).", show_default=False)]
RuleDirs = Annotated[list[str] | None, typer.Option(
    "--rules", help="A folder of rule files to add (repeatable); same id replaces built-in.",
    metavar="DIR", show_default=False)]
Select = Annotated[list[str] | None, typer.Option(
    "--select", help="Only these rule ids or prefixes (repeatable or comma-separated).",
    metavar="ID", show_default=False)]
Ignore = Annotated[list[str] | None, typer.Option(
    "--ignore", help="Leave out these rule ids or prefixes (repeatable or comma-separated).",
    metavar="ID", show_default=False)]
UnsafeFixes = Annotated[bool | None, typer.Option(
    "--unsafe-fixes/--no-unsafe-fixes", help="Also apply rules marked fix = \"unsafe\".",
    show_default=False)]
FailLevel = Annotated[Level | None, typer.Option(
    "--fail-level", help="Exit 1 for findings at this level or above (default: warning).",
    show_default=False)]
Format = Annotated[OutputFormat, typer.Option(
    "--format", help="text, concise, json (schema cleanup.check/1), github (annotations) or "
    "sarif (code scanning).")]
Statistics = Annotated[bool, typer.Option(
    "--statistics", help="Print the number of findings per rule instead of each finding.")]


def _ids(values: list[str] | None) -> tuple[str, ...] | None:
    if values is None:
        return None
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def _overrides(rules: list[str] | None, select: list[str] | None, ignore: list[str] | None,
               quotes: QuoteStyle | None, dash: DashStyle | None,
               unsafe_fixes: bool | None, fail_level: Level | None) -> Overrides:
    return Overrides(tuple(rules or ()), _ids(select), _ids(ignore), quotes, dash, unsafe_fixes,
                     fail_level)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cleanup {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
) -> None:
    """Repair machine-translated news articles: quotes, spacing, names, calques and residue.

    Example: cleanup check articles/ && cleanup fix articles/

    Exit codes: 0 clean or all fixed; 1 findings remain (or --check/--diff would change a
    file); 2 usage, configuration, rule-file or input error.
    """


@app.command(epilog="Example: cleanup fix --diff seeds/000_e45498a51890010d.txt")
def fix(
    paths: Paths,
    diff: Annotated[bool, typer.Option(
        "--diff", help="Print a unified diff of the fixes and write nothing.")] = False,
    check: Annotated[bool, typer.Option(
        "--check", help="Write nothing; exit 1 if any file would change.")] = False,
    quotes: Quotes = None, dash: Dash = None, rules: RuleDirs = None, select: Select = None,
    ignore: Ignore = None, unsafe_fixes: UnsafeFixes = None, fail_level: FailLevel = None,
    output_format: Format = OutputFormat.TEXT, statistics: Statistics = False,
) -> None:
    """Apply the safe fixes in place and print what is left for a human."""
    from cleanup.runner import fix_paths

    overrides = _overrides(rules, select, ignore, quotes, dash, unsafe_fixes, fail_level)
    report = fix_paths(paths, overrides, diff=diff, dry_run=check, output_format=output_format,
                       statistics=statistics)
    raise typer.Exit(report.exit_code(changes_fail=diff or check))


@app.command(epilog="Example: cleanup check --format json --ignore calques articles/")
def check(
    paths: Paths,
    output_format: Format = OutputFormat.TEXT, statistics: Statistics = False,
    quotes: Quotes = None, dash: Dash = None, rules: RuleDirs = None, select: Select = None,
    ignore: Ignore = None, unsafe_fixes: UnsafeFixes = None, fail_level: FailLevel = None,
) -> None:
    """Report findings as path:line:col: rule-id message; [*] marks what fix repairs."""
    from cleanup.runner import check_paths

    overrides = _overrides(rules, select, ignore, quotes, dash, unsafe_fixes, fail_level)
    report = check_paths(paths, overrides, output_format=output_format, statistics=statistics)
    raise typer.Exit(report.exit_code())


@app.command(epilog="Example: cleanup config articles/2019/deal.md")
def config(
    path: Annotated[str, typer.Argument(help="A file (or - for the current folder).",
                                        metavar="PATH")],
    rules: RuleDirs = None, select: Select = None, ignore: Ignore = None,
    quotes: Quotes = None, dash: Dash = None, unsafe_fixes: UnsafeFixes = None,
    fail_level: FailLevel = None,
) -> None:
    """Print the settings in force for a file: where they come from, and each value."""
    from cleanup.pipeline import plan
    from cleanup.settings import describe, selector_errors, settings_for

    settings = settings_for(path, _overrides(rules, select, ignore, quotes, dash, unsafe_fixes,
                                             fail_level))
    in_force = plan(settings.config)
    errors = (*settings.errors, *in_force.rules.errors,
              *selector_errors(settings, in_force.known_ids))
    for line in errors:
        typer.echo(line, err=True)
    typer.echo(describe(path, settings, len(in_force.rules.rules)))
    raise typer.Exit(2 if errors else 0)


def _rules_config(rules: list[str] | None) -> tuple[Config, int]:
    """The config for the `rules` commands, after printing rule-file errors (exit code 2)."""
    from cleanup.pipeline import plan

    config = Config(rule_dirs=tuple(rules or ()))
    errors = plan(config).rules.errors
    for line in errors:
        typer.echo(line, err=True)
    return config, 2 if errors else 0


@rules_app.command("list", epilog="Example: cleanup rules list --format json")
def list_rules(
    rules: RuleDirs = None,
    output_format: Annotated[OutputFormat, typer.Option(
        "--format", help="text or json.")] = OutputFormat.TEXT,
) -> None:
    """List every rule: id, kind, fix (safe, unsafe, suggest or none) and message."""
    from cleanup.catalog import as_json, entries

    config, code = _rules_config(rules)
    items = entries(config)
    if output_format is OutputFormat.JSON:
        typer.echo(json.dumps(as_json(items), ensure_ascii=False, indent=2))
    else:
        width = max(len(e.id) for e in items)
        for e in items:
            typer.echo(f"{e.id:{width}}  {e.kind:10}  {e.fix:7}  {e.message}")
    raise typer.Exit(code)


@rules_app.command("test", epilog="Example: cleanup rules test my-rules/")
def test_rules(
    folder: Annotated[str | None, typer.Argument(
        help="A folder of rule files; without one, the built-in rules are tested.",
        show_default=False)] = None,
) -> None:
    """Run every rule's own examples: each must be found (and fixed as given), each ok pass."""
    from cleanup.catalog import example_failures
    from cleanup.pipeline import plan

    config, code = _rules_config([folder] if folder else None)
    ruleset = plan(config).rules
    tested = [r for r in ruleset.rules if os.path.dirname(r.path) == os.path.abspath(folder)] \
        if folder else list(ruleset.rules)
    failures = [line for rule in tested for line in example_failures(rule, config)]
    for line in failures:
        typer.echo(line)
    examples = sum(len(r.examples) + len(r.ok) for r in tested)
    typer.echo(f"{len(tested)} rules, {examples} examples: "
               f"{len(failures)} failed" if failures else
               f"{len(tested)} rules, {examples} examples: all pass")
    raise typer.Exit(code or (1 if failures else 0))


@rules_app.command("show", epilog="Example: cleanup rules show calques/the-x-side")
def show_rule(
    rule_id: Annotated[str, typer.Argument(metavar="ID", help="A rule id.")],
    rules: RuleDirs = None,
) -> None:
    """Explain one rule: message, why, source, evidence and its examples."""
    from cleanup.catalog import describe, entries
    from cleanup.pipeline import plan

    config, code = _rules_config(rules)
    rule = plan(config).rules.get(rule_id)
    if rule is not None:
        typer.echo(describe(rule))
        raise typer.Exit(code)
    entry = next((e for e in entries(config) if e.id == rule_id), None)
    if entry is None:
        typer.echo(f"error: no rule {rule_id!r} (see `cleanup rules list`)", err=True)
        raise typer.Exit(2)
    typer.echo(f"{entry.id} ({entry.kind}, fix: {entry.fix})\n\n{entry.message}\n\n"
               "Built into the code; see the README's rule table.")
    raise typer.Exit(code)
