"""Reading and writing articles exactly: BOM, encoding, line endings and mode survive a fix.

We never translate line endings: the text keeps its `\\r\\n`, `\\r` or `\\n` (mixed, if
the file mixes them) and the fixes work within lines, so what we write back differs
from what we read only where an edit was made. A write goes to a temporary file in the
same folder and replaces the original with one `os.replace`, so a crash leaves either
the old file or the new one, never half of either.
"""

import codecs
import contextlib
import errno
import os
import re
import stat
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, NamedTuple, TextIO, cast

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


#: Files larger than this are read a block at a time (`blocks.py`), not whole.
STREAM_OVER = 16 << 20


class Document(NamedTuple):
    """A decoded file: its text, and how to encode it back to the same bytes."""

    text: str
    encoding: str = "utf-8"
    bom: bytes = b""


class InputError(Exception):
    """A file we cannot use; the message is one line that names the file and the place.

    `data` holds the bytes when they were read, so a filter can pass them through.
    """

    def __init__(self, message: str, data: bytes | None = None) -> None:
        super().__init__(message)
        self.data = data


class BinaryFile(InputError):
    """A file that holds no text; skipped with a notice, not an error."""


def encoding_of(data: bytes) -> tuple[str, bytes]:
    """The encoding a file's first bytes declare by their BOM (UTF-8 without one), and
    the BOM."""
    return next(((e, b) for b, e in _BOMS if data.startswith(b)), ("utf-8", b""))


def decode(data: bytes, name: str) -> Document:
    """Decode UTF-8 (with or without BOM) or UTF-16 (with BOM).

    >>> decode(b"\\xef\\xbb\\xbfa\\r\\n", "x")
    Document(text='a\\r\\n', encoding='utf-8', bom=b'\\xef\\xbb\\xbf')
    >>> decode(b"ok\\n\\xff", "x.txt")
    Traceback (most recent call last):
    ...
    cleanup.files.InputError: x.txt:2:1: error: not valid UTF-8 (byte 0xff at offset 3)
    """
    encoding, bom = encoding_of(data)
    # git looks for a NUL in the first 8,000 bytes only; we look at them all (a scan at
    # memory speed), since a NUL further on would otherwise reach the fixes, and no fix
    # may decide what a NUL in an article means.
    if not bom and b"\0" in data:
        raise BinaryFile(f"{name}: skipped: binary file", data)
    body = data[len(bom):]
    try:
        text = body.decode(encoding)
        if "\0" in text:  # a UTF-16 file's NUL characters, which its bytes do not show
            raise BinaryFile(f"{name}: skipped: binary file", data)
        return Document(text, encoding, bom)
    except UnicodeDecodeError as exc:
        good = body[:exc.start].decode(encoding, errors="replace")
        raise not_text(name, encoding, good, body[exc.start], len(bom) + exc.start,
                       data=data) from None


def not_text(name: str, encoding: str, before: str, byte: int, offset: int, *,
             start: tuple[int, int] = (1, 1), data: bytes | None = None) -> InputError:
    """The error for a byte that is not text in the file's encoding, placed by line and
    column after the text `before` it (which starts at line and column `start`)."""
    from cleanup.formats import LineIndex

    line, column = LineIndex(before).position(len(before), start)
    label = "UTF-8" if encoding == "utf-8" else "UTF-16"
    return InputError(f"{name}:{line}:{column}: error: not valid {label} "
                      f"(byte 0x{byte:02x} at offset {offset})", data)


def encode(document: Document, text: str) -> bytes:
    """The bytes of `text` in the document's encoding, with its BOM."""
    return document.bom + text.encode(document.encoding)


_CONTROL_IN_NAME_RE = re.compile(r"[\x00-\x1f\x7f]")


def shown(path: str) -> str:
    r"""A path as a report prints it: bytes that are not UTF-8 as `\xff`, and control
    characters escaped, so that a file named with a line break prints as one line.

    >>> shown("b\udcff.txt"), shown("a\nb.txt")
    ('b\\xff.txt', 'a\\nb.txt')
    """
    text = path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return _CONTROL_IN_NAME_RE.sub(lambda m: repr(m[0])[1:-1], text)


def write_bytes(stream: TextIO, data: bytes) -> None:
    """Write bytes to a text stream's buffer, so the input's encoding and BOM survive."""
    stream.flush()
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # a stream with no bytes under it (io.StringIO)
        stream.write(data.decode("utf-8", errors="replace"))
    else:
        buffer.write(data)
        buffer.flush()


def read_bytes(path: str) -> bytes:
    """A file's bytes, or standard input's for `-`."""
    return sys.stdin.buffer.read() if path == "-" else read_file(path)[0]


