/*
 * report: text for people and machines from the model, view and metrics:
 * metric tables (aligned table, CSV, JSON), summary.json, report.md, the
 * node-link JSON export and the validate summary. Appends to a pn_strbuf;
 * never writes files (cli does, atomically). Rows are sorted with ties broken
 * by id, reals printed in one fixed format, so outputs diff cleanly.
 */
#include "out/report.h"
#include "map/render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TOP_N 10          /* rows per "top" list in report.md and summary.json */
#define NAME_WIDTH 34     /* name column of the people's table, in characters */

/* ---- sorting ------------------------------------------------------------ */

struct sort_ctx {
    const struct pn_model *m;
    const struct pn_view *v;
    const double *col; /* NULL: by id */
    bool ascending;
};

/* qsort has no context argument in C11: the comparator reads this. Reset by
 * every caller before sorting; the program is single-threaded. */
static struct sort_ctx sort_ctx;

static const char *node_id(const struct pn_model *m, const struct pn_view *v, size_t node)
{
    return m->entities[v->node_entity[node]].id;
}

static int cmp_nodes(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    const struct sort_ctx *c = &sort_ctx;
    if (c->col != NULL) {
        double x = c->col[a], y = c->col[b];
        /* NaN sorts last whatever the direction */
        bool xn = isnan(x), yn = isnan(y);
        if (xn != yn)
            return xn ? 1 : -1;
        if (!xn && x != y)
            return ((x < y) == c->ascending) ? -1 : 1;
    }
    return strcmp(node_id(c->m, c->v, a), node_id(c->m, c->v, b));
}

/* Node order for metric `sort` (-1: by id). Returns a new array the caller frees. */
static size_t *sorted_nodes(const struct pn_model *m, const struct pn_view *v,
                            const struct pn_metrics *mx, int sort)
{
    size_t *order = pn_xmalloc(v->n_nodes * sizeof *order);
    for (size_t i = 0; i < v->n_nodes; i++)
        order[i] = i;
    sort_ctx.m = m;
    sort_ctx.v = v;
    sort_ctx.col = (sort >= 0 && mx != NULL) ? mx->v[sort] : NULL;
    sort_ctx.ascending = sort >= 0 && !pn_metric_info[sort].higher_is_central;
    qsort(order, v->n_nodes, sizeof *order, cmp_nodes);
    return order;
}

/* ---- small writers ------------------------------------------------------ */

static void append_metric(struct pn_strbuf *sb, int metric, double x)
{
    if (pn_metric_info[metric].integer && isfinite(x))
        pn_strbuf_appendf(sb, "%.0f", x);
    else
        pn_strbuf_append_real(sb, x);
}

/* JSON has no NaN/Inf: they become null. */
static void append_json_real(struct pn_strbuf *sb, double x)
{
    if (!isfinite(x))
        pn_strbuf_append(sb, "null");
    else
        pn_strbuf_append_real(sb, x);
}

static void append_json_metric(struct pn_strbuf *sb, int metric, double x)
{
    if (!isfinite(x))
        pn_strbuf_append(sb, "null");
    else
        append_metric(sb, metric, x);
}

static const char *or_empty(const char *s)
{
    return s != NULL ? s : "";
}


static void json_key(struct pn_strbuf *out, int indent, const char *key)
{
    pn_strbuf_appendf(out, "%*s\"%s\": ", indent, "", key);
}

static void json_real_field(struct pn_strbuf *out, int indent, const char *key, double x,
                            bool last)
{
    json_key(out, indent, key);
    append_json_real(out, x);
    pn_strbuf_append(out, last ? "\n" : ",\n");
}

static void json_size_field(struct pn_strbuf *out, int indent, const char *key, size_t x,
                            bool last)
{
    json_key(out, indent, key);
    pn_strbuf_appendf(out, "%zu%s", x, last ? "\n" : ",\n");
}

/* The estimates' sample and bounds (issue 12) as the "approximation" member. */
static void json_approx(struct pn_strbuf *out, const struct pn_approx *a, int indent)
{
    int in = indent + 2;
    json_key(out, indent, "approximation");
    pn_strbuf_append(out, "{\n");
    json_key(out, in, "betweenness_method");
    pn_strbuf_append_json(out, a->betweenness_method);
    pn_strbuf_append(out, ",\n");
    json_real_field(out, in, "epsilon", a->epsilon, false);
    json_real_field(out, in, "delta", a->delta, false);
    json_size_field(out, in, "sources", a->sources, false);
    json_size_field(out, in, "pairs", a->pairs, false);
    json_size_field(out, in, "vertex_diameter_upper", a->vd_upper, false);
    json_real_field(out, in, "betweenness_bound", a->betweenness_bound, false);
    json_real_field(out, in, "harmonic_bound", a->harmonic_bound, false);
    json_real_field(out, in, "mean_distance_bound", a->closeness_bound, false);
    json_real_field(out, in, "reach_bound", a->reach_bound, false);
    json_real_field(out, in, "distance_upper", a->dist_upper, false);
    json_real_field(out, in, "reciprocal_distance_upper", a->recip_upper, false);
    json_real_field(out, in, "diameter_upper", a->diameter_upper, true);
    pn_strbuf_appendf(out, "%*s}", indent, "");
}

