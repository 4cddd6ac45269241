#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR MIT
"""Run lmm_bench for every allocator, interleaved, and print the figures.

  run.py --bin build/bench/lmm_bench --quick
  run.py --bin build/bench/lmm_bench --full --rst Documentation/benchmarks.rst

ns/op is the median of --runs interleaved runs (min and max beside it);
instructions/op come from callgrind counting timed_loop() only, which is
repeatable on a noisy machine; bytes per live object come from the growth
of anonymous memory (/proc/self/smaps_rollup) over the live objects.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile

LIBDIR = "/usr/lib/x86_64-linux-gnu"
# label, lmm_bench allocator, library to LD_PRELOAD (None: none)
ALLOCATORS = [
    ("lmm", "lmm", None),
    ("lmm-xcalloc", "lmm-xcalloc", None),
    ("lmm-best", "lmm-best", None),
    ("lmm-first", "lmm-first", None),
    ("glibc", "libc", None),
    ("jemalloc", "libc", "libjemalloc.so.2"),
    ("mimalloc", "libc", "libmimalloc.so.2"),
    ("tcmalloc", "libc", "libtcmalloc_minimal.so.4"),
    ("freelist", "freelist", None),
]
# The free list serves one size only: it is the floor for fixed-size work.
FIXED_SIZE_ONLY = {"freelist"}
REGION_ALLOCATORS = [("mem (lmm region)", "mem", None), ("glibc malloc", "libc-region", None)]


def parse(line):
    return dict(kv.split("=", 1) for kv in line.split())


def env_for(preload):
    env = dict(os.environ)
    if preload:
        env["LD_PRELOAD"] = os.path.join(LIBDIR, preload)
    return env


def available(allocators):
    out = []
    for label, name, preload in allocators:
        if preload and not os.path.exists(os.path.join(LIBDIR, preload)):
            print(f"note: {preload} not found, {label} skipped", file=sys.stderr)
            continue
        out.append((label, name, preload))
    return out


def applies(label, workload):
    return not (label in FIXED_SIZE_ONLY and workload == "mixed")


def run_once(binary, name, preload, workload, n, size, seed):
    cmd = [binary, name, workload, str(n), str(size), str(seed)]
    res = subprocess.run(cmd, env=env_for(preload), capture_output=True, text=True)
    if res.returncode != 0:
        raise SystemExit(f"bench failed: {' '.join(cmd)}\n{res.stdout}{res.stderr}")
    return parse(res.stdout.strip().splitlines()[-1])


def instructions(binary, name, preload, workload, n, size, seed):
    """Instructions per operation of timed_loop() under callgrind."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "cg.out")
        cmd = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
               "--collect-atstart=no", "--toggle-collect=timed_loop",
               binary, name, workload, str(n), str(size), str(seed)]
        env = env_for(None)
        if preload:
            # valgrind must not be preloaded itself: hand the library to the guest
            cmd[1:1] = [f"--soname-synonyms=somalloc={preload.split('.so')[0]}*"]
            env["LD_PRELOAD"] = os.path.join(LIBDIR, preload)
        res = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if res.returncode != 0:
            return None
        figures = parse(res.stdout.strip().splitlines()[-1])
        total = None
        with open(out) as f:
            for line in f:
                if line.startswith("summary:") or line.startswith("totals:"):
                    total = int(line.split()[1])
        if total is None:
            return None
        return total / int(figures["ops"])


def measure(binary, allocators, configs, runs, with_callgrind):
    """configs: list of (workload, n, size). Returns {(cfg, label): figures}."""
    samples = {}
    for r in range(runs):
        for cfg in configs:
            for label, name, preload in allocators:
                if not applies(label, cfg[0]):
                    continue
                figures = run_once(binary, name, preload, *cfg, seed=42)
                samples.setdefault((cfg, label), []).append(figures)
        print(f"  run {r + 1}/{runs} done", file=sys.stderr)
    results = {}
    for (cfg, label), figs in samples.items():
        ns = [float(f["ns_per_op"]) for f in figs]
        results[(cfg, label)] = {
            "ns": statistics.median(ns), "ns_min": min(ns), "ns_max": max(ns),
            "bytes": float(figs[0]["bytes_per_live"]),
            "preq": figs[0]["page_requests"], "prel": figs[0]["page_releases"],
            "smap": int(figs[0].get("sys_maps", -1)),
            "sunmap": int(figs[0].get("sys_unmaps", -1)),
            "ir": None, "last": figs[0],
        }
    for cfg in configs:
        for label, name, preload in allocators:
            if not applies(label, cfg[0]) or not with_callgrind(cfg, label):
                continue
            results[(cfg, label)]["ir"] = instructions(binary, name, preload, *cfg, seed=42)
        print(f"  callgrind {cfg} done", file=sys.stderr)
    return results


