"""xint's performance suite: every workload in every xint dialect, against NumPy with hand-written
gradients (the floor) and, when importable, real PyTorch, TensorFlow (eager and tf.function) and
HIPS autograd (and real MXNet, in a venv that has it).

    python bench/run.py [--quick] [--json PATH] [--only W1,W2] [--rounds N]

W1   chain of 200 elementwise ops on 16 float64, forward + backward      µs per op
W1f  the same chain, forward only, recording off                         µs per op
W2   784-256-256-10 ReLU MLP, softmax CE, batch 256 f32, fwd+bwd+SGD      ms per step
W3   sum(tanh(x)·exp(-x²) + sin(x)²) over 1e7 f64 (1e6 quick), fwd+bwd   ms
W4   D2L LeNet, batch 64 of 1x28x28 f32, fwd+bwd+SGD                      ms per step
W5   peak memory of W2 (RSS and tracemalloc), fresh subprocess per engine MiB
W6   D2L linear regression from scratch (1000x2, batch 10, 3 epochs)      ms total

Engines run round-robin (each once per round, `rounds` rounds) so that drift on a shared machine
hits all alike; the table gives medians, min/max and ratios to real PyTorch and to the floor
(each ratio is the median of the per-round ratios; see _paired).
Each engine's loss / gradients are checked against the floor's before it is timed (FAILED if not);
"n/a" marks an API that lacks what a workload needs. MXNet computes asynchronously, so its steps
end with npx.waitall(). Libraries run one thread each unless --threads says otherwise.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time



def _threads_from_argv(argv):
    """--threads N (default 1; 0 = the libraries' defaults): must act before NumPy is imported."""
    for i, a in enumerate(argv):
        if a.startswith("--threads="):
            return int(a.split("=", 1)[1])
        if a == "--threads" and i + 1 < len(argv):
            return int(argv[i + 1])
    return 1


# One thread each by default: on a small shared machine, BLAS threads that spin waiting for a busy
# core make one matrix product vary by 1000x; single-threaded numbers are the steady ones.
THREADS = _threads_from_argv(sys.argv) if __name__ == "__main__" else 0
if THREADS:
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(THREADS)
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "src"))
sys.path.insert(0, HERE)

import numpy  # noqa: E402

import workloads as wl  # noqa: E402

ENGINES = ["numpy", "xint.torch", "xint.tensorflow", "xint.mxnet", "torch", "tensorflow",
           "tf.function", "mxnet", "autograd"]
WORKLOADS = {  # name: (builder prefix, unit, scale from seconds per call)
    "W1": ("w1", "µs/op", 1e6 / wl.CHAIN), "W1f": ("w1", "µs/op", 1e6 / wl.CHAIN),
    "W2": ("w2", "ms/step", 1e3), "W3": ("w3", "ms", 1e3), "W4": ("w4", "ms/step", 1e3),
    "W5": (None, "MiB", 1), "W6": ("w6", "ms", 1e3)}
TOL = {"W1": 1e-9, "W1f": 1e-9, "W2": 2e-4, "W3": 1e-7, "W4": 5e-4, "W6": 2e-4}


def namespace(engine):
    """The API module an engine's workloads are written against, or None when not importable."""
    try:
        if engine == "numpy":
            return numpy
        if engine == "xint.torch":
            from xint import torch
            return torch
        if engine == "xint.tensorflow":
            from xint import tensorflow
            return tensorflow.tf
        if engine == "xint.mxnet":
            from xint import mxnet
            return mxnet
        if engine == "torch":
            import torch
            if THREADS and torch.get_num_threads() != THREADS:
                torch.set_num_threads(THREADS)
            return torch
        if engine in ("tensorflow", "tf.function"):
            os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
            import tensorflow
            if THREADS and not getattr(namespace, "tf_threads_set", False):
                namespace.tf_threads_set = True
                tensorflow.config.threading.set_intra_op_parallelism_threads(THREADS)
                tensorflow.config.threading.set_inter_op_parallelism_threads(THREADS)
            return tensorflow
        if engine == "mxnet":
            import mxnet
            mxnet.npx.set_np()
            return mxnet
        if engine == "autograd":
            import autograd
            import autograd.numpy  # noqa: F401
            return autograd
    except ImportError:
        return None
    raise KeyError(engine)


