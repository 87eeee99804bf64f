### Officials by chat (issue 3): joining, case cards, the inbox, case work, receipts.

## joining and the officials' menu

join-usage = Write the invite code after /join, for example: <code>/join AbC123xyz</code>
join-joined =
    ✅ Welcome! You joined as <b>{ $role }</b> for { $division }.
    Send /cases for your open cases.
join-wait = Too many attempts. For safety, please try again in an hour or ask whoever gave you the code.
join-locked = Too many wrong invite codes were tried in the last hour, so joining is paused for an hour for safety. Please try again later or ask whoever gave you the code.
join-locked_alert =
    🚨 <b>Many wrong invite codes</b>
    Wrong invite codes in the last hour, all accounts together: { $failures }. For safety, /join is paused until { $until }; until then nobody can join, not even an official with a valid code. If this is not your own staff, someone may be guessing codes; <code>python -m bot audit</code> shows the attempts.
join-unknown = That invite code is not right. Please check it and send it again (capitals matter).
join-used = That invite code has already been used; each code works once. Ask for a new one.
join-expired = That invite code has expired. Ask the district or your town for a new one.
join-revoked = That invite code was withdrawn. Ask the district or your town for a new one.
off-menu =
    <b>Official</b>: { $name }
    { $roles }
off-role_line = · { $role }: { $division }
off-inbox = 📋 My open cases
off-found = 🏠 Household found on a visit
off-stats = 📊 Statistics
off-invite = ✉️ Make an invite code
off-only = This is for officials. Officials join with an invite code: send <code>/join CODE</code>.

## invites by chat

inv-not_allowed = Only town leads and district admins can make invite codes.
inv-ask_role = Which role do you want to invite?
inv-ask_division = For which division?
inv-created =
    ✉️ Invite code ({ $role }, { $division }, valid for { $hours } { $hours ->
        [one] hour
       *[other] hours
    }, single use):
    <code>{ $code }</code>
    Link: { $link }
    Hand it to the person directly or over a trusted channel.
inv-join_by_command = (send /join { $code } to the bot)

## the case card

card-head = 📋 <b>{ $ref }</b> · { $village } ({ $town })
card-urgent = 🚨 Urgent
card-stage = Status: { $stage }
card-category = Category: { $category }
card-proposed = Proposed: <b>{ $category }</b>
card-proposed_reason = Proposed: <b>{ $category }</b> (reason: { $reason })
card-risks = Risks: { $risks }
card-people = Household size: { $people }
card-source = Source: { $source }
card-desc = Situation: { $desc }
card-contact = Head / applicant: { $name }   Phone: { $phone }
card-no_phone = none given
card-owner = Owner: { $name }
card-owner_none = Owner: not accepted yet
card-accepted_by = ✔ Accepted by { $name }
card-due = Next: { $step }, due { $due }
card-overdue = ⚠️ Overdue: { $step }, was due { $due }
card-transfer = ↪ Transfer waiting for { $name } to take it
card-transfer_village = ↪ Transfer waiting for an officer of { $village } to take it
card-closed = Closed as: { $reason }
card-measures = Assistance: { $measures }
card-income = Latest income per person per year: { $income } yuan
card-media = 📎 { $items }
card-media_photo_one = { $n } { $n ->
        [one] photo
       *[other] photos
    }
card-media_photos = { $n } { $n ->
        [one] photo
       *[other] photos
    }
card-media_voice_one = { $n } { $n ->
        [one] voice note
       *[other] voice notes
    }
card-media_voices = { $n } { $n ->
        [one] voice note
       *[other] voice notes
    }

## buttons on a card

act-accept = ✅ Accept
act-take = ✅ Take the transfer
act-decline = ↩ Decline
act-visit = 🏠 Record visit
act-propose = 📝 Propose a decision
act-approve = ✔ Approve
act-reject = ↩ Reject
act-measure = 🤝 Add assistance
act-followup = 📅 Schedule follow-up
act-note = 🗒 Note
act-transfer = ↪ Transfer
act-close = 🔒 Close
act-reopen = 🔓 Reopen
act-timeline = 🕘 Timeline
act-media = 📎 Photos & voice

## the photos and voice notes of a case, sent on request

media-caption_report = 📎 { $n }/{ $total } · <b>{ $ref }</b> · { $source }, { $date }
media-caption_visit = 📎 { $n }/{ $total } · <b>{ $ref }</b> · home visit, { $date }
media-none = Case <b>{ $ref }</b> has no photos or voice notes.
media-sending = 📎 Sending photos / voice notes { $first }–{ $last } of { $total }; one moment.
media-next = 📎 Show more ({ $left } left)

## the inbox and /case

inbox-title = <b>My open cases</b> ({ $total }, soonest due first)
inbox-empty = No open cases right now. 👍
inbox-line = { $n }. { $mark }<b>{ $ref }</b> { $head } · { $village } · { $stage }{ $due }
inbox-due = {" "}· due { $due }
inbox-overdue = ⚠️
inbox-open = { $n }. { $ref }
case-usage = Write the case reference, for example: <code>/case NC-2026-000123</code>
case-timeline =
    <b>{ $ref } timeline</b>
    { $lines }
case-timeline_line = { $at } { $action }{ $who }

## refusals

work-not_found = No case with that reference. Please check it.
work-out_of_scope = That case is outside your divisions; you cannot see or act on it. This was recorded.
work-stale = This case changed a moment ago, so that button is out of date. Here it is now:
work-not_permitted = Your role may not take that step on this case. This was recorded.
work-not_now = That step is not possible for this case now. Here it is now:
work-closure_refused =
    It cannot be closed as "risk eliminated" yet. Missing:
    { $missing }
