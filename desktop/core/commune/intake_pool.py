"""Who processes the files of an intake run (read, keep, verify, read the data file: intake_check.process):
one helper thread, one file ahead of the row being written (InlineChecker, "one worker"), or a pool of worker
processes that work a few files ahead (PoolChecker). Either way the caller writes the rows in input order.

The pool uses the spawn start method on every platform (what Windows has, so the tests here run the same path
as the Windows bundle; the entry points call multiprocessing.freeze_support()). A worker that dies (a crash in a
hostile file, the OOM killer) breaks the pool: the files it had are then processed in this process, and so is the
rest of the run.
"""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from desktop.core.commune.intake_check import (Processed, init_worker, kept_copies, left_by_dead_worker, process,
                                               process_in_worker)
from desktop.core.errors import UserError

POOL_MIN_FILES = 100     # below this a pool's start (~0.6 s of imports per worker) costs more than it saves
MAX_WORKERS = 4          # the database writes stay in one thread; more workers than this only wait for them
POLL_S = 0.5             # how often a wait for a worker's result also looks whether a worker died
GRACE_S = 2.0            # after a death, how long the executor gets to report it the usual way


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # Windows, macOS
        return os.cpu_count() or 1


def auto_workers(n_files: int) -> int:
    return 1 if n_files < POOL_MIN_FILES else max(1, min(cpu_count(), MAX_WORKERS))


class InlineChecker:
    """One worker: files are read, kept and verified one after the other by a single helper thread, one file
    ahead of the one being recorded. The CPU work is still sequential (one thread verifies, and Python runs one
    thread at a time); what overlaps is waiting: the helper verifies the next file while this thread waits for
    the disk to confirm the previous row (fsync), and the helper's own fsyncs let this thread record."""

    ahead = 2

    def __init__(self, trust, data_dir):
        from concurrent.futures import ThreadPoolExecutor

        from desktop.core.signing.verify import Verifier

        self.verifier, self.data_dir = Verifier(trust), data_dir
        self._jobs: set = set()
        self.thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="intake")

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
        self.verifier.close()

    def submit(self, path):
        job = self.thread.submit(process, path, self.data_dir, self.verifier)
        self._jobs.add(job)
        return job

    def result(self, job, path) -> Processed:
        self._jobs.discard(job)
        return job.result()

    def stop(self) -> list[Processed]:
        return _stop(self.thread, self._jobs)


class PoolChecker:
    """Processes up to `ahead` files in worker processes while the caller records earlier ones."""

    def __init__(self, trust_der: list[bytes], workers: int, data_dir):
        self.ahead = 2 * workers + 2
        self.trust_der, self.data_dir = trust_der, str(data_dir)
        self._fallback = None
        self._manager = None  # the executor's manager thread, kept after a break to wait for it
        self._jobs: dict = {}  # job -> the file it processes
        self._copies_before = kept_copies(data_dir)  # a dead worker's copy is removed only if it is new
        self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=init_worker, initargs=(trust_der,))

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
        if self._fallback is not None:
            self._fallback.close()

    def submit(self, path):
        if self._fallback is not None:
            return None
        try:
            job = self.pool.submit(process_in_worker, str(path), self.data_dir)
        except (BrokenProcessPool, RuntimeError):
            return None
        self._jobs[job] = path
        return job

    def result(self, job, path) -> Processed:
        if job is not None:
            self._jobs.pop(job, None)
            got = self._wait(job)
            if got is not None:
                return got
        if self._fallback is None:  # a worker died: this file and the rest are processed here
            self._break()
        return process(path, self.data_dir, self._fallback)

    def _wait(self, job) -> Processed | None:
        """The job's result, or None when the pool broke. The executor notices a dead worker by itself, except
        when the worker died halfway through sending a result: its manager thread then waits for ever for the
        rest of the message (CPython 3.11), so this also looks at the worker processes while it waits."""
        while True:
            try:
                return job.result(timeout=POLL_S)
            except BrokenProcessPool:
                return None
            except TimeoutError:
                if self._a_worker_died():
                    try:
                        return job.result(timeout=GRACE_S)
                    except (BrokenProcessPool, TimeoutError):
                        return None

    def _a_worker_died(self) -> bool:
        processes = self.pool._processes  # private, but the executor offers no other way to ask
        return bool(processes) and any(p.exitcode is not None for p in list(processes.values()))

    def _break(self) -> None:
        """Give up the pool for good. The other workers are killed (one may wait for ever on a queue lock the dead
        one held) and this process closes its copy of the result pipe's write end: a manager thread stuck reading
        half a message then gets end-of-file and ends, instead of holding up stop() and the interpreter's exit."""
        from desktop.core.signing.verify import Verifier

        self._fallback = Verifier(self.trust_der)
        processes = list((self.pool._processes or {}).values())
        results, self._manager = self.pool._result_queue, self.pool._executor_manager_thread
        self.pool.shutdown(wait=False, cancel_futures=True)
        for p in processes:
            p.kill()
        for p in processes:
            p.join(GRACE_S)
        if results is not None:
            results._writer.close()

    def stop(self) -> list[Processed]:
        if self._fallback is None and self._a_worker_died():  # e.g. cancelled while a worker was dying
            self._break()
        if self._fallback is None:
            return _stop(self.pool, self._jobs)
        if self._manager is not None:  # already shut down by _break(): only wait (bounded) for its thread
            self._manager.join(GRACE_S * 5)
        # a job the break failed may have kept its file before its worker died, or died sending the result
        lost = [left_by_dead_worker(path, self.data_dir, self._copies_before) for job, path in self._jobs.items()
                if job.done() and not job.cancelled() and isinstance(job.exception(), BrokenProcessPool)]
        return _done(self._jobs) + lost


def _stop(executor, jobs) -> list[Processed]:
    """Drop the files not started; wait for those being processed and return them (never recorded, so the caller
    can remove the copies they kept)."""
    executor.shutdown(wait=True, cancel_futures=True)
    return _done(jobs)


def _done(jobs) -> list[Processed]:
    done = [job.result() for job in jobs if job.done() and not job.cancelled() and job.exception() is None]
    jobs.clear()
    return done


def make_checker(trust, workers: int | None, n_files: int, data_dir):
    workers = auto_workers(n_files) if workers is None else max(1, int(workers))
    if workers > 1:
        from desktop.core.signing.verify import trust_der

        try:
            der = trust_der(trust)
        except UserError:
            workers = 1  # an unreadable trust file: the inline path reports it on each signed file, as always
        else:
            return PoolChecker(der, workers, data_dir)
    return InlineChecker(trust, data_dir)
