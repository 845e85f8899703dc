"""The `cleanup` command: parse arguments, call the library, turn the report into an exit code.

Heavy modules (the pipeline, ftfy, the rules) are imported inside the commands, so
`--help` and `--version` start as fast as typer itself.
"""

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cleanup import __version__
from cleanup.config import Config, DashStyle, QuoteStyle
from cleanup.config_files import Overrides
from cleanup.findings import Level
from cleanup.formats import PRINTERS, OutputFormat

if TYPE_CHECKING:
    from cleanup.runner import Output, Work

app = typer.Typer(
    name="cleanup",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
rules_app = typer.Typer(help="List, test and explain the rules.", no_args_is_help=True,
                        epilog="Example: cleanup rules show calques/the-x-side")
app.add_typer(rules_app, name="rules")
languagetool_app = typer.Typer(
    help="Get and run a LanguageTool server (Java 17 and Maven fetch it from Maven Central).",
    no_args_is_help=True, epilog="Example: cleanup languagetool serve --background")
app.add_typer(languagetool_app, name="languagetool")


def _option(*names: str, help: str, metavar: str | None = None) -> typer.models.OptionInfo:
    option: typer.models.OptionInfo = typer.Option(*names, help=help, metavar=metavar,
                                                   show_default=False)
    return option


Paths = Annotated[list[str] | None, typer.Argument(
    help="Files or folders (walked for *.txt, *.md and *.markdown); - reads standard input.",
    show_default=False, metavar="PATH...")]
Quotes = Annotated[QuoteStyle | None, _option(
    "--quotes", help="Quote style; auto (the default) keeps a straight-only article straight.")]
Dash = Annotated[DashStyle | None, _option(
    "--dash", help="What a spaced hyphen used as a dash becomes: ' — ' (em, the default), "
    "' – ' (en) or '—' (em-closed).")]
RuleDirs = Annotated[list[str] | None, _option(
    "--rules", metavar="DIR",
    help="A folder of rule files to add (repeatable); same id replaces built-in.")]
Select = Annotated[list[str] | None, _option(
    "--select", metavar="ID", help="Only these rule ids or prefixes (repeatable or "
    "comma-separated); replaces the configuration's select.")]
ExtendSelect = Annotated[list[str] | None, _option(
    "--extend-select", metavar="ID", help="Add these rule ids or prefixes to the select in force.")]
Ignore = Annotated[list[str] | None, _option(
    "--ignore", metavar="ID",
    help="Leave out these rule ids or prefixes (repeatable or comma-separated).")]
UnsafeFixes = Annotated[bool | None, _option(
    "--unsafe-fixes/--no-unsafe-fixes", help="Also apply rules marked fix = \"unsafe\".")]
FailLevel = Annotated[Level | None, _option(
    "--fail-level", help="Exit 1 for findings at this level or above (default: warning).")]
ConfigFile = Annotated[str | None, _option(
    "--config", metavar="FILE", help="Use this TOML file instead of the configuration found "
    "upward from each file (pyproject.toml: its [tool.cleanup] table).")]
Isolated = Annotated[bool, _option("--isolated", help="Read no configuration file at all.")]
Format = Annotated[OutputFormat, typer.Option(
    "--format", help="text, concise, json (schema cleanup.check/1), github (annotations) or "
    "sarif (code scanning).")]
Statistics = Annotated[bool, _option(
    "--statistics", help="Print the number of findings per rule instead of each finding.")]
StdinFilename = Annotated[str | None, _option(
    "--stdin-filename", metavar="NAME", help="Read standard input as this file: its name "
    "chooses Markdown, its configuration and per-file-ignores, and is shown in the report.")]
ForceExclude = Annotated[bool, _option(
    "--force-exclude", help="Leave out files the configuration's exclude names even when "
    "named on the command line (as pre-commit names them).")]
LanguageToolUrl = Annotated[str | None, _option(
    "--languagetool", metavar="URL", help="Also check grammar and style with the LanguageTool "
    "server at URL (see `cleanup languagetool serve`).")]
ExitZero = Annotated[bool, _option(
    "--exit-zero", help="Exit 0 even if findings remain or files would change (errors: 2).")]
Quiet = Annotated[int, typer.Option(
    "--quiet", "-q", count=True, show_default=False,
    help="Print the findings only, no summary; -qq nothing but errors.")]
Silent = Annotated[bool, _option("--silent", help="Print nothing but errors (as -qq).")]
OutputFile = Annotated[str | None, _option(
    "--output-file", "-o", metavar="FILE", help="Write the report to FILE instead of stdout "
    "(with --jsonl: write the corpus there, and the report to stdout).")]
Jobs = Annotated[int | None, _option(
    "--jobs", "-j", metavar="N", help="Work in N processes (default: one per core); the "
    "output is that of one process.")]
NoCache = Annotated[bool, _option(
    "--no-cache", help="Neither read nor write the result cache (kept in ~/.cache/cleanup "
    "or $CLEANUP_CACHE_DIR; a re-run over unchanged files reads their findings from it).")]
Jsonl = Annotated[bool, _option(
    "--jsonl", help="Read each file as a JSON Lines corpus (.jsonl or .jsonl.gz): each "
    "line's --field is one document; -o names where the fixed corpus goes.")]
Field = Annotated[str, _option(
    "--field", metavar="NAME", help="With --jsonl: the field that holds the text "
    "(default: text).")]
MetricsField = Annotated[str | None, _option(
    "--metrics-field", metavar="NAME", help="With --jsonl: write each document's metrics "
    "(words, fixes, findings per family per 1,000 words) into this field.")]
ShowSource = Annotated[bool, _option(
    "--show-source", help="Show each finding's line with a caret under it (text and concise).")]


def _ids(values: list[str] | None) -> tuple[str, ...] | None:
    if values is None:
        return None
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


#: The arguments of `fix` and `check` that say which settings apply.
_SETTINGS = ("rules", "select", "extend_select", "ignore", "quotes", "dash", "unsafe_fixes",
             "fail_level", "config_file", "isolated", "stdin_filename", "force_exclude",
             "languagetool")


def _request(args: dict[str, Any], *,
             writes: bool = False) -> tuple[list[str], Overrides, "Output", "Work"]:
    """What `fix` and `check` make of their arguments (`args`, by name): the paths to read
    (`-` alone when only `--stdin-filename` names the input), the settings, how the
    report is shown, and how the work is done. `writes`: the command writes files in
    place (`fix`, without `--check` or `--diff`)."""
    from cleanup.parallel import cores
    from cleanup.runner import Output, Work

    paths: list[str] = args["paths"] or (["-"] if args["stdin_filename"] is not None else [])
    if not paths:
        raise typer.BadParameter("give a PATH, or - or --stdin-filename for standard input.",
                                 param_hint="'PATH...'")
    jsonl, report_file = args["jsonl"], args["output_file"]
    if not jsonl and args["metrics_field"] is not None:
        raise typer.BadParameter("needs --jsonl.", param_hint="'--metrics-field'")
    if jsonl and "-" in paths:
        raise typer.BadParameter("reads files, not standard input.", param_hint="'--jsonl'")
    if jsonl and report_file is not None and len(paths) > 1:
        raise typer.BadParameter("with --jsonl names the one corpus written; give one PATH.",
                                 param_hint="'-o'")
    if jsonl and report_file is not None and (args.get("diff") or args.get("check")):
        raise typer.BadParameter("with --jsonl writes a corpus, which --check and --diff "
                                 "promise not to.", param_hint="'-o'")
    if jsonl and args["metrics_field"] is not None and report_file is None and not writes:
        raise typer.BadParameter("nothing is written in place here: give -o FILE for the "
                                 "corpus with its metrics.", param_hint="'--metrics-field'")
    if args["jobs"] is not None and args["jobs"] < 1:
        raise typer.BadParameter("must be 1 or more.", param_hint="'--jobs'")
    output = Output(args["output_format"], args["statistics"],
                    2 if args["silent"] else args["quiet"], args["show_source"],
                    None if jsonl else report_file)
    work = Work(args["jobs"] or cores(), not args["no_cache"],
                args["field"] if jsonl else None, args["metrics_field"],
                report_file if jsonl else None)
    return paths, _overrides(**{name: args[name] for name in _SETTINGS}), output, work


def _overrides(*, rules: list[str] | None = None,
               select: list[str] | None = None, extend_select: list[str] | None = None,
               ignore: list[str] | None = None, quotes: QuoteStyle | None = None,
               dash: DashStyle | None = None, unsafe_fixes: bool | None = None,
               fail_level: Level | None = None, config_file: str | None = None,
               isolated: bool = False, stdin_filename: str | None = None,
               force_exclude: bool = False, languagetool: str | None = None) -> Overrides:
    """What the command line says about settings (each command has some of it)."""
    if config_file is not None and isolated:
        raise typer.BadParameter("cannot be used with --config.", param_hint="'--isolated'")
    return Overrides(
        rule_dirs=tuple(rules or ()), select=_ids(select), extend_select=_ids(extend_select) or (),
        ignore=_ids(ignore), quotes=quotes, dash=dash, unsafe_fixes=unsafe_fixes,
        fail_level=fail_level, config_file=config_file, isolated=isolated,
        stdin_filename=stdin_filename, force_exclude=force_exclude, languagetool=languagetool)


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


@app.command(epilog="Example: cleanup fix --diff article.md")
def fix(
    paths: Paths = None,
    diff: Annotated[bool, typer.Option(
        "--diff", help="Print a unified diff of the fixes and write nothing.")] = False,
    check: Annotated[bool, typer.Option(
        "--check", help="Write nothing; exit 1 if any file would change.")] = False,
    quotes: Quotes = None, dash: Dash = None, rules: RuleDirs = None, select: Select = None,
    extend_select: ExtendSelect = None, ignore: Ignore = None, unsafe_fixes: UnsafeFixes = None,
    fail_level: FailLevel = None, output_format: Format = OutputFormat.TEXT,
    statistics: Statistics = False, stdin_filename: StdinFilename = None,
    force_exclude: ForceExclude = False, exit_zero: ExitZero = False, quiet: Quiet = 0,
    silent: Silent = False, output_file: OutputFile = None, show_source: ShowSource = False,
    config_file: ConfigFile = None, isolated: Isolated = False,
    languagetool: LanguageToolUrl = None, jobs: Jobs = None, no_cache: NoCache = False,
    jsonl: Jsonl = False, field: Field = "text", metrics_field: MetricsField = None,
) -> None:
    """Apply the safe fixes in place and print what is left for a human."""
    from cleanup.runner import FixMode, fix_paths

    targets, overrides, output, work = _request(locals(), writes=not (diff or check))
    if diff and PRINTERS[output_format].diffs == "refused":
        raise typer.BadParameter(f"cannot be combined with --format {output_format} (its "
                                 "results carry their fixes; --format json holds diffs).",
                                 param_hint="'--diff'")
    mode = FixMode.DIFF if diff else FixMode.CHECK if check else FixMode.WRITE
    report = fix_paths(targets, overrides, mode=mode, output=output, work=work)
    raise typer.Exit(report.exit_code(changes_fail=diff or check, exit_zero=exit_zero))


@app.command(epilog="Example: cleanup check --format json --ignore calques articles/")
def check(
    paths: Paths = None,
    output_format: Format = OutputFormat.TEXT, statistics: Statistics = False,
    quotes: Quotes = None, dash: Dash = None, rules: RuleDirs = None, select: Select = None,
    extend_select: ExtendSelect = None, ignore: Ignore = None, unsafe_fixes: UnsafeFixes = None,
    fail_level: FailLevel = None, stdin_filename: StdinFilename = None,
    force_exclude: ForceExclude = False, exit_zero: ExitZero = False, quiet: Quiet = 0,
    silent: Silent = False, output_file: OutputFile = None, show_source: ShowSource = False,
    config_file: ConfigFile = None, isolated: Isolated = False,
    languagetool: LanguageToolUrl = None, jobs: Jobs = None, no_cache: NoCache = False,
    jsonl: Jsonl = False, field: Field = "text", metrics_field: MetricsField = None,
) -> None:
    """Report findings as path:line:col: rule-id message; [*] marks what fix repairs."""
    from cleanup.runner import check_paths

    targets, overrides, output, work = _request(locals())
    report = check_paths(targets, overrides, output=output, work=work)
    raise typer.Exit(report.exit_code(exit_zero=exit_zero))


@app.command(epilog="Example: cleanup config articles/2019/deal.md")
def config(
    path: Annotated[str, typer.Argument(help="A file (or - for the current folder).",
                                        metavar="PATH")],
    rules: RuleDirs = None, select: Select = None, extend_select: ExtendSelect = None,
    ignore: Ignore = None, quotes: Quotes = None, dash: Dash = None,
    unsafe_fixes: UnsafeFixes = None, fail_level: FailLevel = None,
    config_file: ConfigFile = None, isolated: Isolated = False,
) -> None:
    """Print the settings in force for a file: where they come from, and each value."""
    from cleanup.config_files import describe, selector_errors, settings_for
    from cleanup.pipeline import plan

    settings = settings_for(path, _overrides(
        rules=rules, select=select, extend_select=extend_select, ignore=ignore,
        quotes=quotes, dash=dash, unsafe_fixes=unsafe_fixes, fail_level=fail_level,
        config_file=config_file, isolated=isolated))
    in_force = plan(settings.config)
    errors = (*settings.errors, *in_force.rules.errors,
              *selector_errors(settings, in_force.known_ids))
    for line in errors:
        typer.echo(line, err=True)
    typer.echo(describe(path, settings, len(in_force.rules.rules)))
    raise typer.Exit(2 if errors else 0)


def _rules_config(rules: list[str] | None, config_file: str | None,
                  isolated: bool) -> tuple[Config, int]:
    """The config of the `rules` commands: the rule folders of the configuration found
    for the current folder (as `check` would use for a file there) and of `--rules`,
    after printing their errors (exit code 2). Selection and styles are left out: the
    catalog shows every rule, and examples run as their rules define them."""
    from cleanup.config_files import settings_for
    from cleanup.pipeline import plan

    settings = settings_for("-", _overrides(rules=rules, config_file=config_file,
                                            isolated=isolated))
    config = Config(rule_dirs=settings.config.rule_dirs)
    errors = (*settings.errors, *plan(config).rules.errors)
    for line in errors:
        typer.echo(line, err=True)
    return config, 2 if errors else 0


class ListFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


@rules_app.command("list", epilog="Example: cleanup rules list --format json")
def list_rules(
    rules: RuleDirs = None,
    output_format: Annotated[ListFormat, typer.Option(
        "--format", help="text or json.")] = ListFormat.TEXT,
    config_file: ConfigFile = None, isolated: Isolated = False,
) -> None:
    """List every rule: id, kind, fix (safe, unsafe, suggest or none) and message."""
    import json

    from cleanup.catalog import as_json, entries

    config, code = _rules_config(rules, config_file, isolated)
    items = entries(config)
    if output_format is ListFormat.JSON:
        typer.echo(json.dumps(as_json(items), ensure_ascii=False, indent=2))
    else:
        width = max(len(e.id) for e in items)
        for e in items:
            typer.echo(f"{e.id:{width}}  {e.kind:10}  {e.fix:7}  {e.message}")
    raise typer.Exit(code)


@rules_app.command("test", epilog="Example: cleanup rules test my-rules/")
def test_rules(
    folder: Annotated[str | None, typer.Argument(
        help="A folder of rule files; without one, every rule in force is tested (the "
        "built-in ones and the configuration's).", show_default=False)] = None,
    config_file: ConfigFile = None, isolated: Isolated = False,
) -> None:
    """Run every rule's own examples: each must be found (and fixed as given), each ok pass."""
    from cleanup.catalog import run_examples

    config, code = _rules_config([folder] if folder else None, config_file, isolated)
    lines, failed = run_examples(config, folder)
    for line in lines:
        typer.echo(line)
    raise typer.Exit(code or (1 if failed else 0))


@rules_app.command("show", epilog="Example: cleanup rules show calques/the-x-side")
def show_rule(
    rule_id: Annotated[str, typer.Argument(metavar="ID", help="A rule id.")],
    rules: RuleDirs = None, config_file: ConfigFile = None, isolated: Isolated = False,
) -> None:
    """Explain one rule: message, why, source, evidence and its examples."""
    from cleanup.catalog import explain

    config, code = _rules_config(rules, config_file, isolated)
    text = explain(rule_id, config)
    if text is None:
        typer.echo(f"error: no rule {rule_id!r} (see `cleanup rules list`)", err=True)
        raise typer.Exit(2)
    typer.echo(text)
    raise typer.Exit(code)


Port = Annotated[int, typer.Option("--port", help="The port on localhost to serve on.")]


@languagetool_app.command("serve", epilog="Example: cleanup languagetool serve --port 8081")
def serve_languagetool(
    port: Port = 8081,
    background: Annotated[bool, typer.Option(
        "--background", help="Return once the server is ready, and leave it running.")] = False,
) -> None:
    """Fetch the LanguageTool server (once), start it on localhost and warm it up."""
    from cleanup.languagetool_server import ServerError, serve

    try:
        serve(port, background)
    except ServerError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


@languagetool_app.command("stop", epilog="Example: cleanup languagetool stop --port 8081")
def stop_languagetool(port: Port = 8081) -> None:
    """Stop the server `serve --background` left running on the port."""
    from cleanup.languagetool_server import stop

    if not stop(port):
        typer.echo(f"error: no server started by cleanup on port {port}", err=True)
        raise typer.Exit(2)
