### Descriptions of the commands in Telegram's command menu (setMyCommands).

cmd-start = Start / main menu
cmd-report = Declare hardship for my household
cmd-neighbour = Report a concern about a neighbour
cmd-status = See how my reports are going
cmd-cases = Officials: my open cases
cmd-case = Officials: show a case by reference
cmd-join = Officials: join with an invite code
cmd-invite = Leads: make an invite code
cmd-stats = Leads: statistics
cmd-lang = Switch language 中文/English
cmd-help = Help
cmd-cancel = Cancel what you are filling in
