"""The chart font (a subset of Noto Sans CJK SC, SIL OFL 1.1), also the sandbox page's
fallback for Chinese on a machine with no CJK font."""

from pathlib import Path

CJK_FONT = Path(__file__).resolve().parent / "NotoSansSC-GB2312-subset.otf"
