"""Compatibility: the vocabulary labels as {key: label} dicts, as this module had them.

The labels live in i18n/locales/<lang>/vocab.ftl; bot/cli/households.py still imports ZH
from here (label → slug). New code should use i18n.render.default_catalogue().
"""

from i18n.render import default_catalogue

_catalogue = default_catalogue()
ZH = {key: _catalogue.text(key, "zh") for key in _catalogue.keys("zh", source="vocab")}
EN = {key: _catalogue.text(key, "en") for key in _catalogue.keys("zh", source="vocab")}
