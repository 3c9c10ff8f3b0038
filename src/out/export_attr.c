/*
 * export_attr: the columns every text export writes (export_int.h) and their values, read
 * from the model, the view and the metrics. Must not print or write files.
 * Owns the schema's column names.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out/export_int.h"

static void add_col(struct xcol **cols, size_t *n, size_t *cap, const char *name,
                    enum xtype type, enum xfield field, const char *key, int metric)
{
    pn_xgrow((void **)cols, cap, *n + 1, sizeof **cols);
    (*cols)[(*n)++] = (struct xcol){.name = pn_xstrdup(name), .type = type, .field = field,
                                    .key = key, .metric = metric};
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The distinct attrs keys of the kept entities (nodes) or ties (edges), sorted. */
static size_t attr_keys(const struct xschema *s, bool edges, const char ***out)
{
    const char **keys = NULL;
    size_t n = 0, cap = 0;
    size_t count = edges ? s->v->n_edges : s->v->n_nodes;
    for (size_t i = 0; i < count; i++) {
        const struct pn_kv *kv = NULL;
        size_t nkv = 0;
        if (!edges) {
            const struct pn_entity *e = &s->m->entities[s->v->node_entity[i]];
            kv = e->attrs;
            nkv = e->n_attrs;
        } else if (s->v->edges[i].kind == PN_EDGE_TIE && s->v->edges[i].ref != PN_NONE) {
            kv = s->m->ties[s->v->edges[i].ref].attrs;
            nkv = s->m->ties[s->v->edges[i].ref].n_attrs;
        }
        for (size_t k = 0; k < nkv; k++) {
            pn_xgrow((void **)&keys, &cap, n + 1, sizeof *keys);
            keys[n++] = kv[k].key;
        }
    }
    if (n > 0)
        qsort(keys, n, sizeof *keys, cmp_str);
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        if (u == 0 || strcmp(keys[u - 1], keys[i]) != 0)
            keys[u++] = keys[i];
    *out = keys;
    return u;
}

static void add_attr_cols(struct xschema *s, bool edges, size_t *cap)
{
    const char **keys;
    size_t n = attr_keys(s, edges, &keys);
    for (size_t i = 0; i < n; i++) {
        char *name = pn_xasprintf("attr_%s", keys[i]);
        if (edges)
            add_col(&s->edge_cols, &s->n_edge_cols, cap, name, XT_STRING, XF_E_ATTR, keys[i], 0);
        else
            add_col(&s->node_cols, &s->n_node_cols, cap, name, XT_STRING, XF_ATTR, keys[i], 0);
        free(name);
    }
    free(keys);
}

