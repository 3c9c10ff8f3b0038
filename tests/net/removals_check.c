/*
 * removals_check (issue 12): whatif --rank-removals from the network before alone
 * (src/net/removals.c) against the reference path (one network built per removal,
 * pn_removal_options.reference), the oracle, on one network: every row the same
 * entity, rank, cut-off count, pairs lost, components and the same bits of
 * efficiency, the CSV the same bytes, and the same bytes for --jobs 1, 2, 3, 8.
 * With --coverage R K: R seeded runs estimating the efficiency from K sources; the
 * exact columns must match and the exact drop must lie within 1.96 standard errors
 * of the estimate in at least 80% of the rows over all runs (95% for a normal
 * estimate; a cut vertex's drop comes mostly from the few sources it cuts off, so
 * 83-92% here, docs/analysis.md).
 * Prints what it compared; exit 0 when all agree, 1 when not, 2 on error.
 * Usage: removals_check [--at YEAR] [--focus ID] [--ego ID] [--directed] [--theme T]
 *        [--reference-only] [--plant eff|cut] [--coverage R K] PATH
 *   --ego ID          the ego network of ID (radius 1) held fixed, as report --focus
 *   --reference-only  the network is one where the fast path must not apply (--theme)
 *   --plant           perturb one fast value (an efficiency by one ulp, or a cut-off
 *                     count by one): the checker must fail
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "model/loader.h"
#include "model/model.h"
#include "net/graph.h"
#include "net/scenario.h"

struct args {
    struct pn_graph_options go;
    const char *focus, *path, *plant, *theme;
    bool reference_only;
    long runs, k;
};

struct run {
    struct pn_damage *dm;
    size_t n;
    struct pn_net_figures before;
    struct pn_removal_info info;
};

static int parse(int argc, char **argv, struct args *a)
{
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(s, "--at") == 0 && v)
            a->go.at_year = (int)strtol(argv[++i], NULL, 10);
        else if (strcmp(s, "--focus") == 0 && v)
            a->focus = argv[++i];
        else if (strcmp(s, "--ego") == 0 && v)
            a->go.focus = argv[++i], a->go.radius = 1;
        else if (strcmp(s, "--directed") == 0)
            a->go.directed = true;
        else if (strcmp(s, "--theme") == 0 && v)
            a->theme = argv[++i];
        else if (strcmp(s, "--reference-only") == 0)
            a->reference_only = true;
        else if (strcmp(s, "--plant") == 0 && v)
            a->plant = argv[++i];
        else if (strcmp(s, "--coverage") == 0 && i + 2 < argc) {
            a->runs = strtol(argv[++i], NULL, 10);
            a->k = strtol(argv[++i], NULL, 10);
        } else if (s[0] != '-' && a->path == NULL)
            a->path = s;
        else {
            fprintf(stderr, "removals_check: bad argument %s\n", s);
            return 2;
        }
    }
    if (a->path == NULL) {
        fprintf(stderr, "removals_check: no path\n");
        return 2;
    }
    return 0;
}

static enum pn_status rank(const struct pn_model *m, const struct args *a,
                           struct pn_removal_options ro, struct run *r, struct pn_diag *d)
{
    memset(r, 0, sizeof *r);
    const char *focus = a->go.focus != NULL ? a->go.focus : a->focus;
    return pn_scenario_rank_removals(m, &a->go, focus, &ro, &r->dm, &r->n, &r->before, &r->info,
                                     d);
}

static bool same_row(const struct pn_damage *x, const struct pn_damage *y, bool eff)
{
    return x->entity == y->entity && x->rank == y->rank && x->disconnected == y->disconnected &&
           x->pairs_lost == y->pairs_lost && x->components_after == y->components_after &&
           (!eff || (memcmp(&x->efficiency_after, &y->efficiency_after, sizeof(double)) == 0 &&
                     memcmp(&x->efficiency_drop, &y->efficiency_drop, sizeof(double)) == 0));
}

static char *csv(const struct pn_model *m, const struct run *r)
{
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    pn_scenario_damage_write(&sb, m, r->dm, r->n, &r->before, NULL, 0, &r->info, PN_FMT_CSV);
    char *s = pn_xstrdup(pn_strbuf_str(&sb));
    pn_strbuf_destroy(&sb);
    return s;
}

/* want (the reference) against got, row by row, then as CSV. */
static bool compare(const char *what, const struct pn_model *m, const struct run *want,
                    const struct run *got)
{
    if (want->n != got->n) {
        printf("FAIL %s: %zu rows, the reference has %zu\n", what, got->n, want->n);
        return false;
    }
    for (size_t i = 0; i < want->n; i++)
        if (!same_row(&want->dm[i], &got->dm[i], true)) {
            const struct pn_damage *x = &want->dm[i], *y = &got->dm[i];
            printf("FAIL %s: row %zu: reference %s rank %zu cut %zu pairs %.0f comps %zu eff "
                   "%.17g drop %.17g; fast %s rank %zu cut %zu pairs %.0f comps %zu eff %.17g "
                   "drop %.17g\n",
                   what, i, m->entities[x->entity].id, x->rank, x->disconnected, x->pairs_lost,
                   x->components_after, x->efficiency_after, x->efficiency_drop,
                   m->entities[y->entity].id, y->rank, y->disconnected, y->pairs_lost,
                   y->components_after, y->efficiency_after, y->efficiency_drop);
            return false;
        }
    char *a = csv(m, want), *b = csv(m, got);
    bool ok = strcmp(a, b) == 0 &&
              memcmp(&want->before.efficiency, &got->before.efficiency, sizeof(double)) == 0 &&
              want->before.components == got->before.components &&
              want->before.reach == got->before.reach;
    if (!ok)
        printf("FAIL %s: the CSV or the figures before differ\n", what);
    free(a);
    free(b);
    return ok;
}

