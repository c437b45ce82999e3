"""Pure engines: algorithms that need no database and import no Django — skill extraction, surge
detection, curriculum alignment, periods. Tests run them fast, benchmarks time them alone, the CLI and
Spark jobs run the same code. The lowest layer: it imports nothing else of iehub (docs/architecture.md)."""
