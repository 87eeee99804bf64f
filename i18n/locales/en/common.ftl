### Greeting, consent, menu, help, language, cancel, buttons and generic errors.

# between the items of a list in a sentence
list-sep = ,{" "}
consent-note =
    <b>Before we start:</b>
    • We record: the head of household's name, a phone number, household size, the hardship and any photos or voice notes you send.
    • Who sees it: only the officials responsible for your village and town.
    • Why: only to visit and arrange assistance; phone numbers are stored encrypted.
    Do you agree?
consent-thanks = ✔ Thank you, you agreed.
menu-title = What would you like to do?
menu-report = 🏠 Declare hardship for my household
menu-neighbour = 👥 Report a concern about a neighbour
menu-status = 📋 Check my reports
menu-official = 🧑‍💼 I am an official
menu-coming_soon = This is coming soon.
menu-official_help = Officials join with an <b>invite code</b> from the district: send <code>/join CODE</code>, or open the invite link.
start-mid_flow = You have a report that is not finished. Continue it, or start over?
start-continuing = All right, let's continue.
start-restarted = Cleared. Starting over.
lang-choose = Choose a language / 请选择语言:
lang-chosen = ✔ Switched to English.
help-text =
    <b>How to use this bot:</b>
    /report — declare hardship for my household
    /neighbour — report a concern about a neighbour
    /status — see how my reports are going
    /confirm — someone filed for your household? confirm with your phone
    /mydata — see what we hold about you, or ask to delete it
    /lang — switch language 中文 / English
    /cancel — drop what you are filling in
    /join CODE — officials join
    /cases, /case REF, /households, /stats — for officials
    Most steps are buttons: little typing needed.
cancel-done = Cancelled. What you had filled in is deleted.
cancel-nothing = There is nothing to cancel.
cancel-pressed = ✖ Cancelled
btn-agree = ✅ I agree
btn-disagree = I do not agree
btn-yes = Yes
btn-no = No
btn-cancel = Cancel
btn-back = ◀ Back
btn-prev_page = ◀ Previous
btn-next_page = Next ▶
btn-done = ✔ Done
btn-skip = Skip
btn-more = More (7 or more)
btn-submit = ✅ Submit
btn-edit = ✏️ Edit
btn-continue = Continue
btn-restart = Start over
btn-share_phone = 📱 Share my phone number
err-unknown_command = I do not know that command. Send /help to see what I can do.
err-button_invalid = That button is not valid. Please use the buttons in the newest message.
err-button_stale = That button has expired. Please use the buttons in the newest message.
err-use_buttons = Please choose with the buttons below.
err-not_understood = Sorry, I did not understand. Please choose below:
err-internal = Sorry, something went wrong on our side. What you filled in is kept. Please try again in a moment.
