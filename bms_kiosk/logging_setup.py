"""Logging for the terminal: journal-friendly lines, and no NIR ever written in full.

Every record is passed through ``NirMaskingFilter`` when it is created (a record factory), so
whatever handler writes it (journal, file, tests' caplog) sees a message where anything shaped
like a NIR (13 characters + key, Corsica 2A/2B, with or without spaces) keeps only the sex and
the birth year.
"""

from __future__ import annotations

import logging
import re
import sys

# sex, year, month, department (2 digits or 2A/2B), commune, order, optional key; spaces allowed.
_NIR = re.compile(
    r"(?<![0-9A-Za-z])([12378])\s?(\d{2})\s?(\d{2})\s?(\d{2}|2[ABab])\s?(\d{3})\s?(\d{3})(?:\s?(\d{2}))?(?![0-9A-Za-z])"
)


def mask_nirs(text: str) -> str:
    return _NIR.sub(lambda m: f"{m.group(1)} {m.group(2)} ** ** *** ***" + (" **" if m.group(7) else ""), text)


class NirMaskingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_nirs(message)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_nirs(record.exc_text)
        if masked != message or record.args:
            record.msg, record.args = masked, None
        return True


_base_factory = logging.getLogRecordFactory()
_mask = NirMaskingFilter()


def _masking_factory(*args, **kwargs) -> logging.LogRecord:  # type: ignore[no-untyped-def]
    record = _base_factory(*args, **kwargs)
    _mask.filter(record)
    return record


def install_record_masking() -> None:
    """Mask at record creation, so every handler (journal, files, tests' caplog) sees masked text."""
    logging.setLogRecordFactory(_masking_factory)


def setup_logging(level: str = "INFO") -> None:
    install_record_masking()
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_bms", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler._bms = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
