"""PDF rendering bounded in time and memory.

WeasyPrint runs in worker processes (forked from a server that has already imported it, so a new
worker is quick) whose address space is capped with RLIMIT_AS. A render that runs past its time
is stopped by killing the workers; the next render gets fresh ones. Hostile or enormous input
therefore costs at most one worker for a bounded time, never the web process.

The pool is also how the embedded default uses every core for a panel pack: sections are
submitted together and rendered side by side.
"""

import multiprocessing
import os
import resource
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass


class RenderFailed(Exception):
    """The document could not be rendered within the limits. ``reason`` is plain words for a user."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class RenderLimits:
    seconds: float = 120.0
    memory_mb: int = 2048
    processes: int = os.cpu_count() or 1
    # How much lower the render workers' processor priority is than the web workers' (nice(2)):
    # while the server is busy, pages go first and a summary takes longer, not the other way round.
    niceness: int = 10


def limit_memory(memory_mb: int) -> None:
    """Cap this process's address space (the render workers call it once, at start)."""
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _start_render_worker(memory_mb: int, niceness: int) -> None:
    limit_memory(memory_mb)
    if niceness > 0:
        os.nice(niceness)


def _render_in_worker(html: str, tagged: bool) -> bytes:
    from riskapp.reports.pdf import render_pdf

    return render_pdf(html, tagged=tagged)


class RenderPool:
    """A pool of render workers with limits; safe to share between threads."""

    def __init__(self, limits: RenderLimits):
        self.limits = limits
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(["riskapp.reports.pdf"])
                self._executor = ProcessPoolExecutor(
                    max_workers=self.limits.processes,
                    mp_context=context,
                    initializer=_start_render_worker,
                    initargs=(self.limits.memory_mb, self.limits.niceness),
                )
            return self._executor

    def _reset(self, broken: ProcessPoolExecutor) -> None:
        """Kill the workers of a pool that overran or broke; the next render starts a new one."""
        with self._lock:
            if self._executor is broken:
                self._executor = None
        for process in list((broken._processes or {}).values()):  # no public way to stop a running task
            process.kill()
        broken.shutdown(wait=False, cancel_futures=True)

    def render(self, html: str, tagged: bool = True) -> bytes:
        return next(self.render_many([html], tagged=tagged))[1]

    def render_many(self, documents: Iterable[str], tagged: bool = True) -> Iterator[tuple[int, bytes]]:
        """Render documents side by side; yields (index, pdf) as each one finishes.

        Documents are taken from the iterable only as workers come free (plus one waiting each),
        so the caller can prepare the next document while earlier ones render. Each document has
        the time limit from the moment a worker could start it."""
        pool = self._pool()
        pending: dict[Future, int] = {}
        upcoming = enumerate(documents)
        try:
            while True:
                for index, html in upcoming:
                    pending[pool.submit(_render_in_worker, html, tagged)] = index
                    if len(pending) >= 2 * self.limits.processes:
                        break
                if not pending:
                    return
                done, _ = wait(pending, timeout=self.limits.seconds, return_when=FIRST_COMPLETED)
                if not done:
                    raise RenderFailed(f"it took longer than {self.limits.seconds:g} seconds to print")
                for future in done:
                    index = pending.pop(future)
                    yield index, self._result(future)
        except RenderFailed:
            self._reset(pool)
            raise
        except BrokenProcessPool:
            self._reset(pool)
            raise RenderFailed("the printing process stopped unexpectedly (it may have run out of memory)") from None

    @staticmethod
    def _result(future: Future) -> bytes:
        try:
            return future.result()
        except MemoryError:
            raise RenderFailed("it needed more memory than a document may use") from None
        except Exception as error:  # near the memory limit, C code fails in other ways too
            raise RenderFailed(f"printing failed ({type(error).__name__})") from None

    def warm(self) -> threading.Thread:
        """Start a render worker and print a one-line page in it, in the background, so that the
        first summary someone asks for does not also pay for starting the process, importing
        WeasyPrint and loading the fonts (seconds on a busy server). Returns the thread doing it."""

        def print_one() -> None:
            try:
                self.render(WARM_UP_HTML)
            except RenderFailed:
                pass  # the first real print will start a fresh worker and say what went wrong

        thread = threading.Thread(target=print_one, name="render-warm-up", daemon=True)
        thread.start()
        return thread

    def close(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)


# The print stylesheet and its fonts, and a line of text in each weight.
WARM_UP_HTML = (
    '<!DOCTYPE html><html lang="en"><head><title>Warm-up</title>'
    '<link rel="stylesheet" href="reports/summary.css"></head>'
    "<body><h1>Warm-up</h1><p>OFFICIAL-SENSITIVE</p></body></html>"
)

_pools: dict[RenderLimits, RenderPool] = {}
_pools_lock = threading.Lock()


def pool_for(limits: RenderLimits) -> RenderPool:
    """One pool per process for each set of limits (normally just the configured one)."""
    with _pools_lock:
        if limits not in _pools:
            _pools[limits] = RenderPool(limits)
        return _pools[limits]


def warm_render_pool(config) -> threading.Thread:
    """Warm this process's render pool (gunicorn.conf.py calls it as each web worker starts)."""
    return pool_for(configured_limits(config)).warm()


def configured_limits(config) -> RenderLimits:
    return RenderLimits(
        seconds=float(config["RENDER_TIMEOUT_SECONDS"]),
        memory_mb=int(config["RENDER_MEMORY_MB"]),
        processes=int(config["RENDER_PROCESSES"]),
        niceness=int(config["RENDER_NICENESS"]),
    )
