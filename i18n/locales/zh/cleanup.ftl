### Review leftovers: an admin of several districts chooses one (/policy), a resident with several waiting filings chooses one (/confirm).

pol-ask_district = 您是多个区（县）的管理员。请选择要查看或修改哪个区（县）的办理规则：
pol-switch_district = 🔄 换一个区（县）
pf-pick =
    有 { $n } 份替这个号码提交、等待您确认的申报：
    { $lines }
    请选择要回答的一份（回答完后可以再发送 /confirm 回答下一份）：
pf-pick_line = · { $ref }：<b>{ $name }（{ $relation }）</b>替您向{ $village }申报
pf-pick_button = { $ref } · { $name }
