"""Render workers that the parent owns outright: forked processes, two pipes each, no threads.

Why not :mod:`concurrent.futures`: its process pool feeds jobs through a
queue-feeder thread and a management thread that the interpreter joins at
exit. A feeder blocked writing a pickled job into the pipe of a worker that
was killed never returns, so an interrupted build could print its message and
then never exit. Here nothing can block the parent:

* a worker is told only a job's index (a few bytes, which always fit in the
  pipe); the job itself is wherever ``run`` finds it (the engine writes each
  job to a file in the scratch folder before it is dispatched, so workers can
  be forked before the jobs exist and import their libraries meanwhile);
* a worker leaves its result in a file of the scratch folder and then writes
  the index back; the parent waits with :func:`select.select` under the
  earliest deadline of the jobs running;
* a worker that overruns its deadline is killed (SIGKILL) and reaped, and a
  fresh one takes the next job; on any exception in the parent (an interrupt
  included) every worker is killed and reaped before the exception goes on,
  with the stopping signals held meanwhile so a second Ctrl-C cannot cut the
  clean-up short;
* a worker dies with its parent (``PR_SET_PDEATHSIG`` on Linux) and stops when
  its task pipe closes, so none outlives a parent killed outright.
"""

from __future__ import annotations

import logging
import os
import pickle
import select
import signal
import sys
import time
from collections import deque
from dataclasses import dataclass
from typing import Callable, Deque, Dict, Iterable, Iterator, List, Optional

from .interrupts import check, deferred

log = logging.getLogger(__name__)

REAP_SECONDS = 2.0
"""How long a worker told to stop may take to exit before it is killed."""


@dataclass
class Finished:
    """One job's end: its result, or why there is none (``"timeout"`` or ``"died"``)."""

    index: int
    result: object
    seconds: float
    failure: Optional[str] = None


@dataclass
class _Worker:
    pid: int
    task_w: int
    done_r: int
    index: Optional[int] = None
    started: float = 0.0
    buffer: bytes = b""
    taken: int = 0  # jobs dispatched to it


