/*
 * test_portfolio (issue 14): the partner portfolio on tests/data/portfolio/small.yaml, whose
 * answers are worked out by hand in docs/portfolio.md's rules: each dimension rule (tie
 * types, group words, the kind fallback, the network's own `dimensions:`), durability
 * (earliest since, years, formal instruments, active at the year, undated ties), fit,
 * scope, embedding (single broker, several groups, reached through a part) and each gap
 * class; then the writers and the errors.
 */
#include "util/fixtures.c"

#include "net/portfolio.h"
#include "out/portfolio_out.h"

static const struct pn_portfolio_row *row(const struct pn_portfolio *p, const char *id)
{
    for (size_t i = 0; i < p->n_rows; i++)
        if (strcmp(p->rows[i].id, id) == 0)
            return &p->rows[i];
    fail_msg("no portfolio row '%s'", id);
    return NULL;
}

static bool has_row(const struct pn_portfolio *p, const char *id)
{
    for (size_t i = 0; i < p->n_rows; i++)
        if (strcmp(p->rows[i].id, id) == 0)
            return true;
    return false;
}

#define R_ (1u << PN_DIM_RESEARCH)
#define T_ (1u << PN_DIM_TRAINING)
#define I_ (1u << PN_DIM_INNOVATION)

struct fx {
    struct pn_model m;
    struct pn_portfolio p;
};

static void run(struct fx *x, const struct pn_portfolio_options *o)
{
    struct pn_diag d;
    pn_diag_init(&d);
    enum pn_status st = pn_portfolio_run(&x->m, o, &x->p, &d);
    if (st != PN_OK)
        pn_diag_print(&d, stderr);
    assert_int_equal(st, PN_OK);
    pn_diag_destroy(&d);
}

static int setup(void **state)
{
    struct fx *x = pn_xcalloc(1, sizeof *x);
    load_data(&x->m, "portfolio/small.yaml");
    struct pn_portfolio_options o;
    pn_portfolio_options_default(&o);
    run(x, &o);
    *state = x;
    return 0;
}

static int teardown(void **state)
{
    struct fx *x = *state;
    pn_portfolio_free(&x->p);
    pn_model_destroy(&x->m);
    free(x);
    return 0;
}

/* who is a partner: ties of the focus and of its part, groups, their members, the parent of
 * a tied part; not the focus's own part */
static void test_partners(void **state)
{
    struct fx *x = *state;
    assert_int_equal(x->p.n_rows, 11);
    assert_false(has_row(&x->p, "f"));
    assert_false(has_row(&x->p, "lab"));
    assert_int_equal(row(&x->p, "p1")->channels, PN_CH_TIE | PN_CH_FOCUS_PART);
    assert_string_equal(row(&x->p, "p1")->via, "lab");
    assert_int_equal(row(&x->p, "p3")->channels, PN_CH_GROUP);
    assert_int_equal(row(&x->p, "g1")->channels, PN_CH_MEMBER);
    assert_int_equal(row(&x->p, "p5")->channels, PN_CH_PART);
    assert_string_equal(row(&x->p, "p5")->via, "p5c");
    assert_int_equal(row(&x->p, "p1")->n_ties, 3);
    assert_string_equal(row(&x->p, "p1")->tie_types, "joint-lab; research; training");
    assert_string_equal(row(&x->p, "p1")->labels, "joint research");
}

static void test_dimensions(void **state)
{
    struct fx *x = *state;
    assert_int_equal(row(&x->p, "p1")->dims, R_ | T_);  /* training, research, joint-lab */
    assert_int_equal(row(&x->p, "p2")->dims, R_);       /* agreement */
    assert_int_equal(row(&x->p, "p5c")->dims, T_);      /* mobility */
    assert_int_equal(row(&x->p, "p6")->dims, R_ | I_);  /* staff: the network's own row */
    assert_int_equal(row(&x->p, "p7")->dims, 0);        /* first-steps: not in the table */
    assert_int_equal(row(&x->p, "g1")->dims, R_ | T_);  /* "university" in its type */
    assert_int_equal(row(&x->p, "g2")->dims, R_ | T_);  /* "research" + own "consortium" */
    assert_int_equal(row(&x->p, "g3")->dims, R_);       /* no word: the kind, network */
    assert_int_equal(row(&x->p, "p3")->dims, R_ | T_);  /* only through g1: g1's */
    assert_int_equal(row(&x->p, "p4")->dims, R_ | T_);  /* g1 and g2 */
    /* the functions alone: ties exact, groups by word, kind words never as tie types */
    assert_int_equal(pn_portfolio_tie_dims(&x->m, "funding"), I_);
    assert_int_equal(pn_portfolio_tie_dims(&x->m, "cotutelle"), T_);
    assert_int_equal(pn_portfolio_tie_dims(&x->m, "alliance"), 0);
    assert_int_equal(pn_portfolio_tie_dims(&x->m, "Research"), 0);
}

