"""`make lighthouse`: Lighthouse 12 (mobile preset) on four phone pages of the production build.

The app runs as `make run` runs it (`reflex run --env prod`, embedded stack, demo city) on a
free loopback port with a throwaway instance folder; Lighthouse (npm, in .tools/lighthouse)
drives Debian Chromium headless (bench/lighthouse_audit.mjs). Pages: the customer home, a
service page, a technician page, and a logged-in customer's order page (the demo customer's
login token put in the tab's localStorage, as the login form leaves it).

Reports (JSON + HTML) go to test-artifacts/lighthouse/ (git-ignored); the summary per page
goes to bench/results.json as `lighthouse_<page>` and is printed. Scores are CPU-sensitive
(total blocking time above all): each page is audited LIGHTHOUSE_RUNS times (default 3, the
pages in turn) and the run with the median performance score is kept, as Lighthouse's own
advice on variability says; the summary carries every run's performance score and the
machine's benchmarkIndex at the time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.support.app_server import ROOT, AppServer
from tests.support.ports import free_port

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"
OUT = ROOT / "test-artifacts" / "lighthouse"
LIGHTHOUSE_DIR = ROOT / ".tools" / "lighthouse"
CHROMIUM = os.environ.get("SALON_CHROMIUM", "/usr/bin/chromium")
PAGES = ("home", "service", "technician", "order")
RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", "3"))
SCORES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {  # summary name: (audit id, digits)
    "fcp_ms": ("first-contentful-paint", 0),
    "lcp_ms": ("largest-contentful-paint", 0),
    "tbt_ms": ("total-blocking-time", 0),
    "cls": ("cumulative-layout-shift", 3),
}


def _targets(app_url: str) -> tuple[list[dict[str, object]], str]:
    """The four pages' addresses on the demo city, and the demo customer's login token."""
    from sqlmodel import Session, col, select

    from salon_app import routes
    from salon_app.core.db import get_engine
    from salon_app.core.demo import DEMO_PASSWORD
    from salon_app.core.demo.logins import CUSTOMER_PHONE
    from salon_app.core.models import Order, Service, Technician
    from salon_app.core.services import auth

    with Session(get_engine()) as s:
        login = auth.log_in(s, CUSTOMER_PHONE, DEMO_PASSWORD)
        order = s.exec(
            select(Order.code)
            .where(Order.customer_id == login.actor.user_id)
            .order_by(col(Order.id).desc())
        ).first()
        service = s.exec(select(Service.slug).order_by(Service.id)).first()
        tech = s.exec(
            select(Technician.id).where(Technician.status == "active").order_by(Technician.id)
        ).first()
    assert order and service and tech, "the demo city has no order, service or technician"
    paths = {
        "home": routes.HOME,
        "service": routes.service(service),
        "technician": routes.technician(tech),
        "order": routes.order(order),
    }
    pages = [
        {"name": name, "url": app_url + paths[name], "logged_in": name == "order"} for name in PAGES
    ]
    return pages, login.token


def summarize(report: dict) -> dict[str, object]:
    """One page's figures from its Lighthouse JSON report."""
    cats, audits = report["categories"], report["audits"]
    figures: dict[str, object] = {
        k.replace("-", "_"): round(cats[k]["score"] * 100) for k in SCORES
    }
    for name, (audit, digits) in METRICS.items():
        figures[name] = round(audits[audit]["numericValue"], digits)
    figures["benchmark_index"] = round(report["environment"]["benchmarkIndex"])
    figures["lighthouse"] = report["lighthouseVersion"]
    return figures


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="salon-lighthouse-") as tmp:
        env = {"SALON_INSTANCE_DIR": tmp, "REFLEX_UPLOADED_FILES_DIR": f"{tmp}/uploads"}
        os.environ.update(env)  # this process reads the app's database (and its key file)
        server = AppServer(free_port(), env, OUT / "app.log", free_port())
        server.start()
        try:
            pages, token = _targets(server.url)
            job = {
                "lighthouse_dir": str(LIGHTHOUSE_DIR),
                "chromium": CHROMIUM,
                "out_dir": str(OUT),
                "origin": server.url,
                "token": token,
                "runs": RUNS,
                "pages": pages,
            }
            subprocess.run(
                ["node", str(HERE / "lighthouse_audit.mjs"), json.dumps(job)], check=True
            )
        finally:
            server.stop()
    results: dict[str, dict] = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    for name in PAGES:
        runs = [
            summarize(json.loads((OUT / f"{name}-{i}.report.json").read_text()))
            for i in range(1, RUNS + 1)
        ]
        median = sorted(runs, key=lambda run: int(str(run["performance"])))[RUNS // 2]
        figures = {**median, "median_of_runs": RUNS}
        figures["performance_runs"] = [r["performance"] for r in runs]
        results[f"lighthouse_{name}"] = figures
        print(f"  lighthouse_{name:12s} " + "  ".join(f"{k}={v}" for k, v in figures.items()))
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {RESULTS.relative_to(ROOT)}; reports in {OUT.relative_to(ROOT)}/", flush=True)


if __name__ == "__main__":
    sys.exit(main())
