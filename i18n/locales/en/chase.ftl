### Chasing a case, the chain's letters, vacancies, the morning digest (issue 13).

act-chase = 📣 Chase
tl-chased = chased
chase-ask_comment = 📣 Chase { $ref }: you may write a line to the person responsible (e.g. "please visit today"), or chase at once.
chase-send_now = 📣 Chase now
work-done-chase = 📣 Chased: { $ref }. The person responsible has been told.
work-nobody_to_chase = There is nobody to chase on this case right now (the village or town has no official yet); the district admins have been told. You can accept or handle the case yourself.
chase-told =
    📣 <b>Chased</b>: { $name } asks you to do the { $step } of case { $ref } (due { $due }) soon.
chase-told_comment =
    📣 <b>Chased</b>: { $name } asks you to do the { $step } of case { $ref } (due { $due }) soon.
    Note: { $text }
chase-escalated =
    🔺 <b>Chased twice, still not done</b>
    Case { $ref } ({ $head }, { $village }): the { $step } (due { $due }) is still not done after two chases by { $chaser }.
    Responsible: { $who }
    Escalated to you ({ $level }) to follow up.
chase-climbed_owner =
    ⚠️ <b>Chased twice: escalated</b>
    Case { $ref } ({ $head }, { $village }): the { $step } is still not done after two chases by { $chaser } and has been escalated to the { $level }. Please act now.
chase-escalated_many =
    🔺 <b>Overdue cases escalated</b>
    These { $n } cases are overdue and escalated to you to follow up:
    { $lines }
chase-overdue_many =
    ⚠️ <b>Overdue</b>
    These { $n } cases of yours are overdue and have been escalated. Please act now:
    { $lines }
chase-late_line = · { $ref } { $head } ({ $village }): { $step } due { $due } · responsible: { $who }
chase-overdue_line = · { $ref } { $head } ({ $village }): { $step } due { $due } · escalated to the { $level }
chase-open_ref = 📋 { $ref }
chase-place = { $village }
chase-place_group = { $village }, { $group }
chase-no_one_above = level above (nobody assigned yet)
chase-vacant =
    ⚠️ <b>Nobody in charge</b>
    { $division } has no { $role } yet; case { $ref } went one level up. Please appoint someone (send /invite for an invite code).
chase-receipt_no_officer =
    ✅ <b>Your report is in.</b> Reference: <code>{ $ref }</code>
    { $village } has no official on this service yet, so your report has gone to the town and the district, who will arrange for someone to accept it and visit you. We will tell you here at every step.
    Send /status at any time to see where it stands.
chase-nb_no_officer =
    ✅ <b>Thank you!</b> { $village } has no official on this service yet, so your report has gone to the town and the district, who will arrange a visit to the household.
    We will tell you here once it has been handled.
chase-within_minutes = { $n } { $n ->
        [one] minute
       *[other] minutes
    }
chase-within_hours = { $n } { $n ->
        [one] hour
       *[other] hours
    }
chase-digest =
    ☀️ <b>Today's work</b> ({ $date })
    Open cases: { $open } (to accept { $reported }, to visit { $accepted }, to decide { $visited }, to approve { $proposed }, village review { $review }, public notice { $notice }, to confirm { $confirm }, monitored { $monitored })
    Visits and follow-ups due today: { $visits }{ $visit_list }
    Since the last digest ({ $since }):
    New: { $new }{ $new_list }
    Closed: { $closed }{ $closed_list }
    Newly overdue: { $overdue_new }{ $overdue_new_list }
    Overdue before and still not done: { $overdue_old }
chase-digest_line = · { $ref } { $head } ({ $village }) { $stage }{ $due }
chase-digest_due = { " " }· due { $due }
chase-digest_closed = · { $ref } { $head } ({ $village }) { $reason }
chase-digest_more = · { $n } more: send /cases
