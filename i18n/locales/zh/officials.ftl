### Officials by chat (issue 3): joining, case cards, the inbox, case work, receipts.

## joining and the officials' menu

join-usage = 请在 /join 后面写上邀请码，例如：<code>/join AbC123xyz</code>
join-joined =
    ✅ 欢迎！您已作为 <b>{ $role }</b> 加入：{ $division }。
    发送 /cases 查看待办案件。
join-wait = 尝试次数太多了。为了安全，请一小时后再试，或联系发放邀请码的人。
join-locked = 最近一小时输错邀请码的次数太多，为了安全，加入功能暂停一小时。请稍后再试，或联系发放邀请码的人。
join-locked_alert =
    🚨 <b>邀请码被大量试错</b>
    最近一小时内共输错邀请码 { $failures } 次（所有账号合计）。为了安全，/join 已暂停至 { $until }，在此之前任何人都无法加入，持有正确邀请码的工作人员也不行。如果不是本区工作人员在试，可能有人在猜测邀请码；可用 <code>python -m bot audit</code> 查看记录。
join-unknown = 这个邀请码不对。请核对后再发一次，注意大小写。
join-used = 这个邀请码已经用过了，每个码只能用一次。请向区里或镇里要一个新的。
join-expired = 这个邀请码已过期。请向区里或镇里要一个新的。
join-revoked = 这个邀请码已被作废。请向区里或镇里要一个新的。
off-menu =
    <b>工作人员</b>：{ $name }
    { $roles }
off-role_line = · { $role }：{ $division }
off-inbox = 📋 我的待办案件
off-found = 🏠 排查发现新户
off-stats = 📊 统计数据
off-invite = ✉️ 生成邀请码
off-only = 这个功能只对工作人员开放。工作人员需用邀请码加入：发送 <code>/join 邀请码</code>。

## invites by chat

inv-not_allowed = 只有镇（街道）负责人和区级管理员可以生成邀请码。
inv-ask_role = 要邀请哪种角色？
inv-ask_division = 邀请到哪个单位？
inv-created =
    ✉️ 邀请码已生成（{ $role }，{ $division }，{ $hours } 小时内有效，只能用一次）：
    <code>{ $code }</code>
    链接：{ $link }
    请当面或通过可信渠道交给本人。
inv-join_by_command = （在机器人里发送 /join { $code }）

## the case card

card-head = 📋 <b>{ $ref }</b> · { $village }（{ $town }）
card-urgent = 🚨 紧急
card-stage = 状态：{ $stage }
card-category = 认定类别：{ $category }
card-proposed = 拟认定：<b>{ $category }</b>
card-proposed_reason = 拟认定：<b>{ $category }</b>（理由：{ $reason }）
card-risks = 风险类型：{ $risks }
card-people = 家庭人口：{ $people } 人
card-source = 来源：{ $source }
card-desc = 情况：{ $desc }
card-contact = 户主/申请人：{ $name }　电话：{ $phone }
card-no_phone = 未留
card-owner = 负责人：{ $name }
card-owner_none = 负责人：尚未受理
card-accepted_by = ✔ 已被 { $name } 受理
card-due = 下一步：{ $step }，截止 { $due }
card-overdue = ⚠️ 已逾期：{ $step }，截止 { $due }
card-transfer = ↪ 转办中，等待 { $name } 接收
card-transfer_village = ↪ 转办中，等待 { $village } 的信息员接收
card-closed = 办结原因：{ $reason }
card-measures = 帮扶措施：{ $measures }
card-income = 最近记录的年人均收入：{ $income } 元
card-media = 📎 { $items }
card-media_photo_one = 照片 { $n } 张
card-media_photos = 照片 { $n } 张
card-media_voice_one = 语音 { $n } 条
card-media_voices = 语音 { $n } 条

## buttons on a card

