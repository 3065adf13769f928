"""How the targets' ratios spread over fresh processes: run.py `runs` times, then per target the
least, median and largest ratio, and in how many runs it was met.

    python bench/spread.py [--runs 6] [--only W2,W4] [--rounds 25] [--engines E1,E2]

One run of run.py pairs each engine with the floor round by round, which cancels the machine's
drift within that process. Between processes the ratios still move (on a 2-core VM by about
±0.03 on W2: where a process's arrays land, how busy the host is), so one run says little about
a target within a few per cent of its limit. Real PyTorch's ratio to the floor is listed too.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def spread(runs):
    """runs: one dict per run, {"targets": [...], "results": {...}} as run.py --json writes it.
    Returns one row per (workload, engine, against): limit, the ratios, and how many met it."""
    rows = {}
    for run in runs:
        for t in run["targets"]:
            if t["ratio"] is None:
                continue
            row = rows.setdefault((t["workload"], t["engine"], t["against"]),
                                  {"limit": t["limit"], "ratios": [], "met": 0})
            row["ratios"].append(t["ratio"])
            row["met"] += bool(t["met"])
        for w, res in run["results"].items():        # real PyTorch against the floor: no limit
            ratio = res.get("torch", {}).get("x_floor")
            if ratio is not None:
                rows.setdefault((w, "torch", "floor"),
                                {"limit": None, "ratios": [], "met": 0})["ratios"].append(ratio)
    return rows


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=6)
    ap.add_argument("--only", default="W2,W4")
    ap.add_argument("--rounds", type=int, default=25)
    ap.add_argument("--engines", default="xint.torch,xint.tensorflow,xint.mxnet,torch")
    args = ap.parse_args(argv)
    runs = []
    with tempfile.TemporaryDirectory() as folder:
        for i in range(args.runs):
            path = os.path.join(folder, f"{i}.json")
            subprocess.run([sys.executable, os.path.join(HERE, "run.py"), "--only", args.only,
                            "--rounds", str(args.rounds), "--engines", args.engines,
                            "--json", path], check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            with open(path) as f:
                runs.append(json.load(f))
            print(f"run {i + 1}/{args.runs} done", file=sys.stderr, flush=True)
    print(f"{args.runs} runs of run.py --only {args.only} --rounds {args.rounds}, each a fresh "
          "process")
    print(f"  {'workload':<9}{'engine':<17}{'against':<8}{'limit':>6}{'min':>8}{'median':>8}"
          f"{'max':>8}  met")
    for (w, e, against), row in sorted(spread(runs).items()):
        r = row["ratios"]
        limit = "" if row["limit"] is None else f"{row['limit']:.2f}"
        met = "" if row["limit"] is None else f"{row['met']}/{len(r)}"
        print(f"  {w:<9}{e:<17}{against:<8}{limit:>6}{min(r):8.3f}{statistics.median(r):8.3f}"
              f"{max(r):8.3f}  {met}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
