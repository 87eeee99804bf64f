### Deadlines, reminders, escalation (一条线响应), digests and outbox health (issue 5).

due-step-accept = 受理
due-step-visit = 入户走访
due-step-decision = 提出认定意见
due-step-approval = 镇（街道）审核
due-step-follow_up = 回访
due-step-recheck = 风险消除后复核
due-level-0 = 村级信息员
due-level-1 = 镇（街道）负责人
due-level-2 = 区级管理员
due-nobody = 尚无负责人
due-reminder =
    ⏰ <b>到期提醒</b>
    案件 { $ref }（{ $village }）的「{ $step }」将于 { $due } 到期，请及时办理。
due-overdue_owner =
    ⚠️ <b>已逾期</b>
    案件 { $ref }（{ $head }，{ $village }）的「{ $step }」已于 { $due } 到期，已按一条线响应上报至{ $level }。请尽快办理。
due-escalated =
    🔺 <b>逾期上报（一条线响应）</b>
    案件 { $ref }（{ $head }，{ $village }）的「{ $step }」已于 { $due } 到期未办理。
    责任人：{ $who }
    现上报至您（{ $level }）督办。
due-digest =
    ☀️ <b>今日工作提要</b>（{ $date }）
    在办案件：{ $open } 件（待受理 { $reported }，待走访 { $accepted }，待认定 { $visited }，待审核 { $proposed }，监测中 { $monitored }）
    今天到期的走访/回访：{ $visits } 件{ $visit_list }
    逾期：{ $overdue } 件{ $overdue_list }
due-weekly =
    📊 <b>本周汇总</b>（{ $area }，{ $start } 至 { $end }）
    新增 { $new } 件，办结 { $closed } 件，在办 { $open } 件，逾期 { $overdue } 件（其中已上报 { $escalated } 件）。
due-more = 等 { $n } 件
due-age_minutes = { $n } 分钟
due-age_hours = 约 { $n } 小时
due-open_case = 📋 打开案件
due-health_alert =
    🚨 <b>消息发送积压</b>
    待发送 { $backlog } 条，最早的一条已等待{ $age }。部分提醒和通知可能没有按时送达，请通知技术维护人员检查（python -m bot status）。
