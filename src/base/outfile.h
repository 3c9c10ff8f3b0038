/*
 * outfile: atomic output files. Write to "<target>.tmp" beside the target,
 * check every write and fclose, then rename() over the target; on any failure
 * the temp file is removed and the target is left as it was.
 * "-" as a target means standard output (no temp file).
 * Leaf room (stdio only). Ownership: a pn_outfile owns its paths and stream.
 */
#ifndef PN_OUTFILE_H
#define PN_OUTFILE_H

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

/* Write a whole string to target atomically. */
enum pn_status pn_outfile_write_all(const char *target, const char *data, size_t len,
                                    struct pn_diag *d);

/* mkdir -p; PN_EIO with a message on failure. */
enum pn_status pn_mkdir_p(const char *dir, struct pn_diag *d);

#endif
