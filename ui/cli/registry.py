"""The registry's own `trialdesk` commands: import, export, patients, show, archive, demo."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from coordinator.records.derived import derived_values
from coordinator.records.record_io import dump_records
from coordinator.screening.workflow import Permission
from db.location import demo_registry_path
from db.patients import PatientRepository
from db.registry import DEMO, Registry, RegistryKindError
from coordinator.reports.common import write_text_atomically
from ui.cli.common import acting, counted, registry, registry_session
from ui.cli.contracts import echo_json, patient_json, patients_json
from ui.cli.root import WindowWanted
from ui.cli.options import include_archived_option, json_option
from ui.cli.exit_codes import REJECTED


FORMATS = ("record", "csv", "xlsx", "hl7", "fhir")


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "kind", type=click.Choice(FORMATS), help="Read the files as this (default: told from the "
              "content; xlsx also reads .xls).")
@click.option("--mapping", "mapping_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A site mapping file (YAML) for the hospital's local test names and codes, instead of the "
                   "one kept in the registry.")
@click.option("--source", metavar="NAME", help="Which of the site's mappings to use (default: lis for CSV and "
              "Excel, hl7, fhir). `trialdesk mapping` shows and sets them.")
@click.option("--encoding", metavar="NAME", help="The text encoding of CSV or HL7 files (default: told from the "
              "bytes: UTF-8, GBK/GB18030, UTF-16).")
@click.option("--dry-run", is_flag=True, help="Check everything and say what would be imported; write nothing.")
@click.option("--update", is_flag=True, help="Record files: replace patients already in the registry (audited).")
@click.option("--create-patients", is_flag=True, help="FHIR: create the patients of Patient resources that are "
              "not in the registry yet.")
@json_option("Per file: imported, duplicates skipped, not needed, skipped at the source, unmapped, problems.")
@click.pass_context
def import_(ctx: click.Context, files: tuple[Path, ...], kind: str | None, mapping_file: Path | None,
            source: str | None, encoding: str | None, dry_run: bool, update: bool, create_patients: bool,
            as_json: bool) -> None:
    """Import patient record files and the hospital's data: LIS exports (CSV in UTF-8 or GBK,
    Excel), HL7 v2 ORU^R01 messages and FHIR R4 Bundles. Each file is checked whole, then written
    in one transaction; a file with any problem or unmapped test is rejected whole and every
    problem is listed by file, row and field."""
    from coordinator.intake.formats import SourceFormat
    from coordinator.intake.site_mapping import parse_site_mapping
    from db.file_import import import_file

    actor = acting(ctx, Permission.EDIT_PATIENTS)
    site = None
    if mapping_file is not None:
        site, problems = parse_site_mapping(mapping_file.read_text(encoding="utf-8-sig"), mapping_file.name)
        if problems:
            for problem in problems:
                click.echo(f"  {problem}", err=True)
            raise click.ClickException(f"{mapping_file.name}: the mapping file has problems; nothing imported")
    outcomes = [import_file(registry(ctx), path, actor.name, kind=SourceFormat(kind) if kind else None, site=site,
                            source=source, encoding=encoding, dry_run=dry_run, update=update,
                            create_patients=create_patients) for path in files]
    if as_json:
        echo_json({"files": [outcome.as_json() for outcome in outcomes]})
    else:
        for outcome in outcomes:
            _report(outcome)
    if any(not outcome.accepted for outcome in outcomes):
        sys.exit(REJECTED)


def _report(outcome) -> None:
    noun = "patient" if outcome.counted == "patients" else "item"
    if outcome.accepted:
        verb = "would import" if outcome.dry_run else "imported"
        extras = [f"{counted(outcome.duplicates, 'duplicate')} skipped" if outcome.duplicates else "",
                  f"{counted(sum(outcome.not_needed.values()), 'row')} not needed by any trial"
                  if outcome.not_needed else "",
                  f"{counted(len(outcome.skipped), 'row')} withdrawn or not final at the source"
                  if outcome.skipped else "",
                  f"created {counted(len(outcome.created_patients), 'patient')}" if outcome.created_patients else ""]
        shown = "; ".join(extra for extra in extras if extra)
        click.echo(f"{outcome.source}: {verb} {counted(outcome.imported, noun)}" + (f" ({shown})" if shown else ""))
        for problem in outcome.skipped:
            click.echo(f"  skipped: {problem}")
        if outcome.not_needed:
            click.echo("  not needed: " + ", ".join(f"{name} ({rows})" for name, rows in
                                                   sorted(outcome.not_needed.items())))
        return
    count = len(outcome.problems)
    click.echo(f"{outcome.source}: rejected, nothing imported ({counted(count, 'problem')}):", err=True)
    if outcome.unmapped:
        click.echo("  unmapped (add them to the site mapping): " + ", ".join(
            f"{name} ({rows})" for name, rows in sorted(outcome.unmapped.items())), err=True)
    for problem in outcome.problems:
        click.echo(f"  {problem}", err=True)


@click.group()
def mapping() -> None:
    """The site's mappings of its data sources: local test names and codes, units, column
    headings, drug and condition names. Kept in the registry; each change is audited."""


@mapping.command("show")
@click.argument("source", default="lis")
@click.pass_context
def mapping_show(ctx: click.Context, source: str) -> None:
    """Print a source's mapping as YAML (edit it, then `trialdesk mapping set`)."""
    from db.source_mappings import SourceMappings

    with registry_session(ctx, permission=Permission.READ) as session:
        mappings = SourceMappings(session, acting(ctx).name)
        click.echo(mappings.get(source).to_yaml(), nl=False)
        others = [name for name in mappings.sources() if name != source]
    if others:
        click.echo(f"other sources: {', '.join(others)}", err=True)