/* The network figures as a JSON object (no trailing newline); keys indented by `indent`. */
static void json_network(struct pn_strbuf *out, const struct pn_metrics *mx, int indent)
{
    pn_strbuf_append(out, "{\n");
    json_size_field(out, indent, "nodes", mx->n_nodes, false);
    json_size_field(out, indent, "edges", mx->n_edges, false);
    json_real_field(out, indent, "density", mx->density, false);
    json_size_field(out, indent, "components", mx->n_components, false);
    json_size_field(out, indent, "largest_component", mx->largest_component, false);
    json_real_field(out, indent, "diameter", mx->diameter, false);
    json_real_field(out, indent, "average_path_length", mx->avg_path_length, false);
    json_real_field(out, indent, "transitivity", mx->transitivity, false);
    json_real_field(out, indent, "modularity", mx->modularity, false);
    json_real_field(out, indent, "assortativity_country", mx->assort_country, false);
    json_real_field(out, indent, "assortativity_type", mx->assort_type, false);
    json_size_field(out, indent, "bridges", mx->n_bridges, false);
    json_size_field(out, indent, "communities", mx->n_communities, false);
    json_key(out, indent, "community_algorithm");
    pn_strbuf_append_json(out, mx->algo_name);
    pn_strbuf_append(out, ",\n");
    json_key(out, indent, "betweenness_approximate");
    pn_strbuf_append(out, mx->betweenness_approx ? "true" : "false");
    if (mx->approx.on) {
        pn_strbuf_append(out, ",\n");
        json_approx(out, &mx->approx, indent);
    }
    pn_strbuf_appendf(out, "\n%*s}", indent - 2, "");
}

static const char *plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

/* ---- metrics ------------------------------------------------------------ */

static void metrics_table(struct pn_strbuf *out, const struct pn_model *m,
                          const struct pn_view *v, const struct pn_metrics *mx,
                          const size_t *order, size_t rows)
{
    pn_strbuf_append(out, "rank  ");
    pn_strbuf_append_cell(out, "id", 22, false);
    pn_strbuf_append(out, " ");
    pn_strbuf_append_cell(out, "name", NAME_WIDTH, false);
    pn_strbuf_append(out, " kind         cc");
    for (int k = 0; k < PN_M_COUNT; k++)
        if (pn_metric_info[k].table_column)
            pn_strbuf_appendf(out, " %11.11s", pn_metric_info[k].name);
    pn_strbuf_append(out, "\n");
    for (size_t r = 0; r < rows; r++) {
        size_t node = order[r];
        const struct pn_entity *e = &m->entities[v->node_entity[node]];
        pn_strbuf_appendf(out, "%4zu  ", r + 1);
        pn_strbuf_append_cell(out, e->id, 22, false);
        pn_strbuf_append(out, " ");
        pn_strbuf_append_cell(out, pn_entity_label(e), NAME_WIDTH, false);
        pn_strbuf_appendf(out, " %-11s  %-2s", pn_kind_name(e->kind),
                          e->country ? e->country : "-");
        for (int metric = 0; metric < PN_M_COUNT; metric++) {
            if (!pn_metric_info[metric].table_column)
                continue;
            double x = mx->v[metric][node];
            if (!isfinite(x))
                pn_strbuf_appendf(out, " %11s", isnan(x) ? "nan" : "inf");
            else if (pn_metric_info[metric].integer)
                pn_strbuf_appendf(out, " %11.0f", x);
            else
                pn_strbuf_appendf(out, " %11.4f", x);
        }
        pn_strbuf_append(out, "\n");
    }
    pn_strbuf_appendf(out,
                      "\n%zu nodes, %zu edges, density %.4f, %zu component%s (largest %zu), "
                      "diameter %.0f, average path %.3f, transitivity %.4f\n",
                      mx->n_nodes, mx->n_edges, mx->density, mx->n_components,
                      mx->n_components == 1 ? "" : "s", mx->largest_component, mx->diameter,
                      mx->avg_path_length, mx->transitivity);
    pn_strbuf_appendf(out, "%zu communities (%s), modularity %.4f; assortativity by country "
                           "%.4f, by type %.4f; %zu %s\n",
                      mx->n_communities, mx->algo_name ? mx->algo_name : "?", mx->modularity,
                      mx->assort_country, mx->assort_type, mx->n_bridges,
                      plural(mx->n_bridges, "bridge", "bridges"));
    if (rows < v->n_nodes)
        pn_strbuf_appendf(out, "(%zu of %zu rows shown)\n", rows, v->n_nodes);
    if (mx->approx.on) {
        pn_strbuf_append(out, "note: ");
        pn_approx_describe(mx, false, out);
        pn_strbuf_append(out, "\n");
    } else if (mx->betweenness_approx) {
        pn_strbuf_append(out, "note: betweenness is approximate (--betweenness-cutoff or --betweenness-sample)\n");
    }
}

/* The bound columns of a row: empty where there is no stated bound. */
static void csv_approx(struct pn_strbuf *out, const struct pn_approx *a)
{
    const double x[] = {a->betweenness_bound, a->harmonic_bound, a->closeness_bound};
    for (size_t i = 0; i < sizeof x / sizeof x[0]; i++) {
        pn_strbuf_appendc(out, ',');
        if (isfinite(x[i]))
            pn_strbuf_append_real(out, x[i]);
    }
    pn_strbuf_appendf(out, ",%zu,%zu,", a->sources, a->pairs);
    pn_strbuf_append_real(out, a->delta);
}

static void metrics_csv(struct pn_strbuf *out, const struct pn_model *m, const struct pn_view *v,
                        const struct pn_metrics *mx, const size_t *order, size_t rows)
{
    pn_strbuf_append(out, "id,name,short,kind,type,country,city");
    for (int k = 0; k < PN_M_COUNT; k++)
        pn_strbuf_appendf(out, ",%s", pn_metric_info[k].name);
    pn_strbuf_append(out, ",articulation_point");
    for (int k = 0; k < PN_BROKER_COUNT; k++)
        pn_strbuf_appendf(out, ",broker_%s", pn_broker_role_name[k]);
    if (mx->stability != NULL)
        pn_strbuf_append(out, ",community_stability");
    if (mx->focus_dependents != NULL)
        pn_strbuf_append(out, ",focus_dependents");
    if (mx->approx.on) /* issue 12: the same on every row, so any reader keeps it */
        pn_strbuf_append(out, ",betweenness_bound,harmonic_bound,mean_distance_bound,"
                              "sample_sources,sample_pairs,delta");
    pn_strbuf_append(out, "\n");
    for (size_t r = 0; r < rows; r++) {
        size_t node = order[r];
        const struct pn_entity *e = &m->entities[v->node_entity[node]];
        const char *fields[] = {e->id,   e->name,   e->short_name, pn_kind_name(e->kind),
                                e->type, e->country, e->city};
        for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
            if (f > 0)
                pn_strbuf_appendc(out, ',');
            pn_strbuf_append_csv(out, or_empty(fields[f]));
        }
        for (int k = 0; k < PN_M_COUNT; k++) {
            pn_strbuf_appendc(out, ',');
            append_metric(out, k, mx->v[k][node]);
        }
        pn_strbuf_appendf(out, ",%s",
                          mx->articulation != NULL && mx->articulation[node] ? "true" : "false");
        for (int k = 0; k < PN_BROKER_COUNT; k++) {
            pn_strbuf_appendc(out, ',');
            if (mx->brokerage[k] != NULL)
                pn_strbuf_append_real(out, mx->brokerage[k][node]);
        }
        if (mx->stability != NULL) {
            pn_strbuf_appendc(out, ',');
            pn_strbuf_append_real(out, mx->stability[node]);
        }
        if (mx->focus_dependents != NULL) {
            pn_strbuf_appendc(out, ',');
            pn_strbuf_append_real(out, mx->focus_dependents[node]);
        }
        if (mx->approx.on)
            csv_approx(out, &mx->approx);
        pn_strbuf_appendc(out, '\n');
    }
}

