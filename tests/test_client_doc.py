"""docs/client.md: every Python sample runs, in order, against the reference server."""

from __future__ import annotations

from pathlib import Path

from tests.support.doc_samples import code_blocks

PAGE = Path(__file__).resolve().parent.parent / "docs" / "client.md"


def test_page_has_the_samples_the_issue_asks_for():
    python = "\n".join(code for _, code in code_blocks(PAGE, "python"))
    for call in ("open_session", "creance_lookup", "pay_creance", "payment_result", "oc_overlaps", "choose_oc",
                 "idempotency_key=", "ca_bundle", "WrongCodeError", "NotEligibleError"):
        assert call in python, call
    assert code_blocks(PAGE, "sh"), "the install commands"


def test_every_python_sample_runs(backend_server, monkeypatch, capsys):
    monkeypatch.setenv("BMS_API_URL", backend_server.url)
    monkeypatch.setenv("BMS_TERMINAL_KEY", backend_server.terminal_key)
    namespace: dict = {"__name__": "client_doc"}
    for line, code in code_blocks(PAGE, "python"):
        exec(compile(code, f"{PAGE}:{line}", "exec"), namespace)  # a failure names the block's line
    out = capsys.readouterr().out
    assert "Votre paiement a été accepté" in out
    assert "DEMANDE EN COURS" in out
    assert "Code incorrect. Il vous reste 2 essais." in out
    assert "reference_not_open Cette référence de courrier n'est pas ouverte au paiement en ligne." in out
    assert "Clé d'idempotence déjà utilisée pour une autre demande." in out
