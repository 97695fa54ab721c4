#!/usr/bin/env python3
"""Turns JMH JSON results (scripts/benchmarks ... -rf json -rff FILE) into the Markdown table of
docs/BENCHMARKS.md: median of every measured iteration of every fork, JMH's 99.9% error, and the
median CPU time per operation when the run used -prof dev.fanout.benchmarks.CpuProfiler.
Usage: benchmarks/results-table.py FILE.json [FILE.json ...]"""
import json
import statistics
import sys


def median(metric):
    values = [v for fork in metric.get("rawData", []) for v in fork]
    return statistics.median(values) if values else float("nan")


def fmt(x):
    x = float(x)  # JMH writes "NaN" as a string
    if x != x:  # NaN
        return "-"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:.2f}" if abs(x) < 10 else f"{x:.1f}"


def main(paths):
    print("| benchmark | model | listeners | median | mean ± error (99.9%) | unit | CPU/op (median) |")
    print("|---|---|---|---:|---:|---|---:|")
    jvm = set()
    for path in paths:
        for r in json.load(open(path)):
            jvm.add(f"{r.get('vmName', '')} {r.get('jdkVersion', '')}")
            p = r["primaryMetric"]
            params = r.get("params", {})
            cpu = r.get("secondaryMetrics", {}).get("cpu")
            cpu_text = "-"
            if cpu:
                cpu_ns = median(cpu)
                cpu_text = f"{cpu_ns / 1e6:,.1f} ms" if cpu_ns >= 1e6 else f"{fmt(cpu_ns)} ns"
            name = r["benchmark"].replace("dev.fanout.benchmarks.", "")
            print(
                f"| {name} | {params.get('model', '-')} | {params.get('listeners', '-')} "
                f"| {fmt(median(p))} | {fmt(p['score'])} ± {fmt(p['scoreError'])} "
                f"| {p['scoreUnit']} | {cpu_text} |"
            )
    print()
    print("JVM: " + "; ".join(sorted(jvm)))


if __name__ == "__main__":
    main(sys.argv[1:])
