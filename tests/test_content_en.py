"""The English content answers the clinical review of 2026-11-30 (issue 12).

Each test names the review finding it guards (D = dangerous, M = misleading,
U = unclear; see ../shared/sources/clinical-review-2026-11-30.md). They read the
English text as written (markup removed), so they hold whatever the layout does.
"""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from careprint.content import yamlio

SAFETY_FIELDS = ("crisis", "naloxone_otc", "good_samaritan")


def _strings(handout: str) -> dict:
    return yamlio.load(ROOT / "handouts" / handout / "en.yaml")["strings"]


def _plain(value) -> str:
    items = value if isinstance(value, list) else [value]
    return " ".join(re.sub(r"</?(b|i|keep)>", "", item) for item in items)


def _printed(handout: str) -> str:
    """Return every English string the handout's blocks use, as one lower-case text."""
    structure = yamlio.load(ROOT / "handouts" / handout / "handout.yaml")
    used = set(re.findall(r"[a-z_]+(?:\.[a-z_]+)+|title|subtitle|intro", repr(structure["blocks"]))) | {"title", "subtitle"}
    strings = _strings(handout)
    return " ".join(_plain(strings[k]) for k in strings if k in used).lower()


def _steps() -> list[str]:
    return [_plain(step).lower() for step in _strings("overdose-risk")["steps.list"]]


def _step_with(*words: str) -> int:
    found = [i for i, step in enumerate(_steps()) if all(w in step for w in words)]
    assert found, f"no step in overdose-risk steps.list mentions {' and '.join(words)}"
    return found[0]


def test_overdose_steps_are_the_first_block():
    blocks = yamlio.load(ROOT / "handouts/overdose-risk/handout.yaml")["blocks"]
    first = blocks[0]
    assert list(first) == ["emergency"], f"the first block is {list(first)}, not the emergency steps"
    assert dict(first["emergency"]) == {"title": "steps.title", "steps": "steps.list"}


def test_d2_rescue_breaths_for_a_person_who_is_not_breathing_then_the_recovery_position():
    rescue = _step_with("not breathing", "rescue breaths")
    recovery = _step_with("recovery position")
    assert "breathe on their own" in _steps()[recovery]
    assert "on their side" not in _steps()[rescue]
    assert rescue < recovery
    assert "lay them on their side" not in _printed("overdose-risk")


def test_m11_a_second_naloxone_dose_after_2_to_3_minutes():
    second = _step_with("2 to 3 minutes", "second dose", "naloxone")
    assert second > _step_with("give naloxone")


def test_m11_stay_with_the_person_because_naloxone_wears_off():
    stay = _step_with("stay with them", "wears off")
    assert stay == len(_steps()) - 1
    assert "come back" in _steps()[stay]


def test_d3_naloxone_is_defined_and_is_not_naltrexone():
    text = _printed("overdose-risk")
    assert "naloxone is a rescue medicine" in text
    assert "not the same as naltrexone" in text


def test_u4_how_to_give_nasal_naloxone_and_that_it_is_safe_if_unsure():
    give = _steps()[_step_with("give naloxone")]
    assert "nostril" in give and "safe" in give and "not sure" in give


@pytest.mark.parametrize("handout", ["overdose-risk", "naltrexone-basics"])
def test_d1_every_handout_tells_the_patient_to_keep_naloxone(handout):
    assert "keep naloxone with you" in _printed(handout)


def test_u2_good_samaritan_sentence_is_its_own_key():
    sentence = _strings("overdose-risk")["tell.samaritan"]
    assert "law protects people who call for help" in sentence


def test_u3_mixing_substances_and_using_alone():
    text = _printed("overdose-risk")
    assert "do not use opioids alone" in text and "do not mix opioids with alcohol" in text


def test_m1_the_blockade_can_be_overcome():
    how = _plain(_strings("naltrexone-basics")["how.body"]).lower()
    assert "opioids cannot work" not in how
    assert "large amounts of opioids can still get past the blocker" in how


