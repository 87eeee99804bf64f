"""Translators between a Telegram framework and the neutral core: nothing else lives here."""
