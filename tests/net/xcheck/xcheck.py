#!/usr/bin/python3
"""Cross-check partnet's metrics against NetworkX on the classic networks.

Usage: xcheck.py DUMP NET [options passed to DUMP...]
  DUMP  the tests/net/xcheck/xcheck_dump binary; NET one of classic.GRAPHS
Runs DUMP on tests/data/classic/NET.yaml, recomputes every metric with NetworkX
(numpy for the eigenvector problems) on the graph NetworkX itself ships, and
asserts agreement to 1e-9 relative error, or the relation explained in
docs/analysis.md (harmonic centrality divided by n-1, eigenvector scaled to a
maximum of 1). Values within 1e-12 of zero count as equal (relative error is
meaningless there). Exit 0 when everything agrees, 1 with a list otherwise.
"""
import math
from fractions import Fraction
import os
import subprocess
import sys
import warnings

import networkx as nx
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import classic  # noqa: E402

REL = 1e-9
ABS = 1e-12
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "classic")
failures = []
checked = [0]


def close(a, b):
    if isinstance(a, float) and math.isnan(a) or isinstance(b, float) and math.isnan(b):
        return (isinstance(a, float) and math.isnan(a)) and (isinstance(b, float) and math.isnan(b))
    return abs(a - b) <= REL * max(abs(a), abs(b)) or abs(a - b) <= ABS


def expect(what, got, want):
    checked[0] += 1
    if not close(float(got), float(want)):
        failures.append("%s: partnet %.17g, networkx %.17g" % (what, float(got), float(want)))


def expect_true(what, cond):
    checked[0] += 1
    if not cond:
        failures.append(what)


