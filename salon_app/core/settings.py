"""Settings read from the environment once; defaults give the embedded demo set-up."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Settings:
    instance_dir: Path
    database_url: str
    sqlite_cache_mb: int  # SQLite's own page cache per connection (hot pages stay in memory)
    locale: str
    timezone: str
    session_ttl_hours: int
    login_max_failures: int
    login_lock_minutes: int
    login_address_failures: int  # wrong log-ins from one client address per hour, any account
    login_global_failures: int  # wrong log-ins per 15 minutes before unknown clients need a code
    argon2_time_cost: int
    argon2_memory_kib: int
    # Booking rules (availability engine and booking service)
    hold_minutes: int  # an unpaid order keeps its slot this long
    lead_minutes: int  # earliest bookable start, from now
    horizon_days: int  # latest bookable day, from today
    slot_step_minutes: int  # offered start times are on this grid
    travel_speed_kmh: float  # straight-line speed between at-home jobs
    travel_min_buffer_min: int  # at least this gap around at-home jobs
    shop_buffer_min: int  # turnover gap after in-shop jobs
    # Payments (WeChat Pay v3, Alipay, bank card); demo keys are generated in the instance dir
    public_url: str  # how gateways and browsers reach this app (notify and return URLs)
    pay_sandbox_port: int  # the local sandbox gateway (make run starts it on this port)
    wechat_gateway_url: str  # https://api.mch.weixin.qq.com in production
    wechat_mchid: str
    wechat_appid: str
    alipay_gateway_url: str  # https://openapi.alipay.com/gateway.do in production
    alipay_appid: str
    card_gateway_url: str  # the card acquirer's API base
    card_merchant_id: str
    pay_notify_tolerance_s: int  # signed notifications older than this are refused (replays)
    pay_time_factor: float  # sandbox: retry schedules and refund delays are multiplied by this
    cancel_free_hours: int  # cancelling or rescheduling is free until this long before start
    cancel_fee_bp: int  # fee inside that window, basis points of the price (2000 = 20%)
    geocoder: str  # "offline" (demo city, no network) or "nominatim"
    offer_timeout_minutes: int  # an unanswered dispatch offer goes to the next candidate
    dispatch_radius_km: float  # how far "any nearby technician" looks
    platform_commission_bp: int  # commission on jobs of technicians without a shop
    feedback_photos_max: int  # photos a customer may attach to one review or complaint
    map_tile_url: str  # the shop map's tiles ({z}/{x}/{y}); "" draws the shipped city outline
    live_position_stale_minutes: int  # a technician's position older than this shows as stale
    # SMS and verification codes (services/auth/codes.py, integrations/sms)
    sms_provider: str  # "sandbox" (records messages in the database) or "aliyun"
    sms_sign_name: str  # the signature the provider puts before every message
    code_ttl_minutes: int  # a verification code is valid this long
    code_max_attempts: int  # wrong entries that kill a code
    sms_resend_seconds: int  # at most one code per phone in this window
    sms_daily_per_phone: int  # codes per phone in any 24 hours
    sms_hourly_per_address: int  # codes asked from one client address in any hour
    # Privacy (services/orders/privacy.py, integrations/privacy_numbers)
    contact_window_hours: int  # contact stays open this long after completion
    relay_provider: str  # "sandbox" (the local AXB provider) or "aliyun"
    # Abuse limits on money (services/booking/hold_limits.py, services/payments)
    unpaid_holds_max: int  # unpaid orders holding a slot that one customer may have at once
    unpaid_holds_hourly: int  # orders one customer may book and not pay in any hour
    holds_hourly_per_address: int  # new holds booked from one client address per hour
    pay_attempts_max: int  # payments that may be started for one order
    wechat_cert_refetch_minutes: int  # at most one platform-certificate refetch this often
    rejected_notices_logged: int  # rejected notifications logged per source per minute
    # Abnormal orders (services/alerts) and mediation (services/mediation)
    alerts: AlertThresholds
    # Home visits: when progress steps may happen, arrival checks, SOS, shared visits
    visits: VisitRules
    # Live pages (components/live.py): a look without a notice, for changes made outside the app
    live_safety_seconds: int = 30


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


@dataclass(frozen=True)
class AlertThresholds:
    """When an order is abnormal (services/alerts rules) and how long mediation may take."""

    scan_minutes: int = 1  # the rules run once per bucket of this many minutes
    accept_minutes: int = 15  # paid, and nobody accepted it for this long
    depart_minutes: int = 30  # not departed this long before the start
    arrive_late_minutes: int = 15  # not arrived this long after the start
    overrun_factor: int = 2  # in service for more than this many times the service length
    tech_rejections: int = 3  # a technician turning down this many orders ...
    tech_rejection_hours: int = 24  # ... within this many hours
    payment_notify_minutes: int = 30  # paid (found by a query) without a notification this long
    payment_lookback_hours: int = 24  # payments and notifications looked at, back from now
    spike_count: int = 5  # complaints + refunds of one shop in 24 h, at least ...
    spike_factor: int = 3  # ... and at least this many times its usual daily rate
    spike_baseline_days: int = 28  # the usual rate: the days before the last 24 h
    complaint_answer_hours: int = 48  # the platform proposes or answers within this

    @classmethod
    def from_env(cls) -> AlertThresholds:
        """Each threshold from SALON_ALERT_<NAME> (e.g. SALON_ALERT_ACCEPT_MINUTES)."""
        return cls(
            **{
                name: _int(f"SALON_ALERT_{name.upper()}", default)
                for name, default in cls().__dict__.items()
            }
        )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    instance = Path(os.environ.get("SALON_INSTANCE_DIR", PROJECT_DIR / "instance")).resolve()
    default_db = f"sqlite:///{instance / 'salon.db'}"
    sandbox_port = _int("SALON_PAY_SANDBOX_PORT", 3001)
    sandbox = f"http://127.0.0.1:{sandbox_port}"
    return Settings(
        instance_dir=instance,
        database_url=os.environ.get("DATABASE_URL", default_db),
        sqlite_cache_mb=_int("SALON_SQLITE_CACHE_MB", 256),
        locale=os.environ.get("SALON_LOCALE", "zh_CN"),
        timezone=os.environ.get("SALON_TIMEZONE", "Asia/Shanghai"),
        session_ttl_hours=_int("SALON_SESSION_TTL_HOURS", 24 * 14),
        login_max_failures=_int("SALON_LOGIN_MAX_FAILURES", 5),
        login_lock_minutes=_int("SALON_LOGIN_LOCK_MINUTES", 15),
        login_address_failures=_int("SALON_LOGIN_ADDRESS_FAILURES", 30),
        login_global_failures=_int("SALON_LOGIN_GLOBAL_FAILURES", 1000),
        # OWASP's first argon2id set (46 MiB, t=1, one lane): ~43 ms of one core, so 10 logins/s
        # fit in one core (t=3 and 64 MiB took 147 ms: decisions.md, issue 14)
        argon2_time_cost=_int("SALON_ARGON2_TIME_COST", 1),
        argon2_memory_kib=_int("SALON_ARGON2_MEMORY_KIB", 47104),
        hold_minutes=_int("SALON_HOLD_MINUTES", 10),
        lead_minutes=_int("SALON_LEAD_MINUTES", 60),
        horizon_days=_int("SALON_HORIZON_DAYS", 30),
        slot_step_minutes=_int("SALON_SLOT_STEP_MINUTES", 30),
        travel_speed_kmh=float(os.environ.get("SALON_TRAVEL_SPEED_KMH", 20)),
        travel_min_buffer_min=_int("SALON_TRAVEL_MIN_BUFFER_MIN", 15),
        shop_buffer_min=_int("SALON_SHOP_BUFFER_MIN", 10),
        public_url=os.environ.get("SALON_PUBLIC_URL", "http://127.0.0.1:3000").rstrip("/"),
        pay_sandbox_port=sandbox_port,
        wechat_gateway_url=os.environ.get("SALON_WECHAT_GATEWAY_URL", sandbox),
        wechat_mchid=os.environ.get("SALON_WECHAT_MCHID", "1900000109"),
        wechat_appid=os.environ.get("SALON_WECHAT_APPID", "wxd678efh567hg6787"),
        alipay_gateway_url=os.environ.get("SALON_ALIPAY_GATEWAY_URL", f"{sandbox}/gateway.do"),
        alipay_appid=os.environ.get("SALON_ALIPAY_APPID", "2021000000000001"),
        card_gateway_url=os.environ.get("SALON_CARD_GATEWAY_URL", f"{sandbox}/card"),
        card_merchant_id=os.environ.get("SALON_CARD_MERCHANT_ID", "M100001"),
        pay_notify_tolerance_s=_int("SALON_PAY_NOTIFY_TOLERANCE_S", 300),
        pay_time_factor=float(os.environ.get("SALON_PAY_TIME_FACTOR", 1)),
        cancel_free_hours=_int("SALON_CANCEL_FREE_HOURS", 2),
        cancel_fee_bp=_int("SALON_CANCEL_FEE_BP", 2000),
        geocoder=os.environ.get("SALON_GEOCODER", "offline"),
        offer_timeout_minutes=_int("SALON_OFFER_TIMEOUT_MINUTES", 5),
        dispatch_radius_km=float(os.environ.get("SALON_DISPATCH_RADIUS_KM", 10)),
        platform_commission_bp=_int("SALON_PLATFORM_COMMISSION_BP", 1000),
        feedback_photos_max=_int("SALON_FEEDBACK_PHOTOS_MAX", 6),
        map_tile_url=os.environ.get("SALON_MAP_TILE_URL", ""),
        live_position_stale_minutes=_int("SALON_LIVE_POSITION_STALE_MINUTES", 20),
        sms_provider=os.environ.get("SALON_SMS_PROVIDER", "sandbox"),
        sms_sign_name=os.environ.get("SALON_SMS_SIGN_NAME", "悦约到家"),
        code_ttl_minutes=_int("SALON_CODE_TTL_MINUTES", 10),
        code_max_attempts=_int("SALON_CODE_MAX_ATTEMPTS", 5),
        sms_resend_seconds=_int("SALON_SMS_RESEND_SECONDS", 60),
        sms_daily_per_phone=_int("SALON_SMS_DAILY_PER_PHONE", 10),
        sms_hourly_per_address=_int("SALON_SMS_HOURLY_PER_ADDRESS", 20),
        contact_window_hours=_int("SALON_CONTACT_WINDOW_HOURS", 24),
        relay_provider=os.environ.get("SALON_RELAY_PROVIDER", "sandbox"),
        unpaid_holds_max=_int("SALON_UNPAID_HOLDS_MAX", 2),
        unpaid_holds_hourly=_int("SALON_UNPAID_HOLDS_HOURLY", 6),
        holds_hourly_per_address=_int("SALON_HOLDS_HOURLY_PER_ADDRESS", 20),
        pay_attempts_max=_int("SALON_PAY_ATTEMPTS_MAX", 5),
        wechat_cert_refetch_minutes=_int("SALON_WECHAT_CERT_REFETCH_MINUTES", 5),
        rejected_notices_logged=_int("SALON_REJECTED_NOTICES_LOGGED", 5),
        alerts=AlertThresholds.from_env(),
        visits=VisitRules.from_env(),
        live_safety_seconds=_int("SALON_LIVE_SAFETY_SECONDS", 30),
    )


@dataclass(frozen=True)
class VisitRules:
    """When a visit's progress steps may happen and how a visit is kept safe (services/orders
    visit_clock.py and arrival.py, services/safety)."""

    depart_lead_minutes: int = 120  # 出发 no earlier than this before the start
    finish_share_percent: int = 50  # 完成 no earlier than this share of the length after 开始
    arrive_radius_m: int = 500  # 到达 verified when the technician is this close to the place
    sos_after_minutes: int = 120  # SOS stays on the pages this long after 完成
    sos_repeat_minutes: int = 5  # one SOS alert per order and person within this many minutes
    share_margin_minutes: int = 60  # a shared visit link works this long after the visit ends
    safety_line: str = "400-800-1100"  # the platform's safety line shown with 110

    @classmethod
    def from_env(cls) -> VisitRules:
        """Each from SALON_VISIT_<NAME> (e.g. SALON_VISIT_DEPART_LEAD_MINUTES)."""
        values: dict[str, int | str] = {}
        for name, default in cls().__dict__.items():
            key = f"SALON_VISIT_{name.upper()}"
            values[name] = (
                _int(key, default) if isinstance(default, int) else os.environ.get(key, default)
            )
        return cls(**values)
