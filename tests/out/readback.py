#!/usr/bin/python3
"""Reads every partnet export back with independent readers and compares it with the model.

Usage: readback.py PARTNET NETWORK WORKDIR [--plant]

The model is partnet's node-link JSON export (every entity field, tie, membership and
metric). Each of GraphML, GEXF, GML and the CSV sheets (',' and ';' with decimal commas) is
read by every reader that knows the format:
  GraphML: python-igraph, graph-tool (NetworkX refuses a mixed graph: checked, it must say so)
  GML:     NetworkX (parse_gml: the file is UTF-8), python-igraph, graph-tool;
           gml-ascii: NetworkX's read_gml
  GEXF:    xmllint against the GEXF 1.3 schema, then ElementTree + NetworkX (networkx 2.8
           reads only GEXF 1.1/1.2), with the declared attribute types and the spells
  CSV:     the csv module into a NetworkX MultiDiGraph, every cell parsed as its type
and compared on node ids, edge count, direction (source -> target of each directed tie), and
every attribute with its type. Readers without integer attributes (igraph: numbers are
doubles; graph-tool's GML) must give integral doubles; a reader's default for an absent
value (igraph: NaN, ""; graph-tool: 0, "", false) counts as absent.

A second export of each format must be byte-identical to the first.
--plant: corrupt each export (the first directed tie reversed, one integer written as a
real) and require every reader's check to fail on it; exit 0 when all of them did.
"""
import csv
import html
import json
import math
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import networkx as nx

INT_METRICS = {"degree", "coreness", "community"}
TOL = 1e-9


def run(args):
    subprocess.run(args, check=True)


# ---- the model, from the JSON export -------------------------------------------------------

