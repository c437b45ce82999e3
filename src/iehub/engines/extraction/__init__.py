"""The skill extraction engine: pure functions, no Django, so the same code runs in the web process,
the CLI, benchmarks and Spark's ``mapInPandas``."""
