"""The built site in headless Chromium (Debian's /usr/bin/chromium driven by Playwright).

Checks what a reader does: search in Chinese and English, switch language and stay on
the page, read rendered math, drag the softmax explorer's sliders, copy a doctest as
runnable code, and all of it without a single request to another host.
A missing Chromium is a visible skip locally and a failure in CI (CI=true).
"""

from __future__ import annotations

import numpy as np
import pytest

from genai_notes.entropy import softmax

pytestmark = pytest.mark.browser
def test_no_page_makes_outside_requests_or_script_errors(page, site, site_url):
    pages = sorted(p.relative_to(site).parent.as_posix() for p in site.glob("*/**/index.html"))
    assert len(pages) > 10
    for path in pages:
        page.goto(f"{site_url}{path}/", wait_until="networkidle")
    # the `page` fixture asserts on what all these visits requested and logged


def search(page, query: str) -> list[str]:
    """Type a query into Material's search and return the result links."""
    field = page.locator("input.md-search__input")
    field.click()
    field.fill(query)
    field.press("End")  # Material reads the query on keyup; filling CJK text sends no key events
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    return page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.href)")


@pytest.mark.parametrize(
    ("lang", "query", "expected"),
    [
        ("zh", "交叉熵", "/zh/lectures/entropy/"),
        ("zh", "熵", "/zh/lectures/entropy/"),
        ("zh", "溫度", "/zh/lectures/entropy/"),
        ("en", "cross-entropy", "/en/lectures/entropy/"),
        ("en", "divergence", "/en/lectures/entropy/"),
    ],
)
def test_search_finds_the_page_in_its_language(page, site_url, lang, query, expected):
    page.goto(f"{site_url}{lang}/")
    links = search(page, query)
    assert any(expected in link for link in links), links
    assert all(f"/{lang}/" in link for link in links), "results from the other language"


@pytest.mark.parametrize(
    ("start", "other", "target"),
    [
        ("zh", "en", "lectures/entropy/"),
        ("en", "zh", "lectures/entropy/"),
        ("zh", "en", "tutorials/softmax/"),
        ("en", "zh", "glossary/"),
    ],
)
def test_language_switch_keeps_the_page(page, site_url, start, other, target):
    page.goto(f"{site_url}{start}/{target}")
    page.hover(".md-header__option .md-select")
    page.click(f".md-select__link[hreflang^='{other}']")
    page.wait_for_url(f"{site_url}{other}/{target}", timeout=10_000)
    assert page.url == f"{site_url}{other}/{target}"


@pytest.mark.parametrize(("start", "section", "other", "expected"), [("zh", "直覺", "en", "intuition"), ("en", "intuition", "zh", "直覺")])
def test_language_switch_keeps_the_section(page, site_url, start, section, other, expected):
    page.goto(f"{site_url}{start}/lectures/entropy/#{section}")
    page.hover(".md-header__option .md-select")
    page.click(f".md-select__link[hreflang^='{other}']")
    page.wait_for_url(f"{site_url}{other}/lectures/entropy/**", timeout=10_000)
    assert page.evaluate("decodeURIComponent(location.hash)") == f"#{expected}"