def run_dump(dump, net, opts, path=None):
    path = path or os.path.join(DATA, net + ".yaml")
    p = subprocess.run([dump] + opts + [path], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit("xcheck_dump failed (%d): %s" % (p.returncode, p.stderr))
    nodes, figures, edges = {}, {}, []
    runs = {}
    section = None
    header = None
    for line in p.stdout.splitlines():
        if line in ("nodes", "figures", "edges", "runs"):
            section, header = line, None
            continue
        cells = line.split(",")
        if header is None:
            header = cells
            continue
        if section == "nodes":
            row = dict(zip(header, cells))
            nodes[row["id"]] = row
        elif section == "figures":
            figures[cells[0]] = cells[1]
        elif section == "runs":
            runs.setdefault(int(cells[0]), {})[cells[1]] = int(cells[2])
        else:
            edges.append((cells[0], cells[1], cells[2], float(cells[3])))
    again = subprocess.run([dump] + opts + [path], capture_output=True, text=True)
    expect_true("same input and seed give byte-identical output", again.stdout == p.stdout)
    figures["_runs"] = runs
    return nodes, figures, edges


def eigenvector_numpy(G, order):
    """Leading eigenvector of the weighted adjacency, scaled to max 1."""
    A = nx.to_numpy_array(G, nodelist=order, weight="weight")
    vals, vecs = np.linalg.eigh(A)
    x = np.abs(vecs[:, np.argmax(vals)])
    return dict(zip(order, x / x.max()))


def pagerank_exact(G, order):
    """PageRank as the stationary vector of NetworkX's Google matrix."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        M = nx.google_matrix(G, alpha=0.85, weight="weight", nodelist=order)
    vals, vecs = np.linalg.eig(np.asarray(M).T)
    x = np.real(vecs[:, np.argmax(np.real(vals))])
    return dict(zip(order, x / x.sum()))


def hits_scaled(G):
    """NetworkX's HITS (hub, authority) of the weighted G, each scaled to a maximum of 1
    as partnet's; None when the leading eigenvalue of A^T A is not simple (a bipartite
    network, or two components as strong as each other), where the scores are not
    unique and any vector of the eigenspace is a right answer."""
    order = list(G)
    if G.number_of_edges() == 0:
        return None
    A = nx.to_numpy_array(G, nodelist=order, weight="weight")
    vals = np.linalg.eigvalsh(A.T @ A)
    if vals[-1] <= 0 or (vals[-1] - vals[-2]) / vals[-1] < 1e-6:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        h, a = nx.hits(G, max_iter=100000, tol=1e-15, normalized=True)
    mh, ma = max(h.values()), max(a.values())
    return {v: h[v] / mh for v in order}, {v: a[v] / ma for v in order}


def expect_hits(G, nodes, label):
    """hub and authority against hits_scaled (skipped, and counted, where not unique)."""
    ha = hits_scaled(G)
    if ha is None:
        skipped_hits[0] += 1
        return
    for v in G:
        expect("%s %s hub" % (label, v), float(nodes[v]["hub"]), ha[0][v])
        expect("%s %s authority" % (label, v), float(nodes[v]["authority"]), ha[1][v])


skipped_hits = [0]


def brokerage_naive(D, country):
    """Gould-Fernandez roles on the arc graph D (docs/analysis.md)."""
    roles = {v: [0, 0, 0, 0, 0] for v in D}
    for v in D:
        if country.get(v) is None:
            roles[v] = [float("nan")] * 5
            continue
        for a in D.predecessors(v):
            for c in D.successors(v):
                if a == c or D.has_edge(a, c) or country.get(a) is None or country.get(c) is None:
                    continue
                ca, cv, cc = country[a], country[v], country[c]
                if ca == cv == cc:
                    roles[v][0] += 1  # coordinator
                elif ca == cc:
                    roles[v][3] += 1  # itinerant
                elif ca == cv:
                    roles[v][2] += 1  # representative
                elif cv == cc:
                    roles[v][1] += 1  # gatekeeper
                else:
                    roles[v][4] += 1  # liaison
    return roles


def check_metrics(G, nodes, figures, label, D=None, skip=()):
    """Every per-node metric and network figure of the undirected weighted G.
    D: the arc graph for brokerage roles (default: G both ways); skip: metric
    names checked elsewhere (the direction-aware ones under --directed)."""
    if D is None:
        D = G.to_directed()
    for u, v, d in G.edges(data=True):
        d.setdefault("weight", 1.0)
        # Exact rational distances: NetworkX compares floating path lengths
        # exactly, so 1/3 + 1/6 != 1/2 would hide tied shortest paths that
        # igraph (which compares with a tolerance) counts; with Fractions
        # NetworkX finds the mathematically exact ties (docs/analysis.md).
        exact = d.get("wexact", Fraction(d["weight"]).limit_denominator(10**12))
        d["dist"] = 1 / exact
    order = list(G)
    n = len(order)
    expect_true("%s: node sets differ" % label, set(order) == set(nodes))
    if set(order) != set(nodes):
        return
    bet = nx.betweenness_centrality(G, weight="dist", normalized=True)
    har = nx.harmonic_centrality(G, distance="dist")
    clo = nx.closeness_centrality(G, distance="dist")
    eig = eigenvector_numpy(G, order) if G.number_of_edges() else {v: 0.0 for v in G}
    pr = pagerank_exact(G, order)
    con = nx.constraint(G, weight="weight")
    eff = nx.effective_size(G)
    core = nx.core_number(G)
    clu = nx.clustering(G)
    art = set(nx.articulation_points(G))
    country = {v: d.get("country") for v, d in G.nodes(data=True)}
    bro = brokerage_naive(D, country)
    if "hub" not in skip:
        expect_hits(G, nodes, label)
    for v in order:
        r = nodes[v]
        f = lambda k: float(r[k])  # noqa: E731
        if "degree" not in skip:
            expect("%s %s degree" % (label, v), f("degree"), G.degree(v))
        expect("%s %s strength" % (label, v), f("strength"), G.degree(v, weight="weight"))
        if "betweenness" not in skip:
            expect("%s %s betweenness" % (label, v), f("betweenness"), float(bet[v]))
        if "harmonic" not in skip:
            expect("%s %s harmonic" % (label, v), f("harmonic"), float(har[v]) / (n - 1))
        if "closeness" not in skip:
            expect("%s %s closeness" % (label, v), f("closeness"), float(clo[v]))
        if "eigenvector" not in skip:
            expect("%s %s eigenvector" % (label, v), f("eigenvector"), eig[v])
        if "pagerank" not in skip:
            expect("%s %s pagerank" % (label, v), f("pagerank"), pr[v])
        expect("%s %s constraint" % (label, v), f("constraint"), con[v])
        expect("%s %s effective-size" % (label, v), f("effective-size"), eff[v])
        expect("%s %s coreness" % (label, v), f("coreness"), core[v])
        expect("%s %s clustering" % (label, v), f("clustering"), clu[v])
        expect("%s %s articulation" % (label, v), int(r["articulation"]), 1 if v in art else 0)
        for k, role in enumerate(["coordinator", "gatekeeper", "representative", "itinerant",
                                  "liaison"]):
            expect("%s %s %s" % (label, v, role), f(role), bro[v][k])

    F = lambda k: float(figures[k])  # noqa: E731
    expect(label + " n_nodes", F("n_nodes"), n)
    expect(label + " n_edges", F("n_edges"), G.number_of_edges())
    expect(label + " density", F("density"), nx.density(G))
    comps = sorted(nx.connected_components(G), key=len, reverse=True)
    expect(label + " n_components", F("n_components"), len(comps))
    expect(label + " largest_component", F("largest_component"), len(comps[0]))
    expect(label + " diameter", F("diameter"), nx.diameter(G.subgraph(comps[0])))
    if len(comps) == 1:
        apl = nx.average_shortest_path_length(G)
    else:
        tot = pairs = 0
        for s, dd in nx.all_pairs_shortest_path_length(G):
            for t, x in dd.items():
                if s != t:
                    tot, pairs = tot + x, pairs + 1
        apl = tot / pairs
    expect(label + " avg_path_length", F("avg_path_length"), apl)
    expect(label + " transitivity", F("transitivity"), nx.transitivity(G))
    expect(label + " n_bridges", F("n_bridges"), len(list(nx.bridges(G))))
    with_c = [v for v in G if country[v] is not None]
    if with_c and G.subgraph(with_c).number_of_edges():
        ac = nx.attribute_assortativity_coefficient(G.subgraph(with_c), "country")
    else:
        ac = float("nan")
    expect(label + " assort_country", F("assort_country"), ac)
    typ = {v: d.get("type") for v, d in G.nodes(data=True)}
    with_t = [v for v in G if typ[v] is not None]
    if with_t and G.subgraph(with_t).number_of_edges():
        at = nx.attribute_assortativity_coefficient(G.subgraph(with_t), "type")
    else:
        at = float("nan")
    expect(label + " assort_type", F("assort_type"), at)

    # communities: a partition of every node, ids 0.. numbered by size then first node,
    # and its modularity recomputed independently
    memb = {v: int(float(nodes[v]["community"])) for v in order}
    seen = []
    for v in nodes:  # dict keeps the dump's row order (view order)
        c = memb[v]
        if c not in seen:
            seen.append(c)
    # issue 10: numbered by size, largest first, ties by first node
    size = {c: sum(1 for v in order if memb[v] == c) for c in seen}
    by_size = sorted(seen, key=lambda c: (-size[c], seen.index(c)))
    expect_true(label + " community ids are numbered by size, then first node: %s" % by_size,
                by_size == list(range(len(seen))))
    expect(label + " n_communities", F("n_communities"), len(seen))
    parts = [set(v for v in order if memb[v] == c) for c in seen]
    q = nx.algorithms.community.modularity(G, parts, weight="weight")
    expect(label + " modularity (recomputed by networkx)", F("modularity"), q)
    return memb


def check_cutoff(G, nodes, figures, cutoff, label):
    """Betweenness over paths of length <= cutoff: NetworkX has no such
    option, so python-igraph's betweenness(cutoff=...) is the reference."""
    import igraph as ig
    order = list(G)
    idx = {v: i for i, v in enumerate(order)}
    edges = list(G.edges(data=True))
    g = ig.Graph(n=len(order), edges=[(idx[a], idx[b]) for a, b, d in edges])
    raw = g.betweenness(weights=[1.0 / d["weight"] for a, b, d in edges], cutoff=cutoff)
    n = len(order)
    full = nx.betweenness_centrality(G, weight="dist", normalized=True)
    expect_true(label + " betweenness_approx is set", figures["betweenness_approx"] == "1")
    differs = False
    for v in order:
        want = 2 * raw[idx[v]] / ((n - 1) * (n - 2))
        expect("%s %s betweenness (cutoff %g)" % (label, v, cutoff), float(nodes[v]["betweenness"]),
               want)
        differs = differs or not close(want, float(full[v]))
    expect_true(label + " the cutoff changes betweenness (else the test proves nothing)", differs)


