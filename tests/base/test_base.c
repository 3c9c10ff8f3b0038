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
#include <dirent.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
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

/* Entries of dir whose name starts with '.' and ends with ".tmp" (our temp files). */
static int count_temps(const char *dir)
{
    DIR *dp = opendir(dir);
    int n = 0;
    for (struct dirent *e; dp != NULL && (e = readdir(dp)) != NULL;) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' && len > 5 && strcmp(e->d_name + len - 4, ".tmp") == 0)
            n++;
    }
    if (dp != NULL)
        closedir(dp);
    return n;
}

/* A child opens an outfile, writes, then dies by how (a signal, or exit(3) as on out
 * of memory); the temp file must be gone and the earlier target intact (issue 13). */
static void die_with_open_outfile(const char *target, int how)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct pn_outfile of;
        struct pn_diag d;
        pn_diag_init(&d);
        if (pn_outfile_open(&of, target, &d) != PN_OK)
            _exit(10);
        fputs("partial", of.fp);
        fflush(of.fp);
        if (how == 0)
            exit(3);
        raise(how);
        _exit(11);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    if (how == 0)
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 3);
    else
        assert_true(WIFSIGNALED(status) && WTERMSIG(status) == how);
}

static void test_outfile_temp_safety(void **state)
{
    (void)state;
    char dir[] = "/tmp/pn-outfile-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *target = pn_xasprintf("%s/out.txt", dir);
    char *victim = pn_xasprintf("%s/victim", dir);
    char *old_tmp = pn_xasprintf("%s/out.txt.tmp", dir);
    struct pn_diag d;
    pn_diag_init(&d);
    assert_int_equal(pn_outfile_write_all(victim, "precious\n", 9, &d), PN_OK);
    assert_int_equal(pn_outfile_write_all(target, "first\n", 6, &d), PN_OK);

    /* the temp name is fresh each time and beside the target */
    struct pn_outfile a, b;
    assert_int_equal(pn_outfile_open(&a, target, &d), PN_OK);
    assert_int_equal(pn_outfile_open(&b, target, &d), PN_OK);
    assert_string_not_equal(a.tmp_path, b.tmp_path);
    assert_int_equal(strncmp(a.tmp_path, dir, strlen(dir)), 0);
    assert_int_equal(count_temps(dir), 2);
    pn_outfile_abort(&a);
    pn_outfile_abort(&b);
    assert_int_equal(count_temps(dir), 0);

    /* the old fixed name, planted as a link, is neither followed nor removed */
    assert_int_equal(symlink(victim, old_tmp), 0);
    assert_int_equal(pn_outfile_write_all(target, "second\n", 7, &d), PN_OK);
    struct stat sb;
    assert_int_equal(lstat(old_tmp, &sb), 0);
    assert_true(S_ISLNK(sb.st_mode));
    FILE *f = fopen(victim, "r");
    char buf[32] = {0};
    assert_non_null(fgets(buf, sizeof buf, f));
    fclose(f);
    assert_string_equal(buf, "precious\n");
    /* the committed file has the mode fopen gives (0666 less the umask), not mkstemp's 0600 */
    mode_t mask = umask(022);
    assert_int_equal(pn_outfile_write_all(target, "third\n", 6, &d), PN_OK);
    umask(mask);
    assert_int_equal(stat(target, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0644);

    /* exit() (out of memory) and SIGINT/SIGTERM/SIGHUP remove the temp file */
    int hows[] = {0, SIGTERM, SIGINT, SIGHUP};
    for (size_t i = 0; i < sizeof hows / sizeof hows[0]; i++) {
        die_with_open_outfile(target, hows[i]);
        assert_int_equal(count_temps(dir), 0);
    }
    f = fopen(target, "r");
    assert_non_null(fgets(buf, sizeof buf, f));
    fclose(f);
    assert_string_equal(buf, "third\n");

    char *cmd = pn_xasprintf("rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(old_tmp);
    free(victim);
    free(target);
    pn_diag_destroy(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strbuf_append), cmocka_unit_test(test_escapes),
        cmocka_unit_test(test_reals),         cmocka_unit_test(test_closest),
        cmocka_unit_test(test_diag),          cmocka_unit_test(test_outfile_atomic),
        cmocka_unit_test(test_outfile_temp_safety),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
