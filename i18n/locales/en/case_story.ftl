### The whole case on the card and in its history; notices that carry the lead's words;
### notes addressed to the case's owner; the lead's inbox groups (issue 13).

## what the latest visit found, on the card

story-flagged = ⚠️{ $item }
story-all_ok = nothing wrong
story-card_visit = 🏠 Visit ({ $date }, { $name }): { $found } · photos: { $photos }
story-card_notes = Visit notes: { $notes }
story-card_notes_cut = Visit notes: { $notes } (in full in the history)

## the history

story-title = <b>{ $ref } history</b> (page { $page } of { $pages }, { $total } entries)
story-none = Nothing recorded yet.
story-older = ◀ Earlier
story-newer = Later ▶
story-who = {" "}({ $name })
story-line = { $at } <b>{ $action }</b>{ $who }
story-detail = {"    "}{ $text }
story-d_urgent = 🚨 urgent
story-d_source = Source: { $source }
story-d_category = Category: { $category }
story-d_reason = Reason: { $reason }
story-d_comment = Comment: { $reason }
story-d_closed = Closed as: { $reason }
story-d_duplicate = Duplicate of { $ref }
story-d_was = Had been closed as: { $reason }
story-d_note = Note: { $text }
story-d_note_to = To the owner { $name } (notified)
story-d_note_file = On file only
story-d_measure = { $measure }{ $amount }, from { $start }{ $end }
story-d_amount_monthly = , { $amount } yuan a month
story-d_amount_once = , { $amount } yuan once
story-d_end = {" "}to { $end }
story-d_on = Follow-up on { $date }
story-d_step = Step: { $step }
story-d_level = Sent to: { $level }
story-d_target = To: { $target }
story-d_from = Previous owner: { $name }
story-d_to = Sent to: { $names }
story-d_to_nobody = Sent to: no official yet
story-d_found = Found: { $found }
story-d_income = income { $income } yuan per person a year
story-d_photos = photos: { $n }
story-d_notes = Visit notes: { $notes }

## notices to the case's owner

story-told_approved = ✔ { $name } approved case { $ref }: { $category }.
story-told_approved_comment =
    ✔ { $name } approved case { $ref }: { $category }.
    Comment: { $reason }
story-told_rejected =
    ↩ { $name } sent back the proposal for case { $ref }.
    Reason: { $reason }
    Please revise it and press “📝 Propose a decision” again.
story-told_note =
    🗒 { $name } left you a note on case { $ref }:
    { $text }

## a note: to the owner, or on file

story-ask_note_to = Send this note to the case's owner, or keep it on file only?
story-note_to_owner = 📨 To the owner { $name } (they are notified)
story-note_on_file = 🗂 On file only
story-done_note_sent = 🗒 Note saved and sent to the owner: { $ref }.

## the inbox

story-inbox_waiting = <b>⏳ Waiting for your approval ({ $n })</b>
story-inbox_rest = <b>Other open cases</b>
story-inbox_group = { $village }, { $group }

## a card that cannot be edited in place (a channel without edits)

story-card_moved = 🔄 Case { $ref } has moved on: { $stage }{ $owner }. The buttons valid now are below; send /case { $ref } for the whole case.
story-card_moved_owner = , accepted by { $name }