static void node_json_fields(struct pn_strbuf *out, const struct pn_entity *e)
{
    pn_strbuf_append(out, "\"id\": ");
    pn_strbuf_append_json(out, e->id);
    pn_strbuf_append(out, ", \"name\": ");
    pn_strbuf_append_json(out, e->name);
    pn_strbuf_append(out, ", \"short\": ");
    pn_strbuf_append_json(out, e->short_name);
    pn_strbuf_appendf(out, ", \"kind\": \"%s\", \"type\": ", pn_kind_name(e->kind));
    pn_strbuf_append_json(out, e->type);
    pn_strbuf_append(out, ", \"country\": ");
    pn_strbuf_append_json(out, e->country);
    pn_strbuf_append(out, ", \"city\": ");
    pn_strbuf_append_json(out, e->city);
}

static void metrics_json_object(struct pn_strbuf *out, const struct pn_metrics *mx, size_t node)
{
    pn_strbuf_append(out, "{");
    for (int k = 0; k < PN_M_COUNT; k++) {
        pn_strbuf_appendf(out, "%s\"%s\": ", k ? ", " : "", pn_metric_info[k].name);
        append_json_metric(out, k, mx->v[k][node]);
    }
    pn_strbuf_appendf(out, ", \"articulation_point\": %s",
                      mx->articulation != NULL && mx->articulation[node] ? "true" : "false");
    pn_strbuf_append(out, ", \"brokerage\": {");
    for (int k = 0; k < PN_BROKER_COUNT; k++) {
        pn_strbuf_appendf(out, "%s\"%s\": ", k ? ", " : "", pn_broker_role_name[k]);
        append_json_real(out, mx->brokerage[k] != NULL ? mx->brokerage[k][node] : NAN);
    }
    pn_strbuf_append(out, "}");
    if (mx->stability != NULL) {
        pn_strbuf_append(out, ", \"community_stability\": ");
        append_json_real(out, mx->stability[node]);
    }
    if (mx->focus_dependents != NULL) {
        pn_strbuf_append(out, ", \"focus_dependents\": ");
        append_json_real(out, mx->focus_dependents[node]);
    }
    pn_strbuf_append(out, "}");
}

static void metrics_json(struct pn_strbuf *out, const struct pn_model *m, const struct pn_view *v,
                         const struct pn_metrics *mx, const size_t *order, size_t rows)
{
    pn_strbuf_append(out, "{\n  \"network\": ");
    json_network(out, mx, 4);
    pn_strbuf_append(out, ",\n  \"nodes\": [\n");
    for (size_t r = 0; r < rows; r++) {
        size_t node = order[r];
        pn_strbuf_append(out, "    {");
        node_json_fields(out, &m->entities[v->node_entity[node]]);
        pn_strbuf_append(out, ", \"metrics\": ");
        metrics_json_object(out, mx, node);
        pn_strbuf_appendf(out, "}%s\n", r + 1 < rows ? "," : "");
    }
    pn_strbuf_append(out, "  ]\n}\n");
}

void pn_report_metrics(struct pn_strbuf *out, const struct pn_model *m, const struct pn_view *v,
                       const struct pn_metrics *mx, const struct pn_report_options *o)
{
    size_t *order = sorted_nodes(m, v, mx, o->sort);
    size_t rows = v->n_nodes;
    if (o->top > 0 && (size_t)o->top < rows)
        rows = (size_t)o->top;
    switch (o->format) {
    case PN_FMT_TABLE:
        metrics_table(out, m, v, mx, order, rows);
        break;
    case PN_FMT_CSV:
        metrics_csv(out, m, v, mx, order, rows);
        break;
    case PN_FMT_JSON:
        metrics_json(out, m, v, mx, order, rows);
        break;
    }
    free(order);
}

/* ---- counts ------------------------------------------------------------- */

struct counts {
    size_t institutions, alliances, networks, ties, memberships, parents;
};

static struct counts count_model(const struct pn_model *m)
{
    struct counts c = {0, 0, 0, m->n_ties, 0, 0};
    for (size_t i = 0; i < m->n_entities; i++) {
        const struct pn_entity *e = &m->entities[i];
        if (e->kind == PN_KIND_INSTITUTION)
            c.institutions++;
        else if (e->kind == PN_KIND_ALLIANCE)
            c.alliances++;
        else
            c.networks++;
        c.memberships += e->n_members;
        if (e->parent_index != PN_NONE)
            c.parents++;
    }
    return c;
}

void pn_report_counts(struct pn_strbuf *out, const struct pn_model *m)
{
    struct counts c = count_model(m);
    pn_strbuf_appendf(out, "%zu %s, %zu %s, %zu %s, %zu %s, %zu %s", c.institutions,
                      plural(c.institutions, "institution", "institutions"), c.alliances,
                      plural(c.alliances, "alliance", "alliances"), c.networks,
                      plural(c.networks, "network", "networks"), c.ties,
                      plural(c.ties, "tie", "ties"), c.memberships,
                      plural(c.memberships, "membership", "memberships"));
}