class Stamp(NamedTuple):
    """What tells the file we read from one saved since: an editor that saves by rename
    makes a new inode, one that writes in place a new size or change time."""

    device: int
    inode: int
    size: int
    modified: int
    changed: int

    @classmethod
    def of(cls, info: os.stat_result) -> "Stamp":
        return cls(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # none on Windows, where FIFOs are not files


def _lock(fd: int, *, wait: bool = True) -> bool:
    """Lock a file for as long as it is open (`flock`): did it lock? Where locks are not
    to be had (no `flock` on Windows, none on an NFS mount without a lock daemon), a
    write goes on unlocked, and no run takes its temporary file for a dead run's. A lock
    held by another (`wait=False`) is an `OSError`."""
    try:
        import fcntl
    except ImportError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EWOULDBLOCK, errno.EINTR):
            raise
        return False  # ENOLCK, EOPNOTSUPP, EINVAL: this file system has no locks
    return True


def read_regular(path: str | Path, most: int = -1) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file (`most` of them at most), and its status taken before
    they were read; `OSError` saying why not. Opened without blocking, so that a FIFO in
    a file's place (named `x.toml`, or put there after a walk) cannot hang the run."""
    with open(os.open(path, os.O_RDONLY | _NONBLOCK), "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise OSError(f"not a regular file ({_what(info.st_mode)})")
        return handle.read(most), info


def _what(mode: int) -> str:
    kinds = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a device"),
             (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))
    return next((name for test, name in kinds if test(mode)), "not a file")


def read_file(path: str) -> tuple[bytes, Stamp]:
    """A file's bytes, and its stamp taken before they were read (`read_regular`)."""
    try:
        data, info = read_regular(path)
    except OSError as exc:
        raise InputError(f"{path}: error: {exc.strerror or exc}") from None
    return data, Stamp.of(info)


class Refused(OSError):
    """A write we will not make, for a reason the user should hear (`reason`)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Changed(Refused):
    """The file was saved by someone else since it was read."""

    def __init__(self) -> None:
        super().__init__("it changed while it was being fixed (saved by another program?)")


def write_error(name: str, exc: OSError) -> str:
    """The one line for a file that was not written."""
    if isinstance(exc, Refused):
        return f"{name}: error: not fixed: {exc.reason}"
    return f"{name}: error: cannot write: {exc.strerror or exc}"


def write_atomic(path: str, data: bytes, *, read: tuple[bytes, Stamp] | None = None) -> None:
    """Replace the file's content in one step (see `AtomicWriter`); `read` is what was
    read of it, and when, so that a file saved since is not overwritten."""
    try:
        with AtomicWriter(path, read=read) as writer:
            writer.handle.write(data)
            writer.commit()
    except Changed:
        with contextlib.suppress(OSError):
            if Path(path).read_bytes() == data:
                return  # another run of ours wrote it first: the same fix, not a save
        raise


#: A temporary file of ours: `.{name}.{8 of mkstemp's letters}.cleanup-tmp`.
_DEBRIS_RE = re.compile(r"\..+\.[a-z0-9_]{8}\.cleanup-tmp", re.DOTALL)
_DEBRIS_SUFFIX = ".cleanup-tmp"


class AtomicWriter:
    """A file written in pieces to a temporary file beside it, which replaces it in one
    step on `commit`; left uncommitted, the temporary file is removed and the old file
    stays as it was. A crash leaves the old file or the new one, never half of either.

    What the old file was is kept: its mode (setuid and setgid too), owner and group,
    and, on Linux, extended attributes (ACLs among them); where one of them cannot be
    kept, the file is not written. A symbolic link is followed, so the link stays and its target
    changes. A file that does not exist yet is made with the mode the umask gives.

    By rule, a file is not rewritten (`Refused`) when
    - it is read-only (no write bit, or not writable by us): as black and ruff, which
      write in place and so cannot, we do not replace what the user protected;
    - it has other hard links, which a new file would split from it;
    - it changed since it was read (`read`, else since the writer was made): an editor
      saved it meanwhile. It is looked at again just before the rename; a save in the
      microseconds between is the only one missed (editors take no locks to honour).

    The temporary file is locked while it is ours, so a later run can tell a dead run's
    leftovers (`remove_debris`) from a live run's work.
    """

    def __init__(self, path: str, *, gzipped: bool = False,
                 read: tuple[bytes | None, Stamp] | None = None) -> None:
        self.target = Path(os.path.realpath(path))  # a looping link: ELOOP below, no RuntimeError
        try:
            self.info: os.stat_result | None = self.target.stat()
        except FileNotFoundError:
            self.info = None
        self.original: bytes | None = read[0] if read else None
        self.stamp: Stamp | None = read[1] if read else None
        if self.info is not None:
            self.stamp = self.stamp or Stamp.of(self.info)
            _refuse(self.target, self.info, self.stamp)
        self.raw = self._temporary()
        self.handle: BinaryIO = self.raw
        if gzipped:
            import gzip

            self.handle = cast(BinaryIO, gzip.GzipFile(fileobj=self.raw, mode="wb", mtime=0,
                                                       filename=""))

    def _temporary(self) -> BinaryIO:
        """A new temporary file beside the target, locked. Its name holds the start of the
        target's (a long name plus ours would pass the system's limit); made again if
        another run took it for a dead run's between its making and its lock."""
        import tempfile  # here, not at the top: a check never writes, and start-up counts

        for _ in range(3):
            fd, self.temp = tempfile.mkstemp(dir=self.target.parent, suffix=_DEBRIS_SUFFIX,
                                             prefix=f".{self.target.name[:64]}.")
            try:
                _lock(fd)
                if os.stat(self.temp).st_ino == os.fstat(fd).st_ino:
                    return os.fdopen(fd, "wb")
            except FileNotFoundError:
                pass
            except BaseException:
                os.close(fd)
                Path(self.temp).unlink(missing_ok=True)
                raise
            os.close(fd)
        raise OSError(errno.EAGAIN, "its temporary files vanished as they were made")

    def commit(self) -> None:
        if self.handle is not self.raw:
            self.handle.close()  # writes the gzip trailer
        self.raw.flush()
        fd = self.raw.fileno()
        if self.info is None:
            umask = os.umask(0)
            os.umask(umask)
            _chmod(fd, self.temp, 0o666 & ~umask)
        else:
            _keep_attributes(fd, self.temp, self.target, self.info)
        os.fsync(fd)
        if self.info is not None:
            assert self.stamp is not None
            _unchanged(self.target, self.stamp, self.original)
        os.replace(self.temp, self.target)
        self.raw.close()  # the lock goes with it, once the name is no longer ours

    def discard(self) -> None:
        try:
            self.raw.close()  # flushes what is left, which fails again on a full disk
        except OSError:
            pass
        finally:
            Path(self.temp).unlink(missing_ok=True)

    def __enter__(self) -> "AtomicWriter":
        return self

    def __exit__(self, *exc: object) -> None:
        if not self.raw.closed or Path(self.temp).exists():
            self.discard()


