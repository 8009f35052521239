"""Issue 15, partial languages: a language that ships only the wallet card (Somali, as in the translator trial).

``locale new so --handout naltrexone-card`` scaffolds the card and only the labels it prints; the card
is translated (here: with the Spanish text, which is known to fit), confirmed, reviewed with
``locale review so --handout naltrexone-card`` and built under ``--reviewed-only``.
"""

from __future__ import annotations

import json
import re

from pdfcheck import page_texts
from test_translating import _run

from careprint.content import yamlio
from careprint.content.project import Project

CARD = "naltrexone-card"
# The labels the card and its clinicians' web page print, in English order: no calibration, no handout footer.
CARD_LABELS = ["draft_notice", "disclaimer", "sources", "sources_english", "reviewed_by", "updated_on", "web_skip",
               "web_languages", "web_call", "web_index", "version"]
NEW_SO = ["locale", "new", "so", "--name", "Somali", "--native-name", "Soomaali", "--handout", CARD]


def _fill(path, values: dict) -> None:
    """Write a value in place of each null of a scaffolded file (a list's items in order)."""
    out, items = [], iter(())
    for line in path.read_text(encoding="utf-8").splitlines():
        key = re.match(r"^  ([^\s#][^:]*):(.*)$", line)
        if key and key.group(2).strip() == "null" and key.group(1) in values:
            line = f"  {key.group(1)}: {json.dumps(values[key.group(1)], ensure_ascii=False)}"
        elif key and not key.group(2).strip():
            items = iter(values.get(key.group(1), []))
        elif line == "    - null":
            line = f"    - {json.dumps(next(items), ensure_ascii=False)}"
        out.append(line)
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def _fill_months(path) -> None:
    text = path.read_text(encoding="utf-8")
    months = json.dumps(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"])
    text = text.replace("\nmonths: null", f"\nmonths: {months}").replace(
        "\ndate_format: null", '\ndate_format: "{day} {month} {year}"')
    path.write_text(text, encoding="utf-8")


def _card_only_somali(content, capsys) -> None:
    """Scaffold so with the card only, translate it and confirm it (not yet reviewed)."""
    root = ["--root", str(content)]
    assert _run(capsys, *NEW_SO, *root)[0] == 0
    es = yamlio.load(content / f"handouts/{CARD}/es.yaml", "es")["strings"]
    _fill(content / f"handouts/{CARD}/so.yaml", dict(es))
    es_labels = dict(yamlio.load(content / "locales/es.yaml", "es")["labels"])  # stand-ins, known to fit
    _fill(content / "locales/so.yaml", {**es_labels, "draft_notice": "Turjumaadda weli lama hubin",
                                        "version": "Nooca {version}"})
    _fill_months(content / "locales/so.yaml")
    assert _run(capsys, "locale", "update", "so", "--all", *root)[0] == 0


def test_i15_new_with_handout_scaffolds_only_the_card_and_the_labels_it_prints(content, capsys):
    code, out, _ = _run(capsys, *NEW_SO, "--root", str(content))
    assert code == 0
    assert [line for line in out.splitlines() if line.startswith("wrote")] == [
        f"wrote {content / 'locales/so.yaml'}", f"wrote {content / 'handouts' / CARD / 'so.yaml'}"]
    assert not (content / "handouts/overdose-risk/so.yaml").exists()
    assert not (content / "handouts/naltrexone-basics/so.yaml").exists()
    labels = yamlio.load(content / "locales/so.yaml", "so")["labels"]
    assert list(labels) == CARD_LABELS
    text = (content / "locales/so.yaml").read_text(encoding="utf-8")
    assert "  # English: Translation not yet reviewed\n  draft_notice: null\n" in text


def test_i15_card_only_language_is_reviewed_and_built_reviewed_only_without_the_notice(content, capsys, tmp_path):
    root = ["--root", str(content)]
    _card_only_somali(content, capsys)
    assert _run(capsys, "review", "--by", "Dr. C. Linician", *root)[0] == 0  # the English content is approved
    code, out, err = _run(capsys, "locale", "review", "so", "--by", "Hodan Ali", "--on", "2026-11-30",
                          "--handout", CARD, *root)
    assert code == 0, err
    assert (f"locales/so.yaml: the labels {CARD} prints ({', '.join(CARD_LABELS)}): reviewed by Hodan Ali on 2026-11-30"
            in out)
    assert Project(content).status(CARD, "so") == "reviewed"
    out_dir = tmp_path / "out"
    code, _, err = _run(capsys, "build", "--lang", "so", "--handout", CARD, "--reviewed-only", "-o", str(out_dir), *root)
    assert code == 0, err
    text = " ".join(page_texts(out_dir / f"{CARD}.so.card.pdf"))
    assert "not yet reviewed" not in text and "lama hubin" not in text
    assert "Nooca" in text  # the card's own version label, translated
    code, out, _ = _run(capsys, "status", "--lang", "so", *root)
    assert re.search(r"so\s+Somali \(partial\)\s+100%\s+0\s+reviewed\s+Hodan Ali \(2026-11-30\)", out), out
    assert re.search(rf"so\s+{CARD}\s+100%\s+0\s+reviewed\s+Hodan Ali \(2026-11-30\)", out), out
    assert re.search(r"so\s+overdose-risk\s+-\s+-\s+not started\s+-", out), out


def test_i15_review_of_the_card_is_refused_with_the_exact_labels_left(content, capsys):
    root = ["--root", str(content)]
    _card_only_somali(content, capsys)
    path = content / "locales/so.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('version: "Nooca {version}"', "version: null"),
                    encoding="utf-8")
    line = next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "version: null" in text)
    code, _, err = _run(capsys, "locale", "review", "so", "--by", "Hodan Ali", "--handout", CARD, *root)
    assert code == 2
    english = yamlio.load(content / "locales/en.yaml")["labels"].line_of("version")
    assert err.splitlines() == [  # the calibration and handout-footer labels the card never prints are not asked for
        "not marked reviewed: every key must be translated and up to date first:",
        f"locales/so.yaml:{line}: labels.version [so]: warning: not translated yet: prints the English text "
        f"(en.yaml:{english})"]


