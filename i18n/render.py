"""Render a message key with its parameters in a language.

Catalogue strings are Telegram HTML; parameters are escaped here, once, so a name
like ``<b>&`` shows literally and can never break the markup.
"""

from __future__ import annotations

import html
import importlib
import pkgutil
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

LANGUAGES = ("zh", "en")


def language_for(telegram_code: str | None, default: str = "zh") -> str:
    """Chinese unless the user's Telegram language starts with "en" (DESIGN.md contract)."""
    if telegram_code and telegram_code.lower().startswith("en"):
        return "en"
    return default if default in LANGUAGES else "zh"


class _Raw(str):
    """A parameter that is already safe HTML (e.g. a rendered list)."""


class Catalogue:
    """All message keys of every catalogue module, per language."""

    def __init__(self, messages: Mapping[str, Mapping[str, str]]) -> None:
        self.messages = messages

    def has(self, key: str) -> bool:
        return key in self.messages["zh"]

    def text(self, key: str, lang: str, **params: Any) -> str:
        table = self.messages.get(lang) or self.messages["zh"]
        template = table.get(key)
        if template is None:
            template = self.messages["zh"][key]  # a missing key is a bug: KeyError in tests
        safe = {name: _escape(value) for name, value in params.items()}
        return template.format_map(safe) if safe else template.format_map(_NoParams())

    def join(self, lang: str, items: Iterable[str]) -> str:
        """Items of a list in a sentence: 因病、因残 in Chinese, illness, disability in English."""
        return self.text("list.sep", lang).join(items)

    def stored(self, key: str, lang: str, params: Mapping[str, Any] | None = None) -> str:
        """A message kept in the database for later: a parameter {"key": k, "params": {...}}
        is a label rendered in the recipient's language too (a step name, a role), so stored
        rows never carry one language's words."""
        return self.text(key, lang, **{
            name: _Raw(self.text(v["key"], lang, **v.get("params", {})))
            if isinstance(v, dict) and "key" in v else v for name, v in (params or {}).items()})


class _NoParams(dict):
    """Lets templates without parameters keep literal braces out of the way."""

    def __missing__(self, key: str) -> str:
        raise KeyError(f"missing parameter {key!r}")


def _escape(value: Any) -> str:
    if isinstance(value, _Raw):
        return str(value)
    return html.escape(str(value), quote=False)


def raw(value: str) -> str:
    """Mark a string as already-escaped HTML so render() inserts it as is."""
    return _Raw(value)


@cache
def default_catalogue() -> Catalogue:
    """Merge every module under i18n.catalog (each defines ZH and EN dicts)."""
    import i18n.catalog as package

    merged: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"i18n.catalog.{info.name}")
        for lang, table in (("zh", module.ZH), ("en", module.EN)):
            duplicate = merged[lang].keys() & table.keys()
            if duplicate:
                raise ValueError(f"message keys defined twice: {sorted(duplicate)}")
            merged[lang].update(table)
    return Catalogue(merged)


def render(key: str, lang: str, **params: Any) -> str:
    """Render one message from the default catalogues."""
    return default_catalogue().text(key, lang, **params)
