/*
 * test_loader: the YAML loader and the model. Good fixtures in
 * tests/data/format/ are loaded and their fields checked; every
 * tests/bad/<class>.yaml is loaded and its diagnostics compared with
 * tests/bad/<class>.err (exact text, file:line:column). Runs from tests/.
 */
#include <dirent.h>
#include <errno.h>
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

#include "base/diag.h"
#include "model/loader.h"
#include "model/model.h"
#include "base/strbuf.h"

struct loaded {
    struct pn_model m;
    struct pn_diag d;
    enum pn_status st;
};

/* Loads the n paths into a fresh l (pn_loader_load: merged and resolved). */
static void loadn(struct loaded *l, const char *const *paths, size_t n)
{
    pn_model_init(&l->m);
    pn_diag_init(&l->d);
    l->st = pn_loader_load(&l->m, paths, n, &l->d);
}

static void load1(struct loaded *l, const char *path)
{
    loadn(l, &path, 1);
}

/* Loads text as the in-memory file `name` into a fresh l (pn_loader_load_string:
 * includes relative to base_dir, no resolve). */
static void load_text(struct loaded *l, const char *name, const char *base_dir, const char *text,
                      size_t len)
{
    pn_model_init(&l->m);
    pn_diag_init(&l->d);
    l->st = pn_loader_load_string(&l->m, name, base_dir, text, len, &l->d);
}

static void unload(struct loaded *l)
{
    pn_model_destroy(&l->m);
    pn_diag_destroy(&l->d);
}

/* Diagnostics as printed by pn_diag_print. */
static char *diag_text(const struct pn_diag *d)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    pn_diag_print(d, f);
    fclose(f);
    return buf;
}

static void expect_ok(struct loaded *l)
{
    if (l->st != PN_OK || pn_diag_has_errors(&l->d)) {
        char *t = diag_text(&l->d);
        fprintf(stderr, "unexpected diagnostics:\n%s", t);
        free(t);
    }
    assert_int_equal(l->st, PN_OK);
    assert_false(pn_diag_has_errors(&l->d));
}

/* l ended with status st and exactly the diagnostics want (as printed). */
static void expect_diag(const struct loaded *l, enum pn_status st, const char *want)
{
    char *t = diag_text(&l->d);
    assert_int_equal(l->st, st);
    assert_string_equal(t, want);
    free(t);
}

static const struct pn_entity *ent(const struct pn_model *m, const char *id)
{
    size_t i = pn_model_find(m, id);
    assert_true(i != PN_NONE);
    return &m->entities[i];
}

