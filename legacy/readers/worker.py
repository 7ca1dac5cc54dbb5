"""Reading an uploaded file in a child process with a time and a memory limit.

The same pattern as the PDF renderer (reports.pdf_worker, reports.render): a fork server child
reads the file (legacy.readers.read_here) and sends the tables back through a pipe. The child
caps its own address space (RLIMIT_AS) and processor time (RLIMIT_CPU); the parent waits only
so long and then kills it. A file that would take minutes or gigabytes to read (a tiny workbook
claiming a cell at column ZZZZZZZ, a deflate stream that never ends) is refused with a message
within the budget, and the web worker that received it is left as it was.

This module touches no database and reads no settings: the parent passes the budget in.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import threading
from typing import TYPE_CHECKING, Any

from legacy.readers.tables import Budget, ReadError

if TYPE_CHECKING:
    from legacy.readers import ReadFile

DEFAULT_SECONDS = 30.0
DEFAULT_MEMORY_MB = 1024
# The fork server is shared by everything in the process that starts children (there is one per
# process): the PDF renderer's module is preloaded as well, whichever of the two starts it first.
# Each child still runs the top of the main script again (multiprocessing's rule for scripts run
# by path; manage.py and gunicorn's do nothing there), so a script that reads files sets Django up
# inside its main(), not at its top.
PRELOAD = ["legacy.readers.worker", "openpyxl", "docx", "xlrd", "reports.pdf_worker"]

_context_lock = threading.Lock()
_context: multiprocessing.context.ForkServerContext | None = None


def _mp_context() -> multiprocessing.context.ForkServerContext:
    global _context
    with _context_lock:
        if _context is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(PRELOAD)
            _context = ctx
        return _context


def _address_space() -> int:
    """This process's address space now, in bytes (the child's starting point for its limit)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


def _limit(memory_mb: int, seconds: float) -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = _address_space() + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
    cpu = int(seconds) + 1
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu if hard == resource.RLIM_INFINITY else min(cpu, hard), hard))


def child_main(conn: Any, data: bytes, budget: Budget, memory_mb: int, seconds: float) -> None:
    """Entry point of the reading child: sends ('ok', ReadFile) or ('refused', message)."""
    from legacy.readers import read_here

    result: tuple[str, Any]
    try:
        _limit(memory_mb, seconds)
        result = ("ok", read_here(data, budget))
    except ReadError as exc:
        result = ("refused", str(exc))
    except MemoryError:
        result = ("refused", _too_big(memory_mb))
    except BaseException as exc:  # noqa: BLE001 - every failure is reported to the parent, as a refusal
        result = ("refused", f"The file cannot be read: it is damaged or not what it claims to be "
                             f"({exc.__class__.__name__}).")
    try:
        conn.send(result)
    except MemoryError:
        conn.send(("refused", _too_big(memory_mb)))
    finally:
        conn.close()


def _too_big(memory_mb: int) -> str:
    return (f"The file needs more than {memory_mb:,} MB of memory to read, the limit for one file: it holds far "
            "more than a plan's tables. Split it, or save only the sheet with the plan.")


def _too_slow(seconds: float) -> str:
    return (f"The file could not be read within {seconds:g} seconds, the limit for one file: it holds far more "
            "than a plan's tables. Split it, or save only the sheet with the plan.")


def read_in_child(data: bytes, budget: Budget, *, seconds: float, memory_mb: int) -> ReadFile:
    """The ReadFile read in a child process; ReadError with the reader's message, or when the
    child runs past `seconds` (it is killed) or past `memory_mb`."""
    ctx = _mp_context()
    receiver, sender = ctx.Pipe(duplex=False)
    process = ctx.Process(target=child_main, args=(sender, data, budget, memory_mb, seconds), daemon=True)
    try:
        process.start()
    except OSError as exc:  # no processes or file descriptors left: the file is not the problem
        receiver.close()
        raise ReadError("The file could not be read now: the server is too busy to start its reader. "
                        "Try again in a minute.") from exc
    finally:
        sender.close()
    try:
        if not receiver.poll(seconds):
            raise ReadError(_too_slow(seconds))
        try:
            kind, payload = receiver.recv()
        except (EOFError, OSError) as exc:
            # Killed by its processor-time limit (SIGXCPU), by the kernel for memory (SIGKILL), or
            # it failed to start.
            process.join(5)
            if process.exitcode == -signal.SIGXCPU:
                raise ReadError(_too_slow(seconds)) from exc
            if process.exitcode == -signal.SIGKILL:
                raise ReadError(_too_big(memory_mb)) from exc
            raise ReadError(f"The file could not be read: the reader stopped (exit code {process.exitcode}). "
                            "Try again; if it happens again, tell the portal's administrator.") from exc
    finally:
        if process.is_alive():
            process.kill()
        process.join(5)
        receiver.close()
    if kind != "ok":
        raise ReadError(payload)
    read: ReadFile = payload
    return read
