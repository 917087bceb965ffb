"""Spreading one discount over an order's items: in proportion to their weights (what each
item still costs), by the largest-remainder method, in integer fen, so the shares add up to
the discount exactly and no item gets more than its weight."""

from __future__ import annotations


def spread(total: int, weights: list[int]) -> list[int]:
    """`total` (0 <= total <= sum(weights)) split over `weights` (each >= 0).

    Each share is floor(total * w / W); the fen left over go one each to the largest
    fractional parts (ties: the earlier item)."""
    whole = sum(weights)
    if total <= 0 or whole <= 0:
        return [0] * len(weights)
    if total > whole:
        raise ValueError("a discount larger than what the items cost")
    shares = [total * w // whole for w in weights]
    left = total - sum(shares)
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for i in by_remainder[:left]:
        shares[i] += 1
    return shares
