# SPDX-License-Identifier: GPL-2.0 OR MIT
"""Write Documentation/benchmarks.rst and its SVG plots from run.py's results."""
import datetime
import os
import platform
import subprocess
import tempfile

PLOT_ALLOCATORS = ("lmm", "lmm-best", "glibc", "jemalloc", "mimalloc", "tcmalloc", "freelist")


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def gnuplot(script):
    with tempfile.NamedTemporaryFile("w", suffix=".gp", delete=False) as f:
        f.write(script)
        path = f.name
    try:
        subprocess.run(["gnuplot", path], check=True)
    finally:
        os.unlink(path)


def line_plot(svg, title, ylabel, series, logy=False):
    """series: {label: [(x, y), ...]}, x on a log scale."""
    datafiles, plots = [], []
    for label, points in series.items():
        pts = [(x, y) for x, y in points if y is not None and y >= 0]
        if not pts:
            continue
        f = tempfile.NamedTemporaryFile("w", suffix=".dat", delete=False)
        f.write("".join(f"{x} {y}\n" for x, y in pts))
        f.close()
        datafiles.append(f.name)
        plots.append(f"'{f.name}' using 1:2 with linespoints title '{label}'")
    if not plots:
        return False
    gnuplot(f"""set terminal svg size 720,420 dynamic font 'sans,11'
set output '{svg}'
set title '{title}'
set xlabel 'N (objects)'
set ylabel '{ylabel}'
set logscale x
{'set logscale y' if logy else ''}
set key outside right
set grid
plot {', '.join(plots)}
""")
    for name in datafiles:
        os.unlink(name)
    return True


def bar_plot(svg, title, ylabel, rows):
    """rows: [(label, value_churn, value_mixed)]."""
    f = tempfile.NamedTemporaryFile("w", suffix=".dat", delete=False)
    f.write("".join(f"\"{label}\" {a:.2f} {b:.2f}\n" for label, a, b in rows))
    f.close()
    gnuplot(f"""set terminal svg size 720,420 dynamic font 'sans,11'
set output '{svg}'
set title '{title}'
set ylabel '{ylabel}'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set xtics rotate by -30
set key top left
set grid ytics
set yrange [0:*]
plot '{f.name}' using 2:xtic(1) title 'churn', '' using 3 title 'mixed 1..8 units'
""")
    os.unlink(f.name)


def write(args, allocators, configs, region_cfgs, regions, results, report):
    svg_dir = args.svg_dir or os.path.join(os.path.dirname(args.rst), "images")
    os.makedirs(svg_dir, exist_ok=True)
    rel = os.path.relpath(svg_dir, os.path.dirname(args.rst))
    ns_values = sorted({cfg[1] for cfg in configs})
    figures = []
    for size in sorted({cfg[2] for cfg in configs}):
        for workload in ("churn", "mixed"):
            for key, ylabel, what in (("ns", "ns per operation (median)", "time"),
                                      ("ir", "instructions per operation", "instr")):
                series = {label: [(n, results.get(((workload, n, size), label), {}).get(key))
                                  for n in ns_values]
                          for label in PLOT_ALLOCATORS if any(a[0] == label for a in allocators)}
                name = f"bench-{workload}-{size}-{what}.svg"
                if line_plot(os.path.join(svg_dir, name),
                             f"{workload}, {size}-byte struct: {ylabel}", ylabel, series):
                    figures.append((name, f"{workload}, {size}-byte struct: {ylabel} against N"))
    rows = []
    for label, _, _ in allocators:
        c = results.get((("churn", 100000, 36), label))
        m = results.get((("mixed", 100000, 36), label))
        if c and m and c["bytes"] > 0 and m["bytes"] > 0:
            rows.append((label, c["bytes"], m["bytes"]))
    if rows:
        name = "bench-bytes-per-object.svg"
        bar_plot(os.path.join(svg_dir, name), "bytes of memory per live object (N=100,000, 36-byte struct)",
                 "bytes per live object", rows)
        figures.append((name, "memory per live object, churn and mixed churn"))

    today = datetime.date.today().isoformat()
    out = [
        "=======================",
        "lmm benchmark results",
        "=======================",
        "",
        f"Measured on {today}: {cpu_model()}, {os.cpu_count()} cores, Linux {platform.release()}.",
        "Reproduce with::",
        "",
        "    make bench-full      # this page (about half an hour)",
        "    make bench           # the quick subset: N=100,000, 36-byte struct, and lmm against glibc at every N (about 15 minutes)",
        "",
        "Method",
        "======",
        "",
        "``bench/bench.c`` runs one allocator on one workload in one process and prints",
        "its figures; ``bench/run.py`` runs every allocator for every workload, the runs",
        f"interleaved, {args.runs} times, and reports:",
        "",
        "- **ns/op**: the median of the runs, with the minimum and maximum;",
        "- **instr/op**: instructions per operation of the timed loop alone, counted by",
        "  ``valgrind --tool=callgrind --toggle-collect=timed_loop`` (repeatable on a noisy",
        "  machine; at the largest N only for lmm and glibc, where callgrind takes a minute a run);",
        "- **bytes/obj**: growth of anonymous memory (``/proc/self/smaps_rollup``) over the",
        "  objects live at the end of the run (at the peak, for seq and rand);",
        "- **pages req/rel**: pages lmm took from and gave back to ``mmap``.",
        "",
        "Every allocation is zeroed (``calloc`` for the others) and checked; every object",
        "is stamped at both ends and checked before it is freed, so overlapping or",
        "corrupted objects fail the run. Workloads: *seq*, N allocations then N frees in",
        "order; *rand*, the same with frees in random order; *churn*, N live objects and",
        "10·N random alloc-or-free operations on 2N slots; *mixed*, churn with 1..8 units",
        "per allocation; *region*, churn of 16..512-byte blocks for ``Mem_*`` against",
        "``malloc``. The allocators: lmm's native API (worst, best and first fit), lmm",
        "through ``XCALLOC``/``XFREE`` (lookup by name), glibc, jemalloc, mimalloc and",
        "tcmalloc (Debian's packages, ``LD_PRELOAD``), and a fixed-size free list with no",
        "header and no checks, the practical floor.",
        "",
        "Results",
        "=======",
        "",
        "::",
        "",
    ]
    out += ["    " + line if line else "" for line in report.splitlines()]
    out += ["", "Plots", "=====", ""]
    for name, caption in figures:
        out += [f".. figure:: {rel}/{name}", "", f"   {caption}", ""]
    if args.kernel:
        with open(args.kernel) as f:
            kernel = f.read().rstrip("\n").splitlines()
        out += ["In the kernel", "=============", "",
                "``make bench-kernel`` (also run by ``make bench-full``) boots Debian's kernel",
                "under QEMU with ``lmm.ko`` and ``bench/kernel/lmm_kbench.ko``, which runs the",
                "churn workload through lmm, a ``kmem_cache`` of the same object size and",
                "``kmalloc``. Under TCG the nanoseconds are not those of real hardware; the",
                "ratios within one boot are what to read (below 1: lmm is faster)::", ""]
        out += ["    " + line if line else "" for line in kernel]
        out.append("")
    if args.notes:
        with open(args.notes) as f:
            out += ["", f.read().rstrip("\n")]
    with open(args.rst, "w") as f:
        f.write("\n".join(out) + "\n")
    print(f"wrote {args.rst} and {len(figures)} plots in {svg_dir}")
