#!/usr/bin/python3
"""The estimates of `partnet analyse --approx` against exact values (issue 12).

Usage: approx_check.py PARTNET NET.yaml|gen:N:SEED [--directed] [--epsilon E]
                       [--delta D] [--runs N] [--scale-bound F]
(gen:N:SEED: the network of `bench/gen.py N --seed SEED`)

The exact values are NetworkX's, on the graph partnet exports (`export --to json`:
parallel links summed, distance 1/weight as exact fractions, so that tied shortest
paths are found as igraph's tolerance finds them); `partnet analyse --exact` must
agree with them to 1e-8 relative (the export writes weights to 10 digits). With --directed, the exact values are partnet's own
(`--exact`; xcheck_synth_directed compares them with NetworkX).

Then N seeded runs (--seed 1..N) of `analyse --approx --format json`, and for each
metric and run: a failure when any node's error exceeds the bound printed in that
run's JSON (betweenness and harmonic centrality; closeness through the mean distance
R^2 / ((n-1)^2 closeness) it bounds, undirected only, with R the nodes reached). The
bound promises failures in at most a share delta of the runs: the check fails when a
metric fails in more than N delta + 3 sqrt(N delta (1 - delta)) runs. It also fails
when --jobs 1 and 3 give different bytes, when the mean of the N estimates of a node is more than 7 standard errors from the
exact value (a biased sampler; 7, not 3: a node's estimates are skewed, few sources
carry most of its betweenness), and when the runs draw no sample at all.

--scale-bound F multiplies every printed bound by F before checking: F = 0.1 (a bound
10 times too small) must make the check fail (CTest approx_check_planted_bound).
Exit 0 when all holds, 1 otherwise.
"""
import json
import math
import os
import subprocess
import sys
import tempfile
from fractions import Fraction

import networkx as nx


def opt(args, name, default):
    return type(default)(args[args.index(name) + 1]) if name in args else default


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit("failed (%d): %s\n%s" % (p.returncode, " ".join(cmd), p.stderr))
    return p.stdout


def analyse(partnet, net, extra):
    out = run([partnet, "analyse", net, "--format", "json", "--quiet"] + extra)
    doc = json.loads(out)
    vals = {r["id"]: r["metrics"] for r in doc["nodes"]}
    return doc["network"], vals


def exported_graph(partnet, net, directed):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "g.json")
        run([partnet, "export", net, "--to", "json", "-o", path, "--quiet"]
            + (["--directed"] if directed else []))
        with open(path) as f:
            doc = json.load(f)
    G = nx.Graph()
    G.add_nodes_from(n["id"] for n in doc["nodes"])
    for l in doc["links"]:
        u, v = l["source"], l["target"]
        if u == v:
            continue
        w = Fraction(l["weight"]).limit_denominator(10**12)
        if G.has_edge(u, v):
            G[u][v]["w"] += w
        else:
            G.add_edge(u, v, w=w)
    for u, v, d in G.edges(data=True):
        d["dist"] = 1 / d["w"]
    return G


