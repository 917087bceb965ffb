"""The word filter: a list of words platform moderators keep, refused in posts and comments
before anything is saved (community.blocked_word, nothing stored).

Matching: both the list's words and the text are normalised the same way: NFKC (full-width
letters and digits become plain ones), Traditional characters converted to Simplified (OpenCC),
case folded, and every character that is not a letter or a digit dropped. A listed word is
found anywhere inside the normalised text, so "B A D", "b.a-d", "ＢＡＤ" and 坏·词 all match
"bad" and 坏词. The price: a word also matches across two neighbouring words ("ab" + "ad"
holds "bad"), which is why the list should hold distinctive words, not short syllables.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import opencc
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import BlockedWord
from salon_app.core.services import admin_roles, audit
from salon_app.core.services.access import Actor

WORD_MAX = 20


@lru_cache(maxsize=1)
def _to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def normalise(text: str) -> str:
    """The form words are stored in and texts are searched in (see the module's docstring)."""
    folded = _to_simplified().convert(unicodedata.normalize("NFKC", text)).casefold()
    return "".join(c for c in folded if unicodedata.category(c)[0] in "LN")


def check_text(session: Session, *texts: str) -> None:
    """Refuse (community.blocked_word) when any of `texts` holds a listed word."""
    words = session.exec(select(BlockedWord.word).order_by(BlockedWord.word)).all()
    if not words:
        return
    searched = [normalise(t) for t in texts]
    for word in words:
        if any(word in text for text in searched):
            raise DomainError("community.blocked_word")


@dataclass(frozen=True)
class WordView:
    id: int
    word: str
    created_at: datetime


def blocked_words(session: Session, actor: Actor | None) -> list[WordView]:
    """The filter's list, alphabetically (platform moderators only)."""
    admin_roles.require_admin(session, actor, admin_roles.Permission.moderate_community)
    rows = session.exec(select(BlockedWord).order_by(BlockedWord.word, BlockedWord.id)).all()
    return [WordView(w.id, w.word, w.created_at) for w in rows]


def add_blocked_word(session: Session, actor: Actor | None, word: str) -> WordView:
    """A platform moderator adds a word (1 to 20 letters or digits once normalised; a word
    already listed is refused); audited."""
    actor = admin_roles.require_admin(session, actor, admin_roles.Permission.moderate_community)
    stored = normalise(word if isinstance(word, str) else "")
    if not stored:
        raise DomainError("community.word_empty")
    if len(stored) > WORD_MAX:
        raise DomainError("validation.too_long", field="field.blocked_word", max=WORD_MAX)
    if session.exec(select(BlockedWord.id).where(BlockedWord.word == stored)).first():
        raise DomainError("community.word_exists")
    row = BlockedWord(word=stored, created_by=actor.user_id, created_at=utcnow())
    session.add(row)
    try:
        session.flush()
        audit.record(session, actor, "community.word_added", "blocked_word", row.id, word=stored)
        session.commit()
    except IntegrityError as exc:  # the same word added twice at once
        session.rollback()
        raise DomainError("community.word_exists") from exc
    return WordView(row.id, row.word, row.created_at)


def remove_blocked_word(session: Session, actor: Actor | None, word_id: int) -> None:
    """A platform moderator takes a word off the list; audited."""
    actor = admin_roles.require_admin(session, actor, admin_roles.Permission.moderate_community)
    row = session.get(BlockedWord, word_id) if isinstance(word_id, int) else None
    if row is None:
        raise DomainError("community.not_found")
    audit.record(session, actor, "community.word_removed", "blocked_word", row.id, word=row.word)
    session.delete(row)
    session.commit()
