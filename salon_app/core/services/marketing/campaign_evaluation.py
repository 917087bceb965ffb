"""A campaign measured against its holdout: the arithmetic, on plain per-member outcomes.

Definitions (every figure on the evaluation page and in its export comes from here):
- a member converted when they paid an order within the attribution window after their
  assignment (cancelled and refunded orders do not count); their GMV is what those orders paid;
- conversion = converted / members, per group (treated, holdout);
- extra GMV = (GMV per treated member - GMV per holdout member) x treated members: what the
  treated spent beyond what they would have without the offer, the holdout standing in for
  "without";
- ROI = (extra GMV - cost) / cost, cost being what the campaign measurably cost (discount
  lines of its coupons and promotion, plus points given); none without a cost or a holdout;
- its 95% interval: a normal approximation of the difference of the two groups' mean GMV
  (standard error sqrt(s_t^2/n_t + s_h^2/n_h) with sample variances), scaled by the treated
  count, +-1.96 standard errors, put through the ROI formula with the cost held fixed (it is
  measured, not sampled); none with fewer than two members in either group. Deterministic:
  the same data always gives the same interval.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import variance

Z95 = 1.959964


@dataclass(frozen=True)
class Outcome:
    """One member's result in the window: did they pay an order, and how much in all."""

    converted: bool
    gmv_fen: int


@dataclass(frozen=True)
class GroupFigures:
    members: int
    converted: int
    gmv_fen: int

    @property
    def conversion(self) -> float:
        return self.converted / self.members if self.members else 0.0

    @property
    def gmv_per_member(self) -> float:
        return self.gmv_fen / self.members if self.members else 0.0


@dataclass(frozen=True)
class Evaluation:
    treated: GroupFigures
    holdout: GroupFigures
    extra_gmv_fen: int
    cost_fen: int
    roi: float | None
    roi_low: float | None
    roi_high: float | None

    @property
    def lift(self) -> float:
        """Conversion of the treated minus that of the holdout (percentage points / 100)."""
        return self.treated.conversion - self.holdout.conversion


def _group(outcomes: Sequence[Outcome]) -> GroupFigures:
    return GroupFigures(
        len(outcomes), sum(1 for o in outcomes if o.converted), sum(o.gmv_fen for o in outcomes)
    )


def _roi(extra: float, cost: int) -> float:
    return (extra - cost) / cost


def evaluate(treated: Sequence[Outcome], holdout: Sequence[Outcome], cost_fen: int) -> Evaluation:
    """The evaluation of the module's definitions."""
    t, h = _group(treated), _group(holdout)
    if not t.members or not h.members:
        return Evaluation(t, h, 0, cost_fen, None, None, None)
    extra = (t.gmv_per_member - h.gmv_per_member) * t.members
    roi = low = high = None
    if cost_fen > 0:
        roi = _roi(extra, cost_fen)
        if t.members >= 2 and h.members >= 2:
            t_gmv = [o.gmv_fen for o in treated]
            h_gmv = [o.gmv_fen for o in holdout]
            se = math.sqrt(variance(t_gmv) / t.members + variance(h_gmv) / h.members)
            margin = Z95 * se * t.members
            low, high = _roi(extra - margin, cost_fen), _roi(extra + margin, cost_fen)
    return Evaluation(t, h, round(extra), cost_fen, roi, low, high)
