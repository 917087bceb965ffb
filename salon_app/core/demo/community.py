"""The demo community: posts with comments and likes on the platform board and the first
shop's private board, one newcomer's post waiting for approval, one post flagged twice, and a
short word list. New tables only, written last: nothing the rest of the demo city shows moves.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from salon_app.core.demo.residents import DemoTechnician
from salon_app.core.models import BlockedWord, Merchant, Post, PostComment, PostFlag, PostLike

WORDS = ("私下交易", "加v", "刷单", "代开发票")

# (board: "platform" | "shop", author key, category, title, body, hours ago, status)
POSTS = [
    ("platform", "hair2", "hair", "日式剪发的层次怎么打才自然？",
     "最近好几位顾客想要日系层次，但我剪完总觉得发尾太碎。大家一般用滑剪还是点剪？"
     "打薄的位置从耳上开始还是耳下？求有经验的老师指点。", 50, "published"),
    ("platform", "beauty", "beauty", "敏感肌顾客做补水项目，大家用什么产品？",
     "店里来了几位敏感肌的顾客，泛红比较明显。想请教一下大家补水项目前会先做哪些测试，"
     "产品有没有推荐的无香精系列。", 30, "published"),
    ("platform", "nails", "nails", "猫眼甲油胶持久度对比（附心得）",
     "用了三个牌子的猫眼胶各两周：封层厚一点能多撑三到四天；磁铁吸的角度决定光带是否清晰。"
     "欢迎补充。", 20, "published"),
    ("platform", "clean", "housekeeping", "上门保洁时客户临时不在家怎么处理？",
     "约好的时间到了客户电话打不通，在门口等了二十分钟。大家遇到这种情况是继续等还是先走？"
     "平台的规则是怎样的？", 8, "published"),
    ("platform", "newbie", "other", "大家好，我是刚入行的新人",
     "刚加入平台，做美甲一年多，想多向各位前辈学习，请多关照！", 2, "pending"),
    ("shop", "owner", "other", "下周排班调整，请大家确认",
     "下周三店里做消防检查，上午不接预约，排班顺延到下午。有冲突请留言。", 26, "published"),
    ("shop", "demo", "hair", "烫发药水快用完了",
     "冷烫药水还剩两瓶，热烫的软化剂也不多了，周末预约满，麻烦店长尽快补货。", 6, "published"),
]  # fmt: skip
# (post index, commenter key, text, accepted)
COMMENTS = [
    (0, "demo", "发尾用点剪，内层用滑剪去量，耳上开始打薄会更服帖。", True),
    (0, "hair3", "吹风的时候往内扣一下，层次感出来得更自然。", False),
    (1, "beauty2", "先在耳后做过敏测试，产品选无香精、无酒精的。", False),
    (1, "nails", "可以先做冷喷镇静，再上补水面膜。", False),
    (2, "beauty", "封层真的很重要，学到了！", False),
    (3, "clean2", "先拍门口照片留证，再联系客服报备，按平台规则等待后可以取消。", False),
    (5, "demo", "收到，我周三上午调到下午两点。", False),
    (5, "shop2", "好的，没问题。", False),
    (6, "owner", "已下单，周五到货。", False),
]
LIKES = [(0, ("demo", "hair3", "beauty", "nails")), (1, ("nails", "clean")), (2, ("hair2",)),
         (5, ("demo", "shop2")), (3, ("beauty2",))]  # fmt: skip
FLAGGED_TWICE = (2, ("clean", "clean2"))


def _authors(technicians: list[DemoTechnician], shop: Merchant, owner_id: int) -> dict[str, int]:
    def pick(category: str, in_shop: bool | None, skip: int = 0) -> int:
        found = [
            t.user.id
            for t in technicians[1:]
            if t.category == category
            and (in_shop is None or (t.row.merchant_id == shop.id) == in_shop)
        ]
        return found[skip % len(found)]

    return {
        "demo": technicians[0].user.id,
        "owner": owner_id,
        "hair2": pick("hair", False),
        "hair3": pick("hair", None, 1),
        "beauty": pick("beauty", None),
        "beauty2": pick("beauty", None, 1),
        "nails": pick("nails", None),
        "clean": pick("housekeeping", None),
        "clean2": pick("housekeeping", None, 1),
        "newbie": pick("nails", None, 1),
        "shop2": pick("hair", True),  # technicians[0], the demo technician, is never picked
    }


def seed_community(
    session: Session,
    now: datetime,
    technicians: list[DemoTechnician],
    shop: Merchant,
    owner_id: int,
    admin_id: int,
) -> None:
    who = _authors(technicians, shop, owner_id)
    for word in WORDS:
        session.add(
            BlockedWord(word=word, created_by=admin_id, created_at=now - timedelta(days=30))
        )
    posts: list[Post] = []
    for board, author, category, title, body, hours, status in POSTS:
        at = now - timedelta(hours=hours)
        post = Post(
            merchant_id=shop.id if board == "shop" else None,
            author_id=who[author],
            title=title,
            body=body,
            category=category,
            status=status,
            created_at=at,
            published_at=at if status == "published" else None,
        )
        session.add(post)
        posts.append(post)
    session.flush()
    for number, (index, author, text, accepted) in enumerate(COMMENTS):
        at = posts[index].created_at + timedelta(minutes=30 * (number + 1))
        comment = PostComment(post_id=posts[index].id, author_id=who[author], body=text,
                              created_at=at)  # fmt: skip
        session.add(comment)
        session.flush()
        if accepted:
            posts[index].accepted_comment_id = comment.id
    for index, likers in LIKES:
        liked_at = posts[index].created_at + timedelta(hours=1)
        for liker in likers:
            session.add(PostLike(post_id=posts[index].id, user_id=who[liker], created_at=liked_at))
    index, flaggers = FLAGGED_TWICE
    for flagger in flaggers:
        session.add(PostFlag(post_id=posts[index].id, user_id=who[flagger], reason="疑似广告",
                             created_at=posts[index].created_at + timedelta(hours=2)))  # fmt: skip
    posts[index].flag_count = len(flaggers)
    session.flush()
