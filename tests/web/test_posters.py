"""`python -m bot posters`: an A4 page per village whose QR code opens the page with that
village offered first; refusals name what to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli.main import main
from bot.web.posters import MAX_LINK, missing_characters
from bot.web.signing import PosterSigner
from tests.conftest import TEST_KEY

MULIANG_VILLAGES = 3  # 木凉镇 in the demo register


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'p.db'}")
    monkeypatch.setenv("DATA_KEY", TEST_KEY)
    monkeypatch.setenv("POSTER_KEY", "poster-key")
    monkeypatch.setenv("WEB_BASE_URL", "https://sn.example.cn")
    assert main(["migrate"]) == 0
    return tmp_path


def test_one_a4_poster_per_village_of_a_town(env: Path, capsys: pytest.CaptureFixture[str]
                                              ) -> None:
    assert main(["posters", "--division", "木凉镇", "--out", "out"]) == 0
    out = capsys.readouterr().out
    files = sorted((env / "out").glob("*.pdf"))
    assert files, out
    assert any("汉场坝村" in f.name for f in files)
    links = [line.split()[-1] for line in out.splitlines() if "/p/" in line]
    assert len(links) == len(files)
    for link in links:
        assert len(link) <= MAX_LINK and link.startswith("https://sn.example.cn/p/")
        code, _, _ = link.rpartition("/")[2].partition("-")
        assert PosterSigner("poster-key").village_of(link.rpartition("/")[2]) == code
    pdf = files[0].read_bytes()
    assert pdf[:4] == b"%PDF" and b"/MediaBox [ 0 0 595" in pdf  # A4: 595 × 842 points


def test_png_posters(env: Path) -> None:
    assert main(["posters", "--division", "汉场坝村", "--out", "out", "--format", "png"]) == 0
    [png] = (env / "out").glob("*.png")
    assert png.read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize("base", ["", "http://sn.example.cn", "https://localhost:8080",
                                  "https://192.168.1.10", "https://bot.local"])
def test_refused_without_a_public_https_base(env: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str], base: str) -> None:
    monkeypatch.setenv("WEB_BASE_URL", base)
    assert main(["posters", "--division", "木凉镇", "--out", "out"]) == 2
    assert "WEB_BASE_URL" in capsys.readouterr().err
    assert not (env / "out").exists()


def test_refused_when_the_link_would_pass_60_characters(
        env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("WEB_BASE_URL", "https://safety-net.some-long-county-name.example.gov.cn")
    assert main(["posters", "--division", "木凉镇", "--out", "out"]) == 2
    assert "shorter WEB_BASE_URL" in capsys.readouterr().err


def test_refused_without_a_poster_key(env: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("POSTER_KEY")
    assert main(["posters", "--division", "木凉镇", "--out", "out"]) == 2
    assert "POSTER_KEY" in capsys.readouterr().err


def test_a_village_name_the_font_cannot_draw_is_refused_by_its_characters(
        env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rare = "𪚥"  # outside GB 2312: not in the shipped subset
    assert missing_characters("汉场坝村") == []
    assert missing_characters(f"{rare}家村") == [rare]
    csv = env / "villages.csv"
    csv.write_text("code,name,level,parent_code\n"
                   "500119000000,南川区,district,\n"
                   "500119101000,木凉镇,town,500119000000\n"
                   f"500119101299,{rare}家村,village,500119101000\n", encoding="utf-8")
    assert main(["divisions", "import", str(csv)]) == 0
    assert main(["posters", "--division", "木凉镇", "--out", "out"]) == 2
    err = capsys.readouterr().err
    assert f"{rare}家村" in err and f"cannot draw {rare}" in err
    assert not (env / "out").exists()


def test_the_poster_lines_are_drawn_by_the_shipped_font() -> None:
    from i18n.render import default_catalogue

    catalogue = default_catalogue()
    for key in ("web.poster_line1", "web.poster_line2", "web.poster_line3", "web.poster_footer"):
        assert missing_characters(catalogue.text(key, "zh")) == [], key


def test_the_printed_qr_code_reads_back_as_the_link(env: Path, capsys: pytest.CaptureFixture[str]
                                                    ) -> None:
    """Read by an independent decoder (zxing-cpp), from the printed page, as a phone would."""
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    assert main(["posters", "--division", "汉场坝村", "--out", "out", "--format", "png"]) == 0
    link = next(line.split()[-1] for line in capsys.readouterr().out.splitlines() if "/p/" in line)
    [png] = (env / "out").glob("*.png")
    with Image.open(png) as page:
        assert page.size == (1654, 2338)  # A4 at 200 dpi
        found = zxingcpp.read_barcodes(page.convert("L"))
    assert [code.text for code in found] == [link]