def ref_graph(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    nodes = {}
    for n in data["nodes"]:
        a = {"name": ("s", n["id"]), "label": ("s", n["short"] or n["name"]),
             "full_name": ("s", n["name"]), "short": ("s", n["short"]),
             "kind": ("s", n["kind"]), "type": ("s", n["type"]),
             "country": ("s", n["country"]), "region": ("s", n["region"]),
             "city": ("s", n["city"]), "lat": ("d", n.get("lat")), "lon": ("d", n.get("lon")),
             "parent": ("s", n["parent"]),
             "themes": ("s", "|".join(n["themes"]) or None),
             "since": ("i", n["since"]), "until": ("i", n["until"]),
             "url": ("s", n["url"]), "provenance": ("s", n["provenance"])}
        for k, v in n["attrs"].items():
            a["attr_" + k] = ("s", v)
        for k, v in n.get("metrics", {}).items():
            if k == "articulation_point":
                a[k] = ("b", v)
            elif not isinstance(v, dict) and k not in ("community_stability", "focus_dependents"):
                a[k] = ("i" if k in INT_METRICS else "d", v)
        nodes[n["id"]] = {k: v for k, v in a.items() if v[1] is not None}
    edges = []
    for e in data["links"]:
        tie = e["kind"] == "tie"
        a = {"kind": ("s", e["kind"]), "type": ("s", e["type"]),
             "label": ("s", e.get("label") if tie else None),
             "role": ("s", e.get("role")),
             "themes": ("s", "|".join(e.get("themes", [])) or None),
             "since": ("i", e.get("since")), "until": ("i", e.get("until")),
             "weight": ("d", e["weight"]), "directed": ("b", e["directed"]),
             # a membership's provenance in JSON is the inherited one: compared when written
             "provenance": ("s", e.get("provenance") if tie else None)}
        for k, v in e.get("attrs", {}).items():
            a["attr_" + k] = ("s", v)
        edges.append((e["source"], e["target"], {k: v for k, v in a.items() if v[1] is not None}))
    return nodes, edges, data.get("links_member_provenance")


# ---- comparison ----------------------------------------------------------------------------

class Policy:
    """How a reader gives types and absent values."""

    def __init__(self, name, int_as_float=False, bool_as_int=False, absent=("missing",)):
        self.name, self.int_as_float, self.bool_as_int, self.absent = name, int_as_float, bool_as_int, absent

    def is_absent(self, v):
        if v is None:
            return True
        if "nan" in self.absent and isinstance(v, float) and math.isnan(v):
            return True
        if "empty" in self.absent and v == "":
            return True
        if "zero" in self.absent and not isinstance(v, str) and v == 0:
            return True
        return False

    def check(self, t, want, got):
        """'' when got is want with type t, else the problem."""
        if t == "s":
            return "" if isinstance(got, str) and got == want else f"{got!r} is not the string {want!r}"
        if t == "b":
            if isinstance(got, bool):
                return "" if got == want else f"{got!r} != {want!r}"
            if self.bool_as_int and isinstance(got, (int, float)) and got in (0, 1):
                return "" if bool(got) == want else f"{got!r} != {want!r}"
            return f"{got!r} is not a boolean"
        if t == "i":
            if isinstance(got, bool):
                return f"{got!r} is not an integer"
            if isinstance(got, int):
                return "" if got == want else f"{got!r} != {want!r}"
            if self.int_as_float and isinstance(got, float) and got.is_integer():
                return "" if int(got) == want else f"{got!r} != {want!r}"
            return f"{got!r} ({type(got).__name__}) is not an integer"
        if isinstance(got, bool) or not isinstance(got, (int, float)):
            return f"{got!r} is not a real"
        if isinstance(got, int) and not self.int_as_float:
            return f"{got!r} is an integer, not a real"
        return "" if math.isclose(got, want, rel_tol=TOL, abs_tol=1e-12) else f"{got!r} != {want!r}"


def compare_attrs(where, want, got, policy, ignore, errors):
    for k, (t, v) in want.items():
        if k in ignore:
            continue
        g = got.get(k)
        if g is None or (policy.is_absent(g) and not (t == "s" and v == "")):
            if not (policy.is_absent(g) and "zero" in policy.absent and v in (0, False)):
                errors.append(f"{where}: {k} missing (want {v!r})")
            continue
        problem = policy.check(t, v, g)
        if problem:
            errors.append(f"{where}: {k}: {problem}")
    for k, g in got.items():
        if k not in want and k not in ignore and not policy.is_absent(g):
            errors.append(f"{where}: unexpected {k}={g!r}")


def edge_sort_key(e):
    s, t, a = e
    directed = a.get("directed", ("b", False))[1]
    ends = (s, t) if directed else tuple(sorted((s, t)))
    return (ends, a["kind"][1], a["type"][1], str(a.get("since", ("", ""))[1]),
            str(a.get("label", ("", ""))[1]), str(a.get("role", ("", ""))[1]))


def got_sort_key(e):
    s, t, a = e
    directed = bool(a.get("directed", False))

    def txt(k):
        v = a.get(k)
        if v is None or v == "" or (isinstance(v, float) and math.isnan(v)):
            return ""
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v)
    ends = (s, t) if directed else tuple(sorted((s, t)))
    since = txt("since")
    return (ends, txt("kind"), txt("type"), "" if since in ("0",) else since, txt("label"),
            txt("role"))


def compare(fmt, policy, ref, got, ignore_nodes=(), ignore_edges=()):
    nodes, edges, _ = ref
    gnodes, gedges = got
    errors = []
    if set(gnodes) != set(nodes):
        errors.append(f"node ids differ: missing {sorted(set(nodes) - set(gnodes))[:5]}, "
                      f"extra {sorted(set(gnodes) - set(nodes))[:5]}")
    for nid in sorted(set(nodes) & set(gnodes)):
        compare_attrs(f"node {nid}", nodes[nid], gnodes[nid], policy, set(ignore_nodes), errors)
    if len(gedges) != len(edges):
        errors.append(f"edges: {len(gedges)} != {len(edges)}")
    want = sorted(edges, key=edge_sort_key)
    have = sorted(gedges, key=got_sort_key)
    for w, h in zip(want, have):
        where = f"edge {w[0]}->{w[1]} ({w[2]['type'][1]})"
        if edge_sort_key(w)[:3] != got_sort_key(h)[:3]:
            errors.append(f"{where}: read as {h[0]}->{h[1]} {got_sort_key(h)[1:3]}")
            continue
        wa = dict(w[2])
        if "provenance" not in wa and h[2].get("provenance") not in (None, ""):
            wa["provenance"] = ("s", h[2]["provenance"])  # a membership's own source
        compare_attrs(where, wa, h[2], policy, set(ignore_edges), errors)
    return [f"{fmt} [{policy.name}]: {e}" for e in errors]


