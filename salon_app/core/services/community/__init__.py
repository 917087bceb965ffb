"""The technicians' community: boards (platform-wide, and a private board per shop), posts
with images and tags, comments, likes, accepted answers, moderation and the word filter.

  boards.py      who belongs to which board and moderates it; who may see a post
  posts.py       writing posts (limits, the first-post rule) and the board's list
  thread.py      one post with its comments; replies (notified) and the accepted answer
  reactions.py   likes and flags (three flags hide a post, atomically)
  moderation.py  approve, hide, restore, delete (audited) and the moderation queues
  words.py       the word filter and its list
  figures.py     the moderation page's figures
"""

from salon_app.core.services.community.boards import BOARDS, PLATFORM, Member, member_of, my_boards
from salon_app.core.services.community.figures import CommunityFigures, community_figures
from salon_app.core.services.community.moderation import (
    DECISIONS,
    QUEUES,
    SORTS,
    QueueRow,
    decide,
    delete_comment,
    moderation_queue,
)
from salon_app.core.services.community.posts import (
    BODY_MAX,
    CATEGORIES,
    IMAGES_MAX,
    TITLE_MAX,
    PostRow,
    Written,
    create_post,
    list_posts,
)
from salon_app.core.services.community.reactions import FLAGS_TO_HIDE, flag, like, unlike
from salon_app.core.services.community.thread import (
    COMMENT_MAX,
    CommentView,
    PostDetail,
    accept_answer,
    add_comment,
    post_detail,
)
from salon_app.core.services.community.words import (
    WordView,
    add_blocked_word,
    blocked_words,
    remove_blocked_word,
)

__all__ = [
    "BOARDS",
    "BODY_MAX",
    "CATEGORIES",
    "COMMENT_MAX",
    "DECISIONS",
    "FLAGS_TO_HIDE",
    "IMAGES_MAX",
    "PLATFORM",
    "QUEUES",
    "SORTS",
    "TITLE_MAX",
    "CommentView",
    "CommunityFigures",
    "Member",
    "PostDetail",
    "PostRow",
    "QueueRow",
    "WordView",
    "Written",
    "accept_answer",
    "add_blocked_word",
    "add_comment",
    "blocked_words",
    "community_figures",
    "create_post",
    "decide",
    "delete_comment",
    "flag",
    "like",
    "list_posts",
    "member_of",
    "moderation_queue",
    "my_boards",
    "post_detail",
    "remove_blocked_word",
    "unlike",
]
