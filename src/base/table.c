/*
 * table: one writer for the tables every command prints: aligned text for people, CSV and
 * JSON for machines. Knows nothing of networks; diff, scenario and report fill tables.
 * Owns the cells it is given (copied); writes only to the caller's pn_strbuf.
 */
#include "base/table.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const pn_format_names[PN_FMT_N + 1] = {PN_FORMATS(PN_VOCAB_NAME) NULL};

void pn_table_init(struct pn_table *t, const char *title, const char *const *cols)
{
    memset(t, 0, sizeof *t);
    t->title = pn_xstrdup(title);
    while (cols[t->n_cols] != NULL)
        t->n_cols++;
    t->cols = pn_xcalloc(t->n_cols + 1, sizeof *t->cols);
    for (size_t i = 0; i < t->n_cols; i++)
        t->cols[i] = pn_xstrdup(cols[i]);
}

void pn_table_destroy(struct pn_table *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; i < t->n_rows * t->n_cols; i++)
        free(t->cells[i].text);
    free(t->cells);
    for (size_t i = 0; i < t->n_cols; i++)
        free(t->cols[i]);
    free(t->cols);
    free(t->title);
    memset(t, 0, sizeof *t);
}

size_t pn_table_row(struct pn_table *t)
{
    size_t need = (t->n_rows + 1) * t->n_cols + 1;
    size_t cap = t->cap_rows * t->n_cols + 1;
    if (need > cap || t->cells == NULL) {
        size_t rows = t->cap_rows ? 2 * t->cap_rows : 16;
        while ((rows * t->n_cols + 1) < need)
            rows *= 2;
        t->cells = pn_xrealloc(t->cells, (rows * t->n_cols + 1) * sizeof *t->cells);
        t->cap_rows = rows;
    }
    memset(&t->cells[t->n_rows * t->n_cols], 0, t->n_cols * sizeof *t->cells);
    return t->n_rows++;
}

static struct pn_cell *cell(struct pn_table *t, size_t r, size_t c)
{
    struct pn_cell *x = &t->cells[r * t->n_cols + c];
    free(x->text);
    memset(x, 0, sizeof *x);
    return x;
}

void pn_table_text(struct pn_table *t, size_t r, size_t c, const char *s)
{
    struct pn_cell *x = cell(t, r, c);
    if (s != NULL) {
        x->type = PN_CELL_TEXT;
        x->text = pn_xstrdup(s);
    }
}

void pn_table_int(struct pn_table *t, size_t r, size_t c, long long v)
{
    struct pn_cell *x = cell(t, r, c);
    x->type = PN_CELL_INT;
    x->x = (double)v;
}

void pn_table_real(struct pn_table *t, size_t r, size_t c, double v)
{
    struct pn_cell *x = cell(t, r, c);
    x->type = PN_CELL_REAL;
    x->x = v;
}

#define MAX_TEXT_WIDTH 40

/* Cell text for people: control characters become spaces (names may hold
 * newlines from block scalars), reals "%.4f". */
static char *human_cell(const struct pn_cell *x)
{
    switch (x->type) {
    case PN_CELL_TEXT: {
        char *s = pn_xstrdup(x->text);
        for (char *p = s; *p; p++)
            if ((unsigned char)*p < 0x20)
                *p = ' ';
        return s;
    }
    case PN_CELL_INT:
        return pn_xasprintf("%lld", (long long)x->x);
    case PN_CELL_REAL:
        if (isnan(x->x))
            return pn_xstrdup("nan");
        if (isinf(x->x))
            return pn_xstrdup(x->x > 0 ? "inf" : "-inf");
        if (x->x == 0)
            return pn_xstrdup("0.0000"); /* never "-0.0000" */
        return pn_xasprintf("%.4f", x->x);
    default:
        return pn_xstrdup("-");
    }
}


