/*
 * test_lorraine: the default network, networks/lorraine, loaded with the real
 * loader. Checks from the data that every partner issue 3 lists is present
 * with its kind, type and seat; that every tie and membership cites a source
 * record that exists; and the structural facts the three seed documents
 * state (alliances, European networks, the CNRS convention, bilateral ties).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/diag.h"
#include "net/graph.h"
#include "model/loader.h"
#include "model/model.h"

#define NET_DIR PN_SOURCE_DIR "/networks/lorraine"

static struct pn_model model;
static bool loaded;

static int setup(void **state)
{
    (void)state;
    struct pn_diag d;
    pn_model_init(&model);
    pn_diag_init(&d);
    const char *paths[1] = {NET_DIR};
    enum pn_status st = pn_loader_load(&model, paths, 1, &d);
    if (st != PN_OK || pn_diag_has_errors(&d)) {
        pn_diag_print(&d, stderr);
        pn_diag_destroy(&d);
        return -1;
    }
    /* The showcase network must load without a single warning either. */
    if (d.n_msgs != 0) {
        pn_diag_print(&d, stderr);
        pn_diag_destroy(&d);
        return -1;
    }
    pn_diag_destroy(&d);
    loaded = true;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    pn_model_destroy(&model);
    return 0;
}

/* ---- look-ups ---------------------------------------------------------- */

static const struct pn_entity *ent(const char *id)
{
    size_t i = pn_model_find(&model, id);
    if (i == PN_NONE) {
        print_error("missing entity '%s'\n", id);
        return NULL;
    }
    return &model.entities[i];
}

static const char *attr(const struct pn_kv *kv, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(kv[i].key, key) == 0)
            return kv[i].value;
    return NULL;
}

static bool has_theme(char *const *themes, size_t n, const char *theme)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(themes[i], theme) == 0)
            return true;
    return false;
}

/* The membership of member_id in group_id, or NULL. */
static const struct pn_member *membership(const char *group_id, const char *member_id)
{
    const struct pn_entity *g = ent(group_id);
    if (g == NULL)
        return NULL;
    for (size_t i = 0; i < g->n_members; i++)
        if (strcmp(g->members[i].id, member_id) == 0)
            return &g->members[i];
    return NULL;
}

/* A tie between a and b (either direction) of the given type (NULL: any). */
static const struct pn_tie *tie(const char *a, const char *b, const char *type)
{
    for (size_t i = 0; i < model.n_ties; i++) {
        const struct pn_tie *t = &model.ties[i];
        bool ends = (strcmp(t->a, a) == 0 && strcmp(t->b, b) == 0) ||
                    (strcmp(t->a, b) == 0 && strcmp(t->b, a) == 0);
        if (ends && (type == NULL || strcmp(t->type, type) == 0))
            return t;
    }
    return NULL;
}

static bool streq(const char *a, const char *b)
{
    return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* ---- header and sources ------------------------------------------------ */

static void test_header(void **state)
{
    (void)state;
    assert_true(loaded);
    assert_int_equal(model.format_version, 1);
    assert_non_null(model.title);
    assert_non_null(model.description);
    assert_string_equal(model.focus, "univ-lorraine");
    /* Split into files a strategy team would keep in git. */
    const char *files[] = {"site.yaml", "international.yaml", "alliances.yaml",
                           "european-networks.yaml", "programmes.yaml", "sources.yaml",
                           "themes.yaml"};
    for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
        bool found = false;
        for (size_t i = 0; i < model.n_files; i++) {
            const char *slash = strrchr(model.files[i], '/');
            const char *base = slash ? slash + 1 : model.files[i];
            if (strcmp(base, files[k]) == 0)
                found = true;
        }
        if (!found)
            print_error("file %s not loaded\n", files[k]);
        assert_true(found);
    }
}

