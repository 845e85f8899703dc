"""Kill `cleanup fix -j 2` at random moments over 400 real articles, and count the damage.

For docs/reliability.md: each trial copies the first 400 benchmark articles
(`bench/.corpus/articles`, written by `bench/make_corpus.py`), kills the run and its
workers with SIGKILL at a random moment within one whole run's time, and counts files
that are neither the old bytes nor the new (torn), temporary files left, and what a
re-run leaves (temporary files, files not fixed).

    python eval/kill_trial.py [--kills 12] [--seed 2026]
"""

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "bench" / ".corpus" / "articles"
FIX = [sys.executable, "-m", "cleanup", "fix", "--no-cache", "-q"]
ENV = {**os.environ, "GIT_CEILING_DIRECTORIES": str(ROOT / "bench")}  # git ignores .corpus


def copy(texts: dict[str, bytes], folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for name, data in texts.items():
        (folder / name).write_bytes(data)
    return folder


def leftovers(folder: Path) -> int:
    return len(list(folder.glob(".*.cleanup-tmp")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=12)
    parser.add_argument("--seed", type=int, default=2026)
    options = parser.parse_args()
    old = {a.name: a.read_bytes() for a in sorted(ARTICLES.glob("*.txt"))[:400]}
    work = Path(tempfile.mkdtemp(prefix="kill-trial-"))
    model = copy(old, work / "model")
    began = time.monotonic()
    subprocess.run([*FIX, str(model)], cwd=ROOT, env=ENV, capture_output=True)
    whole = time.monotonic() - began
    new = {name: (model / name).read_bytes() for name in old}
    print(f"one whole run: {whole:.1f} s; {sum(new[n] != old[n] for n in old)} of "
          f"{len(old)} files changed by fix")
    pick = random.Random(options.seed)
    torn = killed_with_leftovers = after = unfinished = 0
    for trial in range(options.kills):
        folder = copy(old, work / "trial")
        run = subprocess.Popen([*FIX, "-j", "2", str(folder)], cwd=ROOT, env=ENV,
                               start_new_session=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
        time.sleep(pick.uniform(0.1, whole))
        os.killpg(run.pid, signal.SIGKILL)
        run.wait()
        held = {name: (folder / name).read_bytes() for name in old}
        torn += sum(held[n] not in (old[n], new[n]) for n in old)
        done = sum(held[n] == new[n] != old[n] for n in old)
        left = leftovers(folder)
        killed_with_leftovers += bool(left)
        rerun = subprocess.run([*FIX, str(folder)], cwd=ROOT, env=ENV, capture_output=True)
        after += leftovers(folder)
        unfinished += sum((folder / n).read_bytes() != new[n] for n in old)
        print(f"kill {trial + 1}: {done} files already fixed, {left} temporary files left; "
              f"re-run exit {rerun.returncode}")
    shutil.rmtree(work)
    print(f"{options.kills} kills: {torn} torn files, {killed_with_leftovers} kills left "
          f"temporary files, {after} temporary files after the re-runs, {unfinished} files "
          "not fixed after the re-runs")


if __name__ == "__main__":
    main()
