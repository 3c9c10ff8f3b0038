/*
 * test_render: the render room through its API. Option defaults, --years
 * parsing, failure paths (unknown layout, bad font, unwritable path: error and
 * no file), escaping of hostile names in the SVG, byte-identical reruns,
 * PNG/PDF by extension, every view, DOT export. The SVG structure checks
 * (xmllint, node groups, label overlaps, legend) run from tests/render.cmake.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "net/analysis.h"
#include "net/graph.h"
#include "model/loader.h"
#include "model/model.h"
#include "map/render.h"
#include "base/strbuf.h"

#define NASTY PN_TEST_DIR "/map/nasty.yaml"

struct fix {
    struct pn_model m;
    struct pn_graph *g;
    struct pn_metrics mx;
    struct pn_diag d;
    char dir[64];
};

static void fix_load(struct fix *f, const char *path, const char *focus)
{
    pn_model_init(&f->m);
    pn_diag_init(&f->d);
    memset(&f->mx, 0, sizeof f->mx);
    f->g = NULL;
    const char *paths[1] = {path};
    assert_int_equal(pn_loader_load(&f->m, paths, 1, &f->d), PN_OK);
    struct pn_graph_options go;
    memset(&go, 0, sizeof go);
    go.focus = focus;
    go.radius = 1;
    assert_int_equal(pn_graph_build(&f->m, &go, &f->g, &f->d), PN_OK);
    struct pn_analysis_options ao;
    pn_analysis_options_default(&ao);
    assert_int_equal(pn_analysis_run(f->g, &ao, &f->mx, &f->d), PN_OK);
    snprintf(f->dir, sizeof f->dir, "/tmp/pn-test-render-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
}

static void fix_free(struct fix *f)
{
    char *cmd = pn_xasprintf("rm -rf '%s'", f->dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    pn_metrics_destroy(&f->mx);
    pn_graph_free(f->g);
    pn_model_destroy(&f->m);
    pn_diag_destroy(&f->d);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (fp == NULL)
        return NULL;
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        pn_strbuf_appendn(&sb, buf, n);
    fclose(fp);
    if (len)
        *len = sb.len;
    return pn_strbuf_detach(&sb);
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* A temp file of outfile's (".NAME.XXXXXX.tmp") left in dir. */
static bool temp_left(const char *dir)
{
    char *cmd = pn_xasprintf("test -z \"$(find '%s' -maxdepth 1 -name '.*.tmp')\"", dir);
    int rc = system(cmd);
    free(cmd);
    return rc != 0;
}

static enum pn_status render(struct fix *f, const struct pn_render_options *o, const char *name)
{
    char *path = pn_xasprintf("%s/%s", f->dir, name);
    enum pn_status st = pn_render_map(&f->m, pn_graph_view(f->g), &f->mx, o, path, &f->d);
    free(path);
    return st;
}

static bool diag_has(const struct pn_diag *d, const char *needle)
{
    for (size_t i = 0; i < d->n_msgs; i++)
        if (strstr(d->msgs[i].text, needle) != NULL)
            return true;
    return false;
}

static void test_defaults(void **state)
{
    (void)state;
    struct pn_render_options o;
    memset(&o, 0xA5, sizeof o); /* every field must be overwritten */
    pn_render_options_default(&o);
    assert_null(o.layout);
    assert_int_equal(o.color_by, PN_COLOR_COMMUNITY);
    assert_int_equal(o.size_by, PN_M_PAGERANK);
    assert_int_equal(o.labels_top, PN_LABELS_AUTO);
    assert_int_equal(o.labels_by, -1);
    assert_null(o.title);
    assert_null(o.subtitle);
    assert_null(o.format);
    assert_int_equal(o.seed, 42);
    assert_int_equal(o.view, PN_VIEW_FULL);
    assert_int_equal(o.style, PN_STYLE_LIGHT);
    assert_null(o.font);
    assert_true(o.width == 0 && o.height == 0);
    assert_true(o.font_size == 0);
    assert_null(o.years);
    assert_int_equal(o.n_years, 0);
    assert_int_equal(o.change_from, 0);
    assert_int_equal(o.change_to, 0);
    assert_false(o.links);
    assert_int_equal(o.radius, 0);
    assert_null(o.positions);
    /* the layouts the CLI offers */
    const char *want[] = {"neato", "fdp", "sfdp", "circo", "twopi", "dot", "geo", "fr", "kk", "drl"};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        assert_string_equal(pn_render_layouts[i], want[i]);
    assert_null(pn_render_layouts[sizeof want / sizeof *want]);
}