# ---- readers -------------------------------------------------------------------------------

def read_igraph(path, fmt):
    import igraph
    g = igraph.Graph.Read_GraphML(path) if fmt == "graphml" else igraph.Graph.Read_GML(path)
    key = "id" if fmt == "graphml" else "label"
    rename = {} if fmt == "graphml" else {"display": "label", "effective_size": "effective-size"}
    nodes = {}
    for v in g.vs:
        a = {rename.get(k, k): x for k, x in v.attributes().items() if k not in (key, "id")}
        if fmt == "gml":
            a["name"] = v["name"]
        nodes[v[key]] = a
    edges = [(g.vs[e.source][key], g.vs[e.target][key],
              {k: x for k, x in e.attributes().items() if k != "id"}) for e in g.es]
    return nodes, edges


def read_graph_tool(path, fmt):
    import graph_tool.all as gt
    g = gt.load_graph(path, fmt=fmt)
    vid = g.vp["_graphml_vertex_id"] if fmt == "graphml" else g.vp["label"]
    rename = {} if fmt == "graphml" else {"display": "label", "effective_size": "effective-size"}
    skip = {"_graphml_vertex_id", "_graphml_edge_id", "id"}
    vprops = {k: p for k, p in g.vp.items() if k not in skip | ({"label"} if fmt == "gml" else set())}
    eprops = {k: p for k, p in g.ep.items() if k not in skip}

    def val(p, x):
        v = p[x]
        if isinstance(v, str) and fmt == "gml":
            # graph-tool 2.45 does not decode the GML spec's &amp; and &quot;
            return html.unescape(v)
        return v if isinstance(v, (str, bool, int, float)) else v.item() if hasattr(v, "item") else v
    # graph-tool 2.45's GML reader turns each '_' of a key into a NUL character
    key = (lambda k: k.replace("\x00", "_")) if fmt == "gml" else (lambda k: k)
    nodes = {vid[v]: {rename.get(key(k), key(k)): val(p, v) for k, p in vprops.items()}
             for v in g.vertices()}
    edges = [(vid[e.source()], vid[e.target()], {key(k): val(p, e) for k, p in eprops.items()})
             for e in g.edges()]
    return nodes, edges


def read_nx_gml(path, ascii=False):
    if ascii:
        g = nx.read_gml(path)  # 7-bit ASCII, &#N; decoded
    else:
        with open(path, encoding="utf-8") as f:
            g = nx.parse_gml(f.read())
    assert isinstance(g, nx.MultiGraph)
    rename = {"display": "label", "effective_size": "effective-size"}
    nodes = {n: {rename.get(k, k): v for k, v in d.items()} for n, d in g.nodes(data=True)}
    edges = [(u, v, {k: x for k, x in d.items() if k != "id"}) for u, v, d in g.edges(data=True)]
    return nodes, edges


GEXF_TYPES = {"string": "s", "long": "i", "integer": "i", "double": "d", "float": "d",
              "boolean": "b"}