class WorkerPool:
    """Run ``run(index)`` for job indices in up to ``size`` forked workers.

    ``run`` is called in a worker and must return a picklable result (it
    should catch its own exceptions; one that escapes ends that worker, and the
    job is reported as ``"died"``). ``init(slot)`` runs once in each new worker
    (``slot`` counts the workers started, from 0), before it takes a job.
    Use as a context manager: leaving it kills and reaps every worker.
    """

    def __init__(
        self,
        run: Callable[[int], object],
        size: int,
        deadline: float,
        scratch: str,
        init: Optional[Callable[[int], None]] = None,
        max_jobs: int = 0,
    ) -> None:
        self.run = run
        #: a worker retires after this many jobs (0: never) and a fresh one takes
        #: its place: libraries that keep a little memory per document (lxml,
        #: WeasyPrint) cannot grow a long batch's workers without bound
        self.max_jobs = max(0, max_jobs)
        self.size = max(1, size)
        self.deadline = deadline
        self.scratch = scratch
        self.init = init
        self.workers: Dict[int, _Worker] = {}  # by done_r
        self.parent = os.getpid()
        self.spawned = 0

    def start(self) -> None:
        """Start all ``size`` workers now (they run ``init`` while the parent prepares jobs)."""
        while len(self.workers) < self.size:
            self._spawn()

    # ------------------------------------------------------------------ parent side

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(kill=exc[0] is not None)

    def results(self, jobs: "int | Iterable[int]") -> Iterator[Finished]:
        """Run the jobs (``0 .. jobs-1``, or the indices ``jobs`` yields) and yield each as it ends.

        An iterable is drawn lazily, in the parent, while workers run: drawing
        may do work (the engine parses the next source), and is kept about
        one job per worker ahead of the workers so none waits for it.
        """
        feed: Iterator[int] = iter(range(jobs) if isinstance(jobs, int) else jobs)
        pending: Deque[int] = deque()
        more = True
        while True:
            check()  # a stop whose exception something swallowed
            while True:  # every idle worker gets a job, drawn from the feed as needed
                if not pending and more:
                    try:
                        pending.append(next(feed))
                    except StopIteration:
                        more = False
                if not pending:
                    break
                idle = next((w for w in self.workers.values() if w.index is None), None)
                if idle is None:
                    if len(self.workers) >= self.size:
                        break
                    idle = self._spawn()
                self._dispatch(idle, pending.popleft())
            while more and len(pending) < self.size:  # all busy: prepare the next jobs meanwhile
                try:
                    pending.append(next(feed))
                except StopIteration:
                    more = False
            busy = [w for w in self.workers.values() if w.index is not None]
            if not busy:
                if pending or more:
                    continue
                return
            now = time.monotonic()
            wait = max(0.0, min(w.started + self.deadline for w in busy) - now)
            readable, _, _ = select.select([w.done_r for w in busy], [], [], wait)
            for fd in readable:
                yield from self._collect(self.workers[fd])
            now = time.monotonic()
            for worker in [w for w in self.workers.values() if w.index is not None]:
                if now - worker.started > self.deadline:
                    index, seconds = worker.index, now - worker.started
                    log.debug("worker %d overran its deadline on job %d; killing it", worker.pid, index)
                    self._discard(worker, kill=True)
                    yield Finished(index, None, seconds, "timeout")

    def close(self, kill: bool = False) -> None:
        """Stop every worker: tell it to exit (or kill it), then reap it. Never blocks for long."""
        with deferred():
            workers = list(self.workers.values())
            for worker in workers:
                _close(worker.task_w)  # an idle worker reads EOF and exits
                if kill or worker.index is not None or not worker.taken:
                    _kill(worker.pid)  # busy, or maybe still importing in init: no need to wait for it
            limit = time.monotonic() + REAP_SECONDS
            for worker in workers:
                if not _reap(worker.pid, limit):
                    _kill(worker.pid)
                    _reap(worker.pid, None)
                _close(worker.done_r)
            self.workers.clear()
            for name in os.listdir(self.scratch) if os.path.isdir(self.scratch) else ():
                if name.startswith("result-"):
                    _unlink(os.path.join(self.scratch, name))

    def _spawn(self) -> _Worker:
        task_r, task_w = os.pipe()
        done_r, done_w = os.pipe()
        inherited = [fd for w in self.workers.values() for fd in (w.task_w, w.done_r)]
        with deferred():  # a signal between fork and our bookkeeping would leave an unknown child
            slot = self.spawned
            pid = os.fork()
            if pid == 0:  # pragma: no cover - runs in the child, which always ends in os._exit
                self._child(task_r, done_w, [task_w, done_r] + inherited, slot)
            self.spawned += 1
            os.close(task_r)
            os.close(done_w)
            worker = _Worker(pid, task_w, done_r)
            self.workers[done_r] = worker
        return worker

    def _dispatch(self, worker: _Worker, index: int) -> None:
        worker.index = index
        worker.taken += 1
        worker.started = time.monotonic()
        try:
            os.write(worker.task_w, b"%d\n" % index)
        except OSError:  # it died meanwhile; _collect sees the EOF and reports the job
            pass

    def _collect(self, worker: _Worker) -> Iterator[Finished]:
        try:
            data = os.read(worker.done_r, 4096)
        except OSError:
            data = b""
        if not data:  # the worker exited or died; any job it held has no result
            index, seconds = worker.index, time.monotonic() - worker.started
            self._discard(worker, kill=True)
            if index is not None:
                yield Finished(index, None, seconds, "died")
            return
        worker.buffer += data
        while b"\n" in worker.buffer:
            line, worker.buffer = worker.buffer.split(b"\n", 1)
            retiring = line.endswith(b"R")  # its last job: it exits now
            index, seconds = int(line.rstrip(b"R")), time.monotonic() - worker.started
            worker.index = None
            if retiring:
                self._retire(worker)
            path = self._result_path(index)
            try:
                with open(path, "rb") as handle:
                    result = pickle.load(handle)
            except Exception:  # a result that cannot be read is a dead job
                log.debug("cannot read the result of job %d", index, exc_info=True)
                yield Finished(index, None, seconds, "died")
                continue
            finally:
                _unlink(path)
            yield Finished(index, result, seconds)

    def _retire(self, worker: _Worker) -> None:
        """Let a worker that said it is done exit (killed if it takes too long) and forget it."""
        with deferred():
            _close(worker.task_w)
            if not _reap(worker.pid, time.monotonic() + REAP_SECONDS):
                _kill(worker.pid)
                _reap(worker.pid, None)
            _close(worker.done_r)
            self.workers.pop(worker.done_r, None)

    def _discard(self, worker: _Worker, kill: bool) -> None:
        with deferred():
            if kill:
                _kill(worker.pid)
            _close(worker.task_w)
            _reap(worker.pid, None)
            _close(worker.done_r)
            self.workers.pop(worker.done_r, None)

    def _result_path(self, index: int) -> str:
        return os.path.join(self.scratch, f"result-{index}.pickle")

    # ------------------------------------------------------------------ worker side

    def _child(self, task_r: int, done_w: int, parents_fds: List[int], slot: int = 0) -> None:  # pragma: no cover
        status = 0
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides, and kills its workers
            signal.signal(signal.SIGHUP, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_SETMASK, ())
            _die_with(self.parent)
            for fd in parents_fds:
                _close(fd)
            if self.init is not None:
                self.init(slot)
            pending = b""
            done = 0
            while True:
                while b"\n" not in pending:
                    chunk = os.read(task_r, 64)
                    if not chunk:
                        # the parent closed the pipe: stop (finally exits), after the libraries'
                        # finalizers have run (WeasyPrint removes its temporary font folder)
                        import gc

                        gc.collect()
                        return
                    pending += chunk
                line, pending = pending.split(b"\n", 1)
                index = int(line)
                done += 1
                result = self.run(index)
                path = self._result_path(index)
                with open(path + ".part", "wb") as handle:
                    pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(path + ".part", path)
                if self.max_jobs and done >= self.max_jobs:
                    os.write(done_w, b"%dR\n" % index)
                    import gc

                    gc.collect()  # finalizers run (WeasyPrint removes its font folder), then exit
                    return
                os.write(done_w, b"%d\n" % index)
        except BaseException:  # the parent sees the EOF and reports the job
            status = 1
        finally:
            os._exit(status)


def _die_with(parent: int) -> None:  # pragma: no cover - runs in the child
    """Ask the kernel to SIGKILL this process when its parent dies (Linux); exit if it is gone already."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
        except Exception:  # best effort; the task pipe's EOF stops an idle worker anyway
            pass
    if os.getppid() != parent:
        os._exit(1)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass


def _reap(pid: int, limit: Optional[float]) -> bool:
    """Wait for ``pid`` to end (until ``limit``, or for good when ``None``); True once reaped."""
    while True:
        try:
            done, _status = os.waitpid(pid, os.WNOHANG if limit is not None else 0)
        except ChildProcessError:
            return True
        if done:
            return True
        if limit is not None and time.monotonic() >= limit:
            return False
        time.sleep(0.01)


def _close(fd: int) -> None:
    try:
        os.close(fd)
    except OSError:
        pass


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
