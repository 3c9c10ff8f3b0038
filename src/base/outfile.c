/*
 * outfile: atomic output. Every file partnet writes goes through here so that
 * a failure never leaves a partial file nor replaces an earlier good one.
 *
 * The temp file is ".NAME.XXXXXX.tmp" beside the target, created by mkostemps
 * (O_CREAT|O_EXCL, so it never follows a planted link nor clobbers an existing
 * file; O_CLOEXEC). Live temp paths are kept in a small registry so that exit()
 * (ours on out of memory, or a library's) and SIGINT/SIGTERM/SIGHUP remove them.
 */
#define _GNU_SOURCE /* mkostemps, syscall */
#include "base/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include "base/strbuf.h"

static bool is_stdout(const char *path)
{
    return strcmp(path, "-") == 0;
}

/* ---- the registry of live temp paths ------------------------------------ */

/* Fixed buffers: registering a temp path allocates nothing, so an allocation that fails
 * between a temp's creation and its registration cannot leave it behind (the fault
 * loop found a report's temp folder left when the copy of its name could not be made).
 * An empty string is a free slot; a longer path than PATH_MAX cannot have been created. */
#define PN_LIVE_MAX 64
struct live_registry {
    char path[PN_LIVE_MAX][PATH_MAX];
    bool is_dir[PN_LIVE_MAX];
};
static struct live_registry live_static;
/* pn_outfile_share moves it to a page shared with the guard process (base/guard.c), which
 * removes what a child killed outright (SIGKILL, or a crash past our handler) left */
static struct live_registry *reg = &live_static;
static bool hooks_installed;
static const int live_signals[] = {SIGINT, SIGTERM, SIGHUP};
#define N_LIVE_SIGNALS (sizeof live_signals / sizeof live_signals[0])
/* A library that crashes or aborts (igraph 0.10 dereferences a failed allocation in
 * igraph_community_multilevel; GLib aborts when malloc fails) still takes our temps
 * with it: the same handler, never blocked (a fault while blocked kills at once). */
static const int crash_signals[] = {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL};
#define N_CRASH_SIGNALS (sizeof crash_signals / sizeof crash_signals[0])

/* Remove a temp folder's files, then the folder: raw getdents64 and unlinkat, which
 * are async-signal-safe where opendir/readdir (malloc) are not. */
static void remove_temp_dir(const char *dir)
{
    struct ent64 {
        uint64_t ino;
        int64_t off;
        unsigned short reclen;
        unsigned char type;
        char name[];
    };
    static _Alignas(8) char buf[4096];
    for (int pass = 0; pass < 8 && rmdir(dir) != 0 && errno == ENOTEMPTY; pass++) {
        int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
            return;
        long n;
        while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0)
            for (long at = 0; at < n; at += ((struct ent64 *)(void *)(buf + at))->reclen) {
                const char *name = ((struct ent64 *)(void *)(buf + at))->name;
                if (strcmp(name, ".") != 0 && strcmp(name, "..") != 0)
                    unlinkat(fd, name, 0);
            }
        close(fd);
    }
}

/* the files first, then the folders they may be in */
static void live_remove_all(void)
{
    int saved = errno;
    for (size_t i = 0; i < PN_LIVE_MAX; i++)
        if (reg->path[i][0] != '\0' && !reg->is_dir[i])
            unlink(reg->path[i]);
    for (size_t i = 0; i < PN_LIVE_MAX; i++)
        if (reg->path[i][0] != '\0' && reg->is_dir[i])
            remove_temp_dir(reg->path[i]);
    errno = saved;
}