def build(workload, engine, ns, data):
    prefix = WORKLOADS[workload][0]
    kw = {"fwd_only": True} if workload == "W1f" else {}
    if engine == "tf.function":
        kw["compiled"] = True
    if engine == "numpy":
        return getattr(wl, prefix + "_numpy")(data, **kw)
    api = {"xint.torch": "torch", "torch": "torch", "xint.tensorflow": "tf", "tensorflow": "tf",
           "tf.function": "tf", "xint.mxnet": "mxnet", "mxnet": "mxnet", "autograd": "autograd"}[engine]
    return getattr(wl, f"{prefix}_{api}")(ns, data, **kw)


def check(workload, got, want):
    """None when every array matches the floor's, else a short reason."""
    for k, w in want.items():
        g = numpy.asarray(got[k], dtype=numpy.float64)
        w = numpy.asarray(w, dtype=numpy.float64)
        if g.shape != w.shape:
            return f"{k}: shape {g.shape} != {w.shape}"
        tol = TOL[workload]
        if not numpy.allclose(g, w, rtol=tol, atol=tol * max(1.0, float(abs(w).max()))):
            return f"{k}: max error {float(abs(g - w).max()):.3g}"
    return None


def time_workload(workload, engines, rounds, quick, log):
    """{engine: {"times": [...], "status": ...}} with times in the workload's unit."""
    data = wl.inputs(workload, quick)
    scale = WORKLOADS[workload][2]
    runs, out = {}, {}
    floor = None
    for e in engines:
        ns = namespace(e)
        if ns is None:
            continue
        try:
            r = build(workload, e, ns, data)
            r.step()                                   # first call: warm-up and the checked step
        except wl.Unsupported as exc:
            out[e] = {"status": f"n/a ({exc})"}
            continue
        except Exception as exc:                       # an engine bug: report it, keep going
            out[e] = {"status": f"FAILED ({type(exc).__name__}: {str(exc)[:60]})"}
            continue
        res = r.result()
        if e == "numpy":
            floor = res
            reason = None
        else:
            reason = check(workload, res, floor) if floor is not None else "no floor"
        if reason:
            out[e] = {"status": f"FAILED ({reason})"}
            continue
        runs[e] = r
        out[e] = {"status": "ok", "times": []}
    # calls per round: enough for ~0.2 s (0.05 s quick) of the slowest-free engine, at least 1
    target = 0.05 if quick else 0.2
    number = {}
    for e, r in runs.items():
        t0 = time.perf_counter()
        r.step()
        dt = time.perf_counter() - t0
        number[e] = max(1, int(target / max(dt, 1e-9)))
    for i in range(rounds):
        for e, r in runs.items():
            n = number[e]
            t0 = time.perf_counter()
            for _ in range(n):
                r.step()
            out[e]["times"].append((time.perf_counter() - t0) / n * scale)
        log(f"  {workload} round {i + 1}/{rounds}")
    return out


def pin_allocator():
    """Fix glibc malloc's thresholds for this process; returns a line for the report.

    glibc serves big blocks with mmap (fresh pages: a page fault per 4 KiB, every time) and trims
    freed heap memory; both thresholds move with what the process freed before (by default). So
    whether an engine's fresh arrays cost page faults (on this machine half of a LeNet step)
    depends on which engines ran before it and how much they freed: torch or TF imported first
    made the NumPy floor twice as fast. With mmap off and trimming fixed, every engine meets the
    same allocator (W3's 80 MB arrays included, above any mmap threshold) and the timings compare
    the work itself. W5 (memory, separate processes) keeps the default allocator, as users run it.
    """
    import ctypes
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return "allocator: default (no glibc mallopt)"
    m_trim_threshold, m_mmap_max = -1, -4
    if mallopt(m_mmap_max, 0) and mallopt(m_trim_threshold, 1 << 30):
        return "allocator: glibc, no mmap, trim threshold 1 GiB (fixed)"
    return "allocator: default (mallopt refused)"


def _rss_kib():
    """(current, peak) resident set of this process in KiB. /proc's VmHWM, not ru_maxrss: Linux
    carries ru_maxrss over exec, so a child would report its parent's peak."""
    vals = {}
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(("VmRSS:", "VmHWM:")):
                vals[line[:5]] = int(line.split()[1])
    return vals["VmRSS"], vals["VmHWM"]


