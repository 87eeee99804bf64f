### Neighbour reports (邻里反映), officer-found cases (排查发现) and intake notices to officials.

## the neighbour's journey

nb-intro =
    <b>Report a concern about a neighbour</b>
    Your name, phone and account are <b>never</b> told to the household; village officials see how to reach you only if you agree.
nb-ask_town = Step 1: which <b>town</b> does the household live in?
nb-ask_village = Step 2: which <b>village</b>?
nb-chosen = ✔ { $label }: { $value }
nb-ask_who =
    Step 3: the <b>name of the head of the household</b>?
    If you do not know it, a short description will do, e.g. the old man living alone next to the village shop.
nb-err_who = Please type the head's name or a short description, e.g. Wang Xiuying.
nb-err_who_long = That is too long: at most { $max } { $max ->
        [one] character
       *[other] characters
    }, please.
nb-ask_group = Step 4: which <b>group</b> (村民小组) of the village? Tap "Not sure" if you do not know.
nb-group_unknown = Not sure
nb-err_group = Please type the group, e.g. 3组, or tap "Not sure".
nb-ask_risks = Step 5: what <b>hardship</b> are you worried about? Choose any, then tap "✔ Done".
nb-err_risks = Please choose at least one.
nb-ask_desc = Step 6: tell us briefly what you have seen — <b>you can just speak</b> (hold 🎤 for a voice note), or type, or send photos. Or tap "Skip".
nb-media_saved = ✔ Received ({ $count } so far). Send more or tap "✔ Done".
nb-err_media_full = At most { $max } { $max ->
        [one] photo or voice note
       *[other] photos or voice notes
    }; that is enough.
nb-err_desc_kind = Text, a voice note or photos work here.
nb-err_desc_long = That is too long ({ $length } { $length ->
        [one] character
       *[other] characters
    }); keep it under { $max }.
nb-err_desc_empty = Please say a few words (a voice note) or type them, or tap "Skip".
nb-desc_done = ✔ Description saved.
nb-ask_knows = Step 7: does the household <b>know</b> you are reporting this?
nb-knows_yes = Yes
nb-knows_no = No
nb-knows_unsure = Not sure
nb-ask_contact =
    Step 8: may an official <b>contact you</b> if they need to know more?
    With "Do not contact me" officials only see "neighbour report", never who sent it.
nb-contact_no = 🔒 Do not contact me (anonymous)
nb-contact_yes = You may contact me
nb-ask_cname = Please type <b>your name</b> (only the responsible officials see it).
nb-err_cname = A name needs letters, at most 40 characters. Please try again.
nb-ask_cphone = Please give <b>your phone number</b>: tap "📱 Share my phone number" or type it.
nb-err_cphone = That number does not look right: an 11-digit mobile or a landline with area code.
nb-cphone_saved = ✔ Phone number saved.
nb-summary_title = <b>Please check your report:</b>
nb-line = • { $label }: { $value }
nb-summary_check = If it is right, tap "✅ Submit".
nb-field_village = Village
nb-field_who = Head or description
nb-field_group = Group
nb-field_risks = Hardship
nb-field_desc = What you saw
nb-field_knows = Household knows
nb-field_contact = May we contact you
nb-anonymous = anonymous, no contact
nb-contact_as = yes: { $name } { $phone }
nb-none = none
nb-media_count = { $n } { $n ->
        [one] photo / voice note
       *[other] photos / voice notes
    }
nb-desc_with_media = { $desc } (and { $n } { $n ->
        [one] photo / voice note
       *[other] photos / voice notes
    })
nb-media_added = ✔ Received and added to what you saw ({ $count } { $count ->
        [one] photo / voice note
       *[other] photos / voice notes
    }).
nb-submitted =
    ✅ <b>Thank you!</b> Your report has gone to the officials of { $village }; they will visit the household.
    We will tell you here once it has been handled.
nb-limit_daily = Thank you for caring! Each person can report at most { $limit } { $limit ->
        [one] household
       *[other] households
    } a day; please come back tomorrow.
nb-limit_same = You reported this household within the last 7 days; the officials are on it. Thank you.
nb-err_division_gone = That village is no longer in the register; please choose again.
nb-back_to_towns = Choose the town again.
nb-closed_thanks = The concern you reported <b>has been handled</b>. Thank you for looking out for your neighbours!

