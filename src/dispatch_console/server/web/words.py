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
    "This link is not known. To stop e-mails, please call the service desk.": "无法识别此链接。如需退订邮件，请致电客服。",
    "Please try again later.": "请稍后再试。",
    "E-mails stopped": "已退订邮件",
    "You will not receive e-mails about your repairs any more. To have them again, call the service desk.": "您将不再收到维修进度邮件。如需恢复，请致电客服。",
    "Stop e-mails about your repairs?": "退订维修进度邮件？",
    "We e-mail you when a repair is received, a technician is on the way, and when it is done. You can stop these e-mails here.": "我们会在受理报修、师傅出发和完工时给您发送邮件。您可以在此退订这些邮件。",
    "Stop these e-mails": "退订邮件",
    "Text messages and calls about your repairs are not affected; to stop text messages, tell the service desk.": "维修相关的短信和电话不受影响；如需退订短信，请告知客服。",
    "This code is not known. Please call the number on the device's label.": "无法识别此二维码。请拨打设备标签上的服务电话。",
    "Too many requests": "请求过于频繁",
    "Too many reports from here in a short time. Please wait a few minutes, or call us.": "短时间内提交次数过多。请稍等几分钟再试，或直接致电我们。",
    "Unknown link": "无效的链接",
    "Respond by %s": "响应时限 %s",
    "Arrive by %s": "到场时限 %s",
    "Resolve by %s": "完工时限 %s",
    "Late: %s": "已超时：%s",
    "Photos too large": "照片过大",
    "The photos are too large to send together. Go back and choose fewer photos.": "照片总大小超出限制。请返回，少选几张照片后再提交。",
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
    "This text contains characters we cannot store. Please type it again.": "此处含有无法保存的字符，请重新输入。",
    "Please enter a phone number we can call": "请填写可以联系到您的电话号码",
    "This is not a phone number we can call": "电话号码有误，请检查",
    "at most %d photos": "最多 %d 张照片",
    "is not a photo we can read": "无法识别为照片",
    "is too large": "文件过大",
    "is not a JPEG, PNG, WebP or GIF picture": "不是 JPEG、PNG、WebP 或 GIF 格式的图片",
    "is too long": "内容过长",
    # the technician's page
    "Sign in": "登录",
    "User name": "用户名",
    "Password": "密码",
    "My jobs": "我的工单",
    "Sign out": "退出",
    "No open jobs.": "暂无待处理工单。",
    "Send": "提交",
    "Cancel": "取消",
    "Work log": "工作记录",
    "What did you do?": "做了什么？",
    "Minutes": "用时（分钟）",
    "Add to the work log": "添加工作记录",
    "Photos": "现场照片",
    "Parts used": "使用备件",
    "Part from your van": "车载库存备件",
    "Quantity": "数量",
    "Record the part": "登记备件",
    "Finish the job": "完工",
    "Summary of the repair": "维修总结",
    "Customer's signature": "客户签字",
    "Clear": "清除",
    "Resolve the job": "确认完工",
    "Wrong user name or password.": "用户名或密码错误。",
    "This account is not a technician's.": "该账号不是工程师账号。",
    "No network. Try again.": "网络不可用，请重试。",
    "Not accepted: %s": "未被接受：%s",
    "Saved on the phone; it will be sent.": "已保存在手机上，联网后自动提交。",
    "Offline: %d action(s) waiting; they are sent when the network is back.": "离线：%d 项操作待提交，联网后自动发送。",
    "Call": "致电",
    "Navigate": "导航",
    "Other map app": "其他地图",
    "Checked in at %s": "已于 %s 签到",
    "Accept": "接单",
    "Accepted.": "已接单。",
    "Accepted": "已接单",
    "Decline": "拒单",
    "Why do you decline?": "拒单原因？",
    "Declined.": "已拒单。",
    "On my way": "出发",
    "Sent.": "已提交。",
    "Check in": "到场签到",
    "Start work": "开始维修",
    "Location is not available: %s": "无法获取位置：%s",
    "Locating…": "正在定位…",
    "Checked in (±%d m).": "签到成功（精度 ±%d 米）。",
    "You are %s m from the site. Why do you check in here?": "您距离现场 %s 米。为什么在此签到？",
    "Work logged.": "已记录。",
    "Photo added.": "照片已上传。",
    "in the van: %d": "车上：%d",
    "Part recorded.": "备件已登记。",
    "Please write the summary.": "请填写维修总结。",
    "Please ask the customer to sign.": "请客户签字。",
    "Resolved. Thank you!": "已完工，辛苦了！",
    "Photos: %d · Parts: %d": "照片 %d 张 · 备件 %d 项",
    "The phone's storage is full: find network to send what waits.": "手机存储已满：请到有网络的地方，先提交待发送的内容。",
    "%d action(s) are not sent yet; they go when you sign in again. Sign out?": "还有 %d 项操作未提交，重新登录后会继续发送。确定退出吗？",
    "This job is no longer yours.": "该工单已不再由您负责。",
    "Only the desk can do that.": "此操作需由调度台完成。",
    "Check in first.": "请先到场签到。",
    "Your van has only %s of this part.": "车上该备件仅剩 %s 件。",
    "Someone changed this job meanwhile; it is shown as it is now.": "工单已被他人修改，已刷新为最新状态。",
    "The phone's clock is wrong: set it to the network time.": "手机时间不准确，请设置为自动同步网络时间。",
    "New": "待派单",
    "Assigned": "已派单",
    "Working": "维修中",
    "On hold": "挂起",
    "Closed": "已关闭",
    "Reopened": "已重开",
    "Cancelled": "已取消",
    # a hosted server's refusals on the customers' pages (server/tenancy.py)
    "Unknown address": "地址无效",
    "No service desk answers at this address. Please check the address on the label or in the "
    "message you received.": "此地址没有对应的报修服务。请核对标签或短信中的地址。",
    "Service paused": "服务已暂停",
    "This service desk is not taking reports online for now. Please call them.": "该报修服务目前暂停在线受理，请直接致电。",
    "Service busy": "服务繁忙",
    "The service is busy. Please try again in a minute.": "服务繁忙，请稍后再试。",
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
