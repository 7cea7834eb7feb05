<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BoardWindow</name>
    <message>
        <location filename="../../ui/board/window.py" line="72"/>
        <source>Live board</source>
        <translation>实时看板</translation>
    </message>
    <message>
        <location filename="../../ui/board/window.py" line="77"/>
        <source>Ringing now</source>
        <translation>正在呼入</translation>
    </message>
    <message>
        <location filename="../../ui/board/window.py" line="78"/>
        <source>Missed, not called back</source>
        <translation>未接来电待回拨</translation>
    </message>
    <message>
        <location filename="../../ui/board/window.py" line="79"/>
        <source>Past an SLA deadline</source>
        <translation>已超 SLA 时限</translation>
    </message>
    <message>
        <location filename="../../ui/board/window.py" line="80"/>
        <source>Deadline within the hour</source>
        <translation>一小时内到期</translation>
    </message>
    <message>
        <location filename="../../ui/board/window.py" line="81"/>
        <source>Not dispatched</source>
        <translation>待派单</translation>
    </message>
    <message>
        <location filename="../../ui/board/window.py" line="82"/>
        <source>First-time fix today</source>
        <translation>今日一次修复率</translation>
    </message>
    <message>
        <location filename="../../ui/board/window.py" line="83"/>
        <source>Callback satisfaction today</source>
        <translation>今日回访满意度</translation>
    </message>
    <message>
        <location filename="../../ui/board/window.py" line="135"/>
        <source>the oldest waits %1</source>
        <translation>最久已等 %1</translation>
    </message>
    <message>
        <location filename="../../ui/board/window.py" line="145"/>
        <source>%1 resolved today</source>
        <translation>今日完工 %1 单</translation>
    </message>
    <message>
        <location filename="../../ui/board/window.py" line="150"/>
        <source>%1 callbacks done today</source>
        <translation>今日完成回访 %1 次</translation>
    </message>
    <message>
        <location filename="../../ui/board/window.py" line="164"/>
        <source>Open tickets</source>
        <translation>未完结工单</translation>
    </message>
    <message>
        <location filename="../../ui/board/window.py" line="182"/>
        <source>Missed or nearest deadlines</source>
        <translation>已超时或即将到期的工单</translation>
    </message>
</context>
<context>
    <name>CallController</name>
    <message numerus="yes">
        <location filename="../../ui/calls/controller.py" line="123"/>
        <source>%n open ticket(s)</source>
        <translation>
            <numerusform>%n 张未完成工单</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/calls/controller.py" line="125"/>
        <source>%n customers have this number</source>
        <translation>
            <numerusform>%n 个客户使用此号码</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/calls/controller.py" line="127"/>
        <source>Unknown caller</source>
        <translation>未知来电</translation>
    </message>
</context>
<context>
    <name>CallLog</name>
    <message>
        <location filename="../../ui/calls/log.py" line="61"/>
        <source>Missed calls only</source>
        <translation>只看未接来电</translation>
    </message>
    <message>
        <location filename="../../ui/calls/log.py" line="65"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/calls/log.py" line="66"/>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <location filename="../../ui/calls/log.py" line="67"/>
        <source>Number</source>
        <translation>号码</translation>
    </message>
    <message>
        <location filename="../../ui/calls/log.py" line="68"/>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../ui/calls/log.py" line="69"/>
        <source>Talk</source>
        <translation>通话时长</translation>
    </message>
    <message>
        <location filename="../../ui/calls/log.py" line="70"/>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <location filename="../../ui/calls/log.py" line="71"/>
        <source>Ticket</source>
        <translation>工单</translation>
    </message>
    <message>
        <location filename="../../ui/calls/log.py" line="109"/>
        <source>in</source>
        <translation>呼入</translation>
    </message>
    <message>
        <location filename="../../ui/calls/log.py" line="109"/>
        <source>out</source>
        <translation>呼出</translation>
    </message>
</context>
<context>
    <name>CallbackQueue</name>
    <message>
        <location filename="../../ui/callbacks/queue.py" line="43"/>
        <source>Due</source>
        <translation>应回访时间</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/queue.py" line="44"/>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/queue.py" line="45"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/queue.py" line="46"/>
        <source>Number</source>
        <translation>号码</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/queue.py" line="47"/>
        <source>Ticket</source>
        <translation>工单</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/queue.py" line="48"/>
        <source>Tries</source>
        <translation>次数</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/queue.py" line="49"/>
        <source>Who</source>
        <translation>处理人</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/queue.py" line="88"/>
        <source>%1 has this callback</source>
        <translation>%1 正在处理此回访</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/queue.py" line="100"/>
        <source>Late: it was to be done by %1</source>
        <translation>已超时：应在 %1 前完成</translation>
    </message>
</context>
<context>
    <name>CallbackRequestDialog</name>
    <message>
        <location filename="../../ui/callbacks/request.py" line="45"/>
        <source>Call back later – %1</source>
        <translation>预约回电 – %1</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/request.py" line="63"/>
        <source>Number</source>
        <translation>号码</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/request.py" line="64"/>
        <source>Call at</source>
        <translation>回电时间</translation>
    </message>