## notices to officials

intake-none = none
intake-knows_yes = yes
intake-knows_no = no
intake-knows_unsure = not sure
intake-note_neighbour =
    👥 <b>Neighbour report</b> { $ref } ({ $village } { $head })
    Group: { $group }
    Household knows: { $knows }
    Reporter: anonymous (neighbour report)
intake-note_neighbour_contact =
    👥 <b>Neighbour report</b> { $ref } ({ $village } { $head })
    Group: { $group }
    Household knows: { $knows }
    Reporter agreed to be contacted: { $name } { $phone } (do not tell the household)
intake-further_neighbour =
    📎 <b>Further report</b> { $ref } ({ $village } { $head }): another neighbour reported this household.
    Hardship: { $risks }
    What they saw: { $desc }
    Group: { $group }
    Household knows: { $knows }
    Reporter: anonymous (neighbour report)
intake-further_neighbour_contact =
    📎 <b>Further report</b> { $ref } ({ $village } { $head }): another neighbour reported this household.
    Hardship: { $risks }
    What they saw: { $desc }
    Group: { $group }
    Household knows: { $knows }
    Reporter agreed to be contacted: { $name } { $phone } (do not tell the household)
intake-further_self =
    📎 <b>Further report</b> { $ref } ({ $village } { $head }): the household declared again.
    Hardship: { $risks }
    Details: { $desc }
intake-further_data =
    📎 <b>Further report</b> { $ref } ({ $village } { $head }): another department data alert.
    Hardship: { $risks }
    Details: { $desc }
intake-further_visit =
    📎 <b>Further report</b> { $ref } ({ $village } { $head }): an official also found this household.
    Hardship: { $risks }
    Details: { $desc }

## officer-found cases (排查发现)

of-officials_only = "Found on a visit" is for officials. Officials join with an invite code: send <code>/join CODE</code>.
of-ask_village = <b>Found on a visit</b>: which village does the household live in?
of-chosen = ✔ { $label }: { $value }
of-line = • { $label }: { $value }
of-none = none
of-ask_name = Name of the head of the household?
of-err_name = A name needs letters, at most 40 characters. Please try again.
of-ask_idnum = The head's <b>ID number</b> (18 characters)? Tap "Skip" if unknown.
of-err_idnum = That ID number is not valid: 18 characters with a correct check digit and birth date. Type it again or tap "Skip".
of-ask_size = How many people in the household? (or type 1–30)
of-err_size = Choose a number, or type one from 1 to 30.
of-ask_risks = Which <b>risks</b>? Choose any, then tap "✔ Done".
of-err_risks = Please choose at least one risk.
of-ask_checks =
    <b>Home visit</b>: food, housing, children's schooling, medical care, water.
    Tap only what is wrong: it is marked ⚠️ (tap again to undo); leave the rest. Then "✔ Done".
of-check_food = food and clothing
of-check_housing = housing
of-check_schooling = schooling
of-check_medical = medical care
of-check_water = drinking water
of-checks_done = ✔ Visit checklist saved.
of-ask_income = Yearly <b>net income per person</b> (yuan)? Tap "Skip" if unknown.
of-err_income = Please type an amount in yuan, e.g. 6800, or tap "Skip".
of-ask_notes = A few words on what you saw (or tap "Skip").
of-err_notes = Please write a few words, at most { $max } { $max ->
        [one] character
       *[other] characters
    }, or tap "Skip".
of-ask_urgent = Is it <b>urgent</b>?
of-summary_title = <b>Please check the case you found:</b>
of-field_village = Village
of-field_name = Head of household
of-field_idnum = ID number
of-field_size = Household size
of-field_risks = Risks
of-field_checks = Home visit
of-field_income = Net income per person (yuan/year)
of-field_notes = Notes
of-field_urgent = Urgent
of-opened = ✅ Case <code>{ $ref }</code> ({ $village }) opened; it is yours and the home visit is recorded. Next: propose a decision.
of-merged = 📎 This household already has an open case <code>{ $ref }</code> ({ $village }); your visit (checks and income) was recorded on it and its officer has been told.