/* ---- summary.json ------------------------------------------------------- */

/* The members of every community in id order, from one sort: community c's are
 * items[start[c]] .. items[start[c + 1] - 1]. (One sort per community cost nodes times
 * communities: the report of 100,000 institutions spent minutes here.) */
struct comm_lists {
    size_t *start, *items;
};

static struct comm_lists community_lists(const struct pn_model *m, const struct pn_view *v,
                                         const struct pn_metrics *mx)
{
    size_t nc = mx->n_communities, n = v->n_nodes;
    const double *cv = mx->v[PN_M_COMMUNITY];
    struct comm_lists l = {pn_xcalloc(nc + 1, sizeof *l.start), sorted_nodes(m, v, mx, -1)};
    size_t *at = pn_xcalloc(nc + 1, sizeof *at);
    for (size_t i = 0; i < n; i++)
        if (cv[i] >= 0 && cv[i] < (double)nc)
            l.start[(size_t)cv[i] + 1]++;
    for (size_t c = 0; c < nc; c++)
        l.start[c + 1] += l.start[c];
    memcpy(at, l.start, (nc + 1) * sizeof *at);
    size_t *items = pn_xmalloc((n ? n : 1) * sizeof *items);
    for (size_t i = 0; i < n; i++) {
        size_t node = l.items[i];
        if (cv[node] >= 0 && cv[node] < (double)nc)
            items[at[(size_t)cv[node]]++] = node;
    }
    free(l.items);
    free(at);
    l.items = items;
    return l;
}

static void comm_lists_free(struct comm_lists *l)
{
    free(l->start);
    free(l->items);
}

void pn_report_summary_json(struct pn_strbuf *out, const struct pn_model *m,
                            const struct pn_view *v, const struct pn_metrics *mx)
{
    struct counts c = count_model(m);
    pn_strbuf_append(out, "{\n");
    json_key(out, 2, "title");
    pn_strbuf_append_json(out, m->title);
    pn_strbuf_append(out, ",\n");
    json_key(out, 2, "entities");
    pn_strbuf_appendf(out,
                      "{\"institutions\": %zu, \"alliances\": %zu, \"networks\": %zu, "
                      "\"ties\": %zu, \"memberships\": %zu, \"part_of\": %zu},\n",
                      c.institutions, c.alliances, c.networks, c.ties, c.memberships, c.parents);
    json_key(out, 2, "network");
    json_network(out, mx, 4);
    pn_strbuf_append(out, ",\n");

    json_key(out, 2, "top");
    pn_strbuf_append(out, "{");
    bool first_metric = true;
    for (int k = 0; k < PN_M_COUNT; k++) {
        if (k == PN_M_COMMUNITY)
            continue;
        size_t *order = sorted_nodes(m, v, mx, k);
        size_t rows = v->n_nodes < TOP_N ? v->n_nodes : TOP_N;
        pn_strbuf_append(out, first_metric ? "\n" : ",\n");
        first_metric = false;
        json_key(out, 4, pn_metric_info[k].name);
        pn_strbuf_append(out, "[");
        for (size_t r = 0; r < rows; r++) {
            pn_strbuf_append(out, r ? ", " : "");
            pn_strbuf_append(out, "{\"id\": ");
            pn_strbuf_append_json(out, node_id(m, v, order[r]));
            pn_strbuf_append(out, ", \"value\": ");
            append_json_metric(out, k, mx->v[k][order[r]]);
            pn_strbuf_append(out, "}");
        }
        pn_strbuf_append(out, "]");
        free(order);
    }
    pn_strbuf_append(out, "\n");
    pn_strbuf_append(out, "  },\n");

    json_key(out, 2, "communities");
    pn_strbuf_append(out, "[\n");
    struct comm_lists cl = community_lists(m, v, mx);
    for (size_t cc = 0; cc < mx->n_communities; cc++) {
        const size_t *nodes = cl.items + cl.start[cc];
        size_t n = cl.start[cc + 1] - cl.start[cc];
        pn_strbuf_appendf(out, "    {\"id\": %zu, \"size\": %zu, ", cc, n);
        if (mx->community_stability != NULL) {
            pn_strbuf_append(out, "\"stability\": ");
            append_json_real(out, mx->community_stability[cc]);
            pn_strbuf_append(out, ", ");
        }
        pn_strbuf_append(out, "\"members\": [");
        for (size_t i = 0; i < n; i++) {
            pn_strbuf_append(out, i ? ", " : "");
            pn_strbuf_append_json(out, node_id(m, v, nodes[i]));
        }
        pn_strbuf_appendf(out, "]}%s\n", cc + 1 < mx->n_communities ? "," : "");
    }
    comm_lists_free(&cl);
    pn_strbuf_append(out, "  ],\n");

    json_key(out, 2, "articulation_points");
    pn_strbuf_append(out, "[");
    size_t *order = sorted_nodes(m, v, mx, -1);
    bool first = true;
    for (size_t i = 0; i < v->n_nodes; i++) {
        if (mx->articulation == NULL || !mx->articulation[order[i]])
            continue;
        pn_strbuf_append(out, first ? "" : ", ");
        pn_strbuf_append_json(out, node_id(m, v, order[i]));
        first = false;
    }
    free(order);
    pn_strbuf_append(out, "]\n}\n");
}

/* ---- report.md ---------------------------------------------------------- */

/* Markdown table cells: escape the characters that would break the table or
 * turn user text into markup. */
static void append_md(struct pn_strbuf *out, const char *s)
{
    for (; s != NULL && *s; s++) {
        if (strchr("|\\`*_[]<>#", *s) != NULL)
            pn_strbuf_appendc(out, '\\');
        if (*s == '\n' || *s == '\r')
            pn_strbuf_appendc(out, ' ');
        else
            pn_strbuf_appendc(out, *s);
    }
}

