# WeCom: a card holds at most 6 buttons; the rest follow on further cards
wecom-more_buttons = More options ({ $page }/{ $pages })

# /channel: an official chooses whether case cards and reminders go to Telegram or WeCom
wecom-channel_name_telegram = Telegram
wecom-channel_name_wecom = WeCom
wecom-channel_name_web = the web page
wecom-channel_officials_only = This command is for officials: they can choose whether case cards go to Telegram or WeCom.
wecom-channel_only_one = Your case cards and reminders come here ({ $here }). No other channel is set up for this service yet.
wecom-channel_offer =
    Your case cards and reminders come here ({ $here }) now.
    To have them in { $other } instead, send this line to the service in { $other } (valid for { $minutes } minutes, once):
    <code>/join { $code }</code>
    Your roles, cases and records move with you, and this chat gets no more cards.
wecom-channel_moved = Done, { $name }: your case cards and reminders come here ({ $here }) from now on.
wecom-channel_taken = This account is already another official's; the two cannot be merged. Please ask the district admin.

# The command menu (Telegram): /channel
cmd-channel = Officials: cards to Telegram or WeCom

# What a card's buttons turn into when it needs none any more
wecom-card_done = Updated: see below
