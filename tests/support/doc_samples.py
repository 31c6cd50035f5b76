"""The code samples of a Markdown page, in order: (language, first line number, text)."""

from __future__ import annotations

import re
from pathlib import Path

_FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.S | re.M)


def code_blocks(page: Path, language: str) -> list[tuple[int, str]]:
    text = page.read_text(encoding="utf-8")
    return [(text.count("\n", 0, m.start()) + 2, m.group(2))
            for m in _FENCE.finditer(text) if m.group(1) == language]


def python_script(page: Path) -> str:
    """Every Python block of the page, one after the other, as one script (a Python shell session)."""
    return "\n".join(f"# --- {page.name}:{line}\n{code}" for line, code in code_blocks(page, "python"))
