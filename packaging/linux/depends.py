"""Print the Debian `Depends:` of a frozen TrialDesk folder: the packages owning the system
libraries its binaries load (those PyInstaller left out as system libraries), and libc6 at the
newest glibc symbol version any of them asks for. Run on the build machine, after the build.

Library packages renamed for 64-bit time (Debian 13, Ubuntu 24.04: libglib2.0-0t64) are written
as alternatives, so the same package installs on systems before and after the rename."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

GLIBC = re.compile(rb"GLIBC_(\d+)\.(\d+)")
# the C library itself (versioned separately) and the loader
C_LIBRARY = ("libc6",)
# packages renamed for 64-bit time_t whose old and new names both exist in the wild
RENAMED_T64 = {"libglib2.0-0", "libcups2", "libssl3", "libgnutls30", "libasound2", "libgtk-3-0", "libpng16-16"}


def binaries(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file() and not path.is_symlink()
            and path.read_bytes()[:4] == b"\x7fELF"]


def system_libraries(folder: Path, elves: list[Path]) -> set[str]:
    found: set[str] = set()
    missing: set[str] = set()
    search = ":".join(sorted({str(p.parent) for p in elves}))
    for elf in elves:
        result = subprocess.run(["ldd", str(elf)], capture_output=True, text=True,
                                env={"LD_LIBRARY_PATH": search})
        for line in result.stdout.splitlines():
            parts = line.split("=>")
            if len(parts) == 2 and parts[1].strip().startswith("/"):
                target = Path(parts[1].split()[0])
                if folder not in target.parents:
                    found.add(str(target))
            elif "not found" in line:
                missing.add(f"{elf.relative_to(folder)}: {line.strip()}")
    if missing:
        raise SystemExit("libraries the bundle needs are neither in it nor on this machine:\n  "
                         + "\n  ".join(sorted(missing)))
    return found


def owners(libraries: set[str]) -> set[str]:
    packages = set()
    for library in sorted(libraries):
        real = str(Path(library).resolve())
        for candidate in dict.fromkeys((library, real, library.replace("/usr/lib/", "/lib/"),
                                        real.replace("/usr/lib/", "/lib/"))):
            result = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
            if result.returncode == 0:
                packages.add(result.stdout.split(":")[0].strip())
                break
        else:
            print(f"no package owns {library}", file=sys.stderr)
    return packages


def newest_glibc(elves: list[Path]) -> tuple[int, int]:
    newest = (2, 17)
    for elf in elves:
        dynamic = subprocess.run(["objdump", "-T", str(elf)], capture_output=True).stdout
        for major, minor in GLIBC.findall(dynamic):
            newest = max(newest, (int(major), int(minor)))
    return newest


def main(folder: Path) -> str:
    elves = binaries(folder)
    packages = owners(system_libraries(folder, elves)) - set(C_LIBRARY)
    major, minor = newest_glibc(elves)
    names = [f"libc6 (>= {major}.{minor})"]
    for package in sorted(packages):
        base = package.removesuffix("t64")
        names.append(f"{base}t64 | {base}" if base in RENAMED_T64 else package)
    return ", ".join(names)


if __name__ == "__main__":
    print(main(Path(sys.argv[1]).resolve()))
