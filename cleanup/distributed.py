"""`fix` and `check` over a JSON Lines corpus on a Ray cluster: the `ray` extra.

    python -m cleanup.distributed corpus.jsonl.gz -o fixed.jsonl.gz --workers 8

One reader task streams the file's lines, numbered, into Ray Data; a pool of actors runs
`fix_record` or `check_record` on batches of them, each actor holding one `Backends` (a
LanguageTool client) for its lifetime; the driver writes what comes back, in order, to
one file. The output is byte for byte what a loop over the lines in one process gives.

Why not Ray Data's own `read_text`/`write_json`: `read_text` splits at U+2028 and other
Unicode line breaks (which JSON strings may hold raw) and drops line endings, and
`write_json` re-serialises every record. Why the driver writes: one output file must be
written in order anyway, and copying bytes costs little next to fixing them.

Ray is imported only when a run starts, so this module (and `cleanup` itself) loads
without the extra; `cleanup`'s own command never imports this module.
"""

import argparse
import gzip
import logging
import os
import sys
import uuid
import warnings
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from typing import IO, Any, Literal, NamedTuple

from cleanup import corpus
from cleanup.backends import Backends
from cleanup.config import Config
from cleanup.corpus import DEFAULT_CONFIG

Mode = Literal["fix", "check"]

CHUNK = 1 << 20  # bytes a read
#: Bytes of corpus a block, and so a task of an actor: small enough that a file of a few
#: blocks feeds every actor, large enough that Ray's cost per task (milliseconds) is lost
#: in the work (about half a second on this machine).
BLOCK_BYTES = 256 * 1024
READER_CPUS = 0.25  # the reader mostly waits on I/O; a whole CPU could starve the actors


class Out(NamedTuple):
    """A line as it goes out (ending included), and what the work on it found."""

    line: bytes
    changed: bool = False  # the document changed
    findings: int = 0
    failing: int = 0  # findings at or above the fail level
    bad: str | None = None  # why the line was passed through untouched


class Summary(NamedTuple):
    """What a run did: documents read, documents changed, findings left (and how many of
    them at the fail level), the malformed lines by number, and backend failures."""

    documents: int
    changed: int
    findings: int
    failing: int
    malformed: list[tuple[int, str]]
    failures: list[str]