static void test_basic(void **state)
{
    (void)state;
    struct loaded l;
    load1(&l, "data/format/basic.yaml");
    expect_ok(&l);
    struct pn_model *m = &l.m;
    assert_int_equal(m->format_version, 1);
    assert_string_equal(m->title, "Basic test network");
    assert_string_equal(m->description, "Two universities, a lab, an alliance and a network.\n");
    assert_string_equal(m->focus, "ul");
    assert_int_equal(m->n_meta, 2);
    assert_string_equal(m->meta[0].key, "x-owner");
    assert_string_equal(m->meta[0].value, "strategy team");
    assert_string_equal(m->meta[1].value, "[a, b]");
    assert_int_equal(m->n_sources, 1);
    assert_string_equal(m->sources[0].date, "2024-05");
    assert_string_equal(m->sources[0].publisher, "Example");
    assert_int_equal(m->n_themes, 2);
    assert_string_equal(m->themes[0].label_fr, "Énergie");
    assert_string_equal(m->themes[0].color, "#1b9e77");
    assert_string_equal(m->themes[1].label, "health"); /* defaults to the id */
    assert_null(m->themes[1].color);

    assert_int_equal(m->n_entities, 5);
    const struct pn_entity *ul = ent(m, "ul");
    assert_int_equal(ul->kind, PN_KIND_INSTITUTION);
    assert_string_equal(ul->name, "Université de Lorraine");
    assert_string_equal(pn_entity_label(ul), "UL");
    assert_string_equal(ul->country, "FR"); /* normalised */
    assert_string_equal(ul->region, "Grand Est");
    assert_string_equal(ul->city, "Nancy");
    assert_true(ul->has_location);
    assert_float_equal(ul->lat, 48.6921, 1e-12);
    assert_float_equal(ul->lon, 6.1844, 1e-12);
    assert_int_equal(ul->n_themes, 2);
    assert_string_equal(ul->themes[1], "health");
    assert_int_equal(pn_model_loc(m, ul->loc_themes[1]).line, 30);
    assert_int_equal(ul->since, 2012);
    assert_int_equal(ul->until, PN_YEAR_UNSET);
    assert_string_equal(ul->source, "web");
    assert_int_equal(ul->n_attrs, 3);
    assert_string_equal(ul->attrs[0].key, "students");
    assert_string_equal(ul->attrs[0].value, "60000");
    assert_string_equal(ul->attrs[1].value, "yes"); /* no YAML 1.1 booleans */
    assert_string_equal(ul->attrs[2].key, "x-note");
    assert_int_equal(pn_model_loc(m, ul->loc_id).line, 22);
    assert_int_equal(pn_model_loc(m, ul->loc_id).col, 9);
    assert_string_equal(pn_model_loc(m, ul->loc_id).file, "data/format/basic.yaml");

    const struct pn_entity *lemta = ent(m, "lemta");
    assert_string_equal(lemta->parent, "ul");
    assert_int_equal(lemta->parent_index, pn_model_find(m, "ul"));
    assert_false(lemta->has_location);
    const struct pn_entity *saar = ent(m, "saar");
    assert_string_equal(saar->country, "NO"); /* not the YAML 1.1 boolean */

    const struct pn_entity *unigr = ent(m, "unigr");
    assert_int_equal(unigr->kind, PN_KIND_ALLIANCE);
    assert_string_equal(unigr->type, "cross-border alliance");
    assert_string_equal(pn_entity_label(unigr), "UniGR");
    assert_int_equal(unigr->n_members, 2);
    assert_string_equal(unigr->members[0].id, "ul");
    assert_int_equal(unigr->members[0].entity, pn_model_find(m, "ul"));
    assert_null(unigr->members[0].role);
    assert_string_equal(unigr->members[1].role, "founding member");
    assert_int_equal(unigr->members[1].since, 2008);
    assert_int_equal(unigr->members[1].until, 2030);
    assert_int_equal(unigr->members[1].entity, pn_model_find(m, "saar"));
    const struct pn_entity *eua = ent(m, "eua");
    assert_int_equal(eua->kind, PN_KIND_NETWORK);
    assert_string_equal(eua->name, "eua"); /* a group's name defaults to its id */

    assert_int_equal(m->n_ties, 3);
    const struct pn_tie *t = &m->ties[0];
    assert_false(t->directed);
    assert_int_equal(t->ia, pn_model_find(m, "ul"));
    assert_int_equal(t->ib, pn_model_find(m, "saar"));
    assert_string_equal(t->type, "agreement");
    assert_string_equal(t->label, "Framework agreement");
    assert_float_equal(t->weight, 2.5, 0);
    assert_int_equal(t->since, 2015);
    assert_int_equal(t->until, 2025);
    t = &m->ties[1];
    assert_true(t->directed);
    assert_string_equal(t->a, "saar");
    assert_string_equal(t->b, "lemta");
    assert_string_equal(t->type, "funding");
    assert_float_equal(t->weight, 1.0, 0);
    t = &m->ties[2];
    assert_false(t->directed);
    assert_string_equal(t->type, "other");
    assert_int_equal(t->ia, pn_model_find(m, "lemta"));
    assert_int_equal(pn_model_loc(m, t->loc).line, 74);
    assert_int_equal(pn_model_loc(m, t->loc).col, 5);
    assert_int_equal(pn_model_loc(m, t->loc_b).col, 13);

    assert_non_null(pn_model_find_source(m, "web"));
    assert_null(pn_model_find_source(m, "nope"));
    assert_non_null(pn_model_find_theme(m, "health"));
    assert_string_equal(pn_model_closest_id(m, "lemtaa"), "lemta");
    assert_string_equal(pn_model_closest_id(m, "UL"), "ul");
    assert_null(pn_model_closest_id(m, "completely-different"));
    unload(&l);
}

