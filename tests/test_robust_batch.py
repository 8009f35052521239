"""Issue 11, batch runs: print/ holds exactly this run (H3), distinct files per entry (M7), a lock and only
our own temporary files removed (M8), a state file and parts that are checked (M16), owner-only personal
print files (L5), no more workers than jobs (L6)."""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path

import pytest
from pdfcheck import fold, page_texts

from careprint import build, outputs
from careprint.batch import manifest as batch
from careprint.batch import runner as batchrun
from careprint.cli import main
from careprint.errors import Collector, Where

HEADER = "language,name,form,last_dose,phone,contact\n"
ONE_HANDOUT = "out: out\nhandouts:\n  - handout: overdose-risk\n    languages: [en]\n"


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _manifest(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "batch.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _personal(tmp_path: Path, rows: list[str], monkeypatch) -> Path:
    monkeypatch.setattr(batch, "PERSONAL_FILE_CARDS", 10)  # one sheet per print file
    (tmp_path / "patients.csv").write_text(HEADER + "".join(rows), encoding="utf-8")
    return _manifest(tmp_path, "out: out\npersonal:\n  csv: patients.csv\n  stock: avery-5371\n")


def _patients(count: int, word: str = "Patient") -> list[str]:
    return [f"en,{word} {i:02d},pill,2026-11-01,,\n" for i in range(count)]


# --- H3 -------------------------------------------------------------------------------------------

def test_h3_print_holds_only_this_runs_files_and_parts_are_removed(tmp_path, capsys, monkeypatch):
    path = _personal(tmp_path, _patients(25), monkeypatch)
    assert _run(capsys, "batch", path, "--jobs", "1")[0] == 0
    printed = tmp_path / "out/print"
    assert sorted(p.name for p in printed.iterdir()) == [f"personal.avery-5371.long.00{n}.pdf" for n in (1, 2, 3)]
    assert not (tmp_path / "out/.parts").exists()  # merged: no second copy of the cards is kept
    path = _personal(tmp_path, _patients(5, "Today"), monkeypatch)  # the next day: a shorter list
    code, out, _ = _run(capsys, "batch", path, "--jobs", "1")
    assert code == 0
    assert [p.name for p in printed.iterdir()] == ["personal.avery-5371.long.001.pdf"]
    assert "Today 00" in page_texts(printed / "personal.avery-5371.long.001.pdf")[0]
    assert ("removed from an earlier run (not made by this one): print/personal.avery-5371.long.002.pdf, "
            "print/personal.avery-5371.long.003.pdf") in out
    assert not (tmp_path / "out/.parts").exists()


def test_h3_a_run_where_every_row_fails_leaves_no_earlier_personal_file(tmp_path, capsys, monkeypatch):
    assert _run(capsys, "batch", _personal(tmp_path, _patients(3), monkeypatch), "--jobs", "1")[0] == 0
    bad = [f"en,Patient {i},pill,2026-02-30,,\n" for i in range(3)]
    code, out, _ = _run(capsys, "batch", _personal(tmp_path, bad, monkeypatch), "--jobs", "1")
    assert code == 1
    assert not list((tmp_path / "out/print").glob("personal.*"))
    assert "print/personal.avery-5371.long.001.pdf" in out  # named as removed


def test_h3_another_paper_replaces_the_old_print_file_and_user_files_stay(tmp_path, capsys):
    path = _manifest(tmp_path, ONE_HANDOUT)
    assert _run(capsys, "batch", path, "--jobs", "1")[0] == 0
    (tmp_path / "out/print/my-notes.pdf").write_bytes(b"mine")
    path = _manifest(tmp_path, ONE_HANDOUT + "    paper: a4\n")
    assert _run(capsys, "batch", path, "--jobs", "1")[0] == 0
    assert sorted(p.name for p in (tmp_path / "out/print").iterdir()) == ["handouts.a4.pdf", "my-notes.pdf"]


def test_h3_a_rerun_after_parts_were_removed_is_up_to_date(tmp_path, capsys, monkeypatch):
    path = _personal(tmp_path, _patients(15), monkeypatch)
    assert _run(capsys, "batch", path, "--jobs", "1")[0] == 0
    code, out, _ = _run(capsys, "batch", path, "--jobs", "1")
    assert code == 0 and "files: 0 written, 2 up to date, 0 failed" in out
    assert "personal.avery-5371.long.002.pdf" in out  # still listed to print


def test_h3_an_interrupted_run_leaves_no_print_file_that_looks_current(tmp_path, capsys, monkeypatch):
    assert _run(capsys, "batch", _manifest(tmp_path, ONE_HANDOUT), "--jobs", "1")[0] == 0
    assert (tmp_path / "out/print/handouts.letter.pdf").exists()

    def stop(job, out):
        raise KeyboardInterrupt

    monkeypatch.setattr(batchrun, "_run_job", stop)
    path = _manifest(tmp_path, ONE_HANDOUT.replace("[en]", "[en, es]"))  # today's file would hold two handouts
    assert _run(capsys, "batch", path, "--jobs", "1")[0] == 130
    assert not (tmp_path / "out/print/handouts.letter.pdf").exists()  # yesterday's would look like today's


# --- M7 -------------------------------------------------------------------------------------------

def test_m7_two_card_entries_with_other_start_positions_write_two_files(tmp_path, capsys):
    path = _manifest(tmp_path, """\
out: out
cards:
  - languages: [en]
    stock: avery-5371
  - languages: [en]
    stock: avery-5371
    start: 9
""")
    code, out, _ = _run(capsys, "batch", path, "--jobs", "1")
    assert code == 0 and "files: 2 written" in out
    assert sorted(p.name for p in (tmp_path / "out/cards").iterdir()) == [
        "naltrexone-card.en.avery-5371.long.from9.pdf", "naltrexone-card.en.avery-5371.long.pdf"]
    fronts = page_texts(tmp_path / "out/print/cards.avery-5371.long.pdf")[0::2]
    title = "I take naltrexone"
    assert [fold(t).count(title) for t in fronts] == [10, 2]  # a full sheet, then positions 9 and 10


def test_m7_a_second_entry_for_the_same_file_with_other_content_is_refused():
    plan = batch.Plan(Path("m.yaml"), Path("out"), None)
    c = Collector()
    first = batch.Job("sheet", "naltrexone-card", "en", "cards/x.pdf", stock="avery-5371")
    assert plan.add(c, first, Where("m.yaml", 3, "cards[0]"))
    assert not plan.add(c, first, Where("m.yaml", 5, "cards[1]"))  # the very same document: made once
    assert not c.errors
    assert not plan.add(c, batch.Job("sheet", "naltrexone-card", "en", "cards/x.pdf", stock="avery-5371", start=9),
                        Where("m.yaml", 7, "cards[2]"))
    assert [str(e) for e in c.errors] == [
        "m.yaml:7: cards[2]: would write cards/x.pdf like cards[0] (line 3) but with other content; change one of them"]
    assert len(plan.jobs) == 1


# --- M8 -------------------------------------------------------------------------------------------

def test_m8_a_second_run_on_the_same_folder_is_refused_with_a_clear_message(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(outputs, "LOCK_WAIT_S", 0)
    path = _manifest(tmp_path, ONE_HANDOUT)
    (tmp_path / "out").mkdir()
    with open(tmp_path / "out" / outputs.LOCK_FILE, "w") as held:  # another run holds the lock
        fcntl.flock(held, fcntl.LOCK_EX)
        code, _, err = _run(capsys, "batch", path, "--jobs", "1")
    assert code == 1
    assert err.strip().splitlines()[-1] == (
        f"another careprint run is writing to {tmp_path / 'out'} (it holds {tmp_path / 'out' / outputs.LOCK_FILE}); "
        "wait for it to finish, or choose another output folder")
    assert not (tmp_path / "out/print").exists()
    assert _run(capsys, "batch", path, "--jobs", "1")[0] == 0  # released: the next run goes ahead


def test_m8_cleanup_removes_only_our_own_temporary_files(tmp_path, capsys):
    path = _manifest(tmp_path, ONE_HANDOUT.replace("out: out", "out: ."))
    (tmp_path / "notes/deep").mkdir(parents=True)
    theirs = [tmp_path / "notes/deep/.thesis.part", tmp_path / ".report.docx.part",
              tmp_path / "handouts/.draft.part"]
    (tmp_path / "handouts").mkdir()
    for p in theirs:
        p.write_text("the user's", encoding="utf-8")
    ours = tmp_path / "handouts/.overdose-risk.en.letter.pdf.k3j_x9q2.part"  # left by a killed run
    ours.write_bytes(b"%PDF-")
    assert _run(capsys, "batch", path, "--jobs", "1")[0] == 0
    assert not ours.exists()
    assert all(p.read_text(encoding="utf-8") == "the user's" for p in theirs)


# --- M16 ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("state", ["[]", '"x"', '{"handouts/overdose-risk.en.letter.pdf": 3}', "{"])
def test_m16_a_state_file_of_the_wrong_shape_means_rebuild(state, tmp_path, capsys):
    path = _manifest(tmp_path, ONE_HANDOUT)
    assert _run(capsys, "batch", path, "--jobs", "1")[0] == 0
    (tmp_path / "out" / batch.STATE_FILE).write_text(state, encoding="utf-8")
    code, out, err = _run(capsys, "batch", path, "--jobs", "1")
    assert code == 0, err
    assert "files: 1 written, 0 up to date, 0 failed" in out
    assert isinstance(json.loads((tmp_path / "out" / batch.STATE_FILE).read_text(encoding="utf-8")), dict)


def test_m16_a_state_file_that_is_a_folder_is_one_line(tmp_path, capsys):
    path = _manifest(tmp_path, ONE_HANDOUT)
    (tmp_path / "out" / batch.STATE_FILE).mkdir(parents=True)
    code, _, err = _run(capsys, "batch", path, "--jobs", "1")
    assert code == 1
    assert err.strip().splitlines()[-1] == (f"{tmp_path / 'out' / batch.STATE_FILE} is a folder; expected careprint's "
                                            "batch state file (remove the folder and run again)")


@pytest.mark.parametrize("damage", ["truncate", "not a pdf"])
def test_m16_a_damaged_part_is_rebuilt_not_called_up_to_date(damage, tmp_path, capsys):
    path = _manifest(tmp_path, ONE_HANDOUT)
    assert _run(capsys, "batch", path, "--jobs", "1")[0] == 0
    part = tmp_path / "out/handouts/overdose-risk.en.letter.pdf"
    part.write_bytes(part.read_bytes()[:500] if damage == "truncate" else b"not a pdf")
    code, out, _ = _run(capsys, "batch", path, "--jobs", "1")
    assert code == 0 and "files: 1 written, 0 up to date, 0 failed" in out
    assert page_texts(part)[0].startswith("Naltrexone and overdose risk")


def test_m16_a_truncated_print_file_is_made_again(tmp_path, capsys):
    path = _manifest(tmp_path, ONE_HANDOUT)
    assert _run(capsys, "batch", path, "--jobs", "1")[0] == 0
    merged = tmp_path / "out/print/handouts.letter.pdf"
    good = merged.read_bytes()
    merged.write_bytes(good[: len(good) // 2])
    code, out, err = _run(capsys, "batch", path, "--jobs", "1")
    assert code == 0, err
    assert merged.read_bytes() == good


# --- L5, L6 ---------------------------------------------------------------------------------------

def test_l5_personal_print_files_are_owner_only_and_handouts_are_not(tmp_path, capsys, monkeypatch):
    path = _personal(tmp_path, _patients(2), monkeypatch)
    path.write_text(path.read_text(encoding="utf-8") + ONE_HANDOUT.replace("out: out\n", ""), encoding="utf-8")
    assert _run(capsys, "batch", path, "--jobs", "1")[0] == 0
    assert (tmp_path / "out/print/personal.avery-5371.long.001.pdf").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "out/print/handouts.letter.pdf").stat().st_mode & 0o777 == 0o666 & ~build._UMASK


def test_l5_a_personal_print_file_is_owner_only_from_its_first_write(tmp_path, capsys, monkeypatch):
    modes = []
    real = build.write_atomic

    def spy(path, data, private=False):
        real(path, data, private)
        modes.append((Path(path).parent.name, path.stat().st_mode & 0o777))

    monkeypatch.setattr(build, "write_atomic", spy)
    assert _run(capsys, "batch", _personal(tmp_path, _patients(2), monkeypatch), "--jobs", "1")[0] == 0
    assert [m for m in modes if m[0] != "out"] == [("print", 0o600)]  # written once, by its job; no part first


def test_l6_never_more_workers_than_jobs(tmp_path, capsys, monkeypatch):
    started = []

    class Pool(batchrun.ProcessPoolExecutor):
        def __init__(self, max_workers=None, **kwargs):
            started.append(max_workers)
            super().__init__(max_workers=max_workers, **kwargs)

    monkeypatch.setattr(batchrun, "ProcessPoolExecutor", Pool)
    path = _manifest(tmp_path, ONE_HANDOUT.replace("[en]", "[en, es]"))
    code, out, _ = _run(capsys, "batch", path, "--jobs", "64")
    assert code == 0 and started == [2]
    assert ", 2 processes)" in out
    assert batchrun.workers(64, 2) == 2 and batchrun.workers(1, 50) == 1 and batchrun.workers(8, 0) == 1
    monkeypatch.setattr(os, "cpu_count", lambda: 16)  # the default: this machine's cores, but no more than the jobs
    assert _run(capsys, "batch", path, "--force")[0] == 0 and started == [2, 2]


def test_l6_jobs_must_be_a_positive_number(tmp_path, capsys):
    code, _, err = _run(capsys, "batch", _manifest(tmp_path, ONE_HANDOUT), "--jobs", "0")
    assert code == 2 and "expected a whole number from 1 to 256, found '0'" in err
