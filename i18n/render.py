"""Render a message key with its parameters in a language.

The messages are Project Fluent files, one per journey and language:
``i18n/locales/<lang>/<module>.ftl``. Callers keep the dotted keys ("work.done.accept");
Fluent identifiers cannot hold a dot, so a key maps one-to-one to the id with each "." as
"-" ("work-done-accept"); no key contains "-".

Messages are Telegram HTML; parameters are escaped here, once, before Fluent sees them, so a
name like ``<b>&`` shows literally and can never break the markup. A count that a plural
selector (``{ $n -> [one] … *[other] … }``) looks at is passed as a number, which renders as
plain digits (no grouping) and so is HTML-safe too.

A key missing in the asked language is a bug: it is logged on the "i18n" logger (key and
language, never the parameter values) and the other language is shown, so the person still
gets something; tests/unit/test_catalogues.py fails on any missing key or variable.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any, Literal

from babel import Locale
from babel.lists import format_list
from fluent.runtime import FluentBundle
from fluent.runtime.types import FluentInt
from fluent.syntax import FluentParser
from fluent.syntax import ast as ftl
from fluent.syntax.visitor import Visitor

LANGUAGES = ("zh", "en")
LOCALES = Path(__file__).resolve().parent / "locales"

log = logging.getLogger("i18n")

# How the items of a list in a sentence are joined, per language (Catalogue.join).
# English: Babel's format_list, style "unit" — "illness, disability, schooling costs". The
#   lists are labels (risks, measures, photo counts), not prose; "standard" would add "and"
#   ("illness, disability, and schooling costs"), which reads oddly in "Risks: …" lines.
# Chinese: no Babel style fits. "standard" puts 和 before the last item (因病、因残和因学) and
#   "unit" joins with nothing at all (因病因残因学); the programme's forms list items with a
#   plain 、 between every one (因病、因残、因学), so Chinese joins with the "list.sep" message.
# babel's list styles (format_list's `style`).
ListStyle = Literal["standard", "standard-short", "or", "or-short", "unit", "unit-short", "unit-narrow"]
LIST_STYLES: dict[str, ListStyle] = {"en": "unit"}


def language_for(telegram_code: str | None, default: str = "zh") -> str:
    """English when the user's Telegram language starts with "en", else DEFAULT_LANGUAGE (zh)."""
    if telegram_code and telegram_code.lower().startswith("en"):
        return "en"
    return default if default in LANGUAGES else "zh"


def fluent_id(key: str) -> str:
    """The Fluent message id of a catalogue key: "work.done.accept" → "work-done-accept"."""
    return key.replace(".", "-")


def catalogue_key(message_id: str) -> str:
    """The catalogue key of a Fluent message id (the inverse of fluent_id)."""
    return message_id.replace("-", ".")


class _Raw(str):
    """A parameter that is already safe HTML (e.g. a rendered list)."""


def raw(value: str) -> str:
    """Mark a string as already-escaped HTML so render() inserts it as is."""
    return _Raw(value)


def _escape(value: Any) -> str:
    if isinstance(value, _Raw):
        return str(value)
    return html.escape(str(value), quote=False)


_INTEGER = re.compile(r"-?(0|[1-9][0-9]*)")


def _count(value: Any) -> FluentInt | None:
    """A whole number for a plural selector (an int, or a string of one such as a stored
    "3"), formatted as plain digits like str() did; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return FluentInt(value, useGrouping=False)
    if isinstance(value, str) and _INTEGER.fullmatch(value):
        return FluentInt(int(value), useGrouping=False)
    return None


class _Selectors(Visitor):
    """Names of the variables a message's select expressions look at."""

    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_SelectExpression(self, node: ftl.SelectExpression) -> None:
        if isinstance(node.selector, ftl.VariableReference):
            self.names.add(node.selector.id.name)
        self.generic_visit(node)


def selector_names(message: ftl.Message) -> frozenset[str]:
    found = _Selectors()
    found.visit(message)
    return frozenset(found.names)


def parse_file(path: Path) -> ftl.Resource:
    """Parse one .ftl file; a Junk entry (a syntax error) is logged and skipped."""
    # Without source spans parsing takes less than half the time; nothing here needs them.
    resource = FluentParser(with_spans=False).parse(path.read_text(encoding="utf-8"))
    for entry in resource.body:
        if isinstance(entry, ftl.Junk):
            problems = "; ".join(a.message or a.code for a in entry.annotations)
            log.error("i18n: syntax error in %s: %s: %r", path, problems, (entry.content or "")[:80])
    return resource


