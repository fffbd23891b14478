#!/usr/bin/python3
"""Draws bench/callgrind.sh's NOP grid as an SVG chart.

    bench/plot_nop_grid.py [INPUT] [-o OUTPUT]

INPUT (default bench/results/nop_grid.txt) is callgrind.sh's output, saved as it was
printed; lines starting with '#' are notes (date, machine, kernel, compiler) that the
chart prints under its title. OUTPUT defaults to bench/nop_grid.svg. To refresh both:

    (echo "# $(date -u +%F), $(uname -r), gcc $(gcc -dumpversion)"; bench/callgrind.sh) \
        > bench/results/nop_grid.txt
    bench/plot_nop_grid.py

One panel per batch size; in each, user-space instructions per NOP against ring
entries for uring and liburing (for-each iterator solid, peek + seen dashed) and the
hand-written floor. An OUTPUT not ending in .svg is written in the format its name says
(PNG, PDF). Needs Debian's python3-matplotlib (hence /usr/bin/python3: a python3
installed elsewhere may lack it). The SVG is reproducible: the same input gives the same
bytes.
"""

import argparse
import os
import sys

try:
    import matplotlib

    matplotlib.use("agg")
    import matplotlib.pyplot as plt
except ImportError:
    sys.exit("plot_nop_grid.py: matplotlib is missing: apt-get install -y python3-matplotlib")

HERE = os.path.dirname(os.path.abspath(__file__))


def parse(path):
    """Returns (notes, title, rows): rows are dicts keyed by the header's column names."""
    notes, title, header, rows = [], None, None, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#"):
                notes.append(line.lstrip("# ").strip())
                continue
            fields = line.split()
            if not fields:
                continue
            if header is None and "entries" in fields and "batch" in fields:
                header = fields
                continue
            if header is None:
                if title is None:
                    title = line.strip()
                continue
            if len(fields) < len(header) or not fields[0].isdigit():
                continue
            row = {}
            for name, value in zip(header, fields):
                value = value.rstrip("x")
                try:
                    row[name] = float(value)
                except ValueError:
                    row[name] = value
            rows.append(row)
    if header is None or not rows:
        sys.exit(f"plot_nop_grid.py: no grid in {path} (expected bench/callgrind.sh's output)")
    for name in ("entries", "batch", "reap", "uring", "liburing"):
        if name not in header:
            sys.exit(f"plot_nop_grid.py: {path} has no '{name}' column")
    return notes, title, rows


def plot(notes, title, rows, out):
    plt.rcParams["svg.hashsalt"] = "uring-nop-grid"
    plt.rcParams["svg.fonttype"] = "none"
    plt.rcParams["font.size"] = 9
    batches = sorted({int(r["batch"]) for r in rows})
    entries = sorted({int(r["entries"]) for r in rows})
    fig, axes = plt.subplots(1, len(batches), figsize=(3.0 * len(batches), 3.6), sharey=True,
                             squeeze=False)
    colors = {"uring": "#1f6fb4", "liburing": "#d9661a", "floor": "#333333"}
    styles = {"foreach": "-", "peek": "--"}
    ymax = 0.0
    for ax, batch in zip(axes[0], batches):
        cells = [r for r in rows if int(r["batch"]) == batch]
        for impl in ("uring", "liburing"):
            for reap in ("foreach", "peek"):
                pts = sorted((int(r["entries"]), r[impl]) for r in cells if r["reap"] == reap)
                if not pts:
                    continue
                xs, ys = zip(*pts)
                ymax = max(ymax, max(ys))
                ax.plot(xs, ys, styles[reap], color=colors[impl], marker="o", markersize=3,
                        label=f"{impl}, {'for-each' if reap == 'foreach' else 'peek + seen'}")
        if "floor" in cells[0]:
            pts = sorted({(int(r["entries"]), r["floor"]) for r in cells})
            xs, ys = zip(*pts)
            ymax = max(ymax, max(ys))
            ax.plot(xs, ys, ":", color=colors["floor"], marker="s", markersize=3,
                    label="floor (no library)")
        ax.set_xscale("log", base=2)
        ax.set_xticks(entries)
        ax.set_xticklabels([str(e) for e in entries])
        ax.set_xlim(min(entries) / 1.5, max(entries) * 1.5)
        ax.set_title(f"batch {batch}")
        ax.set_xlabel("ring entries")
        ax.grid(True, color="#dddddd", linewidth=0.6)
    axes[0][0].set_ylabel("user-space instructions per NOP")
    axes[0][0].set_ylim(0, ymax * 1.08)
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=5, frameon=False)
    heading = title or "User-space instructions per NOP"
    if notes:
        heading += "\n" + "; ".join(notes)
    fig.suptitle(heading, fontsize=9)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    if out.endswith(".svg"):
        fig.savefig(out, format="svg", metadata={"Date": None})
    else:
        fig.savefig(out, dpi=110)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("input", nargs="?", default=os.path.join(HERE, "results", "nop_grid.txt"))
    ap.add_argument("-o", "--output", default=os.path.join(HERE, "nop_grid.svg"))
    args = ap.parse_args()
    notes, title, rows = parse(args.input)
    plot(notes, title, rows, args.output)
    print(f"plot_nop_grid.py: {len(rows)} cells from {args.input} -> {args.output}")


if __name__ == "__main__":
    main()