def networkx_exact(G):
    n = len(G)
    bet = nx.betweenness_centrality(G, weight="dist", normalized=True)
    har = nx.harmonic_centrality(G, distance="dist")
    clo = nx.closeness_centrality(G, distance="dist")
    return {v: {"betweenness": float(bet[v]), "harmonic": float(har[v]) / (n - 1),
                "closeness": float(clo[v])} for v in G}


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    partnet, net = args[0], args[1]
    tmp = None
    if net.startswith("gen:"):
        _, size, seed = net.split(":")
        tmp = tempfile.TemporaryDirectory()
        gen = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench",
                           "gen.py")
        net = os.path.join(tmp.name, "net.yaml")
        run([sys.executable, gen, size, "--seed", seed, "-o", net])
    directed = "--directed" in args
    eps, delta = opt(args, "--epsilon", 0.2), opt(args, "--delta", 0.1)
    runs, scale = opt(args, "--runs", 100), opt(args, "--scale-bound", 1.0)
    dopt = ["--directed"] if directed else []
    failures = []

    _, exact = analyse(partnet, net, ["--exact"] + dopt)
    reach = None
    if not directed:
        G = exported_graph(partnet, net, False)
        want = networkx_exact(G)
        worst = 0.0
        for v, m in want.items():
            for k, x in m.items():
                d = abs(exact[v][k] - x)
                if d > 1e-8 * max(abs(x), 1e-3):
                    failures.append("exact %s of %s: partnet %.17g, networkx %.17g"
                                    % (k, v, exact[v][k], x))
                worst = max(worst, d)
        print("partnet --exact against networkx: %d nodes, largest difference %.3g"
              % (len(want), worst))
        exact = {v: {**exact[v], **want[v]} for v in exact}
        reach = {v: len(c) - 1 for c in nx.connected_components(G) for v in c}
    n = len(exact)

    base = [partnet, "analyse", net, "--format", "csv", "--quiet", "--approx", "--epsilon",
            str(eps), "--delta", str(delta)] + dopt
    if run(base + ["--jobs", "1"]) != run(base + ["--jobs", "3"]):
        failures.append("--jobs 1 and --jobs 3 give different estimates")
    metrics = ["betweenness", "harmonic"] + ([] if directed else ["closeness"])
    fails = {k: 0 for k in metrics}
    worst_ratio = {k: 0.0 for k in metrics}
    sums = {k: {v: [0.0, 0.0] for v in exact} for k in ("betweenness", "harmonic")}
    sample = None
    for seed in range(1, runs + 1):
        fig, est = analyse(partnet, net, ["--approx", "--epsilon", str(eps), "--delta",
                                          str(delta), "--seed", str(seed)] + dopt)
        a = fig.get("approximation")
        if a is None:
            sys.exit("run %d: no approximation in the output (the network is too small for "
                     "epsilon %g: the sample would cost the exact run)" % (seed, eps))
        sample = (a["sources"], a["pairs"], a["betweenness_method"])
        bound = {"betweenness": a["betweenness_bound"], "harmonic": a["harmonic_bound"],
                 "closeness": a["mean_distance_bound"]}
        bounds_seen = {k: bound[k] * scale for k in bound}
        for k in metrics:
            b = bound[k] * scale
            err = 0.0
            for v in exact:
                if k == "closeness":
                    R, c, ce = reach[v], exact[v]["closeness"], est[v]["closeness"]
                    if R == 0:
                        continue
                    if ce <= 0:
                        err = math.inf
                        continue
                    want_d, got_d = R * R / ((n - 1) ** 2 * c), R * R / ((n - 1) ** 2 * ce)
                    e = abs(got_d - want_d)
                else:
                    e = abs(est[v][k] - exact[v][k])
                err = max(err, e)
            worst_ratio[k] = max(worst_ratio[k], err / b if b > 0 else math.inf)
            if err > b:
                fails[k] += 1
        for k in sums:
            for v in exact:
                s = sums[k][v]
                s[0] += est[v][k]
                s[1] += est[v][k] ** 2
    allowed = runs * delta + 3 * math.sqrt(runs * delta * (1 - delta))
    print("%d runs, %d nodes, epsilon %g, delta %g: %d sources, %d pairs, betweenness by %s"
          % (runs, n, eps, delta, sample[0], sample[1], sample[2]))
    for k in metrics:
        print("  %-11s runs over the bound: %3d (allowed %.1f); largest error / bound %.3f"
              % (k, fails[k], allowed, worst_ratio[k]))
        if fails[k] > allowed:
            failures.append("%s: %d of %d runs exceed the printed bound (allowed %.1f)"
                            % (k, fails[k], runs, allowed))
    for k in sums:
        worst_z = 0.0
        for v in exact:
            s, x = sums[k][v], exact[v][k]
            mean = s[0] / runs
            var = max(s[1] / runs - mean * mean, 0.0) * runs / (runs - 1)
            se = math.sqrt(var / runs)
            if se == 0:  # the same estimate every run: a node no sampled source reaches
                if abs(mean - x) > bounds_seen[k]:
                    failures.append("%s of %s: every estimate %.17g, exact %.17g"
                                    % (k, v, mean, x))
                continue
            z = abs(mean - x) / se
            worst_z = max(worst_z, z)
            if z > 7:
                failures.append("%s of %s: mean of %d estimates %.6g, exact %.6g (%.1f "
                                "standard errors: biased)" % (k, v, runs, mean, x, z))
        print("  %-11s mean of the estimates: at most %.2f standard errors from exact"
              % (k, worst_z))
    for f in failures[:20]:
        print("FAIL " + f)
    if failures:
        print("FAIL: %d problem(s)" % len(failures))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
