/*
 * diff: two versions of a network -> what was added, removed or changed
 * (entities, ties, memberships, field by field) and how every node's rank
 * moved by each metric. Keys are the schema's identities: entity id, tie ends
 * + type (+ occurrence), group + member. Must not print.
 */
#include "net/diff.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/scenario.h"

const char *const pn_diff_change_name[3] = {"added", "removed", "changed"};
const char *const pn_diff_item_name[3] = {"entity", "tie", "membership"};

void pn_diff_init(struct pn_diff *df)
{
    memset(df, 0, sizeof *df);
}

void pn_diff_destroy(struct pn_diff *df)
{
    if (df == NULL)
        return;
    for (size_t i = 0; i < df->n_entries; i++) {
        struct pn_diff_entry *e = &df->entries[i];
        free(e->key);
        free(e->field);
        free(e->old_value);
        free(e->new_value);
    }
    free(df->entries);
    for (size_t i = 0; i < df->n_ranks; i++) {
        free(df->ranks[i].id);
        free(df->ranks[i].name);
    }
    free(df->ranks);
    memset(df, 0, sizeof *df);
}

static void push(struct pn_diff *df, enum pn_diff_change ch, enum pn_diff_item it, const char *key,
                 const char *field, const char *o, const char *n)
{
    pn_xgrow((void **)&df->entries, &df->cap_entries, df->n_entries + 1, sizeof *df->entries);
    struct pn_diff_entry *e = &df->entries[df->n_entries++];
    e->change = ch;
    e->item = it;
    e->key = pn_xstrdup(key);
    e->field = pn_xstrdup(field);
    e->old_value = pn_xstrdup(o);
    e->new_value = pn_xstrdup(n);
}

/* ---- field values as text ------------------------------------------------------ */

static char *year_str(int y)
{
    return y == PN_YEAR_UNSET ? NULL : pn_xasprintf("%d", y);
}

static char *real_str(double x)
{
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    pn_strbuf_append_real(&sb, x);
    return pn_strbuf_detach(&sb);
}

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Themes as a set: sorted, comma-separated; NULL when none (order is not a change). */
static char *themes_str(char *const *themes, size_t n)
{
    if (n == 0)
        return NULL;
    char **v = pn_xmalloc(n * sizeof *v);
    memcpy(v, themes, n * sizeof *v);
    qsort(v, n, sizeof *v, cmp_cstr);
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    for (size_t i = 0; i < n; i++)
        pn_strbuf_appendf(&sb, "%s%s", i ? "," : "", v[i]);
    free(v);
    return pn_strbuf_detach(&sb);
}

static bool same(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    return strcmp(a, b) == 0;
}

/* One item being compared: records each changed field, counts the item once. */
struct cmp {
    struct pn_diff *df;
    enum pn_diff_item item;
    const char *key;
    bool changed;
};

static void field(struct cmp *c, const char *name, const char *o, const char *n)
{
    if (same(o, n))
        return;
    push(c->df, PN_DIFF_CHANGED, c->item, c->key, name, o, n);
    c->changed = true;
}

/* Same as field, taking ownership of the two values. */
static void field_owned(struct cmp *c, const char *name, char *o, char *n)
{
    field(c, name, o, n);
    free(o);
    free(n);
}

static const char *kv_get(const struct pn_kv *kv, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(kv[i].key, key) == 0)
            return kv[i].value;
    return NULL;
}

/* attrs.<key> for the union of keys, in sorted key order. */
static void attrs(struct cmp *c, const struct pn_kv *a, size_t na, const struct pn_kv *b, size_t nb)
{
    char **keys = pn_xcalloc(na + nb + 1, sizeof *keys);
    size_t n = 0;
    for (size_t i = 0; i < na; i++)
        keys[n++] = a[i].key;
    for (size_t i = 0; i < nb; i++)
        keys[n++] = b[i].key;
    if (n > 1)
        qsort(keys, n, sizeof *keys, cmp_cstr);
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && strcmp(keys[i], keys[i - 1]) == 0)
            continue;
        char *name = pn_xasprintf("attrs.%s", keys[i]);
        field(c, name, kv_get(a, na, keys[i]), kv_get(b, nb, keys[i]));
        free(name);
    }
    free(keys);
}

