"""The running year's figures are counted forward from last year's kept ones (this year's cases
plus the earlier representatives of the households that moved into this year) and must equal
the figures counted from every year's cases — also for households identified or eliminated
again this year, in another village, with other members, and after last year's history
changed."""

from __future__ import annotations

from sqlalchemy import func, select, update

from bot.app import App
from cases.statistics import Scope, year_window
from storage.figure_types import RawFigures
from storage.statistics import figures
from storage.tables import cases
from storage.tables_statistics import past_eliminations
from storage.tables_summary import closed_year_figures
from tests.stats.register import NOW, TZ, VILLAGES, known_register, load, local, row

SCOPES = (Scope(), Scope("town", "500119101000"), Scope("village", "500119101201"),
          Scope("village", VILLAGES[2]))


def this_years_moves() -> list[dict[str, object]]:
    """Households whose representative moves into 2022: identified again (one in another
    village with other members), eliminated again, a case-keyed elimination undone in 2021
    and made again in 2022, and a new household."""
    return [
        row(9001, household="HM00003", village=VILLAGES[1], people=6,
            reported=local(2022, 1, 10), identified=local(2022, 2, 1)),
        row(9002, household="HM00006", village=VILLAGES[2], people=2,
            reported=local(2022, 1, 3), identified=local(2022, 1, 20)),
        row(9003, household="HH00007", village=VILLAGES[3], people=5,
            reported=local(2021, 11, 1), identified=local(2021, 12, 1),
            eliminated=local(2022, 2, 14)),
        row(9004, household=None, village=VILLAGES[0], people=3, reported=local(2020, 5, 1),
            identified=local(2020, 6, 1), eliminated=local(2022, 2, 20)),
        row(9005, household="HNEW01", village=VILLAGES[0], people=4,
            reported=local(2022, 1, 2), identified=local(2022, 1, 5)),
    ]


async def _both(app: App, scope: Scope) -> tuple[RawFigures, RawFigures]:
    window, previous = year_window(2022, TZ), year_window(2021, TZ)
    async with app.db.begin() as tx:
        forward = await figures(tx, scope, window, NOW, previous=previous)
    async with app.db.begin() as tx:
        counted = await figures(tx, scope, window, NOW)
    return forward, counted


async def test_the_running_year_counted_forward_equals_counted_from_scratch(app: App) -> None:
    await load(app.db, known_register() + this_years_moves())
    async with app.db.begin() as tx:  # case 9004's elimination of 2021, undone by a reopening
        case_id = (await tx.execute(select(cases.c.id).where(cases.c.ref == "NC-2020-009004"))
                   ).scalar_one()
        await tx.execute(past_eliminations.insert().values(
            case_id=case_id, eliminated_at=local(2021, 3, 1), undone_at=local(2021, 9, 1),
            household_id=None, village_code=VILLAGES[0], town_code="500119101000", people=3,
            source="self"))
    for scope in SCOPES:
        forward, counted = await _both(app, scope)
        assert forward == counted, scope
        again, _ = await _both(app, scope)  # last year's now read from the summary
        assert again == counted, scope
    async with app.db.begin() as tx:  # last year's figures were kept, the running year's not
        years = (await tx.execute(select(closed_year_figures.c.year).distinct())).scalars().all()
        assert years == [2021]
        assert (await tx.execute(select(func.count()).select_from(closed_year_figures))
                ).scalar_one() == len(SCOPES)

    # The household re-identified this year leaves 2021's "before" count of its old village:
    # the total stays one household, counted with this year's members.
    district, _ = await _both(app, Scope())
    identified = district.identified
    assert not isinstance(identified, list)
    assert sum(v[0] + v[2] for v in identified.by_village.values()) == 614 + 1 + 2  # HX, HNEW

    # Last year's history changes (a case identified in 2021 moves to another village): the
    # kept figures are stale, counted again, and forward still equals from scratch.
    async with app.db.begin() as tx:
        await tx.execute(update(cases).where(cases.c.household_id == "HN00001")
                         .values(village_code=VILLAGES[3]))
        await tx.execute(closed_year_figures.delete())  # as the bumped generation would
    for scope in SCOPES:
        forward, counted = await _both(app, scope)
        assert forward == counted, scope


async def test_a_closed_years_figures_after_a_change_are_counted_forward_from_the_year_before(
        app: App) -> None:
    """A year that has ended, with no kept figures (its history changed), is counted forward
    from the year before when that one is kept — and equals counting every year."""
    later = local(2023, 3, 1)  # 2022 has ended
    window, previous = year_window(2022, TZ), year_window(2021, TZ)
    await load(app.db, known_register() + this_years_moves())
    forwards: dict[Scope, RawFigures] = {}
    for scope in SCOPES:
        async with app.db.begin() as tx:
            await figures(tx, scope, previous, later)  # 2021's figures kept
            forwards[scope] = await figures(tx, scope, window, later, previous=previous)
            await tx.execute(closed_year_figures.delete().where(closed_year_figures.c.year == 2022))
            counted = await figures(tx, scope, window, later)  # no year before: every year
        assert forwards[scope] == counted, scope

    # Forward means from 2021's kept figures: a household more there is one more in 2022's
    # total (the kept row is changed by hand here, as no real write would leave it).
    async with app.db.begin() as tx:
        await tx.execute(closed_year_figures.delete().where(closed_year_figures.c.year == 2022))
        kept_row = (await tx.execute(select(closed_year_figures).where(
            closed_year_figures.c.year == 2021, closed_year_figures.c.key.contains("|district|"))
        )).one()
        kept = dict(kept_row.figures)
        villages = kept["identified"]["by_village"]
        code = sorted(villages)[0]
        villages[code] = [villages[code][0] + 1, *villages[code][1:]]
        await tx.execute(update(closed_year_figures).where(
            closed_year_figures.c.key == kept_row.key).values(figures=kept))
        again = await figures(tx, Scope(), window, later, previous=previous)
    assert _households(again) == _households(forwards[Scope()]) + 1


def _households(raw: RawFigures) -> int:
    identified = raw.identified
    assert not isinstance(identified, list)
    return sum(v[0] + v[2] for v in identified.by_village.values())
