"""The pure extraction engine: sentences, language, Aho–Corasick matching in Chinese and English."""

from __future__ import annotations

from iehub.engines.extraction.lexicon import Lexicon, Surface, rank
from iehub.engines.extraction.text import detect_language, normalise, split_sentences

LEXICON = Lexicon(
    [
        Surface("uri:java", "Java programming", "Java", preferred=False),
        Surface("uri:js", "JavaScript programming", "JavaScript", preferred=False),
        Surface("uri:grading", "colour grading", "colour grading", preferred=True),
        Surface("uri:grading", "colour grading", "调色", preferred=True),
        Surface("uri:grading", "colour grading", "color grading", preferred=False),
        Surface("uri:ii", "industrial internet", "工业互联网", preferred=True),
        Surface("uri:ii-om", "industrial internet O&M", "工业互联网运维", preferred=True),
        Surface("uri:db", "database", "database", preferred=True),
        Surface("uri:ml", "machine learning", "ML", preferred=False),
        Surface("uri:ml-alt", "markup language", "ML", preferred=False),
    ]
)


def uris(text: str) -> list[str]:
    return [m.uri for m in rank(LEXICON.find(text), 10)]


def test_sentences_in_chinese_and_english():
    assert split_sentences("岗位职责：\n1. 负责调色；2) 管理素材。有经验者优先！") == [
        "岗位职责:",
        "负责调色;",
        "管理素材。",
        "有经验者优先!",
    ]
    english = split_sentences(
        "You will grade footage, e.g. commercials. Experience with Nuke is a plus.\n- Teamwork"
    )
    assert english == [
        "You will grade footage, e.g. commercials.",
        "Experience with Nuke is a plus.",
        "Teamwork",
    ]


def test_language_detection():
    assert detect_language("熟练使用Python进行数据分析") == "zh"
    assert detect_language("Experience with Python and data analysis") == "en"
    assert detect_language("2024") == "en"


def test_normalisation_handles_full_width_and_case():
    assert normalise("Ｐｙｔｈｏｎ　３ ") == "python 3"


def test_word_boundaries_in_english_but_not_in_chinese():
    assert uris("We need JavaScript, not Java.") == ["uri:js", "uri:java"]
    assert uris("javascripting") == []
    assert uris("精通调色和剪辑") == ["uri:grading"]
    assert uris("Color-grading and colour grading") == ["uri:grading"]


def test_leftmost_longest_wins():
    assert uris("负责工业互联网运维工作") == ["uri:ii-om"]


def test_plural_variant_and_ambiguity_penalty():
    assert uris("relational databases") == ["uri:db"]
    matches = rank(LEXICON.find("ML experience"), 10)
    assert {m.uri for m in matches} == {"uri:ml", "uri:ml-alt"}
    assert all(m.score < 0.9 for m in matches)


def test_spans_point_into_the_normalised_text():
    text = "Strong Colour Grading skills"
    match = LEXICON.find(text)[0]
    assert normalise(text)[match.start : match.end] == "colour grading"


def test_lexicon_round_trips_through_bytes():
    again = Lexicon.from_bytes(LEXICON.to_bytes())
    assert [m.uri for m in again.find("调色")] == ["uri:grading"]