@mapping.command("set")
@click.argument("source")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--reason", help="Why (audited).")
@click.pass_context
def mapping_set(ctx: click.Context, source: str, file: Path, reason: str | None) -> None:
    """Check a mapping file and keep it as the site's mapping for SOURCE."""
    from dataclasses import replace

    from coordinator.intake.site_mapping import parse_site_mapping
    from db.source_mappings import SourceMappings

    found, problems = parse_site_mapping(file.read_text(encoding="utf-8-sig"), file.name)
    if problems:
        for problem in problems:
            click.echo(f"  {problem}", err=True)
        click.echo(f"{file.name}: not saved ({counted(len(problems), 'problem')})", err=True)
        sys.exit(REJECTED)
    with registry_session(ctx, write=True, permission=Permission.EDIT_PATIENTS) as session:
        changed = SourceMappings(session, acting(ctx).name).save(replace(found, source=source), reason=reason)
    click.echo(f"site mapping '{source}': {'saved' if changed else 'unchanged'}")


@click.command()
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: standard output).")
@click.option("--patient", "refs", multiple=True, metavar="REF", help="Only these patients (repeatable).")
@click.option("--include-archived", is_flag=True, help="Also export archived patients.")
@click.pass_context
def export(ctx: click.Context, out: Path | None, refs: tuple[str, ...], include_archived: bool) -> None:
    """Export patients in the JSON record format."""
    with registry_session(ctx, permission=Permission.READ) as session:
        repository = PatientRepository(session, acting(ctx).name)
        patients = ([repository.require(ref) for ref in refs] if refs
                    else repository.load_all(include_archived=include_archived))
    text = dump_records(patients)
    if out is None:
        click.echo(text, nl=False)
    else:
        write_text_atomically(out, text)
        click.echo(f"exported {counted(len(patients), 'patient')} to {out}", err=True)


