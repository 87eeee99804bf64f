## Numbers and dates as people write them; voice first (handlers/spoken_answers.py)

sr-btn_my_name = 就用「{ $name }」
spoken-bad_number = 没看懂这个数。请照这样写：<b>{ $example }</b>（在 { $low } 到 { $high } 之间）。
spoken-example_amount_digits = 5000
spoken-example_amount_grouped = 5,000
spoken-example_amount_wan = 0.5万
spoken-example_amount_chinese = 五千
spoken-example_count_digits = 3
spoken-example_count_grouped = 3
spoken-example_count_wan = 3
spoken-example_count_chinese = 三
spoken-bad_date = 没看懂这个日期。请照这样写：<b>{ $example }</b>
spoken-example_date_full_past = 2026-03-01
spoken-example_date_full_future = 2026-12-05
spoken-example_date_month_day_past = 3月1日
spoken-example_date_month_day_future = 12月5日
spoken-example_date_dashed_past = 3-1
spoken-example_date_dashed_future = 12-5
spoken-example_date_relative_past = 3天前
spoken-example_date_relative_future = 3天后
spoken-example_date_weekday_past = 上周一
spoken-example_date_weekday_future = 下周一

## A question to the village (handlers/questions.py)

qa-offer =
    把这句话发给村里的工作人员？
    「{ $question }」
qa-voice_note = （一段语音）
qa-btn_send = ✉️ 发给村里
qa-btn_send_phone = ✉️ 发给村里，并留下我的电话
qa-btn_no = 不用了
qa-dropped = 好的，没有发送。
qa-limit = 今天已经问了 { $n } 个问题，明天再问吧；急事请直接联系村委会。
qa-ask_phone = 请点下面的「📱 发送我的手机号」，或直接输入电话号码。工作人员会用它联系您。
qa-phone_saved = ✔ 电话已记下，只给村里的工作人员看。
qa-ask_town = 您家在哪个<b>镇（街道）</b>？问题会发给那里的工作人员。
qa-ask_village = 哪个<b>村（社区）</b>？
qa-back_to_towns = 重新选择镇（街道）。
qa-err_division_gone = 所选的村已不在名册中，请重新选择。
qa-chosen = ✔ { $label }：{ $value }
qa-field_village = 所在村
qa-sent = ✉️ 已发给{ $village }的工作人员，他们回复后会在这里告诉您。
qa-to_official =
    ❓ <b>村民提问</b>（{ $village }，{ $name }）
    「{ $question }」
qa-phone_line = 📞 对方留的电话：{ $phone }
qa-no_phone = 对方没有留电话，请点「回复」在这里答复。
qa-btn_reply = 💬 回复
qa-btn_case = 📂 转为案件
qa-ask_answer = 请写下回复，也可以直接说话（发语音）。村民会收到您的名字和回复。
qa-err_answer = 请写几个字或发一段语音作为回复。
qa-answer_sent = ✔ 回复已发给村民。
qa-answered_already = 这个问题已经有人回复了。
qa-case_opened = 📂 已转为案件 { $ref }，案件卡片随后发给您。
qa-case_exists = 这个问题已经转为案件 { $ref }。
qa-answer_to_resident =
    💬 <b>{ $name }</b>（村里的工作人员）回复了您的问题：
    「{ $question }」
    { $answer }

## /status per case (handlers/status.py)

status-case_head = 📄 <b>{ $ref }</b> · { $village }
status-case_stage = 进展：{ $stage }
status-case_official = 负责的工作人员：{ $name }
status-case_measures = 帮扶措施：{ $measures }
status-case_next_visit = 下次上门：{ $date } 前
status-case_review_by = 镇里会在 { $date } 前答复您的复核申请
status-case_updated = 更新于 { $updated }
status-more = 还有 { $n } 件较早的申报没有列出。
status-btn_add = ➕ 补充情况
status-btn_review = 📮 申请复核
status-plain_reported = 已收到，等村里的工作人员受理
status-plain_accepted = 已受理，工作人员会上门了解情况
status-plain_visited = 工作人员已上门，正在研究帮扶办法
status-plain_proposed = 村里已提出意见，等镇里审核
status-plain_monitored = 已纳入监测帮扶，工作人员会定期回访
status-plain_review = 已申请复核，等镇里答复

## Receipts (cases/casework.py)

receipt-accepted_by = 📬 您的申报 { $ref } 已由村里的工作人员受理，负责的是 <b>{ $name }</b>，会在几天内上门了解情况。
receipt-accepted_call = 📬 您的申报 { $ref } 已由村里的工作人员受理，负责的是 <b>{ $name }</b>（电话 { $phone }），会在几天内上门了解情况。
receipt-follow_up_visit = 🏠 工作人员 { $name } 今天回访了您家（{ $ref }）。
receipt-review_uphold =
    📄 您对 { $ref } 的复核申请，镇里的决定是：<b>维持原结论</b>（暂不符合纳入条件）。
    理由：{ $reason }
