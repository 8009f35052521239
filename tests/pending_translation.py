"""English text that changed for content 1.1 (issue 12) and awaits translation in the other locales.

Until translated, these keys print in English with a warning (README, "Languages").
Tests that need a locale to be fully up to date bring it there with ``bring_spanish_up_to_date``;
remove a key from here once every locale has translated it.
"""

from __future__ import annotations

CARD_KEYS = ("front.last_dose", "front.next_due", "front.cue", "back.pain", "back.opioids", "back.risk",
             "back.qr_clinician")
LABEL_KEYS = ("card_clinic",)

# Stand-in Spanish for the private content copy of translator-workflow tests (not shipped text).
_SPANISH = {
    "front.next_due": "Próxima inyección",
    "front.cue": "¿No despierto? Denme naloxona. Llamen al {number}.",
    "back.opioids": "<b>Las dosis de opioides que funcionan pueden parar la respiración.</b> Vigilar de cerca.",
    "back.qr_clinician": "Para clínicos",
}


def is_pending(warning) -> bool:
    """True for a warning about a key that awaits translation."""
    key = warning.where.key or ""
    return key in CARD_KEYS or key.removeprefix("labels.") in LABEL_KEYS


def bring_spanish_up_to_date(content, run) -> None:
    """Give the Spanish card and labels in a private content copy every pending key, and confirm them."""
    card = content / "handouts/naltrexone-card/es.yaml"
    added = "".join(f'  {key}: "{text}"\n' for key, text in _SPANISH.items())
    card.write_text(card.read_text(encoding="utf-8").replace("strings:\n", "strings:\n" + added, 1), encoding="utf-8")
    labels = content / "locales/es.yaml"
    text = labels.read_text(encoding="utf-8").replace("labels:\n", 'labels:\n  card_clinic: "Clínica: {clinic}"\n', 1)
    labels.write_text(text, encoding="utf-8")
    assert run("locale", "update", "es", *CARD_KEYS, *LABEL_KEYS, "--root", str(content))[0] == 0
