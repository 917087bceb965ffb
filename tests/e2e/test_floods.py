"""Floods against the real running app: request bodies over the cap are refused with 413 before
they are read (Reflex's /_upload and the app's API routes), without the server's memory
growing; a customer's second complaint on the same order is refused with a clear message."""

from __future__ import annotations

import json
import os
import select
import socket
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlmodel import Session
from sqlmodel import select as sql_select

from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import CUSTOMER_PHONE
from salon_app.core.models import Complaint
from salon_app.core.services import auth
from salon_app.core.services.feedback import complaints
from salon_app.customer.orders.state import OrderState
from tests.e2e.conftest import at, log_in
from tests.support.app_server import AppServer
from tests.support.journeys import complete
from tests.support.orders import pending_order

MB = 1024 * 1024
UPLOAD_HANDLER = f"{OrderState.get_full_name()}.add_complaint_photos"
TOO_LARGE = "请求的内容太大（最多 {size}）"


def _request_head(port: int, path: str, headers: dict[str, str]) -> bytes:
    lines = [f"POST {path} HTTP/1.1", f"Host: localhost:{port}"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _response(sock: socket.socket) -> tuple[int, dict]:
    """Status and JSON body of the answer (read until the server closes)."""
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    return status, json.loads(body) if body.startswith(b"{") else {}


def _group_rss(pgid: int) -> int:
    """Resident memory (bytes) of every process of the app (its own process group)."""
    total = 0
    for pid in (p for p in os.listdir("/proc") if p.isdigit()):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            if int(stat[2]) == pgid:  # field 5, pgrp (after state and ppid)
                total += int(stat[21]) * os.sysconf("SC_PAGE_SIZE")  # field 24, rss in pages
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
    return total


def test_a_declared_200_mb_upload_is_refused_before_a_byte_of_it_is_sent(app_server: AppServer):
    """Only the head is sent: a server that waited for the body would never answer."""
    headers = {
        "Content-Type": "multipart/form-data; boundary=x",
        "Content-Length": str(200 * MB),
        "Reflex-Client-Token": "flood-test",
        "Reflex-Event-Handler": UPLOAD_HANDLER,
    }
    with socket.create_connection(("localhost", app_server.port), timeout=20) as sock:
        sock.sendall(_request_head(app_server.port, "/_upload", headers))
        status, body = _response(sock)
    assert status == 413
    assert body["detail"] == TOO_LARGE.format(size="40 MB")


def test_an_oversized_api_body_is_refused_before_it_is_read(app_server: AppServer):
    headers = {"Content-Type": "application/json", "Content-Length": str(5 * MB)}
    with socket.create_connection(("localhost", app_server.port), timeout=20) as sock:
        sock.sendall(_request_head(app_server.port, "/api/pay/wechat/notify", headers))
        status, body = _response(sock)
    assert status == 413
    assert body["detail"] == TOO_LARGE.format(size="256 KB")


def test_a_streamed_200_mb_upload_is_cut_off_without_the_server_growing(app_server: AppServer):
    """Chunked, no length: the server counts and answers 413 once the cap is passed."""
    headers = {
        "Content-Type": "multipart/form-data; boundary=x",
        "Transfer-Encoding": "chunked",
        "Reflex-Client-Token": "flood-test",
        "Reflex-Event-Handler": UPLOAD_HANDLER,
    }
    before = _group_rss(app_server.proc.pid)
    part = b"--x\r\nContent-Disposition: form-data; name=files; filename=a.jpg\r\n\r\n"
    chunk = b"\xff" * MB
    sent = 0
    with socket.create_connection(("localhost", app_server.port), timeout=30) as sock:
        sock.sendall(_request_head(app_server.port, "/_upload", headers))
        sock.sendall(b"%x\r\n%s\r\n" % (len(part), part))
        answered = False
        while sent < 200 * MB:
            if select.select([sock], [], [], 0)[0]:
                answered = True  # the server has answered: stop sending
                break
            try:
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            except (BrokenPipeError, ConnectionResetError):
                answered = True
                break
            sent += len(chunk)
        assert answered, "all 200 MB were accepted"
        status, body = _response(sock)
    after = _group_rss(app_server.proc.pid)
    assert status == 413 and body["detail"] == TOO_LARGE.format(size="40 MB")
    assert sent < 100 * MB
    assert after - before < 32 * MB, f"the app grew by {(after - before) // MB} MB"


def test_the_customers_second_complaint_on_an_order_shows_why_it_is_refused(
    page: Page, app_url: str, app_engine
):
    with Session(app_engine, expire_on_commit=False) as s:
        customer = auth.log_in(s, CUSTOMER_PHONE, DEMO_PASSWORD).actor
        order = complete(s, pending_order(s, customer))
        complaints.open_complaint(s, customer, order.code, "complaint", "师傅迟到了半小时")
    log_in(page, app_url, CUSTOMER_PHONE, DEMO_PASSWORD)
    expect(page).to_have_url(at(app_url, "/"))
    page.goto(f"{app_url}/orders/{order.code}")
    expect(page.locator("#order-status")).to_have_text("已完成")
    expect(page.locator(".complaint").filter(has_text="师傅迟到了半小时")).to_contain_text("待处理")

    page.locator("#complaint-reason").fill("再投诉一次：还是迟到")
    page.locator("#complaint-submit").click()
    message = "这个订单已有一条投诉正在处理，处理完后才能再次投诉"
    expect(page.locator("[data-sonner-toast]").get_by_text(message)).to_be_visible()
    expect(page.locator(".complaint").filter(has_text="再投诉一次")).to_have_count(0)
    with Session(app_engine) as s:
        rows = s.exec(sql_select(Complaint.reason).where(Complaint.order_id == order.id)).all()
    assert list(rows) == ["师傅迟到了半小时"]