static void test_document_sources(void **state)
{
    (void)state;
    /* One record per seed document: title, date, publisher, a web address. */
    static const struct {
        const char *id, *date, *publisher;
    } docs[] = {
        {"cnrs-ul-2025", "2025-01-17", "CNRS"},
        {"ul-partnerships", NULL, "Université de Lorraine"},
        {"mesr-cea-tech-2013", "2013-12-05", NULL},
    };
    for (size_t k = 0; k < sizeof docs / sizeof docs[0]; k++) {
        const struct pn_source *s = pn_model_find_source(&model, docs[k].id);
        assert_non_null(s);
        assert_non_null(s->title);
        assert_non_null(s->date);
        assert_non_null(s->publisher);
        if (docs[k].date)
            assert_string_equal(s->date, docs[k].date);
        if (docs[k].publisher)
            assert_string_equal(s->publisher, docs[k].publisher);
    }
    /* Every source: a title and an https address, never a local file name. */
    for (size_t i = 0; i < model.n_sources; i++) {
        const struct pn_source *s = &model.sources[i];
        assert_non_null(s->title);
        assert_non_null(s->url);
        if (strncmp(s->url, "https://", 8) != 0)
            print_error("source %s: url '%s'\n", s->id, s->url);
        assert_int_equal(strncmp(s->url, "https://", 8), 0);
        assert_null(strstr(s->url, ".txt"));
    }
}

/* ---- every entity the issue lists -------------------------------------- */

struct expect {
    const char *id;
    enum pn_kind kind;
    const char *type; /* institutions: exact type; NULL: not checked */
    const char *country;
    const char *city; /* non-NULL: must also have a location */
};

#define I PN_KIND_INSTITUTION
#define A PN_KIND_ALLIANCE
#define N PN_KIND_NETWORK

static const struct expect required[] = {
    /* site */
    {"univ-lorraine", I, "university", "FR", "Nancy"},
    {"cnrs", I, "research-organisation", "FR", "Paris"},
    {"chru-nancy", I, "hospital", "FR", "Nancy"},
    {"inrae", I, "research-organisation", "FR", "Paris"},
    {"inria", I, "research-organisation", "FR", NULL},
    {"inserm", I, "research-organisation", "FR", "Paris"},
    {"cea-tech-lorraine", I, "research-organisation", "FR", "Metz"},
    {"cea-tech-aquitaine", I, "research-organisation", "FR", "Bordeaux"},
    {"cea-tech-midi-pyrenees", I, "research-organisation", "FR", "Toulouse"},
    {"cea-tech-pays-de-la-loire", I, "research-organisation", "FR", "Nantes"},
    {"pacte-lorraine", N, NULL, "FR", NULL},
    {"irt-m2p", I, "research-organisation", "FR", "Metz"},
    {"ijl", I, "laboratory", "FR", "Nancy"},
    {"loria", I, "laboratory", "FR", NULL},
    {"satt-grand-est", I, "company", "FR", NULL},
    {"ensem", I, "school", "FR", NULL},
    {"green", I, "laboratory", "FR", NULL},
    {"georgia-tech-lorraine", I, "school", "FR", "Metz"},
    /* programmes and structures */
    {"lue", N, NULL, "FR", "Nancy"},
    {"orion", I, "programme", "FR", NULL},
    {"sirius", I, "programme", "FR", NULL},
    {"reil", I, "programme", "FR", NULL},
    {"pui-polaris", N, NULL, "FR", NULL},
    {"widen-horizons", I, "programme", "FR", NULL},
    {"dream", I, "programme", "FR", NULL},
    {"welcome-lorraine", I, "programme", "FR", NULL},
    {"labex-r21", N, "programme", "FR", NULL}, /* a network, as Labex ARBRE (issue 10) */
    {"labex-arbre", N, NULL, "FR", NULL},
    {"zone-atelier-argonne", N, NULL, "FR", NULL},
    {"digitrust", I, "programme", "FR", NULL},
    {"c-shift", I, "programme", "FR", NULL},
    {"enact", N, NULL, "FR", NULL},
    {"unistra", I, "university", "FR", "Strasbourg"},
    {"olki", I, "programme", "FR", NULL},
    {"unigr-cbs", I, NULL, NULL, NULL},
    {"irp", I, "programme", "FR", NULL},
    {"erasmus-mundus", I, "programme", NULL, NULL},
    /* alliances */
    {"eureca-pro", A, NULL, "AT", "Leoben"},
    {"unigr", A, NULL, "DE", "Saarbrücken"},
    /* European networks */
    {"eit-rawmaterials", N, NULL, "DE", "Berlin"},
    {"eera", N, NULL, "BE", "Brussels"},
    {"clean-hydrogen", N, NULL, "BE", "Brussels"},
    {"efi", N, NULL, "FI", "Joensuu"},
    {"estep", N, NULL, "BE", "Brussels"},
    {"spire", N, NULL, "BE", "Brussels"},
    {"bbi", N, NULL, "BE", "Brussels"},
    /* bilateral partners */
    {"uir-rabat", I, "university", "MA", "Rabat"},
    {"wuhan-univ", I, "university", "CN", "Wuhan"},
    {"ucsd", I, "university", "US", "San Diego"},
    {"georgia-tech", I, "university", "US", "Atlanta"},
    {"tohoku-univ", I, "university", "JP", "Sendai"},
    {"uq-smi", I, "research-organisation", "AU", "Brisbane"},
    {"sysu", I, "university", "CN", "Guangzhou"},
    {"bjfu", I, "university", "CN", "Beijing"},
    {"usm", I, "university", "MY", "Penang"},
    {"cispa", I, "research-organisation", "DE", "Saarbrücken"},
};

