"""A real LanguageTool server, got and run by `cleanup languagetool serve`.

The session's server comes from `$CLEANUP_LANGUAGETOOL_URL` (CI starts one with the
same command) or is started here, from the pinned Maven description, and stopped at
the end of the run.
"""

import json
import urllib.parse
import urllib.request
from typing import Any

from typer.testing import CliRunner

from cleanup import languagetool_server
from cleanup.cli import app


def _check(server: str, text: str, **extra: str) -> list[dict[str, Any]]:
    data = urllib.parse.urlencode({"text": text, "language": "en-US", **extra}).encode()
    with urllib.request.urlopen(f"{server}/v2/check", data=data, timeout=60) as response:
        return list(json.load(response)["matches"])


def test_the_server_checks_grammar(server: str) -> None:
    assert "HE_VERB_AGR" in {m["rule"]["id"] for m in _check(server, "He go to school.")}


def test_a_russian_speaker_gets_false_friends(server: str) -> None:
    """`motherTongue=ru` finds false friends only at the picky level, in LanguageTool 6.8."""
    text = "The actual problem of our time is the accord of the parties."
    plain = _check(server, text, motherTongue="ru")
    picky = _check(server, text, motherTongue="ru", level="picky")
    assert not [m for m in plain if m["rule"]["category"]["id"] == "FALSE_FRIENDS"]
    assert {m["rule"]["id"] for m in picky
            if m["rule"]["category"]["id"] == "FALSE_FRIENDS"} >= {"ACTUAL", "ACCORD"}


def test_offsets_are_utf16_code_units(server: str) -> None:
    """An emoji is two code units to the server and one code point to Python."""
    text = "\N{GRINNING FACE} He go to school."
    [match] = [m for m in _check(server, text) if m["rule"]["id"] == "HE_VERB_AGR"]
    assert match["offset"] == text.index("go") + 1


def test_serve_refuses_a_port_a_server_holds(server: str) -> None:
    port = urllib.parse.urlsplit(server).port
    result = CliRunner().invoke(app, ["languagetool", "serve", "--port", str(port)])
    assert result.exit_code == 2
    assert "already answers as a LanguageTool server" in result.stderr


def test_stop_without_a_server_is_an_error() -> None:
    port = languagetool_server.free_port()
    result = CliRunner().invoke(app, ["languagetool", "stop", "--port", str(port)])
    assert result.exit_code == 2 and "no server started by cleanup" in result.stderr