act-accept = ✅ 受理
act-take = ✅ 接收转办
act-decline = ↩ 不接收
act-visit = 🏠 记录走访
act-propose = 📝 提出认定意见
act-approve = ✔ 审核通过
act-reject = ↩ 退回
act-measure = 🤝 添加帮扶措施
act-followup = 📅 安排回访
act-note = 🗒 备注
act-transfer = ↪ 转办
act-close = 🔒 办结
act-reopen = 🔓 重新打开
act-timeline = 🕘 办理记录
act-media = 📎 查看照片/语音

## the photos and voice notes of a case, sent on request

media-caption_report = 📎 { $n }/{ $total } · <b>{ $ref }</b> · { $source }，{ $date }
media-caption_visit = 📎 { $n }/{ $total } · <b>{ $ref }</b> · 入户走访，{ $date }
media-none = 案件 <b>{ $ref }</b> 没有照片或语音。
media-sending = 📎 正在发送第 { $first }–{ $last } 个照片/语音（共 { $total } 个），请稍候。
media-next = 📎 接着看（还有 { $left } 个）

## the inbox and /case

inbox-title = <b>我的待办案件</b>（共 { $total } 件，按截止时间排序）
inbox-empty = 目前没有待办案件。👍
inbox-line = { $n }. { $mark }<b>{ $ref }</b> { $head } · { $village } · { $stage }{ $due }
inbox-due = {" "}· 截止 { $due }
inbox-overdue = ⚠️
inbox-open = { $n }. { $ref }
case-usage = 请写上案件编号，例如：<code>/case NC-2026-000123</code>
case-timeline =
    <b>{ $ref } 办理记录</b>
    { $lines }
case-timeline_line = { $at } { $action }{ $who }

## refusals

work-not_found = 没有找到这个案件。请核对编号。
work-out_of_scope = 这个案件不在您负责的范围内，无法查看或办理。此次操作已记录。
work-stale = 这个案件刚刚有了变化，按钮已过期。下面是最新情况：
work-not_permitted = 您的角色不能对这个案件做这一步。此次操作已记录。
work-not_now = 这个案件现在不能做这一步。下面是它的最新情况：
work-closure_refused =
    还不能以「风险消除」办结，还缺：
    { $missing }
work-closure_refused_toast = 还不能以「风险消除」办结
work-missing-measure = · 至少一项帮扶措施
work-missing-monitoring = · 监测满 { $days } 天（目前 { $have } 天）
work-missing-income = · 最近一次走访记录的年人均收入高于 { $line } 元
work-missing-income_line = · 今年的监测收入线还没有设置，请联系区里的管理员
work-bad_value = 这个内容不符合要求，请重新填写。
work-bad_date = 请用 年-月-日 的格式写一个今天以后的日期，例如 2026-12-31。
work-bad_amount = 请写一个金额数字（元），例如 800。
work-bad_ref = 没有找到这个编号的另一个案件，请核对，例如 NC-2026-000123。
work-no_officer = 这个村还没有信息员，无法转办到这里。
work-text_needed = 请用文字写几句。

## flows

work-ask_checks =
    <b>走访</b> { $ref }
    只点有问题的项，点过的会标成 ⚠️（再点一下取消）；没问题的不用点。看完点「完成」。
