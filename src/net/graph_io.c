/*
 * graph_io: GraphML and GML of a pn_graph through igraph's own writers, from a
 * throw-away copy of the graph that carries every attribute through igraph's C
 * attribute handler (installed only for the copy's lifetime). Must not print.
 * Owns: nothing beyond the copy; the file is written atomically through outfile.
 */
#include "net/graph_io.h"

#include <errno.h>
#include <igraph.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/outfile.h"
#include "base/strbuf.h"
#include "net/graph_int.h"

static const char *or_empty(const char *s)
{
    return s != NULL ? s : "";
}

static double year_or_nan(int y)
{
    return y == PN_YEAR_UNSET ? NAN : (double)y;
}

static char *join_themes(char *const *themes, size_t n)
{
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            pn_strbuf_appendc(&sb, ';');
        pn_strbuf_append(&sb, themes[i]);
    }
    return pn_strbuf_detach(&sb);
}

static const char *edge_kind(enum pn_edge_kind k)
{
    static const char *const names[] = {"tie", "member", "part-of", "co-member", "overlap"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "other";
}

/* GML is an ASCII format: NetworkX and others reject raw UTF-8. For GML the
 * text is entity-encoded here (&amp; and &#N; for every non-ASCII code point)
 * and igraph is told to encode only the quote (IGRAPH_WRITE_GML_ENCODE_ONLY_QUOT_SW). */
static char *gml_text(const char *s)
{
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p == '&') {
            pn_strbuf_append(&sb, "&amp;");
            p++;
        } else if (*p < 0x80) {
            if (*p >= 0x20)
                pn_strbuf_appendc(&sb, (char)*p);
            p++;
        } else {
            /* the loader guarantees valid UTF-8 */
            unsigned cp;
            int extra;
            if (*p >= 0xF0) {
                cp = *p & 0x07u;
                extra = 3;
            } else if (*p >= 0xE0) {
                cp = *p & 0x0Fu;
                extra = 2;
            } else {
                cp = *p & 0x1Fu;
                extra = 1;
            }
            p++;
            for (int i = 0; i < extra && (*p & 0xC0) == 0x80; i++, p++)
                cp = (cp << 6) | (*p & 0x3Fu);
            pn_strbuf_appendf(&sb, "&#%u;", cp);
        }
    }
    return pn_strbuf_detach(&sb);
}

/* Set a string attribute on vertex or edge `id`, encoded for GML if asked. */
static bool text_attr(igraph_t *ig, bool edge, const char *name, igraph_integer_t id,
                      const char *value, bool gml)
{
    char *enc = gml ? gml_text(value) : NULL;
    const char *v = gml ? enc : value;
    igraph_error_t rc = edge ? igraph_cattribute_EAS_set(ig, name, id, v)
                             : igraph_cattribute_VAS_set(ig, name, id, v);
    free(enc);
    return rc == IGRAPH_SUCCESS;
}

/* Set every node attribute of the copy. Returns false on an igraph failure. */
static bool set_node_attrs(igraph_t *ig, const struct pn_model *m, const struct pn_view *v,
                           const struct pn_metrics *mx, bool gml)
{
    for (size_t i = 0; i < v->n_nodes; i++) {
        const struct pn_entity *e = &m->entities[v->node_entity[i]];
        igraph_integer_t id = (igraph_integer_t)i;
        char *themes = join_themes(e->themes, e->n_themes);
        /* `name` is the identifier in igraph's convention, `label` what Gephi
         * and Cytoscape display */
        bool ok = text_attr(ig, false, "name", id, e->id, gml) &&
                  text_attr(ig, false, "label", id, pn_entity_label(e), gml) &&
                  text_attr(ig, false, "full_name", id, e->name, gml) &&
                  text_attr(ig, false, "kind", id, pn_kind_name(e->kind), gml) &&
                  text_attr(ig, false, "type", id, or_empty(e->type), gml) &&
                  text_attr(ig, false, "country", id, or_empty(e->country), gml) &&
                  text_attr(ig, false, "region", id, or_empty(e->region), gml) &&
                  text_attr(ig, false, "city", id, or_empty(e->city), gml) &&
                  text_attr(ig, false, "themes", id, themes, gml) &&
                  text_attr(ig, false, "url", id, or_empty(e->url), gml) &&
                  text_attr(ig, false, "provenance", id, or_empty(e->source), gml) &&
                  igraph_cattribute_VAN_set(ig, "lat", id, e->has_location ? e->lat : NAN) ==
                      IGRAPH_SUCCESS &&
                  igraph_cattribute_VAN_set(ig, "lon", id, e->has_location ? e->lon : NAN) ==
                      IGRAPH_SUCCESS &&
                  igraph_cattribute_VAN_set(ig, "since", id, year_or_nan(e->since)) ==
                      IGRAPH_SUCCESS &&
                  igraph_cattribute_VAN_set(ig, "until", id, year_or_nan(e->until)) ==
                      IGRAPH_SUCCESS;
        free(themes);
        if (!ok)
            return false;
        if (mx == NULL || mx->v[0] == NULL)
            continue;
        for (int k = 0; k < PN_M_COUNT; k++)
            if (igraph_cattribute_VAN_set(ig, pn_metric_info[k].name, id, mx->v[k][i]) !=
                IGRAPH_SUCCESS)
                return false;
        if (mx->articulation != NULL &&
            igraph_cattribute_VAB_set(ig, "articulation_point", id, mx->articulation[i]) !=
                IGRAPH_SUCCESS)
            return false;
    }
    return true;
}