def memory_child(engine, quick):
    """Runs in a fresh subprocess: W2 steps on one engine; prints peak memory as JSON. The peak
    counted is the rise over the resident set after imports and input data (imports alone are
    hundreds of MiB for torch and TF, and say nothing about the engine)."""
    import tracemalloc
    ns = namespace(engine)
    if engine != "numpy":                  # the floor needs no framework; the others import here
        build("W1f" if engine != "autograd" else "W1", engine, ns, wl.inputs("W1", quick)).step()
    try:                                   # reset VmHWM to the current RSS (Linux 4.0+)
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass
    base, _ = _rss_kib()
    tracemalloc.start()                    # from here: inputs, parameters, graph, gradients
    r = build("W2", engine, ns, wl.inputs("W2", quick))
    r.result = None                        # drop the checked step's copies of the gradients
    for _ in range(5):
        r.step()
    _, peak = tracemalloc.get_traced_memory()
    _, hwm = _rss_kib()
    print(json.dumps({"rss_mib": hwm / 1024, "rss_delta_mib": max(hwm - base, 0) / 1024,
                      "tracemalloc_mib": peak / 2 ** 20}))


def memory(engines, quick, log):
    out = {}
    for e in engines:
        if namespace(e) is None:
            continue
        cmd = [sys.executable, os.path.abspath(__file__), "--memory-child", e]
        p = subprocess.run(cmd + (["--quick"] if quick else []), capture_output=True, text=True)
        if p.returncode:
            last = (p.stderr.strip().splitlines() or ["?"])[-1]
            out[e] = {"status": f"FAILED ({last[:60]})"}
        else:
            out[e] = {"status": "ok", **json.loads(p.stdout.strip().splitlines()[-1])}
        log(f"  W5 {e} done")
    return out


def environment(engines):
    info = {"python": platform.python_version(), "numpy": numpy.__version__,
            "machine": platform.machine(), "cpus": os.cpu_count()}
    try:
        from threadpoolctl import threadpool_info
        info["threadpools"] = [{k: p.get(k) for k in ("internal_api", "num_threads", "version",
                                                        "filepath")}
                               for p in threadpool_info()]
    except ImportError:
        info["threadpools"] = "threadpoolctl not installed"
    if "torch" in engines and namespace("torch") is not None:
        import torch
        info["torch"] = {"version": torch.__version__, "threads": torch.get_num_threads()}
    if "tensorflow" in engines and namespace("tensorflow") is not None:
        import tensorflow as tf
        info["tensorflow"] = {"version": tf.__version__,
                              "intra_op_threads": tf.config.threading.get_intra_op_parallelism_threads(),
                              "inter_op_threads": tf.config.threading.get_inter_op_parallelism_threads()}
    return info


def summarize(results):
    """Adds median/min/max and ratios to each timed entry."""
    for w, res in results.items():
        if w == "W5":
            floor = res.get("numpy", {})
            for r in res.values():
                if r.get("status") == "ok" and floor.get("rss_delta_mib"):
                    r["x_floor"] = r["rss_delta_mib"] / floor["rss_delta_mib"]
                    r["x_floor_tracemalloc"] = r["tracemalloc_mib"] / floor["tracemalloc_mib"]
            continue
        for r in res.values():
            if r.get("times"):
                r["median"] = statistics.median(r["times"])
                r["min"], r["max"] = min(r["times"]), max(r["times"])
        for key, ref in (("x_floor", "numpy"), ("x_torch", "torch")):
            base = res.get(ref, {})
            for r in res.values():
                if "median" in r:
                    r[key] = _paired(r["times"], base["times"]) if "median" in base else None
                    r[key + "_of_medians"] = r["median"] / base["median"] if "median" in base \
                        else None


def _paired(times, ref):
    """The median over rounds of an engine's time over the reference's in the same round. A round
    runs the engines back to back, so a slow spell of a shared machine (here often seconds long,
    doubling every time in it) lands on both sides of a pair; the ratio of the two medians can
    be off by that much when the spell covers one engine's share of a round and not the other's.
    Both are in the JSON output."""
    return statistics.median(t / r for t, r in zip(times, ref))


def table(results):
    lines = []
    fmt = lambda v: "" if v is None else f"{v:.2f}x"  # noqa: E731
    for w, res in results.items():
        unit = WORKLOADS[w][1]
        lines.append(f"\n{w} ({unit})")
        if w == "W5":
            lines.append(f"  {'engine':<16}{'peak RSS':>10}{'Δ RSS':>10}{'tracemalloc':>13}"
                         f"{'Δ RSS/floor':>13}{'tracem./floor':>15}")
            for e, r in res.items():
                if r.get("status") != "ok":
                    lines.append(f"  {e:<16}{r['status']}")
                    continue
                lines.append(f"  {e:<16}{r['rss_mib']:10.1f}{r['rss_delta_mib']:10.1f}"
                             f"{r['tracemalloc_mib']:13.1f}{fmt(r.get('x_floor')):>13}"
                             f"{fmt(r.get('x_floor_tracemalloc')):>15}")
            continue
        lines.append(f"  {'engine':<16}{'median':>10}{'min':>10}{'max':>10}{'/torch':>9}"
                     f"{'/floor':>9}")
        for e, r in res.items():
            if "median" not in r:
                lines.append(f"  {e:<16}{r['status']}")
                continue
            lines.append(f"  {e:<16}{r['median']:10.3f}{r['min']:10.3f}{r['max']:10.3f}"
                         f"{fmt(r.get('x_torch')):>9}{fmt(r.get('x_floor')):>9}")
    return "\n".join(lines)