void xschema_build(struct xschema *s, const struct pn_model *m, const struct pn_view *v,
                   const struct pn_metrics *mx)
{
    static const struct {
        const char *name;
        enum xtype type;
        enum xfield field;
    } node_fixed[] = {
        {"name", XT_STRING, XF_NAME}, {"label", XT_STRING, XF_LABEL},
        {"full_name", XT_STRING, XF_FULL_NAME}, {"short", XT_STRING, XF_SHORT},
        {"kind", XT_STRING, XF_KIND}, {"type", XT_STRING, XF_TYPE},
        {"country", XT_STRING, XF_COUNTRY}, {"region", XT_STRING, XF_REGION},
        {"city", XT_STRING, XF_CITY}, {"lat", XT_DOUBLE, XF_LAT}, {"lon", XT_DOUBLE, XF_LON},
        {"parent", XT_STRING, XF_PARENT}, {"themes", XT_STRING, XF_THEMES},
        {"since", XT_INT, XF_SINCE}, {"until", XT_INT, XF_UNTIL}, {"url", XT_STRING, XF_URL},
        {"provenance", XT_STRING, XF_PROVENANCE},
    }, edge_fixed[] = {
        {"kind", XT_STRING, XF_E_KIND}, {"type", XT_STRING, XF_E_TYPE},
        {"label", XT_STRING, XF_E_LABEL}, {"role", XT_STRING, XF_E_ROLE},
        {"themes", XT_STRING, XF_E_THEMES}, {"since", XT_INT, XF_E_SINCE},
        {"until", XT_INT, XF_E_UNTIL}, {"weight", XT_DOUBLE, XF_E_WEIGHT},
        {"directed", XT_BOOL, XF_E_DIRECTED}, {"provenance", XT_STRING, XF_E_PROVENANCE},
    };
    *s = (struct xschema){.m = m, .v = v, .mx = (mx != NULL && mx->v[0] != NULL) ? mx : NULL};
    size_t ncap = 0, ecap = 0;
    for (size_t i = 0; i < sizeof node_fixed / sizeof node_fixed[0]; i++)
        add_col(&s->node_cols, &s->n_node_cols, &ncap, node_fixed[i].name, node_fixed[i].type,
                node_fixed[i].field, NULL, 0);
    add_attr_cols(s, false, &ncap);
    if (s->mx != NULL) {
        for (int k = 0; k < PN_M_COUNT; k++)
            add_col(&s->node_cols, &s->n_node_cols, &ncap, pn_metric_info[k].name,
                    pn_metric_info[k].integer ? XT_INT : XT_DOUBLE, XF_METRIC, NULL, k);
        add_col(&s->node_cols, &s->n_node_cols, &ncap, "articulation_point", XT_BOOL,
                XF_ARTICULATION, NULL, 0);
    }
    for (size_t i = 0; i < sizeof edge_fixed / sizeof edge_fixed[0]; i++)
        add_col(&s->edge_cols, &s->n_edge_cols, &ecap, edge_fixed[i].name, edge_fixed[i].type,
                edge_fixed[i].field, NULL, 0);
    add_attr_cols(s, true, &ecap);
}

void xschema_destroy(struct xschema *s)
{
    for (size_t i = 0; i < s->n_node_cols; i++)
        free(s->node_cols[i].name);
    for (size_t i = 0; i < s->n_edge_cols; i++)
        free(s->edge_cols[i].name);
    free(s->node_cols);
    free(s->edge_cols);
    *s = (struct xschema){0};
}

void xval_clear(struct xval *x)
{
    free(x->owned);
    *x = (struct xval){0};
}

static void set_str(struct xval *x, const char *s)
{
    x->present = s != NULL;
    x->s = s;
}

static void set_year(struct xval *x, int y)
{
    x->present = y != PN_YEAR_UNSET;
    x->i = y;
}

static void set_themes(struct xval *x, char *const *themes, size_t n)
{
    if (n == 0)
        return;
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            pn_strbuf_appendc(&sb, PN_EXPORT_LIST_SEP);
        pn_strbuf_append(&sb, themes[i]);
    }
    x->owned = pn_strbuf_detach(&sb);
    set_str(x, x->owned);
}

static const char *kv_find(const struct pn_kv *kv, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(kv[i].key, key) == 0)
            return kv[i].value;
    return NULL;
}

static void set_metric(struct xval *x, const struct xcol *c, double value)
{
    if (!isfinite(value))
        return; /* nan (undefined) is absent in every format */
    x->present = true;
    if (c->type == XT_INT)
        x->i = (long long)llround(value);
    else
        x->d = value;
}

bool pn_export_any_directed(const struct pn_view *v)
{
    for (size_t i = 0; i < v->n_edges; i++)
        if (v->edges[i].directed)
            return true;
    return false;
}

const char *xnode_id(const struct xschema *s, size_t node)
{
    return s->m->entities[s->v->node_entity[node]].id;
}