receipt-review_reopen =
    📄 您对 { $ref } 的复核申请，镇里的决定是：<b>重新办理</b>，工作人员会再次上门了解情况。
    理由：{ $reason }

## 补充情况 (handlers/follow_up.py)

more-ask = ➕ 给 { $ref } 补充情况：<b>可以直接说话</b>（发语音），也可以打字或发照片。发完点「✔ 完成」。
more-err_kind = 这里可以打字、发语音或照片。
more-kept = ✔ 收到了。还可以继续发，发完点「✔ 完成」。
more-nothing = 没有收到新的内容，什么也没有发送。
more-sent = ✔ 已把补充的情况发给负责 { $ref } 的工作人员。
more-closed = { $ref } 已经办结，不能再补充；如有新的困难，请重新申报。
more-told = ➕ 申报人补充了情况（{ $ref }）：{ $text }（照片/语音 { $n } 个）

## 工作人员上门了吗？ (cases/follow_up.py)

visit_check-ask = 🏠 工作人员 { $name } 记录说已到您家了解情况（{ $ref }）。<b>工作人员上门了吗？</b>
vc-yes = 上门了
vc-no = 没有
vc-thanks = 谢谢您的回答
vc-came = ✔ 谢谢，已记录：工作人员上门了（{ $ref }）。
vc-disputed = 谢谢您告诉我们。已报告镇里的负责人，他们会核实（{ $ref }）。
vc-late = 这个问题已经过期了（{ $ref }）。有事可以在菜单里直接问村里。
vc-answered = 您已经回答过了（{ $ref }）。
vc-unknown = 这个按钮无效，请使用最新消息里的按钮。
vc-disputed_notice = ⚠️ <b>上门核实有异议</b>：{ $ref } 的申报人说工作人员 { $name } 没有上门（系统记录的走访时间 { $when }）。请核实。

## 申请复核 (handlers/follow_up.py, case_actions.py)

review-ask = 📮 对 { $ref } 申请复核：请说说您为什么认为应该纳入，<b>可以直接说话</b>（发语音），也可以打字。
review-err_kind = 请打字或发一段语音说明理由。
review-sent = ✔ 复核申请已交给镇里的负责人（{ $ref }），他们会在 { $days } 天内答复您。
review-not_open = { $ref } 现在不能申请复核（只能在“不符合条件”办结后 30 天内申请一次）。
review-told_lead = 📮 <b>申请复核</b>：{ $ref } 的申报人对“不符合条件”有异议：{ $text }
review-ask_decision = <b>复核决定</b> { $ref }：维持原结论，还是重新办理？
review-btn_uphold = 维持原结论（不符合条件）
review-btn_reopen = 重新办理（再次上门）
review-ask_reason = 请写下理由，申报人会看到。
act-appeal = 📮 复核决定
work-done-appeal = ✅ 复核决定已告知申报人：{ $ref }。
work-told_review_reopen = 📮 复核后重新办理：{ $ref }，请再次上门。理由：{ $reason }
due-step-appeal = 复核答复
tl-details_added = 申报人补充情况
tl-visit_confirmed = 申报人确认已上门
tl-visit_disputed = 申报人说没有上门
tl-review_requested = 申请复核
tl-review_decided = 复核决定

## /phone: an official's phone on the acceptance receipt (handlers/official_phone.py)

phone-not_shared = 村民收到的受理回执上只有您的名字。要不要把您的电话也告诉他们，方便联系？
phone-shared = 村民收到的受理回执上有您的名字和电话 { $phone }。
phone-btn_share = 📱 把我的电话告诉村民
phone-btn_stop = 不再显示我的电话
phone-ask = 请点下面的「📱 发送我的手机号」，或输入要告诉村民的电话号码。
phone-saved = ✔ 以后的受理回执会附上您的电话 { $phone }。发 /phone 可以随时取消。
phone-stopped = ✔ 以后的受理回执不再显示您的电话。
qa-too_long = 这段话太长了（{ $length } 字）。请在 { $max } 字以内说清楚，或者直接发语音。
qa-nobody = { $village }暂时还没有能接收问题的工作人员，这个问题没有发出。请直接联系村委会。
mydata-question = ❓ { $date } 您问村里的问题：「{ $question }」（留的电话：{ $phone }）

## What makes it urgent (handlers/urgent_reason.py)

urgent-ask_why = 什么事这么急？<b>可以直接说话</b>（按住 🎤 发语音），也可以打几个字；不想说就点「跳过」。
urgent-heard = ✔ 语音收到了。
urgent-skipped = 好的。
urgent-err_why = 请说一句（发语音）或打几个字（{ $max } 字以内），或点「跳过」。
urgent-field_why = 紧急原因
urgent-why_line = 紧急原因：{ $why }