def split_lines(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Each line with its ending, from chunks that cut lines anywhere. Only `\\n` ends a
    line, as JSON Lines has it: a record may hold a raw U+2028 or a lone CR.

    >>> list(split_lines([b'{"a": 1}\\r\\n{"b"', b': "\\xe2\\x80\\xa8"}\\n', b'tail']))
    [b'{"a": 1}\\r\\n', b'{"b": "\\xe2\\x80\\xa8"}\\n', b'tail']
    """
    rest: list[bytes] = []
    for chunk in chunks:
        *lines, last = chunk.split(b"\n")
        for line in lines:
            yield b"".join([*rest, line, b"\n"])
            rest = []
        rest.append(last)
    if any(rest):
        yield b"".join(rest)


def work_line(raw: bytes, mode: Mode, field: str, config: Config,
              metrics_field: str | None = None, backends: Backends | None = None) -> Out:
    """One line of the corpus, fixed or checked, as `cleanup fix|check --jsonl` works it
    (`corpus.work_line`), with what the summary counts.

    >>> work_line(b'{"text": "for $ 2.5 billion"}\\r\\n', "fix", "text", Config())
    Out(line=b'{"text": "for $2.5 billion"}\\r\\n', changed=True, findings=0, failing=0, bad=None)
    >>> work_line(b'{"id": 3}\\n', "check", "text", Config()).bad
    "no field 'text'"
    """
    line = corpus.work_line(raw, field, config, fix=mode == "fix", metrics_field=metrics_field,
                            backends=backends)
    if line.done is None:
        return Out(line.out, bad=line.bad)
    done = line.done
    failing = sum(f.level.rank >= config.fail_level.rank for f in done.findings)
    return Out(line.out, done.new != done.old, len(done.findings), failing)


def fix_jsonl(src: str, dst: str, field: str = "text", config: Config = DEFAULT_CONFIG, *,
              mode: Mode = "fix", metrics_field: str | None = None, workers: int = 2,
              cpus_per_worker: float = 0.5, address: str | None = None,
              block_bytes: int = BLOCK_BYTES, progress: bool = False) -> Summary:
    """Fix (or check) each record of `src` into `dst` on Ray, and say what was done.

    Paths may be local (on storage every node sees) or any URI pyarrow opens (`s3://`,
    `gs://`, `hdfs://`); a `.gz` name is read and written gzipped. We join the cluster
    at `address` (or `RAY_ADDRESS`) or start a local one, and shut down what we started.
    A session already connected (`ray.init` by the caller) is used and left running.
    """
    import ray

    started = not ray.is_initialized()
    if started:
        ray.init(address=address, logging_level=logging.WARNING, log_to_driver=False)
    try:
        return _run(src, dst, (mode, field, config, metrics_field), workers, cpus_per_worker,
                    block_bytes, progress)
    finally:
        if started:
            ray.shutdown()


class _Worker:
    """An actor of the pool: the run's settings, and one `Backends` for its lifetime
    (closed when Ray Data lets the actor go)."""

    def __init__(self, mode: Mode, field: str, config: Config,
                 metrics_field: str | None) -> None:
        self.args = (mode, field, config, metrics_field)
        self.backends = Backends()  # opens nothing until a check asks for a backend

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        outs = [work_line(raw, *self.args, backends=self.backends)
                for raw in batch.column("line").to_pylist()]
        failures = [""] * len(outs)
        if outs and self.backends.failures:
            failures[-1] = "\n".join(self.backends.failures)
            self.backends.failures.clear()
        return pa.table({
            "number": batch.column("number"),
            "line": pa.array([o.line for o in outs], pa.binary()),
            "changed": pa.array([o.changed for o in outs], pa.bool_()),
            "findings": pa.array([o.findings for o in outs], pa.int64()),
            "failing": pa.array([o.failing for o in outs], pa.int64()),
            "bad": pa.array([o.bad for o in outs], pa.string()),
            "failures": pa.array(failures, pa.string()),
        })

    def __del__(self) -> None:
        self.backends.close()


def _read(batch: Any, block_bytes: int) -> Iterator[Any]:
    """The reader task: each file named in the batch, as blocks of numbered lines."""
    import pyarrow.fs

    for path in batch.column("path").to_pylist():
        fs, inner = pyarrow.fs.FileSystem.from_uri(path)
        with fs.open_input_stream(inner, compression="detect") as stream:
            lines: list[bytes] = []
            first = size = 0
            for number, line in enumerate(split_lines(iter(lambda: stream.read(CHUNK), b""))):
                lines.append(line)
                size += len(line)
                if size >= block_bytes:
                    yield _numbered(first + 1, lines)
                    lines, first, size = [], number + 1, 0
            if lines:
                yield _numbered(first + 1, lines)


def _numbered(first: int, lines: list[bytes]) -> Any:
    import pyarrow as pa

    return pa.table({"number": pa.array(range(first, first + len(lines)), pa.int64()),
                     "line": pa.array(lines, pa.binary())})


def _run(src: str, dst: str, args: tuple[Mode, str, Config, str | None], workers: int,
         cpus_per_worker: float, block_bytes: int, progress: bool) -> Summary:
    import ray.data

    context = ray.data.DataContext.get_current()
    saved = (context.execution_options.preserve_order, context.target_max_block_size,
             context.enable_progress_bars)
    context.execution_options.preserve_order = True  # the output in the input's order
    context.target_max_block_size = block_bytes  # else Ray joins the reader's blocks
    context.enable_progress_bars = progress
    try:
        lines = ray.data.from_items([{"path": _uri(src)}]).map_batches(
            partial(_read, block_bytes=block_bytes), batch_size=1, batch_format="pyarrow",
            num_cpus=READER_CPUS)
        done = lines.map_batches(
            _Worker, fn_constructor_args=args, batch_size=None, batch_format="pyarrow",
            num_cpus=cpus_per_worker,
            # One block at a time: a block queued behind a busy actor (Ray Data prefers
            # the actor beside the data) would wait while another actor sat idle.
            compute=ray.data.ActorPoolStrategy(size=workers, max_tasks_in_flight_per_actor=1))
        with warnings.catch_warnings():
            # Ray sees one input (the file's name) and warns that one actor will do; the
            # reader's blocks go to every actor.
            warnings.filterwarnings("ignore", "The minimum number of concurrent actors")
            return _write(done.iter_batches(batch_size=None, batch_format="pyarrow"), dst)
    finally:
        (context.execution_options.preserve_order, context.target_max_block_size,
         context.enable_progress_bars) = saved


def _write(batches: Iterable[Any], dst: str) -> Summary:
    documents = changed = findings = failing = 0
    malformed: list[tuple[int, str]] = []
    failures: list[str] = []
    expected = 1
    with _output(dst) as out:
        for batch in batches:
            rows = batch.to_pydict()
            if rows["number"] and rows["number"][0] != expected:  # never, with preserve_order
                raise RuntimeError(f"line {rows['number'][0]} came where {expected} was due")
            expected += len(rows["number"])
            out.write(b"".join(rows["line"]))
            for number, line, bad in zip(rows["number"], rows["line"], rows["bad"], strict=True):
                if bad is not None:
                    malformed.append((number, bad))
                elif line.strip():
                    documents += 1
            changed += sum(rows["changed"])
            findings += sum(rows["findings"])
            failing += sum(rows["failing"])
            failures += [f for fs in rows["failures"] for f in fs.splitlines()
                         if f not in failures]
    return Summary(documents, changed, findings, failing, malformed, failures)


@contextmanager
def _output(dst: str) -> Iterator[IO[bytes]]:
    """`dst` written whole or not at all: a temporary file beside it, moved over it at the
    end. A `.gz` name is gzipped, with no time stamp, so equal runs give equal bytes."""
    import pyarrow.fs

    fs, inner = pyarrow.fs.FileSystem.from_uri(_uri(dst))
    partial = f"{inner}.{uuid.uuid4().hex[:8]}.part"
    try:
        with fs.open_output_stream(partial, compression=None) as stream:
            if dst.endswith(".gz"):
                with gzip.GzipFile(fileobj=stream, mode="wb", mtime=0) as zipped:
                    yield zipped  # type: ignore[misc]
            else:
                yield stream
        fs.move(partial, inner)
    except BaseException:
        if fs.get_file_info(partial).type != pyarrow.fs.FileType.NotFound:
            fs.delete_file(partial)
        raise


def _uri(path: str) -> str:
    """A URI as it is; a local path made absolute (pyarrow takes no relative path)."""
    return path if "://" in path else os.path.abspath(path)


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m cleanup.distributed SRC -o DST`: exit 0, 1 when findings at the fail
    level remain, 2 on a malformed line, a backend failure or a usage error."""
    from cleanup.config_files import Overrides, settings_for
    from cleanup.report import ExitCode

    args = _parser().parse_args(argv)
    try:
        import ray.data  # noqa: F401 (sets up Ray Data's logger, which -q turns down)
    except ImportError:
        print("error: the distributed engine needs Ray: pip install 'cleanup[ray]'",
              file=sys.stderr)
        return ExitCode.ERROR
    if args.quiet:
        logging.getLogger("ray.data").setLevel(logging.WARNING)
    overrides = Overrides(config_file=args.config, isolated=args.isolated,
                          languagetool=args.languagetool)
    settings = settings_for(args.src if "://" not in args.src else "-", overrides)
    for error in settings.errors:
        print(f"error: {error}", file=sys.stderr)
    summary = fix_jsonl(args.src, args.output, args.field, settings.config,
                        mode="check" if args.check else "fix",
                        metrics_field=args.metrics_field, workers=args.workers,
                        cpus_per_worker=args.cpus_per_worker, address=args.address,
                        progress=not args.quiet)
    for number, why in summary.malformed:
        print(f"{args.src}:{number}: error: {why}", file=sys.stderr)
    for failure in summary.failures:
        print(f"error: {failure}", file=sys.stderr)
    errors = len(summary.malformed) + len(summary.failures) + len(settings.errors)
    print(f"{'Checked' if args.check else 'Fixed'} {summary.documents} documents: "
          f"{summary.changed} changed, {summary.findings} findings left, "
          f"{errors} errors.", file=sys.stderr)
    if errors:
        return ExitCode.ERROR
    return ExitCode.FINDINGS if summary.failing else ExitCode.OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m cleanup.distributed",
        description="Fix or check the documents of a JSON Lines corpus on a Ray cluster.")
    parser.add_argument("src", help="the corpus: a path or URI, .jsonl or .jsonl.gz")
    parser.add_argument("-o", "--output", required=True, help="where the result goes")
    parser.add_argument("--field", default="text", help="the field holding the document")
    parser.add_argument("--metrics-field", help="add per-document metrics in this field")
    parser.add_argument("--check", action="store_true",
                        help="only count findings (the documents are not changed)")
    parser.add_argument("--address", help="the Ray cluster (default: $RAY_ADDRESS, or a "
                        "new local one)")
    parser.add_argument("--workers", type=int, default=2, help="actors in the pool")
    parser.add_argument("--cpus-per-worker", type=float, default=0.5,
                        help="CPUs each actor reserves (fractional: see docs/distributed.md)")
    parser.add_argument("--config", help="the configuration file to use")
    parser.add_argument("--isolated", action="store_true", help="use no configuration file")
    parser.add_argument("--languagetool", metavar="URL", help="the LanguageTool server")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    return parser


if __name__ == "__main__":
    sys.exit(main())