/* ---- keyed items ------------------------------------------------------------------ */

struct keyed {
    char *key;
    size_t i, j; /* entity / tie index; membership: group and member index */
};

static int cmp_keyed(const void *pa, const void *pb)
{
    const struct keyed *a = pa, *b = pb;
    int c = strcmp(a->key, b->key);
    if (c != 0)
        return c;
    if (a->i != b->i)
        return a->i < b->i ? -1 : 1;
    return a->j < b->j ? -1 : a->j > b->j;
}

/* Sort, then number repeated keys in input order: "key", "key #2", ... */
static void number_keys(struct keyed *k, size_t n)
{
    if (n > 1)
        qsort(k, n, sizeof *k, cmp_keyed);
    for (size_t s = 0; s < n;) {
        size_t e = s + 1;
        while (e < n && strcmp(k[e].key, k[s].key) == 0)
            e++;
        for (size_t x = s + 1; x < e; x++) {
            char *nk = pn_xasprintf("%s #%zu", k[x].key, x - s + 1);
            free(k[x].key);
            k[x].key = nk;
        }
        s = e;
    }
    if (n > 1)
        qsort(k, n, sizeof *k, cmp_keyed);
}

static void free_keyed(struct keyed *k, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(k[i].key);
    free(k);
}

static struct keyed *entity_keys(const struct pn_model *m, size_t *n)
{
    struct keyed *k = pn_xcalloc(m->n_entities + 1, sizeof *k);
    for (size_t i = 0; i < m->n_entities; i++)
        k[i] = (struct keyed){pn_xstrdup(m->entities[i].id), i, 0};
    *n = m->n_entities;
    number_keys(k, *n);
    return k;
}

static char *tie_key(const struct pn_tie *t)
{
    if (t->directed)
        return pn_xasprintf("%s -> %s (%s)", t->a, t->b, t->type ? t->type : "other");
    /* undirected: ends in id order, so [a, b] and [b, a] are the same tie */
    const char *x = t->a, *y = t->b;
    if (strcmp(x, y) > 0) {
        const char *s = x;
        x = y;
        y = s;
    }
    return pn_xasprintf("%s -- %s (%s)", x, y, t->type ? t->type : "other");
}

static struct keyed *tie_keys(const struct pn_model *m, size_t *n)
{
    struct keyed *k = pn_xcalloc(m->n_ties + 1, sizeof *k);
    for (size_t i = 0; i < m->n_ties; i++)
        k[i] = (struct keyed){tie_key(&m->ties[i]), i, 0};
    *n = m->n_ties;
    number_keys(k, *n);
    return k;
}

static struct keyed *member_keys(const struct pn_model *m, size_t *n)
{
    struct keyed *k = NULL;
    size_t cap = 0;
    *n = 0;
    for (size_t g = 0; g < m->n_entities; g++) {
        const struct pn_entity *e = &m->entities[g];
        for (size_t j = 0; j < e->n_members; j++) {
            pn_xgrow((void **)&k, &cap, *n + 1, sizeof *k);
            k[(*n)++] = (struct keyed){pn_xasprintf("%s/%s", e->id, e->members[j].id), g, j};
        }
    }
    if (k == NULL)
        k = pn_xcalloc(1, sizeof *k);
    number_keys(k, *n);
    return k;
}

/* ---- field comparisons -------------------------------------------------------------- */

static char *location_str(const struct pn_entity *e)
{
    if (!e->has_location)
        return NULL;
    char *la = real_str(e->lat), *lo = real_str(e->lon);
    char *s = pn_xasprintf("%s, %s", la, lo);
    free(la);
    free(lo);
    return s;
}

