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
# Pages handed to a worker at once: each hand-over costs locks, pipe writes and wake-ups
# in both processes, which a page at a time made a large part of the build's system time.
BATCH = 16

_environment: Any = None


def write_page(environment: Any, path: str, template: str, context: dict[str, Any]) -> None:
    """Render ``template`` into the file at ``path``, chunk by chunk (a listing may be large)."""
    chunks = environment.get_template(template).generate(**context)
    # Fixed newlines and encoding: the same bytes on every platform.
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        # One call for all the chunks, not a call of ours for each of a page's hundreds.
        out.writelines(chunks)


def write_whole_page(environment: Any, path: str, template: str, context: dict[str, Any]) -> None:
    """As `write_page`, for a page of one entry (small, and its entry in memory already):
    rendered whole and written with three system calls instead of a text file's nine or so."""
    data = environment.get_template(template).render(**context).encode("utf-8")
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
    try:
        written = 0
        while written < len(data):
            written += os.write(descriptor, data[written:])
    finally:
        os.close(descriptor)


def _start_worker(make_environment: Callable[[], Any]) -> None:
    global _environment
    # Ctrl-C is the parent's to handle: it stops the workers and reports once.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _environment = make_environment()


# A page to write: its path, template, context, and the function (with its arguments)
# that adds the rest of the context in the worker.
_Job = tuple[str, str, dict[str, Any], Callable[..., Any], tuple[Any, ...]]


def _render(jobs: list[_Job]) -> None:
    for path, template, context, finish, args in jobs:
        write_whole_page(_environment, path, template, {**context, **finish(*args)})


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
        self._batch: list[_Job] = []

    def render(
        self, path: str, template: str, context: dict[str, Any], finish: Callable[..., Any], *args: Any
    ) -> None:
        """Write ``template`` to ``path`` with ``context`` and what ``finish(*args)`` adds,
        computed in the worker."""
        self._batch.append((path, template, context, finish, args))
        if len(self._batch) >= BATCH:
            self._hand_over()
        while len(self._pending) * BATCH > IN_FLIGHT:
            self._pending.popleft().get()

    def _hand_over(self) -> None:
        self._pending.append(self._pool.apply_async(_render, (self._batch,)))
        self._batch = []

    def wait(self) -> None:
        if self._batch:
            self._hand_over()
        while self._pending:
            self._pending.popleft().get()

    def close(self) -> None:
        self._pool.terminate()
        self._pool.join()
