"""Mainland mobile numbers, validated with phonenumbers and kept in E.164 form."""

from __future__ import annotations

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType

from salon_app.core.errors import DomainError

_MOBILE = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}


def normalize_mobile(raw: str) -> str:
    """Return +86... for a valid mainland mobile number, or raise auth.phone_invalid."""
    text = (raw or "").strip().replace(" ", "").replace("-", "")
    if not text or len(text) > 20:
        raise DomainError("auth.phone_invalid")
    try:
        number = phonenumbers.parse(text, "CN")
    except NumberParseException as exc:
        raise DomainError("auth.phone_invalid") from exc
    if (
        number.country_code != 86
        or not phonenumbers.is_valid_number(number)
        or phonenumbers.number_type(number) not in _MOBILE
    ):
        raise DomainError("auth.phone_invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def mask(e164: str) -> str:
    """138****8000: what staff screens show of someone else's number."""
    national = e164.removeprefix("+86")
    return f"{national[:3]}****{national[-4:]}" if len(national) == 11 else "****"
