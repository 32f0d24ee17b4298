"""Tools for question authors: near-duplicate detection (and, in time, import, export, item analysis, lint)."""
