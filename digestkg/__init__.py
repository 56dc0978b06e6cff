"""digestkg: tech-news digests to a knowledge graph."""

__version__ = "0.1.0"
