"""What the terminal says, built from parts marked personal or not. Qt-free.

A personal part (a name, a NIR, a birth date, an amount, a reference, a document's contents) is
said only through the headset: ``Utterance.text(headset=False)`` drops it. The code de sécurité
and the SMS code are never parts at all: each key is "étoile" (words.STAR).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Sequence


@dataclass(frozen=True)
class Part:
    text: str
    personal: bool = False


@dataclass(frozen=True)
class Utterance:
    parts: tuple[Part, ...]
    interrupt: bool = True  # a new screen or focus cuts what was being said; an addition queues

    def text(self, headset: bool) -> str:
        return _join(p.text for p in self.parts if headset or not p.personal)

    @property
    def has_personal(self) -> bool:
        return any(p.personal for p in self.parts)

    def __bool__(self) -> bool:
        return any(p.text for p in self.parts)


def utterance(*parts: Part | str, interrupt: bool = True) -> Utterance:
    return Utterance(tuple(p if isinstance(p, Part) else Part(p) for p in parts if p), interrupt)


def _join(texts: Iterable[str]) -> str:
    """Parts become sentences: a part that ends without punctuation gets a full stop (a pause)."""
    out = []
    for text in texts:
        text = " ".join(text.split())
        if not text:
            continue
        out.append(text if text[-1] in ".!?:;," else text + ".")
    return " ".join(out)


AMOUNT = re.compile(r"\d[\d\s\u00a0\u202f]*,\d{2}\s*€")  # a sum to the cent is someone's (a threshold is not)


class PersonalValues:
    """The values of the card in the reader (names, NIR, birth dates), and any sum to the cent: a
    text holding one is personal, whether or not its widget was marked (a second net under the
    screens' marks)."""

    def __init__(self, values: Sequence[str] = ()) -> None:
        self.values = tuple(v for v in values if len(v) >= 2)
        alternatives = "|".join(re.escape(v) for v in sorted(self.values, key=len, reverse=True))
        self._pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE) if self.values else None

    @classmethod
    def of_card(cls, card: object | None) -> "PersonalValues":
        if card is None:
            return cls()
        values: list[str] = []
        for person in getattr(card, "beneficiaries", ()):
            values += [person.nom, person.prenom, person.nir, person.nir[:13]]
            values.append(" ".join((person.nir[0], person.nir[1:3], person.nir[3:5], person.nir[5:7],
                                    person.nir[7:10], person.nir[10:13])))
            born = person.date_naissance  # bms_client BirthDate (a lunar date too), or a date
            y, m, d = born.year, born.month, born.day
            values += [f"{d:02d}/{m:02d}/{y:04d}", f"{y:04d}-{m:02d}-{d:02d}", f"{d:02d}{m:02d}{y:04d}"]
        return cls(values)

    def found_in(self, text: str) -> bool:
        return bool(AMOUNT.search(text) or (self._pattern and self._pattern.search(text)))
