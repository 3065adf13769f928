"""`python -m xint tour`: the gradient chapter in all three dialects, side by side."""
import argparse
import sys

DIALECTS = ("mxnet", "tensorflow", "torch")


def tour(width=None):
    from .testing import run_cells
    from .tour import CHAPTER, PRELUDES
    for dialect in DIALECTS:
        cells = CHAPTER[dialect]
        outcomes = run_cells(cells, PRELUDES[("xint", dialect)])
        print("=" * 78)
        print(f"{dialect}: {PRELUDES[('xint', dialect)].replace(chr(10), '; ')}")
        print("=" * 78)
        for (src, opts), out in zip(cells, outcomes):
            for i, line in enumerate(src.splitlines()):
                print(("In : " if i == 0 else "...  ") + line)
            text = str(out)
            if text:
                for i, line in enumerate(text.splitlines()):
                    print(("Out: " if i == 0 else "     ") + line)
            if opts.get("deviation"):
                print(f"     (note: {opts['deviation']})")
            print()


def main(argv=None):
    parser = argparse.ArgumentParser(prog="xint", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("tour", help="run the gradient chapter in MXNet, TensorFlow and PyTorch idioms")
    args = parser.parse_args(argv)
    if args.command == "tour":
        try:
            tour()
        except BrokenPipeError:           # `python -m xint tour | head` is fine
            sys.stderr.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
