"""digestkg: tech-news digests to a knowledge graph."""

__version__ = "0.1.0"
EXTRACTOR_VERSION = f"digestkg-extract/{__version__}"

