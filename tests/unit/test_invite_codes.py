"""Invite codes: long, URL-safe, and usable as a command-line argument."""

from __future__ import annotations

import re

from cases.invites import new_code


def test_codes_are_url_safe_unique_and_never_look_like_an_option() -> None:
    """A code starting with "-" could not be revoked with `invite --revoke CODE`; one in 64
    random codes would, so 2,000 codes all pass only when that start is excluded."""
    codes = [new_code() for _ in range(2000)]
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{22}", c) for c in codes)
    assert not any(c.startswith("-") for c in codes)
    assert len(set(codes)) == len(codes)