def fmt_table(cfg, allocators, results, base="glibc"):
    workload, n, size = cfg
    rows = [f"{workload}, N={n:,}, {size}-byte struct"]
    head = f"  {'allocator':<18} {'ns/op':>8} {'(min-max)':>15} {'instr/op':>9} {'bytes/obj':>10} {'vs glibc':>16} {'pages req/rel':>14} {'mmap/unmap':>11}"
    rows.append(head)
    b = results.get((cfg, base))
    for label, _, _ in allocators:
        r = results.get((cfg, label))
        if r is None:
            rows.append(f"  {label:<18} {'(fixed size only: not run)':>32}")
            continue
        ir = f"{r['ir']:.0f}" if r["ir"] is not None else "-"
        vs = "-"
        if b and label != base:
            parts = [f"t {r['ns'] / b['ns']:.2f}x"]
            if r["ir"] is not None and b["ir"]:
                parts.append(f"i {r['ir'] / b['ir']:.2f}x")
            vs = " ".join(parts)
        mem = f"{r['bytes']:.1f}" if r["bytes"] >= 0 else "-"
        pages = f"{r['preq']}/{r['prel']}" if label.startswith("lmm") else "-"
        calls = f"{r['smap']}/{r['sunmap']}" if label.startswith("lmm") and r["smap"] >= 0 else "-"
        rows.append(f"  {label:<18} {r['ns']:8.1f} {r['ns_min']:7.1f}-{r['ns_max']:<7.1f} {ir:>9} {mem:>10} {vs:>16} {pages:>14} {calls:>11}")
    return "\n".join(rows)


def fmt_fragmentation(cfg, results):
    """lmm's own view of its free space, one row per placement policy."""
    workload, n, size = cfg
    rows = [f"free space inside lmm at the end of {workload}, N={n:,}, {size}-byte struct",
            f"  {'policy':<10} {'bytes/obj':>9} {'pages':>6} {'free B/obj':>10} {'free blocks':>11} {'avg free B':>10} {'largest B':>9} {'frag':>6}"]
    for label in ("lmm", "lmm-best", "lmm-first"):
        r = results.get((cfg, label))
        if not r:
            continue
        f = r["last"]
        live, free, blocks = int(f["live"]), int(f["free_bytes"]), int(f["free_blocks"])
        policy = {"lmm": "worst", "lmm-best": "best", "lmm-first": "first"}[label]
        avg = free / blocks if blocks else 0
        rows.append(f"  {policy:<10} {r['bytes']:9.1f} {f['pages_in_use']:>6} {free / live:10.1f} {blocks:11,} {avg:10.0f} {f['largest_free']:>9} {int(f['frag_pm']) / 10:5.1f}%")
    return "\n".join(rows)