work-check = { $mark } { $label }
work-ask_income = 家庭<b>年人均纯收入</b>（元）？不清楚可以点「跳过」。
work-ask_notes = 写几句走访情况，也可以发照片；写好后点「完成」。
work-photo_saved = 📷 照片已保存（{ $count } 张）。都好了请点「✔ 完成」保存走访记录。
work-notes_saved = ✔ 已记下。还可以接着写或发照片；都好了请点「✔ 完成」保存走访记录。
work-ask_category = <b>认定意见</b> { $ref }：纳入哪一类，或不符合条件？
work-not_eligible = 不符合条件
work-ask_reason = 请写明理由：
work-ask_reason_optional = 可以写几句意见，也可以直接点「跳过」。
work-ask_measure = <b>帮扶措施</b> { $ref }：选择措施类型：
work-ask_start = 从哪天开始？点「今天」或写日期（例如 3月1日、昨天、2026-12-01）。
work-today = 今天
work-ask_amount = 金额（元）？可以写 800、2万、两千五；没有金额就点「跳过」。
work-ask_period = 这是每月发放，还是一次性？
work-monthly = 每月
work-once = 一次性
work-ask_end = 到哪天结束？没有结束日期就点「跳过」。
work-ask_followup = <b>安排回访</b> { $ref }：什么时候？也可以直接写日期（例如 12月20日、下周一）。
work-in_days = { $days } 天后
work-ask_village = <b>转办</b> { $ref }：转到哪个村？
work-ask_officer = 转给谁？
work-any_officer = 该村任一信息员
work-ask_note = 请写备注：
work-ask_close = <b>办结</b> { $ref }：原因是？
work-ask_duplicate = 与哪个案件重复？请写编号，例如 NC-2026-000123。
work-ask_reopen = 为什么要重新打开？请写明理由：
work-done-accept = ✅ 您已受理案件 { $ref }。
work-done-accept_visit_by = ✅ 您已受理案件 { $ref }。请在 { $due } 前走访。
work-done-take = ✅ 您已接收转办的案件 { $ref }。
work-done-decline = 已退回转办的案件 { $ref }。
work-done-visit = ✅ 走访已记录：{ $ref }。
work-done-propose = ✅ 认定意见已提交，等待镇（街道）审核：{ $ref }。
work-done-approve = ✅ 已审核通过：{ $ref }。
work-done-reject = 已退回：{ $ref }，信息员会收到您的理由。
work-done-measure = ✅ 帮扶措施已添加：{ $ref }。
work-done-followup = ✅ 回访已安排在 { $date }：{ $ref }。
work-done-transfer = ↪ 已发出转办：{ $ref }，等待对方接收。
work-done-note = 🗒 备注已保存：{ $ref }。
work-done-close = 🔒 案件已办结：{ $ref }。
work-done-reopen = 🔓 案件已重新打开：{ $ref }。

## notices to officials

work-told_approved = ✔ 案件 { $ref } 已审核通过：{ $category }。
work-told_transfer = ↪ { $name } 请您接收案件 { $ref }，接收后由您负责。
work-told_rejected =
    ↩ 案件 { $ref } 的认定意见被退回。理由：{ $reason }
    请修改后重新点「📝 提出认定意见」。
work-told_taken = ↪ 案件 { $ref } 已由 { $name } 接收。
work-told_declined = ↩ { $name } 没有接收转办的案件 { $ref }，案件仍由您负责。
work-told_reopened = 🔓 案件 { $ref } 已重新打开，请继续办理。

## receipts to the resident

receipt-accepted = 📬 您的申报 { $ref } 已由村里的工作人员受理，他们会在几天内上门了解情况。
receipt-visited = 🏠 工作人员已到您家了解情况（{ $ref }），接下来会研究帮扶办法。
receipt-included = 🤝 您家已纳入防止返贫监测帮扶（{ $ref }，{ $category }），工作人员会定期回访。
receipt-not_eligible = 📄 您的申报 { $ref } 经核实暂不符合纳入条件。如有异议，30 天内可以在「查看我的申报」里点「申请复核」。
receipt-measure = 🤝 您家新增一项帮扶：{ $measure }（{ $ref }）。
receipt-closed =
    📄 您的申报 { $ref } 已办结：{ $reason }。谢谢您的配合。
    以后如果还有困难，可以随时在这里再次申报，或直接联系村委会。

## timeline actions

tl-reported = 上报
tl-routed = 派送给信息员
tl-accepted = 受理
tl-visited = 走访
tl-proposed = 提出认定意见
tl-approved = 审核通过
tl-rejected = 退回
tl-measure = 添加帮扶措施
tl-followup_scheduled = 安排回访
tl-transfer_offered = 发起转办
tl-transfer_taken = 接收转办
tl-transfer_declined = 不接收转办
tl-note = 备注
tl-closed = 办结
tl-reopened = 重新打开
tl-rerouted = 重新派送
tl-further_report = 又收到一次反映
tl-refused = 越权操作被拒绝
tl-reminder = 到期提醒
tl-escalation = 逾期上报
tl-other = 其他记录
