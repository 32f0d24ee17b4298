"""Headless quiz engine: bank models, loading and validation, grading and practice rounds."""
