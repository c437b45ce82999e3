"""The Spark engine gives exactly the local engine's extraction on the same Parquet input (``local[2]``).

Skipped without the ``[spark]`` extra, unless ``IEHUB_REQUIRE_EXTRAS=1`` (set by ``.ci/run``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bench.skills.sample import write_sample_postings

from iehub.engines.extraction.batch import read_output, run_local, run_spark, spark_session
from iehub.engines.extraction.lexicon import Lexicon
from iehub.taxonomy.curated import curated_surfaces
from tests.helpers import require_extra

require_extra("spark", "pyspark", "pyarrow", "pandas")

from pandas.testing import assert_frame_equal  # noqa: E402 - only once the extra is known to be there


@pytest.fixture(scope="module")
def spark():
    session = spark_session("local[2]")
    yield session
    session.stop()


def test_spark_and_local_engines_extract_the_same_mentions(tmp_path: Path, spark):
    source = tmp_path / "postings.parquet"
    assert write_sample_postings(source, 600) == 600
    lexicon = Lexicon(curated_surfaces())
    local_rows = run_local(source, tmp_path / "local.parquet", lexicon, batch_rows=128)
    spark_rows = run_spark(source, tmp_path / "spark", lexicon, "local[2]")
    local, distributed = read_output(tmp_path / "local.parquet"), read_output(tmp_path / "spark")
    assert local_rows == spark_rows == len(local) > 600
    assert_frame_equal(local, distributed)
    assert local["posting_id"].nunique() > 500
    assert (local["surface"].str.contains(r"[\u4e00-\u9fff]")).any()  # Chinese mentions
    assert set(local["method"]) == {"lexical"}


def test_empty_input_gives_an_empty_output(tmp_path: Path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    source = tmp_path / "empty.parquet"
    pq.write_table(
        pa.table(
            {
                "posting_id": pa.array([], pa.string()),
                "title": pa.array([], pa.string()),
                "description": pa.array([], pa.string()),
            }
        ),
        source,
    )
    assert run_local(source, tmp_path / "out.parquet", Lexicon(curated_surfaces())) == 0
    assert read_output(tmp_path / "out.parquet").empty
