"""xint's command line.

`python -m xint tour`: the gradient chapter in MXNet, TensorFlow and PyTorch idioms, run on xint,
each step's three cells and outputs side by side.
`python -m xint run [--framework F] SCRIPT.py [args...]`: run a script written for PyTorch,
TensorFlow or MXNet on xint.
`python -m xint bench [args...]`: the repository's benchmarks (bench/run.py).
"""
import argparse
import os
import runpy
import shutil
import sys
import textwrap

DIALECTS = ("mxnet", "tensorflow", "torch")
TITLES = {"mxnet": "MXNet", "tensorflow": "TensorFlow", "torch": "PyTorch"}


def _wrap(lines, width):
    """Fit lines to the column width: at spaces where there are some, else anywhere."""
    out = []
    for line in lines:
        if len(line) <= width:
            out.append(line)
        else:
            out += textwrap.wrap(line, width, subsequent_indent="  ", break_on_hyphens=False)
    return out


def _cell_lines(cell, outcome):
    src, opts = cell
    lines = [(">>> " if i == 0 else "... ") + line for i, line in enumerate(src.splitlines())]
    lines += str(outcome).splitlines()
    if opts.get("deviation"):
        lines.append("(see docs/differences.md)")
    return lines


def tour(width=None):
    from .testing import run_cells
    from .tour import CHAPTER, PRELUDES, STEPS
    width = width or shutil.get_terminal_size(fallback=(150, 24)).columns
    col = max(30, (width - 6) // 3)
    outcomes = {d: iter(run_cells(CHAPTER[d], PRELUDES[("xint", d)])) for d in DIALECTS}

    def row(columns):
        columns = [_wrap(c, col) for c in columns]
        for i in range(max(len(c) for c in columns)):
            print(" | ".join((c[i] if i < len(c) else "").ljust(col) for c in columns).rstrip())

    rule = "-+-".join("-" * col for _ in DIALECTS)
    row([[TITLES[d]] + PRELUDES[("xint", d)].splitlines() for d in DIALECTS])
    for title, cells in STEPS:
        print(rule)
        if title:
            print(f"# {title}")
        row([_cell_lines(cells[d], next(outcomes[d])) if d in cells else [] for d in DIALECTS])


def run(script, script_args, framework=None):
    from . import runner
    try:
        framework = framework or runner.detect_framework(script)
    except (OSError, SyntaxError, ValueError) as exc:
        print(f"xint run: {exc}", file=sys.stderr)
        return 2
    return runner.run_path(script, script_args, framework)


def bench_script():
    """<repo>/bench/run.py: bench/ lives next to src/ in the repository, not in the package."""
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.normpath(os.path.join(here, "..", "..", "bench", "run.py"))


def bench(bench_args):
    path = bench_script()
    if not os.path.isfile(path):
        print(f"xint bench: {path} not found; the benchmarks ship with the xint repository, "
              "not with an installed package", file=sys.stderr)
        return 2
    sys.argv = [path, *bench_args]
    runpy.run_path(path, run_name="__main__")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="xint", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    tour_cmd = sub.add_parser("tour", help="the gradient chapter in MXNet, TensorFlow and PyTorch "
                                           "idioms, side by side")
    tour_cmd.add_argument("--width", type=int, default=None, help="total width in characters")
    run_cmd = sub.add_parser("run", help="run a script written for PyTorch, TensorFlow or MXNet "
                                         "on xint")
    run_cmd.add_argument("--framework", choices=("torch", "tensorflow", "mxnet"), default=None,
                         help="the framework the script is written for (default: from its "
                              "imports)")
    run_cmd.add_argument("script", help="the script to run")
    run_cmd.add_argument("args", nargs=argparse.REMAINDER, help="arguments for the script")
    bench_cmd = sub.add_parser("bench", help="the repository's benchmarks (bench/run.py)",
                               add_help=False)
    bench_cmd.add_argument("args", nargs=argparse.REMAINDER)
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["bench"]:           # every later argument, options too, is bench/run.py's
        return bench(argv[1:])
    args = parser.parse_args(argv)
    if args.command == "run":
        return run(args.script, args.args, args.framework)
    if args.command == "bench":
        return bench(args.args)
    if args.command == "tour":
        try:
            tour(args.width)
        except BrokenPipeError:           # `python -m xint tour | head` is fine
            sys.stderr.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