def _refuse(target: Path, info: os.stat_result, stamp: Stamp) -> None:
    """Raise `Refused` if the file at `target` is one we do not rewrite (`AtomicWriter`)."""
    mode = stat.S_IMODE(info.st_mode)
    if not mode & 0o222:
        raise Refused(f"it is read-only (mode {mode:04o}); make it writable to have it fixed")
    if not os.access(target, os.W_OK):
        if hasattr(os, "statvfs") and os.statvfs(target).f_flag & os.ST_RDONLY:
            raise Refused("its file system is read-only")
        raise Refused(f"you may not write it (mode {mode:04o}, owner {info.st_uid})")
    if info.st_nlink > 1:
        raise Refused(f"it has {info.st_nlink} hard links, which a new file would split")
    if Stamp.of(info) != stamp:
        raise Changed


def _unchanged(target: Path, stamp: Stamp, original: bytes | None) -> None:
    """Raise `Refused` if the file is no longer what was read: another stamp, or (for a
    file read whole) other bytes, which a save within the clock's tick would leave."""
    try:
        info = target.stat()
        same = Stamp.of(info) == stamp and info.st_nlink == 1
        same = same and (original is None or target.read_bytes() == original)
    except OSError:
        same = False
    if not same:
        raise Changed


def _chmod(fd: int, path: str, mode: int) -> None:
    """`os.fchmod`, or where there is none (Windows before Python 3.13) `os.chmod`."""
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)
    else:
        os.chmod(path, mode)


def _keep_attributes(fd: int, temp: str, target: Path, info: os.stat_result) -> None:
    """Give the new file the old one's owner, group, mode and extended attributes. The
    owner goes first: a change of owner clears the setuid and setgid bits."""
    made = os.fstat(fd)
    if (made.st_uid, made.st_gid) != (info.st_uid, info.st_gid):
        try:
            os.fchown(fd, info.st_uid, info.st_gid)
        except PermissionError:
            raise Refused("it is owned by another user or group, and a new file would be "
                          "ours") from None
    _chmod(fd, temp, stat.S_IMODE(info.st_mode))
    for name in _xattrs(target):
        try:
            value = os.getxattr(target, name)
            if _xattr(fd, name) != value:  # a label the system gave it already stays
                os.setxattr(fd, name, value)
        except OSError as exc:
            raise Refused(f"its extended attribute {name} cannot be kept "
                          f"({exc.strerror or exc})") from None


