### Deadlines, reminders, escalation (一条线响应), digests and outbox health (issue 5).

due-step-accept = acceptance
due-step-visit = home visit
due-step-decision = decision proposal
due-step-approval = town approval
due-step-follow_up = follow-up visit
due-step-recheck = re-check after risk elimination
due-level-0 = village officer
due-level-1 = town lead
due-level-2 = district admin
due-nobody = no owner yet
due-reminder =
    ⏰ <b>Deadline reminder</b>
    Case { $ref } ({ $village }): the { $step } is due { $due }. Please act on it in time.
due-overdue_owner =
    ⚠️ <b>Overdue</b>
    Case { $ref } ({ $head }, { $village }): the { $step } was due { $due } and has been escalated to the { $level }. Please act now.
due-escalated =
    🔺 <b>Overdue case escalated</b>
    Case { $ref } ({ $head }, { $village }): the { $step } was due { $due } and is not done.
    Responsible: { $who }
    Escalated to you ({ $level }) to follow up.
due-digest =
    ☀️ <b>Today's work</b> ({ $date })
    Open cases: { $open } (to accept { $reported }, to visit { $accepted }, to decide { $visited }, to approve { $proposed }, monitored { $monitored })
    Visits and follow-ups due today: { $visits }{ $visit_list }
    Overdue: { $overdue }{ $overdue_list }
due-weekly =
    📊 <b>Weekly summary</b> ({ $area }, { $start } to { $end })
    New { $new }, closed { $closed }, open { $open }, overdue { $overdue } (escalated { $escalated }).
due-more = and { $n } more
due-age_minutes = { $n } min
due-age_hours = about { $n } h
due-open_case = 📋 Open the case
due-health_alert =
    🚨 <b>Messages are backing up</b>
    Waiting to be sent: { $backlog }; the oldest has waited { $age }. Some reminders and notices may be late: please tell the technical maintainers (python -m bot status).