def read_gexf(path, ref_nodes, errors):
    """ElementTree; checks the declared type of each attribute against the model's, and the
    spells against since/until. Returns a NetworkX MultiDiGraph's nodes and edges."""
    ns = {"g": "http://gexf.net/1.3"}
    root = ET.parse(path).getroot()
    if root.get("version") != "1.3":
        errors.append(f"gexf: version {root.get('version')!r}")
    graph = root.find("g:graph", ns)
    decl = {}
    for attrs in graph.findall("g:attributes", ns):
        for a in attrs.findall("g:attribute", ns):
            decl[(attrs.get("class"), a.get("id"))] = (a.get("title"), a.get("type"))

    def conv(t, s):
        if t == "long" or t == "integer":
            return int(s)
        if t in ("double", "float"):
            return float(s)
        if t == "boolean":
            return {"true": True, "false": False}[s]
        return s

    def values(el, klass):
        out = {}
        for av in el.findall("g:attvalues/g:attvalue", ns):
            title, t = decl[(klass, av.get("for"))]
            out[title] = conv(t, av.get("value"))
        return out

    def spell(el):
        sp = el.findall("g:spells/g:spell", ns)
        if len(sp) > 1:
            errors.append("gexf: more than one spell")
        return (sp[0].get("start"), sp[0].get("end")) if sp else (None, None)

    G = nx.MultiDiGraph()
    for n in graph.findall("g:nodes/g:node", ns):
        a = values(n, "node")
        if n.get("label") != a.get("label"):
            errors.append(f"gexf: node {n.get('id')} label {n.get('label')!r} != {a.get('label')!r}")
        s, e = spell(n)
        if (s, e) != (None if a.get("since") is None else str(a["since"]),
                      None if a.get("until") is None else str(a["until"])):
            errors.append(f"gexf: node {n.get('id')} spell {s}..{e} != since/until")
        G.add_node(n.get("id"), **a)
    for e in graph.findall("g:edges/g:edge", ns):
        a = values(e, "edge")
        if (e.get("type") == "directed") != a["directed"]:
            errors.append(f"gexf: edge {e.get('id')} type {e.get('type')} vs directed {a['directed']}")
        if not math.isclose(float(e.get("weight")), a["weight"], rel_tol=TOL):
            errors.append(f"gexf: edge {e.get('id')} weight {e.get('weight')}")
        s, t = spell(e)
        if (s, t) != (None if a.get("since") is None else str(a["since"]),
                      None if a.get("until") is None else str(a["until"])):
            errors.append(f"gexf: edge {e.get('id')} spell {s}..{t} != since/until")
        G.add_edge(e.get("source"), e.get("target"), **a)
    # declared types: every column's type is the model's
    want_types = {}
    for a in ref_nodes.values():
        for k, (t, _) in a.items():
            want_types[("node", k)] = t
    for (klass, _), (title, t) in decl.items():
        w = want_types.get((klass, title))
        if w is not None and GEXF_TYPES.get(t) != w:
            errors.append(f"gexf: {klass} attribute {title} declared {t}")
    nodes = {n: dict(d) for n, d in G.nodes(data=True)}
    edges = [(u, v, dict(d)) for u, v, d in G.edges(data=True)]
    return nodes, edges