static void cmp_entity(struct cmp *c, const struct pn_entity *a, const struct pn_entity *b)
{
    field(c, "kind", pn_kind_name(a->kind), pn_kind_name(b->kind));
    field(c, "name", a->name, b->name);
    field(c, "short", a->short_name, b->short_name);
    field(c, "type", a->type, b->type);
    field(c, "country", a->country, b->country);
    field(c, "region", a->region, b->region);
    field(c, "city", a->city, b->city);
    field_owned(c, "location", location_str(a), location_str(b));
    field(c, "parent", a->parent, b->parent);
    field_owned(c, "themes", themes_str(a->themes, a->n_themes),
                themes_str(b->themes, b->n_themes));
    field_owned(c, "since", year_str(a->since), year_str(b->since));
    field_owned(c, "until", year_str(a->until), year_str(b->until));
    field(c, "url", a->url, b->url);
    field(c, "source", a->source, b->source);
    attrs(c, a->attrs, a->n_attrs, b->attrs, b->n_attrs);
}

static void cmp_tie(struct cmp *c, const struct pn_tie *a, const struct pn_tie *b)
{
    field(c, "label", a->label, b->label);
    field_owned(c, "themes", themes_str(a->themes, a->n_themes),
                themes_str(b->themes, b->n_themes));
    field_owned(c, "since", year_str(a->since), year_str(b->since));
    field_owned(c, "until", year_str(a->until), year_str(b->until));
    field_owned(c, "weight", real_str(a->weight), real_str(b->weight));
    field(c, "source", a->source, b->source);
    attrs(c, a->attrs, a->n_attrs, b->attrs, b->n_attrs);
}

static void cmp_member(struct cmp *c, const struct pn_member *a, const struct pn_member *b)
{
    field(c, "role", a->role, b->role);
    field_owned(c, "since", year_str(a->since), year_str(b->since));
    field_owned(c, "until", year_str(a->until), year_str(b->until));
    field(c, "source", a->source, b->source);
}

/* Merge two sorted key lists: added, removed, and field changes. */
static void merge(struct pn_diff *df, enum pn_diff_item item, const struct pn_model *om,
                  const struct keyed *ok, size_t on, const struct pn_model *nm,
                  const struct keyed *nk, size_t nn)
{
    size_t i = 0, j = 0;
    while (i < on || j < nn) {
        int c = i >= on ? 1 : j >= nn ? -1 : strcmp(ok[i].key, nk[j].key);
        if (c < 0) {
            const char *name = item == PN_DIFF_ENTITY ? om->entities[ok[i].i].name : NULL;
            push(df, PN_DIFF_REMOVED, item, ok[i].key, NULL, name, NULL);
            df->count[item][PN_DIFF_REMOVED]++;
            i++;
        } else if (c > 0) {
            const char *name = item == PN_DIFF_ENTITY ? nm->entities[nk[j].i].name : NULL;
            push(df, PN_DIFF_ADDED, item, nk[j].key, NULL, NULL, name);
            df->count[item][PN_DIFF_ADDED]++;
            j++;
        } else {
            struct cmp cm = {df, item, ok[i].key, false};
            if (item == PN_DIFF_ENTITY)
                cmp_entity(&cm, &om->entities[ok[i].i], &nm->entities[nk[j].i]);
            else if (item == PN_DIFF_TIE)
                cmp_tie(&cm, &om->ties[ok[i].i], &nm->ties[nk[j].i]);
            else
                cmp_member(&cm, &om->entities[ok[i].i].members[ok[i].j],
                           &nm->entities[nk[j].i].members[nk[j].j]);
            if (cm.changed)
                df->count[item][PN_DIFF_CHANGED]++;
            i++;
            j++;
        }
    }
}

void pn_diff_models(const struct pn_model *old_m, const struct pn_model *new_m, struct pn_diff *df)
{
    struct keyed *(*keys[3])(const struct pn_model *, size_t *) = {entity_keys, tie_keys,
                                                                   member_keys};
    for (int it = 0; it < 3; it++) {
        size_t on = 0, nn = 0;
        struct keyed *ok = keys[it](old_m, &on);
        struct keyed *nk = keys[it](new_m, &nn);
        merge(df, (enum pn_diff_item)it, old_m, ok, on, new_m, nk, nn);
        free_keyed(ok, on);
        free_keyed(nk, nn);
    }
}