static void test_required_entities(void **state)
{
    (void)state;
    size_t missing = 0;
    for (size_t k = 0; k < sizeof required / sizeof required[0]; k++) {
        const struct expect *x = &required[k];
        const struct pn_entity *e = ent(x->id);
        if (e == NULL) {
            missing++;
            continue;
        }
        assert_int_equal(e->kind, x->kind);
        assert_non_null(e->name);
        if (x->type)
            assert_true(streq(e->type, x->type));
        if (x->country)
            assert_true(streq(e->country, x->country));
        if (x->city) {
            if (!streq(e->city, x->city))
                print_error("%s: city '%s', expected '%s'\n", x->id,
                            e->city ? e->city : "(none)", x->city);
            assert_true(streq(e->city, x->city));
            assert_true(e->has_location);
        }
        /* Every listed partner carries at least one theme. */
        if (e->n_themes == 0)
            print_error("%s has no theme\n", x->id);
        assert_true(e->n_themes > 0);
    }
    assert_int_equal(missing, 0);
}

static void test_locations_sane(void **state)
{
    (void)state;
    /* Every seated entity has a country; every location agrees roughly with it
     * (hemisphere checks catch swapped lat/lon). */
    for (size_t i = 0; i < model.n_entities; i++) {
        const struct pn_entity *e = &model.entities[i];
        if (e->city != NULL)
            assert_non_null(e->country);
        if (!e->has_location || e->country == NULL)
            continue;
        if (strcmp(e->country, "FR") == 0 || strcmp(e->country, "DE") == 0 ||
            strcmp(e->country, "BE") == 0 || strcmp(e->country, "LU") == 0) {
            assert_true(e->lat > 42.0 && e->lat < 55.0);
            assert_true(e->lon > -5.0 && e->lon < 15.0);
        } else if (strcmp(e->country, "US") == 0) {
            assert_true(e->lon < -60.0);
        } else if (strcmp(e->country, "AU") == 0) {
            assert_true(e->lat < 0.0);
        } else if (strcmp(e->country, "CN") == 0 || strcmp(e->country, "JP") == 0 ||
                   strcmp(e->country, "MY") == 0) {
            assert_true(e->lon > 95.0);
        }
    }
}

/* ---- provenance --------------------------------------------------------- */

