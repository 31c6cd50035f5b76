"""Every French text of the API is written once, in bms_client/messages.py: no copy in the server,
the client or the kiosk."""

from __future__ import annotations

import ast
from pathlib import Path

from bms_client import messages

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [*(ROOT / "backend" / "bms_backend").rglob("*.py"), *(ROOT / "client" / "bms_client").rglob("*.py"),
           *(ROOT / "bms_kiosk").rglob("*.py")]


def _texts() -> dict[str, str]:
    out = {}
    for name, value in vars(messages).items():
        if name.isupper() and isinstance(value, str):
            out[value] = name
        elif name.isupper() and isinstance(value, dict):
            out.update({v: f"{name}[{k!r}]" for k, v in value.items()})
    return out


def test_no_copy_of_a_message():
    texts = _texts()
    assert len(texts) > 40
    copies = []
    for path in SOURCES:
        if path.name == "messages.py" and path.parent.name == "bms_client":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in texts:
                copies.append(f"{path.relative_to(ROOT)}:{node.lineno} {texts[node.value]}")
    assert not copies, copies


def test_the_client_falls_back_on_the_same_words():
    from bms_client.errors import AccountLockedError, SessionExpiredError, TerminalUnauthorisedError, WrongCodeError
    assert AccountLockedError().message_fr == messages.ACCOUNT_LOCKED
    assert SessionExpiredError().message_fr == messages.SESSION_EXPIRED
    assert TerminalUnauthorisedError().message_fr == messages.TERMINAL_UNAUTHORISED
    assert WrongCodeError(2).message_fr == "Code incorrect. Il vous reste 2 essais."
    assert WrongCodeError(1).message_fr == "Code incorrect. Il vous reste 1 essai."
