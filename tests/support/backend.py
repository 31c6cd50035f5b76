"""Fixtures for the backend part of the real stack (filled in by its work)."""
