"""Provides `in_child`: half of a long check run in a forked copy of this process, on a second core.

`relasjon sjekk` hashes every record and every history entry of a file that may hold 100 000 of
each; two cores do that in about half the time. The copy shares the loaded data with the parent
(copy-on-write), so nothing is sent to it; it sends back only its (small) result. Where a fork is
not safe or possible (threads running, as in the app; no `os.fork`; the child failed) the job
simply runs in this process, so the answer never depends on the way it was computed.
"""

from __future__ import annotations

import gc
import os
import pickle
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def in_child(job: Callable[[], T]) -> Callable[[], T]:
    """Start `job`; the function returned waits for its result (running it here if need be)."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return job
    try:
        read_end, write_end = os.pipe()
        pid = os.fork()
    except OSError:
        return job
    if pid == 0:  # the child: no collector (it would touch, and so copy, every object), no cleanup
        gc.disable()
        status = 1
        try:
            os.close(read_end)
            payload = pickle.dumps(job(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as out:
                out.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)

    def result() -> T:
        with os.fdopen(read_end, "rb") as pipe:
            payload = pipe.read()  # read before waiting: a large result would fill the pipe
        _, status = os.waitpid(pid, 0)
        if status != 0 or not payload:
            return job()
        value: T = pickle.loads(payload)  # noqa: S301 - our own child's result, through our own pipe
        return value

    return result