static void test_dimension_override(void **state)
{
    (void)state;
    struct fx x;
    memset(&x, 0, sizeof x);
    load_text(&x.m, "override.yaml",
              "partnet: 1\nfocus: a\ndimensions:\n  agreement: [training, innovation]\n"
              "  network: []\n  alliance: [innovation]\n"
              "institutions:\n  - {id: a, name: A}\n  - {id: b, name: B}\n"
              "networks:\n  - {id: n, name: N, members: [a, b]}\n"
              "alliances:\n  - {id: al, name: AL, type: university alliance, members: [a]}\n"
              "ties:\n  - {between: [a, b], type: agreement}\n");
    struct pn_portfolio_options o;
    pn_portfolio_options_default(&o);
    run(&x, &o);
    assert_int_equal(row(&x.p, "b")->dims, T_ | I_); /* the tie's row replaced */
    assert_int_equal(row(&x.p, "n")->dims, 0);       /* the kind's row emptied */
    /* a word matched: the kind's row does not apply */
    assert_int_equal(row(&x.p, "al")->dims, R_ | T_);
    pn_portfolio_free(&x.p);
    pn_model_destroy(&x.m);
}

static void test_durability(void **state)
{
    struct fx *x = *state;
    assert_int_equal(x->p.at, 2024); /* the latest year of the data (the source's date) */
    assert_false(x->p.at_given);
    const struct pn_portfolio_row *p1 = row(&x->p, "p1");
    assert_int_equal(p1->since, 2009);
    assert_int_equal(p1->years, 15);
    assert_int_equal(p1->n_instruments, 1);
    assert_string_equal(p1->instruments, "joint-lab");
    assert_true(p1->active);
    const struct pn_portfolio_row *p2 = row(&x->p, "p2");
    assert_int_equal(p2->since, 2005);
    assert_int_equal(p2->n_instruments, 1);
    assert_false(p2->active); /* until 2010 */
    /* undated */
    assert_int_equal(row(&x->p, "p5c")->since, PN_YEAR_UNSET);
    assert_int_equal(row(&x->p, "p5c")->years, -1);
    assert_true(row(&x->p, "p5c")->active);
    /* through a group: from the later joining (member since, else the group's since) */
    assert_int_equal(row(&x->p, "p3")->since, 2020);
    assert_int_equal(row(&x->p, "p4")->since, 2022);
    assert_int_equal(row(&x->p, "g2")->since, PN_YEAR_UNSET);
}

static void test_at_year(void **state)
{
    (void)state;
    struct fx x;
    memset(&x, 0, sizeof x);
    load_data(&x.m, "portfolio/small.yaml");
    struct pn_portfolio_options o;
    pn_portfolio_options_default(&o);
    o.at_year = 2008;
    run(&x, &o);
    assert_true(x.p.at_given);
    assert_true(row(&x.p, "p2")->active);  /* 2005..2010 */
    assert_false(row(&x.p, "g1")->active); /* since 2020 */
    assert_int_equal(row(&x.p, "p1")->years, 0); /* since 2009, after the year */
    assert_true(row(&x.p, "p1")->active); /* its undated ties are open-ended */
    pn_portfolio_free(&x.p);
    pn_model_destroy(&x.m);
}

static void test_fit(void **state)
{
    struct fx *x = *state;
    assert_int_equal(x->p.n_priorities, 3); /* the focus's themes a, b, c */
    const struct pn_portfolio_row *p1 = row(&x->p, "p1");
    assert_int_equal(p1->n_fit, 2); /* a (tie and entity), b (its part's tie) */
    assert_true(fabs(p1->fit - 2.0 / 3.0) < 1e-12);
    assert_string_equal(p1->fit_themes, "a; b");
    assert_int_equal(row(&x->p, "p5")->n_fit, 1);
    assert_int_equal(row(&x->p, "p2")->n_fit, 0);
    assert_true(row(&x->p, "p2")->fit == 0);
    /* --priorities */
    struct fx y;
    memset(&y, 0, sizeof y);
    load_data(&y.m, "portfolio/small.yaml");
    const char *pr[] = {"b", "d", "b"};
    struct pn_portfolio_options o;
    pn_portfolio_options_default(&o);
    o.priorities = pr;
    o.n_priorities = 3;
    run(&y, &o);
    assert_int_equal(y.p.n_priorities, 2); /* b once */
    assert_true(y.p.priorities_given);
    assert_string_equal(row(&y.p, "p1")->fit_themes, "b");
    assert_true(fabs(row(&y.p, "p1")->fit - 0.5) < 1e-12);
    pn_portfolio_free(&y.p);
    pn_model_destroy(&y.m);
}

