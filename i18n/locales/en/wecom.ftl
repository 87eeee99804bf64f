# WeCom: a card holds at most 6 buttons; the rest follow on further cards
wecom-more_buttons = More options ({ $page }/{ $pages })
