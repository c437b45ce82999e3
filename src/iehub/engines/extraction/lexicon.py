"""Multi-pattern skill matching with Aho–Corasick over labels and aliases in both languages.

Chinese has no word boundaries, so a Chinese pattern matches anywhere; a Latin-script pattern must
start and end at a word boundary ("java" must not match inside "javascript"). English patterns get a
light normalisation (lower case, hyphens as spaces) and a plural variant of their last word. Overlapping
matches are resolved leftmost-longest, so "industrial internet platform operation" beats "industrial
internet" inside it.
"""

from __future__ import annotations

import pickle
import re
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from iehub.engines.extraction.text import normalise

_WORD = re.compile(r"[0-9a-z]")


@dataclass(frozen=True)
class Surface:
    """One written form of a skill."""

    uri: str
    label: str  # the skill's display label (preferred label)
    form: str  # the written form as given
    preferred: bool


@dataclass(frozen=True)
class Match:
    uri: str
    label: str
    start: int  # in the normalised text
    end: int
    surface: str
    score: float
    method: str = "lexical"


def usable_label(label: str, exact: bool) -> bool:
    """Whether a preferred label may be matched in text by itself.

    ESCO labels recovered from glued text (``exact=False``) are sometimes a fragment of the real label;
    a one-word fragment ("team", "design", "position") matches almost every posting and crowds out the
    real skills, so a derived label is matched only when it has several words.
    """
    return exact or " " in label.strip()


def _variants(form: str) -> set[str]:
    base = normalise(form).replace("-", " ")
    variants = {base}
    if base.isascii() and base[-1:].isalpha() and len(base) > 3:
        if base.endswith("y") and not base.endswith(("ay", "ey", "oy", "uy")):
            variants.add(base[:-1] + "ies")
        elif not base.endswith("s"):
            variants.add(base + "s")
    return {v for v in variants if v}


class Lexicon:
    """An automaton over every surface form; build once per taxonomy version, reuse for millions of texts."""

    def __init__(self, surfaces: Iterable[Surface]) -> None:
        self._automaton = ahocorasick.Automaton()
        patterns: dict[str, list[Surface]] = {}
        for surface in surfaces:
            for variant in _variants(surface.form):
                patterns.setdefault(variant, []).append(surface)
        for pattern, forms in patterns.items():
            # One pattern may name several skills (an ambiguous alias): keep each skill once, by its
            # best form (a preferred label beats an alias).
            best: dict[str, Surface] = {}
            for form in sorted(forms, key=lambda f: (not f.preferred, f.uri)):
                best.setdefault(form.uri, form)
            self._automaton.add_word(pattern, (pattern, tuple(best.values())))
        self.size = len(patterns)
        if patterns:
            self._automaton.make_automaton()

    def to_bytes(self) -> bytes:
        return pickle.dumps(self)

    @staticmethod
    def from_bytes(data: bytes) -> Lexicon:
        lexicon = pickle.loads(data)  # noqa: S301 - only our own cache files, written by to_bytes
        if not isinstance(lexicon, Lexicon):
            raise TypeError("not a lexicon cache")
        return lexicon

    def find(self, text: str) -> list[Match]:
        """Skill mentions in ``text``, leftmost-longest, one match per span."""
        normalised = normalise(text).replace("-", " ")
        if not self.size:
            return []
        candidates = []
        for end_index, (pattern, owners) in self._automaton.iter(normalised):
            start = end_index - len(pattern) + 1
            end = end_index + 1
            if pattern[0].isascii() and start > 0 and _WORD.match(normalised[start - 1]):
                continue
            if pattern[-1].isascii() and end < len(normalised) and _WORD.match(normalised[end]):
                continue
            candidates.append((start, end, owners))
        candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
        matches: list[Match] = []
        taken_until = -1
        for start, end, owners in candidates:
            if start < taken_until:
                continue
            taken_until = end
            surface = normalised[start:end]
            for owner in owners:
                score = (1.0 if owner.preferred else 0.9) - (0.1 if len(owners) > 1 else 0.0)
                matches.append(Match(owner.uri, owner.label, start, end, surface, round(score, 3)))
        return matches


def rank(matches: Iterable[Match], top_k: int) -> list[Match]:
    """One entry per skill (its best mention), best first: score, then longer mention, then earlier."""
    best: dict[str, Match] = {}
    for m in matches:
        current = best.get(m.uri)
        if current is None or (m.score, m.end - m.start) > (current.score, current.end - current.start):
            best[m.uri] = m
    ordered = sorted(best.values(), key=lambda m: (-m.score, -(m.end - m.start), m.start))
    return ordered[:top_k]


POSTING_TOP_K = 50  # skills kept per posting


def posting_mentions(lexicon: Lexicon, title: str | None, description: str | None) -> list[Match]:
    """The skills of one posting (its best mention each), as the web import, the demo and both batch
    engines store them — one definition, so their outputs stay comparable."""
    return rank(lexicon.find(f"{title or ''}\n{description or ''}"), POSTING_TOP_K)
