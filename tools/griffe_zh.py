"""A Griffe extension for the zh-TW API pages: docstrings in the reader's language.

mkdocstrings renders the API pages from the library's docstrings, which are written once,
in English. On the zh-TW site (mkdocs.yml lists this file under the Python handler's
`extensions`; mkdocs.en.yml lists none) each docstring goes through the same catalog as
the rest of the site's code (`tools/comments.py`, `docs/comments/zh/`): the comments of its
doctest examples become zh-TW, and each prose paragraph that the catalog translates is
replaced by its translation. The code and the outputs of the examples stay as they are.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import griffe

sys.path.insert(0, str(Path(__file__).resolve().parent))

from comments import page_catalog, translate  # noqa: E402
from literate import translate_prose  # noqa: E402


def translate_docstring(text: str, lang: str = "zh") -> str:
    """`text` (a docstring) with its example comments and catalogued paragraphs in `lang`."""
    catalog = page_catalog(lang)
    return translate_prose(translate(text, lang, catalog, doctest=True, strict=False), lang, catalog)


class TranslateDocstrings(griffe.Extension):
    """Rewrites every docstring of the loaded package into zh-TW where the catalog allows."""

    def on_object(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = translate_docstring(obj.docstring.value)