/* ---- ranks --------------------------------------------------------------------------- */

static int cmp_node_id(const void *pa, const void *pb)
{
    const struct keyed *a = pa, *b = pb;
    return strcmp(a->key, b->key);
}

/* Build and analyse one side (0 old, 1 new); its messages go to d prefixed with the side. */
static enum pn_status diff_side(int v, const struct pn_model *m, const struct pn_graph_options *go,
                                const struct pn_analysis_options *ao, struct pn_graph **g,
                                struct pn_metrics *mx, struct pn_diag *d)
{
    struct pn_diag scratch;
    pn_diag_init(&scratch);
    enum pn_status st = pn_graph_build(m, go, g, &scratch);
    if (st == PN_OK)
        st = pn_analysis_run(*g, ao, mx, &scratch);
    for (size_t i = 0; i < scratch.n_msgs; i++) {
        const struct pn_diag_msg *x = &scratch.msgs[i];
        struct pn_loc loc = {x->file, x->line, x->col};
        if (x->sev == PN_SEV_ERROR)
            pn_diag_error(d, x->file ? &loc : NULL, "%s network: %s", v ? "new" : "old", x->text);
        else
            pn_diag_warning(d, x->file ? &loc : NULL, "%s network: %s", v ? "new" : "old",
                            x->text);
    }
    pn_diag_destroy(&scratch);
    return st;
}

/* The union of nodes by id, sorted: i = old node, j = new node (PN_NONE when absent).
 * Returns a new array of *n entries whose keys the models own. */
static struct keyed *node_union(const struct pn_model *old_m, const struct pn_view *vo,
                                const struct pn_model *new_m, const struct pn_view *vn, size_t *n)
{
    struct keyed *ids = pn_xcalloc(vo->n_nodes + vn->n_nodes + 1, sizeof *ids);
    *n = 0;
    for (size_t i = 0; i < vo->n_nodes; i++)
        ids[(*n)++] = (struct keyed){old_m->entities[vo->node_entity[i]].id, i, PN_NONE};
    for (size_t j = 0; j < vn->n_nodes; j++) {
        size_t e = pn_model_find(old_m, new_m->entities[vn->node_entity[j]].id);
        size_t on = e != PN_NONE && e < vo->n_entities ? vo->entity_node[e] : PN_NONE;
        if (on != PN_NONE)
            ids[on].j = j;
        else
            ids[(*n)++] = (struct keyed){new_m->entities[vn->node_entity[j]].id, PN_NONE, j};
    }
    if (*n > 1)
        qsort(ids, *n, sizeof *ids, cmp_node_id);
    return ids;
}

enum pn_status pn_diff_ranks(const struct pn_model *old_m, const struct pn_model *new_m,
                             const struct pn_graph_options *go,
                             const struct pn_analysis_options *ao, struct pn_diff *df,
                             struct pn_diag *d)
{
    const struct pn_model *mm[2] = {old_m, new_m};
    struct pn_graph *g[2] = {NULL, NULL};
    struct pn_metrics mx[2];
    memset(mx, 0, sizeof mx);
    size_t *rank[2] = {NULL, NULL};
    struct keyed *ids = NULL;
    enum pn_status st = PN_OK;
    for (int v = 0; v < 2; v++)
        if ((st = diff_side(v, mm[v], go, ao, &g[v], &mx[v], d)) != PN_OK)
            goto out;
    const struct pn_view *vo = pn_graph_view(g[0]), *vn = pn_graph_view(g[1]);
    size_t n = 0;
    ids = node_union(old_m, vo, new_m, vn, &n);
    for (int v = 0; v < 2; v++)
        rank[v] = pn_xcalloc((v ? vn->n_nodes : vo->n_nodes) + 1, sizeof *rank[v]);
    for (int me = 0; me < PN_M_COUNT; me++) {
        if (me == PN_M_COMMUNITY)
            continue; /* community ids are labels, not ranks */
        pn_scenario_ranks(mx[0].v[me], vo->n_nodes, pn_metric_info[me].higher_is_central, rank[0]);
        pn_scenario_ranks(mx[1].v[me], vn->n_nodes, pn_metric_info[me].higher_is_central, rank[1]);
        for (size_t k = 0; k < n; k++) {
            pn_xgrow((void **)&df->ranks, &df->cap_ranks, df->n_ranks + 1, sizeof *df->ranks);
            struct pn_diff_rank *r = &df->ranks[df->n_ranks++];
            size_t on = ids[k].i, nn = ids[k].j;
            const struct pn_entity *e = nn != PN_NONE ? &new_m->entities[vn->node_entity[nn]]
                                                      : &old_m->entities[vo->node_entity[on]];
            r->id = pn_xstrdup(e->id);
            r->name = pn_xstrdup(e->name);
            r->metric = me;
            r->old_value = on != PN_NONE ? mx[0].v[me][on] : NAN;
            r->new_value = nn != PN_NONE ? mx[1].v[me][nn] : NAN;
            r->old_rank = on != PN_NONE ? rank[0][on] : 0;
            r->new_rank = nn != PN_NONE ? rank[1][nn] : 0;
        }
    }
    df->have_ranks = true;
out:
    free(ids); /* keys borrowed from the models */
    free(rank[0]);
    free(rank[1]);
    for (int v = 0; v < 2; v++) {
        pn_metrics_destroy(&mx[v]);
        pn_graph_free(g[v]);
    }
    return st;
}

