"""The services the kiosk offers, each one package with its steps, screens and words.

Registration is this list and nothing else: the journey core merges the declarations
(``flow/steps.py``), the menu lists them by ``order``.
"""

from __future__ import annotations

from bms_kiosk.kiosk_services import attestation, ij, releve

REGISTERED = (
    attestation.SERVICE,
    ij.SERVICE,
    releve.SERVICE,
)
