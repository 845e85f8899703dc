"""Checks of a rule file's patterns at load time, so that no pattern hangs, fills memory,
matches nothing or everything, or loops in a run: each is refused with one error line.

- `check_pattern`: a pattern that matches the empty string, or backtracks without end on
  a few of its own characters, or uses a numbered back-reference (which breaks inside
  the joined alternation the rules are compiled into).
- `expanded_size`, `refuse_costly`: a static bound on the size a pattern compiles to.
- `vet_patterns`: new patterns compiled in a child process with a time and memory limit.
- `unsettled`: rules whose fixes, applied to their own texts, never settle.
"""

import contextlib
import itertools
import os

import regex

from cleanup.edits import Edit, apply_edits
from cleanup.patterns import RuleTimeout, leading_literals, wrap_pattern
from cleanup.rules import NameRule, PatternRule, Rule, RuleError, RuleSet, SubstituteRule
from cleanup.tomlfile import shown

#: Texts every pattern is tried on at load time, with the rule's own examples, to catch
#: one that matches the empty string (it would report nothing, everywhere).
_PROBES = ("", " ", "a", "A b.", "1", "x\n\ny", "The talks ended, he said.")
#: How long a load-time probe may take: a pattern slower than this on its own examples
#: would be a hang on an article.
_PROBE_SECONDS = 1.0
#: How long a pattern may take on a text of 48 of its own characters, the shape on which
#: a nested repeat (`(a|aa)+$`) backtracks without end; ours take microseconds.
_BACKTRACK_SECONDS = 0.2
#: `\1` or `\g<1>` outside a character class: a back-reference by number.
_NUMBERED_REFERENCE = r"\\(?:[1-9]|g<\d)"


def check_pattern(rule: PatternRule) -> None:
    r"""Refuse a pattern that would misbehave once joined with the others, or ever match
    nothing: each mistake here is one error line at load, not a traceback or a silent
    rule on the first article.
    """
    pattern = rule.pattern
    if _numbered_references(pattern):
        raise RuleError("'pattern' refers back to a group by number; name the group, "
                        "(?P<name>…) and (?P=name): numbers change when rules are joined")
    try:
        plain = regex.compile(pattern, regex.IGNORECASE if rule.ignorecase else 0)
        own = regex.compile(wrap_pattern(pattern, rule))
        # As the matcher joins it with other rules: a verbose comment or a stray `)`
        # that compiles alone may not compile there.
        regex.compile(f"(?P<r0>{wrap_pattern(pattern, rule, left=False)})|(?P<r1>x)")
    except regex.error as exc:
        raise RuleError(f"'pattern' is not a valid regular expression: {exc}") from None
    except RecursionError:
        raise RuleError("'pattern' is nested too deeply to compile") from None
    texts = (*_PROBES, *(e.text for e in rule.examples), *rule.ok)
    try:
        for text in texts:
            # Unwrapped too: `\b` or `(?=a)` match nothing but the empty string, which
            # the boundaries around it may hide on these texts, never on all.
            for compiled in (own, plain):
                if any(m.start() == m.end() for m in compiled.finditer(
                        text, timeout=_PROBE_SECONDS)):
                    raise RuleError(f"'pattern' matches the empty string (in {shown(text)})")
        for text in _backtracking_probes(pattern):
            own.search(text, timeout=_BACKTRACK_SECONDS)
    except TimeoutError:
        raise RuleError("'pattern' backtracks catastrophically: it took over "
                        f"{_BACKTRACK_SECONDS:g} s on {shown(text, 30)} (a nested repeat "
                        "like (a|aa)+ or (a+)+?)") from None
    if isinstance(rule, SubstituteRule):
        blank = regex.compile(f"(?:{pattern})|").match("")  # always a match, every group
        try:
            if blank is not None:
                blank.expand(rule.replacement)
        except (regex.error, IndexError) as exc:
            raise RuleError(f"'replacement' is not valid for this pattern: {exc}") from None


def _backtracking_probes(pattern: str) -> list[str]:
    r"""Texts on which a catastrophic pattern shows itself: a run of one of its own
    characters, or two of them, that ends where the pattern cannot.

    >>> [p[:6] + p[-1:] for p in _backtracking_probes("(x+x+)+y")]
    ['xxxxxx\x00', 'yyyyyy\x00', 'xyxyxy\x00']
    """
    chars = list(dict.fromkeys(c for c in pattern if c.isalnum() or c == " "))[:6] or ["a"]
    runs = [c * 48 for c in chars] + [(a + b) * 24 for a, b in itertools.pairwise(chars)]
    return [run + "\0" for run in runs]


