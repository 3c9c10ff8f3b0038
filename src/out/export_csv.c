/*
 * export_csv: the view as spreadsheet sheets in Gephi's convention, into a directory:
 * nodes.csv (Id, Label, then every node column), edges.csv (Source, Target, Type =
 * Directed|Undirected, Weight, Label, then every edge column; the tie's own type is
 * `relation`), and the sheets `partnet import` needs to rebuild the network: sources.csv,
 * themes.csv and network.csv (title, description, focus). --csv-sep and --decimal-comma
 * (French Excel: ';' and ','). Must not print.
 */
#include <stdlib.h>
#include <string.h>

#include "base/outfile.h"
#include "out/export_int.h"

/* One text field: quoted when it holds the separator, a quote, CR or LF (RFC 4180). A text
 * that a spreadsheet would run as a formula (first character = + - @, tab or CR) is written
 * after an apostrophe, which Excel and LibreOffice show as text; `partnet import` drops it. */
static void csv_field(struct pn_strbuf *sb, const char *s, char sep)
{
    if (s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL) {
        char *t = pn_xasprintf("'%s", s);
        csv_field(sb, t, sep);
        free(t);
        return;
    }
    bool quote = s[0] == ' ' || strchr(s, sep) != NULL || strpbrk(s, "\"\r\n") != NULL;
    if (!quote) {
        pn_strbuf_append(sb, s);
        return;
    }
    pn_strbuf_appendc(sb, '"');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            pn_strbuf_appendc(sb, '"');
        pn_strbuf_appendc(sb, *p);
    }
    pn_strbuf_appendc(sb, '"');
}

static void csv_value(struct pn_strbuf *sb, enum xtype t, const struct xval *x,
                      const struct pn_export_options *eo)
{
    if (!x->present)
        return;
    switch (t) {
    case XT_STRING: csv_field(sb, x->s, eo->csv_sep); break;
    case XT_INT: pn_strbuf_appendf(sb, "%lld", x->i); break;
    case XT_DOUBLE: xappend_double(sb, x->d, false, eo->decimal_comma); break;
    case XT_BOOL: pn_strbuf_append(sb, x->b ? "true" : "false"); break;
    }
}

/* Columns written under Gephi's own names, so not repeated among the others. */
static bool node_col_skipped(const struct xcol *c)
{
    return c->field == XF_NAME || c->field == XF_LABEL;
}

static bool edge_col_skipped(const struct xcol *c)
{
    return c->field == XF_E_DIRECTED || c->field == XF_E_WEIGHT || c->field == XF_E_LABEL;
}

static void nodes_sheet(struct pn_strbuf *sb, const struct xschema *s,
                        const struct pn_export_options *eo)
{
    pn_strbuf_appendf(sb, "Id%cLabel", eo->csv_sep);
    for (size_t k = 0; k < s->n_node_cols; k++)
        if (!node_col_skipped(&s->node_cols[k])) {
            pn_strbuf_appendc(sb, eo->csv_sep);
            csv_field(sb, s->node_cols[k].name, eo->csv_sep);
        }
    pn_strbuf_append(sb, "\r\n");
    for (size_t i = 0; i < s->v->n_nodes; i++) {
        const struct pn_entity *e = &s->m->entities[s->v->node_entity[i]];
        csv_field(sb, e->id, eo->csv_sep);
        pn_strbuf_appendc(sb, eo->csv_sep);
        csv_field(sb, pn_entity_label(e), eo->csv_sep);
        for (size_t k = 0; k < s->n_node_cols; k++) {
            if (node_col_skipped(&s->node_cols[k]))
                continue;
            struct xval x;
            xval_node(s, &s->node_cols[k], i, &x);
            pn_strbuf_appendc(sb, eo->csv_sep);
            csv_value(sb, s->node_cols[k].type, &x, eo);
            xval_clear(&x);
        }
        pn_strbuf_append(sb, "\r\n");
    }
}

