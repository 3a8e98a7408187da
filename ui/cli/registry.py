"""The registry's own `trialdesk` commands: import, export, patients, show, archive, demo."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from coordinator.records.derived import derived_values
from coordinator.records.record_io import dump_records
from coordinator.screening.workflow import Permission
from db.importer import import_records
from db.location import demo_registry_path
from db.patients import PatientRepository
from db.registry import DEMO, Registry, RegistryKindError
from coordinator.reports.common import write_text_atomically
from ui.cli.common import acting, counted, registry, registry_session
from ui.cli.contracts import echo_json, patient_json, patients_json
from ui.cli.root import WindowWanted
from ui.cli.options import include_archived_option, json_option
from ui.cli.exit_codes import REJECTED


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--update", is_flag=True, help="Replace patients already in the registry (changes are audited).")
@click.pass_context
def import_(ctx: click.Context, files: tuple[Path, ...], update: bool) -> None:
    """Import patient record files. Each file is checked whole, then written in one
    transaction; a file with any problem is rejected whole and every problem is listed."""
    actor = acting(ctx, Permission.EDIT_PATIENTS)
    rejected = 0
    for path in files:
        outcome = import_records(registry(ctx), path.read_bytes(), path.name, actor.name, update=update)
        if outcome.accepted:
            click.echo(f"{path.name}: imported {counted(outcome.imported, 'patient')}")
            continue
        rejected += 1
        count = len(outcome.problems)
        click.echo(f"{path.name}: rejected, nothing imported ({counted(count, 'problem')}):", err=True)
        for problem in outcome.problems:
            click.echo(f"  {problem}", err=True)
    if rejected:
        sys.exit(REJECTED)


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