work-closure_refused_toast = It cannot be closed as "risk eliminated" yet
work-missing-measure = · at least one assistance measure
work-missing-monitoring = · { $days } { $days ->
        [one] day
       *[other] days
    } of monitoring (so far { $have })
work-missing-income = · an income per person above { $line } yuan on the latest visit
work-missing-income_line = · this year's monitoring income line is not set yet; please ask the district administrators
work-bad_value = That does not fit; please fill it in again.
work-bad_date = Please write a date after today as year-month-day, e.g. 2026-12-31.
work-bad_amount = Please write an amount in yuan as a number, e.g. 800.
work-bad_ref = No other case has that reference; please check it, e.g. NC-2026-000123.
work-no_officer = That village has no officer yet, so the case cannot go there.
work-text_needed = Please write a few words.

## flows

work-ask_checks =
    <b>Home visit</b> { $ref }
    Tap only what is wrong: it is marked ⚠️ (tap again to undo); leave the rest. Then tap "Done".
work-check = { $mark } { $label }
work-ask_income = Yearly <b>net income per person</b> (yuan)? Tap "Skip" if unknown.
work-ask_notes = Write a few words about the visit, or send photos; then tap "Done".
work-photo_saved = 📷 Photo saved ({ $count }). When everything is in, tap "✔ Done" to save the visit.
work-notes_saved = ✔ Noted. Write more or send photos; when everything is in, tap "✔ Done" to save the visit.
work-ask_category = <b>Decision</b> { $ref }: include in which category, or not eligible?
work-not_eligible = Not eligible
work-ask_reason = Please write the reason:
work-ask_reason_optional = Write a comment, or tap "Skip".
work-ask_measure = <b>Assistance</b> { $ref }: which measure?
work-ask_start = Starting when? Tap "Today" or write a date (e.g. 2026-12-01, 12-1, yesterday).
work-today = Today
work-ask_amount = Amount (yuan)? 800, 20,000 or 2万 all work; tap "Skip" if there is none.
work-ask_period = Paid monthly, or once?
work-monthly = Monthly
work-once = Once
work-ask_end = Ending when? Tap "Skip" if open-ended.
work-ask_followup = <b>Follow-up visit</b> { $ref }: when? You can also write a date (e.g. 12-20, next Monday).
work-in_days = in { $days } { $days ->
        [one] day
       *[other] days
    }
work-ask_village = <b>Transfer</b> { $ref }: to which village?
work-ask_officer = To whom?
work-any_officer = Any officer of the village
work-ask_note = Write the note:
work-ask_close = <b>Close</b> { $ref }: why?
work-ask_duplicate = A duplicate of which case? Write its reference, e.g. NC-2026-000123.
work-ask_reopen = Why reopen it? Please write the reason:
work-done-accept = ✅ You accepted { $ref }.
work-done-accept_visit_by = ✅ You accepted { $ref }. Please visit the household by { $due }.
work-done-take = ✅ You took over { $ref }.
work-done-decline = You declined the transfer of { $ref }.
work-done-visit = ✅ Visit recorded: { $ref }.
work-done-propose = ✅ Decision proposed, awaiting town approval: { $ref }.
work-done-approve = ✅ Approved: { $ref }.
work-done-reject = Rejected: { $ref }; the officer gets your reason.
work-done-measure = ✅ Assistance added: { $ref }.
work-done-followup = ✅ Follow-up visit set for { $date }: { $ref }.
work-done-transfer = ↪ Transfer offered: { $ref }; waiting for the receiver.
work-done-note = 🗒 Note saved: { $ref }.
work-done-close = 🔒 Case closed: { $ref }.
work-done-reopen = 🔓 Case reopened: { $ref }.

## notices to officials

work-told_approved = ✔ Case { $ref } approved: { $category }.
work-told_transfer = ↪ { $name } asks you to take over case { $ref }; once taken, it is yours.
work-told_rejected = ↩ The decision on case { $ref } was sent back. Reason: { $reason } Please review it.
work-told_taken = ↪ Case { $ref } was taken over by { $name }.
work-told_declined = ↩ { $name } declined the transfer of { $ref }; it stays with you.
work-told_reopened = 🔓 Case { $ref } was reopened; please continue.

## receipts to the resident

receipt-accepted = 📬 Your report { $ref } was accepted by the village officials; they will visit you within a few days.
receipt-visited = 🏠 An official has visited your household ({ $ref }); support options are being worked out.
receipt-included = 🤝 Your household is now under monitoring and assistance ({ $ref }, { $category }); officials will visit regularly.
receipt-not_eligible = 📄 Your report { $ref } was checked and does not meet the criteria for now. If you disagree, you can ask for a re-review within 30 days under «My declarations».
receipt-measure = 🤝 New assistance for your household: { $measure } ({ $ref }).
receipt-closed =
    📄 Your report { $ref } is closed: { $reason }. Thank you.
    If you face hardship again, report it here at any time, or contact your village committee.

## timeline actions

tl-reported = reported
tl-routed = sent to officials
tl-accepted = accepted
tl-visited = home visit
tl-proposed = decision proposed
tl-approved = approved
tl-rejected = sent back
tl-measure = assistance added
tl-followup_scheduled = follow-up scheduled
tl-transfer_offered = transfer offered
tl-transfer_taken = transfer taken
tl-transfer_declined = transfer declined
tl-note = note
tl-closed = closed
tl-reopened = reopened
tl-rerouted = sent back to routing
tl-further_report = further report
tl-refused = out-of-scope attempt refused
tl-reminder = reminder
tl-escalation = escalated (overdue)
tl-other = other
