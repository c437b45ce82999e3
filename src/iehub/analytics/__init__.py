"""Pure analytical engines (no Django imports): statistics that pages, commands, benchmarks and Spark
jobs share."""
