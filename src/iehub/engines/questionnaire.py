"""Questionnaires as pure data: which questions a respondent sees, what a valid answer is, and how the
answers become the numbered variables of a statistics file.

Why pure: the same rules serve the answer page, the all-or-nothing import of collected responses, the
analysis pages and the SPSS export, and they are tested without a database.

Answers are stored as JSON, one entry per question code:

- ``single`` — the chosen option's value; ``multiple`` — a list of option values;
- ``likert5`` / ``likert7`` — an integer 1…5 / 1…7; ``matrix`` — ``{item code: 1…scale}``;
- ``numeric`` — a number; ``text`` — a string; ``ranking`` — the option values, most important first.

Skip logic: a question with ``show_if = {"question": CODE, "in": [values]}`` is shown only when the
earlier question's answer is (or, for a multiple choice, includes) one of the values. Answers to hidden
questions are dropped, so a respondent who goes back and changes a branch leaves nothing stale.

Errors are returned as keys (``"required"``, ``"choice"``…) that the app translates; engines hold no text.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

SINGLE = "single"
MULTIPLE = "multiple"
LIKERT5 = "likert5"
LIKERT7 = "likert7"
MATRIX = "matrix"
NUMERIC = "numeric"
TEXT = "text"
RANKING = "ranking"
KINDS = (SINGLE, MULTIPLE, LIKERT5, LIKERT7, MATRIX, NUMERIC, TEXT, RANKING)
CHOICE_KINDS = (SINGLE, MULTIPLE, RANKING)

TEXT_LIMIT = 4000
NUMBER_LIMIT = 1e12


@dataclass(frozen=True)
class Option:
    value: str
    zh: str
    en: str = ""


@dataclass(frozen=True)
class Question:
    """One question; ``options`` for the choice kinds, ``items`` (with ``scale``) for a matrix."""

    code: str
    kind: str
    required: bool = False
    options: tuple[Option, ...] = ()
    items: tuple[Option, ...] = ()
    scale: int = 5
    show_if: Mapping[str, Any] | None = None
    minimum: float | None = None
    maximum: float | None = None

    @property
    def points(self) -> int:
        """The number of points of a rating question (a Likert item or each row of a matrix)."""
        if self.kind == LIKERT7:
            return 7
        if self.kind == MATRIX:
            return self.scale
        return 5


@dataclass(frozen=True)
class Variable:
    """One column of the statistics file: SPSS's variable name, its label and value labels."""

    name: str
    question: str
    label: str
    numeric: bool = True
    value_labels: Mapping[float, str] = field(default_factory=dict)


