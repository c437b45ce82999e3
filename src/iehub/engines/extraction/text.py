"""Text normalisation, language detection and sentence splitting for Chinese and English postings."""

from __future__ import annotations

import re
import unicodedata

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
# Chinese sentence ends, semicolons and list separators; English sentence ends before a capital/digit.
_ZH_BREAK = re.compile(r"(?<=[。！？；!?;])|\n+")
_EN_BREAK = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9\"'(•\-])|\n+")
_BULLET = re.compile(r"^\s*(?:[-•*·●▪]|\(?\d{1,2}[.)、]|[一二三四五六七八九十]+、)\s*")
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.", "approx.", "incl.", "Dr.", "Mr.", "Ms.", "No.")


def normalise(text: str) -> str:
    """NFKC (full-width Latin and digits become half-width), lower-case Latin, one space between words.

    Offsets change, so matching runs on this form and spans refer to it.
    """
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u00a0", " ").replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", " ", text).strip().lower()


def detect_language(text: str) -> str:
    """``zh`` when Chinese characters make up a meaningful part of the letters, else ``en``."""
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text))
    if cjk == 0 and latin == 0:
        return "en"
    # a Chinese character carries about as much as a short English word
    return "zh" if cjk * 3 >= latin else "en"


def split_sentences(text: str, language: str | None = None) -> list[str]:
    """Sentences and list items of a posting, without bullets, empty pieces or lone punctuation."""
    language = language or detect_language(text)
    text = unicodedata.normalize("NFKC", text)
    protected = text
    for i, abbreviation in enumerate(_ABBREVIATIONS):
        protected = protected.replace(abbreviation, f"\x00{i}\x00")
    pattern = _ZH_BREAK if language == "zh" else _EN_BREAK
    pieces = []
    for raw in pattern.split(protected):
        for i, abbreviation in enumerate(_ABBREVIATIONS):
            raw = raw.replace(f"\x00{i}\x00", abbreviation)
        piece = _BULLET.sub("", raw).strip()
        if piece and re.search(r"\w", piece):
            pieces.append(piece)
    return pieces


_CJK_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK_RANGES}]+|[^\s{_CJK_RANGES}]+")
_CJK_TOKEN = 2  # characters per token for Chinese runs: about one word


def phrase_windows(sentence: str, width: int = 4) -> list[str]:
    """The sentence, then every run of ``width`` tokens (overlapping by half) when it is longer.

    Why: a job-posting sentence names several skills; one embedding of the whole sentence averages them
    away ("… Angular React TypeScript … RESTful APIs …"), while a few-word window holds one skill's
    phrase. Chinese runs count one token per two characters, about one word.
    """
    tokens: list[str] = []
    for token in _TOKEN.findall(sentence):
        if _CJK.match(token):
            tokens.extend(token[i : i + _CJK_TOKEN] for i in range(0, len(token), _CJK_TOKEN))
        else:
            tokens.append(token)
    windows = [sentence]
    if width > 0 and len(tokens) > width:
        stride = max(1, width // 2)
        starts = range(0, len(tokens) - width + stride, stride)
        windows.extend(" ".join(tokens[i : i + width]) for i in starts)
    return windows
