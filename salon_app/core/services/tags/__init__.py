"""Users' behaviour tags (recomputed nightly and on demand), manual tags, and segments:
saved rules over tags and figures, with their size before use.

Owns: the behaviour rules and RFM bands (behaviour.py), the set-based recompute of every
customer's figures and automatic tags (recompute.py), operators' manual tags and the tag
look-ups other pages use (manual.py), the rule language of segments (rules.py), segments and
their members (segments.py), the counts per tag (overview.py).

For others: `segment_members(session, segment_id)` (campaigns), `users_with_tag(tag)` (a
select of user ids, for the user search) and `tags_of(session, user_ids)`.
"""

from salon_app.core.services.tags.behaviour import (
    AUTO_TAGS,
    PAID_STATUSES,
    Behaviour,
    auto_tags,
    lifecycle,
)
from salon_app.core.services.tags.manual import (
    TaggedCustomer,
    add_manual_tag,
    find_customer,
    remove_manual_tag,
    tags_of,
    users_with_tag,
)
from salon_app.core.services.tags.overview import TagOverview, tag_overview
from salon_app.core.services.tags.recompute import (
    RecomputeSummary,
    recompute_tags,
    recompute_tags_now,
)
from salon_app.core.services.tags.rules import FIELDS, MAX_CONDITIONS
from salon_app.core.services.tags.segments import (
    MEMBER_SORTS,
    SEGMENT_SORTS,
    MemberRow,
    SegmentPreview,
    SegmentRow,
    delete_segment,
    members_table,
    preview_segment,
    save_segment,
    segment_members,
    segment_size,
    segments_table,
)

__all__ = [
    "AUTO_TAGS",
    "FIELDS",
    "MAX_CONDITIONS",
    "MEMBER_SORTS",
    "PAID_STATUSES",
    "SEGMENT_SORTS",
    "Behaviour",
    "MemberRow",
    "RecomputeSummary",
    "SegmentPreview",
    "SegmentRow",
    "TagOverview",
    "TaggedCustomer",
    "add_manual_tag",
    "auto_tags",
    "delete_segment",
    "find_customer",
    "lifecycle",
    "members_table",
    "preview_segment",
    "recompute_tags",
    "recompute_tags_now",
    "remove_manual_tag",
    "save_segment",
    "segment_members",
    "segment_size",
    "segments_table",
    "tag_overview",
    "tags_of",
    "users_with_tag",
]
