### Review leftovers: an admin of several districts chooses one (/policy), a resident with several waiting filings chooses one (/confirm).

pol-ask_district = You are an admin of several districts. Which district's rules do you want to see or change?
pol-switch_district = 🔄 Another district