@click.command()
@click.argument("search", required=False, default="")
@click.option("--limit", default=50, show_default=True, help="At most this many rows.")
@include_archived_option()
@json_option()
@click.pass_context
def patients(ctx: click.Context, search: str, limit: int, include_archived: bool, as_json: bool) -> None:
    """List patients, or find them by registry/record number, initials, name or pinyin prefix."""
    with registry_session(ctx, permission=Permission.READ) as session:
        repository = PatientRepository(session, acting(ctx).name)
        found = repository.search(search, limit=limit, include_archived=include_archived)
        total = repository.count(search, include_archived=include_archived)
    if as_json:
        echo_json(patients_json(total, found))
        return
    for p in found:
        click.echo(f"{p.registry_no:<12} {p.initials:<6} {p.sex}  {p.birth_date}  {p.record_no or '-':<12} {p.name}")
    click.echo(f"{len(found)} of {total} shown", err=True)


@click.command()
@click.argument("ref")
@json_option("The patient in the record format, plus derived values.")
@click.pass_context
def show(ctx: click.Context, ref: str, as_json: bool) -> None:
    """Show one patient (REF: registry or hospital record number) with derived values."""
    with registry_session(ctx, permission=Permission.READ) as session:
        patient = PatientRepository(session, acting(ctx).name).require(ref)
    derived = derived_values(patient)
    if as_json:
        echo_json(patient_json(patient, derived))
        return
    click.echo(f"{patient.registry_no}  {patient.name} ({patient.initials}), {patient.sex}, born {patient.birth_date}")
    for obs in sorted(patient.observations, key=lambda o: (o.date, o.code)):
        shown = f"{obs.value:g} {obs.unit or ''}".strip() if obs.value is not None else obs.text
        limit = f" (ULN {obs.uln:g})" if obs.uln is not None else ""
        click.echo(f"  {obs.date}  {obs.code:<32} {shown}{limit}")
    for value in derived:
        click.echo(f"  {value.date}  {value.code:<32} {value.value:g} {value.unit}  [derived: {value.describe()}]")


@click.command()
@click.argument("ref")
@click.option("--reason", required=True, help="Why the patient leaves the working registry (audited).")
@click.pass_context
def archive(ctx: click.Context, ref: str, reason: str) -> None:
    """Archive a patient: hidden from lists, kept in the registry and the audit trail."""
    with registry_session(ctx, write=True, permission=Permission.EDIT_PATIENTS) as session:
        PatientRepository(session, acting(ctx).name).archive(ref, reason=reason)
    click.echo(f"archived {ref}")


@click.command()
@click.option("--patients", "count", default=60, show_default=True, type=click.IntRange(1, 200_000),
              help="How many synthetic patients.")
@click.option("--seed", default=2026, show_default=True, help="Same seed, same patients.")
@click.option("--reset", is_flag=True, help="Start the demo registry afresh.")
@click.option("--open", "open_window", is_flag=True, help="Open the application on the demo registry.")
@click.pass_context
def demo(ctx: click.Context, count: int, seed: int, reset: bool, open_window: bool) -> None:
    """Create a separate demo registry of synthetic patients covering each trial. It is never
    mixed into a real registry (--db may only name a demo registry)."""
    from coordinator.records.demo import demo_patients

    location = ctx.obj["db"] or str(demo_registry_path())
    if reset and "://" not in location:
        for suffix in ("", "-wal", "-shm"):
            Path(location + suffix).unlink(missing_ok=True)
    try:
        demo_registry = Registry.open(location, kind=DEMO)
    except RegistryKindError as error:
        raise click.ClickException(f"{error}; demo patients go only into a demo registry") from error
    with demo_registry.writing() as session:
        repository = PatientRepository(session, "demo")
        candidates = demo_patients(count, seed)
        present = set(repository.existing([p.registry_no for p in candidates]))
        patients = [p for p in candidates if p.registry_no not in present]
        repository.add(patients, reason="synthetic demo data")
    demo_registry.close()
    click.echo(f"demo registry: {location} (+{len(patients)} synthetic patients)")
    click.echo(f"open it with: trialdesk --db {location}")
    if open_window:
        raise WindowWanted(location, DEMO)
