"""coopsearch: full-text search for Vietnamese news about the cooperative economy."""

__version__ = "0.1.0"
