"""The recommender itself, on plain numbers (no database): the live service, the nightly job
and the offline evaluation all use these functions, so what is measured is what is served.

- Co-occurrence: for two services, how many customers booked both (the diagonal: how many
  booked the service at all), counted with one bitset per service.
- A customer with history: each service s scores sum over their booked services h of
  share(h) * customers(h, s) / sqrt(customers(h) * customers(s)) (item-to-item cosine,
  weighted by how much of their history h is). A service they booked themselves scores its
  share in full (cosine 1 with itself): people rebook what they liked. Ties, and places left
  over, go to what is popular around them at that time of week.
- Popular: orders per (district, time of week, service), with "" meaning any district / any
  time, blended into shares (popular_shares). Every service's score adds PRIOR_WEIGHT x its
  share: with no history that is the whole ranking; with a history it breaks ties and pulls
  towards what is booked around them then (on data with no habits at all, it keeps the
  ranking at least as good as "most popular": docs/benchmarks.md).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

Affinity = Mapping[int, Mapping[int, int]]  # service -> other service -> customers
PRIOR_WEIGHT = 1.0  # how much what is popular around them counts against their own history
SLOTS = tuple(
    f"{week}_{part}"
    for week in ("weekday", "weekend")
    for part in ("morning", "afternoon", "evening")
)


def time_slot(at: datetime, zone: ZoneInfo) -> str:
    """weekday/weekend x morning (before 12:00) / afternoon (before 18:00) / evening, local."""
    local = at.astimezone(zone)
    return slot_of(local.weekday(), local.hour)


def slot_of(weekday: int, hour: int) -> str:
    """The slot of a local weekday (Monday 0) and hour."""
    week = "weekend" if weekday >= 5 else "weekday"
    part = "morning" if hour < 12 else "afternoon" if hour < 18 else "evening"
    return f"{week}_{part}"


def cooccurrence(baskets: Iterable[Iterable[int]]) -> dict[int, dict[int, int]]:
    """service -> other -> how many baskets (customers) hold both (diagonal included)."""
    members: dict[int, list[int]] = defaultdict(list)
    count = 0
    for index, basket in enumerate(baskets):
        for service in set(basket):
            members[service].append(index)
        count = index + 1
    bits = {}
    for service, indexes in members.items():
        raw = bytearray((count + 7) // 8)
        for i in indexes:
            raw[i >> 3] |= 1 << (i & 7)
        bits[service] = int.from_bytes(raw, "little")
    services = sorted(bits)
    table: dict[int, dict[int, int]] = {s: {} for s in services}
    for i, a in enumerate(services):
        for b in services[i:]:
            both = (bits[a] & bits[b]).bit_count()
            if both:
                table[a][b] = table[b][a] = both
    return table


def popular_counts(
    counts: Iterable[tuple[str, str, int, int]],
) -> dict[tuple[str, str], Counter[int]]:
    """(district, slot) -> service -> orders, from (district, slot, service, n) rows, with the
    any-district ("") and any-time ("") totals added."""
    totals: dict[tuple[str, str], Counter[int]] = defaultdict(Counter)
    for district, slot, service, n in counts:
        for key in ((district, slot), (district, ""), ("", slot), ("", "")):
            totals[key][service] += n
    return totals


def popular_shares(
    totals: Mapping[tuple[str, str], Mapping[int, int]], district: str, slot: str
) -> dict[int, float]:
    """service -> share of what is booked around `district` at `slot`: that place and time
    counts most (weight 1), then the district at any time (1/2), then the city at that time
    and at any time (1/4 each); the shares add up to 1."""
    blended: dict[int, float] = defaultdict(float)
    for key, weight in (((district, slot), 1.0), ((district, ""), 0.5), (("", slot), 0.25),
                        (("", ""), 0.25)):  # fmt: skip
        counter = totals.get(key, {})
        total = sum(counter.values())
        for service, n in counter.items():
            blended[service] += weight * n / total
    whole = sum(blended.values())
    return {s: v / whole for s, v in blended.items()} if whole else {}


def most_popular(totals: Mapping[tuple[str, str], Mapping[int, int]], limit: int) -> list[int]:
    """The city's `limit` most booked services at any time (the baseline)."""
    counter = totals.get(("", ""), {})
    return [s for s, _ in sorted(counter.items(), key=lambda p: (-p[1], p[0]))][:limit]


def rank_services(
    history: Mapping[int, int],
    affinity: Affinity,
    popular: Mapping[int, float],
    allowed: Iterable[int] | None = None,
    limit: int = 5,
    exclude: Iterable[int] = (),
) -> list[int]:
    """The `limit` services to show someone whose history is {service: times booked}, given
    what is popular around them (popular_shares): cosine score + PRIOR_WEIGHT x share."""
    ok = set(allowed) if allowed is not None else None
    skip = set(exclude)
    total = sum(history.values())
    scores: dict[int, float] = defaultdict(float)
    for booked, times in history.items():
        row = affinity.get(booked, {})
        own = row.get(booked, 0)
        if not own:
            continue
        for other, both in row.items():
            size = affinity.get(other, {}).get(other, 0)
            if size:
                scores[other] += times / total * both / math.sqrt(own * size)
    for service, share in popular.items():
        scores[service] += PRIOR_WEIGHT * share
    candidates = [s for s in scores if s not in skip and (ok is None or s in ok)]
    candidates.sort(key=lambda s: (-scores[s], s))
    return candidates[:limit]