/* A metric in a Markdown table: 4 decimals for people (CSV/JSON keep full precision). */
static void md_metric(struct pn_strbuf *out, int metric, double x)
{
    if (!isfinite(x))
        pn_strbuf_append(out, "n/a");
    else if (pn_metric_info[metric].integer)
        pn_strbuf_appendf(out, "%.0f", x);
    else
        pn_strbuf_appendf(out, "%.4f", x);
}

/* The full name unless it is long and a short name exists (tables stay readable). */
static void md_entity(struct pn_strbuf *out, const struct pn_entity *e)
{
    append_md(out, pn_utf8_length(e->name) > 40 ? pn_entity_label(e) : e->name);
    pn_strbuf_append(out, " (`");
    pn_strbuf_append(out, e->id); /* ids are [a-z0-9._-]: safe in code spans */
    pn_strbuf_append(out, "`)");
}

static void md_top_table(struct pn_strbuf *out, const struct pn_model *m,
                         const struct pn_view *v, const struct pn_metrics *mx)
{
    for (int metric = 0; metric < PN_M_COUNT; metric++) {
        if (!pn_metric_info[metric].report_top)
            continue;
        size_t *order = sorted_nodes(m, v, mx, metric);
        size_t rows = v->n_nodes < TOP_N ? v->n_nodes : TOP_N;
        pn_strbuf_appendf(out, "\n### %s\n\n| # | Entity | Kind | %s |\n|---:|---|---|---:|\n",
                          pn_metric_info[metric].label, pn_metric_info[metric].label);
        for (size_t r = 0; r < rows; r++) {
            const struct pn_entity *e = &m->entities[v->node_entity[order[r]]];
            pn_strbuf_appendf(out, "| %zu | ", r + 1);
            md_entity(out, e);
            pn_strbuf_appendf(out, " | %s | ", pn_kind_name(e->kind));
            md_metric(out, metric, mx->v[metric][order[r]]);
            pn_strbuf_append(out, " |\n");
        }
        free(order);
    }
}

/* Gould-Fernandez roles by country: who brokers between which countries. */
static void md_broker_roles(struct pn_strbuf *out, const struct pn_model *m,
                            const struct pn_view *v, const struct pn_metrics *mx)
{
    for (int k = 0; k < PN_BROKER_COUNT; k++)
        if (mx->brokerage[k] == NULL)
            return;
    double *total = pn_xcalloc(v->n_nodes ? v->n_nodes : 1, sizeof *total);
    for (size_t i = 0; i < v->n_nodes; i++)
        for (int k = 0; k < PN_BROKER_COUNT; k++)
            if (isfinite(mx->brokerage[k][i]))
                total[i] += mx->brokerage[k][i];
    size_t *order = pn_xmalloc((v->n_nodes ? v->n_nodes : 1) * sizeof *order);
    for (size_t i = 0; i < v->n_nodes; i++)
        order[i] = i;
    sort_ctx.m = m;
    sort_ctx.v = v;
    sort_ctx.col = total;
    sort_ctx.ascending = false;
    qsort(order, v->n_nodes, sizeof *order, cmp_nodes);
    pn_strbuf_append(out, "\n### Brokerage roles by country (Gould-Fernandez)\n\nCounts of "
                          "two-step paths a - broker - c (a not tied to c) by the countries of "
                          "the three: coordinator (all one country), gatekeeper (brings a "
                          "foreign partner in), representative (takes a compatriot out), "
                          "itinerant (links two compatriots from abroad), liaison (three "
                          "countries).\n\n| # | Entity | Country");
    for (int k = 0; k < PN_BROKER_COUNT; k++)
        pn_strbuf_appendf(out, " | %c%s", pn_broker_role_name[k][0] - 'a' + 'A',
                          pn_broker_role_name[k] + 1);
    pn_strbuf_append(out, " |\n|---:|---|---|---:|---:|---:|---:|---:|\n");
    size_t shown = 0;
    for (size_t r = 0; r < v->n_nodes && shown < TOP_N && total[order[r]] > 0; r++) {
        size_t node = order[r];
        const struct pn_entity *e = &m->entities[v->node_entity[node]];
        pn_strbuf_appendf(out, "| %zu | ", ++shown);
        md_entity(out, e);
        pn_strbuf_appendf(out, " | %s", e->country ? e->country : "-");
        for (int k = 0; k < PN_BROKER_COUNT; k++)
            pn_strbuf_appendf(out, " | %.0f", mx->brokerage[k][node]);
        pn_strbuf_append(out, " |\n");
    }
    if (shown == 0)
        pn_strbuf_append(out, "| | no brokerage between countries | | | | | | |\n");
    free(order);
    free(total);
}

/* With --focus: the partners through which alone the focus reaches others. */
static void md_focus_brokers(struct pn_strbuf *out, const struct pn_model *m,
                             const struct pn_view *v, const struct pn_metrics *mx)
{
    if (mx->focus_dependents == NULL || v->focus == PN_NONE)
        return;
    pn_strbuf_append(out, "\n### Brokers of ");
    append_md(out, pn_entity_label(&m->entities[v->node_entity[v->focus]]));
    pn_strbuf_append(out, "\n\nPartners through which alone the focus reaches others: "
                          "without them, these nodes are cut off from it.\n\n"
                          "| # | Entity | Nodes reached only through it |\n|---:|---|---:|\n");
    size_t *order = pn_xmalloc((v->n_nodes ? v->n_nodes : 1) * sizeof *order);
    for (size_t i = 0; i < v->n_nodes; i++)
        order[i] = i;
    sort_ctx.m = m;
    sort_ctx.v = v;
    sort_ctx.col = mx->focus_dependents;
    sort_ctx.ascending = false;
    qsort(order, v->n_nodes, sizeof *order, cmp_nodes);
    size_t shown = 0;
    for (size_t r = 0; r < v->n_nodes; r++) {
        size_t node = order[r];
        double x = mx->focus_dependents[node];
        if (!(x > 0))
            continue;
        pn_strbuf_appendf(out, "| %zu | ", ++shown);
        md_entity(out, &m->entities[v->node_entity[node]]);
        pn_strbuf_appendf(out, " | %.0f |\n", x);
    }
    if (shown == 0)
        pn_strbuf_append(out, "| | none: every partner is reached some other way too | |\n");
    free(order);
}

