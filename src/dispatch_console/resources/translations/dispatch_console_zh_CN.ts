<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>DetailPanel</name>
    <message>
        <location filename="../../ui/tickets/detail_panel.py" line="28" />
        <location filename="../../ui/tickets/detail_panel.py" line="61" />
        <source>Select a ticket</source>
        <translation>请选择工单</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/detail_panel.py" line="67" />
        <source>%1 → %2 by %3</source>
        <translation>%1 → %2（%3）</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/detail_panel.py" line="74" />
        <source>internal</source>
        <translation>内部</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/detail_panel.py" line="74" />
        <source>public</source>
        <translation>客户可见</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/detail_panel.py" line="79" />
        <source>Checked in %1 m from the site</source>
        <translation>签到，距现场 %1 米</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/detail_panel.py" line="83" />
        <source>Work log (%1 min): </source>
        <translation>工作记录（%1 分钟）：</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/detail_panel.py" line="88" />
        <source>Part used: #%1 × %2</source>
        <translation>使用备件：#%1 × %2</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/detail_panel.py" line="93" />
        <source>Photo/file: </source>
        <translation>照片/附件：</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/detail_panel.py" line="95" />
        <source>Callback (%1)</source>
        <translation>回访（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/detail_panel.py" line="97" />
        <source>Call from %1</source>
        <translation>来电 %1</translation>
    </message>