static void test_parse_years(void **state)
{
    (void)state;
    int y[PN_RENDER_MAX_YEARS];
    size_t n = 99;
    assert_true(pn_render_parse_years("2010,2015,2020,2025", y, &n));
    assert_int_equal(n, 4);
    assert_int_equal(y[0], 2010);
    assert_int_equal(y[3], 2025);
    assert_true(pn_render_parse_years("1999", y, &n));
    assert_int_equal(n, 1);
    const char *bad[] = {"", "2010,", ",2010", "2015,2010", "2010,2010", "999", "10000",
                         "2010;2015", "20x0", "-2010", "2010, 2015",
                         "2001,2002,2003,2004,2005,2006,2007,2008,2009,2010,2011,2012,2013"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_false(pn_render_parse_years(bad[i], y, &n));
}

static void test_failures_leave_no_file(void **state)
{
    (void)state;
    struct fix f;
    fix_load(&f, NASTY, NULL);
    struct pn_render_options o;
    pn_render_options_default(&o);

    o.layout = "neatoo";
    assert_int_equal(render(&f, &o, "a.svg"), PN_EUSAGE);
    assert_true(diag_has(&f.d, "unknown layout 'neatoo' (did you mean 'neato'?)"));
    o.layout = "spring";
    assert_int_equal(render(&f, &o, "a.svg"), PN_EUSAGE);
    assert_true(diag_has(&f.d, "unknown layout 'spring'"));
    o.layout = NULL;

    o.font = "Evil\" onload=\"x";
    assert_int_equal(render(&f, &o, "a.svg"), PN_EUSAGE);
    assert_true(diag_has(&f.d, "invalid font"));
    o.font = NULL;

    o.format = "gif";
    assert_int_equal(render(&f, &o, "a.svg"), PN_EUSAGE);
    o.format = NULL;

    o.width = 10;
    o.height = 10;
    assert_int_equal(render(&f, &o, "a.svg"), PN_EUSAGE);
    o.width = o.height = 0;

    char *a = pn_xasprintf("%s/a.svg", f.dir);
    assert_false(exists(a));
    assert_false(temp_left(f.dir));

    /* an unwritable path: I/O error, nothing left behind */
    pn_diag_clear(&f.d);
    char *bad = pn_xasprintf("%s/missing-dir/map.svg", f.dir);
    assert_int_equal(pn_render_map(&f.m, pn_graph_view(f.g), &f.mx, &o, bad, &f.d), PN_EIO);
    assert_true(pn_diag_has_errors(&f.d));
    assert_false(exists(bad));

    /* an earlier good map survives a failing run */
    pn_diag_clear(&f.d);
    assert_int_equal(render(&f, &o, "a.svg"), PN_OK);
    size_t len1;
    char *good = slurp(a, &len1);
    o.layout = "nope";
    assert_int_equal(render(&f, &o, "a.svg"), PN_EUSAGE);
    size_t len2;
    char *after = slurp(a, &len2);
    assert_int_equal(len1, len2);
    assert_memory_equal(good, after, len1);
    assert_false(temp_left(f.dir));
    free(good);
    free(after);
    free(bad);
    free(a);
    fix_free(&f);
}

static void test_escaping(void **state)
{
    (void)state;
    struct fix f;
    fix_load(&f, NASTY, NULL);
    struct pn_render_options o;
    pn_render_options_default(&o);
    o.links = true;
    assert_int_equal(render(&f, &o, "n.svg"), PN_OK);
    char *path = pn_xasprintf("%s/n.svg", f.dir);
    char *svg = slurp(path, NULL);
    assert_non_null(svg);
    /* names are text: markup escaped once, entities in names kept literally */
    /* the short name on the map, the full name in the tooltip (issue 9) */
    assert_non_null(strstr(svg, ">LT&amp;Co</text>"));
    assert_non_null(strstr(svg, "xlink:title=\"&lt;b&gt;bold&lt;/b&gt; &amp; Co&#10;"));
    assert_null(strstr(svg, "<b>bold"));
    assert_non_null(strstr(svg, ">R&amp;D; &amp;lt; &amp;amp; &amp;#60;</text>"));
    /* Graphviz escapes (\N, \n, \l) in names stay text */
    assert_non_null(strstr(svg, ">Back\\slash \\N \\n \\l</text>"));
    assert_non_null(strstr(svg, "Emoji 🚀🌍 Institute"));
    assert_non_null(strstr(svg, "جامعة القاضي عياض"));
    /* the map title, its <title>, and one node group per entity with its id */
    assert_non_null(strstr(svg, "<title>R&amp;D; &lt;maps&gt; &amp; &quot;friends&quot; \\N</title>"));
    assert_non_null(strstr(svg, "<g id=\"node&#45;lt\" class=\"node institution"));
    assert_non_null(strstr(svg, "<title>lt</title>"));
    /* the url is percent-encoded, & written as an entity: valid in the attribute */
    assert_non_null(strstr(svg, "xlink:href=\"https://lt.example/?x=1&amp;y=%222%22\""));
    /* a tooltip carries the metrics */
    assert_non_null(strstr(svg, "PageRank: "));
    /* no external references besides that opt-in link */
    assert_null(strstr(svg, "<image"));
    assert_null(strstr(svg, "foreignObject"));
    free(svg);

    /* without --links, no href at all */
    o.links = false;
    assert_int_equal(render(&f, &o, "n.svg"), PN_OK);
    svg = slurp(path, NULL);
    assert_null(strstr(svg, "xlink:href"));
    free(svg);
    free(path);
    fix_free(&f);
}

/* Graphviz engines that remember the last graph by its address (circo's
 * initGraphAttrs): a new graph in the freed graph's place used its freed attribute
 * symbols, so one render in about 15 came out scaled differently, or crashed. 150
 * circo renders in one process, each the same bytes as the first: with that defect
 * (gv_retire closing the graph at once), 20 runs of 20 failed. */
static void test_engine_reruns(void **state)
{
    (void)state;
    struct fix f;
    fix_load(&f, NASTY, NULL);
    struct pn_render_options o;
    pn_render_options_default(&o);
    /* (a tenth under AddressSanitizer, ten times slower: the Debug pass has the full count) */
#if defined(__SANITIZE_ADDRESS__)
    const int scale = 10;
#else
    const int scale = 1;
#endif
    static const struct {
        const char *name;
        int runs;
    } layouts[] = {{"circo", 150}, {"dot", 10}, {"twopi", 10}, {"neato", 10}, {"fdp", 10}};
    for (size_t i = 0; i < sizeof layouts / sizeof *layouts; i++) {
        o.layout = layouts[i].name;
        assert_int_equal(render(&f, &o, "first.svg"), PN_OK);
        char *p1 = pn_xasprintf("%s/first.svg", f.dir), *p2 = pn_xasprintf("%s/again.svg", f.dir);
        size_t l1 = 0;
        char *a = slurp(p1, &l1);
        int differ = 0;
        int runs = layouts[i].runs / scale;
        for (int k = 0; k < runs; k++) {
            assert_int_equal(render(&f, &o, "again.svg"), PN_OK);
            size_t l2 = 0;
            char *b = slurp(p2, &l2);
            differ += l1 != l2 || memcmp(a, b, l1) != 0;
            free(b);
        }
        if (differ != 0)
            print_message("layout %s: %d of %d reruns differ from the first\n",
                          layouts[i].name, differ, runs);
        assert_int_equal(differ, 0);
        free(a);
        free(p1);
        free(p2);
    }
    fix_free(&f);
}

static void test_deterministic_and_formats(void **state)
{
    (void)state;
    struct fix f;
    fix_load(&f, NASTY, NULL);
    struct pn_render_options o;
    pn_render_options_default(&o);
    static const char *const layouts[] = {"neato", "fdp", "sfdp", "circo", "twopi", "dot", "geo",
                                          "fr",    "kk",  "drl"};
    for (size_t i = 0; i < sizeof layouts / sizeof *layouts; i++) {
        o.layout = layouts[i];
        assert_int_equal(render(&f, &o, "1.svg"), PN_OK);
        assert_int_equal(render(&f, &o, "2.svg"), PN_OK);
        char *p1 = pn_xasprintf("%s/1.svg", f.dir), *p2 = pn_xasprintf("%s/2.svg", f.dir);
        size_t l1 = 0, l2 = 0;
        char *a = slurp(p1, &l1), *b = slurp(p2, &l2);
        if (l1 != l2 || memcmp(a, b, l1) != 0)
            print_message("layout %s: reruns differ\n", layouts[i]);
        assert_int_equal(l1, l2);
        assert_memory_equal(a, b, l1);
        free(a);
        free(b);
        free(p1);
        free(p2);
    }
    /* another seed moves the neato layout */
    o.layout = "neato";
    assert_int_equal(render(&f, &o, "1.svg"), PN_OK);
    o.seed = 7;
    assert_int_equal(render(&f, &o, "2.svg"), PN_OK);
    char *p1 = pn_xasprintf("%s/1.svg", f.dir), *p2 = pn_xasprintf("%s/2.svg", f.dir);
    size_t l1 = 0, l2 = 0;
    char *a = slurp(p1, &l1), *b = slurp(p2, &l2);
    assert_true(l1 != l2 || memcmp(a, b, l1) != 0);
    free(a);
    free(b);
    free(p1);
    free(p2);

    /* PNG and PDF by extension, SVG by --format over the extension */
    o.seed = 42;
    assert_int_equal(render(&f, &o, "m.png"), PN_OK);
    assert_int_equal(render(&f, &o, "m.pdf"), PN_OK);
    o.format = "svg";
    assert_int_equal(render(&f, &o, "m2.png"), PN_OK);
    char *pp = pn_xasprintf("%s/m.png", f.dir), *pd = pn_xasprintf("%s/m.pdf", f.dir),
         *ps = pn_xasprintf("%s/m2.png", f.dir);
    char *png = slurp(pp, &l1), *pdf = slurp(pd, &l2), *svg = slurp(ps, NULL);
    assert_true(l1 > 8 && memcmp(png, "\x89PNG\r\n\x1a\n", 8) == 0);
    assert_true(l2 > 5 && memcmp(pdf, "%PDF-", 5) == 0);
    assert_non_null(strstr(svg, "<svg"));
    free(png);
    free(pdf);
    free(svg);
    free(pp);
    free(pd);
    free(ps);
    fix_free(&f);
}

static void test_views(void **state)
{
    (void)state;
    struct fix f;
    fix_load(&f, NASTY, "lt");
    struct pn_render_options o;
    pn_render_options_default(&o);
    static const enum pn_map_view views[] = {PN_VIEW_FULL, PN_VIEW_EGO, PN_VIEW_COMMUNITY,
                                             PN_VIEW_ALLIANCE, PN_VIEW_GEO};
    for (size_t i = 0; i < sizeof views / sizeof *views; i++) {
        o.view = views[i];
        for (int s = PN_STYLE_LIGHT; s <= PN_STYLE_PRINT; s++) {
            o.style = (enum pn_style)s;
            assert_int_equal(render(&f, &o, "v.svg"), PN_OK);
        }
    }
    char *path = pn_xasprintf("%s/v.svg", f.dir);
    char *svg = slurp(path, NULL);
    assert_non_null(strstr(svg, "focus"));
    free(svg);

    /* community map: one node per community */
    o.view = PN_VIEW_COMMUNITY;
    o.style = PN_STYLE_LIGHT;
    assert_int_equal(render(&f, &o, "v.svg"), PN_OK);
    svg = slurp(path, NULL);
    assert_non_null(strstr(svg, "id=\"community&#45;1\""));
    free(svg);

    free(path);
    fix_free(&f);
}

static void test_time_maps(void **state)
{
    (void)state;
    struct fix f;
    fix_load(&f, NASTY, NULL);
    struct pn_render_options o;
    pn_render_options_default(&o);
    char *path = pn_xasprintf("%s/v.svg", f.dir);
    char *svg;
    /* small multiples: one panel per year, nodes suffixed by year */
    int years[3] = {2012, 2016, 2020};
    o.years = years;
    o.n_years = 3;
    assert_int_equal(render(&f, &o, "v.svg"), PN_OK);
    svg = slurp(path, NULL);
    assert_non_null(strstr(svg, "id=\"panel&#45;2016\""));
    assert_non_null(strstr(svg, "id=\"node&#45;lt&#45;2020\""));
    free(svg);
    o.years = NULL;
    o.n_years = 0;
    o.change_from = 2015;
    o.change_to = 2020;
    assert_int_equal(render(&f, &o, "v.svg"), PN_OK);
    svg = slurp(path, NULL);
    assert_non_null(strstr(svg, "Change 2015 to 2020"));
    assert_non_null(strstr(svg, " new\""));   /* rtl-heb, since 2019 */
    assert_non_null(strstr(svg, " ended\"")); /* long-plain, until 2017 */
    free(svg);
    free(path);
    fix_free(&f);
}

static void test_export_dot(void **state)
{
    (void)state;
    struct fix f;
    fix_load(&f, NASTY, NULL);
    char *path = pn_xasprintf("%s/g.dot", f.dir);
    assert_int_equal(pn_render_export_dot(&f.m, pn_graph_view(f.g), &f.mx, path, &f.d), PN_OK);
    char *dot = slurp(path, NULL);
    assert_non_null(dot);
    assert_non_null(strstr(dot, "graph partnet {"));
    assert_non_null(strstr(dot, "kind=alliance"));
    assert_non_null(strstr(dot, "pagerank="));
    free(dot);
    free(path);
    fix_free(&f);
}

int main(void)
{
    pn_graph_lib_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_parse_years),
        cmocka_unit_test(test_failures_leave_no_file),
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_deterministic_and_formats),
        cmocka_unit_test(test_engine_reruns),
        cmocka_unit_test(test_views),
        cmocka_unit_test(test_time_maps),
        cmocka_unit_test(test_export_dot),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
