"""Search terms that work the same on SQLite and PostgreSQL, for Chinese and English together.

Why not the databases' full-text search: SQLite's FTS5 and PostgreSQL's tsvector need different
schemas and neither segments Chinese. Instead each searchable text stores its terms, space-delimited:
Chinese runs as overlapping character pairs (so a two-character word such as 渲染 is found wherever it
occurs, and a longer one by all its pairs), other words lower-cased and stemmed with the Snowball
English stemmer (rendering, renders, rendered → render). A query is turned into terms the same way;
a text matches when it holds every term.
"""

from __future__ import annotations

import re

import snowballstemmer

_STEMMER = snowballstemmer.stemmer("english")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def terms(text: str) -> list[str]:
    """The text's terms in order: Chinese character pairs (a lone character as itself), English stems."""
    found: list[str] = []
    position = 0
    for run in _CJK_RUN.finditer(text):
        found += _words(text[position : run.start()])
        chars = run.group()
        found += [chars] if len(chars) == 1 else [chars[i : i + 2] for i in range(len(chars) - 1)]
        position = run.end()
    found += _words(text[position:])
    return found


def _words(text: str) -> list[str]:
    words = [w.lower() for w in _WORD.findall(text)]
    return [stem for stem in _STEMMER.stemWords(words) if stem]


def index_text(*parts: str) -> str:
    """What to store: the distinct terms, each surrounded by spaces so ``contains(" term ")`` is exact."""
    unique = dict.fromkeys(term for part in parts for term in terms(part))
    return " " + " ".join(unique) + " "


def query_terms(query: str, limit: int = 12) -> list[str]:
    """The distinct terms of a search query (at most ``limit``, to bound the SQL)."""
    return list(dict.fromkeys(terms(query)))[:limit]