def test_language_switch_keeps_the_page_under_a_sub_path(page, site, quiet_handler):
    """Served under /<folder>/ on yet another port: the switch follows the page's relative twin link."""
    import functools
    import http.server
    import threading

    handler = functools.partial(quiet_handler, directory=str(site.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/{site.name}/"
    try:
        page.goto(f"{base}zh/tutorials/gan-2d/")
        page.hover(".md-header__option .md-select")
        page.click(".md-select__link[hreflang='en']")
        page.wait_for_url(f"{base}en/tutorials/gan-2d/", timeout=10_000)
        page.wait_for_load_state("networkidle")  # before this server goes away
    finally:
        server.shutdown()


def test_math_is_rendered_by_the_bundled_katex(page, site_url):
    for lang in ("zh", "en"):
        page.goto(f"{site_url}{lang}/lectures/entropy/")
        page.wait_for_selector(".katex", timeout=10_000)
        assert page.locator(".katex").count() > 20
        assert page.locator(".katex-error").count() == 0
    page.goto(f"{site_url}zh/tutorials/softmax/")
    page.wait_for_selector(".katex", timeout=10_000)


def test_softmax_explorer_reacts_to_its_sliders(page, site_url):
    page.goto(f"{site_url}en/lectures/entropy/")
    explorer = page.locator(".softmax-explorer")
    explorer.scroll_into_view_if_needed()

    def shown() -> list[float]:
        return [float(x) for x in explorer.locator(".softmax-explorer__prob").all_text_contents()]

    np.testing.assert_allclose(shown(), softmax([2, 1, 0.1]), atol=6e-4)
    logit = explorer.locator(".softmax-explorer__logit").nth(2)
    logit.fill("3")  # fill() on a range input sets the value and fires `input`
    np.testing.assert_allclose(shown(), softmax([2, 1, 3]), atol=6e-4)
    explorer.locator(".softmax-explorer__temperature").fill("0.5")
    np.testing.assert_allclose(shown(), softmax([2, 1, 3], temperature=0.5), atol=6e-4)
    explorer.locator("button", has_text="+").click()
    assert len(shown()) == 4
    np.testing.assert_allclose(shown(), softmax([2, 1, 3, 0], temperature=0.5), atol=6e-4)
    width = explorer.locator(".softmax-explorer__fill").nth(2).evaluate("el => el.style.width")
    assert width == f"{100 * softmax([2, 1, 3, 0], temperature=0.5)[2]:.1f}%"


def test_copying_a_doctest_gives_runnable_code(page, site_url):
    page.goto(f"{site_url}zh/lectures/entropy/")
    block = page.locator(".language-pycon").first
    block.hover()
    block.locator("[data-md-type=copy]").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("from genai_notes.entropy import softmax")
    assert ">>>" not in copied and "array(" not in copied
    namespace: dict = {}
    exec(compile(copied, "<clipboard>", "exec"), namespace)  # the copied code runs as it is
    np.testing.assert_allclose(namespace["probs"], softmax([2.0, 1.0, 0.1]))


def test_glossary_terms_show_a_tooltip(page, site_url):
    page.goto(f"{site_url}zh/lectures/entropy/")
    term = page.locator("abbr", has_text="交叉熵").first
    assert "cross-entropy" in term.get_attribute("title")


def _palette(page) -> tuple[str, str, list[bool]]:
    """The body's colour scheme, the `color-scheme` meta, and which switch labels are hidden."""
    return page.evaluate(
        """() => [document.body.getAttribute("data-md-color-scheme"),
                  document.querySelector("meta[name=color-scheme]").content,
                  [...document.querySelectorAll("[data-md-palette-switch] label")].map(label => label.hidden)]"""
    )


def test_palette_switch_follows_the_system_until_the_reader_chooses_then_keeps_the_choice(page, site_url):
    page.emulate_media(color_scheme="light")
    page.goto(f"{site_url}zh/lectures/entropy/")
    assert _palette(page) == ["default", "light", [False, True]]  # the switch offers dark
    page.emulate_media(color_scheme="dark")
    page.reload()
    assert _palette(page) == ["slate", "dark", [True, False]]
    page.locator("[data-md-palette-switch] label:not([hidden])").click()
    assert _palette(page) == ["default", "light", [False, True]]
    page.goto(f"{site_url}en/lectures/gan/")  # the reader's choice now outranks the system's
    assert _palette(page) == ["default", "light", [False, True]]
    page.locator("[data-md-palette-switch] input:checked").focus()
    page.keyboard.press("Enter")  # the keyboard way, as in Material
    assert _palette(page) == ["slate", "dark", [True, False]]
    page.goto(f"{site_url}zh/")
    assert _palette(page) == ["slate", "dark", [True, False]]


def _relative_luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG 2's relative luminance of an sRGB colour with channels in [0, 255]."""
    linear = [c / 255 / 12.92 if c <= 0.04045 * 255 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _over(color: list[float], background: list[float]) -> tuple[float, float, float]:
    """`color` (r, g, b, alpha) composited over an opaque `background` (r, g, b)."""
    alpha = color[3]
    return tuple(alpha * c + (1 - alpha) * b for c, b in zip(color[:3], background))


def test_every_code_colour_reaches_4_5_to_1_on_the_code_background_in_both_schemes(page, site_url):
    colours = """() => {
      const rgba = (text) => { const [r, g, b, a = 1] = text.match(/[\\d.]+/g).map(Number); return [r, g, b, a]; };
      const code = document.querySelector(".highlight pre > code");
      const seen = {};
      for (const span of document.querySelectorAll(".highlight pre > code span[class]")) {
        if (!span.textContent.trim() || span.closest(".md-annotation")) continue;
        seen[span.className] ??= rgba(getComputedStyle(span).color);
      }
      return [rgba(getComputedStyle(document.body).backgroundColor), rgba(getComputedStyle(code).backgroundColor), seen];
    }"""
    page.goto(f"{site_url}en/lectures/entropy/")
    for scheme in ("default", "slate"):
        if _palette(page)[0] != scheme:
            page.locator("[data-md-palette-switch] label:not([hidden])").click()
        body, code, spans = page.evaluate(colours)
        background = _over(code, body[:3])
        assert len(spans) >= 8, spans  # names, keywords, strings, numbers, operators, comments, ...
        for name, colour in spans.items():
            dark, light = sorted([_relative_luminance(_over(colour, background)), _relative_luminance(background)])
            assert (light + 0.05) / (dark + 0.05) >= 4.5, (scheme, name, colour, background)
