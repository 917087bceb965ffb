"""How tags and segment rules read on the operator pages (the users page may use tag_label)."""

from __future__ import annotations

from salon_app.core.services.tags import AUTO_TAGS
from salon_app.i18n import t


def tag_label(tag: str, categories: dict[str, str] | None = None) -> str:
    """新客, 偏好·美发, 南山区, or a manual tag as typed; `categories` maps slugs to names."""
    if tag in AUTO_TAGS:
        return t("tag." + tag)
    kind, _, value = tag.partition(":")
    if kind == "category" and value:
        return t("tag.category", name=(categories or {}).get(value, value))
    if kind == "district" and value:
        return value
    return tag


def condition_text(condition: dict, categories: dict[str, str]) -> str:
    """One condition as a sentence: 标签 包含 沉睡."""
    field, op, value = (str(condition.get(k, "")) for k in ("field", "op", "value"))
    if field == "tag":
        shown = tag_label(value, categories)
    elif field == "favourite_category":
        shown = categories.get(value, value)
    else:
        shown = value
    return f"{t(f'segment.field.{field}')} {t(f'segment.op.{op}')} {shown}"


def rule_text(rule: list, categories: dict[str, str]) -> str:
    return "；".join(condition_text(c, categories) for c in rule if isinstance(c, dict))
