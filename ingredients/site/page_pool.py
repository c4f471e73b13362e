"""Ingredient pages rendered on the other cores while this process reads the next entries.

Rendering a page and writing its file is most of a site build; reading the entry
is the rest. Here the reading process hands each entry to worker processes, at
most a fixed number ahead of the pages written, so memory stays flat however many
ingredients there are. A page's bytes do not depend on which process wrote it.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable
from typing import Any

# Entries handed on and not yet written: enough to keep the workers busy, few enough
# that the entries waiting are a few hundred kilobytes.
IN_FLIGHT = 64

_environment: Any = None


def write_page(environment: Any, path: str, template: str, context: dict[str, Any]) -> None:
    """Render ``template`` into the file at ``path``, chunk by chunk."""
    chunks = environment.get_template(template).generate(**context)
    # Fixed newlines and encoding: the same bytes on every platform.
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        # One call for all the chunks, not a call of ours for each of a page's hundreds.
        out.writelines(chunks)


def _start_worker(make_environment: Callable[[], Any]) -> None:
    global _environment
    # Ctrl-C is the parent's to handle: it stops the workers and reports once.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _environment = make_environment()


def _render(
    path: str, template: str, context: dict[str, Any], finish: Callable[..., Any], *args: Any
) -> None:
    write_page(_environment, path, template, {**context, **finish(*args)})


def worker_count() -> int:
    """The cores this process may use, less the one that reads (at least one worker)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, cores - 1)


class PagePool:
    """Renders pages in worker processes; `wait` raises a worker's error here."""

    def __init__(self, make_environment: Callable[[], Any]) -> None:
        # Forked, so a worker starts at once with the library loaded, and never imports
        # the program's main module again.
        context = multiprocessing.get_context("fork")
        self._pool = context.Pool(worker_count(), _start_worker, (make_environment,))
        self._pending: deque[Any] = deque()

    def render(
        self, path: str, template: str, context: dict[str, Any], finish: Callable[..., Any], *args: Any
    ) -> None:
        """Write ``template`` to ``path`` with ``context`` and what ``finish(*args)`` adds,
        computed in the worker."""
        self._pending.append(self._pool.apply_async(_render, (path, template, context, finish, *args)))
        while len(self._pending) > IN_FLIGHT:
            self._pending.popleft().get()

    def wait(self) -> None:
        while self._pending:
            self._pending.popleft().get()

    def close(self) -> None:
        self._pool.terminate()
        self._pool.join()