static void test_every_tie_and_membership_cites_a_source(void **state)
{
    (void)state;
    size_t n_memberships = 0;
    for (size_t i = 0; i < model.n_ties; i++) {
        const struct pn_tie *t = &model.ties[i];
        if (t->source == NULL || pn_model_find_source(&model, t->source) == NULL)
            print_error("tie %s - %s: no valid source\n", t->a, t->b);
        assert_non_null(t->source);
        assert_non_null(pn_model_find_source(&model, t->source));
    }
    for (size_t i = 0; i < model.n_entities; i++) {
        const struct pn_entity *g = &model.entities[i];
        if (g->source != NULL)
            assert_non_null(pn_model_find_source(&model, g->source));
        for (size_t j = 0; j < g->n_members; j++) {
            const char *src = g->members[j].source ? g->members[j].source : g->source;
            if (src == NULL || pn_model_find_source(&model, src) == NULL)
                print_error("membership %s in %s: no valid source\n", g->members[j].id, g->id);
            assert_non_null(src);
            assert_non_null(pn_model_find_source(&model, src));
            n_memberships++;
        }
    }
    assert_true(model.n_ties >= 40);
    assert_true(n_memberships >= 80);
}

static void test_every_source_is_used(void **state)
{
    (void)state;
    /* A source record nobody cites is dead weight: cited by an entity, a
     * membership, a tie, or named in an attribute (facts_source). */
    for (size_t s = 0; s < model.n_sources; s++) {
        const char *id = model.sources[s].id;
        bool used = false;
        for (size_t i = 0; i < model.n_ties && !used; i++) {
            const struct pn_tie *t = &model.ties[i];
            used = streq(t->source, id);
            for (size_t k = 0; k < t->n_attrs && !used; k++)
                used = strstr(t->attrs[k].value, id) != NULL;
        }
        for (size_t i = 0; i < model.n_entities && !used; i++) {
            const struct pn_entity *e = &model.entities[i];
            used = streq(e->source, id);
            for (size_t j = 0; j < e->n_members && !used; j++)
                used = streq(e->members[j].source, id);
            for (size_t k = 0; k < e->n_attrs && !used; k++)
                used = strstr(e->attrs[k].value, id) != NULL;
        }
        if (!used)
            print_error("source %s is never cited\n", id);
        assert_true(used);
    }
}

/* ---- structural facts the documents state -------------------------------- */

static void test_ul_in_both_alliances(void **state)
{
    (void)state;
    assert_non_null(membership("eureca-pro", "univ-lorraine"));
    assert_non_null(membership("unigr", "univ-lorraine"));
    /* Full member lists (public facts): nine EURECA-PRO partners, seven UniGR. */
    static const char *const eureca[] = {"unileoben", "tu-freiberg", "hs-mittweida",
                                         "polsl", "tuc", "unileon", "upet", "uhasselt",
                                         "univ-lorraine"};
    static const char *const unigr[] = {"uds", "uni-trier", "rptu", "uni-lu", "uliege",
                                        "univ-lorraine", "htw-saar"};
    assert_int_equal(ent("eureca-pro")->n_members, 9);
    for (size_t k = 0; k < 9; k++)
        assert_non_null(membership("eureca-pro", eureca[k]));
    assert_int_equal(ent("unigr")->n_members, 7);
    for (size_t k = 0; k < 7; k++)
        assert_non_null(membership("unigr", unigr[k]));
    /* Every member university has a seat in the alliance's countries. */
    assert_string_equal(membership("eureca-pro", "unileoben")->role, "coordinator");
    assert_string_equal(membership("unigr", "htw-saar")->role, "associated partner");
}

static void test_unigr_links_ul_to_cispa_region(void **state)
{
    (void)state;
    const struct pn_entity *cispa = ent("cispa");
    assert_non_null(cispa);
    assert_non_null(cispa->region);
    /* A UniGR member sits in CISPA's region (Saarland, Germany). */
    const struct pn_entity *g = ent("unigr");
    size_t same_region = 0;
    for (size_t j = 0; j < g->n_members; j++) {
        const struct pn_entity *m = &model.entities[g->members[j].entity];
        if (streq(m->region, cispa->region) && streq(m->country, cispa->country))
            same_region++;
    }
    assert_true(same_region >= 1);
    assert_string_equal(ent("uds")->region, cispa->region);
    /* ... and UL is tied to CISPA directly, on cybersecurity. */
    const struct pn_tie *t = tie("univ-lorraine", "cispa", NULL);
    assert_non_null(t);
    assert_true(has_theme(t->themes, t->n_themes, "cybersecurity"));
}