static void edges_sheet(struct pn_strbuf *sb, const struct xschema *s,
                        const struct pn_export_options *eo)
{
    char c = eo->csv_sep;
    pn_strbuf_appendf(sb, "Source%cTarget%cType%cWeight%cLabel", c, c, c, c);
    for (size_t k = 0; k < s->n_edge_cols; k++)
        if (!edge_col_skipped(&s->edge_cols[k])) {
            pn_strbuf_appendc(sb, c);
            csv_field(sb, s->edge_cols[k].field == XF_E_TYPE ? "relation" : s->edge_cols[k].name,
                      c);
        }
    pn_strbuf_append(sb, "\r\n");
    for (size_t i = 0; i < s->v->n_edges; i++) {
        const struct pn_edge *ed = &s->v->edges[i];
        const struct pn_tie *t = ed->kind == PN_EDGE_TIE && ed->ref != PN_NONE
                                     ? &s->m->ties[ed->ref] : NULL;
        csv_field(sb, xnode_id(s, ed->from), c);
        pn_strbuf_appendc(sb, c);
        csv_field(sb, xnode_id(s, ed->to), c);
        pn_strbuf_appendf(sb, "%c%s%c", c, ed->directed ? "Directed" : "Undirected", c);
        xappend_double(sb, ed->weight, false, eo->decimal_comma);
        pn_strbuf_appendc(sb, c);
        if (t != NULL && t->label != NULL)
            csv_field(sb, t->label, c);
        for (size_t k = 0; k < s->n_edge_cols; k++) {
            if (edge_col_skipped(&s->edge_cols[k]))
                continue;
            struct xval x;
            xval_edge(s, &s->edge_cols[k], i, &x);
            pn_strbuf_appendc(sb, c);
            csv_value(sb, s->edge_cols[k].type, &x, eo);
            xval_clear(&x);
        }
        pn_strbuf_append(sb, "\r\n");
    }
}

/* A row of optional strings (NULL: empty cell). */
static void csv_row(struct pn_strbuf *sb, const char *const *cells, size_t n, char sep)
{
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            pn_strbuf_appendc(sb, sep);
        if (cells[i] != NULL)
            csv_field(sb, cells[i], sep);
    }
    pn_strbuf_append(sb, "\r\n");
}

static void sources_sheet(struct pn_strbuf *sb, const struct pn_model *m, char sep)
{
    static const char *const head[] = {"id", "title", "url", "date", "publisher"};
    csv_row(sb, head, 5, sep);
    for (size_t i = 0; i < m->n_sources; i++) {
        const struct pn_source *x = &m->sources[i];
        const char *cells[] = {x->id, x->title, x->url, x->date, x->publisher};
        csv_row(sb, cells, 5, sep);
    }
}

static void themes_sheet(struct pn_strbuf *sb, const struct pn_model *m, char sep)
{
    static const char *const head[] = {"id", "label", "label_fr", "color"};
    csv_row(sb, head, 4, sep);
    for (size_t i = 0; i < m->n_themes; i++) {
        const struct pn_theme *x = &m->themes[i];
        const char *cells[] = {x->id, x->label, x->label_fr, x->color};
        csv_row(sb, cells, 4, sep);
    }
}

static void network_sheet(struct pn_strbuf *sb, const struct pn_model *m, char sep)
{
    static const char *const head[] = {"key", "value"};
    csv_row(sb, head, 2, sep);
    const char *const keys[] = {"title", "description", "focus"};
    const char *const values[] = {m->title, m->description, m->focus};
    for (size_t i = 0; i < 3; i++)
        if (values[i] != NULL) {
            const char *cells[] = {keys[i], values[i]};
            csv_row(sb, cells, 2, sep);
        }
}

enum pn_status pn_export_csv(const struct pn_graph *g, const struct pn_metrics *mx,
                             const struct pn_export_options *eo, const char *path,
                             struct pn_diag *d)
{
    if (strcmp(path, "-") == 0) {
        pn_diag_error(d, NULL, "export --to csv writes a directory of sheets; give -o DIR");
        return PN_EUSAGE;
    }
    enum pn_status st = pn_mkdir_p(path, d);
    if (st != PN_OK)
        return st;
    struct xschema s;
    xschema_build(&s, pn_graph_model(g), pn_graph_view(g), mx);
    static const char *const names[] = {"nodes.csv", "edges.csv", "sources.csv", "themes.csv",
                                        "network.csv"};
    for (size_t f = 0; f < 5 && st == PN_OK; f++) {
        struct pn_strbuf sb;
        pn_strbuf_init(&sb);
        switch (f) {
        case 0: nodes_sheet(&sb, &s, eo); break;
        case 1: edges_sheet(&sb, &s, eo); break;
        case 2: sources_sheet(&sb, s.m, eo->csv_sep); break;
        case 3: themes_sheet(&sb, s.m, eo->csv_sep); break;
        default: network_sheet(&sb, s.m, eo->csv_sep); break;
        }
        char *file = pn_xasprintf("%s/%s", path, names[f]);
        st = pn_outfile_write_all(file, pn_strbuf_str(&sb), sb.len, d);
        free(file);
        pn_strbuf_destroy(&sb);
    }
    xschema_destroy(&s);
    return st;
}
