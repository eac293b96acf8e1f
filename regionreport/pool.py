"""The project's one process pool: how worker processes start, and a map over them.

In: a picklable function, its arguments, a number of worker processes and optionally a
function to run once here before workers are forked (imports, font registration).
Out: ``process_pool``, a context manager yielding a ``ProcessPoolExecutor`` whose workers
start with 'fork' on Linux when this process runs no other Python thread (workers start in
milliseconds and inherit what is imported) and with 'spawn' otherwise (fresh interpreters; a
forked child could find another thread's lock held); around forking the parent's objects are
frozen out of the cyclic garbage collector (``gc.freeze``), so the workers' first collection
does not write to, and so copy, every page of the inherited heap. ``map_in_pool`` maps a
function over arguments in such a pool (or here, for one worker or one item), results in the
order of the arguments; ``forking`` says whether a pool would fork now.
"""

from __future__ import annotations

import gc
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing.context import BaseContext


def pool_context() -> BaseContext:
    """'fork' on Linux when this process runs no other Python thread, otherwise 'spawn'
    (Python 3.11's default on Linux is 'fork' even with threads running)."""
    import multiprocessing

    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


@contextmanager
def process_pool(workers: int, *, before_fork: Callable[[], object] | None = None,
                 initializer: Callable[..., object] | None = None,
                 initargs: tuple = ()) -> Iterator[ProcessPoolExecutor]:
    """A pool of ``workers`` processes; when they are forked, ``before_fork`` runs here first
    and the parent's heap is kept from the workers' garbage collector until the pool ends;
    ``initializer(*initargs)`` runs in each worker as it starts. Workers ignore Ctrl-C
    (SIGINT reaches the whole process group): this process stops, says "Aborted!", and
    the pool's work not yet begun is dropped, so no worker prints a traceback."""
    from concurrent.futures import ProcessPoolExecutor

    context = pool_context()
    forking = context.get_start_method() == "fork"
    if forking:
        if before_fork is not None:
            before_fork()
        gc.freeze()
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                               initializer=_start_worker, initargs=(initializer, initargs))
    try:
        yield pool
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        pool.shutdown(wait=True)
        if forking:
            gc.unfreeze()


def _start_worker(initializer: Callable[..., object] | None, initargs: tuple) -> None:
    """A worker's start: Ctrl-C is left to the parent, then ``initializer(*initargs)``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if initializer is not None:
        initializer(*initargs)


def forking() -> bool:
    """Whether a pool started now forks its workers (see ``pool_context``)."""
    return pool_context().get_start_method() == "fork"


def map_in_pool(function: Callable, *arguments: Iterable, workers: int,
                before_fork: Callable[[], object] | None = None) -> list:
    """``[function(*args) for args in zip(*arguments)]``, in up to ``workers`` processes when
    there are two or more calls and workers, otherwise here."""
    calls = list(zip(*arguments))
    if workers <= 1 or len(calls) < 2:
        return [function(*args) for args in calls]
    with process_pool(min(workers, len(calls)), before_fork=before_fork) as pool:
        return list(pool.map(function, *zip(*calls)))