static void test_european_networks_count_ul(void **state)
{
    (void)state;
    static const char *const nets[] = {"eera", "estep", "spire", "efi", "eit-rawmaterials",
                                       "clean-hydrogen"};
    for (size_t k = 0; k < sizeof nets / sizeof nets[0]; k++) {
        const struct pn_entity *n = ent(nets[k]);
        assert_non_null(n);
        assert_int_equal(n->kind, PN_KIND_NETWORK);
        if (membership(nets[k], "univ-lorraine") == NULL)
            print_error("%s does not count UL as a member\n", nets[k]);
        assert_non_null(membership(nets[k], "univ-lorraine"));
    }
    /* FCH-JU keeps both names. */
    assert_non_null(strstr(ent("clean-hydrogen")->short_name, "FCH-JU"));
    assert_non_null(strstr(ent("clean-hydrogen")->short_name, "Clean Hydrogen"));
    /* BBI: first steps, not yet membership. */
    assert_null(membership("bbi", "univ-lorraine"));
    const struct pn_tie *t = tie("univ-lorraine", "bbi", "first-steps");
    assert_non_null(t);
    assert_string_equal(t->label, "first steps towards membership");
    assert_true(has_theme(t->themes, t->n_themes, "bio-economy"));
}

static void test_cnrs_convention(void **state)
{
    (void)state;
    const struct pn_tie *t = tie("cnrs", "univ-lorraine", "agreement");
    assert_non_null(t);
    assert_string_equal(t->source, "cnrs-ul-2025");
    /* issue 10: the document's "depuis 2007", not the 2025 signature (an attribute) */
    assert_int_equal(t->since, 2007);
    assert_string_equal(attr(t->attrs, t->n_attrs, "signed"), "2025-01-17");
    assert_string_equal(attr(t->attrs, t->n_attrs, "joint_structures"), "22");
    assert_string_equal(attr(t->attrs, t->n_attrs, "permanent_staff"), "1265");
    assert_string_equal(attr(t->attrs, t->n_attrs, "cnrs_institutes_engaged"), "9");
    assert_string_equal(attr(t->attrs, t->n_attrs, "cnrs_institutes_total"), "10");
    assert_string_equal(attr(t->attrs, t->n_attrs, "ul_poles_engaged"), "9");
    assert_string_equal(attr(t->attrs, t->n_attrs, "ul_poles_total"), "10");
    /* The six research challenges of the convention. */
    static const char *const six[] = {"materials", "energy-transition", "ecological-transition",
                                      "digital", "society", "global-health"};
    for (size_t k = 0; k < 6; k++)
        assert_true(has_theme(t->themes, t->n_themes, six[k]));
    /* The site partners since 2007. */
    static const char *const site[] = {"univ-lorraine", "cnrs", "chru-nancy", "inrae",
                                       "inria", "inserm"};
    assert_int_equal(ent("site-lorrain")->since, 2007);
    for (size_t k = 0; k < 6; k++)
        assert_non_null(membership("site-lorrain", site[k]));
}

static void test_cea_tech_and_pacte(void **state)
{
    (void)state;
    const struct pn_entity *c = ent("cea-tech-lorraine");
    assert_int_equal(c->since, 2013);
    assert_string_equal(model.entities[c->parent_index].id, "cea");
    assert_string_equal(attr(c->attrs, c->n_attrs, "investment_meur"), "30");
    /* Sister platforms grouped with it; State and Region fund it. */
    static const char *const sisters[] = {"cea-tech-aquitaine", "cea-tech-midi-pyrenees",
                                          "cea-tech-pays-de-la-loire", "cea-tech-lorraine"};
    for (size_t k = 0; k < 4; k++)
        assert_non_null(membership("cea-tech-regions", sisters[k]));
    assert_non_null(tie("french-state", "cea-tech-lorraine", "funding"));
    assert_non_null(tie("region-lorraine", "cea-tech-lorraine", "funding"));
    static const char *const pacte[] = {"cea-tech-lorraine", "irt-m2p", "ijl", "loria",
                                        "satt-grand-est"};
    for (size_t k = 0; k < 5; k++)
        assert_non_null(membership("pacte-lorraine", pacte[k]));
    /* ENSEM and GREEN are parts of UL, and tied to each other. */
    assert_string_equal(model.entities[ent("ensem")->parent_index].id, "univ-lorraine");
    assert_string_equal(model.entities[ent("green")->parent_index].id, "univ-lorraine");
    assert_non_null(tie("ensem", "green", NULL));
}