/* ---- output ----------------------------------------------------------------------------- */

static void rank_cells(struct pn_table *t, size_t r, size_t c, const struct pn_diff_rank *x)
{
    if (x->old_rank)
        pn_table_int(t, r, c, (long long)x->old_rank);
    if (x->new_rank)
        pn_table_int(t, r, c + 1, (long long)x->new_rank);
}

static void add_value(struct pn_table *t, size_t r, size_t c, double v)
{
    if (!isnan(v))
        pn_table_real(t, r, c, v);
}

/* The cells of one changed item from column 0: change, item, key, field, old, new. */
static void entry_cells(struct pn_table *t, size_t r, const struct pn_diff_entry *e)
{
    pn_table_text(t, r, 0, pn_diff_change_name[e->change]);
    pn_table_text(t, r, 1, pn_diff_item_name[e->item]);
    pn_table_text(t, r, 2, e->key);
    pn_table_text(t, r, 3, e->field);
    pn_table_text(t, r, 4, e->old_value);
    pn_table_text(t, r, 5, e->new_value);
}

/* CSV: one table, a row per changed item, then a row per node and metric. */
static void diff_csv(struct pn_strbuf *sb, const struct pn_diff *df)
{
    static const char *const cols[] = {"change", "item",      "key",       "field", "old",
                                       "new",    "old_value", "new_value", NULL};
    struct pn_table t;
    pn_table_init(&t, NULL, cols);
    for (size_t i = 0; i < df->n_entries; i++)
        entry_cells(&t, pn_table_row(&t), &df->entries[i]);
    for (size_t i = 0; i < df->n_ranks; i++) {
        const struct pn_diff_rank *x = &df->ranks[i];
        size_t r = pn_table_row(&t);
        pn_table_text(&t, r, 0, "rank");
        pn_table_text(&t, r, 1, "node");
        pn_table_text(&t, r, 2, x->id);
        pn_table_text(&t, r, 3, pn_metric_info[x->metric].name);
        rank_cells(&t, r, 4, x);
        add_value(&t, r, 6, x->old_value);
        add_value(&t, r, 7, x->new_value);
    }
    pn_table_write(sb, &t, PN_FMT_CSV);
    pn_table_destroy(&t);
}

static const char *const rank_cols[] = {
    "metric", "id", "name", "old_rank", "new_rank", "change", "old_value", "new_value", NULL};

/* One row of the rank table. */
static void rank_row(struct pn_table *rk, const struct pn_diff_rank *x)
{
    size_t r = pn_table_row(rk);
    pn_table_text(rk, r, 0, pn_metric_info[x->metric].name);
    pn_table_text(rk, r, 1, x->id);
    pn_table_text(rk, r, 2, x->name);
    rank_cells(rk, r, 3, x);
    if (x->old_rank && x->new_rank)
        pn_table_int(rk, r, 5, (long long)x->old_rank - (long long)x->new_rank);
    add_value(rk, r, 6, x->old_value);
    add_value(rk, r, 7, x->new_value);
}

