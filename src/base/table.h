/*
 * table: one writer for table, CSV and JSON output (text for people, CSV and JSON for
 * machines), and the vocabulary of those formats. A leaf room: strbuf only.
 * Ownership: a pn_table owns copies of its title, column names and text cells.
 */
#ifndef PN_TABLE_H
#define PN_TABLE_H

#include <stddef.h>

#include "base/strbuf.h"
#include "base/vocab.h"

/* The output formats of --format for tables: enum constant, name. */
#define PN_FORMATS(X) X(TABLE, "table") X(CSV, "csv") X(JSON, "json")

#define PN_FORMAT_ENUM(id, ...) PN_FMT_##id,
enum pn_format { PN_FORMATS(PN_FORMAT_ENUM) };
#undef PN_FORMAT_ENUM
enum { PN_FMT_N = 0 PN_FORMATS(PN_VOCAB_COUNT) };

/* The names, indexed by enum pn_format, NULL-terminated (for parsers and help text). */
extern const char *const pn_format_names[PN_FMT_N + 1];

enum pn_cell_type { PN_CELL_NONE = 0, PN_CELL_TEXT, PN_CELL_INT, PN_CELL_REAL };

struct pn_cell {
    enum pn_cell_type type;
    char *text; /* owned, PN_CELL_TEXT only */
    double x;   /* PN_CELL_INT and PN_CELL_REAL */
};

struct pn_table {
    char *title; /* heading in table format */
    char **cols; /* column names (CSV header, JSON keys) */
    size_t n_cols;
    struct pn_cell *cells; /* n_rows * n_cols, row-major */
    size_t n_rows, cap_rows;
};

/* cols: NULL-terminated column names (copied). title may be NULL. */
void pn_table_init(struct pn_table *t, const char *title, const char *const *cols);
void pn_table_destroy(struct pn_table *t); /* accepts a zeroed table */
/* Appends an empty row (every cell PN_CELL_NONE) and returns its index. */
size_t pn_table_row(struct pn_table *t);
/* Set a cell of row r, column c (s NULL -> empty cell; s is copied). */
void pn_table_text(struct pn_table *t, size_t r, size_t c, const char *s);
void pn_table_int(struct pn_table *t, size_t r, size_t c, long long v);
void pn_table_real(struct pn_table *t, size_t r, size_t c, double x);
/* Table: title line, aligned columns (numbers right-aligned, reals "%.4f",
 * empty cells "-"). CSV: header + rows, reals in the fixed "%.10g" format.
 * JSON: an array of objects (empty cells and non-finite reals are null). */
void pn_table_write(struct pn_strbuf *sb, const struct pn_table *t, enum pn_format f);

/* The rows as a JSON array of objects, rows indented by indent + 2 spaces,
 * the closing bracket by indent; no final newline (for embedding). */
void pn_table_json(struct pn_strbuf *sb, const struct pn_table *t, int indent);

#endif
