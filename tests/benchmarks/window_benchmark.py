"""Window benchmark: prints figures, asserts nothing (speed targets live here, not in tests).

    python tests/benchmarks/window_benchmark.py [--runs 7] [--start-patients 10000]
        [--search-patients 100000] [--only start|search]

1. Cold start: from process start to the first painted main window, TrialDesk (`trialdesk`, the
   registry chosen by TRIALDESK_DB: a demo registry of N patients, so no sign-in) against a bare PySide6 QMainWindow started
   the same way: each run a fresh interpreter, offscreen, both creating their QApplication and
   first-paint hook identically. Median and min of several alternating runs, wall and CPU time,
   as a ratio (target <= 1.5x); the same window showing one line of text tells what loading
   fonts costs any window with words in it. TrialDesk paints its frame first and opens the registry in the
   background; its "ready" time (registry open, the registry view built and painted with its
   rows) is printed too. A third process, the bare window painted after Registry.open,
   shows what opening a registry (SQLAlchemy, SQLModel tables, Alembic) costs before any view.
2. Search as you type among 100,000 patients: keystrokes typed into the registry's search field
   with QTest; time from each keystroke to the model reset with the new rows (debounce timer
   bypassed), and the same with the debounce as shipped (target <= 50 ms per keystroke).
3. Peak resident memory of each process.

The child processes run this same file with --child, so their own imports stay light.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

# What a user types, one keystroke at a time: a pinyin name, a registry number, a record number,
# initials; Chinese characters arrive committed from the input method, whole.
TYPED = ["zhang", "P01234", "H0000567", "wxm", "liu"]
TYPED_CHINESE = ["王", "王小"]


# -- children: one fresh interpreter per measurement ---------------------------------------------
def _peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited over exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _first_paint_hook(app, until_ready: bool = False):
    """Reports once the first main window's first frame is painted, then ends the process (what
    follows the first paint is not start-up). With `until_ready`, TrialDesk's window goes on
    until its views are built (registry opened, signed in) and painted again: "ready" too."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QMainWindow

    class FirstPaint(QObject):
        seen = False
        figures: dict = {}

        def eventFilter(self, watched, event):
            if (not self.seen and event.type() == QEvent.Type.Paint and watched.isWidgetType()
                    and isinstance(watched.window(), QMainWindow)):
                self.seen = True
                QTimer.singleShot(0, lambda: self.report(watched.window()))  # after the rest of this frame
            return False

        def report(self, window):
            self.figures.update(painted=time.monotonic(), cpu=time.process_time(), rss_mb=_peak_rss_mb())
            if until_ready and not hasattr(window, "started"):
                raise RuntimeError("not TrialDesk's window")
            if until_ready and window.pages is None:
                window.started.connect(lambda: QTimer.singleShot(0, lambda: self.ready(window)))
                return
            self.finish()

        def ready(self, window):
            window.repaint()  # the views on screen
            self.figures.update(ready=time.monotonic(), ready_cpu=time.process_time(), ready_rss_mb=_peak_rss_mb())
            self.finish()

        def finish(self):
            print(json.dumps(self.figures), flush=True)
            os._exit(0)

    hook = FirstPaint(app)
    app.installEventFilter(hook)
    return hook


def child_start(kind: str, db: str) -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    hook = _first_paint_hook(app, until_ready=kind == "app")  # noqa: F841 - kept alive by its parent
    if kind in ("bare", "text", "floor"):
        from PySide6.QtWidgets import QLabel, QMainWindow

        if kind == "floor":  # what any window on a registry pays first: SQLAlchemy, tables, migrations
            from db.registry import Registry

            Registry.open(db)
        window = QMainWindow()
        window.resize(1200, 760)
        if kind == "text":  # any text at all: Qt's font database is loaded for the first frame
            window.setCentralWidget(QLabel("TrialDesk"))
        window.show()
        sys.exit(app.exec())
    from ui.launcher import main  # what the `trialdesk` command runs, as a user starts it each day

    os.environ["TRIALDESK_DB"] = db  # the site's registry, chosen as for every command
    sys.argv[1:] = []
    main()


