"""Clinic batches (issue 6): manifest validation, resume after a kill, merged order, CSV rows, summary."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pypdf
from conftest import ROOT
from pdfcheck import fold, page_texts

from careprint.cli import main
from careprint.content.project import Project


def _manifest(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "batch.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_every_manifest_error_is_listed_with_its_line_before_anything_prints(tmp_path, capsys):
    path = _manifest(tmp_path, """\
out: out
handouts:
  - handout: naltrexone-basics
    languages: [en, xx]
    copies: 0
  - handout: no-such-handout
cards:
  - stock: avery-9999
    duplex: sideways
personal:
  csv: missing.csv
colour: red
""")
    code, out, err = _run(capsys, "batch", str(path), "--jobs", "1")
    assert code == 1
    expected = [
        "batch.yaml:12: colour: unknown key; expected one of: clinic, out, handouts, cards, personal",
        "batch.yaml:4: handouts[0].languages: no 'xx' text for naltrexone-basics",
        "batch.yaml:5: handouts[0].copies: expected a whole number from 1 to 1000",
        "batch.yaml:6: handouts[1].handout: unknown handout 'no-such-handout'; known: naltrexone-basics, overdose-risk",
        "batch.yaml:8: cards[0].stock: unknown stock 'avery-9999'",
        "batch.yaml:9: cards[0].duplex: expected one of: long, short, foldover",
        "batch.yaml:11: personal.csv: no such file:",
    ]
    for message in expected:
        assert message in err, message
    assert not (tmp_path / "out").exists()  # nothing printed


PATIENTS = """\
language,name,form,last_dose,phone,contact
en,Alex Example,pill,2026-11-20,555-0100,
xx,Bad Language,pill,2026-11-20,,
es,Rosa Ejemplo,injection,2026-02-30,,
es,{long},pill,2026-11-01,,
ar,سارة مثال,injection,2026-11-15,555-0104,
"""


def test_bad_csv_rows_are_reported_by_line_and_the_others_print(tmp_path, capsys):
    (tmp_path / "patients.csv").write_text(PATIENTS.format(long="Rosa " * 40), encoding="utf-8")
    path = _manifest(tmp_path, "out: out\npersonal:\n  csv: patients.csv\n  stock: avery-5371\n")
    code, out, err = _run(capsys, "batch", str(path), "--jobs", "1")
    assert code == 1
    assert "patients.csv:3: language: not a known language code; expected one of: " in err  # H4: never 'xx'
    assert "patients.csv:4: last_dose: not a real date: expected YYYY-MM-DD" in err
    assert "patients.csv:5: [es]: the value is too long for its line on the card even at 8 pt (column name)" in err
    assert "personalised cards: 5 CSV rows, 2 printed, 3 failed" in out
    for secret in ("Rosa", "Alex", "Bad Language", "2026-02-30"):
        assert secret not in out + err  # personal values never reach the output
    merged = tmp_path / "out/print/personal.avery-5371.long.001.pdf"
    texts = page_texts(merged)
    assert len(texts) == 2 and "Alex Example" in texts[0]  # one sheet: front, back
    assert "Alex" not in str(pypdf.PdfReader(merged).metadata)


def test_merged_files_follow_the_manifest_order_with_copies(tmp_path, capsys):
    path = _manifest(tmp_path, """\
out: out
handouts:
  - handout: overdose-risk
    languages: [es, en]
    copies: 2
  - handout: naltrexone-basics
    languages: [en]
cards:
  - languages: [es]
    stock: avery-5371
    copies: 3