</context>
<context>
    <name>LifecycleController</name>
    <message>
        <location filename="../../ui/tickets/lifecycle.py" line="46" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/lifecycle.py" line="47" />
        <source>Why? (kept in the ticket's history)</source>
        <translation>原因（记入工单历史）</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/lifecycle.py" line="58" />
        <location filename="../../ui/tickets/lifecycle.py" line="63" />
        <source>Dispatch</source>
        <translation>派单</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/lifecycle.py" line="58" />
        <source>No technicians in this department.</source>
        <translation>该部门没有技术员。</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/lifecycle.py" line="63" />
        <source>Send which technician?</source>
        <translation>派给哪位技术员？</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/lifecycle.py" line="79" />
        <source>Changed by someone else</source>
        <translation>工单已被他人修改</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/lifecycle.py" line="81" />
        <source>%1

The ticket has been reloaded with their changes; nothing of yours was saved.</source>
        <translation>%1

已重新加载对方的修改；您的操作未保存。</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/lifecycle.py" line="90" />
        <source>Not done</source>
        <translation>未完成</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/lifecycle.py" line="90" />
        <source>Problem</source>
        <translation>出现问题</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="35" />
        <source>Dispatch Console</source>
        <translation>派单工作台</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="52" />
        <source>Callbacks</source>
        <translation>回访</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="52" />
        <source>Map</source>
        <translation>地图</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="54" />
        <source>Coming soon</source>
        <translation>即将推出</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="59" />
        <source>connecting…</source>
        <translation>连接中…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="60" />
        <source>ext.</source>
        <translation>分机</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/main_window.py" line="130" />
        <source>%n ticket(s) shown</source>
        <translation>
            <numerusform>显示 %n 张工单</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="133" />
        <source>Problem: %1</source>
        <translation>出现问题：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="136" />
        <source>online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="136" />
        <source>offline — retrying</source>
        <translation>离线 — 正在重试</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <location filename="../../ui/tickets/queue_panel.py" line="50" />
        <source>Open</source>
        <translation>未完结</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/queue_panel.py" line="51" />
        <source>Mine</source>
        <translation>我的工单</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/queue_panel.py" line="52" />
        <source>To dispatch</source>
        <translation>待派单</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/queue_panel.py" line="53" />
        <source>SLA at risk</source>
        <translation>即将超时</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/queue_panel.py" line="54" />
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/queue_panel.py" line="64" />
        <source>Any status</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/queue_panel.py" line="68" />
        <source>All departments</source>
        <translation>全部部门</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/queue_panel.py" line="70" />
        <source>Ticket number, phone or customer name  (Ctrl+F)</source>
        <translation>工单号、电话或客户名称（Ctrl+F）</translation>
    </message>
</context>
<context>
    <name>TicketForm</name>
    <message>
        <location filename="../../ui/tickets/form.py" line="48" />
        <source>New ticket</source>
        <translation>新建工单</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="57" />
        <source>Name or phone number</source>
        <translation>客户名称或电话</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="64" />
        <source>Scan or type the QR token or serial number</source>
        <translation>扫描或输入设备二维码 / 序列号</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="72" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="73" />
        <source>QR self-service</source>
        <translation>扫码报修</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="74" />
        <source>Chat</source>
        <translation>在线客服</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="75" />
        <source>E-mail</source>
        <translation>邮件</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="76" />
        <source>Agent</source>
        <translation>坐席代录</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="87" />
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="89" />
        <source>Site</source>
        <translation>现场</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="90" />
        <source>Asset</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="91" />
        <source>QR / serial</source>
        <translation>二维码 / 序列号</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="92" />
        <source>Category</source>
        <translation>故障类别</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="93" />
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="94" />
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="95" />
        <source>Fault</source>
        <translation>故障描述</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="96" />
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="97" />
        <source>Contact phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="102" />
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="161" />
        <source>(no site)</source>
        <translation>（无现场）</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="170" />
        <source>(no asset)</source>
        <translation>（无设备）</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="192" />
        <source>No asset with that QR token or serial number.</source>
        <translation>没有该二维码或序列号对应的设备。</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="234" />
        <source>Problem: </source>
        <translation>出现问题：</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="235" />
        <source>Nothing was saved.</source>
        <translation>未保存任何内容。</translation>
    </message>
</context>
<context>
    <name>TicketQueueModel</name>
    <message>
        <location filename="../../ui/tickets/queue_model.py" line="34" />
        <source>Ticket</source>
        <translation>工单号</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/queue_model.py" line="35" />
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/queue_model.py" line="36" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/queue_model.py" line="37" />
        <source>SLA left</source>
        <translation>SLA 剩余</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/queue_model.py" line="38" />
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/queue_model.py" line="39" />
        <source>Site</source>
        <translation>现场</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/queue_model.py" line="40" />
        <source>Technician</source>
        <translation>技术员</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/queue_model.py" line="41" />
        <source>Age</source>
        <translation>已用时</translation>
    </message>
</context>
<context>
    <name>actions</name>
    <message>
        <location filename="../../ui/tickets/actions.py" line="16" />
        <source>Resume</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/actions.py" line="18" />
        <source>Unassign</source>
        <translation>撤回派单</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/actions.py" line="19" />
        <source>Dispatch…</source>
        <translation>派单…</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/actions.py" line="20" />
        <source>Accept</source>
        <translation>接单</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/actions.py" line="21" />
        <source>On the way</source>
        <translation>出发</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/actions.py" line="22" />
        <source>Arrived</source>
        <translation>到达现场</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/actions.py" line="23" />
        <source>Start work</source>
        <translation>开始处理</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/actions.py" line="24" />
        <source>Hold…</source>
        <translation>挂起…</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/actions.py" line="25" />
        <source>Resolve</source>
        <translation>解决</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/actions.py" line="26" />
        <source>Close</source>
        <translation>关闭工单</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/actions.py" line="27" />
        <source>Reopen…</source>
        <translation>重新打开…</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/actions.py" line="28" />
        <source>Cancel ticket…</source>
        <translation>取消工单…</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <location filename="../../ui/tickets/labels.py" line="16" />
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="17" />
        <source>Dispatched</source>
        <translation>已派单</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="18" />
        <source>Accepted</source>
        <translation>已接单</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="19" />
        <source>On the way</source>
        <translation>在途</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="20" />
        <source>On site</source>
        <translation>已签到</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="21" />
        <source>In progress</source>
        <translation>处理中</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="22" />
        <source>On hold</source>
        <translation>挂起</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="23" />
        <source>Resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="24" />
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="25" />
        <source>Reopened</source>
        <translation>重新打开</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="26" />
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="32" />
        <source>Critical</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="33" />
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="34" />
        <source>Normal</source>
        <translation>普通</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="35" />
        <source>Low</source>
        <translation>低</translation>
    </message>
</context>
</TS>