class Catalogue:
    """Every message of every .ftl file, per language, in one FluentBundle each."""

    def __init__(self, resources: Mapping[str, Mapping[str, ftl.Resource]]) -> None:
        """resources: language → source name (the file's stem) → parsed resource."""
        self._bundles: dict[str, FluentBundle] = {}
        self._selectors: dict[str, dict[str, frozenset[str]]] = {}
        self._sources: dict[str, dict[str, str]] = {}  # language → message id → source
        self._locales: dict[str, Locale] = {}
        # (language, key) → text, for messages without parameters: Fluent's resolver costs
        # ~50–90 µs a message, paid on every screen for the same words.
        self._plain: dict[tuple[str, str], str] = {}
        for lang in LANGUAGES:
            bundle = FluentBundle([lang], use_isolating=False)  # no U+2068/9 marks in Telegram
            selectors: dict[str, frozenset[str]] = {}
            sources: dict[str, str] = {}
            for source, resource in resources.get(lang, {}).items():
                for entry in resource.body:
                    if not isinstance(entry, ftl.Message):
                        continue
                    message_id = entry.id.name
                    if message_id in sources:
                        raise ValueError(f"message key defined twice in {lang}: "
                                         f"{catalogue_key(message_id)!r} ({sources[message_id]}, "
                                         f"{source})")
                    sources[message_id] = source
                    names = selector_names(entry)
                    if names:
                        selectors[message_id] = names
                bundle.add_resource(resource)
            self._bundles[lang], self._selectors[lang], self._sources[lang] = (
                bundle, selectors, sources)
            self._locales[lang] = Locale.parse(lang)

    @classmethod
    def from_directory(cls, root: Path = LOCALES) -> Catalogue:
        """Every ``<root>/<lang>/*.ftl``. No file at all for a language is refused: an
        install that lost its data files would otherwise show keys instead of words."""
        files = {lang: sorted((root / lang).glob("*.ftl")) for lang in LANGUAGES}
        for lang, paths in files.items():
            if not paths:
                raise FileNotFoundError(f"no message files (*.ftl) in {root / lang}")
        return cls({lang: {path.stem: parse_file(path) for path in paths}
                    for lang, paths in files.items()})

    def has(self, key: str) -> bool:
        return self._bundles["zh"].has_message(fluent_id(key))

    def keys(self, lang: str = "zh", source: str | None = None) -> list[str]:
        """The dotted keys of a language, in file order; of one file (e.g. "vocab") if given."""
        return [catalogue_key(message_id) for message_id, where in self._sources[lang].items()
                if source is None or where == source]

    def text(self, key: str, lang: str, **params: Any) -> str:
        if not params:
            plain = self._plain.get((lang, key))
            if plain is not None:
                return plain
        if lang not in self._bundles:
            log.error("i18n: unknown language %r for message %r; using Chinese", lang, key)
            lang = "zh"
        message_id = fluent_id(key)
        bundle = self._bundles[lang]
        if not bundle.has_message(message_id):
            other = next(other for other in LANGUAGES if other != lang)
            log.error("i18n: message %r is missing in %s; showing %s instead", key, lang, other)
            lang, bundle = other, self._bundles[other]
            if not bundle.has_message(message_id):
                log.error("i18n: message %r is missing in %s too", key, other)
                return html.escape(key, quote=False)
        message = bundle.get_message(message_id)
        if message.value is None:  # a message with attributes only: nothing to show
            log.error("i18n: message %r has no value in %s", key, lang)
            return html.escape(key, quote=False)
        selectors = self._selectors[lang].get(message_id, ())
        args: dict[str, Any] = {}
        for name, value in params.items():
            count = _count(value) if name in selectors else None
            args[name] = _escape(value) if count is None else count
        result, errors = bundle.format_pattern(message.value, args)
        if errors:  # the errors name variables, never their values
            log.error("i18n: message %r in %s: %s", key, lang,
                      "; ".join(f"{type(e).__name__}: {e}" for e in errors))
        elif not params:
            self._plain[(lang, key)] = str(result)
        return str(result)

    def join(self, lang: str, items: Iterable[str]) -> str:
        """Items of a list in a sentence: 因病、因残 in Chinese, illness, disability in English
        (see LIST_STYLES). Items are inserted as given (already HTML)."""
        items = [str(item) for item in items]
        style = LIST_STYLES.get(lang)
        if style is None:
            return self.text("list.sep", lang).join(items)
        return format_list(items, style=style, locale=self._locales[lang])

    def stored(self, key: str, lang: str, params: Mapping[str, Any] | None = None) -> str:
        """A message kept in the database for later: a parameter {"key": k, "params": {...}}
        is a label rendered in the recipient's language too (a step name, a role), so stored
        rows never carry one language's words. {"join": [...]} is a list in a sentence joined
        the language's way (李明、赵镇长 / Li Ming, Zhao); {"lines": [...]} puts each item on a
        line of its own. Their items are plain values or labels, rendered the same way."""
        return self.text(key, lang, **{name: self._stored_value(v, lang)
                                       for name, v in (params or {}).items()})

    def _stored_value(self, value: Any, lang: str) -> Any:
        if not isinstance(value, dict):
            return value
        if "key" in value:
            return _Raw(self.stored(value["key"], lang, value.get("params")))
        if "join" in value:
            return _Raw(self.join(lang, (self._stored_item(v, lang) for v in value["join"])))
        if "lines" in value:
            return _Raw("\n".join(self._stored_item(v, lang) for v in value["lines"]))
        return value

    def _stored_item(self, value: Any, lang: str) -> str:
        return _escape(self._stored_value(value, lang))


@cache
def default_catalogue() -> Catalogue:
    """Every message file under i18n/locales, parsed once per process."""
    return Catalogue.from_directory(LOCALES)


def render(key: str, lang: str, **params: Any) -> str:
    """Render one message from the default catalogues."""
    return default_catalogue().text(key, lang, **params)