static bool in_top(size_t rank)
{
    return rank >= 1 && rank <= PN_DIFF_TOP_RANKS;
}

/* Places moved; SIZE_MAX for a node ranked on one side only (it came or went). */
static size_t move_size(const struct pn_diff_rank *x)
{
    if (!x->old_rank || !x->new_rank)
        return SIZE_MAX;
    return x->old_rank > x->new_rank ? x->old_rank - x->new_rank : x->new_rank - x->old_rank;
}

/* The default table's rule: a move of at least PN_DIFF_MOVE_MIN places, or into or out
 * of the top PN_DIFF_TOP_RANKS (a node that came or went counts as outside). */
bool pn_diff_move_matters(const struct pn_diff_rank *x)
{
    if (x->old_rank == x->new_rank)
        return false;
    if (in_top(x->old_rank) != in_top(x->new_rank))
        return true;
    return x->old_rank && x->new_rank && move_size(x) >= PN_DIFF_MOVE_MIN;
}

/* Largest move first, then id. */
static int cmp_move(const void *pa, const void *pb)
{
    const struct pn_diff_rank *a = *(const struct pn_diff_rank *const *)pa;
    const struct pn_diff_rank *b = *(const struct pn_diff_rank *const *)pb;
    size_t ma = move_size(a), mb = move_size(b);
    if (ma != mb)
        return ma > mb ? -1 : 1;
    return strcmp(a->id, b->id);
}

/* The text table's rank moves, metric by metric, largest first: those that matter, or
 * with top > 0 the top largest moves of nodes ranked in both versions. Returns the rows. */
static size_t rank_table_text(struct pn_table *rk, const struct pn_diff *df, long top)
{
    pn_table_init(rk, NULL, rank_cols);
    const struct pn_diff_rank **pick = pn_xcalloc(df->n_ranks + 1, sizeof *pick);
    for (size_t i = 0; i < df->n_ranks;) {
        size_t n = 0, j = i;
        for (; j < df->n_ranks && df->ranks[j].metric == df->ranks[i].metric; j++) {
            const struct pn_diff_rank *x = &df->ranks[j];
            bool keep = top > 0 ? x->old_rank && x->new_rank && x->old_rank != x->new_rank
                                : pn_diff_move_matters(x);
            if (keep)
                pick[n++] = x;
        }
        if (n > 1)
            qsort(pick, n, sizeof *pick, cmp_move);
        if (top > 0 && n > (size_t)top)
            n = (size_t)top;
        for (size_t k = 0; k < n; k++)
            rank_row(rk, pick[k]);
        i = j;
    }
    free(pick);
    return rk->n_rows;
}

/* Rows whose rank moved, and the distinct nodes among them. */
static void count_moves(const struct pn_diff *df, size_t *moves, size_t *nodes)
{
    const char **ids = pn_xcalloc(df->n_ranks + 1, sizeof *ids);
    size_t n = 0;
    for (size_t i = 0; i < df->n_ranks; i++)
        if (df->ranks[i].old_rank != df->ranks[i].new_rank)
            ids[n++] = df->ranks[i].id;
    *moves = n;
    if (n > 1)
        qsort(ids, n, sizeof *ids, cmp_cstr);
    *nodes = 0;
    for (size_t i = 0; i < n; i++)
        *nodes += i == 0 || strcmp(ids[i - 1], ids[i]) != 0;
    free((void *)ids);
}

static const char *const plural[3] = {"entities", "ties", "memberships"};