static void test_directory(void **state)
{
    (void)state;
    struct loaded l;
    load1(&l, "data/format/dir");
    expect_ok(&l);
    /* files merge in name order: 02-first.yml, 10-entities.yaml, 20-ties.yaml */
    assert_int_equal(l.m.n_entities, 2);
    assert_string_equal(l.m.entities[0].id, "a");
    assert_string_equal(l.m.entities[1].id, "b");
    assert_string_equal(pn_model_loc(&l.m, l.m.entities[0].loc).file,
                        "data/format/dir/02-first.yml");
    assert_string_equal(l.m.title, "Directory network");
    assert_int_equal(l.m.n_ties, 1);
    assert_int_equal(l.m.ties[0].ia, 0);
    assert_int_equal(l.m.ties[0].ib, 1);
    assert_int_equal(l.m.n_files, 3);
    unload(&l);

    /* a trailing slash gives the same result */
    load1(&l, "data/format/dir/");
    expect_ok(&l);
    assert_string_equal(pn_model_loc(&l.m, l.m.entities[0].loc).file,
                        "data/format/dir/02-first.yml");
    unload(&l);
}

static void test_include(void **state)
{
    (void)state;
    struct loaded l;
    load1(&l, "data/format/inc/main.yaml");
    expect_ok(&l);
    assert_int_equal(l.m.n_entities, 3);
    assert_string_equal(l.m.entities[0].id, "top");
    assert_string_equal(l.m.entities[1].id, "p1");
    assert_string_equal(pn_model_loc(&l.m, l.m.entities[1].loc).file,
                        "data/format/inc/parts/ents.yaml");
    assert_int_equal(pn_model_loc(&l.m, l.m.entities[1].loc_id).line, 2);
    /* ents.yaml is included twice (main and ties.yaml) but read once */
    assert_int_equal(l.m.n_files, 3);
    assert_int_equal(l.m.n_ties, 2);
    assert_int_equal(l.m.ties[0].ib, 0);
    unload(&l);
}

static void test_aliases(void **state)
{
    (void)state;
    struct loaded l;
    load1(&l, "data/format/aliases.yaml");
    expect_ok(&l);
    const struct pn_entity *b = ent(&l.m, "b");
    assert_string_equal(b->name, "Ünïcödé — 東京 🎓");
    assert_int_equal(b->n_themes, 1);
    assert_string_equal(b->themes[0], "t");
    assert_int_equal(l.m.n_ties, 3);
    assert_float_equal(l.m.ties[2].weight, 3.0, 0);
    assert_string_equal(l.m.ties[2].source, "s1");
    assert_int_equal(l.m.ties[2].ia, pn_model_find(&l.m, "a"));
    /* the replayed node is placed at the alias */
    assert_int_equal(pn_model_loc(&l.m, l.m.ties[2].loc).line, 21);
    /* anchors inside anchors, aliases inside anchors */
    assert_int_equal(l.m.n_meta, 2);
    assert_string_equal(l.m.meta[0].value, "{list: [t, u], again: [t, u], leaf: u}");
    assert_string_equal(l.m.meta[1].key, "x-copy");
    assert_string_equal(l.m.meta[1].value, "{list: [t, u], again: [t, u], leaf: u}");
    unload(&l);
}

static void test_string_and_columns(void **state)
{
    (void)state;
    struct loaded l;
    const char *text = "institutions:\n  - {id: x, name: \"日本語\", country: ZZ}\n";
    load_text(&l, "mem.yaml", NULL, text, strlen(text));
    /* columns count characters, not bytes */
    expect_diag(&l, PN_EINPUT,
                "mem.yaml:2:35: error: unknown country code 'ZZ' (expected an "
                "ISO 3166-1 alpha-2 code)\n");
    unload(&l);
}

