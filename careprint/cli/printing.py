"""Commands that print: build (handouts and cards), card (one at the counter), calibrate, list, check, site."""

from __future__ import annotations

import argparse
import sys
import time

from careprint import build, outputs
from careprint.cli.common import (
    _plural,
    _project_and_clinic,
    _removed_stale,
    translation_gate,
)
from careprint.content.project import Project
from careprint.errors import BuildError, CareprintError, ContentWarning, ErrorList, UsageError
from careprint.render import card


def cmd_build(args: argparse.Namespace) -> int:
    """Build the selected handouts and say what was written."""
    if args.out.exists() and not args.out.is_dir():
        raise BuildError(f"-o {args.out} is a file; expected an output folder")
    project, clinic = _project_and_clinic(args)
    jobs = build.handout_jobs(project, clinic, args.handout, args.lang, args.paper)
    start = time.perf_counter()
    failed: list[CareprintError] = []
    written = 0
    builders = [(job, build.build_handout) for job in jobs]
    cards = [h for h in args.handout or project.handout_ids if project.structure(h)["kind"] == "card"]
    if cards:  # cards are part of the default set, or named with --handout
        named = cards if args.handout else None  # --lang alone builds the documents a partial language has
        builders += [(job, build.build_card) for job in build.card_jobs(project, clinic, args.lang, named)]
    for lang in [] if args.handout else args.lang or []:  # a partial language: say what it does not have
        if absent := [h for h in project.handout_ids if lang not in project.languages(h)]:
            print(f"note: {lang} has no text for {', '.join(absent)} (a partial language): not built", file=sys.stderr)
    warned: set[str] = set()
    for job, builder in builders:
        try:
            translation_gate(project, job.handout, job.lang, args.strict, args.reviewed_only, warned)
            result = builder(project, clinic, job, args.out)
        except CareprintError as exc:  # report it, build the rest, exit 1 at the end
            noted = _removed_stale(exc, args.out / job.filename)
            failed.extend(getattr(noted, "errors", [noted]))
            continue
        written += 1
        print(f"wrote {result.path}  ({_plural(result.pages, 'page')}, {result.size_bytes / 1024:.0f} KiB)")
    paper = jobs[0].paper if jobs else args.paper or clinic.paper
    print(f"{_plural(written, 'PDF')} in {time.perf_counter() - start:.1f} s "
          f"({clinic.country_name}: {paper}, emergency number {clinic.emergency_number})")
    if not args.handout:  # the whole set: the pages its QR codes open, beside the PDFs (issue 13)
        try:
            _write_site(project, clinic, args, args.out / "site")
        except CareprintError as exc:  # the pages of documents that failed above: already reported
            seen = {str(e) for e in failed}
            failed.extend(e for e in getattr(exc, "errors", [exc]) if str(e) not in seen)
    if failed:
        print(f"{_plural(len(builders) - written, 'file')} not written because of the errors below.", file=sys.stderr)
        raise ErrorList(failed) if len(failed) > 1 else failed[0]
    return 0


def cmd_card(args: argparse.Namespace) -> int:
    """Write one personalised card; personal values go into the page only."""
    job = build.CardJob(args.card, args.lang, args.stock, args.duplex, args.position)
    try:
        project, clinic = _project_and_clinic(args)
        project.require(args.card, args.lang)
        translation_gate(project, args.card, args.lang, args.strict, args.reviewed_only)
        personal = card.Personal(args.name, args.form, args.last_dose, args.phone, args.contact, args.next_due)
        result = build.build_card(project, clinic, job, args.out, personal=personal, printer=args.printer,
                                  guides=args.guides, bleed_mm=args.bleed)
    except CareprintError as exc:  # never leave the previous patient's card at this path (M6)
        noted = _removed_stale(exc, build.card_path(args.out, job))
        if noted is exc:
            raise
        raise noted from exc
    except BaseException:
        outputs.remove_stale(build.card_path(args.out, job))
        raise
    where = f"position {args.position} of {args.stock}" if args.stock else "front and back, true size"
    print(f"wrote {result.path} ({where}); print at 100 % / Actual size")
    return 0

