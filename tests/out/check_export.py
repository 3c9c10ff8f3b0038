#!/usr/bin/python3
"""Reads partnet exports back with independent readers (NetworkX for GML and
node-link JSON; python-igraph for GraphML, which NetworkX refuses for a mixed graph)
and checks they hold the whole graph. tests/out/readback.py checks every attribute."""
import json
import sys

import networkx as nx


def main():
    kind, path, want_nodes, want_edges = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    if kind == "graphml":
        import igraph

        h = igraph.Graph.Read_GraphML(path)
        g = nx.MultiGraph()
        g.add_nodes_from((v["id"], v.attributes()) for v in h.vs)
        g.add_edges_from((h.vs[e.source]["id"], h.vs[e.target]["id"]) for e in h.es)
        by_id = {d["name"]: d for _, d in g.nodes(data=True)}
    elif kind == "gml":
        # UTF-8 GML: NetworkX's read_gml insists on 7-bit ASCII, parse_gml reads the text
        with open(path, encoding="utf-8") as f:
            g = nx.parse_gml(f.read())
        by_id = {d["name"]: d for _, d in g.nodes(data=True)}
    elif kind == "json":
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        g = nx.node_link_graph(data, multigraph=True, directed=data["directed"])
        by_id = {n: d for n, d in g.nodes(data=True)}
    else:
        sys.exit("unknown kind " + kind)
    errors = []
    if g.number_of_nodes() != want_nodes:
        errors.append(f"nodes: {g.number_of_nodes()} != {want_nodes}")
    if g.number_of_edges() != want_edges:
        errors.append(f"edges: {g.number_of_edges()} != {want_edges}")
    # every node carries its kind and (for graph formats) a metric
    for nid, d in by_id.items():
        if d.get("kind") not in ("institution", "alliance", "network"):
            errors.append(f"node {nid}: kind {d.get('kind')!r}")
        if kind != "json" and "pagerank" not in d:
            errors.append(f"node {nid}: no pagerank")
    if len(sys.argv) > 5:
        # extra checks: NAME=VALUE on a node's display name (escaping survives the round trip)
        for spec in sys.argv[5:]:
            nid, want = spec.split("=", 1)
            d = by_id.get(nid, {})
            got = d.get("full_name", d.get("fullname")) if kind != "json" else d.get("name")
            if got != want:
                errors.append(f"node {nid}: name {got!r} != {want!r}")
    if errors:
        print("\n".join(errors))
        sys.exit(1)
    print(f"{kind}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges, all checks passed")


if __name__ == "__main__":
    main()
