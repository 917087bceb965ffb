"""/admin/segments: the tag distribution, the segment builder with its live size, saved
segments (search, sort, paging), a segment's members (phones masked), manual tags, and the
recompute-now button (run off the event loop). Every service checks manage_segments."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import reflex as rx

from salon_app.auth.session_state import SessionState, error_toast
from salon_app.components.browser_input import row_id, small_number
from salon_app.components.data_table import TableMixin
from salon_app.components.format import local_datetime, money
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import tags
from salon_app.i18n import t
from salon_app.platform.segments.labels import condition_text, rule_text, tag_label


def _options(pairs: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"value": value, "label": label} for value, label in pairs]


class SegmentsState(TableMixin, SessionState):
    customers: str = ""
    computed_at: str = ""
    tag_rows: list[dict[str, str | int]] = []
    band_rows: list[dict[str, str | int]] = []
    # the builder
    field_options: list[dict[str, str]] = _options(
        [(name, t(f"segment.field.{name}")) for name in tags.FIELDS]
    )
    op_options: list[dict[str, str]] = []
    value_options: list[dict[str, str]] = []  # empty: the value is typed (a number)
    draft_field: str = "tag"
    draft_op: str = "has"
    draft_value: str = ""
    conditions: list[dict[str, str]] = []
    size_text: str = ""
    problem: str = ""
    segment_name: str = ""
    recomputing: bool = False
    # saved segments
    rows: list[dict[str, str]] = []
    _categories: dict[str, str] = {}
    _tag_values: list[tuple[str, str]] = []
    _districts: list[str] = []

    @rx.event
    def load(self) -> list | None:
        overview, events = self._guarded(tags.tag_overview)
        if overview is None:
            return events
        self._show_overview(overview)
        self._set_field(self.draft_field)
        self._preview()
        return self._load_table()

    def _show_overview(self, overview: tags.TagOverview) -> None:
        self._categories = dict(overview.categories)
        self._districts = overview.districts
        self.customers = str(overview.customers)
        self.computed_at = (
            local_datetime(overview.computed_at) if overview.computed_at else t("segments.never")
        )
        self.tag_rows = [
            {"name": tag_label(tag, self._categories), "count": n} for tag, n in overview.tags
        ]
        self.band_rows = [
            {
                "band": str(band),
                "r": overview.bands["r"][band],
                "f": overview.bands["f"][band],
                "m": overview.bands["m"][band],
            }
            for band in range(1, 6)
        ]
        self._tag_values = [(tag, tag_label(tag, self._categories)) for tag, _ in overview.tags]

    def _set_field(self, field: str) -> None:
        if field not in tags.FIELDS:
            return
        self.draft_field = field
        self.op_options = _options([(op, t(f"segment.op.{op}")) for op in tags.FIELDS[field].ops])
        if self.draft_op not in tags.FIELDS[field].ops:
            self.draft_op = tags.FIELDS[field].ops[0]
        kind = tags.FIELDS[field].kind
        values: list[tuple[str, str]] = []
        if kind == "tag":
            values = self._tag_values
        elif kind == "district":
            values = [(d, d) for d in self._districts]
        elif kind == "category":
            values = list(self._categories.items())
        self.value_options = _options(values)
        self.draft_value = values[0][0] if values else ""

    @rx.event
    def choose_field(self, field: str) -> None:
        if isinstance(field, str):
            self._set_field(field)

    @rx.event
    def choose_op(self, op: str) -> None:
        if isinstance(op, str) and op in tags.FIELDS[self.draft_field].ops:
            self.draft_op = op

    @rx.event
    def choose_value(self, value: str) -> None:
        self.draft_value = value.strip()[:40] if isinstance(value, str) else ""

    @rx.event
    def add_condition(self) -> list | None:
        if len(self.conditions) >= tags.MAX_CONDITIONS:
            return [error_toast(DomainError("segment.rule_too_long", max=tags.MAX_CONDITIONS))]
        condition = {"field": self.draft_field, "op": self.draft_op, "value": self.draft_value}
        condition["text"] = condition_text(condition, self._categories)
        self.conditions = [*self.conditions, condition]
        return self._preview()

    @rx.event
    def remove_condition(self, index: str) -> list | None:
        number = small_number(index)
        if number is None or number >= len(self.conditions):
            return None
        self.conditions = [c for i, c in enumerate(self.conditions) if i != number]
        return self._preview()

    def _rule(self) -> list[dict[str, str]]:
        return [{k: c[k] for k in ("field", "op", "value")} for c in self.conditions]

    def _preview(self) -> list | None:
        self.size_text = self.problem = ""
        if not self.conditions:
            return None
        try:
            with session_scope() as session:
                preview = tags.preview_segment(session, self._actor(session), self._rule())
        except DomainError as err:
            self.problem = t(err.key, **err.params)
            return None
        self.size_text = t("segments.size", size=preview.size, customers=preview.customers)
        if preview.problem:
            self.problem = t(preview.problem, customers=preview.customers)
        return None

    @rx.event
    def set_segment_name(self, name: str) -> None:
        self.segment_name = name[:40] if isinstance(name, str) else ""

    @rx.event
    def save(self) -> list:
        rule, name = self._rule(), self.segment_name

        def clear() -> None:
            self.conditions, self.segment_name, self.size_text, self.problem = [], "", "", ""

        return self._run(
            lambda s, a: tags.save_segment(s, a, name, rule),
            "segments.saved",
            clear,
            self._load_table,
        )

    @rx.event
    def delete(self, segment_id: str) -> list:
        wanted = row_id(segment_id)
        return self._run(
            lambda s, a: tags.delete_segment(s, a, wanted), "segments.deleted", self._load_table
        )

    def _load_table(self) -> list | None:
        query = self._table_query(tags.SEGMENT_SORTS, "created_at", default_descending=True)
        found, events = self._guarded(lambda s, a: tags.segments_table(s, a, query))
        if found is not None:
            self._show_page(found)
            self.rows = [
                {
                    "id": str(r.id),
                    "name": r.name,
                    "rule": rule_text(r.rule, self._categories),
                    "size_at_save": str(r.size_at_save),
                    "size_now": str(r.size_now),
                    "created_at": local_datetime(r.created_at),
                }
                for r in found.rows
            ]
        return events

    @rx.event
    async def recompute(self) -> AsyncIterator[rx.event.EventSpec | None]:
        """Recompute every customer's tags now, in a worker thread (the page stays live)."""
        if self.recomputing:
            return
        self.recomputing = True
        yield None
        try:
            summary = await asyncio.to_thread(self._recompute)
        except DomainError as err:
            self.recomputing = False
            yield error_toast(err)
            return
        self.recomputing = False
        yield SegmentsState.load
        yield rx.toast.success(
            t("segments.recomputed", customers=summary.customers, seconds=summary.seconds)
        )

    def _recompute(self) -> tags.RecomputeSummary:
        with session_scope() as session:
            return tags.recompute_tags_now(session, self._actor(session))


