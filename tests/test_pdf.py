"""What a reader downloads, part two: each language's PDF (tools/pdf.py, from the built site)
is the whole book, in navigation order, with contents, outline, page numbers, working internal
links and Chinese text. Slow, so a pass is remembered by a digest of its inputs (tests/passes.py).
"""

from __future__ import annotations

import pathlib
import sys
import unicodedata
from urllib.parse import unquote

import pytest
from pypdf import PdfReader

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tools"))
import pdf  # noqa: E402  (tools/pdf.py)
from passes import ROOT, digest, remember, skip_if_passed_before  # noqa: E402  (tests/passes.py)

pytestmark = pytest.mark.slow
BOOK_INPUTS = ["docs", "src", "snippets", "mkdocs.yml", "mkdocs.en.yml", "tools", "tests/test_pdf.py"]


def text_of(pages) -> str:
    """The pages' text; NFKC because the CJK font maps some ideographs to their Kangxi radical twins."""
    return unicodedata.normalize("NFKC", "".join(page.extract_text() for page in pages))


@pytest.fixture(scope="module")
def pdfs(site) -> dict[str, pathlib.Path]:
    """Both languages' PDFs, printed by tools/pdf.py from the built site (unless its build made them)."""
    paths = {lang: site / lang / "pdf" / name for lang, name in pdf.PDF_NAMES.items()}
    if not all(path.is_file() for path in paths.values()):
        pdf.build(site)
    return paths


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_pdf_is_the_whole_book_with_contents_outline_page_numbers_and_internal_links(lang, site, request):
    marker = skip_if_passed_before(f"pdf-{lang}", digest([ROOT / p for p in BOOK_INPUTS]))
    path = request.getfixturevalue("pdfs")[lang]
    assert path == site / lang / "pdf" / pdf.PDF_NAMES[lang]
    pages = pdf.book_pages(site / lang)
    reader = PdfReader(path)
    # The whole book in navigation order: the outline's top level starts with the contents, then
    # every page's title, in order (Chromium sometimes writes a heading's text twice in an entry).
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline[0] == pdf.CONTENTS[lang] and len(outline) == len(pages) + 1
    assert all(entry.startswith(page.title) for entry, page in zip(outline[1:], pages)), outline
    assert {"lectures/entropy/", "tutorials/softmax/", "glossary/"} <= {page.url for page in pages}
    # Every internal link lands on a destination in the document, and the contents' numbers are right.
    numbers = pdf.page_numbers(path)
    links = [a.get_object() for p in reader.pages for a in p.get("/Annots", []) if a.get_object().get("/Subtype") == "/Link"]
    internal = [unquote(str(a["/Dest"]).lstrip("/")) for a in links if "/Dest" in a]
    assert len(internal) > len(pages) and set(internal) <= set(numbers)
    contents_text = text_of(reader.pages[:2])
    assert pdf.CONTENTS[lang] in contents_text and str(numbers[pages[-1].anchor]) in contents_text
    assert all(numbers[a] < numbers[b] for a, b in zip([p.anchor for p in pages], [p.anchor for p in pages[1:]]))
    # Page numbers in the footer, Chinese text that can be searched and copied, no site chrome.
    last = len(reader.pages)
    assert reader.pages[-1].extract_text().rstrip().endswith(str(last))
    text = text_of(reader.pages)
    assert "交叉熵" in text and "Search" not in text.split("\n")[0]
    remember(marker)
