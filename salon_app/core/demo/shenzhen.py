"""Shenzhen: its ten districts and a few well-known street addresses in each, with coordinates.

Coordinates are WGS-84 and accurate to a few hundred metres: enough for demo data, distance
sorting and an offline geocoder that matches a district or street name in an address.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CITY = "深圳市"


@dataclass(frozen=True)
class Street:
    name: str  # street address without city and district, e.g. 深南大道6008号
    lat: float
    lng: float
    landmark: str = ""  # what people call the place, e.g. 车公庙


@dataclass(frozen=True)
class District:
    name: str  # e.g. 福田区
    lat: float
    lng: float
    streets: list[Street] = field(default_factory=list)

    def address(self, street: Street) -> str:
        """The full postal form, e.g. 深圳市福田区深南大道6008号."""
        return f"{CITY}{self.name}{street.name}"


DISTRICTS: list[District] = [
    District(
        "福田区",
        22.5412,
        114.0545,
        [
            Street("深南大道6008号", 22.5405, 114.0290, "车公庙"),
            Street("福华三路268号", 22.5338, 114.0537, "会展中心"),
            Street("福中三路1号", 22.5436, 114.0596, "市民中心"),
            Street("华强北路1002号", 22.5447, 114.0868, "华强北"),
            Street("梅林路48号", 22.5688, 114.0540, "梅林"),
            Street("香蜜湖路1008号", 22.5455, 114.0232, "香蜜湖"),
        ],
    ),
    District(
        "罗湖区",
        22.5484,
        114.1315,
        [
            Street("深南东路5016号", 22.5418, 114.1087, "京基100"),
            Street("宝安南路1881号", 22.5396, 114.1116, "万象城"),
            Street("人民南路3002号", 22.5406, 114.1180, "国贸"),
            Street("东门中路2001号", 22.5480, 114.1222, "东门"),
            Street("翠竹路2095号", 22.5590, 114.1270, "翠竹"),
            Street("罗沙路3088号", 22.5575, 114.1560, "莲塘"),
        ],
    ),
    District(
        "南山区",
        22.5333,
        113.9304,
        [
            Street("科苑路15号", 22.5402, 113.9478, "科技园"),
            Street("文心五路33号", 22.5172, 113.9372, "海岸城"),
            Street("后海大道2388号", 22.5152, 113.9420, "后海"),
            Street("太子路1号", 22.4851, 113.9140, "海上世界"),
            Street("南山大道2002号", 22.5380, 113.9202, "南头"),
            Street("留仙大道1183号", 22.5850, 113.9580, "西丽"),
            Street("深南大道9009号", 22.5392, 113.9730, "华侨城"),
        ],
    ),
    District(
        "宝安区",
        22.5555,
        113.8830,
        [
            Street("创业一路1号", 22.5570, 113.8880, "宝安中心"),
            Street("宝安大道4004号", 22.5801, 113.8720, "西乡"),
            Street("福永大道88号", 22.6721, 113.8152, "福永"),
            Street("沙井路168号", 22.7320, 113.8201, "沙井"),
            Street("松岗大道30号", 22.7700, 113.8400, "松岗"),
            Street("石岩街道宝石南路66号", 22.6800, 113.9300, "石岩"),
        ],
    ),
    District(
        "龙岗区",
        22.7196,
        114.2468,
        [
            Street("龙城大道99号", 22.7200, 114.2470, "龙城广场"),
            Street("布吉路1021号", 22.6030, 114.1201, "布吉"),
            Street("坂雪岗大道2018号", 22.6302, 114.0650, "坂田"),
            Street("龙岗大道6168号", 22.6450, 114.2050, "横岗"),
            Street("龙翔大道3001号", 22.6960, 114.2122, "大运中心"),
            Street("平湖大街128号", 22.6800, 114.1230, "平湖"),
        ],
    ),
    District(
        "龙华区",
        22.6968,
        114.0449,
        [
            Street("民治大道300号", 22.6282, 114.0400, "民治"),
            Street("人民路4110号", 22.6552, 114.0251, "龙华中心"),
            Street("致远中路28号", 22.6092, 114.0291, "深圳北站"),
            Street("观澜大道112号", 22.7201, 114.0550, "观澜"),
            Street("华旺路365号", 22.6700, 114.0000, "大浪"),
        ],
    ),
    District(
        "盐田区",
        22.5578,
        114.2364,
        [
            Street("沙盐路3018号", 22.5560, 114.2250, "沙头角"),
            Street("盐梅路9号", 22.5950, 114.3060, "大梅沙"),
            Street("深盐路2088号", 22.5780, 114.2650, "盐田港"),
            Street("小梅沙大道1号", 22.6030, 114.3250, "小梅沙"),
        ],
    ),
    District(
        "光明区",
        22.7487,
        113.9359,
        [
            Street("光明大街288号", 22.7500, 113.9350, "光明中心"),
            Street("公明大道168号", 22.7800, 113.8950, "公明"),
            Street("观光路3009号", 22.7650, 113.9352, "光明科学城"),
            Street("凤凰大道66号", 22.7400, 113.9500, "凤凰城"),
        ],
    ),
    District(
        "坪山区",
        22.6900,
        114.3460,
        [
            Street("坪山大道2007号", 22.6950, 114.3480, "坪山中心"),
            Street("坑梓大道88号", 22.7450, 114.3850, "坑梓"),
            Street("站前路1号", 22.6962, 114.3281, "坪山站"),
            Street("东纵路256号", 22.7010, 114.3620, "东纵纪念馆"),
        ],
    ),
    District(
        "大鹏新区",
        22.5980,
        114.4790,
        [
            Street("葵涌街道葵新北路36号", 22.6300, 114.4200, "葵涌"),
            Street("鹏城村鹏飞路1号", 22.5900, 114.5050, "大鹏所城"),
            Street("南澳大道2号", 22.5300, 114.4800, "南澳"),
            Street("较场尾东山路8号", 22.5850, 114.5000, "较场尾"),
        ],
    ),
]


def district_named(name: str) -> District:
    """The district whose name is `name`, with or without the 区 suffix (福田 or 福田区)."""
    for district in DISTRICTS:
        if name in (district.name, district.name.removesuffix("区"), district.name[:2]):
            return district
    raise KeyError(name)
