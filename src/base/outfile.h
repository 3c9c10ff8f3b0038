/*
 * outfile: atomic output files. Write to a fresh temp file ".NAME.XXXXXX.tmp"
 * beside the target (mkostemps: O_EXCL, so a planted link is never followed and
 * an existing file never clobbered), check every write, fflush and fclose, then
 * rename() over the target; on any failure the temp file is removed and the
 * target is left as it was. Live temp files are also removed at exit() and on
 * SIGINT, SIGTERM and SIGHUP.
 * "-" as a target means standard output, and a target that exists and is not a
 * regular file (/dev/null, a FIFO) is written in place: no temp file, no rename.
 * Leaf room (stdio only). Ownership: a pn_outfile owns its paths and stream.
 */
#ifndef PN_OUTFILE_H
#define PN_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>

#include "base/diag.h"

struct pn_outfile {
    char *target;   /* the final path, or "-" */
    char *tmp_path; /* NULL for stdout */
    FILE *fp;       /* open stream (stdout for "-") */
};

/* Open target for writing (through a temp file). On failure adds
 * "partnet: cannot write 'PATH': reason" and returns PN_EIO. */
enum pn_status pn_outfile_open(struct pn_outfile *of, const char *target, struct pn_diag *d);

/* Temp path to hand to a library that writes by file name itself (Graphviz):
 * call pn_outfile_open, pn_outfile_close_stream, write to tmp_path, then commit. */
void pn_outfile_close_stream(struct pn_outfile *of);

/* Flush, fclose, rename into place. Returns PN_EIO (and removes the temp file) on failure. */
enum pn_status pn_outfile_commit(struct pn_outfile *of, struct pn_diag *d);

/* Abandon: close and remove the temp file. Safe on a zeroed or committed outfile. */
void pn_outfile_abort(struct pn_outfile *of);

/* Write len bytes to an open outfile; PN_EIO with "cannot write 'PATH': reason". */
enum pn_status pn_outfile_write(struct pn_outfile *of, const void *data, size_t len,
                                struct pn_diag *d);

/* Write a whole string to target atomically. */
enum pn_status pn_outfile_write_all(const char *target, const char *data, size_t len,
                                    struct pn_diag *d);

/* The mkstemps template for a temp beside target: "DIR/.NAME.XXXXXX" SUFFIX (caller frees). */
char *pn_outfile_temp_template(const char *target, const char *suffix);

/* Register a temp path (a file, or a folder of files) to be removed at
 * exit() and on SIGINT/SIGTERM/SIGHUP; untrack it once it is committed or removed. */
void pn_outfile_track(const char *path, bool is_dir);
void pn_outfile_untrack(const char *path);
/* Put the registry of live temp paths in memory shared with processes forked after this
 * call (base/guard.c: the guard removes what its child left); false if it cannot. */
bool pn_outfile_share(void);
/* Remove every live temp path (async-signal-safe); the guard's clean-up after its child. */
void pn_outfile_remove_live(void);

/* From now on, messages about paths under tmp_dir name them under target_dir
 * (outdir: the folder asked for, not its temp sibling); NULLs end it. */
void pn_outfile_alias(const char *tmp_dir, const char *target_dir);

/* mkdir -p; PN_EIO with a message on failure. */
enum pn_status pn_mkdir_p(const char *dir, struct pn_diag *d);

#endif
