"""The garbage collector in a process that has started: what startup made stays, so it is set
aside once instead of being walked again by every full collection, and the youngest generation
is collected after 10,000 new objects instead of 700 (20,000 in a process serving requests)."""

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


YOUNG_COLLECTION_THRESHOLD = 20_000
"""`YOUNG_OBJECTS` in a serving process."""


def collect_young_less_often() -> None:
    """For a process answering requests: a page of the overview allocates about 2,000 objects
    that its response frees again. With Python's threshold of 700, each page set off about
    three collections that walked its objects still in use and moved them into older
    generations (about 0.25 ms of CPU a page of 250, 5-6 % of the API's). Garbage in cycles is
    still collected, once this many objects have been left over. After `settle_startup_heap`."""
    _young, *older = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, *older)
