/*
 * test_lorraine_portfolio (issue 14): the partner portfolio of the default network
 * reproduces what the UL strategy page (source ul-partnerships, docs/lorraine.md) says by
 * hand: Rabat long standing in energy and training, Wuhan in health, UC San Diego with a
 * joint lab (LIA) in materials, Georgia Tech through Georgia Tech Lorraine, Tohoku with
 * dedicated resources in materials, Universiti Sains Malaysia with a joint research centre,
 * EURECA-PRO and UniGR as the European and the cross-border dimension.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/loader.h"
#include "net/portfolio.h"

#define R_ (1u << PN_DIM_RESEARCH)
#define T_ (1u << PN_DIM_TRAINING)
#define I_ (1u << PN_DIM_INNOVATION)

struct fx {
    struct pn_model m;
    struct pn_portfolio p;
};

static int setup(void **state)
{
    struct fx *x = calloc(1, sizeof *x);
    struct pn_diag d;
    pn_diag_init(&d);
    pn_model_init(&x->m);
    const char *path = PN_SOURCE_DIR "/networks/lorraine";
    if (pn_loader_load(&x->m, &path, 1, &d) != PN_OK)
        pn_diag_print(&d, stderr);
    struct pn_portfolio_options o;
    pn_portfolio_options_default(&o); /* focus: univ-lorraine, its own themes */
    if (pn_portfolio_run(&x->m, &o, &x->p, &d) != PN_OK)
        pn_diag_print(&d, stderr);
    pn_diag_destroy(&d);
    *state = x;
    return x->p.n_rows > 0 ? 0 : -1;
}

static int teardown(void **state)
{
    struct fx *x = *state;
    pn_portfolio_free(&x->p);
    pn_model_destroy(&x->m);
    free(x);
    return 0;
}

static const struct pn_portfolio_row *row(const struct pn_portfolio *p, const char *id)
{
    for (size_t i = 0; i < p->n_rows; i++)
        if (strcmp(p->rows[i].id, id) == 0)
            return &p->rows[i];
    fail_msg("no portfolio row '%s'", id);
    return NULL;
}

static void test_focus(void **state)
{
    struct fx *x = *state;
    assert_string_equal(x->m.entities[x->p.focus].id, "univ-lorraine");
    assert_int_equal(x->p.n_priorities, 6); /* UL's six research challenges */
}

/* "partenaire de longue date de l'Université Internationale de Rabat, par le biais d'une
 * forte implication dans la formation des ingénieurs (énergie), étendue au développement de
 * projets de recherche communs" */
static void test_rabat(void **state)
{
    const struct pn_portfolio_row *r = row(&((struct fx *)*state)->p, "uir-rabat");
    assert_int_equal(r->dims & (R_ | T_), R_ | T_);
    assert_int_equal(r->since, 2009);
    assert_true(r->years >= 15);
    assert_true(pn_portfolio_has_theme(r->fit_themes, "energy-transition"));
    assert_int_equal(r->scope, PN_SCOPE_WORLD);
}

static void test_wuhan(void **state)
{
    const struct pn_portfolio_row *r = row(&((struct fx *)*state)->p, "wuhan-univ");
    assert_string_equal(r->fit_themes, "global-health");
    assert_int_equal(r->scope, PN_SCOPE_WORLD);
    assert_string_equal(r->world, "Asia");
}

static void test_ucsd(void **state)
{
    const struct pn_portfolio_row *r = row(&((struct fx *)*state)->p, "ucsd");
    assert_string_equal(r->instruments, "joint-lab");
    assert_non_null(strstr(r->labels, "(LIA)"));
    assert_string_equal(r->fit_themes, "materials");
    assert_true(r->dims & R_);
}

static void test_georgia_tech(void **state)
{
    const struct pn_portfolio_row *r = row(&((struct fx *)*state)->p, "georgia-tech");
    assert_true(r->channels & PN_CH_PART);
    assert_string_equal(r->via, "georgia-tech-lorraine");
    assert_string_equal(r->fit_themes, "materials");
    assert_int_equal(r->scope, PN_SCOPE_WORLD);
    /* and Georgia Tech Lorraine itself, in Metz */
    assert_int_equal(row(&((struct fx *)*state)->p, "georgia-tech-lorraine")->scope,
                     PN_SCOPE_REGION);
}

static void test_tohoku(void **state)
{
    const struct pn_portfolio_row *r = row(&((struct fx *)*state)->p, "tohoku-univ");
    assert_non_null(strstr(r->labels, "dedicated resources"));
    assert_string_equal(r->fit_themes, "materials");
    assert_int_equal(r->since, 2019);
    assert_true(r->dims & R_);
}

static void test_usm(void **state)
{
    const struct pn_portfolio_row *r = row(&((struct fx *)*state)->p, "usm");
    assert_string_equal(r->instruments, "joint-centre");
    assert_true(pn_portfolio_has_theme(r->themes, "medical-biological"));
    assert_true(pn_portfolio_has_theme(r->themes, "chemical-engineering"));
    assert_true(pn_portfolio_has_theme(r->themes, "environmental-engineering"));
    assert_true(pn_portfolio_has_theme(r->fit_themes, "materials"));
}

/* "des alliances stratégiques (comme EURECA-PRO et UNI-GR)"; the cross-border cooperation
 * "par son implication dans l'Université de la Grande Région" */
static void test_alliances(void **state)
{
    struct fx *x = *state;
    const struct pn_portfolio_row *e = row(&x->p, "eureca-pro"), *u = row(&x->p, "unigr");
    assert_int_equal(e->scope, PN_SCOPE_EUROPEAN);
    assert_int_equal(u->scope, PN_SCOPE_CROSS_BORDER);
    assert_true(e->channels & PN_CH_MEMBER);
    assert_true(u->channels & PN_CH_MEMBER);
    /* their members are partners through them, with the alliance as their one broker */
    const struct pn_portfolio_row *uds = row(&x->p, "uds");
    assert_int_equal(uds->scope, PN_SCOPE_CROSS_BORDER);
    assert_string_equal(uds->groups, "unigr");
    assert_int_equal(uds->broker, pn_model_find(&x->m, "unigr"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_focus),      cmocka_unit_test(test_rabat),
        cmocka_unit_test(test_wuhan),      cmocka_unit_test(test_ucsd),
        cmocka_unit_test(test_georgia_tech), cmocka_unit_test(test_tohoku),
        cmocka_unit_test(test_usm),        cmocka_unit_test(test_alliances),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
