"""Hand-written Shanghai tables for the demo: districts, streets, names, companies.

Every district hub is a known centre (a district government, a big interchange or a business
park) with a radius small enough that a random point stays on land inside the district.
Coordinates are WGS-84, as the phones of technicians report them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Hub:
    district: str  # as written in a Chinese address
    pinyin: str
    lat: float
    lon: float
    radius_m: float
    streets: tuple[str, ...]


HUBS: tuple[Hub, ...] = (
    Hub(
        "黄浦区",
        "Huangpu",
        31.2290,
        121.4750,
        1200,
        ("南京东路", "西藏中路", "福州路", "河南中路", "延安东路", "人民大道", "淮海中路"),
    ),
    Hub(
        "徐汇区",
        "Xuhui",
        31.1920,
        121.4370,
        1800,
        ("漕溪北路", "肇嘉浜路", "天钥桥路", "衡山路", "宜山路", "中山西路", "零陵路"),
    ),
    Hub(
        "长宁区",
        "Changning",
        31.2110,
        121.4060,
        1600,
        ("长宁路", "延安西路", "天山路", "仙霞路", "娄山关路", "定西路", "安顺路"),
    ),
    Hub(
        "静安区",
        "Jing'an",
        31.2260,
        121.4480,
        1100,
        ("南京西路", "愚园路", "常德路", "延平路", "江宁路", "北京西路"),
    ),
    Hub(
        "静安区",
        "Jing'an",
        31.2790,
        121.4560,
        1300,
        ("共和新路", "大宁路", "万荣路", "广中西路", "平型关路"),
    ),
    Hub(
        "普陀区",
        "Putuo",
        31.2460,
        121.4010,
        1600,
        ("中山北路", "曹杨路", "武宁路", "金沙江路", "铜川路", "兰溪路", "枣阳路"),
    ),
    Hub(
        "虹口区",
        "Hongkou",
        31.2700,
        121.4850,
        1300,
        ("四川北路", "东江湾路", "西江湾路", "大连西路", "曲阳路", "赤峰路", "广粤路"),
    ),
    Hub(
        "杨浦区",
        "Yangpu",
        31.2960,
        121.5140,
        1600,
        ("国定路", "邯郸路", "四平路", "黄兴路", "政通路", "国权路", "淞沪路"),
    ),
    Hub(
        "浦东新区",
        "Pudong",
        31.2200,
        121.5440,
        1800,
        ("世纪大道", "张杨路", "东方路", "锦绣路", "杨高中路", "芳甸路", "花木路"),
    ),
    Hub(
        "浦东新区",
        "Pudong",
        31.2040,
        121.5920,
        1800,
        ("张江路", "碧波路", "祖冲之路", "科苑路", "郭守敬路", "晨晖路"),
    ),
    Hub(
        "浦东新区",
        "Pudong",
        31.2640,
        121.5900,
        1300,
        ("金桥路", "博兴路", "新金桥路", "云山路", "金海路"),
    ),
    Hub(
        "闵行区",
        "Minhang",
        31.1120,
        121.3840,
        2200,
        ("沪闵路", "莘松路", "都市路", "春申路", "七莘路", "莘庄工业区申富路"),
    ),
    Hub(
        "闵行区",
        "Minhang",
        31.1570,
        121.3960,
        1500,
        ("古美路", "虹井路", "漕宝路", "平吉路", "顾戴路"),
    ),
    Hub(
        "宝山区",
        "Baoshan",
        31.3320,
        121.4400,
        1800,
        ("共康路", "场中路", "呼兰路", "通河路", "长江西路", "沪太路"),
    ),
)

BUILDINGS = ("大厦", "广场", "中心", "商务楼", "科技园", "花园", "公寓", "新村")

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚"
    "邵万钱严武戴莫孔汤"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛")
GIVEN_ONE = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚华文辉玲婷雪浩宇晨丹凯鑫佳琳颖斌瑞雯倩博宁蕾俊阳"
)
GIVEN_TWO = (
    "秀英",
    "建华",
    "子涵",
    "欣怡",
    "梓萱",
    "思远",
    "晓东",
    "海燕",
    "志强",
    "一鸣",
    "嘉怡",
    "天佑",
    "文静",
    "国庆",
    "丽华",
    "卫东",
    "雨桐",
    "浩然",
    "佳琪",
    "俊杰",
    "美玲",
    "建国",
    "晓梅",
    "振宇",
    "嘉豪",
    "诗涵",
    "明轩",
    "宇航",
    "雅婷",
    "春燕",
)
ENGLISH_NAMES = (
    "James Wilson",
    "Emma Schmidt",
    "Yuki Tanaka",
    "Pierre Martin",
    "Olivia Brown",
    "Lukas Weber",
    "Sophie Laurent",
    "Daniel Kim",
    "Michael O'Brien",
    "Anna Rossi",
    "David Miller",
    "Hannah Lee",
    "Marco Bianchi",
    "Laura García",
    "Thomas Müller",
)
EMAIL_DOMAINS = ("163.com", "qq.com", "126.com", "sina.com", "outlook.com")

MOBILE_PREFIXES = (
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "153",
    "155",
    "156",
    "157",
    "158",
    "159",
    "176",
    "177",
    "178",
    "180",
    "181",
    "182",
    "183",
    "185",
    "186",
    "187",
    "188",
    "189",
    "198",
    "199",
)
LANDLINE_FIRST_DIGITS = "23456"
HOTLINE = "021-62888000"

# (company, SLA class of its main contract, what it mostly has serviced)
COMPANIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (  # SLA classes alternate
    ("申江物业管理有限公司", "premium", ("LIFT", "HVAC", "CCTV")),
    ("沪联连锁超市有限公司", "standard", ("POS", "CCTV", "NET")),
    ("星辰教育科技有限公司", "basic", ("PRN", "WATER", "NET")),
    ("浦银商业银行上海分行", "premium", ("KIOSK", "NET", "PRN")),
    ("静安智汇写字楼管理有限公司", "standard", ("LIFT", "HVAC", "PRN")),
    ("华申精密制造有限公司", "basic", ("HVAC", "CCTV")),
    ("东海医疗集团", "premium", ("HVAC", "NET", "WATER")),
    ("虹桥商务酒店管理有限公司", "standard", ("HVAC", "LIFT", "WATER")),
    ("长风公寓管理有限公司", "basic", ("LIFT", "WATER", "CCTV")),
    ("云帆网络科技有限公司", "standard", ("NET", "PRN")),
)
SITE_KINDS = ("总部", "营业部", "门店", "分院", "校区", "项目部", "办公楼")

CALL_HOLD_REASONS = ("等待配件到货", "客户要求改期上门", "需厂家技术支持", "等待物业审批施工")
CANCEL_REASONS = ("客户取消报修", "重复工单", "客户已自行解决", "非我司维保范围")
REOPEN_REASONS = ("客户反馈故障复现", "回访时客户表示问题未解决", "同一故障一周内再次出现")
FAR_CHECKIN_REASONS = (
    "园区导航定位偏差，已到客户前台",
    "地下车库信号差，已到现场",
    "客户在临时办公点",
)
CHASE_COMMENTS = ("客户来电催促上门时间", "客户来电询问维修进度", "客户要求技术员到达前电话联系")
