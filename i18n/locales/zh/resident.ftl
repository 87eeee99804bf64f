## Numbers and dates as people write them; voice first (handlers/spoken_answers.py)

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
