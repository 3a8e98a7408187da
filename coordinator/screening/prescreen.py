"""Pre-screening: many patients against many trials on one date, verdicts only.

Each trial is compiled once into a verdict-only function (`eligibility.verdict_only`: the
verdict, failed and open criteria of `evaluate`, without the evidence), and each patient's
facts are built once and shared by every trial.

With several workers, chunks of patients are screened at the same time in child processes
forked from this one. A forked child sees the patients already in memory, so nothing is sent to
it; sending a patient to a pool worker instead would mean pickling it, which costs more than
screening it (about 2 ms against 0.3 ms for a patient with two years of follow-up). Only the
verdicts come back. (A child still copies each memory page it writes to, reference counts
included: for such a patient that is nearly as much work again, so two workers gain less than
twice.)
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import traceback
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Sized
from itertools import chain, islice
from multiprocessing.connection import Connection
from typing import NamedTuple

from coordinator.screening.eligibility import (DATA, QUESTION, READINGS, OpenItems, ReadingChoice, Verdict, VerdictFn,
    open_items, verdict_only)
from coordinator.screening.facts import PatientFacts
from coordinator.records.record import Patient
from coordinator.screening.trial import Trial

CHUNK = 250
"""Patients per worker process at least. Starting one costs this process 10-100 ms (more the
more memory it holds), so a list already in memory goes in larger chunks, four per worker;
patients read as they come (a registry's) go 250 at a time, so that few are held at once."""
CHUNKS_PER_WORKER = 4

_CAN_FORK = "fork" in multiprocessing.get_all_start_methods()
_VERDICTS = tuple(Verdict)  # sent between processes by position


class PrescreenResult(NamedTuple):
    """A named tuple, as the engine's other results: a pre-screen makes one per patient x trial."""

    patient_ref: str
    initials: str
    trial_id: str
    verdict: Verdict
    failed: tuple[str, ...]
    open: tuple[str, ...]
    open_by_kind: OpenItems | None = None  # when asked for (classify=True): what the open criteria ask


ClassifyFn = Callable[[PatientFacts, dt.date, tuple[str, ...]], OpenItems]
Screens = list[tuple[str, VerdictFn, ClassifyFn | None]]


def worklist_rank(result: PrescreenResult) -> tuple[int, int]:
    """The coordinator's order of candidates: the eligible; then those whose open criteria are
    only questions for people (consent, judgement), fewest first; then those missing data, fewest
    to obtain first; then those with readings to choose; the ineligible last."""
    if result.verdict is Verdict.ELIGIBLE:
        return (0, 0)
    if result.verdict is Verdict.INELIGIBLE or result.open_by_kind is None:
        return (4, 0)
    kinds = result.open_by_kind
    if kinds.data:
        return (2, len(kinds.to_obtain) or len(kinds.data))
    if kinds.readings:
        return (3, len(kinds.readings) + len(kinds.question))
    return (1, len(kinds.question))


def next_step(result: PrescreenResult) -> str | None:
    """What the coordinator does next for the candidate: ask a person, obtain data, or have the
    investigator choose a reading (None: nothing open, or ineligible)."""
    kinds = result.open_by_kind
    if result.verdict is not Verdict.INCOMPLETE or kinds is None:
        return None
    return DATA if kinds.data else READINGS if kinds.readings else QUESTION


def available_cpus() -> int:
    """The CPUs this process may run on (fewer than the machine's under an affinity mask or a
    container's limit)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def single_threaded() -> bool:
    """Whether this process runs no other thread, not even one Python does not know of (Qt's):
    only then is forking it safe. Unknown (False) where /proc/self/task cannot tell."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


def prescreen(patients: Iterable[Patient], trials: Sequence[Trial], on: dt.date, workers: int | None = None,
              chunk: int | None = None, adopted: Mapping[str, dict[str, ReadingChoice]] | None = None,
              classify: bool = False) -> Iterator[PrescreenResult]:
    """Every patient against every trial, in the order the patients come, patient by patient
    (so a caller can report progress as it iterates).

    `workers` > 1 screens chunks of patients in that many processes at once (`chunk` patients
    each; default: see CHUNK), forked from this one: ask for them only from a process without
    other threads. The default is one per CPU in such a process (the command line) and one
    elsewhere (a window screening in a background thread). One worker, at most one chunk of
    patients, or a system without fork: the patients are screened here, one by one.
    `adopted`: the readings adopted at the site, by trial (see `eligibility.verdict_only`).
    `classify`: each incomplete result also says what its open criteria ask (`open_by_kind`),
    which evaluates the open criteria in full."""
    if workers is None:
        workers = available_cpus() if single_threaded() else 1
    if workers < 1 or (chunk is not None and chunk < 1):
        raise ValueError(f"workers and chunk must be at least 1, got workers={workers}, chunk={chunk}")
    if chunk is None:
        chunk = max(CHUNK, -(-len(patients) // (CHUNKS_PER_WORKER * workers))) if isinstance(patients, Sized) \
            else CHUNK
    screens = _screens(trials, adopted, classify)
    if workers == 1 or not _CAN_FORK:
        return _screen_here(patients, screens, on)
    return _screen_in_workers(iter(patients), screens, on, workers, chunk)


def prescreen_parts(parts: Sequence[Callable[[], Iterable[Patient]]], trials: Sequence[Trial], on: dt.date,
                    adopted: Mapping[str, dict[str, ReadingChoice]] | None = None,
                    classify: bool = False) -> Iterator[PrescreenResult]:
    """As `prescreen`, over the patients each of `parts` gives (e.g. a range of a registry, read
    through a connection of its own), each part read and screened in its own process forked from
    this one, all at once: reading a registry costs more than screening it, and so is done in
    parallel too. The results come in part order. Only from a process without other threads;
    one part, or a system without fork: here."""
    screens = _screens(trials, adopted, classify)
    if len(parts) == 1 or not _CAN_FORK:
        for part in parts:
            yield from _screen_here(part(), screens, on)
        return
    context = multiprocessing.get_context("fork")
    thaw = gc.get_freeze_count() == 0
    running: list[_Part] = []
    try:
        for part in parts:
            running.append(_Part(context, part, screens, on))
        for index, task in enumerate(running):
            # the parts after this one keep sending meanwhile: what they send is held here
            yield from task.results(running[index + 1:])
    finally:
        for task in running:
            task.stop()
        if thaw:
            gc.unfreeze()


def _screens(trials: Sequence[Trial], adopted: Mapping[str, dict[str, ReadingChoice]] | None,
             classify: bool) -> Screens:
    screens: Screens = []
    for trial in trials:
        readings = (adopted or {}).get(trial.trial_id, {})
        screens.append((trial.trial_id, verdict_only(trial, readings), open_items(trial, readings) if classify else None))
    return screens


PART_BATCH = 200  # patients' results a part's process sends at a time
PARALLEL_FROM = 1000
"""Patients from which reading and screening in parallel parts pays: below it, starting the
processes costs about as much as it saves."""


class _Part:
    """One part of the patients, read and screened in a forked child process that sends its
    results a batch at a time; those that arrive before they are wanted are held here."""

    def __init__(self, context, part: Callable[[], Iterable[Patient]], screens: Screens, on: dt.date):
        self.answers, self.process = _forked(context, _screen_part, part, screens, on)
        self.held: deque[list] = deque()
        self.finished = False

    def receive(self) -> None:
        """One message from the child: a batch, or the end (its error raised here)."""
        payload = _received(self.answers, self.process)
        if payload is None:
            self.finished = True
            self.answers.close()
            self.process.join()
        else:
            self.held.append(payload)

    def results(self, later: list[_Part]) -> Iterator[PrescreenResult]:
        while True:
            while self.held:
                for ref, initials, trial_id, verdict, failed, open_, kinds in self.held.popleft():
                    yield PrescreenResult(ref, initials, trial_id, _VERDICTS[verdict], failed, open_, kinds)
            if self.finished:
                return
            waiting: dict[object, _Part] = {self.answers: self, **{p.answers: p for p in later if not p.finished}}
            for ready in multiprocessing.connection.wait(list(waiting)):
                waiting[ready].receive()

    def stop(self) -> None:
        if not self.finished:
            self.process.terminate()
            self.process.join()
            self.answers.close()


def _screen_part(sending: Connection, part: Callable[[], Iterable[Patient]], screens: Screens,
                 on: dt.date) -> None:
    """In the child: read the part's patients, screen them, send the results in batches, then
    None (or the error)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        batch: list = []
        for count, patient in enumerate(part(), start=1):
            facts = PatientFacts(patient)
            ref, initials = patient.registry_no, patient.initials
            for trial_id, screen, classify in screens:
                verdict, failed, open_, kinds = _screened(screen, classify, facts, on)
                batch.append((ref, initials, trial_id, _VERDICTS.index(verdict), failed, open_, kinds))
            if count % PART_BATCH == 0:
                sending.send((True, batch))
                batch = []
        if batch:
            sending.send((True, batch))
        message: tuple = (True, None)
    except Exception as error:  # re-raised by the parent, with where it happened here
        error.add_note("in a pre-screen worker process:\n" + "".join(traceback.format_tb(error.__traceback__)))
        message = (False, error)
    _send_last(sending, message)


def _screen_here(patients: Iterable[Patient], screens: Screens, on: dt.date) -> Iterator[PrescreenResult]:
    for patient in patients:
        facts = PatientFacts(patient)
        ref, initials = patient.registry_no, patient.initials
        for trial_id, screen, classify in screens:
            yield PrescreenResult(ref, initials, trial_id, *_screened(screen, classify, facts, on))


def _screened(screen: VerdictFn, classify: ClassifyFn | None, facts: PatientFacts, on: dt.date):
    """(verdict, failed, open, open_by_kind): what the open criteria ask only when asked and incomplete."""
    verdict, failed, open_ = screen(facts, on)
    kinds = classify(facts, on, open_) if classify is not None and verdict is Verdict.INCOMPLETE else None
    return verdict, failed, open_, kinds


def _chunks(patients: Iterator[Patient], size: int) -> Iterator[list[Patient]]:
    while chunk := list(islice(patients, size)):
        yield chunk


def _screen_in_workers(patients: Iterator[Patient], screens: Screens, on: dt.date, workers: int,
                       size: int) -> Iterator[PrescreenResult]:
    chunks = _chunks(patients, size)
    first, second = next(chunks, []), next(chunks, None)
    if second is None:  # one chunk at most: not worth a process
        yield from _screen_here(first, screens, on)
        return
    context = multiprocessing.get_context("fork")
    chunks = chain([first, second], chunks)
    running: deque[_Task] = deque()
    # While a worker shares this process's pages, a full collection here would write to every
    # object and so copy every page: the objects that exist when a worker starts are frozen
    # (gc.freeze, before each start) and given back to the collector at the end, unless the
    # caller had frozen some itself.
    thaw = gc.get_freeze_count() == 0
    try:
        chunk = next(chunks)
        while chunk is not None or running:
            while chunk is not None and len(running) < workers:
                running.append(_Task(context, chunk, screens, on))
                chunk = next(chunks, None)  # the next chunk is read while the workers screen
            task = running[0]
            outcomes = task.outcomes()
            running.popleft()
            if chunk is not None:  # a worker starts on the next chunk before these results are handed over
                running.append(_Task(context, chunk, screens, on))
                chunk = next(chunks, None)
            yield from task.results(outcomes, screens)
    finally:  # stopped early (the caller broke off, or a worker failed): stop the others
        for task in running:
            task.stop()
        if thaw:
            gc.unfreeze()


def _forked(context, target: Callable, *args) -> tuple[Connection, multiprocessing.Process]:
    """A child process running `target(sending end, *args)`, and the receiving end of its pipe."""
    # Output still buffered here would be written again by the child when it exits.
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
    gc.freeze()
    answers, sending = context.Pipe(duplex=False)
    process = context.Process(target=target, args=(sending, *args), daemon=True)
    process.start()
    sending.close()
    return answers, process


def _received(answers: Connection, process: multiprocessing.Process):
    """The next message from a worker: what it sent, or its error (or its early end) raised here."""
    try:
        succeeded, payload = answers.recv()
    except EOFError:
        process.join()
        raise RuntimeError(f"a pre-screen worker process ended without an answer "
                           f"(exit code {process.exitcode})") from None
    if not succeeded:
        process.join()
        raise payload
    return payload


def _send_last(sending: Connection, message: tuple) -> None:
    """The child's last message: the end, or its error (as text when it cannot be pickled)."""
    try:
        sending.send(message)
    except Exception:
        error = message[1]
        sending.send((False, RuntimeError(f"{type(error).__name__}: {error}\n" + "".join(getattr(error, "__notes__", ())))))
    sending.close()


class _Task:
    """One chunk of patients screened in a forked child process."""

    def __init__(self, context, chunk: list[Patient], screens: Screens, on: dt.date):
        self.chunk = chunk
        self.answers, self.process = _forked(context, _screen_chunk, chunk, screens, on)

    def outcomes(self) -> list[tuple[int, tuple[str, ...], tuple[str, ...], OpenItems | None]]:
        """What the worker found, waiting for it; its error raised here."""
        try:
            return _received(self.answers, self.process)
        finally:
            self.answers.close()

    def results(self, outcomes: list, screens: Screens) -> Iterator[PrescreenResult]:
        found = iter(outcomes)
        try:
            for patient in self.chunk:
                ref, initials = patient.registry_no, patient.initials
                for trial_id, _, _ in screens:
                    verdict, failed, open_, kinds = next(found)
                    yield PrescreenResult(ref, initials, trial_id, _VERDICTS[verdict], failed, open_, kinds)
        finally:
            self.process.join()  # it has sent everything: only its exit to wait for, done meanwhile

    def stop(self) -> None:
        self.process.terminate()
        self.process.join()
        self.answers.close()


def _screen_chunk(sending: Connection, chunk: list[Patient], screens: Screens, on: dt.date) -> None:
    """In the child: screen the chunk and send back (verdict's position, failed, open) per
    patient x trial, or the error."""
    # (Everything inherited from the parent was frozen before the fork, and outlives this process.)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the workers
    try:
        outcomes = []
        for patient in chunk:
            facts = PatientFacts(patient)
            for _, screen, classify in screens:
                verdict, failed, open_, kinds = _screened(screen, classify, facts, on)
                outcomes.append((_VERDICTS.index(verdict), failed, open_, kinds))
        message = (True, outcomes)
    except Exception as error:  # re-raised by the parent, with where it happened here
        error.add_note("in a pre-screen worker process:\n" + "".join(traceback.format_tb(error.__traceback__)))
        message = (False, error)
    _send_last(sending, message)


def summarise(results: Iterable[PrescreenResult]) -> dict[str, dict[str, int]]:
    """Counts of each verdict per trial, every verdict present (zero when none)."""
    tally = Tally(results)
    for _ in tally:
        pass
    return tally.summary()


class Tally:
    """The results, counted as they pass: verdicts per trial, and how many (for output written
    as the results come, without holding them)."""

    def __init__(self, results: Iterable[PrescreenResult]):
        self._results = results
        self._counts: dict[str, Counter] = {}
        self.count = 0

    def __iter__(self) -> Iterator[PrescreenResult]:
        for result in self._results:
            self._counts.setdefault(result.trial_id, Counter())[result.verdict] += 1
            self.count += 1
            yield result

    def summary(self) -> dict[str, dict[str, int]]:
        """Counts of each verdict per trial, every verdict present (zero when none)."""
        return {trial_id: {str(v): counter.get(v, 0) for v in Verdict} for trial_id, counter in self._counts.items()}