static void md_brokers(struct pn_strbuf *out, const struct pn_model *m, const struct pn_view *v,
                       const struct pn_metrics *mx)
{
    pn_strbuf_append(out,
                     "\n## Brokers\n\nEntities that sit on many shortest paths (high "
                     "betweenness) and whose partners are not tied to each other (low Burt "
                     "constraint): they connect parts of the network that would otherwise "
                     "be far apart.\n\n| # | Entity | Betweenness | Constraint | Effective size "
                     "|\n|---:|---|---:|---:|---:|\n");
    size_t *order = sorted_nodes(m, v, mx, PN_M_BETWEENNESS);
    size_t shown = 0;
    for (size_t r = 0; r < v->n_nodes && shown < TOP_N; r++) {
        size_t node = order[r];
        if (!(mx->v[PN_M_BETWEENNESS][node] > 0))
            break;
        const struct pn_entity *e = &m->entities[v->node_entity[node]];
        pn_strbuf_appendf(out, "| %zu | ", ++shown);
        md_entity(out, e);
        pn_strbuf_append(out, " | ");
        md_metric(out, PN_M_BETWEENNESS, mx->v[PN_M_BETWEENNESS][node]);
        pn_strbuf_append(out, " | ");
        md_metric(out, PN_M_CONSTRAINT, mx->v[PN_M_CONSTRAINT][node]);
        pn_strbuf_append(out, " | ");
        md_metric(out, PN_M_EFFSIZE, mx->v[PN_M_EFFSIZE][node]);
        pn_strbuf_append(out, " |\n");
    }
    if (shown == 0)
        pn_strbuf_append(out, "| | no entity lies on a shortest path between two others | | | |\n");
    free(order);
    md_broker_roles(out, m, v, mx);
    md_focus_brokers(out, m, v, mx);
}

static void md_communities(struct pn_strbuf *out, const struct pn_model *m,
                           const struct pn_view *v, const struct pn_metrics *mx)
{
    pn_strbuf_appendf(out, "\n## Communities\n\n%zu communities found by %s (modularity ",
                      mx->n_communities, mx->algo_name ? mx->algo_name : "?");
    md_metric(out, PN_M_BETWEENNESS, mx->modularity);
    pn_strbuf_append(out, ").\n");
    struct comm_lists cl = community_lists(m, v, mx);
    size_t n_names = 0; /* the maps' names (issue 9): said where not the leader's */
    char **names = pn_render_community_names(m, v, mx, &n_names);
    for (size_t c = 0; c < mx->n_communities; c++) {
        const size_t *nodes = cl.items + cl.start[c];
        size_t n = cl.start[c + 1] - cl.start[c];
        /* name a community after its member of highest PageRank */
        size_t lead = n > 0 ? nodes[0] : 0;
        for (size_t i = 1; i < n; i++)
            if (mx->v[PN_M_PAGERANK][nodes[i]] > mx->v[PN_M_PAGERANK][lead])
                lead = nodes[i];
        pn_strbuf_appendf(out, "\n- **Community %zu** (%zu members, led by ", c, n);
        if (n > 0)
            append_md(out, pn_entity_label(&m->entities[v->node_entity[lead]]));
        if (n > 0 && c < n_names && names[c] != NULL &&
            strcmp(names[c], pn_entity_label(&m->entities[v->node_entity[lead]])) != 0) {
            pn_strbuf_append(out, "; on the maps: ");
            append_md(out, names[c]);
        }
        if (mx->community_stability != NULL)
            pn_strbuf_appendf(out, "; stability %.2f over %d runs", mx->community_stability[c],
                              mx->runs);
        pn_strbuf_append(out, "): ");
        for (size_t i = 0; i < n; i++) {
            if (i > 0)
                pn_strbuf_append(out, ", ");
            append_md(out, pn_entity_label(&m->entities[v->node_entity[nodes[i]]]));
        }
    }
    pn_render_community_names_free(names, n_names);
    comm_lists_free(&cl);
    pn_strbuf_append(out, "\n");
}

static void md_articulation(struct pn_strbuf *out, const struct pn_model *m,
                            const struct pn_view *v, const struct pn_metrics *mx)
{
    pn_strbuf_append(out, "\n## Single points of failure\n\nArticulation points: removing one "
                          "of these disconnects part of the network.\n\n");
    size_t *order = sorted_nodes(m, v, mx, PN_M_BETWEENNESS);
    size_t n = 0;
    for (size_t i = 0; i < v->n_nodes; i++) {
        if (mx->articulation == NULL || !mx->articulation[order[i]])
            continue;
        pn_strbuf_append(out, "- ");
        md_entity(out, &m->entities[v->node_entity[order[i]]]);
        pn_strbuf_append(out, "\n");
        n++;
    }
    if (n == 0)
        pn_strbuf_append(out, "None: the network stays connected when any single entity "
                              "leaves.\n");
    free(order);
}

/* Single points of failure, quantified: what each of the most damaging
 * removals costs (partnet whatif --rank-removals gives the whole list). With --focus
 * (v->focus) they were measured in the ego network, from the focus. */
