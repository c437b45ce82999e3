"""The questionnaire rules: skip logic, valid answers, required questions and the coded statistics file."""

from __future__ import annotations

import pytest

from iehub.engines import questionnaire as q

STATUS = q.Question(
    "status",
    q.SINGLE,
    required=True,
    options=(q.Option("employed", "受雇", "Employed"), q.Option("study", "升学", "Study")),
)
RELEVANCE = q.Question(
    "relevance", q.LIKERT5, required=True, show_if={"question": "status", "in": ["employed"]}
)
FORMS = q.Question(
    "forms", q.MULTIPLE, options=(q.Option("a", "甲"), q.Option("b", "乙"), q.Option("c", "丙"))
)
RATED = q.Question("rated", q.MATRIX, required=True, items=(q.Option("x", "X"), q.Option("y", "Y")), scale=5)
AGE = q.Question("age", q.NUMERIC, minimum=15, maximum=80)
RANK = q.Question("rank", q.RANKING, options=(q.Option("p", "P"), q.Option("r", "R")))
NOTE = q.Question("note", q.TEXT)
ALL = [STATUS, RELEVANCE, FORMS, RATED, AGE, RANK, NOTE]


def test_skip_logic_hides_a_branch_and_drops_its_stale_answers() -> None:
    assert RELEVANCE in q.visible(ALL, {"status": "employed"})
    assert RELEVANCE not in q.visible(ALL, {"status": "study"})
    kept, errors = q.check(ALL, {"status": "study", "relevance": 4, "rated": {"x": 1, "y": 2}}, complete=True)
    assert "relevance" not in kept and errors == {}
    _, errors = q.check(ALL, {"status": "employed", "rated": {"x": 1}}, complete=True)
    assert errors == {"relevance": "required", "rated": "required"}  # a matrix needs every row
    _, errors = q.check(ALL, {}, complete=False)  # a partial save requires nothing
    assert errors == {}


@pytest.mark.parametrize(
    ("question", "raw", "key"),
    [
        (STATUS, ["unemployed"], "choice"),
        (STATUS, ["employed", "study"], "choice"),
        (RELEVANCE, ["6"], "rating"),
        (RELEVANCE, ["four"], "rating"),
        (AGE, ["12"], "too_small"),
        (AGE, ["nan"], "number"),
        (AGE, ["1e400"], "number"),
        (RANK, ["p", "p"], "ranking"),
        (NOTE, ["a\x00b"], "text"),
        (NOTE, ["x" * 5000], "text"),
    ],
)
def test_bad_answers_are_refused_with_the_rule_they_break(
    question: q.Question, raw: list[str], key: str
) -> None:
    with pytest.raises(q.AnswerError) as error:
        q.clean(question, raw)
    assert error.value.key == key


def test_good_answers_are_stored_in_their_form() -> None:
    assert q.clean(FORMS, ["c", "a"]) == ["a", "c"]  # in the options' order
    assert q.clean(AGE, ["21"]) == 21 and q.clean(AGE, ["21.5"]) == 21.5
    assert q.clean(RATED, {"x": "5", "y": "", "z": "3"}) == {"x": 5}
    assert q.clean(RANK, ["r", "p"]) == ["r", "p"]
    assert q.clean(NOTE, ["  "]) is None
    assert q.validate_stored(ALL, {"status": "employed", "rated": {"x": 9}, "ghost": 1}) == {
        "rated": "rating",
        "ghost": "unknown",
    }


def test_the_statistics_file_codes_answers_as_spss_does() -> None:
    variables = q.variables(ALL, {"status": "现状"}, "zh")
    names = [v.name for v in variables]
    assert names == [
        "status",
        "relevance",
        "forms_1",
        "forms_2",
        "forms_3",
        "rated_x",
        "rated_y",
        "age",
        "rank_1",
        "rank_2",
        "note",
    ]
    assert variables[0].value_labels == {1.0: "受雇", 2.0: "升学"} and variables[0].label == "现状"
    assert not variables[-1].numeric
    row = q.coded_row(
        ALL, {"status": "study", "forms": ["b"], "rated": {"x": 3}, "rank": ["r", "p"], "note": "好"}
    )
    assert row["status"] == 2.0 and row["relevance"] is None
    assert (row["forms_1"], row["forms_2"], row["forms_3"]) == (0.0, 1.0, 0.0)
    assert (row["rated_x"], row["rated_y"]) == (3.0, None)
    assert (row["rank_1"], row["rank_2"]) == (2.0, 1.0)
    unanswered = q.coded_row(ALL, {})
    assert unanswered["forms_1"] is None  # not "chose nothing": missing


def test_imported_choices_are_read_by_value_label_or_number() -> None:
    assert (
        q.decode_choice(STATUS, "employed") == q.decode_choice(STATUS, "受雇") == q.decode_choice(STATUS, "1")
    )
    assert q.decode_choice(STATUS, "Study") == "study"
    with pytest.raises(q.AnswerError):
        q.decode_choice(STATUS, "3")