static void test_scope(void **state)
{
    struct fx *x = *state;
    assert_int_equal(row(&x->p, "p6")->scope, PN_SCOPE_REGION);
    assert_int_equal(row(&x->p, "p4")->scope, PN_SCOPE_NATIONAL);
    assert_int_equal(row(&x->p, "p2")->scope, PN_SCOPE_CROSS_BORDER); /* Saarland */
    assert_int_equal(row(&x->p, "p3")->scope, PN_SCOPE_EUROPEAN);     /* Bavaria */
    assert_int_equal(row(&x->p, "g2")->scope, PN_SCOPE_EUROPEAN);     /* Brussels */
    assert_int_equal(row(&x->p, "p1")->scope, PN_SCOPE_WORLD);
    assert_int_equal(row(&x->p, "p7")->scope, PN_SCOPE_UNKNOWN);
    assert_string_equal(row(&x->p, "p1")->world, "Africa");
    assert_string_equal(row(&x->p, "p7")->world, "unknown");
    /* the rule alone */
    assert_int_equal(pn_portfolio_scope("FR", "Grand Est", "LU", NULL), PN_SCOPE_CROSS_BORDER);
    assert_int_equal(pn_portfolio_scope("FR", "Grand Est", "BE", "Flanders"), PN_SCOPE_EUROPEAN);
    assert_int_equal(pn_portfolio_scope("FR", "Île-de-France", "DE", "Saarland"),
                     PN_SCOPE_EUROPEAN); /* a region of the table without a land border */
    assert_int_equal(pn_portfolio_scope("FR", NULL, "ES", "Aragon"),
                     PN_SCOPE_CROSS_BORDER); /* no region: the countries' border */
    assert_int_equal(pn_portfolio_scope("FR", "Occitanie", "ES", "Aragon"),
                     PN_SCOPE_CROSS_BORDER);
    assert_int_equal(pn_portfolio_scope("FR", NULL, "PL", NULL), PN_SCOPE_EUROPEAN);
    assert_int_equal(pn_portfolio_scope("FR", "Grand Est", "TR", NULL), PN_SCOPE_WORLD);
    assert_int_equal(pn_portfolio_scope(NULL, NULL, "FR", NULL), PN_SCOPE_EUROPEAN);
    assert_string_equal(pn_portfolio_world_region("MY"), "Asia");
    assert_string_equal(pn_portfolio_world_region("ZZ"), "other");
}

static void test_embedding(void **state)
{
    struct fx *x = *state;
    size_t g1 = pn_model_find(&x->m, "g1"), p5c = pn_model_find(&x->m, "p5c");
    assert_int_equal(row(&x->p, "p3")->broker, g1);   /* only through the group */
    assert_int_equal(row(&x->p, "p4")->broker, PN_NONE); /* two groups */
    assert_int_equal(row(&x->p, "p5")->broker, p5c);  /* only through its part */
    assert_int_equal(row(&x->p, "p1")->broker, PN_NONE);
    assert_int_equal(row(&x->p, "p4")->n_groups, 2);
    assert_string_equal(row(&x->p, "p4")->groups, "g1; g2");
    assert_int_equal(row(&x->p, "p3")->n_groups, 1);
    assert_int_equal(row(&x->p, "p1")->n_groups, 0);
    /* betweenness: g1 brokers p3 and p4, so it ranks above every leaf */
    assert_true(row(&x->p, "g1")->rank < row(&x->p, "p6")->rank);
    assert_int_equal(row(&x->p, "p6")->rank, row(&x->p, "p7")->rank);
}

