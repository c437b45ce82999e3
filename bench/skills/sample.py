"""Demo-like postings as a Parquet file, for the engine test and the scale benchmark (needs ``[spark]``)."""

from __future__ import annotations

from pathlib import Path

from iehub.demo.postings import FIELDS, generate
from iehub.taxonomy.curated import curated_rows


def write_sample_postings(path: Path, count: int, seed: int = 7) -> int:
    """``count`` postings (the demo generator's ~30,000, repeated with new ids when more are asked)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    enterprises = {
        industry: [(f"E{industry}", "440300")]
        for _, industries, _, _ in FIELDS.values()
        for industry in industries
    }
    labels_zh = {row["label_en"]: row["label_zh"] for row in curated_rows()}
    postings = generate(enterprises, labels_zh, seed)
    writer = None
    written = 0
    chunk = 50_000
    try:
        while written < count:
            size = min(chunk, count - written)
            picked = [postings[(written + i) % len(postings)] for i in range(size)]
            table = pa.table(
                {
                    "posting_id": [f"p{written + i}" for i in range(size)],
                    "title": [p.title for p in picked],
                    "description": [p.description for p in picked],
                }
            )
            if writer is None:
                writer = pq.ParquetWriter(path, table.schema)
            writer.write_table(table)
            written += size
    finally:
        if writer is not None:
            writer.close()
    return written
