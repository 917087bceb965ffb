"""The people of the demo city: shops, names, certificates, and what customers write."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ShopData:
    name: str
    description: str
    district: str
    street: str  # a Street.name in that district (see shenzhen.py)
    contact_phone: str
    opening_hours: str
    commission_bp: int
    owner: tuple[str, str]  # (display name, mobile)
    trades: tuple[tuple[str, int], ...]  # (category slug, number of technicians)
    announcement: tuple[str, str]


SHOPS: list[ShopData] = [
    ShopData(
        "悦丝造型·福田旗舰店",
        "十年老店，主打日韩发型设计与头皮护理，另设美容护理室。会展中心地铁站步行5分钟。",
        "福田区",
        "福华三路268号",
        "0755-83661688",
        "每天 10:00–21:00",
        2000,
        ("王志强", "13800138021"),
        (("hair", 9), ("beauty", 3)),
        ("会员日九折", "每周三会员日，剪发、染发、烫发全场九折，欢迎提前预约。"),
    ),
    ShopData(
        "指尖花园美甲美睫·海岸城店",
        "专注光疗甲、手绘甲与皮肤管理，使用一次性工具，一客一消毒。",
        "南山区",
        "文心五路33号",
        "0755-86552299",
        "每天 10:00–22:00",
        1800,
        ("赵敏", "13723450002"),
        (("nails", 7), ("beauty", 4)),
        ("春季新款上线", "春季樱花系列甲面设计已上线，到店可免费试色。"),
    ),
    ShopData(
        "安居到家家政服务中心",
        "持证家政团队，提供日常保洁、深度清洁、家电清洗与开荒保洁，服务覆盖全深圳。",
        "龙华区",
        "民治大道300号",
        "0755-23456789",
        "每天 08:00–20:00",
        1500,
        ("孙建国", "13723450003"),
        (("housekeeping", 9),),
        ("家电清洗季", "空调、油烟机清洗季开启，两台起预约立减30元。"),
    ),
]

# Extra shop staff (not owners): (shop index, display name, mobile).
# (shop index, name, mobile, role in the shop)
SHOP_STAFF: list[tuple[int, str, str, str]] = [(0, "李店长", "13723450004", "manager")]
# Added after the order history (demo/shops.py), so the random draws above stay as they were.
FRONT_DESK: tuple[int, str, str] = (0, "陈前台", "13723450005")

# Technicians without a shop: (category slug, number).
INDEPENDENT_TRADES: tuple[tuple[str, int], ...] = (
    ("hair", 1),
    ("beauty", 1),
    ("nails", 1),
    ("housekeeping", 2),
)

ADMIN_NAME = "平台管理员"
OPERATIONS_NAME = "运营小赵"
SUPPORT_NAME = "客服小孙"
FINANCE_NAME = "财务小钱"
CUSTOMER_NAMES = ["林小美", "张雨桐", "李婷", "王浩然", "刘思琪", "陈佳怡", "杨子轩", "黄欣然"]
TECHNICIAN_NAME = "周晓峰"  # the demo technician: a male hairdresser

SURNAMES = "陈李张王刘杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许邓冯韩曹"
GIVEN_FEMALE = ["雅琪", "思雨", "欣怡", "梦瑶", "婉婷", "晓燕", "丽娟", "美玲", "静怡", "紫涵",
                "佳琪", "雪梅", "秀英", "春花", "诗涵", "慧敏", "颖", "琳", "倩", "芳"]  # fmt: skip
GIVEN_MALE = ["俊杰", "浩宇", "子豪", "志明", "建华", "伟", "磊", "家豪", "文博", "晨阳",
              "宇航", "国强", "海涛", "嘉俊", "明辉", "鹏", "斌", "峰", "涛", "凯"]  # fmt: skip

# Share of women per trade: the demo has both, in proportions one sees in Shenzhen shops.
FEMALE_SHARE = {"hair": 0.45, "beauty": 0.85, "nails": 0.85, "housekeeping": 0.7}

CERTIFICATES: dict[str, list[tuple[str, str]]] = {
    "hair": [
        ("美发师职业技能等级证书（高级）", "深圳市人力资源和社会保障局"),
        ("发型设计师认证", "中国美发美容协会"),
        ("色彩调配专项认证", "中国美发美容协会"),
    ],
    "beauty": [
        ("美容师职业技能等级证书", "深圳市人力资源和社会保障局"),
        ("皮肤管理师认证", "中国美发美容协会"),
        ("化妆师职业技能证书", "广东省美容美发化妆品行业协会"),
    ],
    "nails": [
        ("美甲师职业技能证书", "深圳市美容美发行业协会"),
        ("光疗甲高级技师认证", "中国美发美容协会"),
    ],
    "housekeeping": [
        ("家政服务员职业技能等级证书", "深圳市人力资源和社会保障局"),
        ("健康证", "深圳市疾病预防控制中心"),
        ("家电清洗技术员证书", "中国家用电器服务维修协会"),
    ],
}

# Each certificate's type (certificates.types); 健康证 is what 家政 requires.
CERTIFICATE_TYPES: dict[str, str] = {
    "美发师职业技能等级证书（高级）": "hairdresser",
    "发型设计师认证": "hairdresser",
    "色彩调配专项认证": "hairdresser",
    "美容师职业技能等级证书": "beautician",
    "皮肤管理师认证": "beautician",
    "化妆师职业技能证书": "beautician",
    "美甲师职业技能证书": "manicurist",
    "光疗甲高级技师认证": "manicurist",
    "家政服务员职业技能等级证书": "housekeeper",
    "健康证": "health",
    "家电清洗技术员证书": "other",
}

CASE_TITLES: dict[str, list[str]] = {
    "haircut": ["日系层次短发改造", "男士渐变油头", "长发剪短发，清爽过夏"],
    "hair-colour": ["奶茶色染发前后对比", "遮白发自然黑茶色"],
    "perm": ["韩式空气感烫发", "羊毛卷蓬松造型"],
    "hair-care": ["漂染受损发质修护"],
    "facial": ["换季干燥肌补水护理"],
    "skin-management": ["痘痘肌三次疗程对比"],
    "makeup": ["新娘晨妆与跟妆", "年会妆容造型"],
    "nail-trim": ["男士手部护理"],
    "nail-art": ["樱花手绘甲面", "法式猫眼甲"],
    "nail-polish": ["裸粉纯色甲油"],
    "daily-cleaning": ["三居室日常保洁前后"],
    "deep-cleaning": ["厨房重油污深度清洁", "卫生间除垢防霉"],
    "appliance-cleaning": ["挂机空调拆洗除菌", "油烟机深度拆洗"],
    "move-in-cleaning": ["新房开荒保洁，拎包入住"],
}

BIO_ENDINGS: dict[str, list[str]] = {
    "hair": ["注重与顾客沟通，剪出适合日常打理的发型。", "喜欢为顾客设计低维护、好打理的造型。"],
    "beauty": ["手法轻柔细致，熟悉敏感肌护理。", "相信好皮肤是养出来的，坚持定制方案。"],
    "nails": ["擅长照图定制，细节控。", "坚持一客一消毒，款式紧跟潮流。"],
    "housekeeping": ["做事细心踏实，自带清洁工具。", "守时守信，多次获得顾客好评。"],
}

REVIEW_TEXTS: dict[str, list[str]] = {
    "hair": ["剪得很满意，完全是我想要的效果！", "老师很耐心，会根据脸型给建议。",
             "颜色很正，朋友都说好看。", "环境干净，技术在线，会再来。"],
    "beauty": ["做完皮肤水水的，手法很舒服。", "妆容很自然，拍照超好看。",
               "服务细致，会讲解居家护理。", "整体不错，就是稍微等了一会儿。"],
    "nails": ["款式很精致，做得很仔细。", "一周了完全没掉，推荐！",
              "美甲师审美在线，配色很好看。", "性价比高，环境也干净。"],
    "housekeeping": ["阿姨很准时，打扫得非常干净。", "厨房油污全清掉了，像新的一样。",
                     "工具带得很齐全，角落都擦到了。", "服务态度好，下次还约。"],
}  # fmt: skip

MERCHANT_REPLIES = ["感谢您的认可，期待再次为您服务！", "谢谢亲的好评，我们会继续努力～"]

HOME_UNITS = ["3栋1202", "A座2306", "5栋801", "2单元1501", "B座1908", "7栋602", "1栋2501"]
