### The self-report journey (申报) and /status.

sr-ask_town = Step 1: which <b>town</b> do you live in?
sr-ask_village = Step 2: which <b>village</b>?
sr-back_to_towns = Choose the town again.
sr-chosen = ✔ { $label }: { $value }
sr-ask_name = Step 3: please type the <b>name of the head of household</b> (or yours).
sr-err_name = A name should be written in letters, e.g. Wang Xiuying. Please type it again.
sr-err_name_long = That name is too long: 40 characters at most. Please type it again.
sr-err_name_kind = Please type the name as text, e.g. Wang Xiuying.
sr-ask_phone =
    Step 4: a <b>phone number</b> to reach you.
    Tap «📱 Share my phone number» below, or type a mobile or a landline with area code.
sr-err_phone = That number does not look right. Type an 11-digit mobile such as 13800138000, or a landline with its area code such as 023-71234567.
sr-err_phone_kind = Tap «📱 Share my phone number», or type the number.
sr-phone_saved = ✔ Phone number saved.
sr-ask_size = Step 5: how many <b>people</b> live in the household?
sr-ask_size_more = Type the number of people (1–30).
sr-err_size = Choose a number, or type one from 1 to 30.
sr-ask_risks = Step 6: what <b>difficulties</b> does the household face? Choose all that apply, then tap «✔ Done».
sr-err_risks = Choose at least one difficulty.
sr-ask_desc =
    Step 7: tell us a little about it — <b>you can just speak</b> (hold 🎤 for a voice note), or type, or send photos.
    Or tap «Skip».
sr-media_saved = ✔ Received ({ $count } so far). Send more, or tap «✔ Done».
sr-err_media_full = That is enough: { $max } { $max ->
        [one] photo or voice note
       *[other] photos or voice notes
    } at most.
sr-err_desc_kind = Here you can type, or send a voice note or photos.
sr-err_desc_long = That is too long ({ $length } { $length ->
        [one] character
       *[other] characters
    }). Please keep it under { $max }.
sr-err_desc_empty = Please say a few words (a voice note) or type them, or tap «Skip».
sr-desc_done = ✔ Description saved.
sr-ask_urgent =
    Step 8: is the need <b>urgent</b>?
    (no food at home, a medical emergency, the house is unsafe right now)
sr-summary_title = <b>Please check your report:</b>
sr-line = • { $label }: { $value }
sr-summary_check = If everything is right, tap «✅ Submit».
sr-none = none
sr-media_count = { $n } { $n ->
        [one] photo/voice note
       *[other] photos/voice notes
    }
sr-desc_with_media = { $desc } (and { $n } { $n ->
        [one] photo/voice note
       *[other] photos/voice notes
    })
sr-media_added = ✔ Received and added to your description ({ $count } { $count ->
        [one] photo/voice note
       *[other] photos/voice notes
    }).
sr-field_town = Town
sr-field_village = Village
sr-field_name = Name
sr-field_phone = Phone
sr-field_size = Household size
sr-field_risks = Difficulties
sr-field_desc = Description
sr-field_urgent = Urgent
sr-ask_edit = Which answer would you like to change?
sr-err_division_gone = That village is no longer in the register. Please choose again.
sr-submitted_short = ✔ Submitted.
sr-submitted =
    ✅ <b>Your report is in.</b> Reference: <code>{ $ref }</code>
    An official of { $village } will accept it within { $within } and then visit you. We will tell you here at every step.
    Send /status at any time to see where it stands.
sr-submitted_again =
    ✅ Your earlier report <code>{ $ref }</code> is still being handled; what you added has gone to the official in charge.
    Send /status at any time to see where it stands.
sr-submitted_merged = ✅ This household already has a report being handled. What you added has gone to the official of { $village } in charge, who will contact the household. Thank you.
status-none = You have not reported anything yet.
status-closed_as = closed ({ $reason })
status-neighbour =
    { $n ->
        [one] You reported { $n } household you were worried about; it went to the village officials, and { $handled ->
            [0] it has not been handled yet.
           *[other] it has been handled.
        }
       *[other] You reported { $n } households you were worried about; all went to the village officials, and { $handled } of them { $handled ->
            [one] has
           *[other] have
        } been handled.
    }
status-official = You are an official: send /cases to see the cases you handle.
status-title = <b>Your reports ({ $n }):</b>
status-line = • <code>{ $ref }</code> { $village } — { $stage } (updated { $updated })
