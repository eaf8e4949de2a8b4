"""How long, and how much memory, refusing or reading each hostile upload takes: `make bench`.

Each file of tests/hostile_files.py is written to a temporary directory, then read in a
fresh process (so its peak memory is its own): a workbook through the ผด.02 import's
reading (projects.imports.parse_projects), an image through uploads.images.normalise.
Prints `name value unit` lines: seconds (wall clock, and CPU: the machine's other work
does not count there), the process's peak resident memory while reading (Django's own
~80 MB included), how much reading added, whether the file was refused (a file error
and no rows) and how many rows were read. Issue #14: every file within 15 s and 400 MB.
Runs vary ±20 % on shared machines.
"""

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

MB = 1024 * 1024
WORKBOOKS = {
    # The probe's three files (issue #14).
    "empty_styled_cells": lambda h: h.empty_styled_cells(1_500_000),
    "one_200_mb_string": lambda h: h.one_huge_string(200 * MB),
    "huge_declared_dimension": lambda h: h.huge_declared_dimension(),
    # Refused further in: within the sizes, beyond a count.
    "cells_beyond_the_limit": lambda h: h.empty_styled_cells(250_000),
    "string_beyond_the_ratio": lambda h: h.one_huge_string(20 * MB),
    # The most the limits let through, read to the end.
    "widest_plan_inline_strings": lambda h: h.widest_plan(),
    "widest_sheet_shared_strings": lambda h: h.widest_sheet(),
    "fifty_sheets_without_dimension": lambda h: h.many_sheets(),
    "300k_shared_strings": lambda h: h.many_strings(),
    "a_cell_at_iv_in_65536_rows": lambda h: h.sparse_far_right(),
    "10k_merged_ranges_65536_rows_tall": lambda h: h.tall_merges(),
    "32767_characters_in_every_cell": lambda h: h.long_texts(),
    "continuation_rows_of_32767_characters": lambda h: h.long_continuations(),
}
LOGOS = {
    "logo_jpeg_9000": lambda h: h.big_jpeg(9_000),
    "logo_palette_png_9000": lambda h: h.big_png(9_000, "P"),
    "logo_truecolour_png_7000": lambda h: h.big_png(7_000, "RGB"),
    "logo_transparent_png_5000": lambda h: h.big_png(5_000, "RGBA"),
    "logo_truecolour_png_9000_header": lambda h: h.png_header(9_000, 9_000),
    "decompression_bomb_png_30000": lambda h: h.decompression_bomb(),
}
PHOTOS = {
    "photo_jpeg_8000x6000": lambda h: h.big_jpeg(8_000, "RGB"),
    "photo_from_a_phone_4000x3000": lambda h: h.phone_photo((4000, 3000)),
}


def report(name, value, unit):
    print(f"{name} {value} {unit}", flush=True)


def measure(path, kind):
    """In this (fresh) process: read one file as `kind` (workbook, logo, photo), print
    seconds, peak and added memory (MB), refused (0/1) and rows read or bytes stored."""
    import django

    django.setup()
    from django.core.exceptions import ValidationError

    from projects.imports import parse_projects
    from uploads import images

    data = Path(path).read_bytes()
    before = _reset_peak()
    started, cpu = time.perf_counter(), time.process_time()
    if kind == "workbook":
        preview = parse_projects(data)
        refused = bool(preview.file_errors) and not preview.rows
        detail = len(preview.rows)
    else:
        try:
            with open(path, "rb") as upload:
                detail = len(
                    images.normalise(upload, images.PHOTO if kind == "photo" else images.LOGO)
                )
            refused = False
        except ValidationError:
            refused, detail = True, 0
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = _peak()
    added = max(peak - before, 0)
    print(f"{elapsed:.2f} {cpu:.2f} {peak // MB} {added // MB} {int(refused)} {detail}")


def _status(field) -> int:
    """A memory figure of /proc/self/status, in bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) * 1024
    raise LookupError(field)


def _reset_peak() -> int:
    """Start counting the peak from now (Linux: /proc/self/clear_refs); the memory in use.

    ru_maxrss would not do: it keeps the parent's peak across fork and exec."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return _status("VmRSS")
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _peak() -> int:
    try:
        return _status("VmHWM")
    except (OSError, LookupError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main():
    from tests import hostile_files

    with tempfile.TemporaryDirectory(prefix="opplan-uploads-bench-") as folder:
        for kind, files in (("workbook", WORKBOOKS), ("logo", LOGOS), ("photo", PHOTOS)):
            for name, build in files.items():
                path = Path(folder) / f"{name}.{'xlsx' if kind == 'workbook' else 'img'}"
                path.write_bytes(build(hostile_files))
                result = subprocess.run(  # noqa: S603 -- this script, on files it wrote
                    [sys.executable, __file__, "--one", str(path), kind],
                    capture_output=True, text=True, check=False, cwd=ROOT,
                )  # fmt: skip
                if result.returncode != 0:
                    raise SystemExit(f"benchmark of {name} failed:\n{result.stderr[-3000:]}")
                seconds, cpu, peak, added, refused, detail = result.stdout.split()[-6:]
                prefix = f"uploads.{name}"
                report(f"{prefix}.file", path.stat().st_size, "bytes")
                report(f"{prefix}.seconds", seconds, "s")
                report(f"{prefix}.cpu_seconds", cpu, "s")
                report(f"{prefix}.peak_rss", peak, "MB")
                report(f"{prefix}.added_rss", added, "MB")
                report(f"{prefix}.refused", refused, "bool")
                if kind == "workbook" and refused == "0":
                    report(f"{prefix}.rows", detail, "rows")
                path.unlink()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        import warnings

        warnings.filterwarnings("ignore")
        measure(sys.argv[2], sys.argv[3])
    else:
        main()
