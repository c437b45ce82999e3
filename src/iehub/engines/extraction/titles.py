"""Job titles normalised to occupations, without Django.

A posting's title is the employer's own words ("资深Java开发工程师（北京）", "Senior Data Engineer - Remote");
counting demand by occupation needs one occupation per posting. Three steps, first hit wins:

1. **exact** — the cleaned title equals an occupation's label or alias;
2. **contained** — the longest occupation label or alias inside the title (word boundaries for Latin
   script, anywhere for Chinese — the same automaton as skills);
3. **similar** — the label or alias with the highest Dice similarity (character pairs for Chinese,
   words for English), when at least ``MIN_SIMILARITY`` ("数据开发工程师" is close to "大数据开发工程师").

Cleaning drops what says nothing about the occupation: seniority and grade words, bracketed places and
notes, "急聘"-style hooks, trailing locations after a dash. Where two occupations share a form, the
curated one (bilingual, with its 职业分类大典 code where known) wins over an ESCO one, so Chinese
statistics group by the Chinese classification where they can.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from iehub.engines.extraction.lexicon import Lexicon, Surface
from iehub.engines.extraction.text import normalise

MIN_SIMILARITY = 0.6
_BRACKETS = re.compile(r"[（(\[【][^）)\]】]*[）)\]】]")
_TRAILING_NOTE = re.compile(r"\s+[-–—|/]\s+.*$")
_SENIORITY_ZH = re.compile(r"^(?:急聘|诚聘|高薪|资深|高级|中级|初级|见习|实习|储备|首席|主任|主管级)+")
_GRADE_ZH = re.compile(r"(?:[0-9一二三四五六七八九十]+级|实习生)$")
_SENIORITY_EN = re.compile(
    r"\b(?:senior|junior|sr|jr|lead|principal|staff|intern|trainee|graduate|entry level|mid level)\b\.?",
)
_GRADE_EN = re.compile(r"\b(?:i{1,3}|iv|[0-9])\s*$")


@dataclass(frozen=True)
class OccupationForm:
    """One written form (label or alias, either language) of an occupation."""

    uri: str
    label: str
    form: str
    preferred: bool
    curated: bool  # from the curated bilingual set (Chinese codes where known), not ESCO alone


@dataclass(frozen=True)
class TitleMatch:
    uri: str
    label: str
    score: float
    method: str  # exact / contained / similar
    surface: str


def occupation_forms_of(
    uri: str, label_en: str, label_zh: str, aliases: list[str], curated: bool
) -> Iterator[OccupationForm]:
    """The written forms of one occupation: its two labels (preferred) and its aliases."""
    forms = [(label_en, True), (label_zh, True), *[(alias, False) for alias in aliases]]
    for form, preferred in forms:
        if form:
            yield OccupationForm(uri, label_en, form, preferred, curated)


def clean_title(title: str) -> str:
    """The part of a title that names the occupation, normalised (lower case, half-width)."""
    text = _BRACKETS.sub(" ", normalise(title))
    text = _TRAILING_NOTE.sub("", text)
    text = _SENIORITY_ZH.sub("", text.strip())
    text = _GRADE_ZH.sub("", text)
    text = _SENIORITY_EN.sub(" ", text)
    text = _GRADE_EN.sub("", text.strip())
    return re.sub(r"\s+", " ", text).strip(" -–—,.;:/")


def _bigrams(text: str) -> set[str]:
    """What similarity compares: character pairs where the title has Chinese (no word boundaries), whole
    words otherwise ("thai engineering" shares letters, not words, with "ai engineer")."""
    if text.isascii():
        return {word.removesuffix("s") for word in re.findall(r"[0-9a-z+#]+", text)}
    compact = text.replace(" ", "")
    return {compact[i : i + 2] for i in range(len(compact) - 1)} or {compact}


class TitleNormaliser:
    """Built once per taxonomy version from every occupation form; then cheap per title (titles repeat,
    so results are remembered)."""

    def __init__(self, forms: Iterable[OccupationForm]) -> None:
        ordered = sorted(forms, key=lambda f: (not f.curated, not f.preferred, f.uri))
        self._exact: dict[str, OccupationForm] = {}
        for form in ordered:
            self._exact.setdefault(clean_title(form.form) or normalise(form.form), form)
        self._curated = {form.uri for form in ordered if form.curated}
        self._lexicon = Lexicon(Surface(f.uri, f.label, f.form, f.preferred) for f in ordered)
        self._forms = list(self._exact.items())
        self._gram_sizes = [len(_bigrams(key)) for key, _ in self._forms]
        self._postings: dict[str, list[int]] = {}
        for position, (key, _form) in enumerate(self._forms):
            for gram in _bigrams(key):
                self._postings.setdefault(gram, []).append(position)
        self._seen: dict[str, TitleMatch | None] = {}

    @property
    def size(self) -> int:
        return len(self._forms)

    def normalise(self, title: str | None) -> TitleMatch | None:
        cleaned = clean_title(title or "")
        if not cleaned:
            return None
        if cleaned not in self._seen:
            if len(self._seen) > 100_000:
                self._seen.clear()
            self._seen[cleaned] = (
                self._exact_match(cleaned) or self._contained(cleaned) or self._similar(cleaned)
            )
        return self._seen[cleaned]

    def _exact_match(self, cleaned: str) -> TitleMatch | None:
        form = self._exact.get(cleaned)
        if form is None:
            return None
        return TitleMatch(form.uri, form.label, 1.0 if form.preferred else 0.95, "exact", cleaned)

    def _contained(self, cleaned: str) -> TitleMatch | None:
        matches = self._lexicon.find(cleaned)
        if not matches:
            return None
        # the longest form; among equals a curated occupation, then the later one (a title's head noun
        # comes last in both languages)
        best = max(matches, key=lambda m: (m.end - m.start, m.uri in self._curated, m.start, m.score))
        coverage = (best.end - best.start) / len(cleaned)
        return TitleMatch(best.uri, best.label, round(0.6 + 0.3 * coverage, 3), "contained", best.surface)

    def _similar(self, cleaned: str) -> TitleMatch | None:
        grams = _bigrams(cleaned)
        shared: Counter[int] = Counter()
        for gram in grams:
            shared.update(self._postings.get(gram, ()))
        best_score, best_position = 0.0, -1
        for position, count in shared.items():
            score = 2 * count / (len(grams) + self._gram_sizes[position])
            if score > best_score or (score == best_score and position < best_position):
                best_score, best_position = score, position
        if best_position < 0 or best_score < MIN_SIMILARITY:
            return None
        form = self._forms[best_position][1]
        return TitleMatch(form.uri, form.label, round(0.6 * best_score, 3), "similar", cleaned)