bool pn_outfile_share(void)
{
    void *p = mmap(NULL, sizeof *reg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return false;
    memcpy(p, reg, sizeof *reg);
    reg = p;
    return true;
}

void pn_outfile_remove_live(void)
{
    live_remove_all();
}

/* async-signal-safe: unlink/rmdir, then die of the same signal */
static void on_signal(int sig)
{
    live_remove_all();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void install_hooks(void)
{
    if (hooks_installed)
        return;
    hooks_installed = true;
    atexit(live_remove_all);
    for (size_t i = 0; i < N_LIVE_SIGNALS + N_CRASH_SIGNALS; i++) {
        int sig = i < N_LIVE_SIGNALS ? live_signals[i] : crash_signals[i - N_LIVE_SIGNALS];
        struct sigaction old;
        /* a signal the caller ignores (nohup) stays ignored, and a sanitizer's handler
         * stays in place */
        if (sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_DFL) {
            struct sigaction sa;
            memset(&sa, 0, sizeof sa);
            sa.sa_handler = on_signal;
            sigemptyset(&sa.sa_mask);
            sigaction(sig, &sa, NULL);
        }
    }
}

/* Block the cleanup signals while the registry changes. */
static void live_lock(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < N_LIVE_SIGNALS; i++)
        sigaddset(&set, live_signals[i]);
    sigprocmask(SIG_BLOCK, &set, old);
}

void pn_outfile_track(const char *path, bool is_dir)
{
    sigset_t old;
    install_hooks();
    live_lock(&old);
    size_t len = strlen(path);
    for (size_t i = 0; i < PN_LIVE_MAX && len < PATH_MAX; i++)
        if (reg->path[i][0] == '\0') {
            memcpy(reg->path[i], path, len + 1);
            reg->is_dir[i] = is_dir;
            break;
        }
    sigprocmask(SIG_SETMASK, &old, NULL);
}

void pn_outfile_untrack(const char *path)
{
    sigset_t old;
    live_lock(&old);
    for (size_t i = 0; i < PN_LIVE_MAX; i++)
        if (reg->path[i][0] != '\0' && strcmp(reg->path[i], path) == 0) {
            reg->path[i][0] = '\0';
            break;
        }
    sigprocmask(SIG_SETMASK, &old, NULL);
}

/* ---- messages ------------------------------------------------------------ */

/* While a folder is written in a temp sibling (outdir), messages name the folder
 * asked for, not the temp one. */
static char *alias_from, *alias_to;

void pn_outfile_alias(const char *tmp_dir, const char *target_dir)
{
    free(alias_from);
    free(alias_to);
    alias_from = pn_xstrdup(tmp_dir);
    alias_to = pn_xstrdup(target_dir);
}

static void cannot_write(struct pn_diag *d, const char *path, int err)
{
    size_t n = alias_from ? strlen(alias_from) : 0;
    if (n > 0 && strncmp(path, alias_from, n) == 0 && path[n] == '/')
        pn_diag_error(d, NULL, "cannot write '%s%s': %s", alias_to, path + n, strerror(err));
    else
        pn_diag_error(d, NULL, "cannot write '%s': %s", path, strerror(err));
}

/* ---- temp names ---------------------------------------------------------- */

char *pn_outfile_temp_template(const char *target, const char *suffix)
{
    size_t len = strlen(target);
    while (len > 1 && target[len - 1] == '/')
        len--;
    size_t base = len;
    while (base > 0 && target[base - 1] != '/')
        base--;
    return pn_xasprintf("%.*s.%.*s.XXXXXX%s", (int)base, target, (int)(len - base),
                        target + base, suffix);
}

/* The mode a plain fopen(…, "w") would have given: 0666 less the umask. */
static mode_t file_mode(void)
{
    mode_t mask = umask(0);
    umask(mask);
    return 0666 & ~mask;
}

/* A target that exists and is not a regular file (/dev/null, /dev/stdout, a FIFO) is
 * written in place: renaming a temp file over it would replace the device. */
static enum pn_status open_direct(struct pn_outfile *of, const struct stat *sb,
                                  struct pn_diag *d)
{
    int fd = -1;
    if (S_ISDIR(sb->st_mode))
        errno = EISDIR;
    else
        fd = open(of->target, O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0 || (of->fp = fdopen(fd, "wb")) == NULL) {
        cannot_write(d, of->target, errno);
        if (fd >= 0)
            close(fd);
        free(of->target);
        memset(of, 0, sizeof *of);
        return PN_EIO;
    }
    return PN_OK;
}

enum pn_status pn_outfile_open(struct pn_outfile *of, const char *target, struct pn_diag *d)
{
    memset(of, 0, sizeof *of);
    of->target = pn_xstrdup(target);
    if (is_stdout(target)) {
        of->fp = stdout;
        return PN_OK;
    }
    struct stat sb;
    if (stat(target, &sb) == 0 && !S_ISREG(sb.st_mode))
        return open_direct(of, &sb, d);
    of->tmp_path = pn_outfile_temp_template(target, ".tmp");
    install_hooks();
    sigset_t old;
    live_lock(&old); /* no signal between the file's creation and its registration */
    int fd = mkostemps(of->tmp_path, 4, O_CLOEXEC);
    int err = errno;
    if (fd >= 0)
        pn_outfile_track(of->tmp_path, false);
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (fd >= 0 && (fchmod(fd, file_mode()) != 0 || (of->fp = fdopen(fd, "wb")) == NULL)) {
        err = errno;
        close(fd);
        unlink(of->tmp_path);
        pn_outfile_untrack(of->tmp_path);
        fd = -1;
    }
    if (fd < 0) {
        cannot_write(d, target, err);
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
    if (of->tmp_path != NULL)
        pn_outfile_untrack(of->tmp_path);
    free(of->tmp_path);
    free(of->target);
    memset(of, 0, sizeof *of);
}

/* Flush and close the temp stream: 0, or the errno of the first failure. */
static int close_checked(FILE *fp)
{
    int err = 0;
    if (ferror(fp))
        err = errno ? errno : EIO;
    if (fflush(fp) != 0 && err == 0)
        err = errno ? errno : EIO;
    if (fclose(fp) != 0 && err == 0)
        err = errno ? errno : EIO;
    return err;
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
        int err = close_checked(of->fp);
        of->fp = NULL;
        if (err != 0) {
            cannot_write(d, of->target, err);
            if (of->tmp_path != NULL)
                unlink(of->tmp_path);
            release(of);
            return PN_EIO;
        }
    }
    if (of->tmp_path != NULL && rename(of->tmp_path, of->target) != 0) {
        cannot_write(d, of->target, errno);
        unlink(of->tmp_path);
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
        unlink(of->tmp_path);
    release(of);
}

enum pn_status pn_outfile_write(struct pn_outfile *of, const void *data, size_t len,
                                struct pn_diag *d)
{
    if (len > 0 && fwrite(data, 1, len, of->fp) != len) {
        if (is_stdout(of->target))
            pn_diag_error(d, NULL, "cannot write to standard output: %s",
                          strerror(errno ? errno : EIO));
        else
            cannot_write(d, of->target, errno ? errno : EIO);
        return PN_EIO;
    }
    return PN_OK;
}

enum pn_status pn_outfile_write_all(const char *target, const char *data, size_t len,
                                    struct pn_diag *d)
{
    struct pn_outfile of;
    enum pn_status st = pn_outfile_open(&of, target, d);
    if (st != PN_OK)
        return st;
    if (pn_outfile_write(&of, data, len, d) != PN_OK) {
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
