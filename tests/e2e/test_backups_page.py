"""The super admin backs up and drills from /admin/backups (desktop): the new backup is in the
table, the new drill is green with every table matching; an operations operator has no entry
in the sidebar and is refused the URL."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, expect
from sqlmodel import Session, select

from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import ADMIN_PHONE, OPERATIONS_PHONE
from salon_app.core.models import Backup
from tests.e2e.conftest import at, log_in

DESKTOP = {"width": 1280, "height": 900}


def test_super_admin_backs_up_now_and_sees_a_green_drill(
    browser: Browser, app_url: str, stack_env: dict[str, str], row_count, app_engine
):
    backups_before, drills_before = row_count("backup"), row_count("restore_drill")
    page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    log_in(page, app_url, ADMIN_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/admin"))
    page.locator("#nav-admin-backups").first.click()
    expect(page).to_have_url(at(app_url, "/admin/backups"))
    expect(page.locator("#backups-summary")).to_contain_text(f"共 {backups_before} ")
    expect(page.locator(".drill-row")).to_have_count(drills_before)

    page.locator("#backup-now").click()
    expect(page.locator("#backups-summary")).to_contain_text(f"共 {backups_before + 1} ")
    newest = page.locator(".backups-row").first  # newest first
    expect(newest).to_contain_text("手动")
    expect(newest.locator(".backup-status")).to_have_text("成功")
    expect(page.locator("#backup-rpo")).to_have_text("在 RPO 内")
    expect(page.locator("#backup-sizes")).to_be_visible()
    with Session(app_engine) as s:
        manual = s.exec(select(Backup).where(Backup.trigger == "manual")).one()
    expect(newest).to_contain_text(manual.object_key)
    folder = Path(stack_env["SALON_BACKUP_DIR"])  # a temp folder, never the developer's
    assert (folder / manual.object_key).is_file()

    page.locator("#drill-now").click()
    expect(page.locator(".drill-row")).to_have_count(drills_before + 1)
    drill = page.locator(".drill-row").first
    expect(drill.locator(".drill-status")).to_have_text("通过")
    expect(page.locator("#backup-last-drill")).to_have_text("通过")
    drill.locator(".open-drill").click()
    expect(page.locator("#checks-title")).to_be_visible()
    expect(page.locator(".check-row").first).to_contain_text("一致")
    expect(page.locator(".check-row").filter(has_text="不一致")).to_have_count(0)
    expect(page.locator(".check-row").filter(has_text="orders")).to_have_count(1)
    page.screenshot(path=str(Path("test-artifacts") / "backups-page.png"), full_page=True)


def test_operations_has_no_backups_entry_and_is_refused_the_url(browser: Browser, app_url: str):
    page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    log_in(page, app_url, OPERATIONS_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/admin"))
    expect(page.locator("#nav-admin-dispatch").first).to_be_visible()  # the sidebar is there
    expect(page.locator("#nav-admin-backups")).to_have_count(0)
    page.goto(f"{app_url}/admin/backups")
    expect(page.locator("#access-error")).to_be_visible()
    expect(page.locator("#backups")).to_have_count(0)
    expect(page.locator("#backup-now")).to_have_count(0)
