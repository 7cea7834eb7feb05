"""What the demo company services: departments, their faults, equipment models and spare parts."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Trade:
    code: str  # Department.code
    name: str  # Department.name
    asset_category: str
    skills: tuple[str, ...]  # the first is the trade's base skill, the rest are extra tickets
    models: tuple[tuple[str, str], ...]  # (model, serial prefix)
    faults: tuple[tuple[str, str, str], ...]  # (category, description, usual priority)
    parts: tuple[tuple[str, str, str], ...]  # (sku suffix, name, unit)
    depot: tuple[float, float]  # where the vans are parked overnight (WGS-84)
    shifts: tuple[tuple[int, int], ...]  # (start hour, end hour) the trade's technicians work
    work_notes: tuple[str, ...]


TRADES: tuple[Trade, ...] = (
    Trade(
        "PRN",
        "打印复印组",
        "printer",
        ("printer", "copier-colour", "network-print"),
        (
            ("理光 MP 2555SP", "RC"),
            ("佳能 iR-ADV C5535", "CN"),
            ("惠普 LaserJet M507", "HP"),
            ("兄弟 HL-L5100DN", "BR"),
        ),
        (
            ("卡纸", "复印机频繁卡纸，纸盒二进纸时报错", "normal"),
            ("打印模糊", "打印件有黑色竖条，碳粉盒已更换仍未改善", "normal"),
            ("报错代码", "面板显示报错代码 SC542，无法复印", "high"),
            ("无法联网打印", "电脑无法找到网络打印机，重启后仍不行", "normal"),
            ("耗材更换", "碳粉不足，需要更换并检查定影组件", "low"),
        ),
        (
            ("TON-K", "黑色碳粉盒", "支"),
            ("TON-C", "彩色碳粉盒", "支"),
            ("FUS", "定影组件", "个"),
            ("ROL", "搓纸轮", "个"),
            ("DRM", "感光鼓", "个"),
        ),
        (31.1690, 121.4000),
        ((8, 17), (9, 18)),
        ("清洁搓纸通道并更换搓纸轮", "更换定影组件后测试打印50张正常", "重新配置打印机IP与驱动"),
    ),
    Trade(
        "LIFT",
        "电梯维保组",
        "lift",
        ("lift", "escalator", "special-equipment-licence"),
        (("奥的斯 GeN2", "OT"), ("三菱 LEHY-III", "MT"), ("迅达 3300", "SC"), ("日立 MCA", "HT")),
        (
            ("电梯困人", "电梯停在两层之间，轿厢内有人被困", "critical"),
            ("门机故障", "电梯门反复开关，无法正常关闭", "high"),
            ("运行异响", "电梯运行时有明显异响和抖动", "normal"),
            ("按钮失灵", "轿厢内部分楼层按钮无反应", "normal"),
            ("例行保养", "半月保养，检查曳引机和安全钳", "low"),
        ),
        (
            ("DOR", "门机皮带", "条"),
            ("BTN", "楼层按钮", "个"),
            ("LCK", "层门门锁", "套"),
            ("ROP", "曳引钢丝绳", "米"),
            ("BRK", "制动器闸瓦", "副"),
        ),
        (31.2520, 121.3900),
        ((8, 20), (20, 8)),
        ("救援被困人员后检查门锁回路", "更换门机皮带并调整门刀间隙", "润滑导轨并调整制动器"),
    ),
    Trade(
        "HVAC",
        "暖通空调组",
        "hvac",
        ("hvac", "refrigerant-licence", "vrv"),
        (("大金 VRV-X", "DK"), ("格力 GMV6", "GR"), ("美的 MDV-V", "MD"), ("约克 YK", "YK")),
        (
            ("不制冷", "空调开机后不制冷，出风口是热风", "high"),
            ("漏水", "室内机滴水，天花板有水渍", "normal"),
            ("报错代码", "线控器显示 E4 报错后停机", "high"),
            ("噪音大", "室外机运行噪音明显变大", "low"),
            ("滤网清洗", "季节性清洗滤网和蒸发器", "low"),
        ),
        (
            ("FLT", "空调滤网", "片"),
            ("CAP", "压缩机启动电容", "个"),
            ("GAS", "R410A 冷媒", "瓶"),
            ("PMP", "排水泵", "个"),
            ("SNS", "温度传感器", "个"),
        ),
        (31.1800, 121.5200),
        ((8, 17), (12, 21)),
        ("补充冷媒并检漏", "更换排水泵，疏通冷凝水管", "更换温度传感器，试运行正常"),
    ),
    Trade(
        "KIOSK",
        "自助终端组",
        "kiosk",
        ("kiosk", "card-reader", "touchscreen"),
        (("新北洋 BK-T080", "SNB"), ("广电运通 CRM9250", "GRG"), ("恒银 CDM8240", "CY")),
        (
            ("触摸屏失灵", "自助终端触摸屏点击无反应", "high"),
            ("凭条打印故障", "交易后凭条无法打出", "normal"),
            ("读卡器故障", "读卡器吞卡，客户卡片未退出", "critical"),
            ("黑屏", "终端整机黑屏，指示灯不亮", "high"),
        ),
        (
            ("TSC", "触摸屏组件", "块"),
            ("PRH", "凭条打印头", "个"),
            ("CRD", "读卡器模块", "个"),
            ("PSU", "工控电源", "个"),
            ("PAP", "热敏凭条纸", "卷"),
        ),
        (31.2300, 121.5300),
        ((8, 17), (9, 18)),
        ("更换读卡器模块并取回吞卡", "重新校准触摸屏", "更换工控电源后整机自检通过"),
    ),
    Trade(
        "NET",
        "网络通信组",
        "network",
        ("network", "fibre-splicing", "wifi"),
        (("华为 S5735", "HW"), ("华三 S5130", "H3C"), ("锐捷 RG-AP820", "RJ")),
        (
            ("网络中断", "整层办公区网络中断", "critical"),
            ("交换机故障", "核心交换机端口指示灯异常", "high"),
            ("WiFi信号弱", "会议室无线信号弱，经常掉线", "low"),
            ("光纤中断", "光纤链路中断，光功率告警", "high"),
        ),
        (
            ("SFP", "千兆光模块", "个"),
            ("PTC", "六类跳线", "根"),
            ("APX", "无线AP", "台"),
            ("FBR", "光纤跳线", "根"),
            ("PWR", "交换机电源模块", "个"),
        ),
        (31.2050, 121.5850),
        ((9, 18), (20, 8)),
        ("更换光模块，链路恢复", "重新熔接光纤", "调整AP信道和功率"),
    ),
    Trade(
        "CCTV",
        "安防监控组",
        "cctv",
        ("cctv", "access-control", "low-voltage"),
        (("海康威视 DS-2CD3T47", "HK"), ("大华 DH-IPC-HFW", "DH"), ("宇视 IPC2124", "UV")),
        (
            ("摄像头离线", "监控平台显示多路摄像头离线", "normal"),
            ("录像机硬盘故障", "录像机报硬盘错误，无法回放", "high"),
            ("门禁故障", "门禁刷卡无反应，大门无法打开", "high"),
        ),
        (
            ("HDD", "监控硬盘 4TB", "块"),
            ("POE", "POE 交换机", "台"),
            ("CAM", "半球摄像机", "台"),
            ("RDR", "门禁读卡器", "个"),
            ("ADP", "12V 电源适配器", "个"),
        ),
        (31.3000, 121.4700),
        ((8, 17),),
        ("更换硬盘并恢复录像计划", "更换电源适配器，摄像头上线", "更换门禁读卡器"),
    ),
    Trade(
        "WATER",
        "净水设备组",
        "water",
        ("water", "plumbing"),
        (("沁园 QR-RL-702", "QY"), ("安吉尔 J2905", "AG"), ("3M AP-600", "MM")),
        (
            ("滤芯更换", "滤芯到期提醒，需要更换", "low"),
            ("漏水", "净水器下方漏水", "high"),
            ("出水慢", "出水量明显变小", "normal"),
        ),
        (
            ("PPF", "PP棉滤芯", "支"),
            ("ROM", "RO反渗透膜", "支"),
            ("CTO", "活性炭滤芯", "支"),
            ("VAL", "进水电磁阀", "个"),
            ("TUB", "PE水管", "米"),
        ),
        (31.1300, 121.4100),
        ((8, 17), (9, 18)),
        ("更换全套滤芯并冲洗", "更换进水电磁阀，检查无渗漏", "更换RO膜，出水恢复"),
    ),
    Trade(
        "POS",
        "收银POS组",
        "pos",
        ("pos", "receipt-printer"),
        (("商米 T2", "SM"), ("联迪 A8", "LD"), ("新大陆 N910", "NL")),
        (
            ("无法刷卡", "POS机刷卡提示读卡失败", "high"),
            ("小票打印故障", "收银小票打印不清晰", "normal"),
            ("系统死机", "收银系统频繁死机，影响营业", "critical"),
        ),
        (
            ("MSR", "磁条读卡头", "个"),
            ("TPH", "小票打印头", "个"),
            ("BAT", "POS 电池", "块"),
            ("PAP", "收银纸", "卷"),
            ("ADP", "POS 电源适配器", "个"),
        ),
        (31.2600, 121.4300),
        ((8, 17), (12, 21)),
        ("更换读卡头并测试交易", "更换打印头", "重装收银系统并恢复数据"),
    ),
)
