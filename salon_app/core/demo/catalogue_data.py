"""What the demo city offers: four categories, fourteen services and the skills of each trade."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CategoryData:
    slug: str
    name: str
    icon: str
    skills: tuple[str, ...]  # what technicians of this trade list on their profile
    required_certificate: str = ""  # a certificate type every technician of it must hold


@dataclass(frozen=True)
class ServiceData:
    category: str  # CategoryData.slug
    slug: str
    name: str
    summary: str
    steps: tuple[str, ...]  # 服务流程, one step each
    products: str
    effect: str
    price_min_fen: int
    price_max_fen: int
    duration_min: int
    at_home: bool
    in_shop: bool
    published_days_ago: int  # relative to the day the demo is loaded, so 新上线 stays fresh

    @property
    def process(self) -> str:
        return "\n".join(f"{i}. {step}" for i, step in enumerate(self.steps, start=1))


CATEGORIES: list[CategoryData] = [
    CategoryData(
        "hair",
        "美发",
        "scissors",
        ("日式剪发", "韩式烫发", "欧美染发", "男士油头", "短发造型", "头皮护理", "挑染漂色"),
    ),
    CategoryData(
        "beauty",
        "美容",
        "sparkles",
        ("补水护理", "皮肤管理", "新娘妆", "日常妆容", "肩颈舒缓", "祛痘护理", "抗衰紧致"),
    ),
    CategoryData(
        "nails",
        "美甲",
        "hand",
        ("光疗甲", "法式美甲", "手绘美甲", "延长甲", "手部护理", "足部护理", "猫眼甲"),
    ),
    CategoryData(
        "housekeeping",
        "家政",
        "house",
        ("收纳整理", "深度清洁", "家电清洗", "开荒保洁", "母婴家庭保洁", "除螨杀菌", "玻璃清洁"),
        "health",  # 健康证: people are let into customers' homes
    ),
]

SERVICES: list[ServiceData] = [
    ServiceData(
        "hair", "haircut", "剪发", "根据脸型与发质设计发型，含洗发、修剪与吹造型。",
        ("沟通需求与脸型分析", "洗发与头皮按摩", "分区修剪与打薄", "吹风造型", "讲解日常打理方法"),
        "专业剪刀、打薄剪、吹风机、氨基酸洗发水",
        "轮廓清爽、层次自然，日常打理更省时。",
        6800, 29800, 60, True, True, 160,
    ),
    ServiceData(
        "hair", "hair-colour", "染发", "流行色与遮白染，先做皮肤测试，低氨配方更温和。",
        ("发质检测与色号确认", "耳后皮肤过敏测试", "隔离护理头皮", "分区上色与停留",
         "冲洗并锁色护理", "吹干造型"),
        "低氨染膏、锁色护发素、护头皮隔离液",
        "颜色均匀饱满，光泽度好，可维持6至8周。",
        19800, 88800, 150, False, True, 150,
    ),
    ServiceData(
        "hair", "perm", "烫发", "数码烫、冷烫与纹理烫，按发质选择药水与卷度。",
        ("发质检测与卷度设计", "修剪基础轮廓", "软化与上卷", "定型", "护理与吹整造型"),
        "数码烫机、软化剂、定型剂、修护精华",
        "卷度自然蓬松，发型持久，减少日常造型时间。",
        26800, 128800, 180, False, True, 140,
    ),
    ServiceData(
        "hair", "hair-care", "护发", "针对干枯毛躁与受损发质的深层修护。",
        ("发质与头皮检测", "清洁洗发", "分区涂抹修护膏", "蒸汽渗透", "冲洗吹干"),
        "角蛋白修护膏、蒸汽护发机、头皮精华",
        "头发柔顺有光泽，减少分叉与毛躁。",
        12800, 49800, 60, False, True, 90,
    ),
    ServiceData(
        "beauty", "facial", "面部护理", "清洁、补水与舒缓按摩，适合日常保养。",
        ("肤质检测", "卸妆与深层清洁", "去角质", "补水导入与按摩", "敷面膜", "涂抹护肤品与防晒"),
        "洁面乳、补水精华、导入仪、面膜",
        "肌肤清透水润，暗沉与干燥明显改善。",
        19800, 59800, 90, True, True, 130,
    ),
    ServiceData(
        "beauty", "skin-management", "皮肤管理", "针对痘痘、敏感与色沉的定制疗程。",
        ("皮肤仪器检测", "制定护理方案", "清洁与疏通", "仪器护理", "修护面膜", "居家护理建议"),
        "皮肤检测仪、小气泡清洁仪、修护精华、冷喷仪",
        "肤质稳定，毛孔细致，按疗程坚持效果更明显。",
        29800, 99800, 90, False, True, 16,
    ),
    ServiceData(
        "beauty", "makeup", "美妆造型", "日常妆、约会妆、新娘妆与活动造型。",
        ("沟通风格与场合", "妆前护理", "底妆与五官修饰", "发型造型", "定妆与细节调整"),
        "专业彩妆品牌、化妆刷具、卷发棒",
        "妆容服帖持久，上镜自然。",
        19800, 128800, 90, True, True, 100,
    ),
    ServiceData(
        "nails", "nail-trim", "指甲修剪", "修剪、修形与死皮处理，干净整洁。",
        ("手部消毒", "修剪与打磨甲形", "软化并处理死皮", "涂抹营养油"),
        "一次性锉条、死皮剪、营养油、消毒液",
        "甲形整齐圆润，指缘干净。",
        3800, 9800, 30, True, True, 170,
    ),
    ServiceData(
        "nails", "nail-art", "甲面设计", "手绘、贴饰与猫眼等个性款式，可照图定制。",
        ("沟通款式与配色", "修形与甲面处理", "打底胶", "上色与手绘设计", "封层与光疗固化"),
        "光疗灯、甲油胶、手绘笔、饰品",
        "款式精致，持久约3至4周不脱落。",
        12800, 39800, 120, False, True, 9,
    ),
    ServiceData(
        "nails", "nail-polish", "甲油涂抹", "纯色或渐变甲油，快速焕新。",
        ("手部消毒", "修形与甲面清洁", "涂底油", "两遍上色", "封层"),
        "环保甲油、底油、亮油",
        "颜色饱满有光泽，适合日常与约会。",
        6800, 19800, 60, True, True, 120,
    ),
    ServiceData(
        "housekeeping", "daily-cleaning", "日常保洁",
        "客厅、卧室、厨房与卫生间的日常清洁，3小时起。",
        ("确认清洁范围与重点", "除尘与擦拭家具表面", "厨房台面与灶台清洁", "卫生间清洁消毒",
         "地面吸尘与拖洗", "垃圾清运与验收"),
        "吸尘器、超细纤维抹布、中性清洁剂、消毒液",
        "家中整洁清爽，无明显灰尘与污渍。",
        9900, 29900, 180, True, False, 175,
    ),
    ServiceData(
        "housekeeping", "deep-cleaning", "深度清洁", "油污、水垢与死角的全屋深度清洁。",
        ("上门勘察与报价确认", "厨房重油污处理", "卫生间除垢与防霉", "门窗与玻璃清洁",
         "柜内与死角清洁", "全屋消毒与验收"),
        "蒸汽清洁机、除垢剂、重油污清洁剂、伸缩杆",
        "厨卫焕然一新，死角无积灰，空气更清新。",
        29900, 89900, 240, True, False, 110,
    ),
    ServiceData(
        "housekeeping", "appliance-cleaning", "家电清洗", "空调、油烟机、洗衣机拆洗除菌。",
        ("断电检查与铺设防护", "拆卸可清洗部件", "高温蒸汽与专用清洗剂清洗", "除菌消毒",
         "安装复原并试机"),
        "高温蒸汽机、空调清洗罩、专用清洗剂、除菌液",
        "去除油污与霉菌，运行更安静，能耗降低。",
        12800, 39800, 120, True, False, 60,
    ),
    ServiceData(
        "housekeeping", "move-in-cleaning", "开荒保洁", "新房装修后的首次全面清洁，可入住标准。",
        ("勘察面积与装修残留", "清除水泥胶渍与贴纸", "门窗玻璃与轨道清洁", "厨卫与柜体清洁",
         "地面清洁与保养", "全屋验收"),
        "铲刀、玻璃刮、洗地机、专用除胶剂",
        "清除装修残留，达到拎包入住标准。",
        59900, 199900, 300, True, False, 4,
    ),
]  # fmt: skip


def services_of(category: str) -> list[ServiceData]:
    return [s for s in SERVICES if s.category == category]


def category_of(slug: str) -> CategoryData:
    return next(c for c in CATEGORIES if c.slug == slug)
