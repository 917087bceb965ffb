"""What idle live pages cost the server: N browser tabs on one paid order's page, nothing
changing, for a measured window. Reports server->browser websocket frames per second per tab
(socket.io events and all frames, engine.io pings included) and the app's CPU (its whole
process tree, psutil) over the window.

    CI=1 REFLEX_BUN_PATH=... REFLEX_DIR=... .venv/bin/python -m bench.live_idle_pages \
        --pages 10 --seconds 60

Starts the embedded stack (tests/support/app_server.py, a fresh instance in a temp folder) and
a headless Chromium (SALON_CHROMIUM, /usr/bin/chromium by default).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import tempfile
import time
from pathlib import Path

if "SALON_FIELD_KEY" not in os.environ:  # as tests/e2e/conftest.py: keys for this run only
    from cryptography.fernet import Fernet

    os.environ["SALON_FIELD_KEY"] = Fernet.generate_key().decode()
    os.environ["SALON_LOOKUP_KEY"] = base64.urlsafe_b64encode(os.urandom(32)).decode()

import psutil
from playwright.sync_api import expect, sync_playwright

from tests.support.app_server import ROOT, AppServer
from tests.support.page_load import goto_loaded
from tests.support.ports import free_port


def _cpu_seconds(pid: int) -> float:
    root = psutil.Process(pid)
    total = 0.0
    for proc in [root, *root.children(recursive=True)]:
        try:
            times = proc.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


def _paid_order(instance: Path) -> str:
    from sqlmodel import Session

    from salon_app.core.db import make_engine
    from salon_app.core.demo.logins import CUSTOMER_PHONE, DEMO_PASSWORD
    from salon_app.core.services import auth
    from tests.support.journeys import mark_paid
    from tests.support.orders import pending_order

    engine = make_engine(f"sqlite:///{instance}/salon.db")
    with Session(engine, expire_on_commit=False) as s:
        customer = auth.log_in(s, CUSTOMER_PHONE, DEMO_PASSWORD).actor
        return mark_paid(s, pending_order(s, customer)).code


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    from salon_app.core.demo.logins import CUSTOMER_PHONE, DEMO_PASSWORD

    tmp = Path(tempfile.mkdtemp(prefix="live-idle-"))
    env = {"SALON_INSTANCE_DIR": str(tmp / "instance"), "SALON_BACKUP_DIR": str(tmp / "bk")}
    env |= {"REFLEX_UPLOADED_FILES_DIR": str(tmp / "up"), "SALON_BACKUP_S3_BUCKET": ""}
    env["SALON_BACKUP_KEY_FILE"] = str(tmp / "instance" / "backup.key")
    os.environ.update(env)
    server = AppServer(free_port(), env, ROOT / "test-artifacts" / "live-idle.log", free_port())
    server.start()
    try:
        code = _paid_order(tmp / "instance")
        frames = {"event": 0, "all": 0}

        def count(payload: str | bytes) -> None:
            frames["all"] += 1
            text = payload if isinstance(payload, str) else ""
            frames["event"] += text.startswith("42")  # a socket.io event (a state delta)

        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=os.environ.get("SALON_CHROMIUM", "/usr/bin/chromium"),
                args=["--no-sandbox", "--disable-dev-shm-usage"],
            )
            context = browser.new_context(locale="zh-CN")
            login = context.new_page()
            goto_loaded(login, f"{server.url}/login", seconds=60)
            login.locator("#phone").fill(CUSTOMER_PHONE)
            login.locator("#password").fill(DEMO_PASSWORD)
            login.locator("#submit").click()
            expect(login.locator("#submit")).to_have_count(0, timeout=60_000)  # logged in
            login.close()
            pages = []
            for _ in range(args.pages):
                page = context.new_page()
                page.on("websocket", lambda ws: ws.on("framereceived", count))
                page.goto(f"{server.url}/orders/{code}")
                expect(page.locator("#order-status")).to_be_visible(timeout=60_000)
                pages.append(page)
            time.sleep(5)  # the pages' first looks and reloads are done
            before = dict(frames), _cpu_seconds(server.proc.pid), time.monotonic()
            time.sleep(args.seconds)
            after = dict(frames), _cpu_seconds(server.proc.pid), time.monotonic()
            browser.close()
        window = after[2] - before[2]
        result = {
            "pages": args.pages,
            "seconds": round(window, 1),
            "events_per_s_per_page": round(
                (after[0]["event"] - before[0]["event"]) / window / args.pages, 4
            ),
            "frames_per_s_per_page": round(
                (after[0]["all"] - before[0]["all"]) / window / args.pages, 4
            ),
            "frames_while_loading": before[0]["all"],
            "server_cpu_percent": round(100 * (after[1] - before[1]) / window, 1),
        }
        print(json.dumps(result))
    finally:
        server.stop()


if __name__ == "__main__":
    main()
