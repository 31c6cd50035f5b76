"""Fixtures for the cups part of the real stack (filled in by its work)."""
