"""The pages' words in English and Simplified Chinese, in the words Chinese service desks use
with customers (报修, 工单, 师傅, 回电). Keyed by the English text; a missing entry reads in
English rather than failing."""

from __future__ import annotations

from collections.abc import Callable

LANGUAGES = ("zh_CN", "en")

ZH: dict[str, str] = {
    "Service desk": "报修服务",
    "Language": "语言",
    "Service hotline": "服务热线",
    "serial ending": "序列号尾号",
    "Under warranty until %s": "保修期内，至 %s",
    "Covered by a service contract until %s": "服务合同有效，至 %s",
    "Warranty and contract ended on %s": "保修和合同已于 %s 到期",
    "No warranty or contract on record": "无保修或服务合同记录",
    "A fault on this device is already being handled (%s). If this is a different problem, "
    "report it below.": "此设备已有报修正在处理中（%s）。如果是其他问题，请在下方报修。",
    "Report a fault": "设备报修",
    "What is wrong?": "故障描述",
    "e.g. paper jams on every page; error E-203 on the screen": "例如：每页都卡纸；屏幕显示错误 E-203",
    "Your name": "联系人",
    "Phone number": "联系电话",
    "When can we come? (optional)": "方便上门的时间（选填）",
    "e.g. tomorrow after 2 pm": "例如：明天下午两点以后",
    "Photos (up to %d, optional)": "照片（最多 %d 张，选填）",
    "Choose at most %d photos.": "最多选择 %d 张照片。",
    "Sending…": "正在提交…",
    "Send report": "提交报修",
    "We use your name and number only to handle this fault.": "您的姓名和电话仅用于处理本次报修。",
    "Unknown code": "无法识别的二维码",
    "This code is not known. Please call the number on the device's label.": "无法识别此二维码。请拨打设备标签上的服务电话。",
    "Too many requests": "请求过于频繁",
    "Too many reports from here in a short time. Please wait a few minutes, or call us.": "短时间内提交次数过多。请稍等几分钟再试，或直接致电我们。",
    "Unknown link": "无效的链接",
    "This link is not known. Please use the link from your report, or call us.": "无法识别此链接。请使用报修后获得的链接，或致电我们。",
    "Please check the form": "请检查填写的内容",
    "Ticket": "工单号",
    "Your report": "您的报修",
    "Received": "已受理",
    "Technician assigned": "已派单",
    "On the way": "师傅已出发",
    "On site": "师傅已到场",
    "Resolved": "已完成",
    "%s is handling your repair": "%s师傅负责您的报修",
    "%s is on the way, about %d min": "%s师傅正在赶来，预计 %d 分钟到达",
    "%s is on the way": "%s师傅正在赶来",
    "This report was closed without a visit. Call us if you still need help.": "此报修已关闭。如仍需帮助，请致电我们。",
    "We will call you back shortly.": "我们会尽快给您回电。",
    "Questions about this repair?": "对本次维修有疑问？",
    "Please call me back": "请给我回电",
    "Keep this page: it shows the progress of your report.": "请保存此页面，可随时查看报修进度。",
    "Thank you. Your report is received: ticket %s.": "感谢您的报修，已受理。工单号：%s。",
    "Please describe the fault": "请填写故障描述",
    "Please enter your name": "请填写联系人",
    "Please enter a phone number we can call": "请填写可以联系到您的电话号码",
    "This is not a phone number we can call": "电话号码有误，请检查",
    "at most %d photos": "最多 %d 张照片",
    "is not a photo we can read": "无法识别为照片",
    "is too large": "文件过大",
    "is not a JPEG, PNG or WebP photo": "不是 JPEG、PNG 或 WebP 格式的照片",
    "is too long": "内容过长",
}


def translator(lang: str) -> Callable[[str], str]:
    if lang == "zh_CN":
        return lambda text: ZH.get(text, text)
    return lambda text: text


def choose_language(asked: str | None, cookie: str | None, accept: str | None) -> str:
    """?lang= first (and remembered in a cookie), then the cookie, then the phone's language."""
    for choice in (asked, cookie):
        if choice in LANGUAGES:
            return choice
    for part in (accept or "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("zh"):
            return "zh_CN"
        if tag.startswith("en"):
            return "en"
    return "zh_CN"  # the desks this serves are in China
