"""Issue 15, two-person review: a clinic that requires two reviewers (``review: {reviewers_required: 2}``)
counts a translation as reviewed only once two different people have reviewed it.
"""

from __future__ import annotations

import re

from pdfcheck import page_texts
from test_partial_languages import CARD, CARD_LABELS, _card_only_somali
from test_translating import _run

from careprint.content.project import Project


def _clinic(content, required: object):
    path = content / "clinic" / "two-reviewers.yaml"
    text = (content / "clinic" / "default.yaml").read_text(encoding="utf-8")
    path.write_text(text + f"review:\n  reviewers_required: {required}\n", encoding="utf-8")
    return path


def test_i15_one_review_is_not_enough_and_the_same_person_cannot_review_twice(content, capsys, tmp_path):
    clinic = _clinic(content, 2)
    opts = ["--root", str(content), "--clinic", str(clinic)]
    assert _run(capsys, "review", "--by", "Dr. C. Linician", *opts)[0] == 0  # the English content is approved
    code, out, err = _run(capsys, "locale", "review", "es", "--by", "A. Reviewer", "--on", "2026-11-20", *opts)
    assert code == 0, err
    assert ("handouts/overdose-risk/es.yaml: reviewed by A. Reviewer on 2026-11-20 (1 of 2 reviews: A. Reviewer "
            "(2026-11-20); a second, different person must review it too)") in out
    code, out, _ = _run(capsys, "status", "--lang", "es", *opts)
    assert re.search(r"es\s+Spanish\s+100%\s+0\s+needs-review\s+1 of 2 reviews: A\. Reviewer \(2026-11-20\)", out), out
    out_dir = tmp_path / "one"
    code, _, err = _run(capsys, "build", "--reviewed-only", "--handout", "overdose-risk", "--lang", "es",
                        "-o", str(out_dir), *opts)
    assert code == 2 and ("overdose-risk [es] is not reviewed (handouts/overdose-risk/es.yaml: needs-review "
                          "(1 of 2 reviews: A. Reviewer (2026-11-20)); ") in err
    assert _run(capsys, "build", "--handout", "overdose-risk", "--lang", "es", "-o", str(out_dir), *opts)[0] == 0
    assert "Translation not yet reviewed" in " ".join(page_texts(out_dir / "overdose-risk.es.letter.pdf"))  # the notice
    code, _, err = _run(capsys, "locale", "review", "es", "--by", "a.  reviewer", *opts)  # the same person again
    assert code == 2
    assert err.strip() == ("locales/es.yaml: already reviewed by A. Reviewer (2026-11-20); the clinic requires 2 "
                           "different reviewers, so a second, different person must review it")
    assert Project(content).status("overdose-risk", "es") == "reviewed"  # one review suffices for the default clinic
    code, out, _ = _run(capsys, "locale", "review", "es", "--by", "B. Second", "--on", "2026-11-21", *opts)
    assert code == 0 and ("handouts/overdose-risk/es.yaml: reviewed by B. Second on 2026-11-21 (reviewed by "
                          "A. Reviewer (2026-11-20) and B. Second (2026-11-21))") in out
    code, out, _ = _run(capsys, "status", "--lang", "es", *opts)
    assert re.search(r"es\s+Spanish\s+100%\s+0\s+reviewed\s+A\. Reviewer \(2026-11-20\) and B\. Second "
                     r"\(2026-11-21\)", out), out
    out_dir = tmp_path / "two"
    assert _run(capsys, "build", "--reviewed-only", "--handout", "overdose-risk", "--lang", "es", "-o", str(out_dir),
                *opts)[0] == 0
    assert "not yet reviewed" not in " ".join(page_texts(out_dir / "overdose-risk.es.letter.pdf"))


def test_i15_a_second_review_after_an_edit_starts_again(content, capsys):
    clinic = _clinic(content, 2)
    opts = ["--root", str(content), "--clinic", str(clinic)]
    assert _run(capsys, "locale", "review", "es", "--by", "A. Reviewer", *opts)[0] == 0
    path = content / "handouts/naltrexone-card/es.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('"Nombre"', '"Nombre completo"'), encoding="utf-8")
    code, out, _ = _run(capsys, "locale", "review", "es", "--by", "B. Second", "--on", "2026-11-21", *opts)
    assert code == 0  # the edited file's earlier review no longer holds: B is its first reviewer
    assert ("handouts/naltrexone-card/es.yaml: reviewed by B. Second on 2026-11-21 (1 of 2 reviews: B. Second "
            "(2026-11-21); a second, different person must review it too)") in out


def test_i15_reviewers_required_is_1_or_2(content, capsys):
    clinic = _clinic(content, 3)
    code, _, err = _run(capsys, "status", "--root", str(content), "--clinic", str(clinic))
    lines = clinic.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "reviewers_required" in text)
    assert code == 1
    assert err.strip() == (f"clinic/two-reviewers.yaml:{line}: review.reviewers_required: expected 1 or 2 "
                           "(different people who must review a translation), found 3")


def test_i15_a_card_only_language_needs_two_reviews_of_the_card_too(content, capsys):
    clinic = _clinic(content, 2)
    opts = ["--root", str(content), "--clinic", str(clinic)]
    _card_only_somali(content, capsys)
    review = ["locale", "review", "so", "--handout", CARD, *opts]
    assert _run(capsys, *review, "--by", "Hodan Ali", "--on", "2026-11-30")[0] == 0
    project = Project(content)
    project.clinic(clinic)
    assert project.status(CARD, "so") == "needs-review"
    code, out, _ = _run(capsys, *review, "--by", "Amina Yusuf", "--on", "2026-12-02")
    assert code == 0 and (f"locales/so.yaml: the labels {CARD} prints ({', '.join(CARD_LABELS)}): reviewed by Amina Yusuf "
                          "on 2026-12-02 (reviewed by Hodan Ali (2026-11-30) and Amina Yusuf (2026-12-02))") in out
    code, out, _ = _run(capsys, "status", "--lang", "so", *opts)
    assert re.search(rf"so\s+{CARD}\s+100%\s+0\s+reviewed\s+Hodan Ali \(2026-11-30\) and Amina Yusuf \(2026-12-02\)",
                     out), out


def test_i15_a_second_review_of_one_handout_completes_it_after_a_first_of_the_whole_language(content, capsys):
    clinic = _clinic(content, 2)
    opts = ["--root", str(content), "--clinic", str(clinic)]
    assert _run(capsys, "locale", "review", "es", "--by", "A. Reviewer", *opts)[0] == 0
    assert _run(capsys, "locale", "review", "es", "--by", "B. Second", "--handout", "overdose-risk", *opts)[0] == 0
    project = Project(content)
    project.clinic(clinic)
    assert project.status("overdose-risk", "es") == "reviewed"  # its file and the labels it prints: A and B
    assert project.status("naltrexone-basics", "es") == "needs-review"  # still 1 of 2
