"""Deadlines, reminders, escalation (一条线响应), digests and outbox health (issue 5)."""

ZH = {
    "due.step.accept": "受理",
    "due.step.visit": "入户走访",
    "due.step.decision": "提出认定意见",
    "due.step.approval": "镇（街道）审核",
    "due.step.follow_up": "回访",
    "due.step.recheck": "风险消除后复核",
    "due.level.0": "村级信息员",
    "due.level.1": "镇（街道）负责人",
    "due.level.2": "区级管理员",
    "due.nobody": "尚无负责人",
    "due.reminder": (
        "⏰ <b>到期提醒</b>\n案件 {ref}（{village}）的「{step}」将于 {due} 到期，请及时办理。"
    ),
    "due.overdue_owner": (
        "⚠️ <b>已逾期</b>\n案件 {ref}（{village}）的「{step}」已于 {due} 到期，"
        "已按一条线响应上报至{level}。请尽快办理。"
    ),
    "due.escalated": (
        "🔺 <b>逾期上报（一条线响应）</b>\n案件 {ref}（{village}）的「{step}」已于 {due} 到期未办理。\n"
        "延误：{who}\n现上报至您（{level}）督办。"
    ),
    "due.digest": (
        "☀️ <b>今日工作提要</b>（{date}）\n"
        "在办案件：{open} 件（待受理 {reported}，待走访 {accepted}，待认定 {visited}，"
        "待审核 {proposed}，监测中 {monitored}）\n"
        "今天到期的走访/回访：{visits} 件{visit_list}\n"
        "逾期：{overdue} 件{overdue_list}"
    ),
    "due.weekly": (
        "📊 <b>本周汇总</b>（{area}，{start} 至 {end}）\n"
        "新增 {new} 件，办结 {closed} 件，在办 {open} 件，逾期 {overdue} 件（其中已上报 {escalated} 件）。"
    ),
    "due.more": "等 {n} 件",
    "due.age_minutes": "{n} 分钟",
    "due.age_hours": "约 {n} 小时",
    "due.open_case": "📋 打开案件",
    "due.health_alert": (
        "🚨 <b>消息发送积压</b>\n待发送 {backlog} 条，最早的一条已等待{age}。"
        "部分提醒和通知可能没有按时送达，请通知技术维护人员检查（python -m bot status）。"
    ),
}

EN = {
    "due.step.accept": "acceptance",
    "due.step.visit": "home visit",
    "due.step.decision": "decision proposal",
    "due.step.approval": "town approval",
    "due.step.follow_up": "follow-up visit",
    "due.step.recheck": "re-check after risk elimination",
    "due.level.0": "village officer",
    "due.level.1": "town lead",
    "due.level.2": "district admin",
    "due.nobody": "no owner yet",
    "due.open_case": "📋 Open the case",
    "due.age_minutes": "{n} min",
    "due.age_hours": "about {n} h",
    "due.reminder": (
        "⏰ <b>Deadline reminder</b>\nCase {ref} ({village}): the {step} is due {due}. "
        "Please act on it in time."
    ),
    "due.overdue_owner": (
        "⚠️ <b>Overdue</b>\nCase {ref} ({village}): the {step} was due {due} and has been "
        "escalated to the {level}. Please act now."
    ),
    "due.escalated": (
        "🔺 <b>Overdue case escalated</b>\nCase {ref} ({village}): the {step} was due "
        "{due} and is not done.\nResponsible: {who}\nEscalated to you ({level}) to follow up."
    ),
    "due.digest": (
        "☀️ <b>Today's work</b> ({date})\n"
        "Open cases: {open} (to accept {reported}, to visit {accepted}, to decide {visited}, "
        "to approve {proposed}, monitored {monitored})\n"
        "Visits and follow-ups due today: {visits}{visit_list}\n"
        "Overdue: {overdue}{overdue_list}"
    ),
    "due.weekly": (
        "📊 <b>Weekly summary</b> ({area}, {start} to {end})\n"
        "New {new}, closed {closed}, open {open}, overdue {overdue} (escalated {escalated})."
    ),
    "due.more": "and {n} more",
    "due.health_alert": (
        "🚨 <b>Messages are backing up</b>\nWaiting to be sent: {backlog}; the oldest has "
        "waited {age}. Some reminders and notices may be late: please tell the technical "
        "maintainers (python -m bot status)."
    ),
}