def child_search(db: str) -> None:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from coordinator.screening.workflow import Actor, Role
    from db.registry import Registry
    from ui.window.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    registry = Registry.open(db)
    window = MainWindow(registry, Actor("bench", Role.COORDINATOR))
    window.show()
    QTest.qWaitForWindowExposed(window)
    page = window.show_page("registry")
    model, field, debounce = page.model, page.search, page._debounce
    resets = []
    model.modelReset.connect(lambda: resets.append(time.perf_counter()))

    def settle(count: int, timeout_ms: int = 5000) -> float:
        """Runs the event loop until the model has been reset `count` times; when that was."""
        if len(resets) < count:
            loop = QEventLoop()
            model.modelReset.connect(loop.quit)
            QTimer.singleShot(timeout_ms, loop.quit)
            loop.exec()
            model.modelReset.disconnect(loop.quit)
        return resets[-1] if len(resets) >= count else float("nan")

    def clear() -> None:
        field.clear()
        debounce.stop()
        model.set_filter("")
        app.processEvents()

    def type_all(delay_ms: int | None) -> tuple[list[float], list[float]]:
        """Per keystroke: ms to the model updated, and to the view painted after it."""
        shipped = debounce.interval()
        if delay_ms is None:
            debounce.setInterval(0)  # the query runs at the next turn of the event loop
        to_model, to_paint = [], []
        typed.clear()
        try:
            for text in TYPED + TYPED_CHINESE:
                clear()
                field.setFocus()
                keys = [text] if not text.isascii() else list(text)
                for key in keys:
                    typed.append(field.text() + key)
                    before = len(resets)
                    started = time.perf_counter()
                    if key.isascii():
                        QTest.keyClick(field, key)
                    else:
                        field.insert(key)
                    updated = settle(before + 1)
                    window.table.viewport().repaint()
                    to_model.append((updated - started) * 1000)
                    to_paint.append((time.perf_counter() - started) * 1000)
                    if delay_ms:
                        QTest.qWait(max(0, delay_ms - int(to_paint[-1])))
        finally:
            debounce.setInterval(shipped)
        return to_model, to_paint

    typed: list[str] = []
    type_all(None)  # warm-up: the database's pages into the cache
    cpu = time.process_time()
    fast_model, fast_paint = type_all(None)
    fast_cpu = (time.process_time() - cpu) / len(fast_model) * 1000
    slow_model, _ = type_all(delay_ms=debounce.interval() + 80)
    print(json.dumps({"keystrokes": len(fast_model), "typed": typed,
                      "model_ms": fast_model, "paint_ms": fast_paint, "cpu_ms": fast_cpu,
                      "debounced_ms": slow_model, "debounce_interval": debounce.interval(),
                      "rss_mb": _peak_rss_mb()}), flush=True)
    registry.close()
    os._exit(0)


# -- parent: builds registries, runs the children, prints -----------------------------------------
def _environment(folder: Path) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT),
               XDG_CONFIG_HOME=str(folder / "config"), XDG_DATA_HOME=str(folder / "data"))
    env.pop("TRIALDESK_DB", None)
    # compiled modules cached (in the scratch folder) as an installed application has them
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
    return env


def build_registry(path: Path, count: int, demo: bool) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    from registry_benchmark import synthetic  # 100,000 patients in well under a minute

    from db.patients import PatientRepository
    from db.registry import DEMO, Registry

    started = time.perf_counter()
    registry = Registry.open(path, kind=DEMO if demo else None)
    for first in range(0, count, 20_000):
        patients = synthetic(min(20_000, count - first), 2, seed=first + 1)
        patients = [p.model_copy(update={"registry_no": f"P{first + i:06d}", "record_no": f"H{first + i:08d}"})
                    for i, p in enumerate(patients)]
        with registry.writing() as session:
            PatientRepository(session, "bench").add(patients, reason="benchmark")
    registry.close()
    print(f"(built a registry of {count:,} patients in {time.perf_counter() - started:.0f} s)", flush=True)


def _run_child(args: list[str], env: dict[str, str]) -> dict:
    started = time.monotonic()
    done = subprocess.run([sys.executable, __file__, "--child", *args], env=env, capture_output=True,
                          text=True, timeout=300)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"child {args} printed no figures:\n{done.stdout}\n{done.stderr[-3000:]}")
    figures = json.loads(lines[-1])
    if "painted" in figures:
        figures["wall"] = figures["painted"] - started
    if "ready" in figures:
        figures["ready_wall"] = figures["ready"] - started
    return figures


def _line(label: str, values: list[float], unit: str = "s", scale: float = 1.0) -> str:
    return (f"{label}: median {statistics.median(values) * scale:.3f} {unit}, min {min(values) * scale:.3f} {unit}, "
            f"max {max(values) * scale:.3f} {unit}")