def cmd_calibrate(args: argparse.Namespace) -> int:
    """Write a calibration sheet for a stock."""
    project = Project(args.root)
    path = build.build_calibration(project, args.stock, args.lang, args.duplex, args.out)
    print(f"wrote {path}; print at 100 % / Actual size on plain paper, then follow the steps on the page")
    return 0

def cmd_list(args: argparse.Namespace) -> int:
    """Print the handouts, locales and papers."""
    project = Project(args.root)
    clinic = project.clinic(args.clinic)
    print(f"content: {project.root} ({'from --root' if project.root_source == '--root' else project.root_source})")
    print(f"clinic: {clinic.name or '(no name)'} ({clinic.country_name}: {clinic.paper}, "
          f"emergency number {clinic.emergency_number}, QR codes to {clinic.base_url})")
    print("handouts:")
    for h in project.handout_ids:
        s = project.structure(h)
        print(f"  {h:24} {s['kind']:8} v{s['version']}  languages: {', '.join(project.languages(h))}")
    print("locales:")
    for code in project.locale_codes:
        loc = project.locale(code)
        print(f"  {code:8} {loc.name} ({loc.native_name}), {loc.direction}")
    print("stocks:")
    for stock_id in build.stock_ids(project.root):
        st = build.stock(project.root, stock_id)
        print(f"  {stock_id:18} {st.paper:6} {st.columns}×{st.rows}  {st.name}")
    print("papers:")
    for name, (w, h) in build.handout_layout(project.root).papers.items():
        print(f"  {name:8} {w * 25.4 / 72:.1f} × {h * 25.4 / 72:.1f} mm")
    return 0

def cmd_check(args: argparse.Namespace) -> int:
    """Validate everything and list every problem (content only: clinic settings are build's to refuse)."""
    project, clinic = _project_and_clinic(args, deployment=False)
    for lang in args.lang or ():
        project.require(lang=lang)
    from careprint.translate import budgets, checks  # here: other commands start faster without them

    problems = checks.run(project, clinic, tuple(args.lang) if args.lang else None, render=not args.no_render)
    for problem in problems:
        print(str(problem), file=sys.stderr)
    if args.room and not args.no_render:  # info, not problems: on stdout, never counted
        for line in budgets.room_report(project, clinic, tuple(args.lang) if args.lang else None):
            print(line)
    warnings = sum(isinstance(p, ContentWarning) for p in problems)
    errors = len(problems) - warnings
    if errors or (warnings and args.strict):
        strict = " (--strict: warnings count as errors)" if warnings and args.strict else ""
        print(f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}{strict}.", file=sys.stderr)
        return 1
    note = f", {_plural(warnings, 'warning')}" if warnings else ", no problems"
    print(f"ok: {len(project.handout_ids)} handouts, {len(project.locale_codes)} locales{note}")
    return 0


def cmd_site(args: argparse.Namespace) -> int:
    """Write the companion site: every page a printed QR code opens, in every language."""
    project, clinic = _project_and_clinic(args)
    for lang in args.lang or []:
        project.require(lang=lang)
    _write_site(project, clinic, args, args.out)
    return 0


def _write_site(project: Project, clinic, args: argparse.Namespace, out) -> None:
    """Write the site for the languages asked for (all by default), honouring --reviewed-only."""
    from careprint.web import site  # only the commands that write the site need the web code

    start = time.perf_counter()
    pages, errors = site.plan(project, clinic, args.lang, _site_gate(project, args))
    result = site.write(project, clinic, out, pages)
    print(f"wrote the companion site: {_plural(len(result.pages), 'page')} ({_plural(len(result.files), 'file')}) "
          f"into {result.root} in {time.perf_counter() - start:.1f} s; publish the folder at {clinic.base_url}/")
    if errors:  # the same problems build reports; each leaves its page out
        print(f"{_plural(len(errors), 'page')} left out of the site because of errors", file=sys.stderr)
        raise ErrorList(errors) if len(errors) > 1 else errors[0]


def _site_gate(project: Project, args: argparse.Namespace):
    """Return which (handout, language) pages the site shows: all, or with --reviewed-only the reviewed ones."""
    if not args.reviewed_only:
        return None

    def allowed(handout_id: str, lang: str) -> bool:
        try:
            translation_gate(project, handout_id, lang, False, True, set())
        except UsageError:
            return False
        return True
    return allowed
