"""Getting and running a LanguageTool server: `cleanup languagetool serve`.

LanguageTool publishes its server and language modules on Maven Central. A pinned Maven
project (`data/languagetool-pom.xml`) names the runtime: the server, English, and
Russian (whose false friends `motherTongue=ru` asks for). Maven fetches it once into its
own repository (`~/.m2`), and we keep only the classpath it gives, so nothing is copied
and nothing is shaded (a shaded jar would lose the files by which LanguageTool finds its
languages). Spanish, Catalan and Portuguese are on it too: the 6.8 server's language
identifier refuses to start without them.

The server binds to localhost only. It starts in a few seconds, but its first check of a
language takes ten or more, so `serve` warms it up before it says it is ready.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from importlib import resources
from pathlib import Path

from cleanup.cache import cache_dir

VERSION = "6.8"
DEFAULT_PORT = 8081
READY_SECONDS = 180  # a cold JVM on a busy 2-core machine took 23 s to its first check
HEAP = "-Xmx1g"  # it uses about 800 MB with English and Russian loaded


class ServerError(RuntimeError):
    """The server could not be fetched, started or stopped: one line for the user."""


def home() -> Path:
    """Where the server's classpath, configuration and pid files are kept."""
    return cache_dir() / f"languagetool-{VERSION}"


def _data(name: str) -> Path:
    return Path(str(resources.files("cleanup") / "data" / name))


def classpath(*, quiet: bool = True) -> str:
    """The server's classpath, fetched by Maven the first time (then read from a file)."""
    known = home() / "classpath.txt"
    if known.exists() and all(Path(jar).exists()
                              for jar in known.read_text().split(os.pathsep) if jar):
        return known.read_text().strip()
    maven = shutil.which("mvn")
    if maven is None:
        raise ServerError("cannot fetch LanguageTool: Maven (mvn) is not installed; install "
                          "it, or run the official Docker image and pass --languagetool URL")
    known.parent.mkdir(parents=True, exist_ok=True)
    command = [maven, "-B", *(["-q"] if quiet else []), "-f", str(_data("languagetool-pom.xml")),
               "dependency:build-classpath", f"-Dmdep.outputFile={known}"]
    done = subprocess.run(command, capture_output=quiet, text=True, check=False)
    if done.returncode != 0 or not known.exists():
        tail = (done.stdout or "").strip().splitlines()[-1:] if quiet else []
        raise ServerError("cannot fetch LanguageTool with Maven"
                          + (f": {tail[0]}" if tail else f" (exit {done.returncode})"))
    return known.read_text().strip()


def free_port() -> int:
    """A port on localhost that nothing listens on now."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def url(port: int) -> str:
    return f"http://127.0.0.1:{port}"


def _pid_file(port: int) -> Path:
    return home() / f"server-{port}.pid"


def is_up(server: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"{server}/v2/languages", timeout=timeout) as response:
            return bool(response.status == 200)
    except (OSError, ValueError):
        return False


def _warm(server: str) -> None:
    """One check per way we ask (English, and English for a Russian speaker, picky), so
    that the first file a user checks does not wait for the server to load a language."""
    for extra in ({}, {"motherTongue": "ru", "level": "picky"}):
        data = urllib.parse.urlencode(
            {"text": "He go to school.", "language": "en-US", **extra}).encode()
        with urllib.request.urlopen(f"{server}/v2/check", data=data, timeout=READY_SECONDS) as r:
            json.load(r)


def start(port: int = DEFAULT_PORT, *, log: Path | None = None) -> subprocess.Popen[bytes]:
    """Start a server on `port` and return once it answers checks; fetch it if needed."""
    server = url(port)
    if is_up(server):
        raise ServerError(f"port {port} already answers as a LanguageTool server ({server})")
    java = shutil.which("java")
    if java is None:
        raise ServerError("cannot start LanguageTool: Java (17 or later) is not installed")
    command = [java, HEAP, "-cp", classpath(), "org.languagetool.server.HTTPServer",
               "--port", str(port), "--config", str(_data("languagetool-server.properties"))]
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 (the child holds it)
    process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT,
                               start_new_session=True)
    deadline = time.monotonic() + READY_SECONDS
    while not is_up(server):
        if process.poll() is not None:
            raise ServerError(f"LanguageTool exited at start (code {process.returncode})"
                              + (f"; see {log}" if log else ""))
        if time.monotonic() > deadline:
            process.kill()
            raise ServerError(f"LanguageTool did not answer within {READY_SECONDS} s")
        time.sleep(0.5)
    _warm(server)
    _pid_file(port).write_text(str(process.pid))
    return process


def stop(port: int = DEFAULT_PORT) -> bool:
    """Stop the server `start` left on `port`; whether there was one."""
    pid_file = _pid_file(port)
    try:
        pid = int(pid_file.read_text())
    except (OSError, ValueError):
        return False
    pid_file.unlink(missing_ok=True)
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return False
    deadline = time.monotonic() + 15  # a JVM takes a moment to let its port go
    while is_up(url(port), timeout=0.5) and time.monotonic() < deadline:
        time.sleep(0.2)
    return True


def serve(port: int, background: bool) -> None:
    """What `cleanup languagetool serve` does: start, say where, and stay (or return)."""
    log = home() / f"server-{port}.log"
    home().mkdir(parents=True, exist_ok=True)
    process = start(port, log=log)
    print(f"LanguageTool {VERSION} serves {url(port)} (log: {log})", file=sys.stderr)
    if background:
        return
    try:
        process.wait()
    except KeyboardInterrupt:
        stop(port)
