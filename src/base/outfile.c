/*
 * outfile: atomic output. Every file partnet writes goes through here so that
 * a failure never leaves a partial file nor replaces an earlier good one.
 */
#include "base/outfile.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "base/strbuf.h"

static bool is_stdout(const char *path)
{
    return strcmp(path, "-") == 0;
}

enum pn_status pn_outfile_open(struct pn_outfile *of, const char *target, struct pn_diag *d)
{
    memset(of, 0, sizeof *of);
    of->target = pn_xstrdup(target);
    if (is_stdout(target)) {
        of->fp = stdout;
        return PN_OK;
    }
    of->tmp_path = pn_xasprintf("%s.tmp", target);
    of->fp = fopen(of->tmp_path, "wb");
    if (of->fp == NULL) {
        pn_diag_error(d, NULL, "cannot write '%s': %s", target, strerror(errno));
        free(of->tmp_path);
        free(of->target);
        memset(of, 0, sizeof *of);
        return PN_EIO;
    }
    return PN_OK;
}

void pn_outfile_close_stream(struct pn_outfile *of)
{
    if (of->fp != NULL && of->fp != stdout)
        fclose(of->fp);
    if (of->fp != stdout)
        of->fp = NULL;
}

static void release(struct pn_outfile *of)
{
    free(of->tmp_path);
    free(of->target);
    memset(of, 0, sizeof *of);
}

enum pn_status pn_outfile_commit(struct pn_outfile *of, struct pn_diag *d)
{
    enum pn_status st = PN_OK;
    if (of->target == NULL)
        return PN_EIO;
    if (of->fp == stdout) {
        if (fflush(stdout) != 0 || ferror(stdout)) {
            pn_diag_error(d, NULL, "cannot write to standard output: %s", strerror(errno));
            st = PN_EIO;
        }
        release(of);
        return st;
    }
    if (of->fp != NULL) {
        bool bad = ferror(of->fp) != 0;
        int saved = errno;
        if (fclose(of->fp) != 0 || bad) {
            pn_diag_error(d, NULL, "cannot write '%s': %s", of->target,
                          strerror(bad ? (saved ? saved : EIO) : errno));
            of->fp = NULL;
            remove(of->tmp_path);
            release(of);
            return PN_EIO;
        }
        of->fp = NULL;
    }
    if (rename(of->tmp_path, of->target) != 0) {
        pn_diag_error(d, NULL, "cannot write '%s': %s", of->target, strerror(errno));
        remove(of->tmp_path);
        st = PN_EIO;
    }
    release(of);
    return st;
}

void pn_outfile_abort(struct pn_outfile *of)
{
    if (of == NULL || of->target == NULL)
        return;
    if (of->fp != NULL && of->fp != stdout)
        fclose(of->fp);
    if (of->tmp_path != NULL)
        remove(of->tmp_path);
    release(of);
}

enum pn_status pn_outfile_write_all(const char *target, const char *data, size_t len,
                                    struct pn_diag *d)
{
    struct pn_outfile of;
    enum pn_status st = pn_outfile_open(&of, target, d);
    if (st != PN_OK)
        return st;
    if (len > 0 && fwrite(data, 1, len, of.fp) != len) {
        pn_diag_error(d, NULL, "cannot write '%s': %s", target, strerror(errno));
        pn_outfile_abort(&of);
        return PN_EIO;
    }
    return pn_outfile_commit(&of, d);
}

enum pn_status pn_mkdir_p(const char *dir, struct pn_diag *d)
{
    char *p = pn_xstrdup(dir);
    enum pn_status st = PN_OK;
    size_t len = strlen(p);
    for (size_t i = 1; i <= len; i++) {
        if (p[i] != '/' && p[i] != '\0')
            continue;
        char saved = p[i];
        p[i] = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            pn_diag_error(d, NULL, "cannot create directory '%s': %s", p, strerror(errno));
            st = PN_EIO;
            break;
        }
        p[i] = saved;
    }
    struct stat sb;
    if (st == PN_OK && (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))) {
        pn_diag_error(d, NULL, "cannot create directory '%s': not a directory", dir);
        st = PN_EIO;
    }
    free(p);
    return st;
}
