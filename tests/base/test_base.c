/* Unit tests of the leaf rooms: strbuf, diag, outfile. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/outfile.h"
#include "base/strbuf.h"

static void test_strbuf_append(void **state)
{
    (void)state;
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    assert_string_equal(pn_strbuf_str(&sb), "");
    pn_strbuf_append(&sb, "ab");
    pn_strbuf_appendc(&sb, 'c');
    pn_strbuf_appendf(&sb, "-%d-%s", 42, "x");
    assert_string_equal(pn_strbuf_str(&sb), "abc-42-x");
    assert_int_equal(sb.len, 8);
    for (int i = 0; i < 1000; i++)
        pn_strbuf_append(&sb, "0123456789");
    assert_int_equal(sb.len, 10008);
    char *s = pn_strbuf_detach(&sb);
    assert_int_equal(strlen(s), 10008);
    assert_string_equal(pn_strbuf_str(&sb), "");
    free(s);
    pn_strbuf_destroy(&sb);
}

static void test_escapes(void **state)
{
    (void)state;
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    pn_strbuf_append_xml(&sb, "<a href=\"x\">R&D's</a>");
    assert_string_equal(pn_strbuf_str(&sb), "&lt;a href=&quot;x&quot;&gt;R&amp;D&#39;s&lt;/a&gt;");
    pn_strbuf_reset(&sb);
    pn_strbuf_append_json(&sb, "a\"b\\c\n\x01");
    assert_string_equal(pn_strbuf_str(&sb), "\"a\\\"b\\\\c\\n\\u0001\"");
    pn_strbuf_reset(&sb);
    pn_strbuf_append_csv(&sb, "plain");
    pn_strbuf_appendc(&sb, ';');
    pn_strbuf_append_csv(&sb, "a,\"b\"");
    assert_string_equal(pn_strbuf_str(&sb), "plain;\"a,\"\"b\"\"\"");
    pn_strbuf_destroy(&sb);
}

static void test_reals(void **state)
{
    (void)state;
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    pn_strbuf_append_real(&sb, NAN);
    pn_strbuf_appendc(&sb, ' ');
    pn_strbuf_append_real(&sb, -INFINITY);
    pn_strbuf_appendc(&sb, ' ');
    pn_strbuf_append_real(&sb, -0.0);
    pn_strbuf_appendc(&sb, ' ');
    pn_strbuf_append_real(&sb, 1.0 / 3.0);
    assert_string_equal(pn_strbuf_str(&sb), "nan -inf 0 0.3333333333");
    pn_strbuf_destroy(&sb);
}

static void test_closest(void **state)
{
    (void)state;
    const char *ids[] = {"ucsd", "univ-lorraine", "cnrs", "tohoku-univ"};
    assert_int_equal(pn_edit_distance("kitten", "sitting"), 3);
    assert_int_equal(pn_edit_distance("", "abc"), 3);
    assert_string_equal(pn_closest("ucds", ids, 4), "ucsd");
    assert_string_equal(pn_closest("univ-loraine", ids, 4), "univ-lorraine");
    assert_null(pn_closest("completely-different", ids, 4));
    assert_int_equal(pn_utf8_length("Universit\xc3\xa9"), 10);
}

static void test_diag(void **state)
{
    (void)state;
    struct pn_diag d;
    pn_diag_init(&d);
    struct pn_loc loc = {"net.yaml", 14, 12};
    pn_diag_error(&d, &loc, "unknown id '%s'", "ucds");
    pn_diag_warning(&d, NULL, "something odd");
    for (int i = 0; i < 30; i++)
        pn_diag_error(&d, NULL, "error %d", i);
    assert_true(pn_diag_has_errors(&d));
    assert_int_equal(d.n_errors, 31);
    assert_int_equal(d.n_dropped, 31 - PN_DIAG_MAX_ERRORS);
    char buf[4096] = {0};
    FILE *f = fmemopen(buf, sizeof buf - 1, "w");
    pn_diag_print(&d, f);
    fclose(f);
    assert_non_null(strstr(buf, "net.yaml:14:12: error: unknown id 'ucds'\n"));
    assert_non_null(strstr(buf, "partnet: warning: something odd\n"));
    assert_non_null(strstr(buf, "partnet: 11 more errors not shown\n"));
    pn_diag_destroy(&d);
    pn_diag_destroy(&d); /* destroying twice is safe */
}

static void test_outfile_atomic(void **state)
{
    (void)state;
    char dir[] = "/tmp/pn-outfile-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *target = pn_xasprintf("%s/out.txt", dir);
    struct pn_diag d;
    pn_diag_init(&d);
    assert_int_equal(pn_outfile_write_all(target, "first\n", 6, &d), PN_OK);

    /* an abandoned write leaves the earlier file as it was, and no temp file */
    struct pn_outfile of;
    assert_int_equal(pn_outfile_open(&of, target, &d), PN_OK);
    fputs("partial", of.fp);
    char *tmp = pn_xstrdup(of.tmp_path);
    pn_outfile_abort(&of);
    struct stat sb;
    assert_int_not_equal(stat(tmp, &sb), 0);
    FILE *f = fopen(target, "r");
    char buf[32] = {0};
    assert_non_null(fgets(buf, sizeof buf, f));
    fclose(f);
    assert_string_equal(buf, "first\n");

    /* an unwritable target is an I/O error with a message */
    char *bad = pn_xasprintf("%s/missing-dir/out.txt", dir);
    assert_int_equal(pn_outfile_write_all(bad, "x", 1, &d), PN_EIO);
    assert_true(pn_diag_has_errors(&d));
    assert_non_null(strstr(d.msgs[0].text, "cannot write"));

    /* mkdir -p */
    char *deep = pn_xasprintf("%s/a/b/c", dir);
    pn_diag_clear(&d);
    assert_int_equal(pn_mkdir_p(deep, &d), PN_OK);
    assert_int_equal(stat(deep, &sb), 0);
    assert_true(S_ISDIR(sb.st_mode));

    remove(target);
    char *cmd = pn_xasprintf("rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(deep);
    free(bad);
    free(tmp);
    free(target);
    pn_diag_destroy(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strbuf_append), cmocka_unit_test(test_escapes),
        cmocka_unit_test(test_reals),         cmocka_unit_test(test_closest),
        cmocka_unit_test(test_diag),          cmocka_unit_test(test_outfile_atomic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
