/*
 * import: spreadsheet sheets (CSV) -> a new network directory in the YAML format, through
 * model/import_csv (the only door to libcsv). The directory appears whole or not at all: the
 * files are written into a temporary directory beside it, which is renamed into place.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/outfile.h"
#include "cli/cli_int.h"
#include "model/import_csv.h"

int pn_cli_list_sep(struct options *o, const char *arg)
{
    if (strlen(arg) != 1 || strchr(",;\t\"", arg[0]) != NULL || arg[0] == ' ')
        return pn_cli_usage_error("invalid separator '%s' for --list-sep; expected one "
                                  "character other than , ; tab, space and quote (default |)",
                                  arg);
    o->list_sep = arg[0];
    return PN_OK;
}

/* Remove the temporary directory and what was written into it. */
static void remove_tmp(const char *tmp, const struct pn_import *im)
{
    for (size_t i = 0; i < im->n_docs; i++) {
        char *f = pn_xasprintf("%s/%s", tmp, im->docs[i].name);
        remove(f);
        free(f);
    }
    rmdir(tmp);
}

/* Write every document into a temporary directory, then rename it to dir (which must not
 * exist, or be an empty directory). */
static int write_dir(const char *dir, const struct pn_import *im, struct pn_diag *d)
{
    struct stat st;
    if (stat(dir, &st) == 0 && (!S_ISDIR(st.st_mode) || rmdir(dir) != 0)) {
        pn_diag_error(d, NULL, "'%s' exists; import writes a new network directory", dir);
        return PN_EIO;
    }
    char *tmp = pn_xasprintf("%s.tmp-import-%ld", dir, (long)getpid());
    if (mkdir(tmp, 0777) != 0) {
        pn_diag_error(d, NULL, "cannot write '%s': %s", tmp, strerror(errno));
        free(tmp);
        return PN_EIO;
    }
    int rc = PN_OK;
    for (size_t i = 0; i < im->n_docs && rc == PN_OK; i++) {
        char *f = pn_xasprintf("%s/%s", tmp, im->docs[i].name);
        rc = pn_outfile_write_all(f, im->docs[i].text, im->docs[i].len, d);
        free(f);
    }
    if (rc == PN_OK && rename(tmp, dir) != 0) {
        pn_diag_error(d, NULL, "cannot write '%s': %s", dir, strerror(errno));
        rc = PN_EIO;
    }
    if (rc != PN_OK)
        remove_tmp(tmp, im);
    free(tmp);
    return rc;
}

int pn_cli_import(struct options *o)
{
    if (o->output == NULL || strcmp(o->output, "-") == 0)
        return pn_cli_usage_error("import: missing -o DIR (the network directory to create)");
    /* an export's metric columns are read and ignored: the analysis recomputes them */
    const char *ignore[PN_M_COUNT];
    for (int k = 0; k < PN_M_COUNT; k++)
        ignore[k] = pn_metric_info[k].name;
    struct pn_import_options io = {.sep = o->export_opts.csv_sep, .list_sep = o->list_sep,
                                   .ignore = ignore, .n_ignore = PN_M_COUNT};
    struct pn_diag d;
    pn_diag_init(&d);
    struct pn_import im;
    pn_cli_progress(o, "reading the sheets");
    int st = pn_import_csv((const char *const *)o->paths, o->n_paths, &io, &im, &d);
    if (st == PN_OK)
        st = write_dir(o->output, &im, &d);
    pn_diag_print(&d, stderr);
    if (st == PN_OK && !o->quiet)
        printf("%s: %zu entities, %zu ties, %zu memberships\n", o->output, im.n_entities,
               im.n_ties, im.n_members);
    pn_import_destroy(&im);
    pn_diag_destroy(&d);
    return st;
}
