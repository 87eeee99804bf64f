"""The error every start-up check raises: light to import, so the command line can catch it
without loading the whole bot (bot/app.py)."""


class ConfigError(Exception):
    """A setting is missing or wrong; the message says what to do."""