def _xattrs(target: Path) -> list[str]:
    """The names of a file's extended attributes (none where the system has none)."""
    try:
        return os.listxattr(target)
    except (OSError, AttributeError):  # not supported here
        return []


def _xattr(fd: int, name: str) -> bytes | None:
    try:
        return os.getxattr(fd, name)
    except OSError:
        return None


def remove_debris(folder: str) -> None:
    """Remove the temporary files a killed run of ours left in `folder`: ours by their
    name, and dead by their lock, which a live run holds until it commits or discards."""
    try:
        names = [n for n in os.listdir(folder)
                 if n.endswith(_DEBRIS_SUFFIX) and _DEBRIS_RE.fullmatch(n)]
    except OSError:
        return
    for name in names:
        path = os.path.join(folder, name)
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | _NONBLOCK)
        except OSError:
            continue
        try:
            if stat.S_ISREG(os.fstat(fd).st_mode) and _lock(fd, wait=False):
                os.unlink(path)
        except OSError:  # locked: a live run's
            pass
        finally:
            os.close(fd)


class Target(NamedTuple):
    """A path to process, or the error that stands in its place.

    `walked` targets were found in a folder, so configuration may still leave them out;
    a path the user named is always read.
    """

    path: str
    error: str | None = None
    walked: bool = False
    notice: str | None = None  # a folder that gave nothing to read, and why
    outside: str | None = None  # a walk's link out of its folder: why it is not written


def iter_targets(paths: Sequence[str]) -> Iterator[Target]:
    """Expand the command line's paths: files as named, folders walked.

    A walk skips hidden files and folders (`.git`, `.venv`) and what git ignores; which of
    the rest are articles is the configuration's `include`/`exclude` to say. A path that
    does not exist is an error in its place, and the rest go on. A link found in a walk
    that leads out of the folder is read, but `fix` does not write through it: nothing
    outside the paths given is written (a link the user names is theirs to follow).
    """
    for path in paths:
        if path == "-" or os.path.isfile(path):
            yield Target(path)
        elif os.path.isdir(path):
            yield from _walk(path)
        elif os.path.lexists(path):
            yield Target(path, f"{path}: error: not a regular file or folder")
        else:
            yield Target(path, f"{path}: error: no such file or folder")


def _walk(folder: str) -> Iterator[Target]:
    def report(exc: OSError) -> None:
        errors.append(Target(exc.filename, f"{exc.filename}: error: {exc.strerror}"))

    errors: list[Target] = []
    found: list[str] = []
    links: dict[str, str] = {}  # a link to a file outside the folder, and where it leads
    inside = os.path.join(os.path.realpath(folder), "")
    for root, dirs, names in os.walk(folder, onerror=report):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            path = os.path.join(root, name)
            if name.startswith("."):
                continue
            kind = _kind(path)
            if kind is None:
                found.append(path)
                if os.path.islink(path) and not (real := os.path.realpath(path)).startswith(
                        inside):
                    links[path] = real
            elif kind:
                errors.append(Target(path, f"{path}: error: {kind}"))
    ignored = git_ignored(found, folder)
    yield from errors
    if found and len(ignored) == len(found):
        yield Target(folder, notice=f"{folder}: every file in it is ignored by git "
                                    "(.gitignore); none was read")
    for path in found:
        if path not in ignored:
            outside = (f"{path}: error: not fixed: it links to {links[path]}, outside "
                       f"{folder}") if path in links else None
            yield Target(path, walked=True, outside=outside)


def _kind(path: str) -> str | None:
    """`None` for a regular file (through links); else why it is not read: a FIFO, a
    device or a socket would block or mean nothing as text (left out in silence, as git
    leaves them), and a link that leads nowhere or round in a loop is an error."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return f"{exc.strerror or exc} (a broken or looping link?)"
    return None if stat.S_ISREG(mode) else ""


def git_ignored(paths: list[str], cwd: str) -> set[str]:
    """The paths git ignores (`.gitignore` files, `info/exclude`, global excludes).

    We ask git itself, so every rule of its ignore files holds; outside a repository,
    or without git, nothing is ignored.
    """
    if not paths:
        return set()
    import subprocess  # only a folder walk needs it

    absolute = {os.path.abspath(p): p for p in paths}
    try:
        result = subprocess.run(["git", "check-ignore", "--stdin", "-z"], cwd=cwd,
                                input=b"\0".join(map(os.fsencode, absolute)) + b"\0",
                                capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return set()
    if result.returncode not in (0, 1):  # 128: not a repository
        return set()
    return {absolute[p] for p in map(os.fsdecode, result.stdout.split(b"\0"))
            if p in absolute}
