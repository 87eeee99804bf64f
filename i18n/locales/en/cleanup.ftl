### Review leftovers: an admin of several districts chooses one (/policy), a resident with several waiting filings chooses one (/confirm).

pol-ask_district = You are an admin of several districts. Which district's rules do you want to see or change?
pol-switch_district = 🔄 Another district
pf-pick =
    { $n ->
        [one] One declaration made for this number waits for your answer:
       *[other] { $n } declarations made for this number wait for your answer:
    }
    { $lines }
    Choose the one to answer (afterwards, send /confirm again for the next):
pf-pick_line = · { $ref }: <b>{ $name } ({ $relation })</b> declared for you to { $village }
pf-pick_button = { $ref } · { $name }
