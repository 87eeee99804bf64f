## Numbers and dates as people write them; voice first (handlers/spoken_answers.py)

spoken-bad_number = I could not read that number. Write it like this: <b>{ $example }</b> (from { $low } to { $high }).
spoken-example_amount_digits = 5000
spoken-example_amount_grouped = 5,000
spoken-example_amount_wan = 0.5万
spoken-example_amount_chinese = 五千
spoken-example_count_digits = 3
spoken-example_count_grouped = 3
spoken-example_count_wan = 3
spoken-example_count_chinese = 三
spoken-bad_date = I could not read that date. Write it like this: <b>{ $example }</b>
spoken-example_date_full_past = 2026-03-01
spoken-example_date_full_future = 2026-12-05
spoken-example_date_month_day_past = 3月1日
spoken-example_date_month_day_future = 12月5日
spoken-example_date_dashed_past = 3-1
spoken-example_date_dashed_future = 12-5
spoken-example_date_relative_past = 3 days ago
spoken-example_date_relative_future = in 3 days
spoken-example_date_weekday_past = last Monday
spoken-example_date_weekday_future = next Monday

## A question to the village (handlers/questions.py)

qa-offer =
    Send this to the village staff?
    "{ $question }"
qa-voice_note = (a voice note)
qa-btn_send = ✉️ Send to the village
qa-btn_send_phone = ✉️ Send, with my phone number
qa-btn_no = No, thanks
qa-dropped = All right, nothing was sent.
qa-limit = You have asked { $n } questions today; please ask again tomorrow. For something urgent, contact the village committee directly.
qa-ask_phone = Tap «📱 Share my phone number» below, or type the number. The staff will use it to contact you.
qa-phone_saved = ✔ Phone number noted; only the village staff see it.
qa-ask_town = Which <b>town</b> do you live in? The question goes to the staff there.
qa-ask_village = Which <b>village</b>?
qa-back_to_towns = Choose the town again.
qa-err_division_gone = That village is no longer in the register. Please choose again.
qa-chosen = ✔ { $label }: { $value }
qa-field_village = Village
qa-sent = ✉️ Sent to the staff of { $village }. Their answer will come here.
qa-to_official =
    ❓ <b>A resident asks</b> ({ $village }, { $name })
    "{ $question }"
qa-phone_line = 📞 Phone they left: { $phone }
qa-no_phone = They left no phone number: tap «Reply» to answer here.
qa-btn_reply = 💬 Reply
qa-btn_case = 📂 Open a case
qa-ask_answer = Write your answer, or just speak (a voice note). The resident sees your name and the answer.
qa-err_answer = Please write a few words or send a voice note as the answer.
qa-answer_sent = ✔ Answer sent to the resident.
qa-answered_already = This question has been answered already.
qa-case_opened = 📂 Opened case { $ref }; its card follows.
qa-case_exists = This question is case { $ref } already.
qa-answer_to_resident =
    💬 <b>{ $name }</b> (village staff) answered your question:
    "{ $question }"
    { $answer }