</context>
<context>
    <name>CallbackWork</name>
    <message>
        <location filename="../../ui/callbacks/work.py" line="69"/>
        <location filename="../../ui/callbacks/work.py" line="166"/>
        <source>Choose a callback on the left (Enter).</source>
        <translation>请在左侧选择一条回访（回车）。</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/work.py" line="76"/>
        <source>&amp;Call</source>
        <translation>拨打(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/work.py" line="80"/>
        <source>&amp;Reached</source>
        <translation>已接通(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/work.py" line="81"/>
        <source>&amp;No answer</source>
        <translation>无人接听(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/work.py" line="82"/>
        <source>B&amp;usy</source>
        <translation>占线(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/work.py" line="83"/>
        <source>&amp;Wrong number</source>
        <translation>号码错误(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/work.py" line="94"/>
        <source>Yes, fixed</source>
        <translation>是，已解决</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/work.py" line="95"/>
        <source>No, still a problem</source>
        <translation>否，问题仍在</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/work.py" line="100"/>
        <source>What the customer said</source>
        <translation>客户的反馈</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/work.py" line="103"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/work.py" line="104"/>
        <source>Save the answer (Ctrl+Enter)</source>
        <translation>保存回访结果（Ctrl+Enter）</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/work.py" line="105"/>
        <source>&amp;Put back</source>
        <translation>放回队列(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/work.py" line="135"/>
        <source>Answer</source>
        <translation>回访结果</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/work.py" line="136"/>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/work.py" line="137"/>
        <source>Really fixed?</source>
        <translation>问题是否解决？</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/work.py" line="138"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/work.py" line="172"/>
        <source>unknown customer</source>
        <translation>未知客户</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/work.py" line="178"/>
        <source>try %1 of %2</source>
        <translation>第 %1 次，共 %2 次</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/work.py" line="187"/>
        <source>yours until %1</source>
        <translation>由你处理至 %1</translation>
    </message>
</context>
<context>
    <name>CallbacksPanel</name>
    <message>
        <location filename="../../ui/callbacks/panel.py" line="56"/>
        <source>Re&amp;load</source>
        <translation>刷新(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/panel.py" line="96"/>
        <source>No callback is waiting for you.</source>
        <translation>没有待你处理的回访。</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/panel.py" line="99"/>
        <source>No callback is due now; the next is due at %1.</source>
        <translation>目前没有到期的回访；下一条在 %1 到期。</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/panel.py" line="187"/>
        <source>%1 is reopened and back for dispatch.</source>
        <translation>%1 已重新打开，等待重新派单。</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/panel.py" line="199"/>
        <source>same technician</source>
        <translation>原技术员</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/panel.py" line="206"/>
        <source>Suggested: %1</source>
        <translation>建议派给：%1</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/panel.py" line="195"/>
        <source>Saved. Next try at %1.</source>
        <translation>已保存。下次回访时间 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/panel.py" line="55"/>
        <source>&amp;Take the next one</source>
        <translation>领取下一条(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/panel.py" line="196"/>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
</context>
<context>
    <name>CandidatesPanel</name>
    <message>
        <location filename="../../ui/map/candidates.py" line="66"/>
        <source>Select a ticket to see who should go</source>
        <translation>选择一张工单，查看派谁去</translation>
    </message>
    <message>
        <location filename="../../ui/map/candidates.py" line="69"/>
        <source>Free now</source>
        <translation>现在空闲</translation>
    </message>
    <message>
        <location filename="../../ui/map/candidates.py" line="70"/>
        <source>After current job</source>
        <translation>忙完手头工作后</translation>
    </message>
    <message>
        <location filename="../../ui/map/candidates.py" line="81"/>
        <source>Technician</source>
        <translation>技术员</translation>
    </message>
    <message>
        <location filename="../../ui/map/candidates.py" line="82"/>
        <source>ETA</source>
        <translation>预计到达</translation>
    </message>
    <message>
        <location filename="../../ui/map/candidates.py" line="83"/>
        <source>Distance</source>
        <translation>距离</translation>
    </message>
    <message>
        <location filename="../../ui/map/candidates.py" line="84"/>
        <source>Jobs</source>
        <translation>在手工单</translation>
    </message>
    <message>
        <location filename="../../ui/map/candidates.py" line="85"/>
        <source>Parts</source>
        <translation>备件</translation>
    </message>
    <message>
        <location filename="../../ui/map/candidates.py" line="86"/>
        <source>Knows customer</source>
        <translation>服务过该客户</translation>
    </message>
    <message>
        <location filename="../../ui/map/candidates.py" line="87"/>
        <source>SLA slack</source>
        <translation>SLA 余量</translation>
    </message>
    <message>
        <location filename="../../ui/map/candidates.py" line="88"/>
        <source>Position</source>
        <translation>定位</translation>
    </message>
    <message>
        <location filename="../../ui/map/candidates.py" line="99"/>
        <location filename="../../ui/map/candidates.py" line="270"/>
        <source>Assign</source>
        <translation>派单</translation>
    </message>
    <message>
        <location filename="../../ui/map/candidates.py" line="149"/>
        <source>Who should go for %1</source>
        <translation>%1 派谁去</translation>
    </message>
    <message>
        <location filename="../../ui/map/candidates.py" line="162"/>
        <source>%1 is no longer on the list; choose again.</source>
        <translation>%1 已不在列表中，请重新选择。</translation>
    </message>
    <message>
        <location filename="../../ui/map/candidates.py" line="172"/>
        <source>%1 %2</source>
        <translation>%2 %1 人</translation>
    </message>
    <message>
        <location filename="../../ui/map/candidates.py" line="175"/>
        <source>Not listed: %1</source>
        <translation>未列出：%1</translation>
    </message>
    <message>
        <location filename="../../ui/map/candidates.py" line="175"/>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <location filename="../../ui/map/candidates.py" line="178"/>
        <source>Try “After current job”.</source>
        <translation>可试试“忙完手头工作后”。</translation>
    </message>
    <message>
        <location filename="../../ui/map/candidates.py" line="179"/>
        <source>Nobody can go now. %1. %2</source>
        <translation>现在没有人能去。%1。%2</translation>
    </message>
    <message>
        <location filename="../../ui/map/candidates.py" line="214"/>
        <source>%1 (has it now)</source>
        <translation>%1（当前负责）</translation>
    </message>
    <message>
        <location filename="../../ui/map/candidates.py" line="218"/>
        <source>%1 (after current job)</source>
        <translation>%1（忙完手头工作后）</translation>
    </message>
    <message>
        <location filename="../../ui/map/candidates.py" line="245"/>
        <source>%1 km away, %2 by road</source>
        <translation>距离 %1 公里，道路行驶 %2</translation>
    </message>
    <message>
        <location filename="../../ui/map/candidates.py" line="247"/>
        <source>%1 km away, about %2 (straight-line estimate)</source>
        <translation>距离 %1 公里，约 %2（按直线估算）</translation>
    </message>
    <message>
        <location filename="../../ui/map/candidates.py" line="251"/>
        <source>%1 of %2 jobs in hand</source>
        <translation>在手工单 %1/%2</translation>
    </message>
    <message>
        <location filename="../../ui/map/candidates.py" line="256"/>
        <source>carries a part that fits</source>
        <translation>车上有适配备件</translation>
    </message>
    <message>
        <location filename="../../ui/map/candidates.py" line="258"/>
        <source>has served this customer before</source>
        <translation>以前服务过该客户</translation>
    </message>
    <message>
        <location filename="../../ui/map/candidates.py" line="260"/>
        <source>would arrive after the SLA deadline</source>
        <translation>到达时将超过 SLA 时限</translation>
    </message>
    <message>
        <location filename="../../ui/map/candidates.py" line="272"/>
        <source>Already assigned</source>
        <translation>已派给此人</translation>
    </message>
    <message>
        <location filename="../../ui/map/candidates.py" line="274"/>
        <source>Assign to %1</source>
        <translation>派给 %1</translation>
    </message>
    <message>
        <source>Earliest slot</source>
        <translation>最早可约时段</translation>
    </message>
    <message>
        <source>The earliest each technician can be on site within the ticket&apos;s booked window (from now when it has none): their hours, breaks, leave, planned visits and the travel between them</source>
        <translation>每位技师在工单预约时段内（未预约则从现在起）最早可到场的时间：按其排班、休息、请假、已排上门及路程计算</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Nobody can make the window. %1</source>
        <translation>预约时段内无人可上门。%1</translation>
    </message>
    <message>
        <source>Try “Earliest slot”.</source>
        <translation>可试试“最早可约时段”。</translation>
    </message>
    <message>
        <source>%1 km away now; %2</source>
        <translation>当前距离 %1 公里；%2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Assign to %1, on site %2</source>
        <translation>派给 %1，%2 到场</translation>
    </message>
</context>
<context>
    <name>ChatDesk</name>
    <message>
        <location filename="../../ui/chat/desk.py" line="57"/>
        <source>Chats</source>
        <translation>在线会话</translation>
    </message>
    <message>
        <location filename="../../ui/chat/desk.py" line="65"/>
        <source>New ticket from a chat</source>
        <translation>由会话新建工单</translation>
    </message>
</context>
<context>
    <name>ChatPanel</name>
    <message>
        <location filename="../../ui/chat/panel.py" line="46"/>
        <source>Show &amp;closed chats</source>
        <translation>显示已结束的会话(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/chat/panel.py" line="114"/>
        <source>The chat is on the ticket now, with its transcript.</source>
        <translation>会话已关联到工单，聊天记录已附上。</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../../ui/tickets/conflict.py" line="74"/>
        <source>someone</source>
        <translation>有人</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/conflict.py" line="76"/>
        <source>%1 was changed by %2</source>
        <translation>%1 已被 %2 修改</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/conflict.py" line="80"/>
        <source>%1 saved this ticket while you were editing it. Nothing has been lost yet: compare and choose.</source>
        <translation>您编辑期间，%1 保存了这张工单。目前什么都没有丢失：请对比后选择。</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/conflict.py" line="87"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/conflict.py" line="87"/>
        <source>When you opened it</source>
        <translation>您打开时</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/conflict.py" line="87"/>
        <source>Yours</source>
        <translation>您的修改</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/conflict.py" line="87"/>
        <source>Now</source>
        <translation>现在</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/conflict.py" line="111"/>
        <source>Save my changes over theirs</source>
        <translation>用我的修改覆盖</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/conflict.py" line="114"/>
        <source>Discard mine, keep theirs</source>
        <translation>放弃我的，保留对方的</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/conflict.py" line="116"/>
        <source>Back to the form</source>
        <translation>返回表单</translation>
    </message>
</context>
<context>
    <name>ConnectionDialog</name>
    <message>
        <location filename="../../ui/settings/first_start.py" line="27"/>
        <source>Dispatch Console — connection</source>
        <translation>派单工作台 — 连接</translation>
    </message>
    <message>
        <location filename="../../ui/settings/first_start.py" line="36"/>
        <source>The console could not open its database:
%1

Check the connection or choose another.</source>
        <translation>无法打开数据库：
%1

请检查连接，或选择其他数据库。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/first_start.py" line="43"/>
        <source>Welcome. Where are the tickets kept? On this computer is right for one agent trying the console; a team shares a PostgreSQL server.</source>
        <translation>欢迎使用。工单保存在哪里？单人试用可选择“本机”；团队共用请连接 PostgreSQL 服务器。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/first_start.py" line="53"/>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
</context>
<context>
    <name>ConnectionPage</name>
    <message>
        <location filename="../../ui/settings/connection_page.py" line="46"/>
        <source>On this computer (one agent)</source>
        <translation>本机（单人使用）</translation>
    </message>
    <message>
        <location filename="../../ui/settings/connection_page.py" line="47"/>
        <source>A database file (SQLite)</source>
        <translation>数据库文件（SQLite）</translation>
    </message>
    <message>
        <location filename="../../ui/settings/connection_page.py" line="48"/>
        <source>The team&apos;s PostgreSQL server</source>
        <translation>团队的 PostgreSQL 服务器</translation>
    </message>
    <message>
        <location filename="../../ui/settings/connection_page.py" line="49"/>
        <source>A dispatch server (over the network)</source>
        <translation>派单服务器（通过网络）</translation>
    </message>
    <message>
        <location filename="../../ui/settings/connection_page.py" line="51"/>
        <source>e.g. http://dispatch.corp:8470</source>
        <translation>例如 http://dispatch.corp:8470</translation>
    </message>
    <message>
        <location filename="../../ui/settings/connection_page.py" line="53"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/connection_page.py" line="61"/>
        <source>Remember the password (OS keyring)</source>
        <translation>记住密码（系统凭据库）</translation>
    </message>
    <message>
        <location filename="../../ui/settings/connection_page.py" line="65"/>
        <source>No OS keyring here: the password is asked for at each start</source>
        <translation>本机没有系统凭据库：每次启动时都会询问密码</translation>
    </message>
    <message>
        <location filename="../../ui/settings/connection_page.py" line="67"/>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <location filename="../../ui/settings/connection_page.py" line="68"/>
        <source>Set up this database</source>
        <translation>初始化此数据库</translation>
    </message>
    <message>
        <location filename="../../ui/settings/connection_page.py" line="81"/>
        <source>Tickets are kept</source>
        <translation>工单保存在</translation>
    </message>
    <message>
        <location filename="../../ui/settings/connection_page.py" line="82"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../ui/settings/connection_page.py" line="83"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../ui/settings/connection_page.py" line="84"/>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location filename="../../ui/settings/connection_page.py" line="85"/>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location filename="../../ui/settings/connection_page.py" line="86"/>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <location filename="../../ui/settings/connection_page.py" line="87"/>
        <source>User</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/settings/connection_page.py" line="88"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/settings/connection_page.py" line="132"/>
        <source>Fill in the outlined fields.</source>
        <translation>请填写红框标出的字段。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/connection_page.py" line="168"/>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/connection_page.py" line="182"/>
        <source>%1: connected, ready to use</source>
        <translation>%1：已连接，可以使用</translation>
    </message>
    <message>
        <location filename="../../ui/settings/connection_page.py" line="185"/>
        <source>%1 — it has no tables yet. Set it up here, or ask your administrator.</source>
        <translation>%1 — 尚未建表。可在此初始化，或联系管理员。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/connection_page.py" line="189"/>
        <source>%1 — its tables are from an older version. Update them here, or ask your administrator.</source>
        <translation>%1 — 表结构是旧版本的。可在此升级，或联系管理员。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/connection_page.py" line="192"/>
        <source>Could not connect: %1</source>
        <translation>无法连接：%1</translation>
    </message>
    <message>
        <location filename="../../ui/settings/connection_page.py" line="202"/>
        <source>Creating the tables…</source>
        <translation>正在建表…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/connection_page.py" line="225"/>
        <source>Database file</source>
        <translation>数据库文件</translation>
    </message>
    <message>
        <location filename="../../ui/settings/connection_page.py" line="227"/>
        <source>SQLite database (*.sqlite3 *.db)</source>
        <translation>SQLite 数据库 (*.sqlite3 *.db)</translation>
    </message>
    <message>
        <source>No company is served at %1. Check the address your provider gave you (e.g. https://yourcompany.dispatch.example).</source>
        <translation>%1 下没有对应的公司。请核对服务商提供的地址（例如 https://yourcompany.dispatch.example）。</translation>
    </message>
    <message>
        <source>Your company&apos;s service is suspended (%1). Ask your provider to resume it.</source>
        <translation>贵公司的服务已暂停（%1）。请联系服务商恢复。</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>未说明原因</translation>
    </message>
</context>
<context>
    <name>ContactDialog</name>
    <message>
        <location filename="../../ui/contact_dialog.py" line="38"/>
        <source>Where my alerts go</source>
        <translation>我的预警接收方式</translation>
    </message>
    <message>
        <location filename="../../ui/contact_dialog.py" line="44"/>
        <source>SLA alerts reach you here when you are away from the console: tickets near or past a deadline, and tickets a routing rule asks you to watch.</source>
        <translation>不在座席时，时限预警将发送到这里：即将超时或已超时的工单，以及流转规则要求您关注的工单。</translation>
    </message>
    <message>
        <location filename="../../ui/contact_dialog.py" line="49"/>
        <source>e.g. wang.li@example.com; empty: no e-mails</source>
        <translation>如 wang.li@example.com；留空则不发邮件</translation>
    </message>
    <message>
        <location filename="../../ui/contact_dialog.py" line="51"/>
        <source>e.g. 138 1234 5678; empty: no texts</source>
        <translation>如 138 1234 5678；留空则不发短信</translation>
    </message>
    <message>
        <location filename="../../ui/contact_dialog.py" line="65"/>
        <source>E-mail</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <location filename="../../ui/contact_dialog.py" line="66"/>
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <location filename="../../ui/contact_dialog.py" line="67"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../ui/contact_dialog.py" line="83"/>
        <source>Your login was not found: ask an administrator.</source>
        <translation>找不到您的账号，请联系管理员。</translation>
    </message>
</context>
<context>
    <name>ContractPicker</name>
    <message>
        <location filename="../../ui/routing/contracts.py" line="44"/>
        <source>any; or type a company&apos;s or a contract&apos;s name</source>
        <translation>不限；或输入企业名称或合同名称</translation>
    </message>
    <message>
        <location filename="../../ui/routing/contracts.py" line="49"/>
        <source>Delete removes the selected company or contract</source>
        <translation>按 Delete 键移除选中的企业或合同</translation>
    </message>
    <message>
        <location filename="../../ui/routing/contracts.py" line="51"/>
        <source>A ticket must be for one of the chosen companies and under one of the chosen contracts.</source>
        <translation>工单须同时属于所选企业之一，并在所选合同之一的范围内。</translation>
    </message>
    <message>
        <location filename="../../ui/routing/contracts.py" line="91"/>
        <source>%1 (company)</source>
        <translation>%1（企业）</translation>
    </message>
    <message>
        <location filename="../../ui/routing/contracts.py" line="104"/>
        <source>Companies and contracts could not be read: %1</source>
        <translation>无法读取企业和合同：%1</translation>
    </message>
    <message>
        <location filename="../../ui/routing/contracts.py" line="109"/>
        <source>%1 · %2 (ended %3)</source>
        <translation>%1 · %2（%3 已到期）</translation>
    </message>
    <message>
        <location filename="../../ui/routing/contracts.py" line="111"/>
        <source>%1 · %2 (from %3)</source>
        <translation>%1 · %2（%3 起生效）</translation>
    </message>
    <message>
        <location filename="../../ui/routing/contracts.py" line="113"/>
        <source>%1 · %2 (until %3)</source>
        <translation>%1 · %2（有效期至 %3）</translation>
    </message>
    <message>
        <location filename="../../ui/routing/contracts.py" line="132"/>
        <source>… %1 more: type more of the name</source>
        <translation>…… 另有 %1 项：请输入更完整的名称</translation>
    </message>
    <message>
        <location filename="../../ui/routing/contracts.py" line="138"/>
        <source>No company or contract is called that</source>
        <translation>没有此名称的企业或合同</translation>
    </message>
    <message>
        <location filename="../../ui/routing/contracts.py" line="139"/>
        <source>The companies and contracts are not read yet</source>
        <translation>企业和合同尚未读取</translation>
    </message>
    <message>
        <location filename="../../ui/routing/contracts.py" line="171"/>
        <source>company #%1</source>
        <translation>企业 #%1</translation>
    </message>
    <message>
        <location filename="../../ui/routing/contracts.py" line="171"/>
        <source>contract #%1</source>
        <translation>合同 #%1</translation>
    </message>
    <message>
        <location filename="../../ui/routing/contracts.py" line="184"/>
        <source>This contract has ended</source>
        <translation>该合同已到期</translation>
    </message>
</context>
<context>
    <name>ConversationList</name>
    <message>
        <location filename="../../ui/chat/conversations.py" line="32"/>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../ui/chat/conversations.py" line="32"/>
        <source>Last message</source>
        <translation>最新消息</translation>
    </message>
    <message>
        <location filename="../../ui/chat/conversations.py" line="32"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/chat/conversations.py" line="32"/>
        <source>Ticket</source>
        <translation>工单</translation>
    </message>
    <message>
        <location filename="../../ui/chat/conversations.py" line="62"/>
        <source>Already on a ticket</source>
        <translation>已关联工单</translation>
    </message>
</context>
<context>
    <name>ConversationPane</name>
    <message>
        <location filename="../../ui/chat/pane.py" line="55"/>
        <source>This is the &amp;customer</source>
        <translation>就是这位客户(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/chat/pane.py" line="58"/>
        <source>Open tickets of this customer</source>
        <translation>该客户未完结的工单</translation>
    </message>
    <message>
        <location filename="../../ui/chat/pane.py" line="65"/>
        <source>Or type a ticket number (T0000123) and press Enter to link</source>
        <translation>或输入工单号（如 T0000123）后按回车关联</translation>
    </message>
    <message>
        <location filename="../../ui/chat/pane.py" line="67"/>
        <source>Create &amp;ticket from this chat…</source>
        <translation>由此会话建单(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../ui/chat/pane.py" line="69"/>
        <source>&amp;Link to the selected ticket</source>
        <translation>关联到所选工单(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/chat/pane.py" line="70"/>
        <source>&amp;Open its ticket</source>
        <translation>打开关联工单(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../ui/chat/pane.py" line="111"/>
        <source>Choose a chat on the left.</source>
        <translation>请在左侧选择一个会话。</translation>
    </message>
    <message>
        <location filename="../../ui/chat/pane.py" line="123"/>
        <source>Customer: %1</source>
        <translation>客户：%1</translation>
    </message>
    <message>
        <location filename="../../ui/chat/pane.py" line="125"/>
        <source>Several customers match this chat; which one is it?</source>
        <translation>有多位客户与此会话匹配，是哪一位？</translation>
    </message>
    <message>
        <location filename="../../ui/chat/pane.py" line="180"/>
        <source>Type a ticket number such as T0000123.</source>
        <translation>请输入工单号，例如 T0000123。</translation>
    </message>
    <message>
        <location filename="../../ui/chat/pane.py" line="129"/>
        <source>No customer has this number or address; pick one in the ticket form.</source>
        <translation>没有客户使用这个号码或邮箱；请在工单表单中选择客户。</translation>
    </message>
    <message>
        <location filename="../../ui/chat/pane.py" line="133"/>
        <source>On ticket %1.</source>
        <translation>已关联工单 %1。</translation>
    </message>
</context>
<context>
    <name>CustomerPicker</name>
    <message>
        <location filename="../../ui/routing/customers.py" line="25"/>
        <source>any; or type a customer&apos;s name or number</source>
        <translation>不限；或输入客户名称或电话</translation>
    </message>
    <message>
        <location filename="../../ui/routing/customers.py" line="31"/>
        <source>Delete removes the selected customer</source>
        <translation>按 Delete 移除所选客户</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <location filename="../../ui/callbacks/dashboard.py" line="56"/>
        <source>Average satisfaction</source>
        <translation>平均满意度</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dashboard.py" line="57"/>
        <source>Fixed the first time</source>
        <translation>一次修复率</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dashboard.py" line="58"/>
        <source>Callbacks done</source>
        <translation>回访完成率</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dashboard.py" line="59"/>
        <source>Done on time</source>
        <translation>按时回访率</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dashboard.py" line="64"/>
        <source>Satisfaction by day</source>
        <translation>每日满意度</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dashboard.py" line="69"/>
        <source>Technicians&apos; average score (lowest first, 3 answers or more)</source>
        <translation>技术员平均得分（低分在前，至少 3 条评价）</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/callbacks/dashboard.py" line="92"/>
        <source>%n answer(s)</source>
        <translation>
            <numerusform>%n 条评价</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/callbacks/dashboard.py" line="96"/>
        <source>of %n resolved ticket(s)</source>
        <translation>
            <numerusform>共 %n 张已解决工单</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dashboard.py" line="100"/>
        <source>%1 of %2 due</source>
        <translation>应回访 %2 条，已完成 %1 条</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/dashboard.py" line="132"/>
        <source>Average</source>
        <translation>平均分</translation>
    </message>
</context>
<context>
    <name>DetailPanel</name>
    <message>
        <location filename="../../ui/tickets/detail_panel.py" line="63"/>
        <location filename="../../ui/tickets/detail_panel.py" line="132"/>
        <source>Select a ticket</source>
        <translation>请选择工单</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/detail_panel.py" line="73"/>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/detail_panel.py" line="74"/>
        <source>Edit the ticket (Ctrl+E)</source>
        <translation>编辑工单 (Ctrl+E)</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/detail_panel.py" line="75"/>
        <source>Call</source>
        <translation>外呼</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/detail_panel.py" line="76"/>
        <source>Call the customer (Ctrl+Shift+D)</source>
        <translation>外呼客户 (Ctrl+Shift+D)</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/detail_panel.py" line="77"/>
        <source>Note…</source>
        <translation>备注…</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/detail_panel.py" line="78"/>
        <source>Add a note (Ctrl+M)</source>
        <translation>添加备注 (Ctrl+M)</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/detail_panel.py" line="79"/>
        <source>Notifications…</source>
        <translation>客户通知…</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/detail_panel.py" line="80"/>
        <source>How the customer is told of progress</source>
        <translation>工单进度如何通知客户</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/detail_panel.py" line="151"/>
        <source>%1 — loading…</source>
        <translation>%1 — 加载中…</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/detail_panel.py" line="155"/>
        <source>%1 could not be loaded</source>
        <translation>%1 加载失败</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/detail_panel.py" line="156"/>
        <source>Press F5 to try again.</source>
        <translation>按 F5 重试。</translation>
    </message>
</context>
<context>
    <name>Dialing</name>
    <message>
        <location filename="../../ui/calls/dialing.py" line="54"/>
        <source>No number to call on this ticket.</source>
        <translation>这张工单没有可拨打的号码。</translation>
    </message>
    <message>
        <location filename="../../ui/calls/dialing.py" line="67"/>
        <source>%1 was not dialled: this console has no PBX line to call from (Settings ▸ Telephony).</source>
        <translation>未拨打 %1：本机没有可用于外呼的电话线路（设置 ▸ 电话）。</translation>
    </message>
    <message>
        <location filename="../../ui/calls/dialing.py" line="79"/>
        <source>The PBX cannot dial: %1.</source>
        <translation>交换机无法外呼：%1。</translation>
    </message>
    <message>
        <location filename="../../ui/calls/dialing.py" line="84"/>
        <source>The PBX cannot dial: %1. Handing the number to your softphone.</source>
        <translation>交换机无法外呼：%1。已把号码交给软电话。</translation>
    </message>
    <message>
        <location filename="../../ui/calls/dialing.py" line="108"/>
        <source>Calling %1 with your softphone…</source>
        <translation>正在用软电话拨打 %1…</translation>
    </message>
</context>
<context>
    <name>DispatchController</name>
    <message>
        <location filename="../../ui/map/dispatch.py" line="157"/>
        <source>Select a ticket to see who should go</source>
        <translation>选择一张工单，查看派谁去</translation>
    </message>
    <message>
        <location filename="../../ui/map/dispatch.py" line="162"/>
        <source>%1 is %2: nothing to dispatch.</source>
        <translation>%1 状态为“%2”：无需派单。</translation>
    </message>
    <message>
        <location filename="../../ui/map/dispatch.py" line="170"/>
        <source>%1 has no site yet: add one to rank technicians by distance.</source>
        <translation>%1 还没有现场地址：补充后才能按距离推荐技术员。</translation>
    </message>
    <message>
        <location filename="../../ui/map/dispatch.py" line="235"/>
        <source>%1 is further down the list.</source>
        <translation>%1 排在列表后面。</translation>
    </message>
    <message>
        <location filename="../../ui/map/dispatch.py" line="238"/>
        <source>%1 is not suggested: %2.</source>
        <translation>不推荐 %1：%2。</translation>
    </message>
</context>
<context>
    <name>DuplicateWarning</name>
    <message>
        <location filename="../../ui/tickets/duplicates.py" line="35"/>
        <source>%1 is already open here (%2, opened %3): add to it rather than open another?</source>
        <translation>这里已有未完结工单 %1（%2，%3 建单）：是否补充到该工单，而不是再开一张？</translation>
    </message>
</context>
<context>
    <name>GeneralPage</name>
    <message>
        <location filename="../../ui/settings/general_page.py" line="15"/>
        <source>The system&apos;s language</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../ui/settings/general_page.py" line="27"/>
        <source>A new language applies the next time the console starts.</source>
        <translation>新的语言在下次启动时生效。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/general_page.py" line="30"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../ui/settings/general_page.py" line="31"/>
        <source>Phone numbers without a country code are in</source>
        <translation>不带国家码的电话号码属于</translation>
    </message>
</context>
<context>
    <name>LabelsDialog</name>
    <message>
        <location filename="../../ui/labels/dialog.py" line="49"/>
        <location filename="../../ui/labels/dialog.py" line="200"/>
        <source>QR labels</source>
        <translation>设备二维码标签</translation>
    </message>
    <message>
        <location filename="../../ui/labels/dialog.py" line="57"/>
        <source>Where customers&apos; phones reach the dispatch server from the internet.</source>
        <translation>客户手机从互联网访问派单服务器的地址。</translation>
    </message>
    <message>
        <location filename="../../ui/labels/dialog.py" line="60"/>
        <source>Customer name or phone number</source>
        <translation>客户名称或电话</translation>
    </message>
    <message>
        <location filename="../../ui/labels/dialog.py" line="65"/>
        <source>Site / device</source>
        <translation>现场 / 设备</translation>
    </message>
    <message>
        <location filename="../../ui/labels/dialog.py" line="65"/>
        <source>Serial number</source>
        <translation>序列号</translation>
    </message>
    <message>
        <location filename="../../ui/labels/dialog.py" line="69"/>
        <source>Save PDF…</source>
        <translation>保存 PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/labels/dialog.py" line="76"/>
        <source>Address for customers</source>
        <translation>客户访问地址</translation>
    </message>
    <message>
        <location filename="../../ui/labels/dialog.py" line="77"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/labels/dialog.py" line="122"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../ui/labels/dialog.py" line="146"/>
        <source>This customer has no sites yet.</source>
        <translation>该客户还没有现场。</translation>
    </message>
    <message>
        <location filename="../../ui/labels/dialog.py" line="174"/>
        <source>%1 label(s) on %2 sheet(s) of %3.</source>
        <translation>共 %1 张标签，需 %2 张标签纸（每张 %3 枚）。</translation>
    </message>
    <message>
        <location filename="../../ui/labels/dialog.py" line="182"/>
        <source>Save QR labels</source>
        <translation>保存二维码标签</translation>
    </message>
    <message>
        <location filename="../../ui/labels/dialog.py" line="182"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/labels/dialog.py" line="192"/>
        <source>Enter the address customers reach the server at, e.g. %1.</source>
        <translation>请填写客户访问服务器的地址，例如 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/labels/dialog.py" line="202"/>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <location filename="../../ui/labels/dialog.py" line="206"/>
        <source>Saved %1 label(s) on %2 page(s) to %3.</source>
        <translation>已保存 %1 张标签（%2 页）到 %3。</translation>
    </message>
</context>
<context>
    <name>LifecycleController</name>
    <message>
        <location filename="../../ui/tickets/lifecycle.py" line="51"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/lifecycle.py" line="52"/>
        <source>Why? (kept in the ticket&apos;s history)</source>
        <translation>原因（记入工单历史）</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/lifecycle.py" line="65"/>
        <location filename="../../ui/tickets/lifecycle.py" line="70"/>
        <source>Dispatch</source>
        <translation>派单</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/lifecycle.py" line="65"/>
        <source>No technicians in this department.</source>
        <translation>该部门没有技术员。</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/lifecycle.py" line="70"/>
        <source>Send which technician?</source>
        <translation>派给哪位技术员？</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/lifecycle.py" line="115"/>
        <source>Leave it</source>
        <translation>不处理</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/lifecycle.py" line="127"/>
        <source>Not done</source>
        <translation>未完成</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/lifecycle.py" line="127"/>
        <source>Problem</source>
        <translation>出现问题</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/login.py" line="51"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="53"/>
        <source>Create the first administrator</source>
        <translation>创建第一个管理员</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="56"/>
        <source>%1 has no users yet. Create the administrator account; add agents later with dispatch-admin create-user.</source>
        <translation>%1 还没有任何用户。请先创建管理员账号；坐席账号之后可用 dispatch-admin create-user 添加。</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="60"/>
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="62"/>
        <location filename="../../ui/login.py" line="71"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="63"/>
        <source>Sign in to %1</source>
        <translation>登录到 %1</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="64"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="66"/>
        <source>Repeat password</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="71"/>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="85"/>
        <source>Enter your user name and password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="88"/>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="91"/>
        <source>Checking…</source>
        <translation>正在验证…</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="115"/>
        <source>Wrong user name or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="72"/>
        <source>Dispatch Console</source>
        <translation>派单工作台</translation>
    </message>
    <message>
        <location filename="../../ui/docks.py" line="42"/>
        <source>Calls</source>
        <translation>通话记录</translation>
    </message>
    <message>
        <location filename="../../ui/docks.py" line="45"/>
        <source>Callbacks</source>
        <translation>回访</translation>
    </message>
    <message>
        <location filename="../../ui/docks.py" line="54"/>
        <source>Map</source>
        <translation>地图</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="136"/>
        <source>connecting…</source>
        <translation>连接中…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="137"/>
        <source>ext.</source>
        <translation>分机</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="286"/>
        <source>%1 cannot be dispatched now: it is %2.</source>
        <translation>%1 当前无法派单：状态为“%2”。</translation>
    </message>
    <message>
        <location filename="../../ui/window_dialogs.py" line="145"/>
        <source>Saved: alerts go where you said.</source>
        <translation>已保存：预警将按您的设置发送。</translation>
    </message>
    <message>
        <location filename="../../ui/window_dialogs.py" line="188"/>
        <source>Saved. The new connection or language applies when you restart.</source>
        <translation>已保存。新的连接或语言在重启后生效。</translation>
    </message>
    <message>
        <location filename="../../ui/window_dialogs.py" line="203"/>
        <source>Keyboard shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/main_window.py" line="342"/>
        <source>%n ticket(s) shown, more as you scroll</source>
        <translation>
            <numerusform>已显示 %n 张工单，向下滚动加载更多</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/main_window.py" line="344"/>
        <source>%n ticket(s)</source>
        <translation>
            <numerusform>共 %n 张工单</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="349"/>
        <source>Problem: %1</source>
        <translation>出现问题：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="357"/>
        <source>online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="357"/>
        <source>offline — retrying</source>
        <translation>离线 — 正在重试</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/main_window.py" line="360"/>
        <source>The server answers again: %n kept change(s) sent.</source>
        <translation>
            <numerusform>服务器已恢复：已发送 %n 条暂存的修改。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/main_window.py" line="362"/>
        <source>%n not accepted; see the list in the status bar.</source>
        <translation>
            <numerusform>%n 条未被接受，请在状态栏的列表中查看。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Password changed; %n other session(s) signed out.</source>
        <translation>
            <numerusform>密码已修改；其他 %n 处登录已退出。</numerusform>
        </translation>
    </message>
    <message>
        <source>online — live updates delayed</source>
        <translation>在线 — 实时更新延迟</translation>
    </message>
    <message>
        <source>The server cannot reach its database just now, so changes made at other consoles appear late. Press F5 to reload; tell IT if this lasts.</source>
        <translation>服务器暂时连不上数据库，其他坐席的改动会延迟显示。可按 F5 刷新；如持续出现，请联系 IT。</translation>
    </message>
    <message>
        <source>Dispatch board</source>
        <translation>派工看板</translation>
    </message>
</context>
<context>
    <name>MapPage</name>
    <message>
        <location filename="../../ui/settings/map_page.py" line="50"/>
        <source>OpenStreetMap</source>
        <translation>OpenStreetMap</translation>
    </message>
    <message>
        <location filename="../../ui/settings/map_page.py" line="51"/>
        <source>AMap (高德)</source>
        <translation>高德地图</translation>
    </message>
    <message>
        <location filename="../../ui/settings/map_page.py" line="52"/>
        <source>Baidu (百度)</source>
        <translation>百度地图</translation>
    </message>
    <message>
        <location filename="../../ui/settings/map_page.py" line="53"/>
        <source>Our own tile server</source>
        <translation>自建瓦片服务器</translation>
    </message>
    <message>
        <location filename="../../ui/settings/map_page.py" line="54"/>
        <source>An MBTiles file (offline)</source>
        <translation>MBTiles 文件（离线）</translation>
    </message>
    <message>
        <location filename="../../ui/settings/map_page.py" line="57"/>
        <source>WGS-84 (GPS, OpenStreetMap)</source>
        <translation>WGS-84（GPS、OpenStreetMap）</translation>
    </message>
    <message>
        <location filename="../../ui/settings/map_page.py" line="58"/>
        <source>GCJ-02 (AMap, Tencent)</source>
        <translation>GCJ-02（高德、腾讯）</translation>
    </message>
    <message>
        <location filename="../../ui/settings/map_page.py" line="59"/>
        <source>BD-09 (Baidu)</source>
        <translation>BD-09（百度）</translation>
    </message>
    <message>
        <location filename="../../ui/settings/map_page.py" line="61"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/map_page.py" line="63"/>
        <source>Offline: the map never contacts another host</source>
        <translation>离线：地图不访问任何外部主机</translation>
    </message>
    <message>
        <location filename="../../ui/settings/map_page.py" line="67"/>
        <source>e.g. http://osrm.corp.local:5000 (empty: estimate)</source>
        <translation>例如 http://osrm.corp.local:5000（留空：按直线估算）</translation>
    </message>
    <message>
        <location filename="../../ui/settings/map_page.py" line="80"/>
        <source>Map tiles</source>
        <translation>地图瓦片</translation>
    </message>
    <message>
        <location filename="../../ui/settings/map_page.py" line="81"/>
        <source>Tile URL</source>
        <translation>瓦片地址</translation>
    </message>
    <message>
        <location filename="../../ui/settings/map_page.py" line="82"/>
        <source>Drawn in</source>
        <translation>坐标系</translation>
    </message>
    <message>
        <location filename="../../ui/settings/map_page.py" line="83"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../ui/settings/map_page.py" line="85"/>
        <source>Travel times by road</source>
        <translation>道路行驶时间</translation>
    </message>
    <message>
        <location filename="../../ui/settings/map_page.py" line="86"/>
        <source>Route service</source>
        <translation>路径服务</translation>
    </message>
    <message>
        <location filename="../../ui/settings/map_page.py" line="116"/>
        <source>Choose an existing MBTiles file.</source>
        <translation>请选择一个已存在的 MBTiles 文件。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/map_page.py" line="144"/>
        <source>MBTiles file</source>
        <translation>MBTiles 文件</translation>
    </message>
</context>
<context>
    <name>MapPanel</name>
    <message>
        <location filename="../../ui/map/panel.py" line="94"/>
        <source>%1 min ago</source>
        <translation>%1 分钟前</translation>
    </message>
    <message>
        <source>Map tiles from %1 cannot be fetched. Showing the built-in outline map.</source>
        <translation>无法从 %1 获取地图瓦片，当前显示内置的简易底图。</translation>
    </message>
</context>
<context>
    <name>NoteDialog</name>
    <message>
        <location filename="../../ui/tickets/note_dialog.py" line="46"/>
        <source>Note on %1</source>
        <translation>%1 的备注</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/note_dialog.py" line="49"/>
        <source>The customer may see this note</source>
        <translation>客户可见此备注</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/note_dialog.py" line="74"/>
        <source>Write the note first.</source>
        <translation>请先填写备注内容。</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/note_dialog.py" line="94"/>
        <source>Not saved: %1. Your text is still here; try again.</source>
        <translation>未保存：%1。您的内容仍在，请重试。</translation>
    </message>
</context>
<context>
    <name>NoticeButton</name>
    <message>
        <location filename="../../ui/notices.py" line="152"/>
        <source>What concerns you from the last 24 hours; opening the list marks it read</source>
        <translation>最近 24 小时内与您相关的提醒；打开列表即标为已读</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="162"/>
        <source>Notices: %1</source>
        <translation>提醒：%1</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="163"/>
        <source>Notices</source>
        <translation>提醒</translation>
    </message>
</context>
<context>
    <name>NotifyActions</name>
    <message>
        <location filename="../../ui/tickets/notify_actions.py" line="72"/>
        <source>Notification queued again for %1</source>
        <translation>已重新安排发送给%1</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/notify_actions.py" line="92"/>
        <source>Notification choices saved for %1</source>
        <translation>已保存%1的通知设置</translation>
    </message>
</context>
<context>
    <name>NotifyPrefsDialog</name>
    <message>
        <location filename="../../ui/tickets/notify_actions.py" line="31"/>
        <source>Notifications to %1</source>
        <translation>给%1的通知</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/notify_actions.py" line="33"/>
        <source>Tell the customer of their ticket&apos;s progress (received, assigned, on the way, on site, resolved, callbacks) by:</source>
        <translation>工单进展（受理、派单、师傅出发、到场、完工、回访）通过以下方式通知客户：</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/notify_actions.py" line="37"/>
        <source>E-mail</source>
        <translation>邮件</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/notify_actions.py" line="39"/>
        <source>SMS</source>
        <translation>短信</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/notify_actions.py" line="42"/>
        <source>No e-mail address on file</source>
        <translation>未登记邮箱</translation>
    </message>
</context>
<context>
    <name>PhotoViewer</name>
    <message>
        <location filename="../../ui/tickets/photo_viewer.py" line="52"/>
        <source>◀ Previous</source>
        <translation>◀ 上一张</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/photo_viewer.py" line="53"/>
        <source>Next ▶</source>
        <translation>下一张 ▶</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/photo_viewer.py" line="54"/>
        <source>Save a copy…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/photo_viewer.py" line="86"/>
        <source>%1 · %2 KB · added by %3 on %4</source>
        <translation>%1 · %2 KB · %3 于 %4 上传</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/photo_viewer.py" line="96"/>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/photo_viewer.py" line="113"/>
        <source>This file is not a picture; save a copy to open it.</source>
        <translation>该文件不是图片，请另存后打开。</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/photo_viewer.py" line="118"/>
        <source>Could not load the file: %1</source>
        <translation>无法加载文件：%1</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/photo_viewer.py" line="138"/>
        <source>Save a copy</source>
        <translation>另存为</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <location filename="../../ui/tickets/queue_panel.py" line="50"/>
        <source>Open</source>
        <translation>未完结</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/queue_panel.py" line="51"/>
        <source>Opened by me</source>
        <translation>我创建的</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/queue_panel.py" line="52"/>
        <source>To dispatch</source>
        <translation>待派单</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/queue_panel.py" line="53"/>
        <source>SLA at risk</source>
        <translation>即将超时</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/queue_panel.py" line="54"/>
        <source>Escalated</source>
        <translation>已升级</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/queue_panel.py" line="55"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/queue_panel.py" line="65"/>
        <source>Any status</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/queue_panel.py" line="69"/>
        <source>All departments</source>
        <translation>全部部门</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/queue_panel.py" line="71"/>
        <source>Ticket number, phone or customer name  (Ctrl+F)</source>
        <translation>工单号、电话或客户名称（Ctrl+F）</translation>
    </message>
</context>
<context>
    <name>RestoredBanner</name>
    <message>
        <location filename="../../ui/tickets/draft_keeper.py" line="136"/>
        <source>Restore it</source>
        <translation>恢复草稿</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/draft_keeper.py" line="138"/>
        <source>Discard it</source>
        <translation>放弃此草稿</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/draft_keeper.py" line="156"/>
        <source>A ticket you were writing at %1 was not saved: the server did not answer.</source>
        <translation>您在 %1 填写的工单因服务器无响应未能保存。</translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message>
        <location filename="../../ui/callbacks/review.py" line="59"/>
        <source>Callback review</source>
        <translation>回访审核</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/review.py" line="72"/>
        <source>any answer</source>
        <translation>全部结果</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/review.py" line="81"/>
        <source>&amp;Low scores only</source>
        <translation>仅看低分(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/review.py" line="82"/>
        <source>&amp;Show</source>
        <translation>查询(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/review.py" line="95"/>
        <source>&amp;Give to agent…</source>
        <translation>转给坐席(&amp;G)…</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/review.py" line="96"/>
        <source>Export &amp;CSV…</source>
        <translation>导出 CSV(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/review.py" line="97"/>
        <source>Export &amp;Excel…</source>
        <translation>导出 Excel(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/review.py" line="111"/>
        <location filename="../../ui/callbacks/review.py" line="231"/>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/review.py" line="112"/>
        <source>Technician</source>
        <translation>技术员</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/review.py" line="113"/>
        <source>Answer</source>
        <translation>回访结果</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/review.py" line="114"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/review.py" line="115"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/review.py" line="139"/>
        <source>Callbacks</source>
        <translation>回访记录</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/review.py" line="140"/>
        <source>Dashboard</source>
        <translation>统计看板</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/review.py" line="141"/>
        <source>Rules</source>
        <translation>回访规则</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/review.py" line="155"/>
        <source>every agent</source>
        <translation>全部坐席</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/review.py" line="162"/>
        <source>every technician</source>
        <translation>全部技术员</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/callbacks/review.py" line="210"/>
        <source>%n callback(s)</source>
        <translation>
            <numerusform>%n 条回访</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/callbacks/review.py" line="210"/>
        <source>%n low score(s)</source>
        <translation>
            <numerusform>%n 条低分</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/callbacks/review.py" line="213"/>
        <source>only the newest %n: narrow the period</source>
        <translation>
            <numerusform>仅显示最新 %n 条，请缩小时间范围</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/review.py" line="231"/>
        <source>Give to agent</source>
        <translation>转给坐席</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/review.py" line="246"/>
        <source>Export callbacks</source>
        <translation>导出回访记录</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/review.py" line="257"/>
        <source>Could not save %1: %2</source>
        <translation>无法保存 %1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/review.py" line="260"/>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
</context>
<context>
    <name>RoutingRulesDialog</name>
    <message>
        <location filename="../../ui/routing/dialog.py" line="36"/>
        <source>Routing rules</source>
        <translation>工单流转规则</translation>
    </message>
    <message>
        <location filename="../../ui/routing/dialog.py" line="41"/>
        <source>&amp;New rule</source>
        <translation>新建规则(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/routing/dialog.py" line="42"/>
        <source>&amp;Save rule</source>
        <translation>保存规则(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/routing/dialog.py" line="43"/>
        <source>&amp;Delete rule</source>
        <translation>删除规则(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/routing/dialog.py" line="52"/>
        <source>Rules apply in this order to every new ticket.</source>
        <translation>新工单按以下顺序匹配规则。</translation>
    </message>
    <message>
        <location filename="../../ui/routing/dialog.py" line="88"/>
        <source>(not in use)</source>
        <translation>（已停用）</translation>
    </message>
    <message>
        <location filename="../../ui/routing/dialog.py" line="131"/>
        <source>Saved. New tickets follow it from now on.</source>
        <translation>已保存。此后新建的工单按此规则流转。</translation>
    </message>
    <message>
        <location filename="../../ui/routing/dialog.py" line="141"/>
        <source>No technician has the skill %1: these tickets will wait for a person.</source>
        <translation>没有师傅具备技能 %1：这类工单将等待人工派单。</translation>
    </message>
</context>
<context>
    <name>RuleForm</name>
    <message>
        <location filename="../../ui/routing/form.py" line="49"/>
        <source>In use</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="50"/>
        <source>Stop here: later rules are not looked at</source>
        <translation>匹配后停止：不再看后面的规则</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="54"/>
        <source>any; or e.g. lift, escalator</source>
        <translation>不限；或如：电梯, 扶梯</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="56"/>
        <source>any; or e.g. OTIS GeN2</source>
        <translation>不限；或如：OTIS GeN2</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="61"/>
        <source>or a district&apos;s corners: 31.26,121.50; 31.26,121.70; 31.10,121.70; …</source>
        <translation>或片区的各个角点：31.26,121.50; 31.26,121.70; 31.10,121.70; …</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="66"/>
        <source>Only at these times</source>
        <translation>仅限以下时间</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="67"/>
        <source>Mon</source>
        <translation>周一</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="67"/>
        <source>Tue</source>
        <translation>周二</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="67"/>
        <source>Wed</source>
        <translation>周三</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="67"/>
        <source>Thu</source>
        <translation>周四</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="67"/>
        <source>Fri</source>
        <translation>周五</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="68"/>
        <source>Sat</source>
        <translation>周六</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="68"/>
        <source>Sun</source>
        <translation>周日</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="72"/>
        <source>Only within</source>
        <translation>仅限范围内</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="81"/>
        <source>of lat. </source>
        <translation>中心纬度 </translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="82"/>
        <source>lon. </source>
        <translation>经度 </translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="84"/>
        <location filename="../../ui/routing/form.py" line="86"/>
        <location filename="../../ui/routing/form.py" line="90"/>
        <source>(unchanged)</source>
        <translation>（不变）</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="91"/>
        <source>Basic</source>
        <translation>基础</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="91"/>
        <source>Standard</source>
        <translation>标准</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="92"/>
        <source>Premium</source>
        <translation>高级</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="96"/>
        <source>e.g. lift</source>
        <translation>如：电梯</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="98"/>
        <source>user names, e.g. supervisor1</source>
        <translation>用户名，如：supervisor1</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="99"/>
        <source>Dispatch automatically when the best technician scores at most</source>
        <translation>最佳师傅的评分不超过此值时自动派单</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="104"/>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="105"/>
        <source>The score is the minutes to arrive, plus time for the jobs already in hand and any lateness</source>
        <translation>评分 = 到达所需分钟数，加上手头工单的占用时间和预计超时</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="113"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="114"/>
        <source>Order</source>
        <translation>顺序</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="117"/>
        <source>Channels</source>
        <translation>来源渠道</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="118"/>
        <source>Categories</source>
        <translation>故障类别</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="119"/>
        <source>Asset models</source>
        <translation>设备型号</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="120"/>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="121"/>
        <source>Companies / contracts</source>
        <translation>企业 / 合同</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="122"/>
        <source>In department</source>
        <translation>当前部门</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="123"/>
        <source>Priorities</source>
        <translation>优先级</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="124"/>
        <source>Hours</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="127"/>
        <source>Area</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="129"/>
        <source>When a new ticket…</source>
        <translation>当新工单…</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="132"/>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="133"/>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="134"/>
        <source>SLA class</source>
        <translation>SLA 等级</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="135"/>
        <source>Required skills</source>
        <translation>所需技能</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="136"/>
        <source>Tell</source>
        <translation>通知</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="138"/>
        <source>…then</source>
        <translation>…则</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="213"/>
        <source>Write each corner as latitude,longitude, separated by &apos;;&apos;.</source>
        <translation>每个角点写成 纬度,经度，角点之间用“;”分隔。</translation>
    </message>
    <message>
        <location filename="../../ui/routing/form.py" line="253"/>
        <source>Give the rule a name.</source>
        <translation>请为规则命名。</translation>
    </message>
</context>
<context>
    <name>RulesEditor</name>
    <message>
        <location filename="../../ui/callbacks/rules.py" line="38"/>
        <source>any category</source>
        <translation>任意类别</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/rules.py" line="40"/>
        <source>any channel</source>
        <translation>任意渠道</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/rules.py" line="48"/>
        <source>next business day at</source>
        <translation>下一个工作日</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/rules.py" line="50"/>
        <source>hours after</source>
        <translation>解决后（小时）</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/rules.py" line="56"/>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/rules.py" line="108"/>
        <source>Category</source>
        <translation>故障类别</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/rules.py" line="109"/>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/rules.py" line="110"/>
        <source>Call back</source>
        <translation>回访时间</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/rules.py" line="111"/>
        <source>Time</source>
        <translation>时长/时刻</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/rules.py" line="112"/>
        <source>Done within</source>
        <translation>限时完成</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/rules.py" line="113"/>
        <source>On</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/rules.py" line="120"/>
        <source>&amp;Add a rule</source>
        <translation>新增规则(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/rules.py" line="121"/>
        <source>Save &amp;rules</source>
        <translation>保存规则(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/rules.py" line="126"/>
        <source>Resolved tickets are called back by the most specific rule that matches them: category and channel, then category, then channel, then any. Switch a rule off to call back nobody it matches.</source>
        <translation>已解决的工单按最匹配的规则安排回访：先看类别加渠道，再看类别，再看渠道，最后是通用规则。停用某条规则，则其匹配的工单不再回访。</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/rules.py" line="168"/>
        <source>Nothing to save.</source>
        <translation>没有需要保存的修改。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/callbacks/rules.py" line="183"/>
        <source>%n rule(s) saved.</source>
        <translation>
            <numerusform>已保存 %n 条规则。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/rules.py" line="198"/>
        <source>Rule %1: %2</source>
        <translation>第 %1 条规则：%2</translation>
    </message>
</context>
<context>
    <name>ScreenPop</name>
    <message>
        <location filename="../../ui/calls/popup.py" line="49"/>
        <source>unknown</source>
        <translation>未知号码</translation>
    </message>
    <message>
        <location filename="../../ui/calls/popup.py" line="50"/>
        <source>Incoming call %1</source>
        <translation>来电 %1</translation>
    </message>
    <message>
        <location filename="../../ui/calls/popup.py" line="52"/>
        <source>%1 — looking up…</source>
        <translation>%1 — 正在查询…</translation>
    </message>
    <message>
        <location filename="../../ui/calls/popup.py" line="65"/>
        <source>Ringing</source>
        <translation>振铃中</translation>
    </message>
    <message>
        <location filename="../../ui/calls/popup.py" line="66"/>
        <source>Open ticket</source>
        <translation>打开工单</translation>
    </message>
    <message>
        <location filename="../../ui/calls/popup.py" line="67"/>
        <source>New ticket (Ctrl+N)</source>
        <translation>新建工单 (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../ui/calls/popup.py" line="68"/>
        <source>Note…</source>
        <translation>备注…</translation>
    </message>
    <message>
        <location filename="../../ui/calls/popup.py" line="93"/>
        <source>%1 — not a known customer</source>
        <translation>%1 — 不是已知客户</translation>
    </message>
    <message>
        <location filename="../../ui/calls/popup.py" line="95"/>
        <source>Ctrl+N starts a ticket for a new customer with this number.</source>
        <translation>按 Ctrl+N 为该号码的新客户建单。</translation>
    </message>
    <message>
        <location filename="../../ui/calls/popup.py" line="104"/>
        <source>%1 — %2 customers share this number</source>
        <translation>%1 — %2 位客户使用该号码</translation>
    </message>
    <message>
        <location filename="../../ui/calls/popup.py" line="112"/>
        <source>not dispatched</source>
        <translation>未派单</translation>
    </message>
    <message>
        <location filename="../../ui/calls/popup.py" line="132"/>
        <source>Equipment: %1</source>
        <translation>设备：%1</translation>
    </message>
    <message>
        <location filename="../../ui/calls/popup.py" line="135"/>
        <source>A callback to this number is due %1.</source>
        <translation>该号码有一个待回访任务，计划 %1。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/calls/popup.py" line="141"/>
        <source>%n call(s) recently, the last at %1</source>
        <translation>
            <numerusform>近期来电 %n 次，最近一次 %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/calls/popup.py" line="150"/>
        <source>Taken by extension %1</source>
        <translation>已由分机 %1 接听</translation>
    </message>
    <message>
        <location filename="../../ui/calls/popup.py" line="152"/>
        <source>Answered</source>
        <translation>已接听</translation>
    </message>
    <message>
        <location filename="../../ui/calls/popup.py" line="156"/>
        <source>Missed — a callback task was created</source>
        <translation>未接 — 已生成回访任务</translation>
    </message>
    <message>
        <location filename="../../ui/calls/popup.py" line="156"/>
        <source>Call ended</source>
        <translation>通话结束</translation>
    </message>
    <message>
        <source>Incoming call: open the highlighted ticket</source>
        <translation>来电弹屏：打开选中的工单</translation>
    </message>
    <message>
        <source>Incoming call: new ticket for the caller</source>
        <translation>来电弹屏：为来电客户新建工单</translation>
    </message>
    <message>
        <source>Incoming call: add the number to a customer</source>
        <translation>来电弹屏：把号码添加到客户</translation>
    </message>
    <message>
        <source>Incoming call: close the pop-up</source>
        <translation>来电弹屏：关闭弹屏</translation>
    </message>
    <message>
        <source>Add to a customer… (%1)</source>
        <translation>添加到客户… (%1)</translation>
    </message>
    <message>
        <source>Add this number to an existing customer (%1)</source>
        <translation>把此号码添加到已有客户 (%1)</translation>
    </message>
    <message>
        <source>Ctrl+L adds it to an existing customer.</source>
        <translation>Ctrl+L 把它添加到已有客户。</translation>
    </message>
    <message>
        <source>The number was added to %1.</source>
        <translation>号码已添加到 %1。</translation>
    </message>
</context>
<context>
    <name>SessionRenewal</name>
    <message>
        <location filename="../../ui/session.py" line="42"/>
        <source>Your session has ended</source>
        <translation>登录已失效，请重新登录</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings/dialog.py" line="48"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="57"/>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="58"/>
        <source>Telephony</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="59"/>
        <source>Map</source>
        <translation>地图</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="60"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="105"/>
        <source>Could not save the settings: %1</source>
        <translation>无法保存设置：%1</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="111"/>
        <source>Password not stored</source>
        <translation>密码未保存</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="113"/>
        <source>Saved, but the OS keyring refused the password; you will be asked for it.</source>
        <translation>已保存，但系统凭据库拒绝保存密码；之后会再询问您。</translation>
    </message>
</context>
<context>
    <name>TelephonyPage</name>
    <message>
        <location filename="../../ui/settings/telephony_page.py" line="36"/>
        <source>No telephony</source>
        <translation>不接入电话</translation>
    </message>
    <message>
        <location filename="../../ui/settings/telephony_page.py" line="37"/>
        <source>Softphone hook (MicroSIP, Zoiper…)</source>
        <translation>软电话联动（MicroSIP、Zoiper…）</translation>
    </message>
    <message>
        <location filename="../../ui/settings/telephony_page.py" line="38"/>
        <source>Asterisk (AMI)</source>
        <translation>Asterisk（AMI）</translation>
    </message>
    <message>
        <location filename="../../ui/settings/telephony_page.py" line="39"/>
        <source>FreeSWITCH (event socket)</source>
        <translation>FreeSWITCH（ESL）</translation>
    </message>
    <message>
        <location filename="../../ui/settings/telephony_page.py" line="40"/>
        <source>HTTP CTI webhook</source>
        <translation>HTTP CTI 回调</translation>
    </message>
    <message>
        <location filename="../../ui/settings/telephony_page.py" line="41"/>
        <source>The dispatch server (it connects to the PBX)</source>
        <translation>派单服务器（由服务器连接交换机）</translation>
    </message>
    <message>
        <location filename="../../ui/settings/telephony_page.py" line="45"/>
        <source>e.g. 8001</source>
        <translation>例如 8001</translation>
    </message>
    <message>
        <location filename="../../ui/settings/telephony_page.py" line="49"/>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <location filename="../../ui/settings/telephony_page.py" line="55"/>
        <source>tel: (most softphones)</source>
        <translation>tel:（大多数软电话）</translation>
    </message>
    <message>
        <location filename="../../ui/settings/telephony_page.py" line="56"/>
        <source>sip:</source>
        <translation>sip:</translation>
    </message>
    <message>
        <location filename="../../ui/settings/telephony_page.py" line="57"/>
        <source>callto:</source>
        <translation>callto:</translation>
    </message>
    <message>
        <location filename="../../ui/settings/telephony_page.py" line="64"/>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <location filename="../../ui/settings/telephony_page.py" line="70"/>
        <source>Calls come from</source>
        <translation>来电接入方式</translation>
    </message>
    <message>
        <location filename="../../ui/settings/telephony_page.py" line="71"/>
        <source>My extension</source>
        <translation>我的分机号</translation>
    </message>
    <message>
        <location filename="../../ui/settings/telephony_page.py" line="72"/>
        <source>PBX address</source>
        <translation>交换机地址</translation>
    </message>
    <message>
        <location filename="../../ui/settings/telephony_page.py" line="73"/>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location filename="../../ui/settings/telephony_page.py" line="74"/>
        <source>User</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/settings/telephony_page.py" line="75"/>
        <source>Secret</source>
        <translation>密钥</translation>
    </message>
    <message>
        <location filename="../../ui/settings/telephony_page.py" line="76"/>
        <source>Listen on port</source>
        <translation>监听端口</translation>
    </message>
    <message>
        <location filename="../../ui/settings/telephony_page.py" line="77"/>
        <source>Dial with</source>
        <translation>外呼方式</translation>
    </message>
    <message>
        <location filename="../../ui/settings/telephony_page.py" line="129"/>
        <source>The extension is digits only, e.g. 8001.</source>
        <translation>分机号只能是数字，例如 8001。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/telephony_page.py" line="131"/>
        <source>Enter the PBX address.</source>
        <translation>请填写交换机地址。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/telephony_page.py" line="133"/>
        <source>Enter the AMI user from manager.conf.</source>
        <translation>请填写 manager.conf 中的 AMI 用户名。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/telephony_page.py" line="135"/>
        <source>Choose a token the PBX must send.</source>
        <translation>请设置交换机必须携带的令牌。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/telephony_page.py" line="152"/>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/telephony_page.py" line="163"/>
        <source>Connected: %1</source>
        <translation>已连接：%1</translation>
    </message>
    <message>
        <location filename="../../ui/settings/telephony_page.py" line="165"/>
        <source>Not connected: %1</source>
        <translation>未连接：%1</translation>
    </message>
    <message>
        <location filename="../../ui/settings/telephony_page.py" line="182"/>
        <source>Incoming calls are not shown on screen.</source>
        <translation>来电不会弹屏显示。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/telephony_page.py" line="184"/>
        <source>In your softphone, set the incoming-call action to run dispatch-console --incoming-call %NUMBER% (or open dispatch://call?from=%NUMBER%).</source>
        <translation>在软电话中把来电动作设为运行 dispatch-console --incoming-call %NUMBER%（或打开 dispatch://call?from=%NUMBER%）。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/telephony_page.py" line="189"/>
        <source>Your PBX posts newCall / answer / hangup to http://127.0.0.1:PORT/cti with the token below (the Secret).</source>
        <translation>交换机把 newCall / answer / hangup 推送到 http://127.0.0.1:端口/cti，并携带下方的令牌（密钥）。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/telephony_page.py" line="192"/>
        <source>A manager account from manager.conf with read=call,agent.</source>
        <translation>manager.conf 中具有 read=call,agent 权限的管理账号。</translation>
    </message>
    <message>
        <location filename="../../ui/settings/telephony_page.py" line="193"/>
        <source>The event socket password from event_socket.conf.xml.</source>
        <translation>event_socket.conf.xml 中的事件套接字密码。</translation>
    </message>
    <message>
        <source>e.g. 021</source>
        <translation>例如 021</translation>
    </message>
    <message>
        <source>Callers in this area code arrive without it: 62345678 is 021 6234 5678.</source>
        <translation>本区号内的来电不带区号：62345678 即 021 6234 5678。</translation>
    </message>
    <message>
        <source>Digits the PBX leaves in front of a caller&apos;s number: the outside line (9) and IP long-distance prefixes (17951, 17911 ...). Separate them with commas.</source>
        <translation>交换机加在来电号码前的数字：外线号 (9) 和 IP 长途前缀 (17951、17911 …)。用逗号分隔。</translation>
    </message>
    <message>
        <source>Area code of this desk</source>
        <translation>本坐席所在区号</translation>
    </message>
    <message>
        <source>Prefixes to strip</source>
        <translation>要去掉的前缀</translation>
    </message>
    <message>
        <source>%1 is not an area code; e.g. 021 for Shanghai.</source>
        <translation>%1 不是区号；例如上海为 021。</translation>
    </message>
    <message>
        <source>Prefixes are digits separated by commas, e.g. 9, 17951.</source>
        <translation>前缀为数字，用逗号分隔，例如 9, 17951。</translation>
    </message>
</context>
<context>
    <name>TicketForm</name>
    <message>
        <location filename="../../ui/tickets/form.py" line="69"/>
        <source>New ticket</source>
        <translation>新建工单</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="71"/>
        <source>Edit %1</source>
        <translation>编辑 %1</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="82"/>
        <source>Name or phone number</source>
        <translation>客户名称或电话</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="89"/>
        <source>Scan or type the QR token or serial number</source>
        <translation>扫描或输入设备二维码 / 序列号</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="110"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="112"/>
        <source>Site</source>
        <translation>现场</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="113"/>
        <source>Asset</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="114"/>
        <source>QR / serial</source>
        <translation>二维码 / 序列号</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="115"/>
        <source>Category</source>
        <translation>故障类别</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="116"/>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="117"/>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="118"/>
        <source>Fault</source>
        <translation>故障描述</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="119"/>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="120"/>
        <source>Contact phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="125"/>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form_links.py" line="106"/>
        <source>(no site)</source>
        <translation>（无现场）</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form_links.py" line="119"/>
        <source>(no asset)</source>
        <translation>（无设备）</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form_links.py" line="145"/>
        <source>No asset with that QR token or serial number.</source>
        <translation>没有该二维码或序列号对应的设备。</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="299"/>
        <source>Not saved yet: %1 changed this ticket. Save again when ready.</source>
        <translation>尚未保存：%1 修改了这张工单。确认后请再次保存。</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="300"/>
        <source>someone</source>
        <translation>有人</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="308"/>
        <source>The ticket is kept on this PC: if you close this form, New ticket offers it back.</source>
        <translation>工单已暂存在本机：关闭此窗口后，再次新建工单时可以恢复。</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/form.py" line="320"/>
        <source>Nothing was saved.</source>
        <translation>未保存任何内容。</translation>
    </message>
    <message>
        <source>Appointment</source>
        <translation>预约上门</translation>
    </message>
    <message>
        <source>estimate: standard SLA, opened now</source>
        <translation>估算：按标准 SLA、现在建单</translation>
    </message>
    <message>
        <source>%1 saved; its appointment window misses the SLA (arrival due %2).</source>
        <translation>%1 已保存；预约时间超出 SLA（到场时限 %2）。</translation>
    </message>
</context>
<context>
    <name>TicketQueueModel</name>
    <message>
        <location filename="../../ui/tickets/queue_model.py" line="42"/>
        <source>Ticket</source>
        <translation>工单号</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/queue_model.py" line="43"/>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/queue_model.py" line="44"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/queue_model.py" line="45"/>
        <source>SLA left</source>
        <translation>SLA 剩余</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/queue_model.py" line="46"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/queue_model.py" line="47"/>
        <source>Site</source>
        <translation>现场</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/queue_model.py" line="48"/>
        <source>Technician</source>
        <translation>技术员</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/queue_model.py" line="49"/>
        <source>Age</source>
        <translation>已用时</translation>
    </message>
</context>
<context>
    <name>actions</name>
    <message>
        <location filename="../../ui/tickets/actions.py" line="16"/>
        <source>Resume</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/actions.py" line="18"/>
        <source>Unassign</source>
        <translation>撤回派单</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/actions.py" line="19"/>
        <source>Dispatch…</source>
        <translation>派单…</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/actions.py" line="20"/>
        <source>Accept</source>
        <translation>接单</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/actions.py" line="21"/>
        <source>On the way</source>
        <translation>出发</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/actions.py" line="22"/>
        <source>Arrived</source>
        <translation>到达现场</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/actions.py" line="23"/>
        <source>Start work</source>
        <translation>开始处理</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/actions.py" line="24"/>
        <source>Hold…</source>
        <translation>挂起…</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/actions.py" line="25"/>
        <source>Resolve</source>
        <translation>解决</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/actions.py" line="26"/>
        <source>Close</source>
        <translation>关闭工单</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/actions.py" line="27"/>
        <source>Reopen…</source>
        <translation>重新打开…</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/actions.py" line="28"/>
        <source>Cancel ticket…</source>
        <translation>取消工单…</translation>
    </message>
</context>
<context>
    <name>callbacks</name>
    <message>
        <location filename="../../ui/callbacks/work.py" line="34"/>
        <source>Say who you are and the ticket number. Ask: is the problem really fixed? How satisfied are you with the visit, from 1 (very unhappy) to 5 (very happy)? Is there anything else we can do?</source>
        <translation>先自报身份并说明工单号。询问：问题是否已彻底解决？对本次上门服务的满意度打几分（1 分非常不满意，5 分非常满意）？还有什么需要我们帮忙的吗？</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/work.py" line="40"/>
        <source>They called and nobody answered. Apologise, ask what they need, and open or update a ticket.</source>
        <translation>客户来电未接通。先致歉，询问需求，再新建或更新工单。</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/work.py" line="45"/>
        <source>They asked to be called back. Read the latest on the ticket before you dial.</source>
        <translation>客户要求回电。拨打前先查看工单最新进展。</translation>
    </message>
</context>
<context>
    <name>calls</name>
    <message>
        <location filename="../../ui/calls/log.py" line="32"/>
        <source>ringing</source>
        <translation>振铃中</translation>
    </message>
    <message>
        <location filename="../../ui/calls/log.py" line="33"/>
        <source>answered</source>
        <translation>已接听</translation>
    </message>
    <message>
        <location filename="../../ui/calls/log.py" line="34"/>
        <source>missed</source>
        <translation>未接</translation>
    </message>
    <message>
        <location filename="../../ui/calls/log.py" line="35"/>
        <source>busy</source>
        <translation>占线</translation>
    </message>
    <message>
        <location filename="../../ui/calls/log.py" line="36"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
</context>
<context>
    <name>chat</name>
    <message>
        <location filename="../../ui/chat/words.py" line="19"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/chat/words.py" line="20"/>
        <source>Online agent</source>
        <translation>在线客服</translation>
    </message>
    <message>
        <location filename="../../ui/chat/words.py" line="21"/>
        <source>Bot</source>
        <translation>机器人</translation>
    </message>
    <message>
        <location filename="../../ui/chat/words.py" line="22"/>
        <source>Chat system</source>
        <translation>系统消息</translation>
    </message>
    <message>
        <location filename="../../ui/chat/words.py" line="28"/>
        <source>Open</source>
        <translation>进行中</translation>
    </message>
    <message>
        <location filename="../../ui/chat/words.py" line="29"/>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location filename="../../ui/chat/words.py" line="30"/>
        <source>Closed</source>
        <translation>已结束</translation>
    </message>
    <message>
        <location filename="../../ui/chat/words.py" line="40"/>
        <source>Visitor %1</source>
        <translation>访客 %1</translation>
    </message>
    <message>
        <location filename="../../ui/chat/words.py" line="79"/>
        <source>No messages yet.</source>
        <translation>暂无消息。</translation>
    </message>
</context>
<context>
    <name>decisions</name>
    <message>
        <location filename="../../ui/tickets/decision_text.py" line="29"/>
        <source>department %1</source>
        <translation>部门 %1</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/decision_text.py" line="34"/>
        <source>needs %1</source>
        <translation>需要 %1</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/decision_text.py" line="37"/>
        <source>watched by %1</source>
        <translation>关注人 %1</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/decision_text.py" line="40"/>
        <source>auto-dispatch when someone scores %1 min or less</source>
        <translation>评分不超过 %1 分钟时自动派单</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/decision_text.py" line="44"/>
        <source>auto-dispatch</source>
        <translation>自动派单</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/decision_text.py" line="46"/>
        <source>Routing rule %1: %2</source>
        <translation>流转规则 %1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/decision_text.py" line="55"/>
        <source>%1 declined the job</source>
        <translation>%1 拒绝接单</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/decision_text.py" line="70"/>
        <source>Auto-dispatch assigned %1: the best candidate (score %2 min)</source>
        <translation>自动派单给 %1：最佳人选（评分 %2 分钟）</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/decision_text.py" line="77"/>
        <source>no candidate is near enough to send without asking</source>
        <translation>没有足够近的师傅可直接派单</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/decision_text.py" line="80"/>
        <source>the best candidate would arrive after the deadline</source>
        <translation>最佳人选会晚于时限到达</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/decision_text.py" line="83"/>
        <source>no technician is free, skilled and in reach</source>
        <translation>没有空闲、技能匹配且可到达的师傅</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/decision_text.py" line="86"/>
        <source>every suitable technician has declined</source>
        <translation>合适的师傅都已拒单</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/decision_text.py" line="89"/>
        <source>the ticket has no site to rank by</source>
        <translation>工单没有现场地址，无法排序</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/decision_text.py" line="90"/>
        <source>someone dispatched it first</source>
        <translation>已有人先派单</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/decision_text.py" line="93"/>
        <source>nobody scores %1 min or less, the rule&apos;s limit</source>
        <translation>没有师傅的评分在规则上限 %1 分钟以内</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/decision_text.py" line="97"/>
        <source>Auto-dispatch left this to you: %1</source>
        <translation>未自动派单，请人工处理：%1</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/decision_text.py" line="100"/>
        <source>suggested: %1</source>
        <translation>推荐：%1</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/decision_text.py" line="106"/>
        <source>response</source>
        <translation>响应</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/decision_text.py" line="107"/>
        <source>arrival</source>
        <translation>到场</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/decision_text.py" line="108"/>
        <source>resolution</source>
        <translation>解决</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/decision_text.py" line="112"/>
        <source>SLA: the %1 deadline is near; the technician was told</source>
        <translation>SLA：%1时限将到，已提醒师傅</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/decision_text.py" line="116"/>
        <source>SLA: the %1 deadline is near; the supervisor was told</source>
        <translation>SLA：%1时限将到，已通知主管</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/decision_text.py" line="120"/>
        <source>SLA: the %1 deadline was missed; back for dispatch</source>
        <translation>SLA：%1已超时，退回重新派单</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/decision_text.py" line="124"/>
        <source>SLA: the %1 deadline was missed</source>
        <translation>SLA：%1已超时</translation>
    </message>
    <message>
        <source>%1 is running about %2 min late; expected by %3</source>
        <translation>%1将晚到约%2分钟，预计%3到达</translation>
    </message>
    <message>
        <source>The customer asks for another time: %1</source>
        <translation>客户申请改约：%1</translation>
    </message>
    <message>
        <source>visit booked for %1</source>
        <translation>已排定 %1 上门</translation>
    </message>
    <message>
        <source>no suitable technician has free time in the window</source>
        <translation>预约时段内没有合适的技师有空档</translation>
    </message>
</context>
<context>
    <name>detail</name>
    <message>
        <location filename="../../ui/tickets/detail_panel.py" line="29"/>
        <source>Response</source>
        <translation>响应</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/detail_panel.py" line="30"/>
        <source>Arrival</source>
        <translation>到场</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/detail_panel.py" line="31"/>
        <source>Resolution</source>
        <translation>解决</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/detail_panel.py" line="182"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/detail_panel.py" line="187"/>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/detail_panel.py" line="195"/>
        <source>Site</source>
        <translation>现场</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/detail_panel.py" line="203"/>
        <source>Asset</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/detail_panel.py" line="211"/>
        <source>Technician</source>
        <translation>技术员</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/detail_panel.py" line="221"/>
        <source>late</source>
        <translation>超时</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/detail_panel.py" line="231"/>
        <source>Opened</source>
        <translation>建单</translation>
    </message>
</context>
<context>
    <name>dispatch</name>
    <message>
        <location filename="../../ui/map/candidates.py" line="36"/>
        <source>in other departments</source>
        <translation>其他部门</translation>
    </message>
    <message>
        <location filename="../../ui/map/candidates.py" line="37"/>
        <source>covering other districts</source>
        <translation>负责其他区域</translation>
    </message>
    <message>
        <location filename="../../ui/map/candidates.py" line="40"/>
        <source>off duty</source>
        <translation>不在班</translation>
    </message>
    <message>
        <location filename="../../ui/map/candidates.py" line="41"/>
        <source>without the skill</source>
        <translation>人不具备技能</translation>
    </message>
    <message>
        <location filename="../../ui/map/candidates.py" line="42"/>
        <source>fully booked</source>
        <translation>工单已满</translation>
    </message>
    <message>
        <location filename="../../ui/map/candidates.py" line="43"/>
        <source>busy on a job</source>
        <translation>正在处理其他工单</translation>
    </message>
    <message>
        <location filename="../../ui/map/candidates.py" line="44"/>
        <source>without a position</source>
        <translation>没有定位</translation>
    </message>
    <message>
        <location filename="../../ui/map/candidates.py" line="49"/>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>without a slot in the window</source>
        <translation>预约时段内无空档</translation>
    </message>
    <message>
        <source>after %1 at %2–%3, %4 min travel</source>
        <translation>接 %1（%2–%3）之后，路程 %4 分钟</translation>
    </message>
    <message>
        <source>from where they are, %1 min travel</source>
        <translation>从当前位置出发，路程 %1 分钟</translation>
    </message>
    <message>
        <source>Earliest %1 (%2)</source>
        <translation>最早 %1（%2）</translation>
    </message>
    <message>
        <source>Off duty until %1</source>
        <translation>已下班，至 %1</translation>
    </message>
    <message>
        <source>Off sick until %1</source>
        <translation>病假至 %1</translation>
    </message>
    <message>
        <source>In training until %1</source>
        <translation>培训至 %1</translation>
    </message>
    <message>
        <source>On leave until %1</source>
        <translation>请假至 %1</translation>
    </message>
    <message>
        <source>Off shift in the window</source>
        <translation>预约时段内不在班</translation>
    </message>
    <message>
        <source>No free time in the window</source>
        <translation>预约时段内已排满</translation>
    </message>
    <message>
        <source>No position and no visit before: travel unknown</source>
        <translation>无位置且此前无上门任务：路程未知</translation>
    </message>
    <message>
        <source>Without the skill</source>
        <translation>不具备所需技能</translation>
    </message>
    <message>
        <source>Has a slot</source>
        <translation>有空档</translation>
    </message>
    <message>
        <source>away</source>
        <translation>人请假</translation>
    </message>
    <message>
        <source>off shift</source>
        <translation>人不在班</translation>
    </message>
    <message>
        <source>with no free time in the window</source>
        <translation>人时段内已排满</translation>
    </message>
    <message>
        <source>with travel unknown</source>
        <translation>人路程未知</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>booked window %1 – %2</source>
        <translation>预约时段 %1 – %2</translation>
    </message>
    <message>
        <source>no booking: from now to %1</source>
        <translation>未预约：从现在至 %1</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../../ui/errors.py" line="35"/>
        <source>is required</source>
        <translation>为必填项</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="38"/>
        <source>is %1 characters long; the limit is %2</source>
        <translation>长度为 %1 个字符，上限为 %2</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="42"/>
        <source>enter a phone number</source>
        <translation>请填写电话号码</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="46"/>
        <source>%1 is not a phone number</source>
        <translation>%1 不是电话号码</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="50"/>
        <source>%1 is not a valid number in %2; check the digits or add the country code</source>
        <translation>%1 不是 %2 的有效号码；请检查位数或加上国家码</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="56"/>
        <source>the asset is not at the chosen site</source>
        <translation>该设备不在所选现场</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="60"/>
        <source>the site belongs to another customer</source>
        <translation>该现场属于其他客户</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="64"/>
        <source>say why (needed for %1)</source>
        <translation>请填写原因（%1 需要原因）</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="68"/>
        <source>choose a technician first</source>
        <translation>请先选择技术员</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="72"/>
        <source>the ticket is already in that department</source>
        <translation>工单已在该部门</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="76"/>
        <source>parts are used on site; check in first</source>
        <translation>备件需在现场使用，请先签到</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="80"/>
        <source>must be at least %1 characters</source>
        <translation>至少需要 %1 个字符</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="84"/>
        <source>ask the customer for a score, 1 to 5</source>
        <translation>请让客户打分（1 到 5 分）</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="88"/>
        <source>ask whether it is really fixed</source>
        <translation>请询问问题是否已解决</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="92"/>
        <source>note what is still wrong: the ticket goes back to dispatch with it</source>
        <translation>请记录仍存在的问题：工单将带着这条说明重新派单</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="98"/>
        <source>a supervisor gave it to %1</source>
        <translation>主管已将其转给 %1</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="102"/>
        <source>it changed while you opened it; open it again</source>
        <translation>打开后已被他人修改，请重新打开</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="108"/>
        <source>%1 is not an active user</source>
        <translation>%1 不是有效用户</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="112"/>
        <source>this callback is already finished</source>
        <translation>此回访已完成</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="116"/>
        <source>%1 is a landline: texts cannot reach it</source>
        <translation>%1 是固定电话，无法接收短信</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="120"/>
        <source>%1 is not an e-mail address</source>
        <translation>%1 不是有效的邮箱地址</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="124"/>
        <source>letters, digits and . _ @ - only</source>
        <translation>只能包含字母、数字和 . _ @ -</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="144"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="149"/>
        <source>someone</source>
        <translation>有人</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="152"/>
        <source>%1 changed this since you opened it (%2).</source>
        <translation>您打开后，%1 修改了它（%2）。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="158"/>
        <source>A ticket that is %1 cannot become %2.</source>
        <translation>状态为“%1”的工单不能变为“%2”。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="163"/>
        <source>You may not do this: %1</source>
        <translation>您无权执行此操作：%1</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="167"/>
        <source>It no longer exists: %1</source>
        <translation>该记录已不存在：%1</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="172"/>
        <source>%1 is working on this callback until %2.</source>
        <translation>%1 正在处理此回访（至 %2）。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="178"/>
        <source>%1: %2 is already in use</source>
        <translation>%1：%2 已被占用</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="189"/>
        <source>The server at %1 did not answer in time. If you were saving, it may have been saved: check before you save again.</source>
        <translation>服务器 %1 响应超时。如果刚才在保存，可能已经保存成功：请先确认，再重新保存。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="203"/>
        <source>Your session has ended. This is kept on this PC and will be sent once you sign in again.</source>
        <translation>登录已失效。内容已暂存在本机，重新登录后会自动发送。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="208"/>
        <source>The server at %1 cannot take changes right now. This is kept on this PC and will be sent when it can.</source>
        <translation>服务器 %1 暂时无法接收修改。内容已暂存在本机，稍后会自动发送。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="212"/>
        <source>The server at %1 does not answer. This is kept on this PC and will be sent as soon as the server answers again.</source>
        <translation>服务器 %1 没有响应。内容已暂存在本机，服务器恢复后会自动发送。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="185"/>
        <source>The server at %1 does not answer; nothing was changed. Try again shortly.</source>
        <translation>服务器 %1 没有响应，未做任何修改。请稍后再试。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="196"/>
        <source>The database did not answer: %1</source>
        <translation>数据库没有响应：%1</translation>
    </message>
    <message>
        <source>The database is answering too slowly: all of this console&apos;s connections stayed busy (%1). Try again shortly; if it persists, ask IT to check the database.</source>
        <translation>数据库响应太慢：本控制台的数据库连接一直全部被占用（%1）。请稍后重试；如果一直这样，请联系 IT 检查数据库。</translation>
    </message>
    <message>
        <source>The database refused the connection: no connection slot left (%1). Ask IT to raise max_connections, or to move the team to a dispatch-server or a pooler.</source>
        <translation>数据库拒绝了连接：已没有空闲的连接名额（%1）。请联系 IT 调高 max_connections，或让团队改用 dispatch-server 或连接池。</translation>
    </message>
    <message>
        <source>What to do:</source>
        <translation>处理办法：</translation>
    </message>
    <message>
        <source>Log file:</source>
        <translation>日志文件：</translation>
    </message>
    <message>
        <source>Dispatch Console</source>
        <translation>派单工作台</translation>
    </message>
    <message>
        <source>Dispatch Console cannot start.</source>
        <translation>派单工作台无法启动。</translation>
    </message>
    <message>
        <source>Dispatch Console starts, but:</source>
        <translation>派单工作台已启动，但：</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>出错了</translation>
    </message>
    <message>
        <source>Dispatch Console met an error it did not expect. Your work saved so far is kept; the last action may not have completed.</source>
        <translation>派单工作台遇到了一个意外错误。已保存的工作不会丢失；最后一步操作可能没有完成。</translation>
    </message>
    <message>
        <source>If it happens again, save the diagnostics and send them to your support: they hold the logs and settings, never passwords.</source>
        <translation>如果再次出现，请保存诊断信息并发给技术支持：其中包含日志和设置，绝不包含密码。</translation>
    </message>
    <message>
        <source>Save diagnostics</source>
        <translation>保存诊断信息</translation>
    </message>
    <message>
        <source>Zip archives (*.zip)</source>
        <translation>Zip 压缩包 (*.zip)</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <source>Save diagnostics…</source>
        <translation>保存诊断信息…</translation>
    </message>
    <message>
        <source>the window ended at %1, before now</source>
        <translation>预约时间已过（%1 已结束）</translation>
    </message>
    <message>
        <source>%1 is a public holiday in %2 (%3)</source>
        <translation>%1 是法定节假日（%2：%3），不能预约</translation>
    </message>
    <message>
        <source>give both the start and the end of the window</source>
        <translation>请同时填写预约的开始和结束时间</translation>
    </message>
    <message>
        <source>the end must be after the start</source>
        <translation>结束时间必须晚于开始时间</translation>
    </message>
    <message>
        <source>it may last at most a year</source>
        <translation>最长一年</translation>
    </message>
    <message>
        <source>leave</source>
        <translation>请假</translation>
    </message>
    <message>
        <source>sick leave</source>
        <translation>病假</translation>
    </message>
    <message>
        <source>training</source>
        <translation>培训</translation>
    </message>
    <message>
        <source>time off</source>
        <translation>其他缺勤</translation>
    </message>
    <message>
        <source>%1 already has %2 %3 overlapping it; change or remove that one instead</source>
        <translation>%1 已有%2 %3 与之重叠；请修改或删除那一条</translation>
    </message>
    <message>
        <source>%1 has %2 in hand (%3); confirm taking it from them on the dispatch board</source>
        <translation>%1 已接手 %2（%3）；请在派工看板上确认改派</translation>
    </message>
</context>
<context>
    <name>escalation</name>
    <message>
        <location filename="../../ui/tickets/escalation_mark.py" line="26"/>
        <source>Escalated: the deadline is near (the technician on it is told)</source>
        <translation>已升级：即将超时（已提醒负责师傅）</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/escalation_mark.py" line="29"/>
        <source>Escalated to the supervisor: the deadline is near</source>
        <translation>已升级至主管：即将超时</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/escalation_mark.py" line="32"/>
        <source>Escalated: the deadline was missed</source>
        <translation>已升级：已超时</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <location filename="../../ui/tickets/labels.py" line="24"/>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="25"/>
        <source>Dispatched</source>
        <translation>已派单</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="26"/>
        <source>Accepted</source>
        <translation>已接单</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="27"/>
        <source>On the way</source>
        <translation>在途</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="28"/>
        <source>On site</source>
        <translation>已签到</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="29"/>
        <source>In progress</source>
        <translation>处理中</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="30"/>
        <source>On hold</source>
        <translation>挂起</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="31"/>
        <source>Resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="32"/>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="33"/>
        <source>Reopened</source>
        <translation>重新打开</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="34"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="50"/>
        <source>Critical</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="51"/>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="52"/>
        <source>Normal</source>
        <translation>普通</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="53"/>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="76"/>
        <source>%1d %2h</source>
        <translation>%1天%2时</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="79"/>
        <source>%1h %2m</source>
        <translation>%1时%2分</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="81"/>
        <source>%1m</source>
        <translation>%1分</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="86"/>
        <source>to do</source>
        <translation>待回访</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="87"/>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="88"/>
        <source>unreachable</source>
        <translation>无法联系</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="89"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="95"/>
        <source>reached</source>
        <translation>已接通</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="96"/>
        <source>no answer</source>
        <translation>无人接听</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="97"/>
        <source>busy</source>
        <translation>占线</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="98"/>
        <source>wrong number</source>
        <translation>号码错误</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="104"/>
        <source>after the repair</source>
        <translation>完工</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="105"/>
        <source>missed call</source>
        <translation>未接来电</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="106"/>
        <source>customer asked to be called</source>
        <translation>客户要求回电</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="114"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="115"/>
        <source>QR self-service</source>
        <translation>扫码报修</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="116"/>
        <source>Chat</source>
        <translation>在线客服</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="117"/>
        <location filename="../../ui/tickets/labels.py" line="143"/>
        <source>E-mail</source>
        <translation>邮件</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="118"/>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="125"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="126"/>
        <source>Technician</source>
        <translation>技术员</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="127"/>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="128"/>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="129"/>
        <source>Category</source>
        <translation>故障类别</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="130"/>
        <source>Fault</source>
        <translation>故障描述</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="131"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="132"/>
        <source>Site</source>
        <translation>现场</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="133"/>
        <source>Asset</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="134"/>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="135"/>
        <source>Contact phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="136"/>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="137"/>
        <source>Hold reason</source>
        <translation>挂起原因</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="138"/>
        <source>SLA class</source>
        <translation>SLA 等级</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="139"/>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="140"/>
        <source>Really fixed?</source>
        <translation>问题是否解决</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="141"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="142"/>
        <source>Callback</source>
        <translation>回访</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="144"/>
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="145"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Appointment</source>
        <translation>预约上门</translation>
    </message>
    <message>
        <source>Appointment from</source>
        <translation>预约开始</translation>
    </message>
    <message>
        <source>Appointment until</source>
        <translation>预约结束</translation>
    </message>
    <message>
        <source>Leave or absence</source>
        <translation>请假/缺勤</translation>
    </message>
    <message>
        <source>Taking the job over</source>
        <translation>改派</translation>
    </message>
</context>
<context>
    <name>menus</name>
    <message>
        <location filename="../../ui/menus.py" line="50"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/menus.py" line="53"/>
        <source>&amp;New ticket…</source>
        <translation>新建工单(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../ui/menus.py" line="59"/>
        <source>Print &amp;QR labels…</source>
        <translation>打印设备二维码标签(&amp;Q)…</translation>
    </message>
    <message>
        <location filename="../../ui/menus.py" line="65"/>
        <source>Routing &amp;rules…</source>
        <translation>工单流转规则(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../ui/menus.py" line="71"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../ui/menus.py" line="74"/>
        <source>Where my &amp;alerts go…</source>
        <translation>我的预警接收方式(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../ui/menus.py" line="77"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../ui/menus.py" line="78"/>
        <source>&amp;Ticket</source>
        <translation>工单(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../ui/menus.py" line="80"/>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../ui/menus.py" line="83"/>
        <source>Add a &amp;note…</source>
        <translation>添加备注(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../ui/menus.py" line="86"/>
        <source>&amp;Dispatch…</source>
        <translation>派单(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../ui/menus.py" line="90"/>
        <source>&amp;Call the customer</source>
        <translation>外呼客户(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/menus.py" line="96"/>
        <source>Call &amp;back later…</source>
        <translation>预约回电(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../../ui/menus.py" line="100"/>
        <source>Change &amp;status</source>
        <translation>更改状态(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/menus.py" line="104"/>
        <source>Ne&amp;xt ticket</source>
        <translation>下一张工单(&amp;X)</translation>
    </message>
    <message>
        <location filename="../../ui/menus.py" line="108"/>
        <source>&amp;Previous ticket</source>
        <translation>上一张工单(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../ui/menus.py" line="112"/>
        <source>Call&amp;backs</source>
        <translation>回访(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../ui/menus.py" line="115"/>
        <source>Take the &amp;next callback</source>
        <translation>领取下一条回访(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../ui/menus.py" line="121"/>
        <source>&amp;Review and dashboard…</source>
        <translation>回访审核与看板(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../ui/menus.py" line="125"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../ui/menus.py" line="128"/>
        <source>&amp;Search</source>
        <translation>搜索(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../ui/menus.py" line="132"/>
        <source>&amp;Reload</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../ui/menus.py" line="134"/>
        <source>&amp;Live board</source>
        <translation>实时看板(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../ui/menus.py" line="137"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../ui/menus.py" line="139"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About Dispatch Console</source>
        <translation>关于派单工作台(&amp;A)</translation>
    </message>
    <message>
        <source>Change my &amp;password…</source>
        <translation>修改我的密码(&amp;P)…</translation>
    </message>
    <message>
        <source>Working &amp;hours and leave…</source>
        <translation>排班与请假(&amp;H)…</translation>
    </message>
    <message>
        <source>&amp;Dispatch board</source>
        <translation>派工看板(&amp;D)</translation>
    </message>
    <message>
        <source>S&amp;eats and sign-ins…</source>
        <translation>席位与登录(&amp;E)…</translation>
    </message>
</context>
<context>
    <name>notices</name>
    <message>
        <location filename="../../ui/notices.py" line="39"/>
        <source>%1: an SLA deadline was missed</source>
        <translation>%1：已超 SLA 时限</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="41"/>
        <source>%1: an SLA deadline is near</source>
        <translation>%1：SLA 时限将到</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="44"/>
        <source>%1: a routing rule asks you to watch it</source>
        <translation>%1：流转规则请您关注</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="46"/>
        <source>%1: auto-dispatch left it to a person</source>
        <translation>%1：未能自动派单，需人工处理</translation>
    </message>
    <message>
        <source>%1: the technician is running about %2 min late</source>
        <translation>%1：师傅将晚到约%2分钟</translation>
    </message>
</context>
<context>
    <name>notifications</name>
    <message>
        <location filename="../../ui/tickets/notify_text.py" line="28"/>
        <source>E-mail</source>
        <translation>邮件</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/notify_text.py" line="30"/>
        <source>SMS</source>
        <translation>短信</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/notify_text.py" line="37"/>
        <source>sent %1</source>
        <translation>已发送 %1</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/notify_text.py" line="40"/>
        <source>failed: %1</source>
        <translation>发送失败：%1</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/notify_text.py" line="46"/>
        <source>withdrawn: the customer opted out</source>
        <translation>已撤回：客户已退订</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/notify_text.py" line="49"/>
        <source>waiting to be sent</source>
        <translation>等待发送</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/notify_text.py" line="51"/>
        <source>retrying (attempt %1 failed: %2)</source>
        <translation>重试中（第%1次失败：%2）</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/notify_text.py" line="62"/>
        <source>SLA alert: %1 to %2 (%3)</source>
        <translation>时限预警：%1 发给 %2（%3）</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/notify_text.py" line="65"/>
        <source>%1 to the customer (%2)</source>
        <translation>发给客户的%1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/notify_text.py" line="68"/>
        <source>resent by %1</source>
        <translation>由%1重发</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/notify_text.py" line="76"/>
        <source>Resend</source>
        <translation>重发</translation>
    </message>
    <message>
        <source>withdrawn: the visit was moved or cancelled</source>
        <translation>已撤回：预约已改期或取消</translation>
    </message>
    <message>
        <source>withdrawn: the visit had begun</source>
        <translation>已撤回：预约上门已开始</translation>
    </message>
    <message>
        <source>to be sent %1</source>
        <translation>将于 %1 发送</translation>
    </message>
</context>
<context>
    <name>review</name>
    <message>
        <location filename="../../ui/callbacks/export.py" line="26"/>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/export.py" line="27"/>
        <source>Finished</source>
        <translation>完成时间</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/export.py" line="28"/>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/export.py" line="29"/>
        <location filename="../../ui/callbacks/export.py" line="50"/>
        <source>Technician</source>
        <translation>技术员</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/export.py" line="30"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/export.py" line="31"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/export.py" line="32"/>
        <source>Ticket</source>
        <translation>工单</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/export.py" line="33"/>
        <source>Why</source>
        <translation>回访原因</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/export.py" line="34"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/export.py" line="35"/>
        <source>Answer</source>
        <translation>回访结果</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/export.py" line="36"/>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/export.py" line="37"/>
        <source>Fixed</source>
        <translation>已解决</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/export.py" line="38"/>
        <source>Tries</source>
        <translation>次数</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/export.py" line="39"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/export.py" line="42"/>
        <source>Tickets resolved</source>
        <translation>已解决工单</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/export.py" line="43"/>
        <source>First-time fix rate</source>
        <translation>一次修复率</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/export.py" line="44"/>
        <source>Callbacks due</source>
        <translation>应回访数</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/export.py" line="45"/>
        <source>Callbacks done</source>
        <translation>已回访数</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/export.py" line="46"/>
        <source>Completion</source>
        <translation>回访完成率</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/export.py" line="47"/>
        <source>On time</source>
        <translation>按时率</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/export.py" line="52"/>
        <source>Average</source>
        <translation>平均分</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/export.py" line="53"/>
        <source>Low scores</source>
        <translation>低分数</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/export.py" line="74"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/export.py" line="75"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/export.py" line="124"/>
        <source>Summary</source>
        <translation>汇总</translation>
    </message>
    <message>
        <location filename="../../ui/callbacks/export.py" line="51"/>
        <location filename="../../ui/callbacks/export.py" line="103"/>
        <source>Callbacks</source>
        <translation>回访记录</translation>
    </message>
</context>
<context>
    <name>technician</name>
    <message>
        <location filename="../../ui/tickets/labels.py" line="40"/>
        <source>off duty</source>
        <translation>不在班</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="41"/>
        <source>free</source>
        <translation>空闲</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="42"/>
        <source>on the way</source>
        <translation>在途</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="43"/>
        <source>on site</source>
        <translation>在现场</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/labels.py" line="44"/>
        <source>busy</source>
        <translation>忙碌</translation>
    </message>
</context>
<context>
    <name>telephony</name>
    <message>
        <location filename="../../ui/calls/pbx.py" line="41"/>
        <source>PBX connected</source>
        <translation>交换机已连接</translation>
    </message>
    <message>
        <location filename="../../ui/calls/pbx.py" line="42"/>
        <source>Webhook listening</source>
        <translation>回调监听中</translation>
    </message>
    <message>
        <location filename="../../ui/calls/pbx.py" line="43"/>
        <source>PBX login refused</source>
        <translation>交换机登录被拒绝</translation>
    </message>
    <message>
        <location filename="../../ui/calls/pbx.py" line="44"/>
        <source>PBX unreachable, retrying</source>
        <translation>无法连接交换机，正在重试</translation>
    </message>
    <message>
        <location filename="../../ui/calls/pbx.py" line="45"/>
        <source>PBX disconnected, reconnecting</source>
        <translation>交换机已断开，正在重连</translation>
    </message>
    <message>
        <location filename="../../ui/calls/pbx.py" line="46"/>
        <source>Call failed</source>
        <translation>外呼失败</translation>
    </message>
    <message>
        <location filename="../../ui/calls/pbx.py" line="47"/>
        <source>Webhook cannot listen</source>
        <translation>回调无法监听</translation>
    </message>
    <message>
        <source>PBX stopped answering, reconnecting</source>
        <translation>电话系统无响应，正在重连</translation>
    </message>
</context>
<context>
    <name>timeline</name>
    <message>
        <location filename="../../ui/tickets/timeline_text.py" line="65"/>
        <source>%1 worked %2 min: %3</source>
        <translation>%1 工作 %2 分钟：%3</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/timeline_text.py" line="73"/>
        <source>Part used: %1 × %2</source>
        <translation>使用备件：%1 × %2</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/timeline_text.py" line="94"/>
        <source>Opened by %1</source>
        <translation>%1 建单</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/timeline_text.py" line="99"/>
        <source>%1 → &lt;b&gt;%2&lt;/b&gt; by %3</source>
        <translation>%1 → &lt;b&gt;%2&lt;/b&gt;（%3）</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/timeline_text.py" line="109"/>
        <source>internal note</source>
        <translation>内部备注</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/timeline_text.py" line="111"/>
        <source>to the customer</source>
        <translation>客户可见</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/timeline_text.py" line="118"/>
        <source>%1 checked in %2 m from the site</source>
        <translation>%1 签到，距现场 %2 米</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/timeline_text.py" line="123"/>
        <source>on time</source>
        <translation>准时</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/timeline_text.py" line="125"/>
        <source>late</source>
        <translation>超时</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/timeline_text.py" line="128"/>
        <source>outside the site&apos;s area</source>
        <translation>不在现场范围内</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/timeline_text.py" line="136"/>
        <source>%1 added %2</source>
        <translation>%1 上传了 %2</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/timeline_text.py" line="151"/>
        <source>Callback %1: %2</source>
        <translation>回访（%1）：%2</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/timeline_text.py" line="160"/>
        <source>not fixed</source>
        <translation>问题未解决</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/timeline_text.py" line="169"/>
        <source>Call from %1</source>
        <translation>来电 %1</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/timeline_text.py" line="173"/>
        <source>Call to %1</source>
        <translation>去电 %1</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/timeline_text.py" line="177"/>
        <source>missed</source>
        <translation>未接</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/timeline_text.py" line="189"/>
        <source>customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/timeline_text.py" line="191"/>
        <source>online agent</source>
        <translation>在线客服</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/timeline_text.py" line="193"/>
        <source>chat bot</source>
        <translation>机器人</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/timeline_text.py" line="195"/>
        <source>chat system</source>
        <translation>系统消息</translation>
    </message>
    <message>
        <location filename="../../ui/tickets/timeline_text.py" line="197"/>
        <source>Chat · %1: %2</source>
        <translation>在线会话 · %1：%2</translation>
    </message>
</context>
<context>
    <name>AttachNumber</name>
    <message>
        <source>Customer&apos;s name or another of their numbers</source>
        <translation>客户名称或其另一个号码</translation>
    </message>
    <message>
        <source>Add %1 to which customer? Type a name, then Enter.</source>
        <translation>把 %1 添加到哪个客户？输入名称后按回车。</translation>
    </message>
    <message>
        <source>No customer matches “%1”.</source>
        <translation>没有与“%1”匹配的客户。</translation>
    </message>
    <message>
        <source>Adding the number to %1…</source>
        <translation>正在把号码添加到 %1…</translation>
    </message>
    <message>
        <source>%1 is already another customer&apos;s number; it was not added.</source>
        <translation>%1 已是其他客户的号码，未添加。</translation>
    </message>
    <message>
        <source>%1 is already the number of %2; it was not added.</source>
        <translation>%1 已是 %2 的号码，未添加。</translation>
    </message>
    <message>
        <source>Not added: %1</source>
        <translation>未添加：%1</translation>
    </message>
</context>
<context>
    <name>about</name>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Build</source>
        <translation>构建</translation>
    </message>
    <message>
        <source>Python</source>
        <translation>Python</translation>
    </message>
    <message>
        <source>Qt</source>
        <translation>Qt</translation>
    </message>
    <message>
        <source>Connected to</source>
        <translation>连接到</translation>
    </message>
    <message>
        <source>Log folder</source>
        <translation>日志文件夹</translation>
    </message>
    <message>
        <source>About Dispatch Console</source>
        <translation>关于派单工作台</translation>
    </message>
    <message>
        <source>Dispatch Console</source>
        <translation>派单工作台</translation>
    </message>
    <message>
        <source>Save diagnostics…</source>
        <translation>保存诊断信息…</translation>
    </message>
</context>
<context>
    <name>startup</name>
    <message>
        <source>Check that the database or server is running and that its address is right (File ▸ Settings on a working console, or the installer&apos;s values); if it is, ask your administrator.</source>
        <translation>请确认数据库或服务器正在运行、地址正确（在能正常使用的工作台上看“文件 ▸ 设置”，或安装时填写的值）；如果都没问题，请联系管理员。</translation>
    </message>
    <message>
        <source>Passwords will be asked for and not remembered. Ask IT to repair the password store (Windows Credential Manager, or the Secret Service on Linux).</source>
        <translation>密码将每次询问，不会被记住。请联系 IT 修复密码存储（Windows 凭据管理器，或 Linux 上的 Secret Service）。</translation>
    </message>
    <message>
        <source>Check the user name and password, or ask your administrator.</source>
        <translation>请检查用户名和密码，或联系管理员。</translation>
    </message>
    <message>
        <source>Correct the setting named above (the file is plain text: open it with Notepad), or rename %1 to start again from the defaults. A machine-wide file or an installer value is IT&apos;s: ask them.</source>
        <translation>请改正上面提到的设置（该文件是纯文本，可用记事本打开），或将 %1 改名，以默认设置重新开始。如果是整机设置文件或安装程序写入的值，请联系 IT。</translation>
    </message>
    <message>
        <source>The console continues in English. Reinstall Dispatch Console %1 to get the translation back.</source>
        <translation>工作台将以英文继续运行。重新安装派单工作台 %1 即可恢复中文界面。</translation>
    </message>
    <message>
        <source>The language must be en, zh_CN or system (Chinese is written zh_CN, not zh-CN). Correct %1 in the settings file or the environment.</source>
        <translation>语言只能是 en、zh_CN 或 system（中文写作 zh_CN，不是 zh-CN）。请在设置文件或环境变量中改正 %1。</translation>
    </message>
    <message>
        <source>Ask your administrator for the installer that matches the server; until then this console cannot work with it.</source>
        <translation>请向管理员索取与服务器相配的安装程序；在此之前，本工作台无法与该服务器配合使用。</translation>
    </message>
    <message>
        <source>Your administrator sets up or updates the database (the command is named above); then start the console again.</source>
        <translation>请管理员建立或升级数据库（所需命令见上文），然后重新启动工作台。</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Change my password</source>
        <translation>修改我的密码</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>再次输入新密码</translation>
    </message>
    <message>
        <source>A password has at least %1 characters (at most %2), is not only spaces and is not your user name. A phrase of a few words is easy to remember and hard to guess. Changing it signs you out everywhere else.</source>
        <translation>密码至少 %1 个字符（最多 %2 个），不能全是空格，也不能与用户名相同。用几个词组成的短语既好记又难猜。修改后，您在其他电脑和手机上的登录都会退出。</translation>
    </message>
    <message>
        <source>Enter your current password.</source>
        <translation>请输入当前密码。</translation>
    </message>
    <message>
        <source>The two new passwords differ.</source>
        <translation>两次输入的新密码不一致。</translation>
    </message>
    <message>
        <source>Changing…</source>
        <translation>正在修改…</translation>
    </message>
    <message>
        <source>The new password is too short: at least %1 characters.</source>
        <translation>新密码太短：至少 %1 个字符。</translation>
    </message>
    <message>
        <source>The new password is too long: at most %1 characters.</source>
        <translation>新密码太长：最多 %1 个字符。</translation>
    </message>
    <message>
        <source>The new password must not be your user name.</source>
        <translation>新密码不能与用户名相同。</translation>
    </message>
    <message>
        <source>The new password must not be only spaces.</source>
        <translation>新密码不能全是空格。</translation>
    </message>
    <message>
        <source>Too many wrong passwords: try again in %1 s.</source>
        <translation>密码错误次数过多，请 %1 秒后再试。</translation>
    </message>
    <message>
        <source>The current password is wrong.</source>
        <translation>当前密码不正确。</translation>
    </message>
</context>
<context>
    <name>PendingWritesButton</name>
    <message numerus="yes">
        <source>%n change(s) waiting to be sent</source>
        <translation>
            <numerusform>%n 条修改待发送</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n not accepted by the server</source>
        <translation>
            <numerusform>%n 条未被服务器接受</numerusform>
        </translation>
    </message>
    <message>
        <source>Kept on this PC. Click to see them.</source>
        <translation>已暂存在本机。点击查看。</translation>
    </message>
</context>
<context>
    <name>PendingWritesDialog</name>
    <message>
        <source>Changes kept on this PC</source>
        <translation>暂存在本机的修改</translation>
    </message>
    <message>
        <source>The server did not answer when these were saved. They are sent in order as soon as it answers again. A change the server refuses stays here with the reason: copy your text and enter it again where it belongs.</source>
        <translation>保存以下内容时服务器没有响应。服务器恢复后会按顺序自动发送。服务器拒绝的修改会连同原因保留在这里：请复制您的文字，到相应位置重新录入。</translation>
    </message>
    <message>
        <source>Written</source>
        <translation>录入时间</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文字</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Send now</source>
        <translation>立即发送</translation>
    </message>
    <message>
        <source>Copy text</source>
        <translation>复制文字</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <source>Note on %1</source>
        <translation>工单 %1 的备注</translation>
    </message>
    <message>
        <source>Work log on %1</source>
        <translation>工单 %1 的工作记录</translation>
    </message>
    <message>
        <source>Check-in on %1</source>
        <translation>工单 %1 的签到</translation>
    </message>
    <message>
        <source>Callback outcome</source>
        <translation>回访结果</translation>
    </message>
    <message>
        <source>waiting for the server</source>
        <translation>等待服务器</translation>
    </message>
    <message>
        <source>not accepted: %1</source>
        <translation>未被接受：%1</translation>
    </message>
</context>
<context>
    <name>DispatchBoard</name>
    <message>
        <source>All departments</source>
        <translation>全部部门</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Travel</source>
        <translation>在途</translation>
    </message>
    <message>
        <source>Break</source>
        <translation>休息</translation>
    </message>
    <message>
        <source>Leave / absence</source>
        <translation>请假 / 缺勤</translation>
    </message>
    <message>
        <source>Not yet scheduled</source>
        <translation>待派单（未排期）</translation>
    </message>
    <message>
        <source>Unknown job or technician</source>
        <translation>未知的工单或技术员</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>不能这样安排：%1</translation>
    </message>
    <message>
        <source>%1 to %2 at %3</source>
        <translation>%1 派单给 %2，%3 到场</translation>
    </message>
    <message>
        <source>%1 rescheduled: %2 at %3</source>
        <translation>%1 改约：%2，%3 到场</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>注意：%1</translation>
    </message>
    <message>
        <source>Free: no conflict</source>
        <translation>空闲：无冲突</translation>
    </message>
    <message>
        <source>Planned %1 (%2)</source>
        <translation>计划 %1（%2）</translation>
    </message>
    <message>
        <source>Travel %1 min before it</source>
        <translation>之前在途 %1 分钟</translation>
    </message>
    <message>
        <source>Appointment %1</source>
        <translation>预约 %1</translation>
    </message>
    <message>
        <source>SLA arrival by %1</source>
        <translation>SLA 到场时限 %1</translation>
    </message>
    <message>
        <source>Travel %1 min before it, by road</source>
        <translation>之前在途 %1 分钟（道路行驶）</translation>
    </message>
    <message>
        <source>Travel %1 min before it (straight-line estimate)</source>
        <translation>之前在途 %1 分钟（按直线估算）</translation>
    </message>
    <message>
        <source>Travel (solid: by road, dashed: straight-line estimate)</source>
        <translation>在途（实线：道路行驶，虚线：按直线估算）</translation>
    </message>
    <message>
        <source>technician #%1</source>
        <translation>技术员 #%1</translation>
    </message>
</context>
<context>
    <name>SlotChooser</name>
    <message>
        <source>Dispatch %1</source>
        <translation>派单：%1</translation>
    </message>
    <message>
        <source>%1 min late</source>
        <translation>超时 %1 分钟</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>技术员</translation>
    </message>
    <message>
        <source>Arrives at</source>
        <translation>到场时间</translation>
    </message>
    <message>
        <source>Earliest feasible slots</source>
        <translation>最早可安排的时段</translation>
    </message>
    <message>
        <source>No feasible slot on these days; choose a technician and time</source>
        <translation>这几天没有可安排的时段；请选择技术员和时间</translation>
    </message>
    <message>
        <source>Free: no conflict</source>
        <translation>空闲：无冲突</translation>
    </message>
    <message>
        <source>%1 after the SLA deadline</source>
        <translation>超出 SLA 到场时限 %1</translation>
    </message>
</context>
<context>
    <name>ScheduleBoard</name>
    <message>
        <source>Technician</source>
        <translation>技术员</translation>
    </message>
    <message>
        <source>Mon</source>
        <translation>周一</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>周二</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>周三</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>周四</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>周五</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>周六</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>周日</translation>
    </message>
</context>
<context>
    <name>UnscheduledList</name>
    <message>
        <source>Appointment %1</source>
        <translation>预约 %1</translation>
    </message>
    <message>
        <source>%1 min on site</source>
        <translation>现场 %1 分钟</translation>
    </message>
</context>
<context>
    <name>ScheduleWords</name>
    <message>
        <source>On time</source>
        <translation>准时</translation>
    </message>
    <message>
        <source>SLA at risk</source>
        <translation>即将超时</translation>
    </message>
    <message>
        <source>Late</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>on leave</source>
        <translation>请假</translation>
    </message>
    <message>
        <source>sick leave</source>
        <translation>病假</translation>
    </message>
    <message>
        <source>training</source>
        <translation>培训</translation>
    </message>
    <message>
        <source>away</source>
        <translation>不在岗</translation>
    </message>
    <message>
        <source>Overlaps %1 (%2)</source>
        <translation>与 %1 时间重叠（%2）</translation>
    </message>
    <message>
        <source>Outside their working hours</source>
        <translation>不在其工作时间内</translation>
    </message>
    <message>
        <source>During their break (%2)</source>
        <translation>在休息时间内（%2）</translation>
    </message>
    <message>
        <source>They are away then (%2)</source>
        <translation>该时段不在岗（%2）</translation>
    </message>
    <message>
        <source>They are %6 then (%2)</source>
        <translation>该时段%6（%2）</translation>
    </message>
    <message>
        <source>Lacks the skill: %3</source>
        <translation>缺少技能：%3</translation>
    </message>
    <message>
        <source>Travel time unknown: no job before it and no position</source>
        <translation>在途时间未知：之前没有工单，也没有位置</translation>
    </message>
    <message>
        <source>Outside the appointment window (%2)</source>
        <translation>不在预约时段内（%2）</translation>
    </message>
    <message>
        <source>That time has passed</source>
        <translation>该时间已过</translation>
    </message>
    <message>
        <source>A public holiday (%2)</source>
        <translation>法定节假日（%2）</translation>
    </message>
    <message>
        <source>Arrives after the SLA&apos;s arrival deadline (%2)</source>
        <translation>晚于 SLA 到场时限（%2）</translation>
    </message>
    <message>
        <source>No time to travel from %1: %4 min needed, %5 min left</source>
        <translation>来不及从 %1 赶到：在途需 %4 分钟，只剩 %5 分钟</translation>
    </message>
    <message>
        <source>No time to travel on to %1: %4 min needed, %5 min left</source>
        <translation>来不及赶往 %1：在途需 %4 分钟，只剩 %5 分钟</translation>
    </message>
    <message>
        <source>No time to travel from their position: %4 min needed, %5 min left</source>
        <translation>来不及从当前位置赶到：在途需 %4 分钟，只剩 %5 分钟</translation>
    </message>
    <message>
        <source>Outside their working hours (nearest shift %2)</source>
        <translation>不在其工作时间内（最近的班次 %2）</translation>
    </message>
    <message>
        <source>%1; %2</source>
        <translation>%1；%2</translation>
    </message>
    <message>
        <source>%1 has accepted this job</source>
        <translation>%1 已接单</translation>
    </message>
    <message>
        <source>%1 is on the way to this job</source>
        <translation>%1 正在前往此工单</translation>
    </message>
</context>
<context>
    <name>LoopStatus</name>
    <message>
        <source>Live updates</source>
        <translation>实时更新</translation>
    </message>
    <message>
        <source>PBX connection</source>
        <translation>电话交换机连接</translation>
    </message>
    <message>
        <source>%1 restarted after an unexpected error.</source>
        <translation>%1在意外错误后已重新启动。</translation>
    </message>
    <message>
        <source>Restarting after an unexpected error: %1</source>
        <translation>出现意外错误，正在重新启动：%1</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>%1: %2 (next try in %3 s)</source>
        <translation>%1：%2（%3 秒后重试）</translation>
    </message>
</context>
<context>
    <name>AppointmentField</name>
    <message>
        <source>Booked visit</source>
        <translation>已约定时间</translation>
    </message>
    <message>
        <source>The time the customer agreed the technician may arrive</source>
        <translation>与客户约定的上门时间</translation>
    </message>
    <message>
        <source>from</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>SLA arrival by %1</source>
        <translation>SLA 到场时限 %1</translation>
    </message>
    <message>
        <source>The window must end after it starts.</source>
        <translation>预约结束时间须晚于开始时间。</translation>
    </message>
    <message>
        <source>Cannot be booked: %1</source>
        <translation>无法预约：%1</translation>
    </message>
    <message>
        <source>Misses the SLA: the window starts after the arrival deadline (%1). It can still be booked if the customer wants that time.</source>
        <translation>超出 SLA：预约开始时间晚于到场时限（%1）。客户坚持这个时间仍可预约。</translation>
    </message>
</context>
<context>
    <name>WeekEditor</name>
    <message>
        <source>Monday</source>
        <translation>星期一</translation>
    </message>
    <message>
        <source>Tuesday</source>
        <translation>星期二</translation>
    </message>
    <message>
        <source>Wednesday</source>
        <translation>星期三</translation>
    </message>
    <message>
        <source>Thursday</source>
        <translation>星期四</translation>
    </message>
    <message>
        <source>Friday</source>
        <translation>星期五</translation>
    </message>
    <message>
        <source>Saturday</source>
        <translation>星期六</translation>
    </message>
    <message>
        <source>Sunday</source>
        <translation>星期日</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>星期</translation>
    </message>
    <message>
        <source>Starts</source>
        <translation>上班时间</translation>
    </message>
    <message>
        <source>Ends</source>
        <translation>下班时间</translation>
    </message>
    <message>
        <source>Breaks (e.g. 12:00-13:00)</source>
        <translation>休息（如 12:00-13:00）</translation>
    </message>
    <message>
        <source>works</source>
        <translation>上班</translation>
    </message>
    <message>
        <source>Public holidays are days off</source>
        <translation>法定节假日休息（调休日上班）</translation>
    </message>
</context>
<context>
    <name>AbsenceEditor</name>
    <message>
        <source>Leave</source>
        <translation>请假</translation>
    </message>
    <message>
        <source>Sick leave</source>
        <translation>病假</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>培训</translation>
    </message>
    <message>
        <source>Other absence</source>
        <translation>其他缺勤</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>From</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Entered</source>
        <translation>已登记</translation>
    </message>
</context>
<context>
    <name>WorkingHoursDialog</name>
    <message>
        <source>Working hours and leave</source>
        <translation>排班与请假</translation>
    </message>
    <message>
        <source>Save the department&apos;s week</source>
        <translation>保存部门排班</translation>
    </message>
    <message>
        <source>Their own week, instead of the department&apos;s</source>
        <translation>使用个人排班（不按部门排班）</translation>
    </message>
    <message>
        <source>Save their week</source>
        <translation>保存个人排班</translation>
    </message>
    <message>
        <source>Enter this absence</source>
        <translation>登记请假</translation>
    </message>
    <message>
        <source>Remove the selected one</source>
        <translation>删除所选</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <source>Public holidays of</source>
        <translation>节假日地区</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>技术员</translation>
    </message>
    <message>
        <source>Department&apos;s week</source>
        <translation>部门排班</translation>
    </message>
    <message>
        <source>Technician&apos;s week</source>
        <translation>个人排班</translation>
    </message>
    <message>
        <source>Leave and absences</source>
        <translation>请假与缺勤</translation>
    </message>
    <message>
        <source>No week set for this department yet: office hours shown.</source>
        <translation>该部门尚未设置排班，下面显示的是默认办公时间。</translation>
    </message>
    <message>
        <source>Saved: %1&apos;s week.</source>
        <translation>已保存：%1 的排班。</translation>
    </message>
    <message>
        <source>Saved: %1&apos;s own week.</source>
        <translation>已保存：%1 的个人排班。</translation>
    </message>
    <message>
        <source>Saved: %1 works the department&apos;s week.</source>
        <translation>已保存：%1 改按部门排班。</translation>
    </message>
    <message numerus="yes">
        <source>Entered for %1, but it overlaps %n planned visit(s): %2. Move them on the dispatch board.</source>
        <translation>
            <numerusform>已为 %1 登记，但与 %n 个已排上门时间冲突：%2。请在派工看板上改派。</numerusform>
        </translation>
    </message>
    <message>
        <source>Entered for %1; no planned visit is affected.</source>
        <translation>已为 %1 登记，没有已排上门受影响。</translation>
    </message>
    <message>
        <source>Choose an absence in the list first.</source>
        <translation>请先在列表中选择一条请假记录。</translation>
    </message>
    <message>
        <source>Removed.</source>
        <translation>已删除。</translation>
    </message>
    <message>
        <source>someone</source>
        <translation>有人</translation>
    </message>
    <message>
        <source>Not saved: %1 changed this meanwhile. It is shown as it is now; make your change again.</source>
        <translation>未保存：%1 刚修改过。已显示最新内容，请重新修改。</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
</context>
<context>
    <name>SchedulePanel</name>
    <message>
        <source>Loading the technicians&apos; days…</source>
        <translation>正在读取技术员日程…</translation>
    </message>
    <message>
        <source>The board could not be read: %1</source>
        <translation>无法读取派工看板：%1</translation>
    </message>
    <message>
        <source>Booked: %1 for %2 at %3</source>
        <translation>已预约：%1 派给 %2，%3 到场</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>提醒：%1</translation>
    </message>
    <message>
        <source>Not booked: %1: %2</source>
        <translation>未预约：%1：%2</translation>
    </message>
    <message>
        <source>Not booked: %1 was changed by %2 since the board showed it; it shows it as it is now. Place it again if it still should go there.</source>
        <translation>未预约：看板显示之后 %1 已被 %2 修改，现已显示最新状态。如仍要安排到那里，请重新放置。</translation>
    </message>
    <message>
        <source>someone</source>
        <translation>有人</translation>
    </message>
    <message>
        <source>Not booked: %1</source>
        <translation>未预约：%1</translation>
    </message>
    <message>
        <source>Not moved: %1 stays with %2.</source>
        <translation>未改派：%1 仍由 %2 负责。</translation>
    </message>
</context>
<context>
    <name>SeatsDialog</name>
    <message>
        <source>Seats and sign-ins</source>
        <translation>席位与登录</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Signed in since</source>
        <translation>登录时间</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>会话数</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>强制退出</translation>
    </message>
    <message>
        <source>Ends the chosen user&apos;s sessions: their seat frees at once, and they are asked to sign in again</source>
        <translation>结束所选用户的全部会话：其席位立即释放，对方需重新登录</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Export the month&apos;s sign-ins…</source>
        <translation>导出当月登录记录…</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>For the bill: who signed in how often in a month</source>
        <translation>用于核对账单：每人当月登录次数</translation>
    </message>
    <message>
        <source>This server counts no seats (it is your company&apos;s own): %1 people are signed in.</source>
        <translation>本服务器不计席位（为贵公司自有服务器）：当前有 %1 人在线。</translation>
    </message>
    <message>
        <source>%1 of %2 seats in use.</source>
        <translation>已用席位 %1 / %2。</translation>
    </message>
    <message>
        <source>%1 of %2 seats in use. All seats are taken: nobody else can sign in until someone signs out or you sign someone out here.</source>
        <translation>已用席位 %1 / %2。席位已满：有人退出或您在此强制退出某人之前，其他人无法登录。</translation>
    </message>
    <message>
        <source>%1 (you)</source>
        <translation>%1（您）</translation>
    </message>
    <message>
        <source>Signing %1 out…</source>
        <translation>正在让 %1 退出…</translation>
    </message>
    <message>
        <source>%1 is signed out: their seat is free.</source>
        <translation>%1 已退出，其席位已释放。</translation>
    </message>
    <message>
        <source>Export the month&apos;s sign-ins</source>
        <translation>导出当月登录记录</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation>无法保存 %1：%2</translation>
    </message>
    <message>
        <source>Saved %1: %2 people signed in %3 times.</source>
        <translation>已保存 %1：%2 人共登录 %3 次。</translation>
    </message>
    <message>
        <source>The seats could not be read.</source>
        <translation>无法读取席位信息。</translation>
    </message>
</context>
<context>
    <name>TakeOver</name>
    <message>
        <source>%1 (%2). Take it from %3 and give it to %4?</source>
        <translation>%1（%2）。要从 %3 手中收回，改派给 %4 吗？</translation>
    </message>
    <message>
        <source>Take the job from %1?</source>
        <translation>从 %1 手中收回工单？</translation>
    </message>
</context>
</TS>
