"""Evaluation ↔ career standards: rubrics, weighted multi-party evaluation, mastery and reliability."""
