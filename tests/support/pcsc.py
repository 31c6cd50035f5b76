"""Fixtures for the pcsc part of the real stack (filled in by its work)."""