static void md_removals(struct pn_strbuf *out, const struct pn_model *m, const struct pn_view *v,
                        const struct pn_report_removal *rm, size_t n)
{
    if (n == 0)
        return;
    pn_strbuf_append(out, "\n### What each removal costs\n\n");
    if (v->focus != PN_NONE) {
        const char *focus = pn_entity_label(&m->entities[v->node_entity[v->focus]]);
        pn_strbuf_append(out, "Each other entity of the ego network of ");
        append_md(out, focus);
        pn_strbuf_append(out, " removed in turn, the rest of the ego network unchanged: "
                              "partners cut off from ");
        append_md(out, focus);
        pn_strbuf_append(out, ", pairs of partners that can no longer reach each other, and "
                              "the drop in the ego network's global efficiency.\n\n");
    } else
        pn_strbuf_append(out, "Each entity removed in turn "
                              "(`partnet whatif --rank-removals` lists them all): partners cut "
                              "off from the rest of the network, pairs of partners that can no "
                              "longer reach each other, and the drop in global efficiency.\n\n");
    pn_strbuf_append(out, "| # | Entity | Partners cut off | Pairs disconnected | "
                          "Efficiency drop |\n|---:|---|---:|---:|---:|\n");
    size_t shown = 0;
    for (size_t i = 0; i < n && shown < TOP_N; i++) {
        if (rm[i].disconnected == 0 && !(rm[i].efficiency_drop > 0))
            break;
        pn_strbuf_appendf(out, "| %zu | ", ++shown);
        md_entity(out, &m->entities[rm[i].entity]);
        pn_strbuf_appendf(out, " | %zu | %.0f | %.4f |\n", rm[i].disconnected,
                          rm[i].pairs_lost, rm[i].efficiency_drop);
    }
}

void pn_report_markdown(struct pn_strbuf *out, const struct pn_model *m, const struct pn_view *v,
                        const struct pn_metrics *mx, const char *map_name)
{
    struct pn_report_map map = {map_name, "Network map", 0};
    pn_report_markdown_maps(out, m, v, mx, &map, map_name != NULL ? 1 : 0, NULL, 0);
}

/* The estimates' bounds (issue 12), before any estimate is read (first), or the older
 * note on --betweenness-cutoff and --betweenness-sample at the end. */
static void md_notes(struct pn_strbuf *out, const struct pn_metrics *mx, bool first)
{
    if (first && mx->approx.on) {
        pn_strbuf_append(out, "\n**Estimates.** ");
        pn_approx_describe(mx, false, out);
        pn_strbuf_append(out, "\n");
    } else if (!first && mx->betweenness_approx && !mx->approx.on) {
        pn_strbuf_append(out, "\nNote: betweenness is approximate (--betweenness-cutoff or "
                              "--betweenness-sample).\n");
    }
}

void pn_report_markdown_maps(struct pn_strbuf *out, const struct pn_model *m,
                             const struct pn_view *v, const struct pn_metrics *mx,
                             const struct pn_report_map *maps, size_t n_maps,
                             const struct pn_report_removal *removals, size_t n_removals)
{
    struct counts c = count_model(m);
    pn_strbuf_append(out, "# ");
    append_md(out, m->title ? m->title : "Partnership network");
    pn_strbuf_append(out, "\n\n");
    if (m->description != NULL) {
        append_md(out, m->description);
        pn_strbuf_append(out, "\n\n");
    }
    if (n_maps > 0)
        pn_strbuf_appendf(out, "![%s](%s)\n\n", maps[0].caption, maps[0].file);
    if (n_maps > 1) {
        pn_strbuf_append(out, "Other maps:");
        for (size_t i = 1; i < n_maps; i++)
            pn_strbuf_appendf(out, "%s [%s](%s)", i > 1 ? ";" : "", maps[i].caption,
                              maps[i].file);
        pn_strbuf_append(out, ".\n\n");
    }
    pn_strbuf_append(out, "## The network\n\n| Figure | Value |\n|---|---:|\n");
    pn_strbuf_appendf(out, "| Institutions | %zu |\n| Alliances | %zu |\n| Networks | %zu |\n"
                           "| Bilateral ties | %zu |\n| Memberships | %zu |\n",
                      c.institutions, c.alliances, c.networks, c.ties, c.memberships);
    pn_strbuf_appendf(out, "| Nodes analysed | %zu |\n| Edges analysed | %zu |\n", mx->n_nodes,
                      mx->n_edges);
    struct {
        const char *label;
        double x;
    } figs[] = {{"Density", mx->density},
                {"Diameter (steps)", mx->diameter},
                {"Average path length (steps)", mx->avg_path_length},
                {"Transitivity", mx->transitivity},
                {"Modularity", mx->modularity},
                {"Assortativity by country", mx->assort_country},
                {"Assortativity by type", mx->assort_type}};
    pn_strbuf_appendf(out, "| Components | %zu |\n| Largest component | %zu |\n",
                      mx->n_components, mx->largest_component);
    for (size_t i = 0; i < sizeof figs / sizeof figs[0]; i++) {
        pn_strbuf_appendf(out, "| %s | ", figs[i].label);
        if (isfinite(figs[i].x))
            pn_strbuf_appendf(out, "%.4f", figs[i].x);
        else
            pn_strbuf_append(out, "n/a");
        pn_strbuf_append(out, " |\n");
    }
    pn_strbuf_appendf(out, "| Bridges (ties whose loss splits the network) | %zu |\n",
                      mx->n_bridges);
    md_notes(out, mx, true);
    pn_strbuf_append(out, "\n## Most central entities\n");
    md_top_table(out, m, v, mx);
    md_brokers(out, m, v, mx);
    md_communities(out, m, v, mx);
    md_articulation(out, m, v, mx);
    md_removals(out, m, v, removals, n_removals);
    if (m->n_sources > 0) {
        pn_strbuf_append(out, "\n## Sources\n\n");
        for (size_t i = 0; i < m->n_sources; i++) {
            const struct pn_source *s = &m->sources[i];
            pn_strbuf_appendf(out, "- `%s`: ", s->id);
            append_md(out, s->title ? s->title : s->id);
            if (s->publisher) {
                pn_strbuf_append(out, ", ");
                append_md(out, s->publisher);
            }
            if (s->date)
                pn_strbuf_appendf(out, " (%s)", s->date);
            if (s->url) {
                pn_strbuf_append(out, " <");
                pn_strbuf_append(out, s->url); /* validated http(s) URL */
                pn_strbuf_append(out, ">");
            }
            pn_strbuf_append(out, "\n");
        }
    }
    md_notes(out, mx, false);
}

/* ---- node-link JSON export ---------------------------------------------- */

