"""Reading the built site in Chromium at a desktop (1300 px) and a phone (390 px) width:
the bilingual reading view and the softmax explorer.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from genai_notes.entropy import softmax

DESKTOP = {"width": 1300, "height": 900}
PHONE = {"width": 390, "height": 844}


def headings(page) -> list[str]:
    """The `##` headings of the page's article, without their permalink and buttons."""
    return page.eval_on_selector_all(
        "article.md-content__inner > h2",
        "hs => hs.map(h => h.firstChild.textContent.trim())",
    )


def open_reading_view(page, url: str, section: int) -> None:
    page.goto(url)
    page.locator("article.md-content__inner > h2 .reading-view__toggle").nth(section).click()
    page.wait_for_selector(".reading-view__row", timeout=10_000)


@pytest.mark.browser
@pytest.mark.parametrize(("lang", "other", "twin_lang"), [("zh", "en", "en"), ("en", "zh", "zh-TW")])
def test_reading_view_puts_each_section_beside_its_twin(page, site_url, lang, other, twin_lang):
    page.set_viewport_size(DESKTOP)
    page.goto(f"{site_url}{other}/lectures/entropy/")
    twin_headings = headings(page)
    own_url = f"{site_url}{lang}/lectures/entropy/"
    page.goto(own_url)
    own_headings = headings(page)
    open_reading_view(page, own_url, 2)
    rows = page.locator(".reading-view__row")
    assert rows.count() == len(own_headings) + 1  # the part before the first `##`, then each section
    shown = [rows.nth(i + 1).locator(".reading-view__twin > h2").inner_text().strip() for i in range(len(own_headings))]
    assert shown == twin_headings
    assert rows.nth(3).locator(".reading-view__own > h2").first.inner_text().startswith(own_headings[2])
    assert rows.first.locator(".reading-view__twin").get_attribute("lang") == twin_lang
    own = rows.nth(3).locator(".reading-view__own").bounding_box()
    twin = rows.nth(3).locator(".reading-view__twin").bounding_box()
    assert twin["x"] >= own["x"] + own["width"] and abs(twin["y"] - own["y"]) < 2, "side by side, top-aligned"
    assert abs(own["y"]) < 150, "the chosen section is scrolled into view"


@pytest.mark.browser
def test_reading_view_on_a_phone_stacks_the_twin_under_each_section(page, site_url):
    page.set_viewport_size(PHONE)
    open_reading_view(page, f"{site_url}zh/lectures/gan/", 0)
    row = page.locator(".reading-view__row").nth(1)
    own = row.locator(".reading-view__own").bounding_box()
    twin = row.locator(".reading-view__twin").bounding_box()
    assert twin["y"] >= own["y"] + own["height"] - 1 and twin["width"] > 300
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"], "nothing wider than the phone"


@pytest.mark.browser
def test_closing_the_reading_view_restores_the_page(page, site_url, open_settled):
    page.set_viewport_size(DESKTOP)
    url = f"{site_url}en/lectures/distillation/"
    open_settled(page, url)
    before = page.eval_on_selector("article.md-content__inner", "a => a.innerHTML")
    open_reading_view(page, url, 1)
    page.click(".reading-view__close")
    assert page.locator(".reading-view__row").count() == 0
    assert page.eval_on_selector("article.md-content__inner", "a => a.innerHTML") == before


@pytest.mark.browser
def test_twin_figures_and_links_point_into_the_twin_language(page, site_url):
    page.set_viewport_size(DESKTOP)
    open_reading_view(page, f"{site_url}zh/lectures/entropy/", 0)
    sources = page.eval_on_selector_all(".reading-view__twin img", "imgs => imgs.map(i => i.src)")
    assert sources and all(src.startswith(f"{site_url}en/") for src in sources)
    assert page.locator(".reading-view__twin [id]").count() == 0, "no duplicate ids"


@pytest.mark.browser
def test_softmax_explorer_on_a_phone_shows_bars_and_finger_sized_sliders(page, site_url):
    page.set_viewport_size(PHONE)
    page.goto(f"{site_url}zh/lectures/entropy/")
    explorer = page.locator(".softmax-explorer")
    explorer.scroll_into_view_if_needed()
    bars = [explorer.locator(".softmax-explorer__bar").nth(i).bounding_box() for i in range(3)]
    fills = [explorer.locator(".softmax-explorer__fill").nth(i).bounding_box() for i in range(3)]
    assert all(bar["width"] > 200 for bar in bars)
    np.testing.assert_allclose([f["width"] / b["width"] for f, b in zip(fills, bars)], softmax([2, 1, 0.1]), atol=0.01)
    sliders = explorer.locator("input[type=range]")
    for i in range(sliders.count()):
        box = sliders.nth(i).bounding_box()
        assert box["height"] >= 44 and box["width"] > 150, box
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]


@pytest.mark.browser
def test_math_arrives_rendered_and_no_katex_script_loads(page, site_url):
    for path in ("zh/lectures/entropy/", "en/lectures/gan/", "zh/tutorials/softmax/"):
        page.goto(f"{site_url}{path}", wait_until="networkidle")
        assert page.locator(".katex").count() > 5, path
        assert page.locator(".katex-error").count() == 0, path
    scripts = [url for url in page.requests if "katex" in url and url.endswith(".js")]
    assert not scripts, scripts


@pytest.mark.site
def test_every_figure_is_sized_as_its_file_and_loaded_lazily(site):
    from site_speed import image_size

    checked = 0
    for page in sorted(site.glob("*/**/index.html")):
        for img in re.findall(r"<img\b[^>]*>", page.read_text(encoding="utf-8")):
            src = re.search(r'\bsrc="([^"]+)"', img)[1]
            width, height = (re.search(rf'\b{name}="(\d+)"', img) for name in ("width", "height"))
            assert width and height and 'loading="lazy"' in img, (page, img)
            assert (int(width[1]), int(height[1])) == image_size(page.parent / src), (page, img)
            checked += 1
    assert checked > 40
