"""`python -m bot vocab`: every vocabulary's slugs with their Chinese and English labels, as the
Markdown tables of docs/vocabularies.md (run it after changing cases/vocab.py or a label)."""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from cases import vocab
from i18n.render import default_catalogue


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """One list of slugs, the catalogue keys of its labels, and where files use it."""

    title: str
    name: str  # the constant in cases/vocab.py
    slugs: tuple[str, ...]
    key_prefix: str  # catalogue key = prefix + slug
    in_files: str


VOCABULARIES = (
    Vocabulary("Source of a report", "SOURCES", vocab.SOURCES, "source.",
               "case history `source` (slug or Chinese label)"),
    Vocabulary("Risk type", "RISK_TYPES", vocab.RISK_TYPES, "risk.",
               "case history `risk_types`, several separated by `|` (slug or Chinese label)"),
    Vocabulary("Category on inclusion", "CATEGORIES", vocab.CATEGORIES, "category.",
               "case history `category` (slug or Chinese label)"),
    Vocabulary("Household register class (建档立卡)", "REGISTER_CLASSES", vocab.REGISTER_CLASSES,
               "register.", "household register `category` (slug or Chinese label)"),
    Vocabulary("Closure reason", "CLOSURE_REASONS", vocab.CLOSURE_REASONS, "closure.",
               "case history `closed_reason` (slug or Chinese label)"),
    Vocabulary("Assistance measure (一揽子帮扶)", "MEASURES", vocab.MEASURES, "measure.",
               "chat only (an official adds a measure to a monitored case)"),
    Vocabulary("Department alert type (大数据比对)", "ALERT_TYPES", vocab.ALERT_TYPES, "alert.",
               "department alerts `alert_type` (slug or Chinese label)"),
    Vocabulary("Case stage", "STAGES", vocab.STAGES, "stage.",
               "exports and reports show the label; files never take it"),
    Vocabulary("Programme step (评议、公示、审定)", "PROGRAMME_STEPS", vocab.PROGRAMME_STEPS,
               "stage.", "`python -m bot policy set … steps.inclusion review,notice,confirm` "
               "(slug only)"),
    Vocabulary("Passage through the programme's steps", "TRACKS", vocab.TRACKS, "track.",
               "chat only (`steps.inclusion`, `steps.elimination` in `python -m bot policy`)"),
    Vocabulary("Village review outcome (民主评议)", "REVIEW_OUTCOMES", vocab.REVIEW_OUTCOMES,
               "outcome.", "chat only (the review record)"),
    Vocabulary("Official role", "ROLES", vocab.ROLES, "role.",
               "`python -m bot invite --role` (slug only)"),
    Vocabulary("Division level", "DIVISION_LEVELS", vocab.DIVISION_LEVELS, "level.",
               "division register `level` (slug only)"),
    Vocabulary("Home-visit check (一看粮，二看房，三看家中的读书郎)", "VISIT_CHECKS",
               vocab.VISIT_CHECKS, "of.check_", "chat only (the visit checklist)"),
)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("vocab", help="print every vocabulary (slugs and labels) as Markdown")
    parser.set_defaults(func=run)


def labels(entry: Vocabulary, slug: str) -> tuple[str, str]:
    """The slug's Chinese and English labels from the catalogue."""
    catalogue = default_catalogue()
    key = entry.key_prefix + slug
    return catalogue.text(key, "zh"), catalogue.text(key, "en")


def table(entry: Vocabulary) -> list[str]:
    """One vocabulary as a Markdown section: heading, where it is used, slug | 中文 | English."""
    lines = [f"### {entry.title}", "", f"`cases/vocab.py` `{entry.name}` — in files: {entry.in_files}.",
             "", "| slug | 中文 | English |", "|---|---|---|"]
    for slug in entry.slugs:
        zh, en = labels(entry, slug)
        lines.append(f"| `{slug}` | {zh} | {en} |")
    return lines


def markdown() -> str:
    """Every vocabulary's section, in the order of VOCABULARIES."""
    sections = ["\n".join(table(entry)) for entry in VOCABULARIES]
    return "\n\n".join(sections) + "\n"


def run(_args: argparse.Namespace) -> int:
    print(markdown(), end="")
    return 0