static const struct pn_damage *row_of(const struct run *r, size_t entity)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->dm[i].entity == entity)
            return &r->dm[i];
    return NULL;
}

/* Sampled runs against the exact one: exact columns equal, coverage of 1.96 SE. */
static bool coverage(const struct pn_model *m, const struct args *a, const struct run *exact,
                     struct pn_diag *d)
{
    size_t inside = 0, rows = 0, wrong = 0;
    for (long s = 0; s < a->runs; s++) {
        struct run r;
        struct pn_removal_options ro = {2, a->k, 1000 + (unsigned long)s, false};
        if (rank(m, a, ro, &r, d) != PN_OK || r.info.sample != (size_t)a->k) {
            printf("FAIL: sampled run %ld failed or drew %zu sources\n", s, r.info.sample);
            free(r.dm);
            return false;
        }
        for (size_t i = 0; i < r.n; i++) {
            const struct pn_damage *x = &r.dm[i], *y = row_of(exact, x->entity);
            if (y == NULL || x->disconnected != y->disconnected ||
                x->pairs_lost != y->pairs_lost || x->components_after != y->components_after)
                wrong++;
            else if (fabs(x->efficiency_drop - y->efficiency_drop) <=
                     1.96 * x->efficiency_drop_se + 1e-12)
                inside++;
            rows++;
        }
        free(r.dm);
    }
    double share = rows ? (double)inside / (double)rows : 0;
    printf("%s: coverage of 1.96 standard errors %.4f over %zu rows (%ld runs of %ld sources), "
           "%zu rows with a wrong exact column\n",
           share >= 0.80 && wrong == 0 ? "ok" : "FAIL", share, rows, a->runs, a->k, wrong);
    return share >= 0.80 && wrong == 0;
}

static void plant(struct run *r, const char *what)
{
    if (r->n == 0)
        return;
    struct pn_damage *x = &r->dm[r->n / 2];
    if (strcmp(what, "cut") == 0)
        x->disconnected++;
    else
        x->efficiency_after = nextafter(x->efficiency_after, INFINITY);
}

static bool check(const struct pn_model *m, const struct args *a, struct pn_diag *d)
{
    struct run want, got[4];
    static const int jobs[4] = {1, 2, 3, 8};
    bool ok = rank(m, a, (struct pn_removal_options){1, -1, 42, true}, &want, d) == PN_OK;
    memset(got, 0, sizeof got);
    for (int j = 0; j < 4 && ok; j++)
        ok = rank(m, a, (struct pn_removal_options){jobs[j], -1, 42, false}, &got[j], d) == PN_OK;
    if (!ok) {
        pn_diag_print(d, stderr);
        printf("FAIL: a run failed\n");
    }
    if (ok && got[0].info.from_before == a->reference_only) {
        printf("FAIL: the fast path %s\n", a->reference_only ? "ran" : "did not run");
        ok = false;
    }
    if (ok && a->plant != NULL)
        plant(&got[0], a->plant);
    for (int j = 0; j < 4 && ok; j++) {
        char what[32];
        snprintf(what, sizeof what, "--jobs %d", jobs[j]);
        ok = compare(what, m, &want, &got[j]);
    }
    if (ok && a->runs > 0)
        ok = coverage(m, a, &want, d);
    printf("%s: %zu removals compared with the reference, --jobs 1 2 3 8\n", ok ? "ok" : "FAIL",
           want.n);
    free(want.dm);
    for (int j = 0; j < 4; j++)
        free(got[j].dm);
    return ok;
}

int main(int argc, char **argv)
{
    struct args a;
    memset(&a, 0, sizeof a);
    a.go.at_year = PN_YEAR_UNSET;
    int rc = parse(argc, argv, &a);
    if (rc != 0)
        return rc;
    const char *themes[1] = {a.theme};
    if (a.theme != NULL)
        a.go.themes = themes, a.go.n_themes = 1;
    pn_graph_lib_init();
    struct pn_model m;
    struct pn_diag d;
    pn_model_init(&m);
    pn_diag_init(&d);
    rc = 2;
    if (pn_loader_load(&m, &a.path, 1, &d) != PN_OK)
        pn_diag_print(&d, stderr);
    else
        rc = check(&m, &a, &d) ? 0 : 1;
    pn_model_destroy(&m);
    pn_diag_destroy(&d);
    return rc;
}