#: How many nodes a pattern may compile to, counting each repeat `{m,n}` as `m` copies
#: of what it repeats (as `regex` compiles it): `(?:\w{99}){99}` is 9,801 and compiles in
#: 30 ms; `(((a{100}){100}){100}){100}`, 10^8, needs over 2 GB.
MAX_EXPANDED = 100_000
_TOKEN = (r"\\[pPN]\{[^}]*\}|\\.|\[\^?\]?(?:\\.|\[:[a-z]+:\]|[^\]\\])*\]"
                          r"|\{(\d*)(?:,\d*)?\}|[()|]|.")  # compiled on first use


def expanded_size(pattern: str) -> int:
    r"""How many nodes the pattern compiles to, about: each repeat `{m,n}` copies what it
    repeats `m` times, and nested repeats multiply (a group's `?:` counts, as it costs little).

    >>> expanded_size("ab{3}"), expanded_size("(?:a|bc){10}"), expanded_size("((a{9}){9}){9}")
    (4, 40, 729)
    """
    stack: list[tuple[int, int]] = []  # per open group: (size before it, its branches)
    total, last, branches = 0, 0, 0
    for token in regex.finditer(_TOKEN, pattern, regex.DOTALL):
        text = token[0]
        if text == "(":
            stack.append((total, branches))
            total, last, branches = 0, 0, 0
        elif text == ")" and stack:
            group = branches + total
            total, branches = stack.pop()
            total, last = total + group, group
        elif text == "|":
            branches, total, last = branches + total, 0, 0
        elif token[1] is not None and last:
            count = max(int(token[1] or 0), 1)
            total, last = total + last * (count - 1), last * count
        elif text not in "*+?":
            total, last = total + 1, 1
        if total + branches > MAX_EXPANDED * 10:
            break  # enough to refuse it
    return total + branches + sum(before + b for before, b in stack)


def refuse_costly(key: str, pattern: str, refused: dict[str, str]) -> None:
    """Refuse a pattern that would take too long or too much memory to compile: what
    `expanded_size` says, or what a child process found (`vet_patterns`)."""
    size = expanded_size(pattern)
    if size > MAX_EXPANDED:
        raise RuleError(f"'{key}' compiles to over {MAX_EXPANDED:,} nodes (a very long "
                        "pattern, or nested repeats, which multiply: (a{100}){100} is 10,000)")
    if pattern in refused:
        raise RuleError(f"'{key}' {refused[pattern]}")


#: What compiling one pattern may cost in the child process of `vet_patterns`.
VET_SECONDS = 2.0
VET_BYTES = 512 << 20


def vet_patterns(patterns: list[str]) -> dict[str, str]:
    """The patterns that cannot be compiled within `VET_SECONDS` each and `VET_BYTES` of
    memory more than this process holds, with why: each is compiled first in a child
    process, since a compilation cannot be interrupted in our own. Run only on a rule
    cache miss, so a hook's start-up pays nothing for it. Without `fork` (Windows),
    `expanded_size` is the only bound.
    """
    todo = [p for p in dict.fromkeys(patterns) if expanded_size(p) <= MAX_EXPANDED]
    if not todo or not hasattr(os, "fork"):
        return {}
    import resource
    import select
    import signal

    refused: dict[str, str] = {}
    while todo:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: compile each in turn, and say so after each
            os.close(read)
            try:
                limit = _memory_in_use() + VET_BYTES
                with contextlib.suppress(ValueError, OSError):
                    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
                for pattern in todo:
                    try:
                        regex.compile(pattern)
                    except MemoryError:
                        os.write(write, b"M")
                        break
                    except Exception:  # the parent's own compile reports it
                        pass
                    os.write(write, b".")
            finally:
                os._exit(0)
        os.close(write)
        done, began, waited = 0, _cpu_seconds(pid), 0.0
        try:
            while done < len(todo):
                if not select.select([read], [], [], VET_SECONDS)[0]:
                    waited += VET_SECONDS
                    used = _cpu_seconds(pid) - began
                    if used < VET_SECONDS and waited < VET_SECONDS * _MOST_WAITED:
                        continue  # a busy machine gave the child no time: not its fault
                    refused[todo[done]] = f"took over {VET_SECONDS:g} s to compile"
                    break
                answer = os.read(read, 4096)
                if answer.count(b"."):
                    began, waited = _cpu_seconds(pid), 0.0
                done += answer.count(b".")
                if not answer or b"M" in answer:
                    refused[todo[done]] = (f"needs over {VET_BYTES >> 20} MB to compile")
                    break
        finally:
            os.close(read)
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):  # SIGCHLD ignored: reaped already
                os.waitpid(pid, 0)
        todo = todo[done + 1:]
    return refused


