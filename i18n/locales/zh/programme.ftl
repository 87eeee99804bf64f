### The programme's own steps (民主评议、公示、审定) and each district's rules (issue 13).

## stages and steps

stage-review = 待村民主评议
stage-notice = 公示中
stage-confirm = 待区县审定
due-step-review = 村民主评议
due-step-notice = 公示结束
due-step-confirm = 区县审定
act-review = 🗳 记录民主评议
act-object = ✋ 登记异议
act-confirm = 🏛 审定
tl-steps_started = 进入评议、公示、审定程序
tl-reviewed = 村民主评议
tl-objection = 公示期间有异议
tl-notice_ended = 公示期满无异议
tl-confirmed = 区县审定通过
tl-not_confirmed = 区县审定未通过
tl-included = 纳入监测
track-inclusion = 纳入监测
track-elimination = 风险消除
outcome-pass = 通过
outcome-fail = 未通过
chain-purpose-inclusion = 纳入监测
chain-purpose-elimination = 标注风险消除
chain-no_category = 未分类
chain-card_track = 程序：{ $track }
chain-card_notice_until = 公示至 { $until }（含当天），期满无异议自动进入下一步

## flows

chain-ask_held = <b>民主评议</b> { $ref }：哪天开的评议会？点按钮，或写日期（例如 2026-03-02）。
chain-yesterday = 昨天
chain-bad_held = 请写今天或以前的日期，例如 2026-03-02。
chain-ask_outcome = 评议结果？
chain-outcome_pass = ✅ 评议通过
chain-outcome_fail = ❌ 评议未通过
chain-ask_attending = 参加评议的有多少人？请写一个数字。
chain-bad_attending = 请写参加人数，例如 25。
chain-ask_minutes = 有会议记录的照片就发一张；没有就点「跳过」。
chain-photo_or_skip = 请发一张会议记录的照片，或点「跳过」。
chain-ask_objection = <b>登记异议</b> { $ref }：请写明异议内容（案件会退回重新评议）：
chain-ask_confirm = <b>审定</b> { $ref }：是否审定通过？
chain-confirm_yes = ✅ 审定通过
chain-confirm_no = ↩ 不予审定
chain-ask_not_confirmed = 请写明不予审定的理由：
chain-needs_visit_toast = 请先入户走访
chain-not_eligible_needs_visit = 还不能以「不符合条件」办结：请先入户走访，再提出「不符合条件」的意见，由镇（街道）审核。

## done

chain-done-approved_steps = ✅ 已审核通过：{ $ref }。下一步是村民主评议。
chain-done-close_proposed = ✅ 「不符合条件」的意见已提交，等待镇（街道）审核：{ $ref }。
chain-done-elimination_started = ✅ 风险消除已提出：{ $ref }。经民主评议、公示、审定后办结。
chain-done-review_pass = ✅ 民主评议已记录（通过）：{ $ref }。
chain-done-review_fail = 民主评议已记录（未通过）：{ $ref }，案件已退回。
chain-done-object = ✋ 异议已登记：{ $ref }，案件退回重新评议。
chain-done-confirmed = ✅ 已审定：{ $ref }。
chain-done-not_confirmed = ↩ 不予审定：{ $ref }，信息员会收到您的理由。

## notices to officials

chain-told_approved = ✔ 案件 { $ref } 已由 { $name } 审核通过：{ $category }。下一步：{ $step }。
chain-told_approved_comment =
    ✔ 案件 { $ref } 已由 { $name } 审核通过：{ $category }。下一步：{ $step }。
    审核意见：{ $reason }
chain-told_moved = ➡️ 案件 { $ref } 进入下一步：{ $stage }。
chain-told_review_failed = ↩ 案件 { $ref } 民主评议未通过，已退回。
chain-told_objection =
    ✋ 案件 { $ref } 公示期间有异议，退回重新评议。
    异议：{ $reason }
chain-told_not_confirmed =
    ↩ 案件 { $ref } 区县审定未通过，已退回。
    理由：{ $reason }
chain-notice_text =
    📢 案件 { $ref } 进入公示，请张贴以下公示内容（不含反映人信息）：

    <b>公示</b>
    经村民主评议，{ $village } { $surname }某户拟{ $purpose }（{ $category }）。
    公示期至 { $until }。如有异议，请在公示期内向村委会反映。
chain-income_line_missing =
    ⚠️ { $district } 还没有设置 { $year } 年的监测收入线。
    没有收入线，{ $year } 年就不能以「风险消除」办结案件。请用 /policy 设置。

## a district's rules (/policy)

pol-menu = ⚙️ 办理规则
pol-admins_only = 只有区（县）管理员可以设置办理规则。
pol-overview =
    <b>{ $district } 办理规则</b>
    { $lines }
    点下面的按钮修改一项。
pol-line = · { $name }：{ $value }（{ $source }）
pol-source_district = 本区设定
pol-source_default = 默认
pol-not_set = 未设置
pol-steps_none = 不经过
pol-unit-hours = { $n } 小时
pol-unit-days = { $n } 天
pol-unit-yuan = { $n } 元
pol-unit-steps = { $n }
pol-name-income_line = { $year } 年收入线
pol-name-deadline-accept = 受理时限
pol-name-deadline-accept_urgent = 紧急受理时限
pol-name-deadline-visit = 入户走访时限
pol-name-deadline-decision = 提出认定意见时限
pol-name-deadline-approval = 镇街审核时限
pol-name-deadline-review = 民主评议时限
pol-name-deadline-confirm = 区县审定时限
pol-name-deadline-follow_up = 回访间隔
pol-name-deadline-recheck = 风险消除后复核
pol-name-monitoring_days = 最短监测期
pol-name-notice_days = 公示天数
pol-name-steps-inclusion = 纳入监测的程序
pol-name-steps-elimination = 风险消除的程序
pol-ask_value =
    <b>{ $name }</b>：现在是 { $value }。
    请写新的数字（{ $lo } 到 { $hi }）：
pol-ask_steps = <b>{ $name }</b>：点一下打开或关闭，好了点「完成」。
pol-step_toggle = { $mark } { $step }
pol-ask_confirm = 把「{ $name }」从 { $old } 改为 <b>{ $new }</b>？
pol-yes = ✅ 确认修改
pol-no = 取消
pol-saved = ✅ 已保存：{ $name } 现在是 { $value }。只对此后进入该环节的案件生效。
pol-kept = 没有修改。
pol-bad-bad_number = 请写一个数字，例如 5。
pol-bad-out_of_range = 这个数字超出了允许的范围，请重新写。
pol-bad-bad_steps = 请从按钮中选择。
pol-bad-unknown = 没有这一项设置。
pol-bad-bad_year = 年份不对。
