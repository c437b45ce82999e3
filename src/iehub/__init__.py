"""iehub — an open platform for industry–education integration (产教融合)."""

__version__ = "0.1.0"
