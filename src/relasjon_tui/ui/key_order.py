"""Provides KeyOrder: every key and paste is handled only after the one before it, everywhere.

A terminal delivers a burst (a paste without bracketed paste, keys bunched by a laggy SSH
link) in one read. Textual then runs a priority binding such as `ctrl+s` at once, in the
app, while the characters typed before it still wait in the text field's own queue: the
note is saved without its last words. The same goes for a key that opens a form (the
characters after it reach the list behind the form) and for `tab` (the characters after it
reach the field being left).

KeyOrder holds each key (and paste) as it reaches the app and releases the next only when
the one before has settled: the app has handled it, the focused widget and each of its
ancestors have handled it (a key a widget does not use bubbles up to the app's bindings),
and the screen and focus it led to are in place. Keys typed at human speed see no
difference; a burst is handled exactly as if it had been typed slowly.

Until the app opens it (`open`, once the records are read), KeyOrder holds every key: a key
typed during start-up waits the few milliseconds for the records instead of reaching a
form or a list before there are records to show. A question the user has not yet seen
(a damaged data file) is answered only by keys typed once it is on screen: the gate closes
(`close`) while it comes up, and opens dropping what was held (`open(drop_held=True)`).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual import events
from textual.dom import DOMNode
from textual.message_pump import MessagePump

if TYPE_CHECKING:
    from textual.app import App

_ROUND_TRIP_TIMEOUT = 2.0
"""Seconds to wait for one widget to get through its queue. A widget that takes longer is
busy with something else (its later keys still arrive, in order, when it gets to them)."""
_MAX_SETTLE_PASSES = 4
"""A key can move focus, then open a screen that moves focus again: a few passes settle that."""


class KeyOrder:
    """Held by the app: `hold(event)` in its `on_event` queues input events for ordered delivery."""

    def __init__(self, app: App) -> None:
        self.app = app
        self._queue: asyncio.Queue[tuple[int, events.Event]] = asyncio.Queue()
        self._released: dict[int, events.Event] = {}
        self._task: asyncio.Task[None] | None = None
        self._open = asyncio.Event()
        self._held = 0
        """How many events have been held so far: each is queued with its number."""
        self._drop_below = 0
        """Events numbered below this are dropped, not delivered."""
        self._finished = 0
        """How many held events have been delivered (and settled) or dropped."""

    def open(self, *, drop_held: bool = False) -> None:
        """Deliver keys from now on: those held meanwhile first, in order, or (`drop_held`)
        none of them (they were typed before what is now on screen was there)."""
        if drop_held:
            self._drop_below = self._held
        self._open.set()

    def close(self) -> None:
        """Hold every key from now on, until `open`."""
        self._open.clear()

    def hold(self, event: events.Event) -> bool:
        """True if `event` was taken to be delivered in order (the app must not handle it now)."""
        if not isinstance(event, (events.Key, events.Paste)) or event.is_forwarded:
            return False
        if self._released.pop(id(event), None) is not None:
            return False  # its turn: the app handles it now
        if self._task is None:
            self._task = asyncio.create_task(self._deliver(), name="relasjon-key-order")
        self._queue.put_nowait((self._held, event))
        self._held += 1
        return True

    @property
    def idle(self) -> bool:
        """Open, and no key is waiting or on its way."""
        return self._open.is_set() and self._finished == self._held

    async def _deliver(self) -> None:
        while True:
            number, event = await self._queue.get()
            try:
                while not self._open.is_set():  # woken by an `open` a `close` has since undone: wait again
                    await self._open.wait()
                if number >= self._drop_below:
                    await self._release(event)
            finally:
                self._finished += 1

    async def _release(self, event: events.Event) -> None:
        self._released[id(event)] = event
        try:
            if self.app.post_message(event):
                await self._settle()
        except Exception:  # noqa: BLE001 - ordering is best effort; the key itself was delivered
            pass
        finally:
            self._released.pop(id(event), None)

    async def _settle(self) -> None:
        app = self.app
        for _ in range(_MAX_SETTLE_PASSES):
            await _round_trip(app)  # the app has handled the key (priority bindings) or forwarded it
            before = (app.screen, app.focused)
            node: DOMNode | None = app.focused or app.screen
            while node is not None and node is not app:
                await _round_trip(node)  # each has handled it, or passed it up
                node = node.parent
            await _round_trip(app)  # a key nobody used has reached the app's own bindings
            if (app.screen, app.focused) == before:
                return


async def _round_trip(pump: MessagePump) -> None:
    """Wait until `pump` has handled every message that was in its queue when called."""
    done = asyncio.Event()
    if not pump.call_later(done.set):
        return
    try:
        await asyncio.wait_for(done.wait(), _ROUND_TRIP_TIMEOUT)
    except TimeoutError:
        pass
