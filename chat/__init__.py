"""The chat protocol, owned in one place: what every channel (Telegram under aiogram or
python-telegram-bot, and later a web chat or WeCom) turns an update into, the replies a flow
returns, button payloads and their codec, the transport a channel offers, and messages drawn
at send time.

It sits at the bottom: `handlers/` and `scheduler/` both use it, and it imports none of the
project's other folders.
"""