""")
    code, out, _ = _run(capsys, "batch", str(path), "--jobs", "2")
    assert code == 0
    texts = [fold(t) for t in page_texts(tmp_path / "out/print/handouts.letter.pdf")]
    es, en, basics = "Naltrexona y riesgo de sobredosis", "Naltrexone and overdose risk", "Naltrexone: what you need to know"
    # Both handouts are three pages (two sheets), so a blank page ends each copy's last sheet.
    starts = {0: es, 4: es, 8: en, 12: en, 16: basics}  # each copy starts on the front of a sheet
    assert {i: texts[i][:len(want)] for i, want in starts.items()} == starts
    assert "Página 3 de 3" in texts[2] and texts[3] == "" and "Página 3 de 3" in texts[6] and texts[7] == ""
    assert "Page 3 of 3" in texts[10] and texts[11] == "" and "Page 3 of 3" in texts[14] and texts[15] == ""
    assert len(texts) == 20 and "Page 3 of 3" in texts[18] and texts[19] == ""
    cards = pypdf.PdfReader(tmp_path / "out/print/cards.avery-5371.long.pdf")
    assert len(cards.pages) == 6  # 3 sheets, front and back each
    assert cards.trailer["/Root"]["/ViewerPreferences"]["/Duplex"] == "/DuplexFlipLongEdge"
    assert "print/handouts.letter.pdf" in out and "10 sheets of letter (two-sided)" in out
    assert "3 sheets of avery-5371 (long-edge duplex)" in out


def test_summary_counts_and_up_to_date_files_are_skipped(tmp_path, capsys):
    path = _manifest(tmp_path, "out: out\nhandouts:\n  - handout: overdose-risk\n    languages: [en, es]\n")
    assert _run(capsys, "batch", str(path), "--jobs", "1")[1].count("2 written, 0 up to date, 0 failed") == 1
    code, out, _ = _run(capsys, "batch", str(path), "--jobs", "1")
    assert code == 0 and "files: 0 written, 2 up to date, 0 failed" in out


def test_an_interrupted_batch_leaves_no_partial_file_and_resumes(tmp_path):
    path = _manifest(tmp_path, "out: out\nhandouts:\n  - handout: naltrexone-basics\n    paper: letter\n"
                               "  - handout: overdose-risk\n  - handout: naltrexone-basics\n    paper: a4\n")
    argv = [sys.executable, str(ROOT / "generate.py"), "batch", str(path), "--jobs", "2"]
    # As from a terminal: Ctrl-C is not ignored. (A process started with SIGINT ignored keeps it ignored, and
    # the test process may be in that state after other tests, e.g. a server's; then the batch would finish.)
    proc = subprocess.Popen(argv, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    for line in proc.stderr:  # wait until the first document is written, then stop the whole run like Ctrl-C
        if line.startswith("1/"):
            break
    os.killpg(proc.pid, signal.SIGINT)
    proc.stderr.read()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 130  # it was interrupted, not finished
    out = tmp_path / "out"
    assert not [p for p in out.rglob("*") if p.name.endswith(".part")]
    written = list(out.rglob("*.pdf"))
    assert written and not (out / "print").exists()  # some documents, no merged file yet
    for pdf in written:
        pypdf.PdfReader(pdf).pages[0]  # every file there is a whole PDF
    done = subprocess.run(argv, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    total = 3 * len(Project(ROOT).languages("naltrexone-basics"))  # every language of two handouts, one on two papers
    assert f"files: {total - len(written)} written, {len(written)} up to date, 0 failed" in done.stdout
    assert (out / "print/handouts.letter.pdf").exists() and (out / "print/handouts.a4.pdf").exists()


def test_the_example_manifest_runs(tmp_path, capsys):
    text = (ROOT / "examples/batch.yaml").read_text(encoding="utf-8").replace("out: ../out/batch", f"out: {tmp_path}")
    path = ROOT / "examples" / ".test-batch.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        code, out, _ = _run(capsys, "batch", str(path))
    finally:
        path.unlink()
    assert code == 0
    assert "personalised cards: 6 CSV rows, 6 printed, 0 failed" in out
    assert time.time()  # the run above is the check; no timing asserted


def test_personal_cards_go_into_print_files_of_bounded_size_in_csv_order(tmp_path, capsys, monkeypatch):
    from careprint.batch import manifest as batch

    monkeypatch.setattr(batch, "PERSONAL_FILE_CARDS", 20)  # two sheets per print file
    rows = "".join(f"en,Patient {i:02d},pill,2026-11-01,,\n" for i in range(45))
    (tmp_path / "patients.csv").write_text("language,name,form,last_dose,phone,contact\n" + rows, encoding="utf-8")
    path = _manifest(tmp_path, "out: out\npersonal:\n  csv: patients.csv\n  stock: avery-5371\n")
    code, out, _ = _run(capsys, "batch", str(path), "--jobs", "2")
    assert code == 0 and "45 CSV rows, 45 printed, 0 failed" in out
    files = sorted((tmp_path / "out/print").glob("personal.*.pdf"))
    assert [f.name for f in files] == [f"personal.avery-5371.long.00{n}.pdf" for n in (1, 2, 3)]
    fronts = [t for f in files for t in page_texts(f)[0::2]]
    first_names = [re.search(r"Patient (\d\d)", t).group(1) for t in fronts]
    assert first_names == ["00", "10", "20", "30", "40"]  # sheets in CSV order


def test_reviewed_only_refuses_a_batch_of_drafts_before_printing(tmp_path, capsys):
    path = _manifest(tmp_path, "out: out\nhandouts:\n  - handout: overdose-risk\n    languages: [en, es]\n")
    code, _, err = _run(capsys, "batch", str(path), "--reviewed-only")
    # The shipped content has no clinical review yet, so English is refused too (issue 12: both reviews needed).
    assert code == 2 and "overdose-risk: no clinician has reviewed this version of the content" in err
    assert not (tmp_path / "out").exists()


def test_a_csv_that_is_not_utf8_is_a_clear_error(tmp_path, capsys):
    (tmp_path / "patients.csv").write_bytes("language,name\nes,Jos\xe9\n".encode("cp1252"))
    path = _manifest(tmp_path, "out: out\npersonal:\n  csv: patients.csv\n")
    code, _, err = _run(capsys, "batch", str(path))
    assert code == 1 and "patients.csv: not UTF-8 text: save the file as 'CSV UTF-8'" in err


def test_another_clinic_on_the_command_line_rebuilds_instead_of_skipping(tmp_path, capsys):
    path = _manifest(tmp_path, "out: out\nhandouts:\n  - handout: overdose-risk\n    languages: [es]\n    paper: a4\n")
    assert _run(capsys, "batch", str(path), "--jobs", "1")[0] == 0
    clinic = tmp_path / "spain.yaml"
    clinic.write_text('country: ES\nbase_url: "https://clinic.test/info"\n', encoding="utf-8")
    code, out, _ = _run(capsys, "batch", str(path), "--jobs", "1", "--clinic", str(clinic))
    assert code == 0 and "files: 1 written, 0 up to date" in out
    assert "112" in " ".join(page_texts(tmp_path / "out/handouts/overdose-risk.es.a4.pdf"))
