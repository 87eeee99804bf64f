"""`python -m bot posters --division 木凉镇 [--out posters] [--format pdf|png]`: one printable
A4 QR poster per village of a town (or the district, or one village)."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.config_error import ConfigError
from bot.division_register import load_register
from bot.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("posters", help="print a QR poster for every village of a division")
    parser.add_argument("--division", required=True,
                        help="a town, the district or a village, by name or code")
    parser.add_argument("--out", default="posters", help="the folder to write to (default posters)")
    parser.add_argument("--format", choices=("pdf", "png"), default="pdf")
    parser.set_defaults(func=run)


async def run(args: argparse.Namespace) -> int:
    from bot.cli.database import open_existing
    from bot.web.posters import (
        PosterError,
        PosterText,
        check_public_base,
        missing_characters,
        poster_link,
        write_posters,
    )
    from bot.web.signing import PosterSigner
    from i18n.render import default_catalogue

    settings = Settings()
    web = settings.web
    try:
        base = check_public_base(web.web_base_url)
    except PosterError as exc:
        raise ConfigError(str(exc)) from None
    key = web.poster_key.get_secret_value() if web.poster_key else ""
    if not key:
        raise ConfigError("POSTER_KEY is not set: it signs the village in each poster's link. "
                          "Make one with `python -m bot keygen` and keep it: changing it voids "
                          "every poster printed before")
    engine = await open_existing(settings.storage.database_url)
    try:
        register = await load_register(engine)  # as the bot sees it (the demo one when empty)
    finally:
        await engine.dispose()
    chosen = register.find(args.division)
    if chosen is None:
        raise ConfigError(f"no division {args.division!r} in the register "
                          "(load it with `python -m bot divisions import FILE`)")
    villages = ([chosen] if chosen.level == "village" else
                [v for town in ([chosen] if chosen.level == "town" else register.towns())
                 for v in register.villages_of(town.code)])
    if not villages:
        raise ConfigError(f"{chosen.name} has no villages in the register")
    catalogue = default_catalogue()
    lines = tuple(catalogue.text(f"web.poster_line{n}", "zh") for n in (1, 2, 3))
    footer = catalogue.text("web.poster_footer", "zh")
    signer = PosterSigner(key)
    items, problems = [], []
    for village in villages:
        place = " · ".join(d.name for d in reversed(register.ancestors(village.code)[1:]))
        text = PosterText(village.name, place, lines, footer)  # type: ignore[arg-type]
        missing = missing_characters(village.name + place)
        if missing:
            problems.append(f"{village.name} ({village.code}): the poster font cannot draw "
                            f"{' '.join(missing)}")
            continue
        try:
            items.append((village.code, text, poster_link(base, signer, village.code)))
        except PosterError as exc:
            raise ConfigError(str(exc)) from None
    if problems:
        raise ConfigError("no posters written:\n  " + "\n  ".join(problems)
                          + "\n(rename the village in the register, or ask for the character "
                            "to be added to bot/reports/fonts)")
    written = write_posters(items, Path(args.out), args.format, print)
    print(f"{len(written)} poster(s) in {args.out}")
    return 0
