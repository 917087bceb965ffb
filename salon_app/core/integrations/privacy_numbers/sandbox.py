"""The local AXB provider: answers BindAxb and UnbindSubscription as dyplsapi does (signature
checked, Expiration in Beijing time, isv.NO_AVAILABLE_NUMBER when the pool is used up) and
keeps its bindings in the app's database (`relay_sandbox_binding`, phones encrypted), in its
own transactions, as the provider's side would. `place_call` stands in for the phone network:
a call to X from A rings B, from B rings A, and nobody after the binding expired or was unbound.

The app reaches it through the production client (aliyun.AliyunAxb) over an httpx transport
(`client`), so what the sandbox accepts is what the provider would.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import Engine, or_
from sqlmodel import Session, col, select

from salon_app.core import crypto
from salon_app.core.clock import utcnow
from salon_app.core.integrations.privacy_numbers.aliyun import NO_NUMBER, AliyunAxb
from salon_app.core.integrations.privacy_numbers.signing import verify
from salon_app.core.models import RelaySandboxBinding

SANDBOX_KEY_ID = "LTAI-sandbox"
SANDBOX_KEY_SECRET = "sandbox-secret"
SANDBOX_POOL = "FC-sandbox"
BEIJING = ZoneInfo("Asia/Shanghai")


def default_pool(size: int = 20) -> tuple[str, ...]:
    """The sandbox's relay numbers: 171 0000 0001.. (a virtual-operator range)."""
    return tuple(f"171{n:08d}" for n in range(1, size + 1))


class RelayRefused(Exception):
    """The network's answer to a call through X that no live binding connects."""


class SandboxAxbServer:
    """The provider side. `pool` is the relay numbers (X) this account owns."""

    def __init__(self, engine: Engine, pool: tuple[str, ...] | None = None) -> None:
        self.engine = engine
        self.pool = pool or default_pool()

    # -- the HTTP API -------------------------------------------------------------------------
    def handle(self, request: httpx.Request) -> httpx.Response:
        params = dict(request.url.params)
        if params.get("AccessKeyId") != SANDBOX_KEY_ID:
            return _answer("InvalidAccessKeyId.NotFound", "Specified access key is not found.")
        if not verify(SANDBOX_KEY_SECRET, request.method, params):
            return _answer("SignatureDoesNotMatch", "Specified signature is not matched.")
        if params.get("PoolKey") != SANDBOX_POOL:
            return _answer("isv.POOL_NOT_EXIST", "PoolKey is not found.")
        action = params.get("Action")
        if action == "BindAxb":
            return self._bind(params)
        if action == "UnbindSubscription":
            return self._unbind(params)
        return _answer("InvalidAction.NotFound", f"{action} is not supported.")

    def _bind(self, params: dict[str, str]) -> httpx.Response:
        a, b = params.get("PhoneNoA", ""), params.get("PhoneNoB", "")
        try:
            expires = datetime.strptime(params.get("Expiration", ""), "%Y-%m-%d %H:%M:%S")
        except ValueError:
            return _answer("isv.INVALID_PARAMETERS", "Expiration is invalid.")
        expires = expires.replace(tzinfo=BEIJING).astimezone(UTC)
        now = utcnow()
        if not (_mobile(a) and _mobile(b)) or a == b:
            return _answer("isv.INVALID_PARAMETERS", "PhoneNoA or PhoneNoB is invalid.")
        if expires <= now:
            return _answer("isv.INVALID_PARAMETERS", "Expiration is in the past.")
        with Session(self.engine) as session:
            busy = set(
                session.exec(
                    select(RelaySandboxBinding.relay_number).where(
                        *_live(now),
                        or_(
                            col(RelaySandboxBinding.phone_a_hash).in_(_hashes(a, b)),
                            col(RelaySandboxBinding.phone_b_hash).in_(_hashes(a, b)),
                        ),
                    )
                ).all()
            )
            free = next((x for x in self.pool if x not in busy), None)
            if free is None:
                return _answer(NO_NUMBER, "No number is available in the pool.")
            subs_id = str(uuid.uuid4().int)[:16]
            session.add(
                RelaySandboxBinding(
                    subs_id=subs_id,
                    pool_key=SANDBOX_POOL,
                    relay_number=free,
                    phone_a=a,
                    phone_b=b,
                    phone_a_hash=crypto.lookup_hash(a),
                    phone_b_hash=crypto.lookup_hash(b),
                    expires_at=expires,
                )
            )
            session.commit()
        return _answer("OK", "OK", SecretBindDTO={"SecretNo": free, "SubsId": subs_id})

    def _unbind(self, params: dict[str, str]) -> httpx.Response:
        with Session(self.engine) as session:
            found = session.exec(
                select(RelaySandboxBinding).where(
                    RelaySandboxBinding.subs_id == params.get("SubsId", ""),
                    RelaySandboxBinding.relay_number == params.get("SecretNo", ""),
                )
            ).first()
            if found is None:
                return _answer("isv.NO_NOT_EXIST", "The subscription does not exist.")
            if found.unbound_at is None:
                found.unbound_at = utcnow()
                session.add(found)
                session.commit()
        return _answer("OK", "OK")

    # -- the phone network --------------------------------------------------------------------
    def place_call(self, caller: str, relay_number: str) -> str:
        """Whose phone rings when `caller` (national or E.164) dials X: B for A, A for B;
        RelayRefused when no live binding of X has the caller on it."""
        caller = caller.removeprefix("+86")
        with Session(self.engine) as session:
            found = session.exec(
                select(RelaySandboxBinding)
                .where(RelaySandboxBinding.relay_number == relay_number, *_live(utcnow()))
                .where(
                    or_(
                        RelaySandboxBinding.phone_a_hash == crypto.lookup_hash(caller),
                        RelaySandboxBinding.phone_b_hash == crypto.lookup_hash(caller),
                    )
                )
                .order_by(col(RelaySandboxBinding.id).desc())
            ).first()
        if found is None:
            raise RelayRefused("您拨打的号码已失效")
        return found.phone_b if found.phone_a == caller else found.phone_a

    def live_bindings(self) -> list[RelaySandboxBinding]:
        """What the provider holds now (tests, the developer's console)."""
        with Session(self.engine, expire_on_commit=False) as session:
            return list(
                session.exec(
                    select(RelaySandboxBinding)
                    .where(*_live(utcnow()))
                    .order_by(RelaySandboxBinding.id)
                ).all()
            )

    def client(self) -> AliyunAxb:
        """The production client, talking to this sandbox."""
        return AliyunAxb(
            SANDBOX_KEY_ID,
            SANDBOX_KEY_SECRET,
            SANDBOX_POOL,
            endpoint="http://relay-sandbox.local/",
            transport=httpx.MockTransport(self.handle),
        )


def _live(now: datetime) -> tuple:
    return (
        col(RelaySandboxBinding.unbound_at).is_(None),
        RelaySandboxBinding.expires_at > now,
    )


def _hashes(*phones: str) -> list[str]:
    return [crypto.lookup_hash(p) for p in phones]


def _mobile(number: str) -> bool:
    return len(number) == 11 and number.isdigit() and number.startswith("1")


def _answer(code: str, message: str, **extra: object) -> httpx.Response:
    return httpx.Response(
        200, json={"Code": code, "Message": message, "RequestId": uuid.uuid4().hex, **extra}
    )
