### The one start screen (before consent) and its short reminder.

welcome-start =
    Hello { $name }! This is <b>Safety Net</b>: if your household is in difficulty, declare it here and your village will send someone.
    We record only what you declare about the household and a phone number; only the officials for your village and town see it. Do you agree?
welcome-first = Please press "I agree, start" first.
welcome-agree = ✅ I agree, start
welcome-disagree = I do not agree
welcome-other_lang = 中文
welcome-details = More details
welcome-declined =
    All right: apart from your language choice we have stored nothing.
    You can also go to your village committee. Send /start if you change your mind.
welcome-friend = there