static const char *edge_kind_name(enum pn_edge_kind k)
{
    switch (k) {
    case PN_EDGE_TIE:
        return "tie";
    case PN_EDGE_MEMBER:
        return "member";
    case PN_EDGE_PART_OF:
        return "part-of";
    case PN_EDGE_COMEMBER:
        return "co-member";
    case PN_EDGE_OVERLAP:
        return "overlap";
    }
    return "other";
}

static void json_string_list(struct pn_strbuf *out, char *const *items, size_t n)
{
    pn_strbuf_append(out, "[");
    for (size_t i = 0; i < n; i++) {
        pn_strbuf_append(out, i ? ", " : "");
        pn_strbuf_append_json(out, items[i]);
    }
    pn_strbuf_append(out, "]");
}

static void json_years(struct pn_strbuf *out, int since, int until)
{
    pn_strbuf_append(out, ", \"since\": ");
    if (since != PN_YEAR_UNSET)
        pn_strbuf_appendf(out, "%d", since);
    else
        pn_strbuf_append(out, "null");
    pn_strbuf_append(out, ", \"until\": ");
    if (until != PN_YEAR_UNSET)
        pn_strbuf_appendf(out, "%d", until);
    else
        pn_strbuf_append(out, "null");
}

static void json_attrs(struct pn_strbuf *out, const struct pn_kv *kv, size_t n)
{
    pn_strbuf_append(out, ", \"attrs\": {");
    for (size_t i = 0; i < n; i++) {
        pn_strbuf_append(out, i ? ", " : "");
        pn_strbuf_append_json(out, kv[i].key);
        pn_strbuf_append(out, ": ");
        pn_strbuf_append_json(out, kv[i].value);
    }
    pn_strbuf_append(out, "}");
}

void pn_report_export_json(struct pn_strbuf *out, const struct pn_model *m,
                           const struct pn_view *v, const struct pn_metrics *mx)
{
    bool directed = false;
    for (size_t i = 0; i < v->n_edges; i++)
        directed = directed || v->edges[i].directed;
    pn_strbuf_append(out, "{\n  \"directed\": ");
    pn_strbuf_append(out, directed ? "true" : "false");
    pn_strbuf_append(out, ",\n  \"multigraph\": true,\n  \"graph\": {\"title\": ");
    pn_strbuf_append_json(out, m->title);
    pn_strbuf_append(out, "},\n  \"nodes\": [\n");
    for (size_t i = 0; i < v->n_nodes; i++) {
        const struct pn_entity *e = &m->entities[v->node_entity[i]];
        pn_strbuf_append(out, "    {");
        node_json_fields(out, e);
        pn_strbuf_append(out, ", \"region\": ");
        pn_strbuf_append_json(out, e->region);
        if (e->has_location) {
            pn_strbuf_append(out, ", \"lat\": ");
            pn_strbuf_append_real(out, e->lat);
            pn_strbuf_append(out, ", \"lon\": ");
            pn_strbuf_append_real(out, e->lon);
        }
        pn_strbuf_append(out, ", \"parent\": ");
        pn_strbuf_append_json(out, e->parent);
        pn_strbuf_append(out, ", \"themes\": ");
        json_string_list(out, e->themes, e->n_themes);
        json_years(out, e->since, e->until);
        pn_strbuf_append(out, ", \"url\": ");
        pn_strbuf_append_json(out, e->url);
        pn_strbuf_append(out, ", \"provenance\": ");
        pn_strbuf_append_json(out, e->source);
        json_attrs(out, e->attrs, e->n_attrs);
        if (mx != NULL && mx->v[0] != NULL) {
            pn_strbuf_append(out, ", \"metrics\": ");
            metrics_json_object(out, mx, i);
        }
        pn_strbuf_appendf(out, "}%s\n", i + 1 < v->n_nodes ? "," : "");
    }
    pn_strbuf_append(out, "  ],\n  \"links\": [\n");
    for (size_t i = 0; i < v->n_edges; i++) {
        const struct pn_edge *ed = &v->edges[i];
        pn_strbuf_append(out, "    {\"source\": ");
        pn_strbuf_append_json(out, node_id(m, v, ed->from));
        pn_strbuf_append(out, ", \"target\": ");
        pn_strbuf_append_json(out, node_id(m, v, ed->to));
        pn_strbuf_appendf(out, ", \"kind\": \"%s\", \"directed\": %s, \"weight\": ",
                          edge_kind_name(ed->kind), ed->directed ? "true" : "false");
        pn_strbuf_append_real(out, ed->weight);
        if (ed->kind == PN_EDGE_TIE && ed->ref != PN_NONE) {
            const struct pn_tie *t = &m->ties[ed->ref];
            pn_strbuf_append(out, ", \"type\": ");
            pn_strbuf_append_json(out, t->type);
            pn_strbuf_append(out, ", \"label\": ");
            pn_strbuf_append_json(out, t->label);
            pn_strbuf_append(out, ", \"themes\": ");
            json_string_list(out, t->themes, t->n_themes);
            json_years(out, t->since, t->until);
            pn_strbuf_append(out, ", \"provenance\": ");
            pn_strbuf_append_json(out, t->source);
            json_attrs(out, t->attrs, t->n_attrs);
        } else if (ed->kind == PN_EDGE_MEMBER && ed->ref != PN_NONE && ed->sub != PN_NONE) {
            const struct pn_member *mb = &m->entities[ed->ref].members[ed->sub];
            pn_strbuf_append(out, ", \"type\": \"member\", \"role\": ");
            pn_strbuf_append_json(out, mb->role);
            json_years(out, mb->since, mb->until);
            pn_strbuf_append(out, ", \"provenance\": ");
            pn_strbuf_append_json(out, mb->source ? mb->source : m->entities[ed->ref].source);
        } else {
            pn_strbuf_appendf(out, ", \"type\": \"%s\"", edge_kind_name(ed->kind));
        }
        pn_strbuf_appendf(out, "}%s\n", i + 1 < v->n_edges ? "," : "");
    }
    pn_strbuf_append(out, "  ]\n}\n");
}