def test_m2_the_shot_is_every_4_weeks_and_weakens_near_the_end():
    shot = _plain(_strings("naltrexone-basics")["forms.list"][1]).lower()
    assert "every 4 weeks" in shot and "weaker near the end" in shot
    assert "30 days" not in _printed("naltrexone-basics")


@pytest.mark.parametrize("handout", ["overdose-risk", "naltrexone-basics"])
def test_m3_lost_tolerance_and_even_a_smaller_amount_can_kill(handout):
    text = _printed(handout)
    assert "more sensitive" not in text
    assert "smaller amount" in text


def test_m4_up_to_14_days_after_methadone_or_buprenorphine_and_hidden_opioids():
    start = _plain(_strings("naltrexone-basics")["start.body"]).lower()
    assert "after methadone or buprenorphine, you may need up to 14 days" in start
    assert "cough or diarrhea medicines" in start


def test_m7_m8_mood_and_severe_allergy():
    strings = _strings("naltrexone-basics")
    assert "mood changes" in _plain(strings["call.list"]).lower()
    emergency = strings["call.emergency"]
    assert "{number}" in emergency and "throat" in emergency and "hurting yourself" in emergency


@pytest.mark.parametrize("handout, key", [("naltrexone-basics", "tell.body"), ("overdose-risk", "pain.body")])
def test_m9_carry_the_wallet_card(handout, key):
    assert "carry your wallet card" in _plain(_strings(handout)[key]).lower()


def test_u1_u9_u12_u15_pregnancy_alcohol_blockade_length_hospital():
    text = _printed("naltrexone-basics")
    assert "pregnant" in text
    assert "stop drinking before you start" in text
    assert "1 to 3 days after a pill" in text and "a month after a shot" in text
    assert "need a hospital" in text


@pytest.mark.parametrize("handout", ["overdose-risk", "naltrexone-basics"])
def test_m10_sources_are_authoritative_and_dated(handout):
    structure = yamlio.load(ROOT / "handouts" / handout / "handout.yaml")
    assert structure["version"] == "1.1"
    for source in structure["sources"]:
        cited = f"{source['title']} {source['publisher']}".lower()
        assert "curednation" not in cited and "careprint editors" not in cited
        assert source.get("date"), source["title"]
        assert source.get("url", "").startswith(("https://", "http://")) or source.get("file"), source["title"]


def _country_sources(path) -> dict[str, dict[str, str]]:
    """Return each country's sources: the comment lines '# XX field: ...' just above its line."""
    sources: dict[str, dict[str, str]] = {}
    comments: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            comments.append(line)
            continue
        if match := re.match(r"([A-Z]{2}):", line):
            code = match.group(1)
            found = (re.match(rf"#\s*{code} ([a-z_]+):\s*(.*\S)", c) for c in comments)
            sources[code] = {m.group(1): m.group(2) for m in found if m}
        comments = []
    return sources


def test_country_safety_has_every_country_with_a_value_or_unknown_and_a_source():
    path = ROOT / "clinic/countries.yaml"
    countries = yamlio.load(path)
    sources = _country_sources(path)
    assert set(sources) == set(countries)
    assert countries["US"]["crisis"] == "988"
    for code, entry in countries.items():
        for field in SAFETY_FIELDS:
            assert field in entry, f"{code}.{field}: give a value or unknown"
            value = entry[field]
            if field == "crisis":
                assert isinstance(value, str), f"{code}.{field}: quote it"
            else:  # yes and no read as booleans
                assert value is True or value is False or value == "unknown", f"{code}.{field}"
            if value != "unknown":
                assert sources[code].get(field), f"{code}.{field} has no source"


@pytest.mark.parametrize("handout, key", [("naltrexone-basics", "forms.next_shot"), ("overdose-risk", "tell.where")])
def test_pemat_23_a_write_in_line_the_reader_fills_in(handout, key):
    assert re.search(r"_{10,}", _strings(handout)[key])
    assert f"'paragraph': '{key}'" in repr(yamlio.load(ROOT / "handouts" / handout / "handout.yaml")["blocks"])


def test_main_message_first_on_the_overdose_handout():
    assert _strings("overdose-risk")["subtitle"].startswith("An overdose can kill. Naloxone and a fast call for help")
