/*
 * export_xml: GraphML and GEXF 1.3 of the view, written as text from the shared schema
 * (export_int.h). GraphML: partnet ids as node ids, typed keys (long, double, boolean,
 * string), a mixed graph when a tie is directed (edgedefault directed, directed="false" on
 * each undirected edge).
 * GEXF 1.3: typed attributes and attvalues, spells from since/until (Gephi's timeline),
 * the edge type per edge. Every text is XML-escaped. Must not print.
 */
#include <stdio.h>

#include "base/outfile.h"
#include "out/export_int.h"

#ifndef PARTNET_VERSION
#define PARTNET_VERSION "0.0.0"
#endif

static void append_value(struct pn_strbuf *sb, enum xtype t, const struct xval *x)
{
    switch (t) {
    case XT_STRING: pn_strbuf_append_xml(sb, x->s); break;
    case XT_INT: pn_strbuf_appendf(sb, "%lld", x->i); break;
    case XT_DOUBLE: xappend_double(sb, x->d, false, false); break;
    case XT_BOOL: pn_strbuf_append(sb, x->b ? "true" : "false"); break;
    }
}

static const char *graphml_type(enum xtype t)
{
    static const char *const names[] = {"string", "long", "double", "boolean"};
    return names[t];
}

static void graphml_keys(struct pn_strbuf *sb, const struct xschema *s)
{
    pn_strbuf_append(sb, "  <key id=\"g_title\" for=\"graph\" attr.name=\"title\" "
                         "attr.type=\"string\"/>\n");
    for (size_t k = 0; k < s->n_node_cols; k++) {
        pn_strbuf_appendf(sb, "  <key id=\"v%zu\" for=\"node\" attr.name=\"", k);
        pn_strbuf_append_xml(sb, s->node_cols[k].name);
        pn_strbuf_appendf(sb, "\" attr.type=\"%s\"/>\n", graphml_type(s->node_cols[k].type));
    }
    for (size_t k = 0; k < s->n_edge_cols; k++) {
        pn_strbuf_appendf(sb, "  <key id=\"e%zu\" for=\"edge\" attr.name=\"", k);
        pn_strbuf_append_xml(sb, s->edge_cols[k].name);
        pn_strbuf_appendf(sb, "\" attr.type=\"%s\"/>\n", graphml_type(s->edge_cols[k].type));
    }
}

static void graphml_body(struct pn_strbuf *sb, const struct xschema *s, bool mixed)
{
    struct xval x;
    for (size_t i = 0; i < s->v->n_nodes; i++) {
        pn_strbuf_append(sb, "    <node id=\"");
        pn_strbuf_append_xml(sb, xnode_id(s, i));
        pn_strbuf_append(sb, "\">\n");
        for (size_t k = 0; k < s->n_node_cols; k++) {
            xval_node(s, &s->node_cols[k], i, &x);
            if (x.present) {
                pn_strbuf_appendf(sb, "      <data key=\"v%zu\">", k);
                append_value(sb, s->node_cols[k].type, &x);
                pn_strbuf_append(sb, "</data>\n");
            }
            xval_clear(&x);
        }
        pn_strbuf_append(sb, "    </node>\n");
    }
    for (size_t i = 0; i < s->v->n_edges; i++) {
        const struct pn_edge *ed = &s->v->edges[i];
        pn_strbuf_appendf(sb, "    <edge id=\"e%zu\" source=\"", i);
        pn_strbuf_append_xml(sb, xnode_id(s, ed->from));
        pn_strbuf_append(sb, "\" target=\"");
        pn_strbuf_append_xml(sb, xnode_id(s, ed->to));
        /* in a mixed graph (edgedefault directed) each undirected edge says so */
        pn_strbuf_append(sb, mixed && !ed->directed ? "\" directed=\"false\">\n" : "\">\n");
        for (size_t k = 0; k < s->n_edge_cols; k++) {
            xval_edge(s, &s->edge_cols[k], i, &x);
            if (x.present) {
                pn_strbuf_appendf(sb, "      <data key=\"e%zu\">", k);
                append_value(sb, s->edge_cols[k].type, &x);
                pn_strbuf_append(sb, "</data>\n");
            }
            xval_clear(&x);
        }
        pn_strbuf_append(sb, "    </edge>\n");
    }
}

