/*
 * diag: located diagnostics. Stores up to PN_DIAG_MAX_ERRORS errors (warnings
 * always), counts the rest, prints them in the one format of the project.
 */
#include "base/diag.h"

#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"

void pn_diag_init(struct pn_diag *d)
{
    memset(d, 0, sizeof *d);
}

void pn_diag_clear(struct pn_diag *d)
{
    for (size_t i = 0; i < d->n_msgs; i++) {
        free(d->msgs[i].file);
        free(d->msgs[i].text);
    }
    d->n_msgs = 0;
    d->n_errors = 0;
    d->n_dropped = 0;
}

void pn_diag_destroy(struct pn_diag *d)
{
    if (d == NULL)
        return;
    pn_diag_clear(d);
    free(d->msgs);
    memset(d, 0, sizeof *d);
}

void pn_diag_add(struct pn_diag *d, enum pn_severity sev, const struct pn_loc *loc,
                 const char *fmt, va_list ap)
{
    if (sev == PN_SEV_ERROR) {
        d->n_errors++;
        if (d->n_errors > PN_DIAG_MAX_ERRORS) {
            d->n_dropped++;
            return;
        }
    }
    pn_xgrow((void **)&d->msgs, &d->cap, d->n_msgs + 1, sizeof *d->msgs);
    struct pn_diag_msg *msg = &d->msgs[d->n_msgs++];
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    pn_strbuf_vappendf(&sb, fmt, ap);
    msg->sev = sev;
    msg->text = pn_strbuf_detach(&sb);
    if (loc != NULL && loc->line > 0 && loc->file != NULL) {
        msg->file = pn_xstrdup(loc->file);
        msg->line = loc->line;
        msg->col = loc->col;
    } else {
        msg->file = NULL;
        msg->line = 0;
        msg->col = 0;
    }
}

void pn_diag_error(struct pn_diag *d, const struct pn_loc *loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pn_diag_add(d, PN_SEV_ERROR, loc, fmt, ap);
    va_end(ap);
}

void pn_diag_warning(struct pn_diag *d, const struct pn_loc *loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pn_diag_add(d, PN_SEV_WARNING, loc, fmt, ap);
    va_end(ap);
}

bool pn_diag_has_errors(const struct pn_diag *d)
{
    return d->n_errors > 0;
}

static const char *sev_name(enum pn_severity s)
{
    switch (s) {
    case PN_SEV_ERROR:
        return "error";
    case PN_SEV_WARNING:
        return "warning";
    case PN_SEV_NOTE:
        return "note";
    }
    return "error";
}

/* Rank of a message for printing: located messages by file (in order of first
 * appearance), line and column, so that errors found by later passes (id
 * resolution) still read top to bottom; unlocated ones keep their place at the end. */
static bool msg_before(const struct pn_diag *d, const struct pn_diag_msg *a,
                       const struct pn_diag_msg *b)
{
    if (a->file == NULL || b->file == NULL)
        return a->file != NULL && b->file == NULL;
    if (strcmp(a->file, b->file) != 0) {
        for (size_t i = 0; i < d->n_msgs; i++) {
            const char *f = d->msgs[i].file;
            if (f != NULL && strcmp(f, a->file) == 0)
                return true;
            if (f != NULL && strcmp(f, b->file) == 0)
                return false;
        }
    }
    if (a->line != b->line)
        return a->line < b->line;
    return a->col < b->col;
}

void pn_diag_print(const struct pn_diag *d, FILE *out)
{
    /* stable insertion sort of indices; diagnostics are few (errors are capped) */
    size_t *order = pn_xmalloc((d->n_msgs ? d->n_msgs : 1) * sizeof *order);
    for (size_t i = 0; i < d->n_msgs; i++) {
        size_t j = i;
        while (j > 0 && msg_before(d, &d->msgs[i], &d->msgs[order[j - 1]])) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = i;
    }
    for (size_t k = 0; k < d->n_msgs; k++) {
        const struct pn_diag_msg *msg = &d->msgs[order[k]];
        if (msg->file != NULL)
            fprintf(out, "%s:%d:%d: %s: %s\n", msg->file, msg->line, msg->col,
                    sev_name(msg->sev), msg->text);
        else
            fprintf(out, "partnet: %s: %s\n", sev_name(msg->sev), msg->text);
    }
    free(order);
    if (d->n_dropped > 0)
        fprintf(out, "partnet: %zu more error%s not shown\n", d->n_dropped,
                d->n_dropped == 1 ? "" : "s");
}