def test_i15_editing_a_reviewed_label_needs_the_card_reviewed_again(content, capsys):
    root = ["--root", str(content)]
    _card_only_somali(content, capsys)
    assert _run(capsys, "locale", "review", "so", "--by", "Hodan Ali", "--handout", CARD, *root)[0] == 0
    path = content / "locales/so.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Nooca {version}", "Nooca: {version}"), encoding="utf-8")
    assert Project(content).status(CARD, "so") == "needs-review"
    assert _run(capsys, "locale", "review", "so", "--by", "Hodan Ali", "--handout", CARD, *root)[0] == 0
    assert Project(content).status(CARD, "so") == "reviewed"


def test_i15_a_partial_language_builds_only_what_it_has(content, capsys, tmp_path):
    root = ["--root", str(content)]
    _card_only_somali(content, capsys)
    out_dir = tmp_path / "so"
    code, _, err = _run(capsys, "build", "--lang", "so", "-o", str(out_dir), *root)
    assert code == 0, err
    assert "note: so has no text for naltrexone-basics, overdose-risk (a partial language): not built" in err
    assert sorted(p.name for p in out_dir.glob("*.pdf")) == [f"{CARD}.so.avery-5371.long.pdf", f"{CARD}.so.card.pdf"]
    assert sorted(p.name for p in (out_dir / "site" / "so").iterdir()) == ["clinician", "index.html"]


def test_i15_check_of_a_partial_language_checks_what_it_has(content, capsys):
    _card_only_somali(content, capsys)
    code, out, err = _run(capsys, "check", "--lang", "so", "--no-render", "--root", str(content))
    assert code == 0, err
    assert "no so text" not in err and out.startswith("ok: 3 handouts")


def test_i15_sync_with_handout_starts_another_handout_in_a_partial_language(content, capsys):
    root = ["--root", str(content)]
    assert _run(capsys, *NEW_SO, *root)[0] == 0
    code, _, err = _run(capsys, "locale", "review", "so", "--by", "Hodan Ali", "--handout", "overdose-risk", *root)
    assert code == 2 and ("so has no text for overdose-risk (expected handouts/overdose-risk/so.yaml); start it with: "
                          "python generate.py locale sync so --handout overdose-risk") in err
    code, out, _ = _run(capsys, "locale", "sync", "so", "--handout", "overdose-risk", *root)
    assert code == 0
    assert out.splitlines() == [
        f"wrote {content / 'handouts/overdose-risk/so.yaml'}",
        # the card's own (its web page's footer among them) are there already
        "locales/so.yaml: added page_of, qr_info, qr_emergency, contact_clinic, contact_write_in (null: not translated yet)"]
    labels = list(yamlio.load(content / "locales/so.yaml", "so")["labels"])
    assert labels == ["page_of", "qr_info", "qr_emergency", "draft_notice", "disclaimer", "sources", "sources_english",
                      "reviewed_by", "updated_on", "web_skip", "web_languages", "web_call", "web_index", "version",
                      "contact_clinic", "contact_write_in"]  # English order
