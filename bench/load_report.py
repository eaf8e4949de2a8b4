"""Read locust's CSV statistics and print `name value unit` lines for `make load`."""

import csv
import json
import sys


def percentile(times, share):
    """The nearest-rank percentile of sorted `times` (ms)."""
    return times[max(0, round(share * len(times)) - 1)] if times else 0


def main(path, pages_path=None):
    with open(path, encoding="utf-8") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    total = rows["Aggregated"]
    for name, row in sorted(rows.items()):
        if name != "Aggregated" and row["Request Count"] != "0":
            slug = name.split(" (")[0].replace(" ", "_").replace(".", "")
            print(f"load.{slug}.p95_ms {row['95%']} ms")
    if pages_path:
        with open(pages_path, encoding="utf-8") as handle:
            pages = json.load(handle)
        print(f"load.p95_ms {percentile(pages, 0.95):.0f} ms")
        print(f"load.p99_ms {percentile(pages, 0.99):.0f} ms")
        print(f"load.page_requests {len(pages)} requests")
    print(f"load.all_requests.p95_ms {total['95%']} ms")
    print(f"load.rps {float(total['Requests/s']):.1f} requests/s")
    print(f"load.requests {total['Request Count']} requests")
    print(f"load.errors {total['Failure Count']} requests")


if __name__ == "__main__":
    main(*sys.argv[1:3])
