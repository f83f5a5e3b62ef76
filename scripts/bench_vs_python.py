#!/usr/bin/env python3
"""Times the whole `aimscore assess FILE --format json` process against Python merely parsing the
same YAML file (PyYAML's pure-Python SafeLoader, and its libyaml CSafeLoader when available), in
one run, and prints the medians and the ratios. Every command is a whole process, started the
same way, so start-up counts on both sides.

    cargo build --release
    python3 scripts/bench_vs_python.py [FILE] [--runs N]

FILE defaults to examples/healthcare-third-party-model.yaml. Needs PyYAML (`pip install pyyaml`).
"""

import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def median_ms(cmd, runs):
    """Median wall-clock time of `cmd` over `runs` runs, after 3 warm-up runs."""
    times = []
    for i in range(runs + 3):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        if i >= 3:
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main():
    args = sys.argv[1:]
    runs = 30
    if "--runs" in args:
        i = args.index("--runs")
        runs = int(args[i + 1])
        del args[i : i + 2]
    path = args[0] if args else os.path.join(ROOT, "examples", "healthcare-third-party-model.yaml")
    exe = os.path.join(ROOT, "target", "release", "aimscore")
    if not os.path.exists(exe):
        sys.exit("build first: cargo build --release")
    try:
        import yaml
    except ImportError:
        sys.exit("PyYAML is needed: pip install pyyaml")

    cases = [("aimscore assess --format json (parse, validate, score, render)",
              [exe, "assess", path, "--format", "json"])]
    cases.append(("python3 PyYAML yaml.safe_load (parse only)",
                  [sys.executable, "-c",
                   "import sys, yaml; yaml.safe_load(open(sys.argv[1], encoding='utf-8'))", path]))
    if getattr(yaml, "__with_libyaml__", False):
        cases.append(("python3 PyYAML CSafeLoader, libyaml (parse only)",
                      [sys.executable, "-c",
                       "import sys, yaml; yaml.load(open(sys.argv[1], encoding='utf-8'), "
                       "Loader=yaml.CSafeLoader)", path]))

    print(f"file: {os.path.relpath(path, ROOT)} ({os.path.getsize(path)} bytes), {runs} runs each")
    results = [(label, median_ms(cmd, runs)) for label, cmd in cases]
    ours = results[0][1]
    for label, ms in results:
        ratio = "" if ms is ours else f"  ({ms / ours:.1f}x aimscore's time)"
        print(f"  {ms:8.1f} ms  {label}{ratio}")


if __name__ == "__main__":
    main()