def nx_graph(net):
    G = classic.GRAPHS[net]()
    if net == "karate":
        for v, d in G.nodes(data=True):
            d["country"] = classic.KARATE_CLUB_COUNTRY[d.pop("club")]
    for v, d in G.nodes(data=True):
        d.pop("bipartite", None)
    return G


def check_projection(G, edges, kind, want, label):
    got = {}
    for a, b, k, w in edges:
        expect_true("%s: edge %s-%s has kind %s, expected %s" % (label, a, b, k, kind), k == kind)
        got[frozenset((a, b))] = got.get(frozenset((a, b)), 0.0) + w
    exp = {frozenset((a, b)): d["weight"] for a, b, d in want.edges(data=True)}
    expect_true("%s: projected edge sets differ (%d vs %d)" % (label, len(got), len(exp)),
                set(got) == set(exp))
    for e in set(got) & set(exp):
        expect("%s weight %s" % (label, "-".join(sorted(e))), got[e], exp[e])


def main():
    dump, net, opts = sys.argv[1], sys.argv[2], sys.argv[3:]
    nodes, figures, edges = run_dump(dump, net, opts)
    label = " ".join([net] + opts)
    G = nx_graph(net)
    if "--projection" in opts:
        proj = opts[opts.index("--projection") + 1]
        B = classic.davis()
        women = [v for v, d in B.nodes(data=True) if d["bipartite"] == 0]
        events = [v for v, d in B.nodes(data=True) if d["bipartite"] == 1]
        if proj == "institutions" and "--newman" in opts:
            P = nx.bipartite.collaboration_weighted_projected_graph(B, women)
            check_projection(G, edges, "comember", P, label)
        elif proj == "institutions":
            P = nx.bipartite.weighted_projected_graph(B, women)
            check_projection(G, edges, "comember", P, label)
        else:
            P = nx.bipartite.weighted_projected_graph(B, events)
            check_projection(G, edges, "overlap", P, label)
        G = nx.Graph()
        G.add_nodes_from(P.nodes())
        G.add_edges_from(P.edges(data=True))
    skip = ("betweenness",) if "--cutoff" in opts else ()
    memb = check_metrics(G, nodes, figures, label, skip=skip)
    if "--cutoff" in opts:
        check_cutoff(G, nodes, figures, float(opts[opts.index("--cutoff") + 1]), label)
    if net in ("karate", "lesmis") and "--resolution" not in opts:
        # every modularity-seeking method finds the well-known structure
        # (best known: karate ~0.445 weighted, Les Miserables ~0.566)
        expect_true("%s modularity %s >= 0.4" % (label, figures["modularity"]),
                    float(figures["modularity"]) >= 0.4)
        expect_true("%s at least 3 communities" % label, int(figures["n_communities"]) >= 3)
    if "--runs" in opts:
        stab = {v: float(nodes[v]["stability"]) for v in nodes}
        expect_true(label + " stability within [0, 1]",
                    all(0 <= s <= 1 + 1e-12 for s in stab.values()))
        k = int(figures["n_communities"])
        for c in range(k):
            mem = [v for v in nodes if memb[v] == c]
            expect("%s community_stability_%d (mean of members)" % (label, c),
                   float(figures["community_stability_%d" % c]),
                   sum(stab[v] for v in mem) / len(mem))
        # recompute every node's stability from the runs' own partitions
        runs = figures["_runs"]
        expect_true(label + " run 0 is the reported partition",
                    all(runs[0][v] == memb[v] for v in nodes))
        for v in nodes:
            mates = [u for u in nodes if memb[u] == memb[v] and u != v]
            if not mates:
                want = 1.0
            else:
                want = sum(sum(runs[r][u] == runs[r][v] for u in mates) / len(mates)
                           for r in range(1, len(runs))) / (len(runs) - 1)
            expect("%s %s stability (recomputed)" % (label, v), stab[v], want)
        if "walktrap" not in opts:
            expect_true(label + " the runs differ (else stability is not exercised)",
                        any(runs[r] != runs[0] for r in runs))
        if "walktrap" in opts:  # deterministic: every run agrees
            expect_true(label + " walktrap stability is 1", all(s == 1 for s in stab.values()))
    if failures:
        print("%d of %d checks FAILED:" % (len(failures), checked[0]))
        for f in failures[:60]:
            print("  " + f)
        return 1
    print("%s: %d checks agree with networkx %s%s" % (
        label, checked[0], nx.__version__,
        " (HITS not unique here: not compared)" if skipped_hits[0] else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
