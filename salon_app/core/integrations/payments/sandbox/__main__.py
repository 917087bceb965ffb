"""`python -m salon_app.core.integrations.payments.sandbox --port 3001 --notify-base URL`."""

from __future__ import annotations

import argparse
import logging

import uvicorn

from salon_app.core.integrations.payments.sandbox import Behaviour, create_app
from salon_app.core.settings import get_settings


def main() -> None:
    settings = get_settings()
    parser = argparse.ArgumentParser(description="Local WeChat Pay / Alipay / card gateway")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=settings.pay_sandbox_port)
    parser.add_argument(
        "--notify-base",
        default=settings.public_url,
        help="the app's base URL, for notifications whose request named no notify URL",
    )
    parser.add_argument(
        "--time-factor",
        type=float,
        default=settings.pay_time_factor,
        help="multiply retry schedules and refund delays (0.001 turns hours into seconds)",
    )
    parser.add_argument("--duplicates", type=int, default=1, help="send each notice N times")
    parser.add_argument("--parallel", action="store_true", help="... all at once")
    parser.add_argument("--shuffle", action="store_true", help="... in a random order")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s sandbox %(message)s")
    behaviour = Behaviour(
        time_factor=args.time_factor,
        duplicates=args.duplicates,
        parallel=args.parallel,
        shuffle=args.shuffle,
    )
    app = create_app(notify_base=args.notify_base, behaviour=behaviour)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