/* Numbers read by the loader equal strtod's, bit for bit (fast path included). */
static void test_numbers_exact(void **state)
{
    (void)state;
    static const char *const vals[] = {"0.1",
                                       "2.675",
                                       "48.6921",
                                       "0.000001",
                                       "123456789012345",
                                       "9007199254740993",
                                       "0.30000000000000004",
                                       "1e-3",
                                       "1.5E2",
                                       "7",
                                       "1.",
                                       "89.999999999999"};
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    pn_strbuf_append(&sb, "institutions: [{id: a, name: A}, {id: b, name: B}]\nties:\n");
    size_t n = sizeof vals / sizeof vals[0];
    for (size_t i = 0; i < n; i++)
        pn_strbuf_appendf(&sb, "  - {between: [a, b], weight: %s}\n", vals[i]);
    struct loaded l;
    load_text(&l, "n.yaml", NULL, sb.buf, sb.len);
    expect_ok(&l);
    assert_int_equal(l.m.n_ties, n);
    for (size_t i = 0; i < n; i++) {
        double want = strtod(vals[i], NULL);
        assert_memory_equal(&l.m.ties[i].weight, &want, sizeof want);
    }
    unload(&l);
    pn_strbuf_destroy(&sb);
}

/* Unloads l; returns its diagnostics as printed (caller frees) and its status in st. */
static char *unload_diag(struct loaded *l, enum pn_status *st)
{
    *st = l->st;
    char *t = diag_text(&l->d);
    unload(l);
    return t;
}

/* Loads text as "gen.yaml"; returns the diagnostics (caller frees). */
static char *load_string_diag(const char *text, size_t len, enum pn_status *st)
{
    struct loaded l;
    load_text(&l, "gen.yaml", NULL, text, len);
    return unload_diag(&l, st);
}

/* The limits hold exactly at their documented values. */
static void test_depth_and_alias_limits(void **state)
{
    (void)state;
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    enum pn_status st;
    for (int extra = 0; extra <= 1; extra++) {
        /* the top-level mapping is level 1 */
        int levels = PN_MAX_DEPTH - 1 + extra;
        pn_strbuf_reset(&sb);
        pn_strbuf_append(&sb, "x-deep: ");
        for (int i = 0; i < levels; i++)
            pn_strbuf_appendc(&sb, '[');
        for (int i = 0; i < levels; i++)
            pn_strbuf_appendc(&sb, ']');
        pn_strbuf_appendc(&sb, '\n');
        char *t = load_string_diag(sb.buf, sb.len, &st);
        if (extra == 0) {
            assert_int_equal(st, PN_OK);
            assert_string_equal(t, "");
        } else {
            assert_int_equal(st, PN_EINPUT);
            assert_string_equal(t, "gen.yaml:1:72: error: nesting deeper than the limit of 64 "
                                   "levels\n");
        }
        free(t);
    }
    for (int extra = 0; extra <= 1; extra++) {
        /* an anchored sequence of 98 scalars is 100 events */
        pn_strbuf_reset(&sb);
        pn_strbuf_append(&sb, "x-a: &a [");
        for (int i = 0; i < 98; i++)
            pn_strbuf_append(&sb, i > 0 ? ", x" : "x");
        pn_strbuf_append(&sb, "]\nx-b: [");
        int aliases = PN_MAX_ALIAS_EXPANSION / 100 + extra;
        for (int i = 0; i < aliases; i++)
            pn_strbuf_append(&sb, i > 0 ? ", *a" : "*a");
        pn_strbuf_append(&sb, "]\n");
        char *t = load_string_diag(sb.buf, sb.len, &st);
        if (extra == 0) {
            assert_int_equal(st, PN_OK);
            assert_string_equal(t, "");
        } else {
            assert_int_equal(st, PN_EINPUT);
            /* the 101st alias, at column 7 + 4 * 100 */
            assert_string_equal(t, "gen.yaml:2:407: error: alias expansion exceeds 10000 "
                                   "events\n");
        }
        free(t);
    }
    /* bytes: a 60000-byte scalar fits 279 times in 16 MiB */
    pn_strbuf_reset(&sb);
    pn_strbuf_append(&sb, "x-a: &a ");
    for (int i = 0; i < 60000; i++)
        pn_strbuf_appendc(&sb, 'y');
    pn_strbuf_append(&sb, "\nx-b: [");
    for (int i = 0; i < 300; i++)
        pn_strbuf_append(&sb, i > 0 ? ", *a" : "*a");
    pn_strbuf_append(&sb, "]\n");
    char *t = load_string_diag(sb.buf, sb.len, &st);
    assert_int_equal(st, PN_EINPUT);
    assert_string_equal(t, "gen.yaml:2:1123: error: alias expansion exceeds 16777216 bytes\n");
    free(t);
    pn_strbuf_destroy(&sb);
}

