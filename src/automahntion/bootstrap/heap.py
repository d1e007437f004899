"""The garbage collector in a process that has started: what startup made stays, so it is set
aside once instead of being walked again by every full collection, and the youngest generation
is collected after 10,000 new objects instead of 700."""

from __future__ import annotations

import gc


def settle_startup_heap() -> None:
    """Collect what startup left over, then freeze the rest (modules, app, container).

    A dunning run keeps 16 tenants' invoices in flight across database reads, so many objects
    live long enough to reach the oldest generation and trigger full collections; each of those
    walked the ~120,000 objects of startup again (about a tenth of a run's time). Frozen objects
    are still freed when nothing refers to them; only cycles among them are no longer collected,
    and startup's own were collected just before.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_OBJECTS, *gc.get_threshold()[1:])


YOUNG_OBJECTS = 10_000
"""New container objects (net of those freed) between two collections of the youngest
generation. A tenant's day makes thousands of short-lived records (decoded invoices, their
files, the plan, the report's lines) that reference counting frees: at Python's 700, a
1,000-tenant dry run collected about three times per tenant, about 7 % of its CPU, to find
almost no cycles. At 10,000 it collects a few times per run; what cycles there are wait a
little longer (the peak RSS of `bench/dunning_run.py` stayed the same)."""