def read_csv_dir(path, sep, decimal_comma, ref, errors):
    """The sheets into a NetworkX MultiDiGraph, each cell parsed as the model's type."""
    types = {}
    for a in ref[0].values():
        for k, (t, _) in a.items():
            types[("n", k)] = t
    for _, _, a in ref[1]:
        for k, (t, _) in a.items():
            types[("e", k)] = t

    def parse(where, t, cell):
        if cell == "":
            return None
        if t == "s" and len(cell) >= 2 and cell[0] == "'" and cell[1] in "=+-@\t\r":
            cell = cell[1:]  # a text a spreadsheet would run as a formula, after an apostrophe
        elif t == "s" and cell[0] in "=+-@\t\r":
            errors.append(f"csv: {where}: {cell!r} would run as a spreadsheet formula")
        if t == "i":
            if not re.fullmatch(r"-?[0-9]+", cell):
                errors.append(f"csv: {where}: {cell!r} is not an integer")
                return cell
            return int(cell)
        if t == "d":
            if decimal_comma:
                if "." in cell:
                    errors.append(f"csv: {where}: {cell!r} has a decimal point")
                cell = cell.replace(",", ".")
            try:
                return float(cell)
            except ValueError:
                errors.append(f"csv: {where}: {cell!r} is not a real")
                return cell
        if t == "b":
            if cell not in ("true", "false"):
                errors.append(f"csv: {where}: {cell!r} is not true/false")
            return cell == "true"
        return cell
    G = nx.MultiDiGraph()
    with open(os.path.join(path, "nodes.csv"), encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter=sep))
    head = rows[0]
    if head[:2] != ["Id", "Label"]:
        errors.append(f"csv: nodes.csv starts {head[:2]}")
    names = ["name", "label"] + head[2:]
    for r in rows[1:]:
        a = {}
        for k, cell in zip(names, r):
            v = parse(f"node {r[0]} {k}", types.get(("n", k), "s"), cell)
            if v is not None:
                a[k] = v
        G.add_node(r[0], **a)
    with open(os.path.join(path, "edges.csv"), encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter=sep))
    head = rows[0]
    if head[:5] != ["Source", "Target", "Type", "Weight", "Label"]:
        errors.append(f"csv: edges.csv starts {head[:5]}")
    names = ["", "", "directed", "weight", "label"] + ["type" if h == "relation" else h
                                                       for h in head[5:]]
    for r in rows[1:]:
        a = {}
        for k, cell in list(zip(names, r))[3:]:
            v = parse(f"edge {r[0]}->{r[1]} {k}", types.get(("e", k), "s"), cell)
            if v is not None:
                a[k] = v
        if r[2] not in ("Directed", "Undirected"):
            errors.append(f"csv: edge {r[0]}->{r[1]} Type {r[2]!r}")
        a["directed"] = r[2] == "Directed"
        G.add_edge(r[0], r[1], **a)
    return ({n: dict(d) for n, d in G.nodes(data=True)},
            [(u, v, dict(d)) for u, v, d in G.edges(data=True)])


# ---- the whole check -----------------------------------------------------------------------

def export_all(partnet, net, work):
    os.makedirs(work, exist_ok=True)
    p = lambda name: os.path.join(work, name)
    for fmt in ("json", "graphml", "gexf", "gml", "gml-ascii"):
        run([partnet, "export", "--quiet", "--to", fmt, "-o", p("x." + fmt), net])
    run([partnet, "export", "--quiet", "--to", "csv", "-o", p("csv"), net])
    run([partnet, "export", "--quiet", "--to", "csv", "--decimal-comma", "-o", p("csv-fr"), net])
    return p


def check_all(p, schema_dir, ref):
    """Every reader on every export; returns {check name: [errors]}."""
    out = {}
    has_directed = any(a["directed"][1] for _, _, a in ref[1])
    # GraphML
    err = []
    try:
        nx.read_graphml(p("x.graphml"))
        if has_directed:
            err.append("graphml [networkx]: read a mixed graph as one kind (no directed edges?)")
    except nx.NetworkXError as e:
        if not has_directed or "directed=false edge found in directed graph" not in str(e):
            err.append(f"graphml [networkx]: {e}")
    out["graphml/networkx-mixed"] = err
    out["graphml/igraph"] = compare("graphml", Policy("igraph", int_as_float=True,
                                                      absent=("nan", "empty")),
                                    ref, read_igraph(p("x.graphml"), "graphml"))
    out["graphml/graph-tool"] = compare("graphml", Policy("graph-tool", bool_as_int=True,
                                                          absent=("zero", "empty")),
                                        ref, read_graph_tool(p("x.graphml"), "graphml"))
    # GML
    out["gml/networkx"] = compare("gml", Policy("networkx", bool_as_int=True), ref,
                                  read_nx_gml(p("x.gml")))
    out["gml/igraph"] = compare("gml", Policy("igraph", int_as_float=True, bool_as_int=True,
                                              absent=("nan", "empty")),
                                ref, read_igraph(p("x.gml"), "gml"))
    out["gml/graph-tool"] = compare("gml", Policy("graph-tool", int_as_float=True,
                                                  bool_as_int=True, absent=("zero", "empty")),
                                    ref, read_graph_tool(p("x.gml"), "gml"))
    out["gml-ascii/networkx"] = compare("gml-ascii", Policy("networkx read_gml", bool_as_int=True),
                                        ref, read_nx_gml(p("x.gml-ascii"), ascii=True))
    # GEXF
    err = []
    r = subprocess.run(["xmllint", "--noout", "--schema", os.path.join(schema_dir, "gexf.xsd"),
                        p("x.gexf")], capture_output=True, text=True)
    if r.returncode != 0:
        err.append("gexf [xmllint]: " + r.stderr.strip()[-400:])
    got = read_gexf(p("x.gexf"), ref[0], err)
    out["gexf/etree+networkx"] = err + compare("gexf", Policy("etree"), ref, got)
    # CSV
    for name, sep, dc in (("csv", ",", False), ("csv-fr", ";", True)):
        err = []
        got = read_csv_dir(p(name), sep, dc, ref, err)
        out[f"{name}/csv+networkx"] = err + compare(name, Policy("csv"), ref, got)
    return out