static enum pn_status write_text(struct pn_strbuf *sb, const char *path, struct pn_diag *d)
{
    enum pn_status st = pn_outfile_write_all(path, pn_strbuf_str(sb), sb->len, d);
    pn_strbuf_destroy(sb);
    return st;
}

enum pn_status pn_export_graphml(const struct pn_graph *g, const struct pn_metrics *mx,
                                 const struct pn_export_options *eo, const char *path,
                                 struct pn_diag *d)
{
    (void)eo;
    struct xschema s;
    xschema_build(&s, pn_graph_model(g), pn_graph_view(g), mx);
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    pn_strbuf_append(&sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
                          "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                          "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
                          "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
    graphml_keys(&sb, &s);
    /* with a directed tie, a mixed graph as the GraphML primer defines it: directed by
     * default (source = from), each undirected edge directed="false"; directed rather than
     * undirected by default so that readers without mixed graphs (igraph, graph-tool) keep
     * every tie's direction. Without one, an undirected graph. */
    bool mixed = pn_export_any_directed(s.v);
    pn_strbuf_appendf(&sb, "  <graph id=\"G\" edgedefault=\"%s\">\n",
                      mixed ? "directed" : "undirected");
    if (s.m->title != NULL) {
        pn_strbuf_append(&sb, "    <data key=\"g_title\">");
        pn_strbuf_append_xml(&sb, s.m->title);
        pn_strbuf_append(&sb, "</data>\n");
    }
    graphml_body(&sb, &s, mixed);
    pn_strbuf_append(&sb, "  </graph>\n</graphml>\n");
    xschema_destroy(&s);
    return write_text(&sb, path, d);
}

/* ---- GEXF 1.3 -------------------------------------------------------------------- */

static const char *gexf_type(enum xtype t)
{
    static const char *const names[] = {"string", "long", "double", "boolean"};
    return names[t];
}

static void gexf_attributes(struct pn_strbuf *sb, const struct xcol *cols, size_t n,
                            const char *klass, char prefix)
{
    pn_strbuf_appendf(sb, "    <attributes class=\"%s\" mode=\"static\">\n", klass);
    for (size_t k = 0; k < n; k++) {
        pn_strbuf_appendf(sb, "      <attribute id=\"%c%zu\" title=\"", prefix, k);
        pn_strbuf_append_xml(sb, cols[k].name);
        pn_strbuf_appendf(sb, "\" type=\"%s\"/>\n", gexf_type(cols[k].type));
    }
    pn_strbuf_append(sb, "    </attributes>\n");
}

/* <spells> from since/until (a closed interval of years; an open end is left out). */
static void gexf_spell(struct pn_strbuf *sb, int since, int until)
{
    if (since == PN_YEAR_UNSET && until == PN_YEAR_UNSET)
        return;
    pn_strbuf_append(sb, "        <spells><spell");
    if (since != PN_YEAR_UNSET)
        pn_strbuf_appendf(sb, " start=\"%d\"", since);
    if (until != PN_YEAR_UNSET)
        pn_strbuf_appendf(sb, " end=\"%d\"", until);
    pn_strbuf_append(sb, "/></spells>\n");
}

/* The attvalues of one node (edge false) or edge. */
static void gexf_attvalues(struct pn_strbuf *sb, const struct xschema *s, bool edge, size_t i)
{
    size_t n = edge ? s->n_edge_cols : s->n_node_cols;
    pn_strbuf_append(sb, "        <attvalues>\n");
    for (size_t k = 0; k < n; k++) {
        struct xval x;
        if (edge)
            xval_edge(s, &s->edge_cols[k], i, &x);
        else
            xval_node(s, &s->node_cols[k], i, &x);
        if (x.present) {
            pn_strbuf_appendf(sb, "          <attvalue for=\"%c%zu\" value=\"", edge ? 'e' : 'n',
                              k);
            append_value(sb, edge ? s->edge_cols[k].type : s->node_cols[k].type, &x);
            pn_strbuf_append(sb, "\"/>\n");
        }
        xval_clear(&x);
    }
    pn_strbuf_append(sb, "        </attvalues>\n");
}

static void edge_years(const struct xschema *s, const struct pn_edge *ed, int *since,
                       int *until)
{
    *since = *until = PN_YEAR_UNSET;
    if (ed->kind == PN_EDGE_TIE && ed->ref != PN_NONE) {
        *since = s->m->ties[ed->ref].since;
        *until = s->m->ties[ed->ref].until;
    } else if (ed->kind == PN_EDGE_MEMBER && ed->ref != PN_NONE && ed->sub != PN_NONE) {
        *since = s->m->entities[ed->ref].members[ed->sub].since;
        *until = s->m->entities[ed->ref].members[ed->sub].until;
    }
}

static void gexf_nodes_edges(struct pn_strbuf *sb, const struct xschema *s)
{
    pn_strbuf_appendf(sb, "    <nodes count=\"%zu\">\n", s->v->n_nodes);
    for (size_t i = 0; i < s->v->n_nodes; i++) {
        const struct pn_entity *e = &s->m->entities[s->v->node_entity[i]];
        pn_strbuf_append(sb, "      <node id=\"");
        pn_strbuf_append_xml(sb, e->id);
        pn_strbuf_append(sb, "\" label=\"");
        pn_strbuf_append_xml(sb, pn_entity_label(e));
        pn_strbuf_append(sb, "\">\n");
        gexf_attvalues(sb, s, false, i);
        gexf_spell(sb, e->since, e->until);
        pn_strbuf_append(sb, "      </node>\n");
    }
    pn_strbuf_appendf(sb, "    </nodes>\n    <edges count=\"%zu\">\n", s->v->n_edges);
    for (size_t i = 0; i < s->v->n_edges; i++) {
        const struct pn_edge *ed = &s->v->edges[i];
        pn_strbuf_appendf(sb, "      <edge id=\"%zu\" source=\"", i);
        pn_strbuf_append_xml(sb, xnode_id(s, ed->from));
        pn_strbuf_append(sb, "\" target=\"");
        pn_strbuf_append_xml(sb, xnode_id(s, ed->to));
        pn_strbuf_appendf(sb, "\" type=\"%s\" kind=\"%s\" weight=\"",
                          ed->directed ? "directed" : "undirected", xedge_kind(ed->kind));
        xappend_double(sb, ed->weight, false, false);
        pn_strbuf_append(sb, "\">\n");
        gexf_attvalues(sb, s, true, i);
        int since, until;
        edge_years(s, ed, &since, &until);
        gexf_spell(sb, since, until);
        pn_strbuf_append(sb, "      </edge>\n");
    }
    pn_strbuf_append(sb, "    </edges>\n");
}

static bool any_spell(const struct xschema *s)
{
    for (size_t i = 0; i < s->v->n_nodes; i++) {
        const struct pn_entity *e = &s->m->entities[s->v->node_entity[i]];
        if (e->since != PN_YEAR_UNSET || e->until != PN_YEAR_UNSET)
            return true;
    }
    for (size_t i = 0; i < s->v->n_edges; i++) {
        int since, until;
        edge_years(s, &s->v->edges[i], &since, &until);
        if (since != PN_YEAR_UNSET || until != PN_YEAR_UNSET)
            return true;
    }
    return false;
}

enum pn_status pn_export_gexf(const struct pn_graph *g, const struct pn_metrics *mx,
                              const struct pn_export_options *eo, const char *path,
                              struct pn_diag *d)
{
    (void)eo;
    struct xschema s;
    xschema_build(&s, pn_graph_model(g), pn_graph_view(g), mx);
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    pn_strbuf_append(&sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<gexf xmlns=\"http://gexf.net/1.3\" "
                          "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                          "xsi:schemaLocation=\"http://gexf.net/1.3 "
                          "http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n"
                          "  <meta>\n    <creator>partnet " PARTNET_VERSION "</creator>\n");
    if (s.m->title != NULL) {
        pn_strbuf_append(&sb, "    <description>");
        pn_strbuf_append_xml(&sb, s.m->title);
        pn_strbuf_append(&sb, "</description>\n");
    }
    /* years as integers: Gephi's timeline runs over the spells */
    pn_strbuf_appendf(&sb,
                      "  </meta>\n  <graph defaultedgetype=\"undirected\" mode=\"%s\"%s>\n",
                      any_spell(&s) ? "dynamic" : "static",
                      any_spell(&s) ? " timeformat=\"integer\" timerepresentation=\"interval\""
                                    : "");
    gexf_attributes(&sb, s.node_cols, s.n_node_cols, "node", 'n');
    gexf_attributes(&sb, s.edge_cols, s.n_edge_cols, "edge", 'e');
    gexf_nodes_edges(&sb, &s);
    pn_strbuf_append(&sb, "  </graph>\n</gexf>\n");
    xschema_destroy(&s);
    return write_text(&sb, path, d);
}
