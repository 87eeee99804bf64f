## Numbers and dates as people write them; voice first (handlers/spoken_answers.py)

sr-btn_my_name = Use «{ $name }»
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

## /status per case (handlers/status.py)

status-case_head = 📄 <b>{ $ref }</b> · { $village }
status-case_stage = Progress: { $stage }
status-case_official = Official in charge: { $name }
status-case_measures = Assistance: { $measures }
status-case_next_visit = Next visit: by { $date }
status-case_review_by = The town will answer your re-review request by { $date }
status-case_updated = Updated { $updated }
status-more = { $n } older { $n ->
        [one] declaration is
       *[other] declarations are
    } not listed.
status-btn_add = ➕ Add details
status-btn_review = 📮 Ask for a re-review
status-plain_reported = Received; waiting for the village staff to take it on
status-plain_accepted = Taken on; the staff will visit you
status-plain_visited = The staff have visited; they are working out the assistance
status-plain_proposed = The village has made a proposal; the town is reviewing it
status-plain_monitored = Included in monitoring and assistance; the staff will visit regularly
status-plain_review = Re-review requested; waiting for the town's answer

## Receipts (cases/casework.py)

receipt-accepted_by = 📬 Your report { $ref } was accepted by the village staff: <b>{ $name }</b> will visit you within a few days.
receipt-accepted_call = 📬 Your report { $ref } was accepted by the village staff: <b>{ $name }</b> (phone { $phone }) will visit you within a few days.
receipt-follow_up_visit = 🏠 { $name } made a follow-up visit to your home today ({ $ref }).
receipt-review_uphold =
    📄 The town's decision on your re-review request for { $ref }: <b>the decision stands</b> (not eligible for now).
    Reason: { $reason }
receipt-review_reopen =
    📄 The town's decision on your re-review request for { $ref }: <b>reopened</b>; the staff will visit you again.
    Reason: { $reason }

## Add details (handlers/follow_up.py)

more-ask = ➕ Add details to { $ref }: <b>you can just speak</b> (a voice note), or type, or send photos. Tap «✔ Done» when finished.
more-err_kind = Here you can type, or send a voice note or photos.
more-kept = ✔ Received. Send more, or tap «✔ Done».
more-nothing = Nothing new was received, so nothing was sent.
more-sent = ✔ Your details were sent to the official in charge of { $ref }.
more-closed = { $ref } is closed and cannot take more details; for new difficulties, please declare again.
more-told = ➕ The household added details ({ $ref }): { $text } ({ $n } photos/voice notes)

## Did the official come? (cases/follow_up.py)

visit_check-ask = 🏠 { $name } recorded a visit to your home ({ $ref }). <b>Did the official come?</b>
vc-yes = Yes, they came
vc-no = No
vc-thanks = Thank you for answering
vc-came = ✔ Thank you; recorded that the official came ({ $ref }).
vc-disputed = Thank you for telling us. The town lead has been told and will check ({ $ref }).
vc-late = This question has expired ({ $ref }). You can ask the village directly from the menu.
vc-answered = You have answered this already ({ $ref }).
vc-unknown = This button is not valid. Please use the buttons on the latest message.
vc-disputed_notice = ⚠️ <b>Disputed visit</b>: the household of { $ref } says { $name } did not come (visit recorded at { $when }). Please check.

## Re-review (handlers/follow_up.py, case_actions.py)

review-ask = 📮 Ask for a re-review of { $ref }: say why you think the household should be included — <b>you can just speak</b> (a voice note), or type.
review-err_kind = Please type or send a voice note with your reason.
review-sent = ✔ Your re-review request went to the town lead ({ $ref }), who will answer within { $days } days.
review-not_open = { $ref } cannot be re-reviewed now (only once, within 30 days of a "not eligible" closure).
review-told_lead = 📮 <b>Re-review requested</b>: the household of { $ref } disputes "not eligible": { $text }
review-ask_decision = <b>Re-review decision</b> { $ref }: keep the decision, or reopen the case?
review-btn_uphold = Keep the decision (not eligible)
review-btn_reopen = Reopen (visit again)
review-ask_reason = Write the reason; the household will read it.
act-appeal = 📮 Re-review decision
work-done-appeal = ✅ The household has been told the re-review decision: { $ref }.
work-told_review_reopen = 📮 Reopened after re-review: { $ref }. Please visit again. Reason: { $reason }
due-step-appeal = re-review answer
tl-details_added = household added details
tl-visit_confirmed = household confirmed the visit
tl-visit_disputed = household says nobody came
tl-review_requested = re-review requested
tl-review_decided = re-review decided

## /phone: an official's phone on the acceptance receipt (handlers/official_phone.py)

phone-not_shared = Residents see only your name on the receipt when you take on their case. Show them your phone number too, so they can call you?
phone-shared = Residents see your name and your phone { $phone } on the receipt.
phone-btn_share = 📱 Show residents my phone
phone-btn_stop = Stop showing my phone
phone-ask = Tap «📱 Share my phone number» below, or type the number residents should call.
phone-saved = ✔ Receipts will show your phone { $phone } from now on. Send /phone to stop at any time.
phone-stopped = ✔ Receipts will no longer show your phone.
qa-too_long = That is too long ({ $length } characters). Please say it in under { $max }, or send a voice note.
qa-nobody = No staff can receive questions for { $village } yet, so the question was not sent. Please contact the village committee directly.
mydata-question = ❓ { $date } your question to the village: "{ $question }" (phone left: { $phone })

## What makes it urgent (handlers/urgent_reason.py)

urgent-ask_why = What makes it urgent? <b>You can just speak</b> (hold 🎤 for a voice note), or type a few words; or tap «Skip».
urgent-heard = ✔ Voice note received.
urgent-skipped = All right.
urgent-err_why = Please say it (a voice note) or type a few words (under { $max }), or tap «Skip».
urgent-field_why = Why urgent
urgent-why_line = Why urgent: { $why }
