/*
 * loader: YAML files -> model. The only room that includes <yaml.h>.
 * Streams libyaml events (no document tree), keeps each scalar's mark for
 * located errors, enforces the schema of docs/format.md and the limits below,
 * follows `include:` and merges directories of *.yaml / *.yml in name order.
 * Ownership: everything loaded is copied into the model passed in.
 */
#ifndef PN_LOADER_H
#define PN_LOADER_H

#include <stddef.h>

#include "base/diag.h"
#include "model/model.h"

/* Documented limits (docs/format.md). */
#define PN_MAX_FILE_SIZE (64u * 1024u * 1024u)   /* bytes per file */
#define PN_MAX_DEPTH 64                          /* nesting of collections */
#define PN_MAX_SCALAR (64u * 1024u)              /* bytes per scalar */
#define PN_MAX_ALIAS_EXPANSION 10000             /* events replayed through aliases, per file */
#define PN_MAX_ALIAS_BYTES (16u * 1024u * 1024u) /* scalar bytes replayed through aliases */
#define PN_MAX_FILES 1000                        /* files per network (includes, directories) */
#define PN_MAX_MEMBERS 10000                     /* members per group, checked while reading */

/* Load every path (a file, a directory of *.yaml / *.yml files merged in name
 * order, or "-" for standard input) into m, then run pn_model_resolve. All
 * errors of every file go to d (up to the cap), in reading order. When a file
 * cannot be parsed to its end (YAML syntax, invalid UTF-8, a limit), the
 * cross-reference checks are skipped (ids after the error are unknown) and
 * only the index is rebuilt. Each file is read once, however often included.
 * The records read are pooled (model.h) and the model is compacted
 * (pn_model_compact) before the checks.
 * Returns PN_OK, PN_EINPUT (invalid input) or PN_EIO (a path given here
 * cannot be read). */
enum pn_status pn_loader_load(struct pn_model *m, const char *const *paths, size_t n_paths,
                              struct pn_diag *d);

/* Threads that read and parse a directory's files ahead of the loader (yaml_ahead.h),
 * for every load after the call: <= 0 (the default) the cores available, at most 8, when
 * the files take 1 MiB or more; 1 none, each file parsed in line; N >= 2, N threads
 * whatever the size. The model and the messages are the same either way. */
void pn_loader_set_threads(int threads);

/* Load one in-memory document named `name` (used in messages) without resolving;
 * includes are resolved relative to base_dir (NULL: includes are an error).
 * For tests and stdin. */
enum pn_status pn_loader_load_string(struct pn_model *m, const char *name, const char *base_dir,
                                     const char *text, size_t len, struct pn_diag *d);

#endif