class AnswerError(ValueError):
    """A posted answer that is not valid; ``key`` names the rule it broke."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def shown(question: Question, answers: Mapping[str, Any]) -> bool:
    """Whether the skip logic shows the question, given the answers so far."""
    if not question.show_if:
        return True
    given = answers.get(str(question.show_if.get("question", "")))
    wanted = {str(value) for value in question.show_if.get("in", ())}
    if isinstance(given, list):
        return bool(wanted.intersection(str(value) for value in given))
    return given is not None and str(given) in wanted


def visible(questions: Sequence[Question], answers: Mapping[str, Any]) -> list[Question]:
    """The questions shown, in order; a question is shown only when the one it depends on is shown too."""
    seen: dict[str, Any] = {}
    result = []
    for question in questions:
        if shown(question, seen):
            result.append(question)
            if question.code in answers:
                seen[question.code] = answers[question.code]
    return result


def _empty(raw: Sequence[str]) -> bool:
    return not [value for value in raw if value.strip()]


def _rating(text: str, points: int) -> int:
    try:
        value = int(text.strip())
    except ValueError as exc:
        raise AnswerError("rating") from exc
    if not 1 <= value <= points:
        raise AnswerError("rating")
    return value


def _number(question: Question, text: str) -> float | int:
    try:
        value = float(text.strip().replace(",", ""))
    except ValueError as exc:
        raise AnswerError("number") from exc
    if not math.isfinite(value) or abs(value) > NUMBER_LIMIT:
        raise AnswerError("number")
    if question.minimum is not None and value < question.minimum:
        raise AnswerError("too_small")
    if question.maximum is not None and value > question.maximum:
        raise AnswerError("too_large")
    return int(value) if value.is_integer() else value


def clean(question: Question, raw: Sequence[str] | Mapping[str, str]) -> Any:
    """The stored form of a posted answer (``None`` when left empty); raises ``AnswerError``.

    ``raw`` is the list of posted values, or for a matrix the posted value of each item."""
    if question.kind == MATRIX:
        assert isinstance(raw, Mapping)
        codes = {item.value for item in question.items}
        rows = {
            code: _rating(text, question.scale)
            for code, text in raw.items()
            if code in codes and text.strip()
        }
        return rows or None
    assert not isinstance(raw, Mapping)
    if _empty(raw):
        return None
    values = [value.strip() for value in raw if value.strip()]
    allowed = [option.value for option in question.options]
    if question.kind in CHOICE_KINDS and any(value not in allowed for value in values):
        raise AnswerError("choice")
    if question.kind == SINGLE:
        if len(values) != 1:
            raise AnswerError("choice")
        return values[0]
    if question.kind == MULTIPLE:
        return [option for option in allowed if option in values]
    if question.kind == RANKING:
        if len(set(values)) != len(values):
            raise AnswerError("ranking")
        return values
    if question.kind in (LIKERT5, LIKERT7):
        return _rating(values[0], question.points)
    if question.kind == NUMERIC:
        return _number(question, values[0])
    text = "\n".join(values)
    if len(text) > TEXT_LIMIT or "\x00" in text:
        raise AnswerError("text")
    return text


def _answered(question: Question, value: Any) -> bool:
    if value is None or value == "" or value == [] or value == {}:
        return False
    if question.kind == MATRIX:
        return all(item.value in value for item in question.items)
    return True


def check(
    questions: Sequence[Question], answers: Mapping[str, Any], complete: bool
) -> tuple[dict[str, Any], dict[str, str]]:
    """The answers to keep (those of shown questions) and, when ``complete``, the unanswered required
    ones (``{code: "required"}``; a matrix is answered when every row is)."""
    shown_questions = visible(questions, answers)
    kept = {
        question.code: answers[question.code]
        for question in shown_questions
        if answers.get(question.code) is not None
    }
    errors: dict[str, str] = {}
    if complete:
        for question in shown_questions:
            if question.required and not _answered(question, kept.get(question.code)):
                errors[question.code] = "required"
    return kept, errors


def validate_stored(questions: Sequence[Question], answers: Mapping[str, Any]) -> dict[str, str]:
    """Rule keys for stored answers that a question would not accept (imports and the API write these)."""
    by_code = {question.code: question for question in questions}
    errors: dict[str, str] = {}
    for code, value in answers.items():
        question = by_code.get(code)
        if question is None:
            errors[code] = "unknown"
            continue
        try:
            clean(question, _as_posted(question, value))
        except AnswerError as error:
            errors[code] = error.key
    return errors


def _as_posted(question: Question, value: Any) -> Sequence[str] | Mapping[str, str]:
    if question.kind == MATRIX:
        if not isinstance(value, Mapping):
            raise AnswerError("rating")
        return {str(code): str(rating) for code, rating in value.items()}
    if isinstance(value, list):
        return [str(item) for item in value]
    return [str(value)]


# --- the statistics file ---------------------------------------------------------------------------


def _option_labels(question: Question, language: str) -> dict[float, str]:
    return {float(index): _label(option, language) for index, option in enumerate(question.options, start=1)}


def _label(option: Option, language: str) -> str:
    return option.en if language == "en" and option.en else option.zh


def _rating_labels(points: int) -> dict[float, str]:
    return {float(1): "1", float(points): str(points)}


def variables(
    questions: Sequence[Question], labels: Mapping[str, str], language: str = "zh"
) -> list[Variable]:
    """The columns of the statistics file, SPSS style: a single choice is one variable coded 1…n with
    value labels; a multiple choice is one 0/1 variable per option (``code_k``); a matrix one variable per
    row (``code_item``); a ranking one variable per option holding its rank; text stays text."""
    result: list[Variable] = []
    for question in questions:
        text = labels.get(question.code, question.code)
        if question.kind == SINGLE:
            result.append(
                Variable(question.code, question.code, text, True, _option_labels(question, language))
            )
        elif question.kind in (MULTIPLE, RANKING):
            for index, option in enumerate(question.options, start=1):
                yes = {0.0: "0", 1.0: "1"} if question.kind == MULTIPLE else {}
                name = f"{question.code}_{index}"
                result.append(Variable(name, question.code, f"{text}: {_label(option, language)}", True, yes))
        elif question.kind == MATRIX:
            for item in question.items:
                name = f"{question.code}_{item.value}"
                label = f"{text}: {_label(item, language)}"
                result.append(Variable(name, question.code, label, True, _rating_labels(question.scale)))
        elif question.kind in (LIKERT5, LIKERT7):
            result.append(Variable(question.code, question.code, text, True, _rating_labels(question.points)))
        elif question.kind == NUMERIC:
            result.append(Variable(question.code, question.code, text, True))
        else:
            result.append(Variable(question.code, question.code, text, False))
    return result


def coded_row(questions: Sequence[Question], answers: Mapping[str, Any]) -> dict[str, float | str | None]:
    """One response as the values of ``variables`` (``None`` is missing; a multiple choice that was
    answered codes its unchosen options 0, one that was not answered leaves them missing)."""
    row: dict[str, float | str | None] = {}
    for question in questions:
        value = answers.get(question.code)
        if question.kind == SINGLE:
            values = [option.value for option in question.options]
            row[question.code] = float(values.index(value) + 1) if value in values else None
        elif question.kind == MULTIPLE:
            for index, option in enumerate(question.options, start=1):
                row[f"{question.code}_{index}"] = None if value is None else float(option.value in value)
        elif question.kind == RANKING:
            order = list(value or [])
            for index, option in enumerate(question.options, start=1):
                row[f"{question.code}_{index}"] = (
                    float(order.index(option.value) + 1) if option.value in order else None
                )
        elif question.kind == MATRIX:
            for item in question.items:
                rating = (value or {}).get(item.value)
                row[f"{question.code}_{item.value}"] = None if rating is None else float(rating)
        elif question.kind in (LIKERT5, LIKERT7, NUMERIC):
            row[question.code] = None if value is None else float(value)
        else:
            row[question.code] = None if value is None else str(value)
    return row


def choice_counts(question: Question, answers: Iterable[Any]) -> tuple[dict[str, int], int]:
    """How many respondents chose each option (a multiple choice counts each option once per respondent)
    and how many answered the question."""
    counts = {option.value: 0 for option in question.options}
    answered = 0
    for value in answers:
        if value is None or value == [] or value == "":
            continue
        answered += 1
        for chosen in value if isinstance(value, list) else [value]:
            if chosen in counts:
                counts[chosen] += 1
    return counts, answered


def decode_choice(question: Question, text: str) -> str:
    """An imported cell's option value: the value itself, its label in either language, or its number
    (1…n, as a statistics file codes it). Raises ``AnswerError("choice")`` otherwise."""
    text = text.strip()
    for index, option in enumerate(question.options, start=1):
        if text in (option.value, option.zh, option.en, str(index)):
            return option.value
    raise AnswerError("choice")
