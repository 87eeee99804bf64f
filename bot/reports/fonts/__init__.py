"""The chart font (a subset of Noto Sans CJK SC, SIL OFL 1.1)."""
