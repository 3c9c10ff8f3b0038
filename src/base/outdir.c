/*
 * outdir: an output folder as one unit (see outdir.h). Linux: renameat2 with
 * RENAME_EXCHANGE swaps two names atomically (glibc 2.28, Linux 3.15).
 */
#define _GNU_SOURCE /* renameat2, nftw's FTW_ACTIONRETVAL-free use */
#include "base/outdir.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/outfile.h"
#include "base/strbuf.h"

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)ftw;
    return flag == FTW_DP ? rmdir(path) : unlink(path);
}

/* rm -rf, never following a link */
static void remove_tree(const char *dir)
{
    nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void release(struct pn_outdir *od)
{
    pn_outfile_alias(NULL, NULL);
    free(od->target);
    free(od->real);
    free(od->tmp);
    memset(od, 0, sizeof *od);
}

static mode_t dir_mode(void)
{
    mode_t mask = umask(0);
    umask(mask);
    return 0777 & ~mask;
}

static enum pn_status fail(struct pn_outdir *od, struct pn_diag *d, const char *what, int err)
{
    pn_diag_error(d, NULL, "cannot write '%s': %s", od->target, what ? what : strerror(err));
    pn_outdir_abort(od);
    release(od);
    return PN_EIO;
}

/* The parent of path ("." for a bare name); caller frees. */
static char *parent_of(const char *path)
{
    size_t len = strlen(path);
    while (len > 1 && path[len - 1] == '/')
        len--;
    while (len > 0 && path[len - 1] != '/')
        len--;
    while (len > 1 && path[len - 1] == '/')
        len--;
    return len == 0 ? pn_xstrdup(".") : pn_xstrndup(path, len);
}

/* The temp folder's owner: its pid, written first, removed just before the swap. */
#define PID_FILE ".partnet.pid"
/* A temp folder without a pid file is stale once it is this old (seconds). */
#define STALE_AGE (10 * 60)

/* ".NAME." followed by exactly the six characters mkdtemp puts there */
static bool is_temp_name(const char *entry, const char *name)
{
    size_t n = strlen(name);
    if (entry[0] != '.' || strncmp(entry + 1, name, n) != 0 || entry[n + 1] != '.')
        return false;
    const char *x = entry + n + 2;
    for (int i = 0; i < 6; i++)
        if (!isalnum((unsigned char)x[i]))
            return false;
    return x[6] == '\0';
}

/* A temp folder nobody owns: its pid file names a process that is gone, or it has no
 * pid file and has not changed for STALE_AGE. A pid we cannot read or a live process
 * (or one of another user, EPERM) keeps it. */
static bool is_stale(const char *dir, const struct stat *sb)
{
    char *pidf = pn_xasprintf("%s/" PID_FILE, dir);
    int fd = open(pidf, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    free(pidf);
    if (fd < 0)
        return errno == ENOENT && time(NULL) - sb->st_mtime > STALE_AGE;
    char buf[32] = {0};
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    char *end;
    long pid = n > 0 ? strtol(buf, &end, 10) : 0;
    if (pid <= 0 || pid > INT_MAX || (*end != '\n' && *end != '\0'))
        return false;
    return kill((pid_t)pid, 0) == -1 && errno == ESRCH;
}

/* Remove the stale temp siblings ".NAME.XXXXXX" of real that a killed run left (only
 * folders of ours that match exactly; anything else is left alone). */
static void remove_stale(const char *real)
{
    char *parent = parent_of(real);
    size_t len = strlen(real);
    while (len > 1 && real[len - 1] == '/')
        len--;
    size_t base = len;
    while (base > 0 && real[base - 1] != '/')
        base--;
    char *name = pn_xstrndup(real + base, len - base);
    DIR *dp = opendir(parent);
    for (struct dirent *e; dp != NULL && (e = readdir(dp)) != NULL;) {
        if (!is_temp_name(e->d_name, name))
            continue;
        char *path = pn_xasprintf("%s/%s", parent, e->d_name);
        struct stat sb;
        if (lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode) && sb.st_uid == geteuid() &&
            is_stale(path, &sb))
            remove_tree(path);
        free(path);
    }
    if (dp != NULL)
        closedir(dp);
    free(name);
    free(parent);
}

static bool write_pid(const char *tmp)
{
    char *pidf = pn_xasprintf("%s/" PID_FILE, tmp);
    int fd = open(pidf, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    free(pidf);
    if (fd < 0)
        return false;
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%ld\n", (long)getpid());
    bool ok = write(fd, buf, (size_t)n) == n;
    return close(fd) == 0 && ok;
}

static void remove_pid(const char *tmp)
{
    char *pidf = pn_xasprintf("%s/" PID_FILE, tmp);
    unlink(pidf);
    free(pidf);
}

enum pn_status pn_outdir_open(struct pn_outdir *od, const char *target, struct pn_diag *d)
{
    memset(od, 0, sizeof *od);
    od->target = pn_xstrdup(target);
    struct stat sb;
    if (lstat(target, &sb) == 0 && S_ISLNK(sb.st_mode)) {
        /* a link to a folder: swap the folder it names, keep the link */
        char buf[PATH_MAX];
        if (realpath(target, buf) == NULL)
            return fail(od, d, NULL, errno);
        od->real = pn_xstrdup(buf);
    } else {
        od->real = pn_xstrdup(target);
    }
    if (stat(od->real, &sb) == 0 && !S_ISDIR(sb.st_mode))
        return fail(od, d, "it exists and is not a folder", 0);
    char *parent = parent_of(od->real);
    enum pn_status st = pn_mkdir_p(parent, d);
    free(parent);
    if (st != PN_OK) {
        release(od);
        return st;
    }
    remove_stale(od->real);
    od->tmp = pn_outfile_temp_template(od->real, "");
    if (mkdtemp(od->tmp) == NULL) {
        pn_diag_error(d, NULL, "cannot create directory '%s': %s", target, strerror(errno));
        release(od);
        return PN_EIO;
    }
    pn_outfile_track(od->tmp, true);
    pn_outfile_alias(od->tmp, od->target);
    if (chmod(od->tmp, dir_mode()) != 0 || !write_pid(od->tmp))
        return fail(od, d, NULL, errno);
    return PN_OK;
}

struct names {
    char **v;
    size_t n, cap;
};

/* Move the entries of old that the new folder lacks into it (files partnet did not
 * write, kept as they were), noting each in moved. Our own temp files (".*.tmp") are
 * left to go with the old folder. */
static int carry_over(const char *old, const char *new, struct names *moved)
{
    DIR *dp = opendir(old);
    if (dp == NULL)
        return errno;
    int err = 0;
    const char *self = strrchr(new, '/') ? strrchr(new, '/') + 1 : new; /* target "." */
    for (struct dirent *e; err == 0 && (e = readdir(dp)) != NULL;) {
        const char *n = e->d_name;
        size_t len = strlen(n);
        if (strcmp(n, ".") == 0 || strcmp(n, "..") == 0 || strcmp(n, self) == 0 ||
            (n[0] == '.' && len > 4 && strcmp(n + len - 4, ".tmp") == 0))
            continue;
        char *from = pn_xasprintf("%s/%s", old, n);
        char *to = pn_xasprintf("%s/%s", new, n);
        struct stat sb;
        if (lstat(to, &sb) != 0) {
            if (rename(from, to) != 0) {
                err = errno;
            } else {
                pn_xgrow((void **)&moved->v, &moved->cap, moved->n + 1, sizeof *moved->v);
                moved->v[moved->n++] = pn_xstrdup(n);
            }
        }
        free(from);
        free(to);
    }
    closedir(dp);
    return err;
}

/* Put the carried entries back (the swap failed) and forget them. */
static void carry_back(const char *old, const char *new, struct names *moved, bool undo)
{
    for (size_t i = 0; i < moved->n; i++) {
        if (undo) {
            char *from = pn_xasprintf("%s/%s", new, moved->v[i]);
            char *to = pn_xasprintf("%s/%s", old, moved->v[i]);
            rename(from, to);
            free(from);
            free(to);
        }
        free(moved->v[i]);
    }
    free(moved->v);
    memset(moved, 0, sizeof *moved);
}

/* Where the swap cannot be done (the target is a mount point, or the current
 * folder): move the new files in one by one, each atomically. */
static int move_each(const char *tmp, const char *target)
{
    DIR *dp = opendir(tmp);
    if (dp == NULL)
        return errno;
    int err = 0;
    for (struct dirent *e; err == 0 && (e = readdir(dp)) != NULL;) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *from = pn_xasprintf("%s/%s", tmp, e->d_name);
        char *to = pn_xasprintf("%s/%s", target, e->d_name);
        if (rename(from, to) != 0)
            err = errno;
        free(from);
        free(to);
    }
    closedir(dp);
    return err;
}

enum pn_status pn_outdir_commit(struct pn_outdir *od, struct pn_diag *d)
{
    if (od->tmp == NULL)
        return PN_EIO;
    remove_pid(od->tmp); /* a later run sees a fresh folder without one: kept */
    struct stat sb;
    if (stat(od->real, &sb) != 0) {
        /* no earlier folder: the rename is the commit (RENAME_NOREPLACE: no race) */
        if (renameat2(AT_FDCWD, od->tmp, AT_FDCWD, od->real, RENAME_NOREPLACE) != 0)
            return fail(od, d, NULL, errno);
    } else {
        struct names moved = {0};
        int err = carry_over(od->real, od->tmp, &moved);
        if (err == 0 && renameat2(AT_FDCWD, od->tmp, AT_FDCWD, od->real, RENAME_EXCHANGE) == 0) {
            carry_back(od->real, od->tmp, &moved, false);
            remove_tree(od->tmp); /* now the old folder */
        } else if (err == 0 && (errno == EBUSY || errno == EINVAL)) {
            carry_back(od->real, od->tmp, &moved, true);
            if ((err = move_each(od->tmp, od->real)) != 0)
                return fail(od, d, NULL, err);
            rmdir(od->tmp);
        } else {
            err = err ? err : errno;
            carry_back(od->real, od->tmp, &moved, true);
            return fail(od, d, NULL, err);
        }
    }
    pn_outfile_untrack(od->tmp);
    release(od);
    return PN_OK;
}

void pn_outdir_abort(struct pn_outdir *od)
{
    if (od == NULL || od->tmp == NULL)
        return;
    remove_tree(od->tmp);
    pn_outfile_untrack(od->tmp);
    free(od->tmp);
    od->tmp = NULL;
    release(od);
}