static void test_model_basics(void **state)
{
    (void)state;
    struct pn_model m;
    pn_model_init(&m);
    assert_true(pn_model_active(PN_YEAR_UNSET, PN_YEAR_UNSET, 1990));
    assert_true(pn_model_active(2000, 2010, 2010));
    assert_false(pn_model_active(2000, 2010, 2011));
    assert_false(pn_model_active(2000, PN_YEAR_UNSET, 1999));
    assert_string_equal(pn_kind_name(PN_KIND_NETWORK), "network");
    /* many ids: the index finds every one */
    char id[32];
    for (int i = 0; i < 5000; i++) {
        size_t k = pn_model_add_entity(&m, PN_KIND_INSTITUTION);
        snprintf(id, sizeof id, "e%d", i);
        m.entities[k].id = pn_xstrdup(id);
        m.entities[k].name = pn_xstrdup(id);
    }
    struct pn_diag d;
    pn_diag_init(&d);
    assert_int_equal(pn_model_resolve(&m, &d), PN_OK);
    for (int i = 0; i < 5000; i += 7) {
        snprintf(id, sizeof id, "e%d", i);
        assert_int_equal(pn_model_find(&m, id), (size_t)i);
    }
    assert_int_equal(pn_model_find(&m, "e5000"), PN_NONE);
    pn_diag_destroy(&d);
    pn_model_destroy(&m);
    pn_model_destroy(&m); /* zeroed: fine */
}

/* A fresh temporary directory (removed by rm_tree). */
static char *make_tmpdir(void)
{
    char *dir = pn_xstrdup("/tmp/pn_test_loader_XXXXXX");
    assert_non_null(mkdtemp(dir));
    return dir;
}

