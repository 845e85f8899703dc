"""Start-up: `cleanup check` on one small file, against codespell and `import typer`.

A pre-commit hook starts on every commit, so what counts is the whole run of a short
file. Each command runs once to warm the bytecode and rule caches (as a user's second
commit would find them), then 15 times; the best time counts. Target: no slower than
codespell, ratio <= 1.0.

    pip install codespell && python bench/bench_startup.py
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 15


def best(command: list[str], env: dict[str, str]) -> float:
    subprocess.run(command, capture_output=True, env=env)  # warm caches
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    # Bytecode caches on, as in any ordinary installation (some sandboxes turn them off).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    codespell = shutil.which("codespell")
    if codespell is None:
        sys.exit("bench_startup: codespell is not installed (pip install codespell)")
    with tempfile.TemporaryDirectory() as folder:
        article = Path(folder) / "article.txt"
        article.write_text("“We agree, ”the minister said of the deal for $ 2.5 billion.\n",
                           encoding="utf-8")
        cleanup = best([sys.executable, "-m", "cleanup", "check", str(article)], env)
        script = shutil.which("cleanup")
        cleanup_script = best([script, "check", str(article)], env) if script else cleanup
        spell = best([codespell, str(article)], env)
        typer = best([sys.executable, "-c", "import typer"], env)
    print(f"one small file, best of {RUNS} (bytecode and rule caches warm)")
    print(f"codespell (baseline):   {spell * 1000:6.1f} ms")
    print(f"python -c 'import typer':{typer * 1000:6.1f} ms  ratio {typer / spell:.2f}")
    print(f"cleanup check:          {cleanup_script * 1000:6.1f} ms  ratio "
          f"{cleanup_script / spell:.2f}")
    print(f"python -m cleanup check:{cleanup * 1000:6.1f} ms  ratio {cleanup / spell:.2f}")


if __name__ == "__main__":
    main()