class SegmentMembersState(TableMixin, SessionState):
    """The members of one saved segment (phones masked), as a table."""

    segment_name: str = ""
    rows: list[dict[str, str]] = []
    _segment_id: int = 0

    @rx.event
    def show(self, segment_id: str, name: str) -> list | None:
        self._segment_id = row_id(segment_id)
        self.segment_name = name[:30] if isinstance(name, str) else ""
        self.table_page, self.table_search = 1, ""
        return self._load_table()

    def _load_table(self) -> list | None:
        if not self._segment_id:
            return None
        wanted = self._segment_id
        query = self._table_query(tags.MEMBER_SORTS, "spend", default_descending=True)
        found, events = self._guarded(lambda s, a: tags.members_table(s, a, wanted, query))
        if found is not None:
            self._show_page(found)
            self.rows = [
                {
                    "name": m.name,
                    "phone": m.phone,
                    "district": m.district,
                    "orders": str(m.orders),
                    "spend": money(m.spend_fen),
                    "recency": "" if m.recency_days is None else str(m.recency_days),
                    "tags": "、".join(tag_label(tag) for tag in m.tags),
                }
                for m in found.rows
            ]
        return events


class ManualTagsState(SessionState):
    """Find a customer by phone and add or remove one of their manual tags."""

    phone: str = ""
    label: str = ""
    customer: str = ""  # 林小美 138****8001
    customer_tags: list[str] = []
    _user_id: int = 0

    @rx.event
    def set_phone(self, phone: str) -> None:
        self.phone = phone[:20] if isinstance(phone, str) else ""

    @rx.event
    def set_label(self, label: str) -> None:
        self.label = label[:20] if isinstance(label, str) else ""

    def _show(self, found: tags.TaggedCustomer) -> None:
        self._user_id = found.user_id
        self.customer = f"{found.name} {found.phone}"
        self.customer_tags = [
            tag_label(tag) + ("" if source == "auto" else f"（{t('tag.manual')}）")
            for tag, source in found.tags
        ]

    @rx.event
    def find(self) -> list:
        phone = self.phone
        self.customer, self.customer_tags, self._user_id = "", [], 0
        return self._run(lambda s, a: self._show(tags.find_customer(s, a, phone)))

    @rx.event
    def add(self) -> list:
        user_id, label = self._user_id, self.label
        return self._run(
            lambda s, a: self._show(tags.add_manual_tag(s, a, user_id, label)),
            "segments.tag_added",
        )

    @rx.event
    def remove(self) -> list:
        user_id, label = self._user_id, self.label
        return self._run(
            lambda s, a: self._show(tags.remove_manual_tag(s, a, user_id, label)),
            "segments.tag_removed",
        )