static void test_bilateral_ties(void **state)
{
    (void)state;
    static const struct {
        const char *a, *b, *type, *theme;
    } ties[] = {
        {"univ-lorraine", "uir-rabat", "training", "energy-transition"},
        {"univ-lorraine", "uir-rabat", "research", "energy-transition"},
        {"univ-lorraine", "wuhan-univ", NULL, "global-health"},
        {"univ-lorraine", "ucsd", "joint-lab", "materials"},
        {"univ-lorraine", "georgia-tech", NULL, "materials"},
        {"univ-lorraine", "georgia-tech-lorraine", NULL, "materials"},
        {"univ-lorraine", "tohoku-univ", NULL, "materials"},
        {"labex-r21", "uq-smi", NULL, "mining"},
        {"labex-r21", "sysu", NULL, "mining"},
        {"labex-arbre", "bjfu", NULL, "forest-wood"},
        {"univ-lorraine", "usm", "joint-centre", "medical-biological"},
        {"univ-lorraine", "cispa", NULL, "cybersecurity"},
    };
    for (size_t k = 0; k < sizeof ties / sizeof ties[0]; k++) {
        const struct pn_tie *t = tie(ties[k].a, ties[k].b, ties[k].type);
        if (t == NULL)
            print_error("no tie %s - %s\n", ties[k].a, ties[k].b);
        assert_non_null(t);
        assert_true(has_theme(t->themes, t->n_themes, ties[k].theme));
    }
    /* USM: the four fields of the joint research centre. */
    const struct pn_tie *usm = tie("univ-lorraine", "usm", "joint-centre");
    assert_int_equal(usm->n_themes, 4);
    /* Georgia Tech Lorraine is part of Georgia Tech; the SMI of UQ. */
    assert_string_equal(model.entities[ent("georgia-tech-lorraine")->parent_index].id,
                        "georgia-tech");
    assert_string_equal(model.entities[ent("uq-smi")->parent_index].id, "uq");
    /* ENACT gathers Lorraine and Alsace partners. */
    assert_non_null(membership("enact", "univ-lorraine"));
    assert_non_null(membership("enact", "unistra"));
    assert_non_null(membership("enact", "hus"));
}

/* "#rrggbb" -> CIE L*a*b* (D65), for the colour difference of two themes. */
static void hex_to_lab(const char *hex, double lab[3])
{
    double rgb[3], xyz[3];
    for (int i = 0; i < 3; i++) {
        char part[3] = {hex[1 + 2 * i], hex[2 + 2 * i], '\0'};
        double c = (double)strtol(part, NULL, 16) / 255.0;
        rgb[i] = c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
    }
    xyz[0] = (0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2]) / 0.95047;
    xyz[1] = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
    xyz[2] = (0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2]) / 1.08883;
    for (int i = 0; i < 3; i++)
        xyz[i] = xyz[i] > 0.008856 ? cbrt(xyz[i]) : 7.787 * xyz[i] + 16.0 / 116.0;
    lab[0] = 116.0 * xyz[1] - 16.0;
    lab[1] = 500.0 * (xyz[0] - xyz[1]);
    lab[2] = 200.0 * (xyz[1] - xyz[2]);
}

static double delta_e(const char *a, const char *b)
{
    double la[3], lb[3];
    hex_to_lab(a, la);
    hex_to_lab(b, lb);
    return sqrt((la[0] - lb[0]) * (la[0] - lb[0]) + (la[1] - lb[1]) * (la[1] - lb[1]) +
                (la[2] - lb[2]) * (la[2] - lb[2]));
}