#: How many times `VET_SECONDS` of the wall's time a pattern's compilation may wait for
#: the CPU it is owed on a busy machine, before it is refused all the same.
_MOST_WAITED = 8


def _cpu_seconds(pid: int) -> float:
    """The CPU time a child has used, from `/proc`; where there is none, infinite, so
    that the wall's time decides alone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return float("inf")


def _memory_in_use() -> int:
    """This process's address space in bytes (what `RLIMIT_AS` limits)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 4 << 30  # no /proc: no tight bound, but a bound


#: How many rounds of the rule files' fixes the probe texts of `unsettled` may take: a
#: chain of renames settles in as many rounds as it has links; a loop never does.
_ROUNDS = 6


def unsettled(rules: tuple[Rule, ...], mine: frozenset[str]) -> dict[str, str]:
    """The rules from users' files (`mine`) whose fixes never settle, with why: a replacement its
    own pattern finds again (`a` → `aa`), a canonical spelling that holds its variant, or
    two rules that undo each other. They are found by applying every rule's fixes, round
    after round, to the rules' own texts: each spelling of a name in a sentence, each
    example and ok text, and `_PROBES`. The pipeline would stop each file they touch with
    an error and fix nothing in it; refused here, they leave every other rule to run.
    """
    from cleanup.matcher import CompiledRules

    texts = {*_PROBES}
    for rule in rules:
        if isinstance(rule, NameRule):
            texts |= {f"The {word} said." for word in (rule.canonical, *rule.variants)}
        if isinstance(rule, SubstituteRule):
            words = [*(leading_literals(rule.pattern) or ()), rule.replacement]
            texts |= {f"The {word} said." for word in words if "\\" not in word}
        if rule.id in mine:
            texts |= {*(e.text for e in rule.examples), *rule.ok}
    text = "\n\n".join(sorted(texts))
    scan_rules = CompiledRules.build(RuleSet(rules), unsafe_fixes=True)
    size, applied = len(text), list[Edit]()
    try:
        for _ in range(_ROUNDS):
            text, applied = apply_edits(text, [e for e in scan_rules.scan(text).replacements
                                               if text[e.start:e.end] != e.replacement])
            if not applied:
                return {}
            if len(text) > 4 * size + 1000:
                break  # it grows: one more round would only make it longer
    except RuleTimeout:
        return {}  # a pattern that backtracks: the run names it, file by file
    still = sorted({e.rule_id for e in applied})
    found = {e.rule_id: text[max(e.start - 20, 0):e.end + 20] for e in applied}
    return {rule_id: ("its fixes never settle (a replacement its pattern finds again, a "
                      "canonical spelling that holds a variant, or rules that undo each "
                      f"other: {', '.join(still)}): after {_ROUNDS} rounds it still "
                      f"rewrites {shown(found[rule_id], 40)}")
            for rule_id in still if rule_id in mine}


def _numbered_references(pattern: str) -> bool:
    r"""Does the pattern use `\1`/`\g<1>` outside a character class?

    >>> _numbered_references(r"(a)\1"), _numbered_references(r"[\1](?P<a>b)(?P=a)")
    (True, False)
    >>> _numbered_references(r"(a)?(?(1)b|c)")
    True
    """
    in_class = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            if not in_class and regex.match(_NUMBERED_REFERENCE, pattern[i:]):
                return True
            i += 2
            continue
        if pattern.startswith("(?(", i) and pattern[i + 3:i + 4].isdigit() and not in_class:
            return True  # a condition on a group by number, `(?(1)…)`
        if char == "[" and not in_class:
            in_class = True
            if pattern[i + 1:i + 2] == "^":
                i += 1
            if pattern[i + 1:i + 2] == "]":
                i += 1  # a `]` first in a class is a literal
        elif char == "]" and in_class:
            in_class = False
        i += 1
    return False
