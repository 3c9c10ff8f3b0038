/*
 * diag: status codes and located diagnostics (errors and warnings).
 * Leaf room: includes nothing of partnet. Only cli prints a pn_diag;
 * every other room adds messages to one passed in.
 * Ownership: a pn_diag owns copies of every string added to it.
 */
#ifndef PN_DIAG_H
#define PN_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Exit statuses of the program; also the return type of fallible functions. */
enum pn_status {
    PN_OK = 0,     /* success */
    PN_EINPUT = 1, /* invalid input (YAML, ids, values) */
    PN_EUSAGE = 2, /* bad command line */
    PN_EIO = 3     /* I/O or library failure (unwritable output, igraph/graphviz error) */
};

/* A place in an input file: 1-based line and column (column in characters).
 * file is borrowed (owned by the model's file list); line 0 means "no location". */
struct pn_loc {
    const char *file;
    int line;
    int col;
};

enum pn_severity { PN_SEV_ERROR, PN_SEV_WARNING, PN_SEV_NOTE };

struct pn_diag_msg {
    enum pn_severity sev;
    char *file; /* NULL when the message has no location */
    int line;
    int col;
    char *text;
};

/* After PN_DIAG_MAX_ERRORS errors, further errors are counted but not stored. */
#define PN_DIAG_MAX_ERRORS 20

struct pn_diag {
    struct pn_diag_msg *msgs;
    size_t n_msgs;
    size_t cap;
    size_t n_errors;  /* all errors added, stored or not */
    size_t n_dropped; /* errors past the cap */
};

void pn_diag_init(struct pn_diag *d);
void pn_diag_destroy(struct pn_diag *d); /* accepts a zeroed diag */

/* Add an error at loc (NULL or loc->line == 0: no location). printf-style. */
void pn_diag_error(struct pn_diag *d, const struct pn_loc *loc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
void pn_diag_warning(struct pn_diag *d, const struct pn_loc *loc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
void pn_diag_add(struct pn_diag *d, enum pn_severity sev, const struct pn_loc *loc,
                 const char *fmt, va_list ap);

bool pn_diag_has_errors(const struct pn_diag *d);

/* Print every message, one per line:
 *   file:line:col: error: text        (located)
 *   partnet: error: text              (no location)
 * then "partnet: N more errors not shown" if any were dropped. */
void pn_diag_print(const struct pn_diag *d, FILE *out);

/* Drop all messages (keeps the allocation). */
void pn_diag_clear(struct pn_diag *d);

#endif
