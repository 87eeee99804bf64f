"""Message catalogues (Chinese first, English second) and the function that renders them."""

from i18n.render import LANGUAGES, Catalogue, language_for, render

__all__ = ["LANGUAGES", "Catalogue", "language_for", "render"]
