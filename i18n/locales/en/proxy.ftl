### Filing on someone's behalf (代为申报), the household's confirmation, and abandoned drafts.

pf-start = 👪 I am filing for a family member or someone I help
pf-ask_relation = Who are you filing for? What is your <b>relation</b> to the household?
pf-relation-child = Son or daughter
pf-relation-relative = Relative
pf-relation-neighbour = Neighbour
pf-relation-other = Other
pf-ask_filer_name = Please type <b>your own name</b>.
pf-household_sees = Please note: the household will see that <b>{ $name } ({ $relation })</b> filed for them. Now the details of <b>the household</b>.
pf-ask_town = Step 1: which <b>town</b> does the household live in?
pf-ask_name = Step 3: the <b>name of the head</b> of the household.
pf-ask_phone =
    Step 4: the household's <b>own phone number</b> (a mobile, or a landline with area code).
    With this number the household can confirm the declaration.
pf-err_own_phone = That is your own number. Please type the household's own phone.
pf-official_use_found = Officials record a household found on a visit with "Found on a visit" (/found), not by filing on its behalf.
pf-summary_filer = Filed on behalf by: { $name } ({ $relation })
pf-submitted =
    ✅ Submitted, reference <b>{ $ref }</b>. The officials for { $village } will take it within { $hours } hours.
    The household must <b>confirm</b> it, in one of these ways:
    1. Send this link to the household; they open it and press "Confirm" (valid { $days } days, once):
    { $link }
    2. The household opens this service, sends /confirm and shares its phone number.
    3. The official confirms with them on the first visit.
    You will get the reference, the progress and the receipts; assistance and income are told to the household only.
pf-limit_daily = You have filed { $limit } times today on someone's behalf. Please come back tomorrow, or contact the village committee if it is urgent.
pf-limit_same = You already filed for this household this week; the officials are working on it.
pf-confirm_ask =
    <b>{ $name } ({ $relation })</b> declared hardship for your household to { $village }, reference { $ref }.
    Did you agree to this? Once you confirm, the progress comes to you here; only the officials for your village and town see your household's details.
pf-btn_yes = ✅ Yes, I confirm
pf-btn_no = ✖ No, withdraw it
pf-confirmed = ✔ Confirmed, reference { $ref }. An official will visit; the progress comes here, and /status shows it too.
pf-ask_share = What may { $name } see from now on?
pf-btn_share_limited = Only the reference and progress (recommended)
pf-btn_share_all = Everything (assistance included)
pf-share_limited = ✔ { $name } sees only the reference and progress.
pf-share_all = ✔ { $name } may see everything.
pf-declined = ✔ Withdrawn; your household's details are deleted. You can declare yourself if you ever need help.
pf-link_unknown = This confirmation link is wrong or was already used.
pf-link_expired = This confirmation link has expired (valid { $days } days). Ask the person who filed to contact the village, or confirm when the official visits.
pf-link_own = Only the household can confirm this declaration: please send the link on, for the household to open themselves.
pf-offer_stale = This confirmation has expired: open the link again, or send /confirm.
pf-ask_contact = Press "📱 Send my phone number" below to check whether someone filed for you.
pf-err_contact_kind = Please press "📱 Send my phone number".
pf-err_not_own = Please send <b>your own</b> phone number (the button below).
pf-contact_checked = ✔ Got it, checked (the number is not kept).
pf-contact_none = Nobody has filed for this number and is waiting for you to confirm.
pf-filer_confirmed = ✅ The household confirmed the declaration you filed for them ({ $ref }).
pf-filer_declined = The household does not want the declaration { $ref }: it is withdrawn and its details deleted.
pf-card = 👪 Filed on behalf by { $name } ({ $relation }) · { $status }
pf-card_pending = awaiting the household's confirmation
pf-card_confirmed = confirmed by the household
pf-card_declined = declined by the household, withdrawn
pf-act_confirm = ✔ Household confirmed (on the visit)
pf-act_confirmed = ✔ Recorded: the household confirmed in person.
pf-act_not_now = This filing was already confirmed or withdrawn.
draft-reminder =
    You have something <b>not finished</b> ({ $what }). Continue it?
    If not continued within { $days } days it is deleted.
draft-what-self = a hardship declaration
draft-what-proxy = a declaration for someone else
draft-what-neighbour = a concern about a neighbour
draft-what-other = what you were filling in
draft-btn_continue = Continue
draft-btn_discard = Delete
draft-discarded = ✔ Deleted: nothing of it is kept.
draft-nothing = That is gone already (submitted, cancelled, or deleted after waiting).
