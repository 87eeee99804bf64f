### 催办 (chasing a case), the chain's letters, vacancies, the morning digest (issue 13).

act-chase = 📣 催办
tl-chased = 催办
chase-ask_comment = 📣 催办 { $ref }：可以写一句话给责任人（例如"请今天入户"），也可以直接催办。
chase-send_now = 📣 直接催办
work-done-chase = 📣 已催办：{ $ref }，责任人已收到通知。
work-nobody_to_chase = 这个案件现在没有可以催办的责任人（该村或镇还没有工作人员），已通知区里的管理员安排。您也可以直接受理或办理这个案件。
chase-told =
    📣 <b>催办</b>：{ $name } 请您尽快办理案件 { $ref } 的「{ $step }」（{ $due } 到期）。
chase-told_comment =
    📣 <b>催办</b>：{ $name } 请您尽快办理案件 { $ref } 的「{ $step }」（{ $due } 到期）。
    留言：{ $text }
chase-escalated =
    🔺 <b>催办未果，上报督办</b>
    案件 { $ref }（{ $head }，{ $village }）的「{ $step }」（{ $due } 到期）经 { $chaser } 两次催办仍未办理。
    责任人：{ $who }
    现上报至您（{ $level }）督办。
chase-climbed_owner =
    ⚠️ <b>催办未果，已上报</b>
    案件 { $ref }（{ $head }，{ $village }）的「{ $step }」经 { $chaser } 两次催办仍未办理，已上报至{ $level }。请尽快办理。
chase-escalated_many =
    🔺 <b>逾期上报（一条线响应）</b>
    以下 { $n } 件案件逾期未办理，现上报至您督办：
    { $lines }
chase-overdue_many =
    ⚠️ <b>已逾期</b>
    您负责的以下 { $n } 件案件已逾期，已按一条线响应上报，请尽快办理：
    { $lines }
chase-late_line = · { $ref } { $head }（{ $village }）「{ $step }」{ $due } 到期 · 责任人：{ $who }
chase-overdue_line = · { $ref } { $head }（{ $village }）「{ $step }」{ $due } 到期 · 已上报至{ $level }
chase-open_ref = 📋 { $ref }
chase-place = { $village }
chase-place_group = { $village }{ $group }
chase-no_one_above = 上级（尚无人负责）
chase-vacant =
    ⚠️ <b>无人负责</b>
    { $division }还没有{ $role }，案件 { $ref } 已转给上一级。请尽快安排人员（发送 /invite 生成邀请码）。
chase-receipt_no_officer =
    ✅ <b>申报已提交</b>，编号：<code>{ $ref }</code>
    { $village }暂时还没有工作人员在这里接单，您的申报已转给镇（街道）和区里，会尽快安排人员受理并上门核实。每一步进展我们都会在这里告诉您。
    随时发送 /status 查看进度。
chase-nb_no_officer =
    ✅ <b>谢谢您！</b>{ $village }暂时还没有工作人员在这里接单，您的反映已转给镇（街道）和区里，会尽快安排人员上门了解情况。
    处理完后我们会在这里告诉您。
chase-within_minutes = { $n } 分钟
chase-within_hours = { $n } 小时
chase-digest =
    ☀️ <b>今日工作提要</b>（{ $date }）
    在办案件：{ $open } 件（待受理 { $reported }，待走访 { $accepted }，待认定 { $visited }，待审核 { $proposed }，待民主评议 { $review }，公示中 { $notice }，待审定 { $confirm }，监测中 { $monitored }）
    今天到期的走访/回访：{ $visits } 件{ $visit_list }
    自上次提要（{ $since }）以来：
    新收到：{ $new } 件{ $new_list }
    已办结：{ $closed } 件{ $closed_list }
    新逾期：{ $overdue_new } 件{ $overdue_new_list }
    此前已逾期、仍未办理：{ $overdue_old } 件
chase-digest_line = · { $ref } { $head }（{ $village }）{ $stage }{ $due }
chase-digest_due = { " " }· { $due } 到期
chase-digest_closed = · { $ref } { $head }（{ $village }）{ $reason }
chase-digest_more = · 还有 { $n } 件，发送 /cases 查看
