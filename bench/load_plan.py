"""Write a ผด.02 workbook of N rows for `make load` (the same rows as `make bench`)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.projects_bench import workbook

if __name__ == "__main__":
    path, rows = sys.argv[1], int(sys.argv[2])
    Path(path).write_bytes(workbook(rows))