static void write_file(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static void rm_tree(const char *dir)
{
    DIR *dh = opendir(dir);
    if (dh != NULL) {
        struct dirent *de;
        while ((de = readdir(dh)) != NULL) {
            if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                continue;
            char *p = pn_xasprintf("%s/%s", dir, de->d_name);
            struct stat st;
            if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
                rm_tree(p);
            else
                unlink(p);
            free(p);
        }
        closedir(dh);
    }
    rmdir(dir);
}

/* Loads text as file `name` inside dir; returns the diagnostics (caller frees). */
static char *load_text_in(const char *dir, const char *name, const char *text, size_t len,
                          enum pn_status *st)
{
    char *path = pn_xasprintf("%s/%s", dir, name);
    write_file(path, text, len);
    struct loaded l;
    load1(&l, path);
    free(path);
    return unload_diag(&l, st);
}

static void test_stdin(void **state)
{
    (void)state;
    assert_non_null(freopen("data/format/basic.yaml", "rb", stdin));
    struct loaded l;
    load1(&l, "-");
    expect_ok(&l);
    assert_int_equal(l.m.n_entities, 5);
    assert_string_equal(pn_model_loc(&l.m, l.m.entities[0].loc).file, "<stdin>");
    unload(&l);

    /* includes need a directory: not available on standard input */
    assert_non_null(freopen("data/format/inc/main.yaml", "rb", stdin));
    load1(&l, "-");
    expect_diag(&l, PN_EINPUT,
                "<stdin>:3:5: error: 'include' is not available when reading "
                "standard input\n"
                "<stdin>:4:5: error: 'include' is not available when reading "
                "standard input\n");
    unload(&l);
}

static void test_several_paths(void **state)
{
    (void)state;
    struct loaded l;
    const char *paths[] = {"data/format/dir", "data/format/inc/main.yaml"};
    /* both set a title: the second is an error naming the first */
    loadn(&l, paths, 2);
    expect_diag(&l, PN_EINPUT,
                "data/format/inc/main.yaml:1:8: error: 'title' is already set at "
                "data/format/dir/10-entities.yaml:2:8\n");
    assert_int_equal(l.m.n_entities, 5);
    assert_string_equal(l.m.entities[2].id, "top");
    assert_string_equal(l.m.title, "Directory network");
    unload(&l);
}

static void test_load_string_include(void **state)
{
    (void)state;
    struct loaded l;
    const char *text = "include: [parts/ents.yaml]\nties: [[p1, p2]]\n";
    load_text(&l, "mem.yaml", "data/format/inc", text, strlen(text));
    assert_int_equal(l.st, PN_OK);
    assert_int_equal(l.m.n_entities, 2);
    assert_string_equal(pn_model_loc(&l.m, l.m.entities[0].loc).file, "parts/ents.yaml");
    assert_int_equal(pn_model_resolve(&l.m, &l.d), PN_OK);
    assert_int_equal(l.m.ties[0].ib, 1);
    unload(&l);
}

/* Anchors of every value kind (scalar, list, mapping) in every position, and the
 * aliased value arrives where it is used (issue 13). */
static void test_aliases_every_kind(void **state)
{
    (void)state;
    static const char text[] = "x-common: &mat [materials]\n"
                               "themes:\n"
                               "  - id: materials\n"
                               "    label: &lab Materials\n"
                               "institutions:\n"
                               "  - id: a\n"
                               "    name: *lab\n"
                               "    type: university\n"
                               "    themes: &mat2 [materials]\n"
                               "    attrs: &at {x: 1, y: two}\n"
                               "  - id: b\n"
                               "    name: B\n"
                               "    type: university\n"
                               "    themes: *mat\n"
                               "    attrs: *at\n"
                               "  - id: c\n"
                               "    name: C\n"
                               "    type: university\n"
                               "    themes: *mat2\n"
                               "alliances:\n"
                               "  - id: g\n"
                               "    name: G\n"
                               "    members: &mem [a, &first {id: b, since: 2010}]\n"
                               "  - id: h\n"
                               "    name: H\n"
                               "    members: [*first, c]\n"
                               "networks:\n"
                               "  - id: n\n"
                               "    name: N\n"
                               "    members: *mem\n"
                               "ties:\n"
                               "  - between: &pair [a, c]\n"
                               "    type: research\n"
                               "  - between: *pair\n"
                               "    type: teaching\n";
    struct loaded l;
    load_text(&l, "anchors.yaml", ".", text, sizeof text - 1);
    expect_ok(&l);
    assert_string_equal(ent(&l.m, "a")->name, "Materials");
    const char *ids[] = {"a", "b", "c"};
    for (size_t i = 0; i < 3; i++) {
        const struct pn_entity *e = ent(&l.m, ids[i]);
        assert_int_equal(e->n_themes, 1);
        assert_string_equal(e->themes[0], "materials");
    }
    const struct pn_entity *b = ent(&l.m, "b");
    assert_int_equal(b->n_attrs, 2);
    assert_string_equal(b->attrs[0].key, "x");
    assert_string_equal(b->attrs[0].value, "1");
    assert_string_equal(b->attrs[1].value, "two");
    const struct pn_entity *h = ent(&l.m, "h"), *n = ent(&l.m, "n");
    assert_int_equal(h->n_members, 2);
    assert_string_equal(h->members[0].id, "b");
    assert_int_equal(h->members[0].since, 2010);
    assert_int_equal(n->n_members, 2);
    assert_string_equal(n->members[0].id, "a");
    assert_string_equal(n->members[1].id, "b");
    assert_int_equal(l.m.n_ties, 2);
    assert_string_equal(l.m.ties[1].a, "a");
    assert_string_equal(l.m.ties[1].b, "c");
    unload(&l);
}

/* Line breaks in names: a block scalar's (its final break dropped), a "\n" escape's;
 * U+FFFE/U+FFFF refused (issue 13). */
static void test_line_breaks_and_noncharacters(void **state)
{
    (void)state;
    static const char text[] = "institutions:\n"
                               "  - id: a\n"
                               "    name: |\n"
                               "      First line\n"
                               "      second line\n"
                               "    type: university\n"
                               "  - id: b\n"
                               "    name: \"A\\nB\"\n"
                               "    type: university\n";
    struct loaded l;
    load_text(&l, "breaks.yaml", ".", text, sizeof text - 1);
    expect_ok(&l);
    assert_string_equal(ent(&l.m, "a")->name, "First line\nsecond line");
    assert_string_equal(ent(&l.m, "b")->name, "A\nB");
    unload(&l);
    static const char bad[] = "institutions:\n  - id: a\n    name: \"x\\uFFFF\"\n";
    load_text(&l, "nonchar.yaml", ".", bad, sizeof bad - 1);
    expect_diag(&l, PN_EINPUT,
                "nonchar.yaml:3:11: error: noncharacter U+FFFF in a string (it cannot be shown "
                "in the SVG and XML outputs)\n");
    unload(&l);
}

/* Members per group: PN_MAX_MEMBERS is fine, one more stops the reading there. */
static void test_members_limit(void **state)
{
    (void)state;
    for (int over = 0; over <= 1; over++) {
        struct pn_strbuf sb;
        pn_strbuf_init(&sb);
        pn_strbuf_append(&sb, "alliances:\n  - id: g\n    name: G\n    members:\n");
        for (int i = 0; i < PN_MAX_MEMBERS + over; i++)
            pn_strbuf_appendf(&sb, "      - m%d\n", i);
        struct loaded l;
        load_text(&l, "members.yaml", ".", sb.buf, sb.len);
        if (over) {
            char *want = pn_xasprintf("members.yaml:%d:9: error: more than the limit of %d "
                                      "members in one group\n",
                                      5 + PN_MAX_MEMBERS, PN_MAX_MEMBERS);
            expect_diag(&l, PN_EINPUT, want);
            free(want);
        } else {
            expect_ok(&l);
            assert_int_equal(ent(&l.m, "g")->n_members, PN_MAX_MEMBERS);
        }
        unload(&l);
        pn_strbuf_destroy(&sb);
    }
}

static void test_scalar_limit(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    size_t big = PN_MAX_SCALAR + 1;
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    pn_strbuf_append(&sb, "institutions:\n  - id: a\n    name: ");
    for (size_t i = 0; i < big; i++)
        pn_strbuf_appendc(&sb, 'x');
    pn_strbuf_append(&sb, "\n");
    enum pn_status st;
    char *t = load_text_in(dir, "big.yaml", sb.buf, sb.len, &st);
    char *want = pn_xasprintf("%s/big.yaml:3:11: error: string longer than the limit of 65536 "
                              "bytes\n",
                              dir);
    assert_int_equal(st, PN_EINPUT);
    assert_string_equal(t, want);
    free(t);
    free(want);
    /* exactly at the limit is fine */
    pn_strbuf_reset(&sb);
    pn_strbuf_append(&sb, "institutions:\n  - id: a\n    name: ");
    for (size_t i = 0; i < PN_MAX_SCALAR; i++)
        pn_strbuf_appendc(&sb, 'x');
    pn_strbuf_append(&sb, "\n");
    t = load_text_in(dir, "ok.yaml", sb.buf, sb.len, &st);
    assert_int_equal(st, PN_OK);
    assert_string_equal(t, "");
    free(t);
    pn_strbuf_destroy(&sb);
    rm_tree(dir);
    free(dir);
}

static void test_file_size_limit(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    char *path = pn_xasprintf("%s/huge.yaml", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    /* a sparse file one byte over the limit: never read */
    assert_int_equal(fseek(f, (long)PN_MAX_FILE_SIZE, SEEK_SET), 0);
    assert_int_equal(fputc('\n', f), '\n');
    assert_int_equal(fclose(f), 0);
    struct loaded l;
    load1(&l, path);
    char *want =
        pn_xasprintf("%s:1:1: error: file is larger than the limit of 67108864 bytes\n", path);
    expect_diag(&l, PN_EINPUT, want);
    free(want);
    unload(&l);
    free(path);
    rm_tree(dir);
    free(dir);
}

static void test_max_files(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    char name[64];
    for (int i = 0; i <= PN_MAX_FILES; i++) {
        snprintf(name, sizeof name, "%s/f%04d.yaml", dir, i);
        char *text = pn_xasprintf("institutions: [{id: e%d, name: E}]\n", i);
        write_file(name, text, strlen(text));
        free(text);
    }
    struct loaded l;
    load1(&l, dir);
    expect_diag(&l, PN_EINPUT, "partnet: error: more than 1000 files in the network\n");
    assert_int_equal(l.m.n_entities, PN_MAX_FILES);
    unload(&l);
    rm_tree(dir);
    free(dir);
}

static void test_symlink_escape(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    char *sub = pn_xasprintf("%s/net", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    char *outside = pn_xasprintf("%s/outside.yaml", dir);
    write_file(outside, "institutions: [{id: o, name: O}]\n", 33);
    char *link = pn_xasprintf("%s/net/link.yaml", dir);
    assert_int_equal(symlink(outside, link), 0);
    enum pn_status st;
    char *t = load_text_in(sub, "main.yaml", "include: [link.yaml]\n", 21, &st);
    char *want = pn_xasprintf("%s/main.yaml:1:11: error: included file 'link.yaml' is outside "
                              "the network directory (includes stay inside the directory of the "
                              "top-level file)\n",
                              sub);
    assert_int_equal(st, PN_EINPUT);
    assert_string_equal(t, want);
    free(t);
    free(want);
    free(link);
    free(outside);
    free(sub);
    rm_tree(dir);
    free(dir);
}

static void test_unreadable(void **state)
{
    (void)state;
    struct loaded l;
    load1(&l, "data/format/no-such-file.yaml");
    expect_diag(&l, PN_EIO,
                "partnet: error: cannot read 'data/format/no-such-file.yaml': No such "
                "file or directory\n");
    unload(&l);
}

/* Every bad/<class>.yaml against bad/<class>.err. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        pn_strbuf_appendn(&sb, buf, n);
    fclose(f);
    return pn_strbuf_detach(&sb);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_bad_inputs(void **state)
{
    (void)state;
    DIR *dh = opendir("bad");
    assert_non_null(dh);
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(dh)) != NULL) {
        size_t len = strlen(de->d_name);
        if (len > 5 && strcmp(de->d_name + len - 5, ".yaml") == 0) {
            pn_xgrow((void **)&names, &cap, n + 1, sizeof *names);
            names[n++] = pn_xstrdup(de->d_name);
        }
    }
    closedir(dh);
    qsort(names, n, sizeof *names, cmp_names);
    int failures = 0;
    for (size_t i = 0; i < n; i++) {
        char *path = pn_xasprintf("bad/%s", names[i]);
        char *errpath = pn_xasprintf("bad/%.*s.err", (int)(strlen(names[i]) - 5), names[i]);
        char *expected = slurp(errpath);
        if (expected == NULL) {
            fprintf(stderr, "%s: missing expected file %s\n", path, errpath);
            failures++;
        } else {
            struct loaded l;
            load1(&l, path);
            char *got = diag_text(&l.d);
            if (l.st != PN_EINPUT || strcmp(got, expected) != 0) {
                fprintf(stderr, "FAIL %s (status %d)\n--- expected\n%s--- got\n%s", path, (int)l.st,
                        expected, got);
                failures++;
            }
            free(got);
            unload(&l);
        }
        free(expected);
        free(path);
        free(errpath);
        free(names[i]);
    }
    free(names);
    fprintf(stderr, "%zu bad-input cases, %d failed\n", n, failures);
    assert_true(n >= 10);
    assert_int_equal(failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic),
        cmocka_unit_test(test_directory),
        cmocka_unit_test(test_include),
        cmocka_unit_test(test_aliases),
        cmocka_unit_test(test_string_and_columns),
        cmocka_unit_test(test_model_basics),
        cmocka_unit_test(test_numbers_exact),
        cmocka_unit_test(test_depth_and_alias_limits),
        cmocka_unit_test(test_stdin),
        cmocka_unit_test(test_several_paths),
        cmocka_unit_test(test_load_string_include),
        cmocka_unit_test(test_scalar_limit),
        cmocka_unit_test(test_aliases_every_kind),
        cmocka_unit_test(test_line_breaks_and_noncharacters),
        cmocka_unit_test(test_members_limit),
        cmocka_unit_test(test_file_size_limit),
        cmocka_unit_test(test_max_files),
        cmocka_unit_test(test_symlink_escape),
        cmocka_unit_test(test_unreadable),
        cmocka_unit_test(test_bad_inputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