static void write_text_table(struct pn_strbuf *sb, const struct pn_table *t)
{
    size_t nc = t->n_cols;
    size_t *w = pn_xcalloc(nc + 1, sizeof *w);
    bool *num = pn_xcalloc(nc + 1, sizeof *num);
    char **s = pn_xcalloc(t->n_rows * nc + 1, sizeof *s);
    for (size_t c = 0; c < nc; c++) {
        w[c] = pn_utf8_length(t->cols[c]);
        bool any_text = false, any_num = false;
        for (size_t r = 0; r < t->n_rows; r++) {
            const struct pn_cell *x = &t->cells[r * nc + c];
            any_text |= x->type == PN_CELL_TEXT;
            any_num |= x->type == PN_CELL_INT || x->type == PN_CELL_REAL;
            s[r * nc + c] = human_cell(x);
            size_t len = pn_utf8_length(s[r * nc + c]);
            if (x->type == PN_CELL_TEXT && len > MAX_TEXT_WIDTH)
                len = MAX_TEXT_WIDTH;
            if (len > w[c])
                w[c] = len;
        }
        num[c] = any_num && !any_text;
    }
    if (t->title != NULL)
        pn_strbuf_appendf(sb, "%s\n", t->title);
    for (size_t c = 0; c < nc; c++) {
        if (c)
            pn_strbuf_append(sb, "  ");
        if (c + 1 == nc && !num[c]) /* no trailing blanks */
            pn_strbuf_append(sb, t->cols[c]);
        else
            pn_strbuf_append_cell(sb, t->cols[c], w[c], num[c]);
    }
    pn_strbuf_appendc(sb, '\n');
    for (size_t r = 0; r < t->n_rows; r++) {
        for (size_t c = 0; c < nc; c++) {
            if (c)
                pn_strbuf_append(sb, "  ");
            const char *v = s[r * nc + c];
            size_t width = w[c];
            if (c + 1 == nc && !num[c]) /* no trailing blanks */
                width = pn_utf8_length(v) > MAX_TEXT_WIDTH ? MAX_TEXT_WIDTH : pn_utf8_length(v);
            if (width > 0)
                pn_strbuf_append_cell(sb, v, width, num[c]);
        }
        pn_strbuf_appendc(sb, '\n');
    }
    for (size_t i = 0; i < t->n_rows * nc; i++)
        free(s[i]);
    free(s);
    free(num);
    free(w);
}

static void csv_cell(struct pn_strbuf *sb, const struct pn_cell *x)
{
    switch (x->type) {
    case PN_CELL_TEXT:
        pn_strbuf_append_csv(sb, x->text);
        break;
    case PN_CELL_INT:
        pn_strbuf_appendf(sb, "%lld", (long long)x->x);
        break;
    case PN_CELL_REAL:
        pn_strbuf_append_real(sb, x->x);
        break;
    default:
        break;
    }
}

static void json_cell(struct pn_strbuf *sb, const struct pn_cell *x)
{
    switch (x->type) {
    case PN_CELL_TEXT:
        pn_strbuf_append_json(sb, x->text);
        break;
    case PN_CELL_INT:
        pn_strbuf_appendf(sb, "%lld", (long long)x->x);
        break;
    case PN_CELL_REAL:
        if (isfinite(x->x))
            pn_strbuf_append_real(sb, x->x);
        else
            pn_strbuf_append(sb, "null");
        break;
    default:
        pn_strbuf_append(sb, "null");
        break;
    }
}

void pn_table_json(struct pn_strbuf *sb, const struct pn_table *t, int indent)
{
    if (t->n_rows == 0) {
        pn_strbuf_append(sb, "[]");
        return;
    }
    pn_strbuf_append(sb, "[\n");
    for (size_t r = 0; r < t->n_rows; r++) {
        pn_strbuf_appendf(sb, "%*s{", indent + 2, "");
        for (size_t c = 0; c < t->n_cols; c++) {
            if (c)
                pn_strbuf_append(sb, ", ");
            pn_strbuf_append_json(sb, t->cols[c]);
            pn_strbuf_append(sb, ": ");
            json_cell(sb, &t->cells[r * t->n_cols + c]);
        }
        pn_strbuf_appendf(sb, "}%s\n", r + 1 < t->n_rows ? "," : "");
    }
    pn_strbuf_appendf(sb, "%*s]", indent, "");
}

void pn_table_write(struct pn_strbuf *sb, const struct pn_table *t, enum pn_format f)
{
    if (f == PN_FMT_TABLE) {
        write_text_table(sb, t);
    } else if (f == PN_FMT_CSV) {
        for (size_t c = 0; c < t->n_cols; c++) {
            if (c)
                pn_strbuf_appendc(sb, ',');
            pn_strbuf_append_csv(sb, t->cols[c]);
        }
        pn_strbuf_appendc(sb, '\n');
        for (size_t r = 0; r < t->n_rows; r++) {
            for (size_t c = 0; c < t->n_cols; c++) {
                if (c)
                    pn_strbuf_appendc(sb, ',');
                csv_cell(sb, &t->cells[r * t->n_cols + c]);
            }
            pn_strbuf_appendc(sb, '\n');
        }
    } else {
        pn_table_json(sb, t, 0);
        pn_strbuf_appendc(sb, '\n');
    }
}

