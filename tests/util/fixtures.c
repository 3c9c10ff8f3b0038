/*
 * fixtures: the set-up the net unit tests share: small models built by hand through the
 * model API, networks loaded from tests/data or from inline YAML, default options, graph
 * building and analysis that assert success. Included by the tests of tests/net (not
 * compiled alone); every helper is static, so a test uses only what it needs.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "net/analysis.h"
#include "net/graph.h"
#include "net/graph_int.h"
#include "model/loader.h"
#include "model/model.h"
#include "base/strbuf.h"

#if defined(__GNUC__)
#define PN_UNUSED __attribute__((unused))
#else
#define PN_UNUSED
#endif

/* Add an entity; country may be NULL. Returns its index. */
PN_UNUSED static size_t ent(struct pn_model *m, enum pn_kind kind, const char *id,
                            const char *country)
{
    size_t i = pn_model_add_entity(m, kind);
    struct pn_entity *e = &m->entities[i];
    e->id = pn_xstrdup(id);
    e->name = pn_xasprintf("Name of %s", id);
    e->country = pn_xstrdup(country);
    pn_model_index_rebuild(m);
    return i;
}

PN_UNUSED static size_t inst(struct pn_model *m, const char *id)
{
    return ent(m, PN_KIND_INSTITUTION, id, NULL);
}

PN_UNUSED static void add_theme(char ***themes, size_t *n, const char *t)
{
    *themes = pn_xrealloc(*themes, (*n + 1) * sizeof **themes);
    (*themes)[(*n)++] = pn_xstrdup(t);
}

/* Make entity e a member of group g (active between since and until). */
PN_UNUSED static size_t member_years(struct pn_model *m, size_t g, size_t e, int since, int until)
{
    struct pn_entity *ge = &m->entities[g];
    ge->members = pn_xrealloc(ge->members, (ge->n_members + 1) * sizeof *ge->members);
    struct pn_member *mb = &ge->members[ge->n_members];
    memset(mb, 0, sizeof *mb);
    mb->id = pn_xstrdup(m->entities[e].id);
    mb->entity = e;
    mb->since = since;
    mb->until = until;
    return ge->n_members++;
}

PN_UNUSED static size_t member(struct pn_model *m, size_t g, size_t e)
{
    return member_years(m, g, e, PN_YEAR_UNSET, PN_YEAR_UNSET);
}

PN_UNUSED static size_t tie(struct pn_model *m, size_t a, size_t b, double w, bool directed)
{
    size_t t = pn_model_add_tie(m);
    struct pn_tie *x = &m->ties[t];
    x->a = pn_xstrdup(m->entities[a].id);
    x->b = pn_xstrdup(m->entities[b].id);
    x->ia = a;
    x->ib = b;
    x->weight = w;
    x->directed = directed;
    x->type = pn_xstrdup("other");
    return t;
}

PN_UNUSED static void default_graph_options(struct pn_graph_options *o)
{
    memset(o, 0, sizeof *o);
    o->at_year = PN_YEAR_UNSET;
}

/* Default graph and analysis options. */
PN_UNUSED static void default_options(struct pn_graph_options *go, struct pn_analysis_options *ao)
{
    default_graph_options(go);
    pn_analysis_options_default(ao);
}

/* Load tests/data/<rel> into m (initialised here) and assert success. */
PN_UNUSED static void load_data(struct pn_model *m, const char *rel)
{
    char *path = pn_xasprintf("%s/data/%s", PN_TEST_DIR, rel);
    struct pn_diag d;
    pn_diag_init(&d);
    pn_model_init(m);
    const char *p = path;
    enum pn_status st = pn_loader_load(m, &p, 1, &d);
    if (st != PN_OK)
        pn_diag_print(&d, stderr);
    assert_int_equal(st, PN_OK);
    pn_diag_destroy(&d);
    free(path);
}

/* Load YAML text (shown in messages as name) into m, resolve it, assert success. */
PN_UNUSED static void load_text(struct pn_model *m, const char *name, const char *text)
{
    struct pn_diag d;
    pn_diag_init(&d);
    pn_model_init(m);
    assert_int_equal(pn_loader_load_string(m, name, NULL, text, strlen(text), &d), PN_OK);
    assert_int_equal(pn_model_resolve(m, &d), PN_OK);
    pn_diag_destroy(&d);
}

/* The bytes of tests/data/<rel> as a new string the caller frees. */
PN_UNUSED static char *slurp_data(const char *rel)
{
    char *path = pn_xasprintf("%s/data/%s", PN_TEST_DIR, rel);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        pn_strbuf_appendn(&sb, buf, n);
    fclose(f);
    free(path);
    return pn_strbuf_detach(&sb);
}

/* Build with o (NULL: defaults) and assert success. */
PN_UNUSED static struct pn_graph *build(const struct pn_model *m, const struct pn_graph_options *o)
{
    struct pn_graph_options def;
    struct pn_diag d;
    struct pn_graph *g = NULL;
    default_graph_options(&def);
    pn_diag_init(&d);
    enum pn_status st = pn_graph_build(m, o ? o : &def, &g, &d);
    if (st != PN_OK)
        pn_diag_print(&d, stderr);
    assert_int_equal(st, PN_OK);
    assert_non_null(g);
    pn_diag_destroy(&d);
    return g;
}

/* Analyse with default options except algo; assert success. */
PN_UNUSED static void analyse(const struct pn_graph *g, enum pn_community_algo algo,
                              struct pn_metrics *mx)
{
    struct pn_analysis_options o;
    struct pn_diag d;
    pn_analysis_options_default(&o);
    o.algo = algo;
    pn_diag_init(&d);
    enum pn_status st = pn_analysis_run(g, &o, mx, &d);
    if (st != PN_OK)
        pn_diag_print(&d, stderr);
    assert_int_equal(st, PN_OK);
    pn_diag_destroy(&d);
}

/* View node of entity id. */
PN_UNUSED static size_t node_of(const struct pn_graph *g, const char *id)
{
    const struct pn_view *v = pn_graph_view(g);
    size_t e = pn_model_find(pn_graph_model(g), id);
    assert_true(e != PN_NONE);
    return v->entity_node[e];
}

/* Weight of the merged undirected edge between two entities, 0 if none. */
PN_UNUSED static double uweight(const struct pn_graph *g, const char *a, const char *b)
{
    igraph_integer_t eid = -1;
    igraph_get_eid(&g->ug, &eid, (igraph_integer_t)node_of(g, a), (igraph_integer_t)node_of(g, b),
                   false, false);
    return eid < 0 ? 0.0 : VECTOR(g->uw)[eid];
}

/* Weight of the merged arc a -> b, 0 if none. */
PN_UNUSED static double dweight(const struct pn_graph *g, const char *a, const char *b)
{
    igraph_integer_t eid = -1;
    igraph_get_eid(&g->dg, &eid, (igraph_integer_t)node_of(g, a), (igraph_integer_t)node_of(g, b),
                   true, false);
    return eid < 0 ? 0.0 : VECTOR(g->dw)[eid];
}

/* Relative tolerance; a test that wants another defines assert_near before including us. */
#ifndef assert_near
#define assert_near(a, b)                                                                          \
    assert_true(fabs((double)(a) - (double)(b)) <= 1e-12 * (1 + fabs((double)(b))))
#endif
