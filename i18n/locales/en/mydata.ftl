mydata-title = 📄 <b>What we hold about you</b>
mydata-chat = This chat: language { $language }; consent given: { $consent }
mydata-lang_zh = Chinese
mydata-lang_en = English
mydata-no_consent = not yet
mydata-case =
    <b>Your own report { $ref }</b> ({ $stage }), reported { $date }
    Head of household: { $head }  Phone: { $phone }  ID number: { $id_number }
    Household size: { $people }; risks: { $risks }
    What happened: { $desc }; photos/voice notes: { $media }
mydata-report =
    <b>{ $source }</b>, { $date }
    Risks: { $risks }; what you said: { $desc }; photos/voice notes: { $media }
    { $contact }
mydata-contact = The contact you left: { $name } { $phone }
mydata-no_contact = You left no contact details (anonymous).
mydata-nothing_else = Nothing else about you is kept.
mydata-how_to_erase = To have this deleted, press the button below. A district administrator reviews the request; once approved, the names (the surname stays), phones, ID numbers, descriptions, photos and voice notes of these reports are deleted, and only the figures stay.
mydata-btn_erase = 🗑 Ask to delete my data
mydata-pending = Your request to delete your data is waiting for the district to review it; you will be told the outcome.
mydata-requested = ✅ Your request went to the district administrators for review; you will be told the outcome.
mydata-admin_request =
    🗑 <b>Request to delete personal data</b> (no. { $request })
    Someone asks us to delete what we hold about them — own reports: { $cases }, reports about others: { $reports }. If you approve, those reports keep only what the figures need; if you refuse, write the reason, which they will be told.
mydata-btn_approve = ✅ Approve
mydata-btn_refuse = ✖ Refuse
mydata-admins_only = Only district administrators review deletion requests. This was recorded.
mydata-already_decided = This request has already been decided.
mydata-approved_admin = ✅ Request no. { $request } approved and the data deleted (cases affected: { $cases }). The person will be told.
mydata-ask_reason = Please write why you refuse request no. { $request } (the person will be told):
mydata-reason_needed = Please write the reason in words.
mydata-refused_admin = The person has been told that request no. { $request } was refused, and why.
mydata-erased = ✅ Your request was approved: the data we held about you has been deleted.
mydata-refused =
    Your request to delete your data was refused. Reason: { $reason }
    If you have questions, contact the district's staff.