static void test_gaps(void **state)
{
    struct fx *x = *state;
    /* a: only p1 outside FR; b: p1 and p5; c: nobody */
    assert_int_equal(x->p.abroad[0], 1);
    assert_string_equal(x->p.rows[x->p.only[0]].id, "p1");
    assert_int_equal(x->p.abroad[1], 2);
    assert_int_equal(x->p.only[1], PN_NONE);
    assert_int_equal(x->p.abroad[2], 0);
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    pn_portfolio_markdown(&sb, &x->m, &x->p, NULL);
    const char *md = pn_strbuf_str(&sb);
    assert_non_null(strstr(md, "- `a`: a single partner, `p1`\n"));
    assert_non_null(strstr(md, "- `c`: no partner\n"));
    assert_null(strstr(md, "- `b`:"));
    assert_non_null(strstr(md, "one dimension only (to deepen): `p2`, `p5`, `g3`, `p5c`.\n"));
    assert_non_null(strstr(md, "tie types the dimension table does not map): `p7`.\n"));
    assert_non_null(strstr(md, "(fragile): `p3` (through `g1`), `p5` (through `p5c`).\n"));
    /* user text is escaped */
    assert_non_null(strstr(md, "Partner \\<seven\\> & co"));
    assert_non_null(strstr(md, "| MA | Africa | 1 | 3 | 1 | 1 | 0 | a; b |"));
    pn_strbuf_destroy(&sb);
}

static void test_writers(void **state)
{
    struct fx *x = *state;
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    pn_portfolio_write(&sb, &x->m, &x->p, PN_FMT_CSV);
    const char *csv = pn_strbuf_str(&sb);
    assert_true(strncmp(csv, "id,name,kind,type,country,world_region,scope,research,", 52) == 0);
    assert_non_null(strstr(csv, "\np1,Partner one,institution,,MA,Africa,world,1,1,0,2,"
                                "direct; focus-part,joint-lab; research; training,3,lab,0,,"
                                "2009,15,1,joint-lab,yes,"));
    pn_strbuf_reset(&sb);
    pn_portfolio_write(&sb, &x->m, &x->p, PN_FMT_JSON);
    const char *json = pn_strbuf_str(&sb);
    assert_non_null(strstr(json, "\"focus\": \"f\""));
    assert_non_null(strstr(json, "\"year\": 2024"));
    assert_non_null(strstr(json, "\"partner_gaps\": ["));
    assert_non_null(strstr(json, "\"name\": \"Partner <seven> & co\""));
    pn_strbuf_reset(&sb);
    pn_portfolio_write(&sb, &x->m, &x->p, PN_FMT_TABLE);
    assert_non_null(strstr(pn_strbuf_str(&sb), "Partner portfolio of F (2024, 11 partners)"));
    pn_strbuf_destroy(&sb);
    char letters[8];
    pn_portfolio_dims_letters(R_ | I_, letters);
    assert_string_equal(letters, "R - I");
}

static void expect_error(const char *yaml, const char *focus, const char *const *pr, size_t n,
                         const char *msg)
{
    struct pn_model m;
    load_text(&m, "err.yaml", yaml);
    struct pn_portfolio_options o;
    pn_portfolio_options_default(&o);
    o.focus = focus;
    o.priorities = pr;
    o.n_priorities = n;
    struct pn_portfolio p;
    struct pn_diag d;
    pn_diag_init(&d);
    assert_int_equal(pn_portfolio_run(&m, &o, &p, &d), PN_EINPUT);
    assert_int_equal(p.n_rows, 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    pn_diag_print(&d, f);
    fclose(f);
    if (strstr(buf, msg) == NULL)
        fail_msg("expected '%s' in '%s'", msg, buf);
    free(buf);
    pn_diag_destroy(&d);
    pn_model_destroy(&m);
}

static void test_errors(void **state)
{
    (void)state;
    const char *net = "partnet: 1\nthemes: [{id: energy}]\ninstitutions:\n"
                      "  - {id: uni, name: U}\n  - {id: other, name: O}\n";
    expect_error(net, NULL, NULL, 0, "no focus: give --focus ID");
    expect_error(net, "unj", NULL, 0, "unknown focus id 'unj' (did you mean 'uni'?)");
    const char *pr[] = {"enrgy"};
    expect_error(net, "uni", pr, 1, "unknown theme 'enrgy' in --priorities (did you mean "
                                    "'energy'?)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_partners, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dimensions, setup, teardown),
        cmocka_unit_test(test_dimension_override),
        cmocka_unit_test_setup_teardown(test_durability, setup, teardown),
        cmocka_unit_test(test_at_year),
        cmocka_unit_test_setup_teardown(test_fit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scope, setup, teardown),
        cmocka_unit_test_setup_teardown(test_embedding, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gaps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_writers, setup, teardown),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
