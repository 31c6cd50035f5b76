"""A terminal that runs for months: the memory a visit freed goes back to the system (glibc's malloc).

glibc keeps what a process frees in its heaps, for the next allocations: after a visit (a PDF
rendered, screens built and torn down, HTTP bodies) the freed blocks are scattered between blocks
still in use and the RSS keeps them. Two settings of glibc's own (issue 13, measured with
``benchmarks/soak.py --malloc-at``):

- ``limit_arenas()``: at most 2 heaps ("arenas") instead of up to 8 per CPU, one per thread that
  allocates (the task threads, the card source, the payment terminal…): fewer heaps, less free
  memory held in each;
- ``release_free_memory()`` (``malloc_trim(0)``), once a visit is over: the free pages of every
  heap returned to the system, not only the top of the main one.

Elsewhere (musl, macOS: no glibc) both do nothing.
"""

from __future__ import annotations

import ctypes
import logging
import time

log = logging.getLogger(__name__)

M_ARENA_MAX = -8  # mallopt(3)
ARENAS = 2


def _glibc() -> ctypes.CDLL | None:
    try:
        libc = ctypes.CDLL(None)
        libc.malloc_trim  # noqa: B018 - glibc's own functions, or not glibc
        libc.mallopt  # noqa: B018
    except (OSError, AttributeError):
        return None
    return libc


_LIBC = _glibc()


class MallInfo2(ctypes.Structure):
    """glibc's ``struct mallinfo2``: its figures over all heaps (``uordblks``: handed out, not yet freed)."""
    _fields_ = [(n, ctypes.c_size_t) for n in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks",
                                               "fsmblks", "uordblks", "fordblks", "keepcost")]


def heap() -> MallInfo2 | None:
    """glibc's heap figures now (diagnosis and tests); None without glibc."""
    if _LIBC is None:
        return None
    _LIBC.mallinfo2.restype = MallInfo2
    return _LIBC.mallinfo2()


def limit_arenas(arenas: int = ARENAS) -> bool:
    """At most ``arenas`` malloc heaps, for the threads created from now on (call it early)."""
    return _LIBC is not None and bool(_LIBC.mallopt(M_ARENA_MAX, arenas))


def release_free_memory() -> float:
    """Hand the free pages of glibc's heaps back to the system; the seconds it took (any thread)."""
    if _LIBC is None:
        return 0.0
    start = time.perf_counter()
    _LIBC.malloc_trim(0)
    took = time.perf_counter() - start
    log.debug("malloc_trim: %.1f ms", took * 1000)
    return took
