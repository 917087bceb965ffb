"""The 团队 tab: the shop's technicians (photo, status, posts, certificates, service areas),
the shop's posts (岗位) and who holds them, and each technician's service areas.

Its load is the technicians page's guard: only members of a shop see anything here.
"""

from __future__ import annotations

import reflex as rx

from salon_app.auth.session_state import SessionState, in_worker_thread
from salon_app.components.browser_input import radius_km, row_id
from salon_app.core.services import merchants, technicians
from salon_app.i18n import t
from salon_app.merchant.technicians.rows import certificates_summary


def _member_row(m: merchants.TeamMember) -> dict[str, str]:
    return {
        "id": str(m.technician_id),
        "name": m.display_name,
        "photo": m.photo_url,
        "status": m.status,
        "status_label": t(f"team.status.{m.status}"),
        "posts": "、".join(m.posts) or t("team.no_posts"),
        "certificates": certificates_summary(m.certificates),
        "flagged": "1" if any(c.expired or c.expiring_soon for c in m.certificates) else "",
    }


class TeamState(SessionState):
    members: list[dict[str, str]] = []
    areas: dict[str, list[dict[str, str]]] = {}  # technician id -> their service areas
    posts: list[dict[str, str]] = []
    editing_posts_for: str = ""  # technician id whose posts are being chosen
    chosen_posts: list[str] = []  # post ids ticked for that technician
    _held: dict[str, list[str]] = {}  # technician id -> post ids they hold

    @rx.event
    def load(self) -> list | None:
        return self._reload()

    def _reload(self) -> list | None:
        data, events = self._guarded(
            lambda s, a: (merchants.shop_technicians(s, a), merchants.list_posts(s, a))
        )
        if data is not None:
            team, posts = data
            self.members = [_member_row(m) for m in team]
            self.areas = {
                str(m.technician_id): [
                    {"id": str(a.id), "label": t("team.area", label=a.label, km=f"{a.radius_km:g}")}
                    for a in m.areas
                ]
                for m in team
            }
            self.posts = [
                {"id": str(p.id), "name": p.name, "holders": t("team.holders", count=p.holders)}
                for p in posts
            ]
            by_name = {p.name: str(p.id) for p in posts}
            self._held = {
                str(m.technician_id): [by_name[n] for n in m.posts if n in by_name] for m in team
            }
        return events

    @rx.event
    def add_post(self, form: dict) -> list:
        name = str(form.get("name", ""))
        return self._run(
            lambda s, a: merchants.add_post(s, a, name), "team.post_added", self._reload
        )

    @rx.event
    def remove_post(self, post_id: str) -> list:
        return self._run(
            lambda s, a: merchants.remove_post(s, a, row_id(post_id)), "", self._reload
        )

    @rx.event
    def edit_posts(self, technician_id: str) -> None:
        self.editing_posts_for = str(technician_id)
        self.chosen_posts = list(self._held.get(self.editing_posts_for, []))

    @rx.event
    def toggle_post(self, post_id: str, on: bool) -> None:
        post_id = str(post_id)
        chosen = [p for p in self.chosen_posts if p != post_id]
        self.chosen_posts = [*chosen, post_id] if on is True else chosen

    @rx.event
    def cancel_posts(self) -> None:
        self.editing_posts_for, self.chosen_posts = "", []

    @rx.event
    def save_posts(self) -> list:
        tech_id = row_id(self.editing_posts_for)
        chosen = [row_id(p) for p in self.chosen_posts]
        saved = self._run(
            lambda s, a: merchants.set_technician_posts(s, a, tech_id, chosen), "", self._reload
        )
        if saved:  # refused: the toast says why, the choice stays open
            return saved
        self.editing_posts_for, self.chosen_posts = "", []
        return [rx.toast.success(t("team.posts_saved"))]

    @rx.event
    @in_worker_thread
    def add_area(self, form: dict) -> list:
        tech_id = row_id(form.get("technician_id"))
        address = str(form.get("address", ""))
        raw = form.get("radius_km")
        low, high = technicians.RADIUS_MIN_KM, technicians.RADIUS_MAX_KM
        error = "tech_profile.radius_out_of_range"
        return self._run(
            lambda s, a: merchants.add_technician_area(
                s, a, tech_id, address, radius_km(raw, minimum=low, maximum=high, error=error)
            ),
            "team.area_added",
            self._reload,
        )

    @rx.event
    def remove_area(self, area_id: str) -> list:
        return self._run(
            lambda s, a: merchants.remove_technician_area(s, a, row_id(area_id)),
            "",
            self._reload,
        )
