"""Deterministic, realistic bilingual demo data (``iehub demo load``)."""