/* JSON: the counts, every change, every node's rank by each metric. */
static void diff_json(struct pn_strbuf *sb, const struct pn_diff *df, const struct pn_table *ch,
                      size_t moves, size_t nodes)
{
    struct pn_table rk;
    pn_table_init(&rk, NULL, rank_cols);
    for (size_t i = 0; i < df->n_ranks; i++)
        rank_row(&rk, &df->ranks[i]);
    pn_strbuf_append(sb, "{\n  \"summary\": {");
    for (int it = 0; it < 3; it++) {
        pn_strbuf_appendf(sb, "%s\"%s\": {", it ? ", " : "", plural[it]);
        for (int c = 0; c < 3; c++)
            pn_strbuf_appendf(sb, "%s\"%s\": %zu", c ? ", " : "", pn_diff_change_name[c],
                              df->count[it][c]);
        pn_strbuf_append(sb, "}");
    }
    if (df->have_ranks)
        pn_strbuf_appendf(sb, ", \"rank_moves\": {\"nodes\": %zu, \"moves\": %zu}", nodes,
                          moves);
    pn_strbuf_append(sb, "},\n  \"changes\": ");
    pn_table_json(sb, ch, 2);
    pn_strbuf_append(sb, ",\n  \"ranks\": ");
    pn_table_json(sb, &rk, 2);
    pn_strbuf_append(sb, "\n}\n");
    pn_table_destroy(&rk);
}

/* Table: the counts, every change, the rank moves that matter (or --top's). */
static void diff_text(struct pn_strbuf *sb, const struct pn_diff *df, const struct pn_table *ch,
                      size_t moves, size_t nodes, long top)
{
    pn_strbuf_append(sb, "Changes from the old to the new network\n");
    for (int it = 0; it < 3; it++)
        pn_strbuf_appendf(sb, "  %-12s %zu added, %zu removed, %zu changed\n", plural[it],
                          df->count[it][PN_DIFF_ADDED], df->count[it][PN_DIFF_REMOVED],
                          df->count[it][PN_DIFF_CHANGED]);
    if (df->have_ranks)
        pn_strbuf_appendf(sb, "  %-12s %zu node%s moved (%zu move%s by metric)\n", "ranks", nodes,
                          nodes == 1 ? "" : "s", moves, moves == 1 ? "" : "s");
    pn_strbuf_append(sb, "\n");
    if (ch->n_rows > 0)
        pn_table_write(sb, ch, PN_FMT_TABLE);
    else
        pn_strbuf_append(sb, "No entity, tie or membership changed.\n");
    if (!df->have_ranks)
        return;
    if (moves == 0) {
        pn_strbuf_append(sb, "\nNo rank moved.\n");
        return;
    }
    struct pn_table rk;
    size_t shown = rank_table_text(&rk, df, top);
    if (top == 1)
        pn_strbuf_appendf(sb, "\nThe largest rank move by metric (%zu of %zu; change > 0: up)\n",
                          shown, moves);
    else if (top > 1)
        pn_strbuf_appendf(sb, "\nThe %ld largest rank moves by metric (%zu of %zu; change > 0: "
                              "up)\n", top, shown, moves);
    else
        pn_strbuf_appendf(sb, "\nRank moves of %d places or more, or into or out of the top %d "
                              "(%zu of %zu; change > 0: up)\n",
                          PN_DIFF_MOVE_MIN, PN_DIFF_TOP_RANKS, shown, moves);
    if (shown > 0)
        pn_table_write(sb, &rk, PN_FMT_TABLE);
    else
        pn_strbuf_append(sb, "None.\n");
    pn_table_destroy(&rk);
}

void pn_diff_write(struct pn_strbuf *sb, const struct pn_diff *df, enum pn_format f, long top)
{
    if (f == PN_FMT_CSV) {
        diff_csv(sb, df);
        return;
    }
    static const char *const ch_cols[] = {"change", "item", "key", "field", "old", "new", NULL};
    struct pn_table ch;
    pn_table_init(&ch, NULL, ch_cols);
    for (size_t i = 0; i < df->n_entries; i++)
        entry_cells(&ch, pn_table_row(&ch), &df->entries[i]);
    size_t moves = 0, nodes = 0;
    count_moves(df, &moves, &nodes);
    if (f == PN_FMT_JSON)
        diff_json(sb, df, &ch, moves, nodes);
    else
        diff_text(sb, df, &ch, moves, nodes, top);
    pn_table_destroy(&ch);
}
