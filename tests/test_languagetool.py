"""LanguageTool as a check: a real server, and a loopback stand-in for the faults only a
fake can produce (a server that is dead or answers garbage)."""

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cleanup import check_text, languagetool_server
from cleanup.backends import BackendFailure
from cleanup.cli import app
from cleanup.config import Config, LanguageToolSettings
from cleanup.findings import Level


def _config(url: str, **settings: object) -> Config:
    return Config(languagetool=LanguageToolSettings(url, **settings))  # type: ignore[arg-type]


def _found(text: str, config: Config, markup: str = "text") -> list[tuple[str, str]]:
    return [(f.rule_id, text[f.start:f.end]) for f in check_text(text, config, markup=markup)
            if f.rule_id.startswith("languagetool/")]


def test_a_match_is_a_finding_at_info(server: str) -> None:
    [finding] = [f for f in check_text("He go to school.", _config(server))
                 if f.rule_id == "languagetool/HE_VERB_AGR"]
    assert finding.level is Level.INFO and finding.suggestion and not finding.fixable


def test_spans_are_code_points_past_an_emoji(server: str) -> None:
    text = "\N{GRINNING FACE}\N{GRINNING FACE} He go to school."
    assert ("languagetool/HE_VERB_AGR", "go") in _found(text, _config(server))


def test_markdown_code_is_not_sent(server: str) -> None:
    text = "Run `he go home` first.\n\nHe go to school.\n"
    assert _found(text, _config(server), "markdown") == [("languagetool/HE_VERB_AGR", "go")]


def test_false_friends_for_a_russian_speaker_at_the_picky_level(server: str) -> None:
    found = _found("The actual problem of our time.", _config(server, level="picky"))
    assert ("languagetool/ACTUAL", "actual") in found


def test_ignore_takes_a_languagetool_rule_out(server: str) -> None:
    config = _config(server)._replace(ignore=("languagetool/HE_VERB_AGR",))
    assert _found("He go to school.", config) == []


def test_the_spelling_rule_is_off_unless_asked_for(server: str) -> None:
    text = "Mr Shugaev met Mr Peskov."
    assert _found(text, _config(server)) == []
    spelled = _found(text, _config(server, enabled_rules=("MORFOLOGIK_RULE_EN_US",)))
    assert ("languagetool/MORFOLOGIK_RULE_EN_US", "Shugaev") in spelled