static bool set_edge_attrs(igraph_t *ig, const struct pn_model *m, const struct pn_view *v,
                           bool gml)
{
    for (size_t i = 0; i < v->n_edges; i++) {
        const struct pn_edge *ed = &v->edges[i];
        igraph_integer_t id = (igraph_integer_t)i;
        const char *type = edge_kind(ed->kind), *label = "", *source = "";
        char *themes = NULL;
        int since = PN_YEAR_UNSET, until = PN_YEAR_UNSET;
        if (ed->kind == PN_EDGE_TIE && ed->ref != PN_NONE) {
            const struct pn_tie *t = &m->ties[ed->ref];
            type = t->type;
            label = or_empty(t->label);
            source = or_empty(t->source);
            themes = join_themes(t->themes, t->n_themes);
            since = t->since;
            until = t->until;
        } else if (ed->kind == PN_EDGE_MEMBER && ed->ref != PN_NONE && ed->sub != PN_NONE) {
            const struct pn_entity *g = &m->entities[ed->ref];
            const struct pn_member *mb = &g->members[ed->sub];
            label = or_empty(mb->role);
            source = or_empty(mb->source ? mb->source : g->source);
            since = mb->since;
            until = mb->until;
        }
        bool ok = text_attr(ig, true, "kind", id, edge_kind(ed->kind), gml) &&
                  text_attr(ig, true, "type", id, or_empty(type), gml) &&
                  text_attr(ig, true, "label", id, label, gml) &&
                  text_attr(ig, true, "provenance", id, source, gml) &&
                  text_attr(ig, true, "themes", id, or_empty(themes), gml) &&
                  igraph_cattribute_EAN_set(ig, "weight", id, ed->weight) == IGRAPH_SUCCESS &&
                  igraph_cattribute_EAB_set(ig, "directed", id, ed->directed) ==
                      IGRAPH_SUCCESS &&
                  igraph_cattribute_EAN_set(ig, "since", id, year_or_nan(since)) ==
                      IGRAPH_SUCCESS &&
                  igraph_cattribute_EAN_set(ig, "until", id, year_or_nan(until)) ==
                      IGRAPH_SUCCESS;
        free(themes);
        if (!ok)
            return false;
    }
    return true;
}

static bool text_attr_graph(igraph_t *ig, const char *title, bool gml)
{
    char *enc = gml ? gml_text(title) : NULL;
    igraph_error_t rc = igraph_cattribute_GAS_set(ig, "title", gml ? enc : title);
    free(enc);
    return rc == IGRAPH_SUCCESS;
}

/* GraphML or GML through igraph. */
static enum pn_status write_igraph(const struct pn_graph *g, const struct pn_metrics *mx,
                                   bool graphml, const char *path, struct pn_diag *d)
{
    const struct pn_view *v = &g->view;
    enum pn_status st = PN_EIO;
    igraph_attribute_table_t *old = igraph_set_attribute_table(&igraph_cattribute_table);
    igraph_t ig;
    bool ig_ok = false;
    igraph_vector_int_t ends;
    bool ends_ok = false;
    struct pn_outfile of;
    bool of_ok = false;

    if (igraph_vector_int_init(&ends, (igraph_integer_t)(2 * v->n_edges)) != IGRAPH_SUCCESS)
        goto igraph_failed;
    ends_ok = true;
    for (size_t i = 0; i < v->n_edges; i++) {
        VECTOR(ends)[2 * i] = (igraph_integer_t)v->edges[i].from;
        VECTOR(ends)[2 * i + 1] = (igraph_integer_t)v->edges[i].to;
    }
    /* mixed networks are written undirected with a boolean `directed` edge
     * attribute (source = `from`); with --directed the whole graph is directed */
    if (igraph_create(&ig, &ends, (igraph_integer_t)v->n_nodes,
                      g->opts.directed ? IGRAPH_DIRECTED : IGRAPH_UNDIRECTED) != IGRAPH_SUCCESS)
        goto igraph_failed;
    ig_ok = true;
    if (!text_attr_graph(&ig, or_empty(g->model->title), !graphml) ||
        !set_node_attrs(&ig, g->model, v, mx, !graphml) ||
        !set_edge_attrs(&ig, g->model, v, !graphml))
        goto igraph_failed;

    if ((st = pn_outfile_open(&of, path, d)) != PN_OK)
        goto out;
    of_ok = true;
    errno = 0;
    igraph_error_t rc = graphml ? igraph_write_graph_graphml(&ig, of.fp, false)
                                : igraph_write_graph_gml(&ig, of.fp, IGRAPH_WRITE_GML_ENCODE_ONLY_QUOT_SW,
                                                         NULL, "partnet " PARTNET_VERSION);
    if (rc == IGRAPH_EFILE) {
        pn_diag_error(d, NULL, "cannot write '%s': %s", path, strerror(errno ? errno : EIO));
        st = PN_EIO;
        goto out;
    }
    if (rc != IGRAPH_SUCCESS)
        goto igraph_failed;
    of_ok = false;
    st = pn_outfile_commit(&of, d);
    goto out;

igraph_failed:
    pn_diag_error(d, NULL, "igraph: %s", pn_graph_last_error());
    st = PN_EIO;
out:
    if (of_ok)
        pn_outfile_abort(&of);
    if (ig_ok)
        igraph_destroy(&ig);
    if (ends_ok)
        igraph_vector_int_destroy(&ends);
    igraph_set_attribute_table(old);
    return st;
}

enum pn_status pn_graph_write_graphml(const struct pn_graph *g, const struct pn_metrics *mx,
                                      const char *path, struct pn_diag *d)
{
    return write_igraph(g, mx, true, path, d);
}

enum pn_status pn_graph_write_gml(const struct pn_graph *g, const struct pn_metrics *mx,
                                  const char *path, struct pn_diag *d)
{
    return write_igraph(g, mx, false, path, d);
}
