"""What the API keeps of a tenant: nothing while the change feed is down, nothing read before
a change of its tenant, and within its budget."""

from __future__ import annotations

from uuid import UUID, uuid4

from hypothesis import given
from hypothesis import strategies as st

from automahntion.api.tenant_cache import TenantCache

A, B = uuid4(), uuid4()


class Feed:
    def __init__(self) -> None:
        self.live = True

    def __call__(self) -> bool:
        return self.live


def _cache(budget: int = 100) -> tuple[TenantCache[bytes], Feed]:
    feed = Feed()
    return TenantCache(feed, budget, len), feed


def test_a_value_is_served_until_its_tenant_changes() -> None:
    cache, _ = _cache()
    cache.put(A, "a", cache.stamp(), b"page-a")
    cache.put(B, "b", cache.stamp(), b"page-b")
    assert cache.get("a") == b"page-a"
    cache.changed(A)
    assert cache.get("a") is None
    assert cache.get("b") == b"page-b"


def test_a_read_that_raced_a_change_of_its_tenant_is_not_kept() -> None:
    cache, _ = _cache()
    stamp = cache.stamp()
    cache.changed(A)
    cache.put(A, "a", stamp, b"read before the change was reported")
    assert cache.get("a") is None
    cache.put(B, "b", stamp, b"another tenant's read is still good")
    assert cache.get("b") is not None


def test_news_that_anything_may_have_changed_drops_everything() -> None:
    cache, _ = _cache()
    stamp = cache.stamp()
    cache.put(None, "admin", stamp, b"x")
    cache.put(A, "a", stamp, b"y")
    cache.changed(None)
    assert cache.get("admin") is None
    assert cache.get("a") is None
    cache.put(A, "a", stamp, b"read before")
    assert cache.get("a") is None


def test_nothing_is_kept_or_served_while_the_feed_is_down() -> None:
    cache, feed = _cache()
    cache.put(A, "a", cache.stamp(), b"page")
    feed.live = False
    assert cache.get("a") is None
    cache.put(A, "b", cache.stamp(), b"page")
    feed.live = True
    assert cache.get("b") is None


def test_the_least_recently_used_values_leave_first_when_over_budget() -> None:
    cache, _ = _cache(budget=10)
    cache.put(A, "one", cache.stamp(), b"1234")
    cache.put(A, "two", cache.stamp(), b"1234")
    assert cache.get("one") is not None
    cache.put(B, "three", cache.stamp(), b"1234")
    assert cache.get("two") is None
    assert cache.get("one") == b"1234"
    assert cache.get("three") == b"1234"
    cache.put(B, "too big", cache.stamp(), b"x" * 11)
    assert cache.get("too big") is None


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["put", "change", "change-all", "stamp"]),
            st.sampled_from([A, B]),
            st.sampled_from(["k1", "k2", "k3"]),
            st.integers(min_value=0, max_value=5),
        ),
        max_size=40,
    )
)
def test_a_served_value_was_read_after_the_last_change_of_its_tenant(
    steps: list[tuple[str, UUID, str, int]],
) -> None:
    """Model: each tenant's data has a version; a value holds the version read at its stamp.
    Whatever is served must be of the tenant's current version."""
    cache: TenantCache[tuple[UUID, int]] = TenantCache(lambda: True, 2)
    version = {A: 0, B: 0}
    stamps = [(cache.stamp(), dict(version))]
    for action, tenant, key, back in steps:
        if action == "stamp":
            stamps.append((cache.stamp(), dict(version)))
        elif action == "change":
            version[tenant] += 1
            cache.changed(tenant)
        elif action == "change-all":
            version = {t: v + 1 for t, v in version.items()}
            cache.changed(None)
        else:
            stamp, seen = stamps[-1 - back % len(stamps)]
            cache.put(tenant, key, stamp, (tenant, seen[tenant]))
        for k in ("k1", "k2", "k3"):
            kept = cache.get(k)
            if kept is not None:
                kept_tenant, kept_version = kept
                assert kept_version == version[kept_tenant]