def bench_start(folder: Path, count: int, runs: int) -> None:
    db = folder / "start.sqlite3"
    build_registry(db, count, demo=True)
    env = _environment(folder)
    kinds = ("bare", "text", "floor", "app")
    for kind in kinds:  # warm-up: files into the page cache, compiled modules cached
        _run_child(["start", kind, str(db)], env)
    results: dict[str, list[dict]] = {kind: [] for kind in kinds}
    for _ in range(runs):
        for kind in kinds:
            results[kind].append(_run_child(["start", kind, str(db)], env))
    wall = {kind: [r["wall"] for r in rows] for kind, rows in results.items()}
    cpu = {kind: [r["cpu"] for r in rows] for kind, rows in results.items()}
    labels = {"bare": "bare QMainWindow", "text": "bare QMainWindow showing one line of text", "floor": "bare QMainWindow after Registry.open",
              "app": f"TrialDesk, {count:,} patients"}
    print(f"cold start to the first painted window ({runs} runs each, fresh process, offscreen):")
    for kind in kinds:
        print("  " + _line(f"{labels[kind]}, wall", wall[kind]))
        print("  " + _line(f"{labels[kind]}, CPU ", cpu[kind]))
    for kind in ("app", "text", "floor"):
        print(f"  ratio {labels[kind]} / bare: wall "
              f"{statistics.median(wall[kind]) / statistics.median(wall['bare']):.2f}x "
              f"(min/min {min(wall[kind]) / min(wall['bare']):.2f}x), CPU "
              f"{statistics.median(cpu[kind]) / statistics.median(cpu['bare']):.2f}x"
              + {"app": " (target <= 1.5x)", "text": " (what drawing any text costs first)",
                 "floor": " (what opening any registry costs first)"}[kind])
    ready = [r["ready_wall"] for r in results["app"]]
    print("  " + _line(f"{labels['app']}, ready (registry opened in the background, its view painted), wall", ready)
          + f" ({statistics.median(ready) / statistics.median(wall['bare']):.2f}x bare)")
    print(f"  peak resident memory of TrialDesk once ready: "
          f"{statistics.median(r['ready_rss_mb'] for r in results['app']):.0f} MB")
    print("  peak resident memory at first paint: " + ", ".join(
        f"{labels[kind]} {statistics.median(r['rss_mb'] for r in results[kind]):.0f} MB" for kind in kinds))


def bench_search(folder: Path, count: int) -> None:
    db = folder / "search.sqlite3"
    build_registry(db, count, demo=False)
    figures = _run_child(["search", str(db)], _environment(folder))
    model, paint, debounced = figures["model_ms"], figures["paint_ms"], figures["debounced_ms"]
    print(f"search as you type among {count:,} patients ({figures['keystrokes']} keystrokes in "
          f"{', '.join(TYPED + TYPED_CHINESE)}):")
    print("  " + _line("keystroke to model updated (debounce bypassed)", model, "ms")
          + f", p95 {statistics.quantiles(model, n=20)[18]:.1f} ms (target <= 50 ms); CPU {figures['cpu_ms']:.1f} ms")
    slow = [f"{text} {ms:.0f}" for text, ms in zip(figures["typed"], model) if ms > 50]
    print(f"  keystrokes over 50 ms (search text, ms): {', '.join(slow) or 'none'}")
    print("  " + _line("keystroke to table repainted (debounce bypassed)", paint, "ms"))
    print("  " + _line(f"keystroke to model updated with the {figures['debounce_interval']} ms debounce (as shipped)",
                       debounced, "ms") + f", p95 {statistics.quantiles(debounced, n=20)[18]:.1f} ms (target <= 50 ms)")
    slow = [f"{text} {ms:.0f}" for text, ms in zip(figures["typed"], debounced) if ms > 50]
    print(f"  keystrokes over 50 ms as shipped (search text, ms): {', '.join(slow) or 'none'}")
    print(f"  peak resident memory: {figures['rss_mb']:.0f} MB")


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        if sys.argv[2] == "start":
            child_start(sys.argv[3], sys.argv[4])
        else:
            child_search(sys.argv[3])
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--start-patients", type=int, default=10_000)
    parser.add_argument("--search-patients", type=int, default=100_000)
    parser.add_argument("--only", choices=["start", "search"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if args.only in (None, "start"):
            bench_start(Path(folder), args.start_patients, args.runs)
        if args.only in (None, "search"):
            bench_search(Path(folder), args.search_patients)


if __name__ == "__main__":
    main()
