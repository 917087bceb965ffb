"""Record what a real browser sends and receives on Reflex's socket, for the load client.

`python -m bench.load.capture` starts the embedded app, opens it in Chromium, browses to a
category, logs the demo customer in, opens the orders page and prints every websocket frame
(truncated) to bench/load/captured_frames.txt. Re-run it after a Reflex upgrade and compare the
shapes with protocol.py.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from bench.load.stack import embedded_stack

OUT = Path(__file__).with_name("captured_frames.txt")


def main() -> None:
    from playwright.sync_api import sync_playwright

    from salon_app.core.demo import logins
    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE_VIEWPORT
    from tests.support.page_load import socket_log

    with embedded_stack() as stack, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context(viewport=PHONE_VIEWPORT, locale="zh-CN").new_page()
        log = socket_log(page)
        page.goto(stack.url + "/")
        page.wait_for_selector("#categories")
        page.wait_for_timeout(1500)
        log.append(("note", "click a category link (client-side navigation)"))
        page.locator('a[href^="/category/"]').first.click()
        page.wait_for_timeout(2000)
        log.append(("note", "log in through the form"))
        page.goto(stack.url + "/login")
        page.wait_for_timeout(2000)
        page.locator("#phone").fill(logins.CUSTOMER_PHONE)
        page.locator("#password").fill(logins.DEMO_PASSWORD)
        page.locator("#submit").click()
        page.wait_for_timeout(3000)
        log.append(("note", "orders page (a full page load of a logged-in tab)"))
        page.goto(stack.url + "/orders")
        page.wait_for_timeout(3000)
        browser.close()
    lines = [f"{way}\t{text[:700]}" for way, text in log]
    OUT.write_text("\n".join(lines) + "\n")
    print(f"wrote {OUT} ({len(lines)} frames)")


if __name__ == "__main__":
    os.environ.setdefault("CI", "1")
    sys.exit(main())
