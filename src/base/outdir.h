/*
 * outdir: an output folder written as one unit (issue 13). Files go into a fresh
 * hidden sibling ".NAME.XXXXXX"; commit swaps it in place of NAME (renameat2
 * RENAME_EXCHANGE when NAME exists, so a reader sees the old folder or the new one,
 * never a mix), carrying over entries of the old folder that the new one does not
 * have (files partnet did not write), then removes the old folder. Until commit the
 * previous folder stays as it was and readable. Abort (or exit(), SIGINT, SIGTERM,
 * SIGHUP) removes the temp folder. A kill -9 cannot: open first removes the stale
 * siblings ".NAME.XXXXXX" (exact pattern, folders of this user) that no live process
 * owns. The owner's pid is in ".partnet.pid" inside the temp folder (removed before the
 * swap); stale = that pid is gone (ESRCH), or no pid file and 10 minutes unchanged. Leaf room. Ownership: a pn_outdir owns its paths.
 */
#ifndef PN_OUTDIR_H
#define PN_OUTDIR_H

#include "base/diag.h"

struct pn_outdir {
    char *target; /* the folder as asked for (messages) */
    char *real;   /* the folder swapped: target, or what its symlink points to */
    char *tmp;    /* the temp sibling to write into; NULL once committed */
};

/* mkdir -p the parent, create the temp sibling. PN_EIO with a message on failure. */
enum pn_status pn_outdir_open(struct pn_outdir *od, const char *target, struct pn_diag *d);

/* Swap the temp folder in; PN_EIO with a message (the temp folder removed) on failure. */
enum pn_status pn_outdir_commit(struct pn_outdir *od, struct pn_diag *d);

/* Remove the temp folder and everything in it; safe on a zeroed or committed outdir. */
void pn_outdir_abort(struct pn_outdir *od);

#endif
