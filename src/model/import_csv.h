/*
 * import_csv: spreadsheet sheets (CSV) -> a network in the YAML format, for `partnet
 * import`. The only room that includes <csv.h> (Debian's libcsv). Each sheet's role comes
 * from its file name (institutions, groups, memberships, ties, sources, themes, network;
 * nodes/edges as `export --to csv` writes them; Kumu's elements/connections), its columns
 * from documented names and aliases (docs/exchange.md). The YAML is then checked by the
 * loader itself (pn_loader_load_string, pn_model_resolve): every message is moved back to
 * the sheet's file:row:column. Writes no file and must not print.
 * Ownership: a pn_import owns its documents.
 */
#ifndef PN_IMPORT_CSV_H
#define PN_IMPORT_CSV_H

#include <stddef.h>

#include "base/diag.h"

struct pn_import_options {
    char sep;                  /* field separator; 0: sniffed from each sheet's header line */
    char list_sep;             /* separator in multi-valued cells (themes); 0: '|' */
    const char *const *ignore; /* column names read and ignored (metrics of an export) */
    size_t n_ignore;
};

/* One YAML file of the network: name ("30-institutions.yaml") and text. */
struct pn_import_doc {
    char *name;
    char *text;
    size_t len;
};

struct pn_import {
    struct pn_import_doc *docs; /* in the order they are to be read */
    size_t n_docs;
    size_t n_entities, n_ties, n_members; /* rows imported */
};

void pn_import_destroy(struct pn_import *im); /* accepts a zeroed import */

/* Read every sheet of paths (CSV files, or directories: their *.csv files in name order)
 * into out: the network's YAML documents, valid for the loader. Errors (PN_EINPUT) are
 * located file:row:column (row 1 is the header; column 1 is the first field): unknown
 * sheet, column or id (with "did you mean"), malformed CSV, invalid UTF-8, and everything
 * the loader refuses in the generated YAML. A path that cannot be read: PN_EIO.
 * On failure out is left empty. */
enum pn_status pn_import_csv(const char *const *paths, size_t n_paths,
                             const struct pn_import_options *o, struct pn_import *out,
                             struct pn_diag *d);

#endif
