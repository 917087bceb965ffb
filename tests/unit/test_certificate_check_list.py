"""The shop's certificate check list: its technicians' and applicants' certificates that need
a look (pending, expired or expiring soon), and nobody else's."""

from __future__ import annotations

import pytest
from sqlmodel import select

from salon_app.core.errors import PermissionDenied
from salon_app.core.models import Technician, TechnicianApplication
from salon_app.core.paging import TableQuery
from salon_app.core.services.merchants import CHECK_SORTS, certificates_to_check
from tests.support.shops import FRONT_DESK, OTHER_OWNER, OWNER, login

HOUSEKEEPING_OWNER = "13723450003"


def _query(**kw) -> TableQuery:
    return TableQuery.of(CHECK_SORTS, default_sort="technician", **kw)


def test_the_owner_sees_the_applicants_pending_certificates(demo_session):
    owner = login(demo_session, OWNER)
    page = certificates_to_check(demo_session, owner, _query())
    applying = demo_session.exec(
        select(Technician.display_name)
        .join(TechnicianApplication, TechnicianApplication.technician_id == Technician.id)
        .where(TechnicianApplication.merchant_id == owner.merchant_id)
    ).all()
    pending = {r.technician_name for r in page.rows if r.certificate.status == "pending"}
    assert set(applying) <= pending
    assert all(r.applicant for r in page.rows if r.technician_name in applying)
    assert page.total == len(page.rows)


def test_an_expiring_certificate_is_flagged_for_its_shop_only(demo_session):
    keeper_shop = login(demo_session, HOUSEKEEPING_OWNER)
    rows = certificates_to_check(demo_session, keeper_shop, _query()).rows
    flagged = [r for r in rows if r.certificate.expiring_soon]
    assert flagged and all(r.certificate.status == "verified" for r in flagged)
    other = certificates_to_check(demo_session, login(demo_session, OTHER_OWNER), _query()).rows
    assert not {r.certificate.id for r in flagged} & {r.certificate.id for r in other}


def test_the_search_narrows_the_list(demo_session):
    owner = login(demo_session, OWNER)
    assert certificates_to_check(demo_session, owner, _query(search="周晓雯")).total == 1
    assert certificates_to_check(demo_session, owner, _query(search="没有这个人")).total == 0


def test_the_front_desk_does_not_check_certificates(demo_session):
    with pytest.raises(PermissionDenied):
        certificates_to_check(demo_session, login(demo_session, FRONT_DESK), _query())