def targets(results, ns):
    """Issue 12's targets (N=100,000, 36-byte struct, worst fit, every check
    in place), against glibc and mimalloc in this run; then seq and rand at
    every N, and lmm's instructions per operation at every N."""
    lines = []
    churn, mixed = ("churn", 100000, 36), ("mixed", 100000, 36)

    def get(cfg, label, key):
        r = results.get((cfg, label))
        return r[key] if r else None

    def check(what, ok, detail):
        lines.append(f"  {'met ' if ok else 'MISS'} {what}: {detail}")

    def ratio(what, cfg, label, base, key, limit, unit=""):
        x, y = get(cfg, label, key), get(cfg, base, key)
        if x and y:
            check(what, x <= limit * y,
                  f"{x:.1f}{unit} vs {y:.1f}{unit} ({x / y:.2f}x, target {limit:g}x)")

    xc = "lmm-xcalloc"
    ratio("XCALLOC churn instructions/op <= glibc", churn, xc, "glibc", "ir", 1.0)
    ratio("XCALLOC mixed instructions/op <= glibc", mixed, xc, "glibc", "ir", 1.0)
    ratio("XCALLOC churn wall time <= 1.1x glibc", churn, xc, "glibc", "ns", 1.1, " ns")
    ratio("XCALLOC churn memory within 5% of glibc", churn, xc, "glibc", "bytes", 1.05, " B")
    ratio("native churn instructions/op <= 0.9x glibc", churn, "lmm", "glibc", "ir", 0.9)
    ratio("stretch: native churn instructions/op <= 1.3x mimalloc", churn, "lmm", "mimalloc", "ir", 1.3)
    lb, gb = get(mixed, "lmm", "bytes"), get(mixed, "glibc", "bytes")
    if lb and gb:
        check("mixed memory < 1.6x glibc (issue 9)", lb < 1.6 * gb, f"{lb / gb:.2f}x")
    for workload in ("seq", "rand"):
        for n in ns:
            cfg = (workload, n, 36)
            r, g = results.get((cfg, "lmm")), results.get((cfg, "glibc"))
            if not r or not g:
                continue
            per = 100000 / n
            check(f"{workload} N={n:,} wall time <= 1.2x glibc", r["ns"] <= 1.2 * g["ns"],
                  f"{r['ns']:.1f} vs {g['ns']:.1f} ns ({r['ns'] / g['ns']:.2f}x); per 1e5 objects: "
                  f"pages {float(r['preq']) * per:.0f} requested/{float(r['prel']) * per:.0f} released, "
                  f"mmap {r['smap'] * per:.0f}/unmap+madvise {r['sunmap'] * per:.0f}")
    irs = [(n, get(("churn", n, 36), "lmm", "ir")) for n in ns]
    irs = [(n, ir) for n, ir in irs if ir]
    if len(irs) > 1:
        lo, hi = min(ir for _, ir in irs), max(ir for _, ir in irs)
        check("native churn instructions/op flat in N (max <= 1.1x min)", hi <= 1.1 * lo,
              ", ".join(f"N={n:,}: {ir:.0f}" for n, ir in irs))
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", required=True)
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true")
    mode.add_argument("--full", action="store_true")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--ns", help="override the N values, e.g. 1000,10000")
    ap.add_argument("--rst")
    ap.add_argument("--svg-dir")
    ap.add_argument("--kernel", help="output of scripts/kernel-bench.sh, for the report")
    ap.add_argument("--notes", help="reStructuredText appended to the report")
    args = ap.parse_args()

    allocators = available(ALLOCATORS)
    scale_ns = (1000, 10000, 100000, 1000000)
    if args.full:
        sizes, ns = (36, 120), scale_ns
    else:
        sizes, ns = (36,), (100000,)
    if args.ns:
        ns = scale_ns = tuple(int(x) for x in args.ns.split(","))
    configs = [(w, n, s) for s in sizes for n in ns for w in ("seq", "rand", "churn", "mixed")]
    def cg(cfg, label):
        """Which runs callgrind counts: at N=1,000,000 it takes minutes a
        run, so there only lmm (and glibc in full), to show that cost does not grow."""
        workload, n, size = cfg
        if n <= 100000:
            return workload in ("churn", "mixed") or n == 100000
        return workload in ("churn", "mixed") and size == 36 and label in ("lmm", "glibc")
    print(f"lmm benchmark: {len(allocators)} allocators, {len(configs)} workloads, {args.runs} interleaved runs", file=sys.stderr)
    results = measure(args.bin, allocators, configs, args.runs, cg)
    # The quick run still answers the targets at every N: seq and rand wall
    # time against glibc, and lmm's churn instructions/op.
    extra = [(w, n, 36) for n in scale_ns if n not in ns for w in ("seq", "rand", "churn")]
    if extra:
        few = [a for a in allocators if a[0] in ("lmm", "glibc")]
        results.update(measure(args.bin, few, extra, args.runs,
                               lambda c, label: c[0] == "churn" and label == "lmm"))
    region_cfgs = [("region", n, 16) for n in ((100000,) if not args.full else ns)]
    regions = available(REGION_ALLOCATORS)
    results.update(measure(args.bin, regions, region_cfgs, args.runs, lambda c, _: c[1] <= 100000))

    text = [fmt_table(cfg, allocators, results) for cfg in configs]
    text += [fmt_table(cfg, regions, results, base="glibc malloc") for cfg in region_cfgs]
    text += [fmt_fragmentation(cfg, results) for cfg in configs
             if cfg[0] in ("churn", "mixed") and cfg[1] == 100000 and cfg[2] == 36]
    text += [fmt_table(cfg, [a for a in allocators if a[0] in ("lmm", "glibc")], results) for cfg in extra]
    text.append("targets (issue 12: N=100,000, 36-byte struct, worst fit, every check in place; "
                "against glibc and mimalloc in this run):\n" + targets(results, scale_ns))
    report = "\n\n".join(text)
    print(report)
    if args.rst:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import bench_report
        bench_report.write(args, allocators, configs, region_cfgs, regions, results, report)


if __name__ == "__main__":
    main()
