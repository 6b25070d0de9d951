"""`every(ms, handler)`: an invisible timer that fires `handler` once when the page mounts and then every `ms`
while it is open. Pages used `rx.moment` for this, which loads react-moment and moment.js (~20 KiB compressed
on every signed-in page) to format a date nobody sees."""

from __future__ import annotations

import reflex as rx
from reflex.event import no_args_event_spec

_SOURCE = rx.asset("interval.jsx", shared=True)


class Interval(rx.Component):
    library = _SOURCE.importable_path
    tag = "Interval"

    interval: rx.Var[int]

    on_tick: rx.EventHandler[no_args_event_spec]


def every(ms: int, handler) -> rx.Component:
    return Interval.create(interval=ms, on_tick=handler)
