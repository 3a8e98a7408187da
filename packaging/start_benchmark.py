"""Start-up of the frozen bundle against the same version in the venv, and the bundle's sizes:
prints figures, asserts nothing (targets: start <= 1.1x the venv's; folder <= 250 MB,
.deb <= 120 MB).

    .venv/bin/python packaging/start_benchmark.py --bundle dist/bundle/trialdesk [--runs 7]

Each run spawns `trialdesk` with no arguments (the window, offscreen, on a demo registry so no
sign-in) and TRIALDESK_QUIT_AFTER_FIRST_PAINT set: the process ends when its first frame is
painted, so spawn-to-exit is start to first paint, measured the same way for both. The two are
run alternately; with the page cache warm (a workstation's second start of the day) and, where
this user may drop the page cache (root on Linux), cold (the first start after booting).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _environment(home: Path) -> dict[str, str]:
    return {"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen",
            "TRIALDESK_QUIT_AFTER_FIRST_PAINT": "1", "TRIALDESK_DB": str(home / "demo.sqlite3")}


def _drop_page_cache() -> bool:
    try:
        subprocess.run(["sync"], check=True)
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def _start(command: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run([str(command)], env=env, capture_output=True, timeout=120)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{command} failed to start: {result.stderr.decode(errors='replace')[-2000:]}")
    return elapsed


def _size_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 2**20
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink()) / 2**20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "bundle" / "trialdesk")
    parser.add_argument("--venv", type=Path, default=ROOT / ".venv")
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    frozen, installed = options.bundle / "trialdesk", options.venv / "bin" / "trialdesk"

    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        env = _environment(home)
        subprocess.run([str(installed), "--db", env["TRIALDESK_DB"], "demo", "--patients", "200"], env=env,
                       check=True, capture_output=True)
        commands = {"venv": installed, "bundle": frozen}
        for command in commands.values():  # first start: fonts cached, registry settled
            _start(command, env)
        warm: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(options.runs):
            for name, command in commands.items():
                warm[name].append(_start(command, env))
        cold: dict[str, list[float]] = {name: [] for name in commands}
        if _drop_page_cache():
            for _ in range(max(3, options.runs // 2)):
                for name, command in commands.items():
                    _drop_page_cache()
                    cold[name].append(_start(command, env))

    print(f"start to first paint, {options.runs} runs each, alternating (median / min, seconds):")
    for label, figures in (("warm page cache", warm), ("cold page cache", cold)):
        if not figures["venv"]:
            print(f"  {label}: not measured (this user may not drop the page cache)")
            continue
        venv, bundle = statistics.median(figures["venv"]), statistics.median(figures["bundle"])
        print(f"  {label}: venv {venv:.3f} / {min(figures['venv']):.3f}, bundle {bundle:.3f} / "
              f"{min(figures['bundle']):.3f}; bundle / venv = {bundle / venv:.2f}x (target <= 1.1x)")
    print("sizes:")
    print(f"  folder {options.bundle}: {_size_mb(options.bundle):.0f} MB unpacked (target <= 250 MB)")
    for artefact in sorted((ROOT / "dist").glob("trialdesk*.*")):
        target = " (target <= 120 MB)" if artefact.suffix == ".deb" else ""
        print(f"  {artefact.name}: {_size_mb(artefact):.0f} MB{target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
