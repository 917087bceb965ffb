"""The local SMS provider: accepts messages as the real one does and records them instead of
delivering them, in the app's database (`sms_message`), in its own transaction, as the
provider's side would. The phone is stored encrypted with its look-up hash, like a user's.

Developers read the codes in the app's log (each message is logged with the phone masked, so
`make run` shows them in the console); tests read them with `outbox` / `latest_code`.
"""

from __future__ import annotations

import logging
import re
import uuid

import phonenumbers
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from salon_app.core import crypto
from salon_app.core.clock import utcnow
from salon_app.core.integrations.sms.base import SmsRejected, render
from salon_app.core.models import SmsMessage
from salon_app.core.settings import get_settings

log = logging.getLogger(__name__)
_CODE = re.compile(r"\b(\d{6})\b")


class SandboxSms:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def send(self, phone: str, template: str, params: dict[str, str]) -> str:
        """Record the message; SmsRejected for what the provider would refuse."""
        try:
            valid = phonenumbers.is_valid_number(phonenumbers.parse(phone, None))
        except phonenumbers.NumberParseException:
            valid = False
        if not valid:
            raise SmsRejected("not a valid E.164 number")
        text = render(get_settings().sms_sign_name, template, params)
        message_id = f"sbx-{uuid.uuid4().hex}"
        with Session(self.engine) as session:
            session.add(
                SmsMessage(
                    message_id=message_id,
                    phone=phone,
                    phone_hash=crypto.lookup_hash(phone),
                    template=template,
                    params={k: str(v) for k, v in params.items()},
                    text=text,
                    sent_at=utcnow(),
                )
            )
            session.commit()
        national = phone.removeprefix("+86")
        log.warning("SMS sandbox → %s****%s: %s", national[:3], national[-4:], text)
        return message_id


def outbox(engine: Engine, phone: str | None = None, limit: int = 50) -> list[SmsMessage]:
    """The newest messages first (all phones, or one phone in E.164 form)."""
    with Session(engine, expire_on_commit=False) as session:
        query = select(SmsMessage).order_by(
            col(SmsMessage.sent_at).desc(), col(SmsMessage.id).desc()
        )
        if phone is not None:
            query = query.where(SmsMessage.phone_hash == crypto.lookup_hash(phone))
        return list(session.exec(query.limit(limit)).all())


def latest_code(engine: Engine, phone: str) -> str | None:
    """The code in the newest message to `phone` (E.164), or None when it received none."""
    for message in outbox(engine, phone, limit=1):
        found = _CODE.search(message.params.get("code", ""))
        return found.group(1) if found else None
    return None
