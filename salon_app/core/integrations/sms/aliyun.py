"""The production adapter's place: Alibaba Cloud SMS (dysmsapi SendSms).

Not wired to the network in this project: without an account (SALON_SMS_ACCESS_KEY_ID,
SALON_SMS_ACCESS_KEY_SECRET) it refuses to start sending, so a production set-up that forgot
to configure SMS fails loudly instead of silently dropping codes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from salon_app.core.integrations.sms.base import SmsNotConfigured


@dataclass(frozen=True)
class AliyunSms:
    access_key_id: str
    access_key_secret: str

    @classmethod
    def from_environment(cls) -> AliyunSms:
        key_id = os.environ.get("SALON_SMS_ACCESS_KEY_ID", "")
        secret = os.environ.get("SALON_SMS_ACCESS_KEY_SECRET", "")
        if not key_id or not secret:
            raise SmsNotConfigured(
                "SALON_SMS_PROVIDER=aliyun needs SALON_SMS_ACCESS_KEY_ID and "
                "SALON_SMS_ACCESS_KEY_SECRET"
            )
        return cls(key_id, secret)

    def send(self, phone: str, template: str, params: dict[str, str]) -> str:
        raise SmsNotConfigured("the Aliyun SMS adapter is not implemented in this build")
