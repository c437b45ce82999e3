"""Skill extraction over Parquet files of postings, in one process or on Spark — the same function in both.

Input columns: ``posting_id`` (string), ``title``, ``description``. Output: one row per skill mention kept
for a posting (the best mention of each skill, as the web import keeps them) with ``posting_id``,
``skill_uri``, ``label``, ``surface``, ``start``, ``end``, ``score``, ``method``.

The lexicon travels as bytes (a Spark broadcast) and is unpickled once per worker process. Nothing here
imports Django, so Spark executors need only the ``iehub`` package and the ``[spark]`` extra.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iehub.engines.extraction.lexicon import Lexicon, posting_mentions

if TYPE_CHECKING:
    import pandas as pd

OUTPUT_COLUMNS = ["posting_id", "skill_uri", "label", "surface", "start", "end", "score", "method"]
SPARK_SCHEMA = (
    "posting_id string, skill_uri string, label string, surface string, "
    "start int, end int, score double, method string"
)
_worker_lexicon: dict[str, Lexicon] = {}


def extract_rows(lexicon: Lexicon, posting_id: str, title: str, description: str) -> list[tuple[Any, ...]]:
    """The mentions of one posting, ranked as the web import ranks them."""
    ranked = posting_mentions(lexicon, title, description)
    return [(posting_id, m.uri, m.label, m.surface, m.start, m.end, float(m.score), m.method) for m in ranked]


def extract_frame(lexicon: Lexicon, frame: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    rows: list[tuple[Any, ...]] = []
    for posting_id, title, description in zip(
        frame["posting_id"], frame["title"], frame["description"], strict=True
    ):
        rows.extend(extract_rows(lexicon, str(posting_id), title, description))
    result = pd.DataFrame(rows, columns=OUTPUT_COLUMNS)
    return result.astype({"start": "int32", "end": "int32", "score": "float64"})


def canonical(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows in one order, so that two engines' outputs compare equal when they hold the same mentions."""
    return frame.sort_values(["posting_id", "start", "skill_uri"], kind="stable").reset_index(drop=True)


def run_local(source: Path, target: Path, lexicon: Lexicon, batch_rows: int = 20_000) -> int:
    """Stream the input in record batches (memory stays flat) and write one Parquet file."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(source)
    written = 0
    writer = None
    try:
        for batch in parquet.iter_batches(
            batch_size=batch_rows, columns=["posting_id", "title", "description"]
        ):
            table = pa.Table.from_pandas(extract_frame(lexicon, batch.to_pandas()), preserve_index=False)
            if writer is None:
                writer = pq.ParquetWriter(target, table.schema)
            writer.write_table(table)
            written += table.num_rows
        if writer is None:  # an empty input still gives a readable, empty output
            empty = pa.Table.from_pandas(extract_frame(lexicon, _empty_input()), preserve_index=False)
            pq.write_table(empty, target)
    finally:
        if writer is not None:
            writer.close()
    return written


def _empty_input() -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame({"posting_id": [], "title": [], "description": []})


def _partition_extractor(lexicon_bytes: Any, key: str) -> Any:
    """The function Spark runs on each partition; the lexicon is unpickled once per worker process."""

    def extract(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        lexicon = _worker_lexicon.get(key)
        if lexicon is None:
            lexicon = _worker_lexicon[key] = Lexicon.from_bytes(lexicon_bytes.value)
        for frame in frames:
            yield extract_frame(lexicon, frame)

    return extract


def spark_session(master: str = "local[2]") -> Any:
    from pyspark.sql import SparkSession

    # Workers run this interpreter (the venv that has iehub), unless the cluster says otherwise.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return (
        SparkSession.builder.master(master)
        .appName("iehub-extract")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )


def run_spark(source: Path | str, target: Path | str, lexicon: Lexicon, master: str = "local[2]") -> int:
    """``mapInPandas`` over the input's partitions; writes a Parquet folder (Spark's layout)."""
    session = spark_session(master)
    data = lexicon.to_bytes()
    broadcast = session.sparkContext.broadcast(data)
    key = hashlib.sha256(data).hexdigest()
    postings = session.read.parquet(str(source)).select("posting_id", "title", "description")
    mentions = postings.mapInPandas(_partition_extractor(broadcast, key), schema=SPARK_SCHEMA)
    mentions.write.mode("overwrite").parquet(str(target))
    return int(session.read.parquet(str(target)).count())


def read_output(path: Path | str) -> pd.DataFrame:
    """Either engine's output (a file or Spark's folder) as one frame in canonical order."""
    import pandas as pd
    import pyarrow.parquet as pq

    frame = pq.read_table(str(path)).to_pandas()
    if frame.empty:
        frame = pd.DataFrame(columns=OUTPUT_COLUMNS)
    return canonical(frame[OUTPUT_COLUMNS].astype({"start": "int32", "end": "int32", "score": "float64"}))
