"""The trials in use: the ones shipped in resources/trials/ and a site's own, in the site trials
folder beside the registry (no code, no reinstalling). A site file whose id is a shipped trial's
replaces it: an amendment the site installs itself. A site file with a problem is refused and
reported by file; it never stops the other trials from loading.

The folder is the process's: the registry opened sets it (coordinator.screening.site_trials);
until then only the shipped trials are in use.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from coordinator.bilingual import texts_of
from coordinator.phrase import Phrase
from coordinator.records.trial_ids import checked_trial_id, file_stem
from coordinator.resource_files import resource
from coordinator.screening.site_trials import site_trials_folder
from coordinator.screening.trial import Trial, TrialFileError, parse_trial

SHIPPED = "shipped"
TRIAL_SUFFIXES = (".yaml", ".yml")
MOST_BYTES = 2_000_000  # a trial file is a few tens of kB; anything this large is not one


@dataclass(frozen=True)
class TrialLibrary:
    trials: dict[str, Trial]                      # by registry id, in id order
    origins: dict[str, str] = field(default_factory=dict)   # id -> SHIPPED or the site file's path
    refused: tuple[str, ...] = ()                 # each problem of a site file not used, naming the file
    replaced: dict[str, str] = field(default_factory=dict)  # id -> shipped protocol version a site file replaces


def read_trial_file(path: Path, name: str | None = None) -> Trial:
    """One trial file, checked as a whole: readable UTF-8 YAML, a valid definition, named after
    its registry id. TrialFileError with every problem, one per line, each naming the file."""
    name = name or path.name
    try:
        if path.stat().st_size > MOST_BYTES:
            raise TrialFileError(f"{name}: {path.stat().st_size:,} bytes is too large for a trial file")
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise TrialFileError(f"{name}: not UTF-8 text (byte {error.start + 1}); save it as UTF-8") from None
    except OSError as error:
        raise TrialFileError(f"{name}: cannot be read: {error.strerror or error}") from None
    trial = parse_trial(text, name)
    stem = Path(name).stem
    expected = file_stem(trial.trial_id)
    if stem != expected:
        raise TrialFileError(f"{name}: trial_id: the file of {trial.trial_id} must be named {expected}.yaml")
    return trial


@cache
def shipped_trials() -> dict[str, Trial]:
    """Every trial shipped in resources/trials/; a problem there is the release's, so it raises."""
    trials = {}
    for entry in sorted(resource("trials").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(TRIAL_SUFFIXES):
            trial = parse_trial(entry.read_text(encoding="utf-8"), entry.name)
            trials[trial.trial_id] = trial
    return trials


def site_files(folder: Path | None) -> list[Path]:
    if folder is None or not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in TRIAL_SUFFIXES and p.is_file()
                  and not p.name.startswith("."))


def read_library(folder: Path | None) -> TrialLibrary:
    """The shipped trials with the site folder's over them; the folder's bad files refused."""
    trials, origins = dict(shipped_trials()), dict.fromkeys(shipped_trials(), SHIPPED)
    refused: list[str] = []
    replaced: dict[str, str] = {}
    for path in site_files(folder):
        try:
            trial = read_trial_file(path)
        except TrialFileError as error:
            refused += str(error).splitlines()
            continue
        if origins.get(trial.trial_id, SHIPPED) != SHIPPED:
            refused.append(f"{path.name}: trial_id: {trial.trial_id} is already defined by "
                           f"{Path(origins[trial.trial_id]).name}")
            continue
        if trial.trial_id in trials:
            replaced[trial.trial_id] = trials[trial.trial_id].protocol_version
        trials[trial.trial_id], origins[trial.trial_id] = trial, str(path)
    order = sorted(trials, key=str.casefold)
    return TrialLibrary({i: trials[i] for i in order}, {i: origins[i] for i in order}, tuple(refused), replaced)


def check_files(paths: Iterable[Path], library: TrialLibrary) -> list[tuple[Path, Trial | None, list[str]]]:
    """Each file as `trials check` reports it: its trial and no problems, or its problems. A file
    is also checked against the trials in use: a second file for one id is a problem; a file
    replacing a shipped trial is not (it is how a site installs an amendment)."""
    checked: list[tuple[Path, Trial | None, list[str]]] = []
    for path in paths:
        try:
            trial = read_trial_file(path)
        except TrialFileError as error:
            checked.append((path, None, str(error).splitlines()))
            continue
        problems = []
        origin = library.origins.get(trial.trial_id)
        if origin not in (None, SHIPPED) and Path(origin).resolve() != path.resolve():
            problems.append(f"{path.name}: trial_id: {trial.trial_id} is already defined by {origin}")
        checked.append((path, trial, problems))
    return checked


def file_notes(trial: Trial) -> list[Phrase]:
    """What a checked file lacks without it being a problem: Chinese for some texts (the Chinese
    window and PDFs show their English), a demo section (the demo leaves the trial out)."""
    notes = []
    english_only = [where for where, text in texts_of(trial) if text.zh is None]
    if english_only:
        notes.append(Phrase("{count} texts have no Chinese ({{en, zh}}), the first {first}; the Chinese window and "
                            "PDFs show their English", count=len(english_only), first=english_only[0]))
    if trial.demo is None:
        notes.append(Phrase("no demo section: `trialdesk demo` makes no patients for this trial"))
    return notes


# -- the process's library -----------------------------------------------------------------------
@cache
def _library_of(folder: Path | None, files: tuple) -> TrialLibrary:
    return read_library(folder)


def _signature(folder: Path | None) -> tuple:
    """The folder's trial files as (name, size, modified): a file added, changed or removed (by
    this workstation or another) is read at the next look."""
    found = []
    for path in site_files(folder):
        try:
            stat = path.stat()
        except OSError:
            continue
        found.append((path.name, stat.st_size, stat.st_mtime_ns))
    return tuple(found)


def library() -> TrialLibrary:
    """The trials in use with the site folder the opened registry chose (coordinator.screening.site_trials)."""
    folder = site_trials_folder()
    return _library_of(folder, _signature(folder))


def reload_trials() -> TrialLibrary:
    """Read the site folder again (a file rewritten within the clock's resolution looks unchanged)."""
    _library_of.cache_clear()
    return library()


def load_trials() -> dict[str, Trial]:
    """Every trial in use, by registry id."""
    return library().trials


def find_trial(typed: str) -> Trial | None:
    """A trial in use by its id or by another registry's id for it, in any case."""
    try:
        wanted = checked_trial_id(typed)
    except ValueError:
        return None
    trials = load_trials()
    return trials.get(wanted) or next((t for t in trials.values() if wanted in t.other_ids), None)