def plant(p):
    """Reverse the first directed tie and write one integer as a real, in each export."""
    def edit(path, fn):
        with open(path, encoding="utf-8") as f:
            s = f.read()
        t = fn(s)
        assert t != s, f"plant changed nothing in {path}"
        with open(path, "w", encoding="utf-8") as f:
            f.write(t)
    # in a mixed graph the directed edges are those without directed="false"
    edit(p("x.graphml"), lambda s: re.sub(
        r'source="([^"]+)" target="([^"]+)">', r'source="\2" target="\1">', s, count=1))
    for gml in ("x.gml", "x.gml-ascii"):
        edit(p(gml), lambda s: re.sub(r"(    since )([0-9]+)\n", r"\g<1>\2.0\n", s, count=1))
        edit(p(gml), lambda s: re.sub(
            r"    source ([0-9]+)\n    target ([0-9]+)\n((?:    [^\n]*\n)*?    directed 1\n)",
            r"    source \2\n    target \1\n\3", s, count=1))
    edit(p("x.gexf"), lambda s: re.sub(
        r'source="([^"]+)" target="([^"]+)" type="directed"',
        r'source="\2" target="\1" type="directed"', s, count=1))
    for d in ("csv", "csv-fr"):
        edit(os.path.join(p(d), "edges.csv"), lambda s: re.sub(
            r"\n([^,;\n]+)([,;])([^,;\n]+)\2Directed", r"\n\3\2\1\2Directed", s, count=1))


def main():
    partnet, net, work = sys.argv[1:4]
    planted = "--plant" in sys.argv[4:]
    schema_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "gexf-1.3")
    p = export_all(partnet, net, work)
    ref = ref_graph(p("x.json"))
    if planted:
        plant(p)
    results = check_all(p, schema_dir, ref)
    if not planted:
        # same input, same bytes: a second export of each format is identical
        again = export_all(partnet, net, os.path.join(work, "again"))
        err = []
        for name in ("x.graphml", "x.gexf", "x.gml", "x.gml-ascii", "csv/nodes.csv",
                     "csv/edges.csv", "csv-fr/nodes.csv", "csv-fr/edges.csv"):
            with open(p(name), "rb") as f1, open(again(name), "rb") as f2:
                if f1.read() != f2.read():
                    err.append(f"{name}: a second export differs")
        results["same-bytes"] = err
    failed = False
    for name, errors in results.items():
        if planted:
            if not errors and name != "graphml/networkx-mixed":
                print(f"{name}: the planted defect was NOT caught")
                failed = True
            else:
                print(f"{name}: caught ({len(errors)} problems, first: {errors[0] if errors else '-'})")
        elif errors:
            failed = True
            print(f"{name}: {len(errors)} problems")
            for e in errors[:15]:
                print("  " + e)
        else:
            print(f"{name}: ok")
    print(f"{len(ref[0])} nodes, {len(ref[1])} edges")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
