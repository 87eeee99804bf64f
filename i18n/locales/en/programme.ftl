### The programme's own steps (village review, public notice, confirmation) and each district's rules (issue 13).

## stages and steps

stage-review = Awaiting village review
stage-notice = Public notice
stage-confirm = Awaiting district confirmation
due-step-review = village review
due-step-notice = end of the public notice
due-step-confirm = district confirmation
act-review = 🗳 Record village review
act-object = ✋ Record objection
act-confirm = 🏛 Confirm
tl-steps_started = Entered review, notice and confirmation
tl-reviewed = Village review
tl-objection = Objection during the notice
tl-notice_ended = Notice ended without objection
tl-confirmed = Confirmed by the district
tl-not_confirmed = Not confirmed by the district
tl-included = Included in monitoring
track-inclusion = Inclusion in monitoring
track-elimination = Risk elimination
outcome-pass = Passed
outcome-fail = Not passed
chain-purpose-inclusion = be included in monitoring
chain-purpose-elimination = leave monitoring (risk eliminated)
chain-no_category = no category
chain-card_track = Procedure: { $track }
chain-card_notice_until = Notice up to and including { $until }; without an objection it moves on by itself

## flows

chain-ask_held = <b>Village review</b> { $ref }: on which day was it held? Press a button or type a date (e.g. 2026-03-02).
chain-yesterday = Yesterday
chain-bad_held = Please type today's date or an earlier one, e.g. 2026-03-02.
chain-ask_outcome = The outcome?
chain-outcome_pass = ✅ Passed
chain-outcome_fail = ❌ Not passed
chain-ask_attending = How many people attended? Please type a number.
chain-bad_attending = Please type the number who attended, e.g. 25.
chain-ask_minutes = Send a photo of the minutes if there is one, or press "Skip".
chain-photo_or_skip = Please send a photo of the minutes, or press "Skip".
chain-ask_objection = <b>Objection</b> { $ref }: what was objected? (The case goes back to the village review.)
chain-ask_confirm = <b>Confirmation</b> { $ref }: confirm?
chain-confirm_yes = ✅ Confirm
chain-confirm_no = ↩ Do not confirm
chain-ask_not_confirmed = Please give the reason for not confirming:
chain-needs_visit_toast = Record a home visit first
chain-not_eligible_needs_visit = Cannot close as "not eligible" yet: record a home visit first, then propose "not eligible" for the town's approval.

## done

chain-done-approved_steps = ✅ Approved: { $ref }. Next: the village review.
chain-done-close_proposed = ✅ "Not eligible" proposed, awaiting the town's approval: { $ref }.
chain-done-elimination_started = ✅ Risk elimination proposed: { $ref }. It closes after the village review, public notice and confirmation.
chain-done-review_pass = ✅ Village review recorded (passed): { $ref }.
chain-done-review_fail = Village review recorded (not passed): { $ref }; the case went back.
chain-done-object = ✋ Objection recorded: { $ref }; back to the village review.
chain-done-confirmed = ✅ Confirmed: { $ref }.
chain-done-not_confirmed = ↩ Not confirmed: { $ref }; the officer will get your reason.

## notices to officials

chain-told_approved = ✔ { $name } approved case { $ref }: { $category }. Next: { $step }.
chain-told_approved_comment =
    ✔ { $name } approved case { $ref }: { $category }. Next: { $step }.
    Comment: { $reason }
chain-told_moved = ➡️ Case { $ref } moved on: { $stage }.
chain-told_review_failed = ↩ Case { $ref } did not pass the village review and went back.
chain-told_objection =
    ✋ Case { $ref }: an objection during the public notice; back to the village review.
    Objection: { $reason }
chain-told_not_confirmed =
    ↩ Case { $ref } was not confirmed by the district and went back.
    Reason: { $reason }
chain-notice_text =
    📢 Case { $ref } is now on public notice. Please post this text (it names no reporter):

    <b>Public notice</b>
    After the village review, the household of { $surname } in { $village } is to { $purpose } ({ $category }).
    The notice runs until { $until }. Objections go to the village committee within that time.
chain-income_line_missing =
    ⚠️ { $district } has no monitoring income line for { $year } yet.
    Without it, no case can close as "risk eliminated" in { $year }. Please set it with /policy.

## a district's rules (/policy)

pol-menu = ⚙️ Rules
pol-admins_only = Only district admins can set the rules.
pol-overview =
    <b>Rules of { $district }</b>
    { $lines }
    Press a button below to change one.
pol-line = · { $name }: { $value } ({ $source })
pol-source_district = set by the district
pol-source_default = default
pol-not_set = not set
pol-steps_none = none
pol-unit-hours = { $n } h
pol-unit-days = { $n } days
pol-unit-yuan = { $n } yuan
pol-unit-steps = { $n }
pol-name-income_line = Income line { $year }
pol-name-deadline-accept = Time to accept
pol-name-deadline-accept_urgent = Time to accept (urgent)
pol-name-deadline-visit = Time to visit
pol-name-deadline-decision = Time to propose
pol-name-deadline-approval = Time for the town's approval
pol-name-deadline-review = Time for the village review
pol-name-deadline-confirm = Time for the district's confirmation
pol-name-deadline-follow_up = Follow-up interval
pol-name-deadline-recheck = Re-check after elimination
pol-name-monitoring_days = Minimum monitoring period
pol-name-notice_days = Public notice days
pol-name-steps-inclusion = Steps for inclusion
pol-name-steps-elimination = Steps for risk elimination
pol-ask_value =
    <b>{ $name }</b>: now { $value }.
    Type the new number ({ $lo } to { $hi }):
pol-ask_steps = <b>{ $name }</b>: press to switch a step on or off, then "Done".
pol-step_toggle = { $mark } { $step }
pol-ask_confirm = Change "{ $name }" from { $old } to <b>{ $new }</b>?
pol-yes = ✅ Change it
pol-no = Cancel
pol-saved = ✅ Saved: { $name } is now { $value }. It applies to cases entering that step from now on.
pol-kept = Nothing changed.
pol-bad-bad_number = Please type a number, e.g. 5.
pol-bad-out_of_range = That number is outside the allowed range; please type another.
pol-bad-bad_steps = Please choose with the buttons.
pol-bad-unknown = There is no such setting.
pol-bad-bad_year = That year is not right.