/* Long: one case per node column; a table of accessors would be longer. */
void xval_node(const struct xschema *s, const struct xcol *c, size_t node, struct xval *out)
{
    const struct pn_entity *e = &s->m->entities[s->v->node_entity[node]];
    *out = (struct xval){0};
    switch (c->field) {
    case XF_NAME: set_str(out, e->id); break;
    case XF_LABEL: set_str(out, pn_entity_label(e)); break;
    case XF_FULL_NAME: set_str(out, e->name); break;
    case XF_SHORT: set_str(out, e->short_name); break;
    case XF_KIND: set_str(out, pn_kind_name(e->kind)); break;
    case XF_TYPE: set_str(out, e->type); break;
    case XF_COUNTRY: set_str(out, e->country); break;
    case XF_REGION: set_str(out, e->region); break;
    case XF_CITY: set_str(out, e->city); break;
    case XF_LAT:
    case XF_LON:
        out->present = e->has_location;
        out->d = c->field == XF_LAT ? e->lat : e->lon;
        break;
    case XF_PARENT: set_str(out, e->parent); break;
    case XF_THEMES: set_themes(out, e->themes, e->n_themes); break;
    case XF_SINCE: set_year(out, e->since); break;
    case XF_UNTIL: set_year(out, e->until); break;
    case XF_URL: set_str(out, e->url); break;
    case XF_PROVENANCE: set_str(out, e->source); break;
    case XF_ATTR: set_str(out, kv_find(e->attrs, e->n_attrs, c->key)); break;
    case XF_METRIC: set_metric(out, c, s->mx->v[c->metric][node]); break;
    case XF_ARTICULATION:
        out->present = true;
        out->b = s->mx->articulation != NULL && s->mx->articulation[node];
        break;
    default: break;
    }
}

const char *xedge_kind(enum pn_edge_kind k)
{
    static const char *const names[] = {"tie", "member", "part-of", "co-member", "overlap"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "other";
}

/* Long: one case per edge column, for ties and memberships. */
void xval_edge(const struct xschema *s, const struct xcol *c, size_t edge, struct xval *out)
{
    const struct pn_edge *ed = &s->v->edges[edge];
    const struct pn_tie *t =
        ed->kind == PN_EDGE_TIE && ed->ref != PN_NONE ? &s->m->ties[ed->ref] : NULL;
    const struct pn_member *mb = ed->kind == PN_EDGE_MEMBER && ed->ref != PN_NONE &&
                                         ed->sub != PN_NONE
                                     ? &s->m->entities[ed->ref].members[ed->sub]
                                     : NULL;
    *out = (struct xval){0};
    switch (c->field) {
    case XF_E_KIND: set_str(out, xedge_kind(ed->kind)); break;
    case XF_E_TYPE: set_str(out, t != NULL ? t->type : xedge_kind(ed->kind)); break;
    case XF_E_LABEL: set_str(out, t != NULL ? t->label : NULL); break;
    case XF_E_ROLE: set_str(out, mb != NULL ? mb->role : NULL); break;
    case XF_E_THEMES:
        if (t != NULL)
            set_themes(out, t->themes, t->n_themes);
        break;
    case XF_E_SINCE: set_year(out, t ? t->since : mb ? mb->since : PN_YEAR_UNSET); break;
    case XF_E_UNTIL: set_year(out, t ? t->until : mb ? mb->until : PN_YEAR_UNSET); break;
    case XF_E_WEIGHT:
        out->present = true;
        out->d = ed->weight;
        break;
    case XF_E_DIRECTED:
        out->present = true;
        out->b = ed->directed;
        break;
    /* a membership's own source only: absent means it inherits the group's */
    case XF_E_PROVENANCE: set_str(out, t ? t->source : mb ? mb->source : NULL); break;
    case XF_E_ATTR:
        if (t != NULL)
            set_str(out, kv_find(t->attrs, t->n_attrs, c->key));
        break;
    default: break;
    }
}

void xappend_double(struct pn_strbuf *sb, double x, bool force_point, bool decimal_comma)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.15g", x);
    if (strtod(buf, NULL) != x)
        snprintf(buf, sizeof buf, "%.17g", x);
    if (strcmp(buf, "-0") == 0)
        snprintf(buf, sizeof buf, "0");
    if (force_point && strpbrk(buf, ".eEn") == NULL)
        strcat(buf, ".0");
    else if (force_point && strchr(buf, '.') == NULL && strpbrk(buf, "eE") != NULL) {
        /* 1e-05 -> 1.0e-05: GML's reals need a point */
        char *e = strpbrk(buf, "eE");
        char tail[40];
        snprintf(tail, sizeof tail, "%s", e);
        snprintf(e, sizeof buf - (size_t)(e - buf), ".0%s", tail);
    }
    if (decimal_comma)
        for (char *p = buf; *p; p++)
            if (*p == '.')
                *p = ',';
    pn_strbuf_append(sb, buf);
}