static void test_themes(void **state)
{
    (void)state;
    static const char *const ids[] = {
        "materials", "energy-transition", "ecological-transition", "digital", "society",
        "global-health", "hydrogen", "steel", "forest-wood", "bio-economy", "cybersecurity",
        "ai", "mining"};
    for (size_t k = 0; k < sizeof ids / sizeof ids[0]; k++)
        assert_non_null(pn_model_find_theme(&model, ids[k]));
    /* Every theme: English and French labels and a colour for the legend;
     * any two colours visibly different (CIE76 difference >= 12, where about
     * 2 is just noticeable) so a legend by theme can tell them apart. */
    for (size_t i = 0; i < model.n_themes; i++) {
        const struct pn_theme *t = &model.themes[i];
        assert_non_null(t->label);
        assert_non_null(t->label_fr);
        assert_non_null(t->color);
        for (size_t j = 0; j < i; j++) {
            double de = delta_e(model.themes[j].color, t->color);
            if (de < 12.0)
                print_error("themes %s and %s: colours too close (%.1f)\n",
                            model.themes[j].id, t->id, de);
            assert_true(de >= 12.0);
        }
    }
    /* Sanity of the colour difference itself: black/white 100, same 0. */
    assert_true(fabs(delta_e("#000000", "#FFFFFF") - 100.0) < 0.01);
    assert_true(delta_e("#0072B2", "#0072B2") < 1e-9);
}

static void test_graph_is_connected(void **state)
{
    (void)state;
    /* Everything in the network reaches UL: no partner floats alone. */
    struct pn_diag d;
    pn_diag_init(&d);
    pn_graph_lib_init();
    struct pn_graph_options o;
    memset(&o, 0, sizeof o);
    o.at_year = PN_YEAR_UNSET;
    struct pn_graph *g = NULL;
    assert_int_equal(pn_graph_build(&model, &o, &g, &d), PN_OK);
    const struct pn_view *v = pn_graph_view(g);
    assert_int_equal(v->n_nodes, model.n_entities);
    size_t *queue = calloc(v->n_nodes, sizeof *queue);
    bool *seen = calloc(v->n_nodes, sizeof *seen);
    assert_non_null(queue);
    assert_non_null(seen);
    size_t start = v->entity_node[pn_model_find(&model, "univ-lorraine")];
    size_t head = 0, tail = 0;
    queue[tail++] = start;
    seen[start] = true;
    while (head < tail) {
        size_t u = queue[head++];
        for (size_t e = 0; e < v->n_edges; e++) {
            size_t w = PN_NONE;
            if (v->edges[e].from == u)
                w = v->edges[e].to;
            else if (v->edges[e].to == u)
                w = v->edges[e].from;
            if (w != PN_NONE && !seen[w]) {
                seen[w] = true;
                queue[tail++] = w;
            }
        }
    }
    for (size_t i = 0; i < v->n_nodes; i++)
        if (!seen[i])
            print_error("%s is not connected to UL\n", model.entities[v->node_entity[i]].id);
    assert_int_equal(tail, v->n_nodes);
    free(queue);
    free(seen);
    pn_graph_free(g);
    pn_diag_destroy(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header),
        cmocka_unit_test(test_document_sources),
        cmocka_unit_test(test_required_entities),
        cmocka_unit_test(test_locations_sane),
        cmocka_unit_test(test_every_tie_and_membership_cites_a_source),
        cmocka_unit_test(test_every_source_is_used),
        cmocka_unit_test(test_ul_in_both_alliances),
        cmocka_unit_test(test_unigr_links_ul_to_cispa_region),
        cmocka_unit_test(test_european_networks_count_ul),
        cmocka_unit_test(test_cnrs_convention),
        cmocka_unit_test(test_cea_tech_and_pacte),
        cmocka_unit_test(test_bilateral_ties),
        cmocka_unit_test(test_themes),
        cmocka_unit_test(test_graph_is_connected),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