def test_the_command_line_and_the_configuration(server: str, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text("He go to school for $ 5.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["check", "--languagetool", server, "a.txt"])
    assert "languagetool/HE_VERB_AGR" in result.stdout and "spacing/currency" in result.stdout
    (tmp_path / ".cleanup.toml").write_text(f'[languagetool]\nurl = "{server}"\n')
    result = CliRunner().invoke(app, ["check", "a.txt"])
    assert "languagetool/HE_VERB_AGR" in result.stdout


def test_a_bad_languagetool_table_is_an_error(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text("Fine.\n", encoding="utf-8")
    (tmp_path / ".cleanup.toml").write_text('[languagetool]\nlevel = "fussy"\n')
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["check", "a.txt"])
    assert result.exit_code == 2 and "'languagetool' must be a table with a 'url'" in (
        result.stderr)


class _StandIn(http.server.ThreadingHTTPServer):
    """A loopback server that keeps quiet when its client hangs up (a timed-out request)."""

    def handle_error(self, request: object, client_address: object) -> None:
        pass


class _Garbage(http.server.BaseHTTPRequestHandler):
    """A server that answers every request with what is not JSON."""

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def _answer(self) -> None:
        self.send_response(500)
        self.end_headers()
        self.wfile.write(b"<html>Internal Server Error</html>")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def garbage() -> Iterator[str]:
    stand_in = _StandIn(("127.0.0.1", 0), _Garbage)
    thread = threading.Thread(target=stand_in.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{stand_in.server_address[1]}"
    finally:
        stand_in.shutdown()


@pytest.mark.parametrize("kind", ["dead", "garbage"])
def test_a_failing_server_is_one_error_a_file_and_the_rest_still_runs(
        kind: str, garbage: str, tmp_path: Path) -> None:
    url = garbage if kind == "garbage" else languagetool_server.url(languagetool_server.free_port())
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("It cost $ 5.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", "--languagetool", url,
                                      str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if "error: languagetool" in line]
    assert len(errors) == 2 and all("Traceback" not in line for line in errors)
    assert result.stdout.count("spacing/currency") == 2


def test_the_library_raises_what_failed(garbage: str) -> None:
    with pytest.raises(BackendFailure, match="languagetool"):
        check_text("He go to school.", _config(garbage))


def test_a_span_our_rules_report_is_not_reported_again(server: str) -> None:
    """LanguageTool also sees the space before a comma; ours is the one reported."""
    text = "He said so , and left.\n"
    found = [f.rule_id for f in check_text(text, _config(server))]
    assert "spacing/before-punctuation" in found
    assert "languagetool/COMMA_PARENTHESIS_WHITESPACE" not in found
    alone = [f.rule_id for f in check_text(text, _config(server)._replace(
        ignore=("spacing",)))]
    assert "languagetool/COMMA_PARENTHESIS_WHITESPACE" in alone


def test_a_second_run_asks_the_server_nothing(server: str, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Answers are cached by piece of text, settings and server version."""
    from cleanup.backends import Backends

    monkeypatch.setenv("CLEANUP_CACHE_DIR", str(tmp_path))
    text = "He go to school.\n\nShe go home.\n"
    runs = []
    for _ in range(2):
        with Backends() as backends:
            found = _found_with(text, _config(server), backends)
            runs.append((found, backends.get("languagetool", _config(server)).asked))
    assert runs[0][0] == runs[1][0] and len(runs[0][0]) == 2
    assert runs[0][1] >= 1 and runs[1][1] == 0


def test_long_texts_go_in_pieces_and_come_back_in_place(server: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from cleanup import languagetool

    monkeypatch.setattr(languagetool, "PIECE", 30)
    text = "A fine first line here.\n\nAnother fine one, too.\n\nAnd then he go to school.\n"
    assert [(f.rule_id, text[f.start:f.end]) for f in check_text(text, _config(server))
            if f.rule_id.startswith("languagetool/")] == [("languagetool/HE_VERB_AGR", "go")]


def _found_with(text: str, config: Config, backends: object) -> list[tuple[str, int, int]]:
    return [(f.rule_id, f.start, f.end)
            for f in check_text(text, config, backends=backends)  # type: ignore[arg-type]
            if f.rule_id.startswith("languagetool/")]


class _Slow(http.server.BaseHTTPRequestHandler):
    """A server that knows its languages at once and takes its time over a check."""

    def do_GET(self) -> None:
        self._send(b'[{"name": "English (US)", "code": "en", "longCode": "en-US"}, '
                   b'{"name": "Russian", "code": "ru", "longCode": "ru-RU"}]')

    def do_POST(self) -> None:
        import time

        time.sleep(1.5)
        self._send(b'{"matches": []}')

    def _send(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_a_slow_server_times_out_as_configured(tmp_path: Path) -> None:
    import time

    stand_in = _StandIn(("127.0.0.1", 0), _Slow)
    threading.Thread(target=stand_in.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{stand_in.server_address[1]}"
        (tmp_path / ".cleanup.toml").write_text(
            f'[languagetool]\nurl = "{url}"\ntimeout = 0.3\n', encoding="utf-8")
        (tmp_path / "a.txt").write_text("It cost $ 5.\n", encoding="utf-8")
        began = time.monotonic()
        result = CliRunner().invoke(app, ["check", str(tmp_path / "a.txt")])
        assert time.monotonic() - began < 15
    finally:
        stand_in.shutdown()
    assert result.exit_code == 2 and "Read timed out" in result.stderr
    assert "spacing/currency" in result.stdout


def test_the_rules_left_off_are_those_the_verdicts_leave_off() -> None:
    """A LanguageTool rule is off by default where reading found it wrong at least three
    times and more often than right (eval/judgements/languagetool.tsv)."""
    import csv
    from collections import Counter, defaultdict

    from cleanup.languagetool import JUDGED_OFF

    verdicts: dict[str, Counter[str]] = defaultdict(Counter)
    path = Path(__file__).resolve().parents[1] / "eval" / "judgements" / "languagetool.tsv"
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["level"] == "default":
                verdicts[row["rule"].removeprefix("languagetool/")][row["verdict"]] += 1
    off = {rule for rule, c in verdicts.items() if c["wrong"] >= 3 and c["right"] < c["wrong"]}
    assert set(JUDGED_OFF) == off


def test_markdown_goes_as_annotations_and_comes_back_in_place(server: str) -> None:
    """Markup is sent as markup: offsets after a link and an emoji land on the word."""
    text = ("See [the \N{GRINNING FACE} report](https://x.org/a) and `code , here`: "
            "he go to school.\n")
    assert _found(text, _config(server), "markdown") == [("languagetool/HE_VERB_AGR", "go")]


class _PastTheEnd(_Slow):
    """A server that answers with a match beyond the end of the text it was sent."""

    def do_POST(self) -> None:
        self._send(b'{"matches": [{"message": "m", "offset": 500, "length": 3, '
                   b'"replacements": [], "context": {"text": "", "offset": 0, "length": 0}, '
                   b'"sentence": "", "rule": {"id": "X", "description": "d", "issueType": "t", '
                   b'"category": {"id": "C", "name": "c"}}}]}')


def test_a_match_outside_the_text_is_dropped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    monkeypatch.setenv("CLEANUP_CACHE_DIR", str(tmp_path))
    stand_in = _StandIn(("127.0.0.1", 0), _PastTheEnd)
    threading.Thread(target=stand_in.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{stand_in.server_address[1]}"
        assert _found("He went to school.", _config(url)) == []
    finally:
        stand_in.shutdown()


def test_local_starts_a_server_for_the_run_and_stops_it(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """`local = true` needs no URL: the run starts its own server and stops it at the end."""
    started: list[int] = []
    real_start = languagetool_server.start

    def start(port: int, **options: Any) -> Any:
        started.append(port)
        return real_start(port, **options)

    monkeypatch.setattr(languagetool_server, "start", start)
    (tmp_path / "a.txt").write_text("He go to school.\n", encoding="utf-8")
    (tmp_path / ".cleanup.toml").write_text("[languagetool]\nlocal = true\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(tmp_path / "a.txt")])
    assert "languagetool/HE_VERB_AGR" in result.stdout, result.stderr
    [port] = started
    assert not languagetool_server.is_up(languagetool_server.url(port))


def test_a_rule_listed_as_safe_is_fixed_and_no_other(server: str) -> None:
    from cleanup import fix_text

    text = "He go to school.\n"
    assert fix_text(text, _config(server)) == text  # never applied by default
    safe = _config(server, safe_rules=("HE_VERB_AGR",))
    assert fix_text(text, safe) == "He goes to school.\n"
    [finding] = [f for f in check_text(text, safe) if f.rule_id == "languagetool/HE_VERB_AGR"]
    assert finding.fixable and finding.level is Level.ERROR


def test_cleanup_config_shows_the_languagetool_table(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text("Fine.\n", encoding="utf-8")
    (tmp_path / ".cleanup.toml").write_text(
        '[languagetool]\nurl = "http://127.0.0.1:1"\nsafe-rules = ["HE_VERB_AGR"]\n')
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["config", "a.txt"])
    assert result.exit_code == 0
    for line in ("[languagetool]", 'url = "http://127.0.0.1:1"', 'safe-rules = ["HE_VERB_AGR"]',
                 "timeout = 60"):
        assert line in result.stdout.splitlines(), line
