"""Resources a check holds for the length of a run: a server connection, a model.

A check asks the run's `Backends` for one by name (`ctx.backends.get("languagetool")`);
it is opened on first use, with the run's configuration, served to every file after,
and closed when the run ends, whatever the outcome. A library call that is given no
`Backends` gets its own, closed when the call returns.

To add a backend: a function from `Config` to a context manager that yields the
resource, in `FACTORIES` under its name.
"""

from collections.abc import Callable
from contextlib import AbstractContextManager, ExitStack
from types import TracebackType
from typing import Any

from cleanup.config import Config


class BackendFailure(RuntimeError):
    """A backend failed for one text (a server down, slow, or answering garbage): one
    error line for its file, while every other check still runs."""


Factory = Callable[[Config], AbstractContextManager[Any]]

def _languagetool(config: Config) -> AbstractContextManager[Any]:
    from cleanup.languagetool import open_client  # only a run that asks for it loads it

    return open_client(config)


#: Each backend by name.
FACTORIES: dict[str, Factory] = {"languagetool": _languagetool}


class Backends:
    """The backends opened in one run; closed together, in reverse order, by `close`."""

    def __init__(self, factories: dict[str, Factory] | None = None) -> None:
        self._factories = FACTORIES if factories is None else factories
        self._opened: dict[str, Any] = {}
        self._stack = ExitStack()
        self.failures: list[str] = []  # what failed since the run last took them

    def get(self, name: str, config: Config) -> Any:
        """The backend `name`, opened with `config` the first time it is asked for."""
        if name not in self._opened:
            try:
                factory = self._factories[name]
            except KeyError:
                raise ValueError(f"no backend {name!r}") from None
            self._opened[name] = self._stack.enter_context(factory(config))
        return self._opened[name]

    def failed(self, source: str, failure: BackendFailure) -> None:
        """Keep what failed for the run to report, once however often a pass tries."""
        line = f"{source}: {failure}"
        if line not in self.failures:
            self.failures.append(line)

    def close(self) -> None:
        self._opened.clear()
        self._stack.close()

    def __enter__(self) -> "Backends":
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()