TARGETS = [  # (workload, engine, against, limit)
    ("W1", "xint.torch", "torch", 1.0), ("W1", "xint.tensorflow", "torch", 1.3),
    ("W1", "xint.mxnet", "torch", 1.3),
    ("W6", "xint.torch", "torch", 1.0), ("W6", "xint.tensorflow", "torch", 1.0),
    ("W6", "xint.mxnet", "torch", 1.0)] + [
    (w, e, "floor", lim) for w, lim in (("W3", 1.3), ("W2", 1.15), ("W4", 1.15), ("W5", 1.3))
    for e in ("xint.torch", "xint.tensorflow", "xint.mxnet")]


def targets(results):
    out = []
    for w, e, against, lim in TARGETS:
        r = results.get(w, {}).get(e)
        if r is None:
            continue
        ratio = r.get("x_torch" if against == "torch" else "x_floor")
        if w == "W5" and r.get("x_floor_tracemalloc") is not None:
            ratio = max(ratio, r["x_floor_tracemalloc"])     # both measures must be within
        met = None if ratio is None else ratio <= lim
        out.append({"workload": w, "engine": e, "against": against, "limit": lim,
                    "ratio": ratio, "met": met})
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer rounds, smaller W3")
    ap.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    ap.add_argument("--only", metavar="W1,W2", help="run only these workloads")
    ap.add_argument("--engines", metavar="E1,E2", help="run only these engines (numpy always)")
    ap.add_argument("--rounds", type=int, help="rounds per workload (default 25, quick 3)")
    ap.add_argument("--threads", type=int, default=1,
                    help="threads per library (BLAS, OpenMP, torch, TF); 0: their defaults")
    ap.add_argument("--default-allocator", action="store_true",
                    help="leave glibc malloc's mmap use and trimming adaptive (see pin_allocator)")
    ap.add_argument("--memory-child", metavar="ENGINE", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.memory_child:
        memory_child(args.memory_child, args.quick)
        return 0
    names = args.only.split(",") if args.only else list(WORKLOADS)
    unknown = [n for n in names if n not in WORKLOADS]
    if unknown:
        ap.error(f"unknown workload(s) {', '.join(unknown)}; choose from {', '.join(WORKLOADS)}")
    engines = ENGINES if not args.engines else ["numpy"] + [
        e for e in args.engines.split(",") if e != "numpy"]
    # 25: on the 2-core VM one round's W2 ratio to the floor scatters by about ±0.1, so the
    # median of 9 rounds is only within about ±0.05 of the process's own (90%), of 25 about ±0.03
    rounds = args.rounds or (3 if args.quick else 25)

    def log(msg):
        print(msg, file=sys.stderr, flush=True)
    env = environment(engines)
    env["allocator"] = "allocator: default" if args.default_allocator else pin_allocator()
    print(f"Python {env['python']}, NumPy {env['numpy']}, {env['cpus']} CPUs; {env['allocator']}")
    if isinstance(env["threadpools"], list):
        for p in env["threadpools"]:
            print(f"  {p['internal_api']} {p['version']}: {p['num_threads']} threads "
                  f"({os.path.basename(p['filepath'] or '')})")
    for k in ("torch", "tensorflow"):
        if k in env:
            print(f"  {k} {env[k]}")
    results = {}
    for w in names:
        log(f"{w} ...")
        results[w] = memory(engines, args.quick, log) if w == "W5" else \
            time_workload(w, engines, rounds, args.quick, log)
    summarize(results)
    print(f"\n{'quick' if args.quick else 'full'} run, {rounds} rounds; medians" + table(results))
    tg = targets(results)
    if tg:
        print("\ntargets")
        for t in tg:
            mark = "n/a" if t["met"] is None else ("met" if t["met"] else "MISSED")
            ratio = "" if t["ratio"] is None else f"{t['ratio']:.2f}x"
            print(f"  {t['workload']:<4}{t['engine']:<17}≤{t['limit']}x {t['against']:<6}"
                  f"{ratio:>8}  {mark}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"environment": env, "quick": args.quick, "rounds": rounds,
                       "results": results, "targets": tg}, f, indent=1, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main())
