/*
 * match: community numbers matched to a reference partition by maximum member overlap
 * (issue 10), and reference partitions from an analysed view or a metrics CSV.
 * Must not print. Owns scratch arrays only; a pn_partition owns its ids.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "net/match.h"

void pn_partition_free(struct pn_partition *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->ids[i]);
    free(p->ids);
    free(p->comm);
    memset(p, 0, sizeof *p);
}

/* Sort by id (index sort: ids and comm move together). */
static const struct pn_partition *sort_part;
static int cmp_index(const void *pa, const void *pb)
{
    return strcmp(sort_part->ids[*(const size_t *)pa], sort_part->ids[*(const size_t *)pb]);
}

static void partition_sort(struct pn_partition *p)
{
    size_t *idx = pn_xmalloc((p->n ? p->n : 1) * sizeof *idx);
    for (size_t i = 0; i < p->n; i++)
        idx[i] = i;
    sort_part = p;
    qsort(idx, p->n, sizeof *idx, cmp_index);
    sort_part = NULL;
    char **ids = pn_xmalloc((p->n ? p->n : 1) * sizeof *ids);
    long *comm = pn_xmalloc((p->n ? p->n : 1) * sizeof *comm);
    for (size_t i = 0; i < p->n; i++) {
        ids[i] = p->ids[idx[i]];
        comm[i] = p->comm[idx[i]];
    }
    free(p->ids);
    free(p->comm);
    p->ids = ids;
    p->comm = comm;
    free(idx);
}

static void partition_add(struct pn_partition *p, size_t *cap, const char *id, long c)
{
    size_t cap2 = *cap;
    pn_xgrow((void **)&p->ids, cap, p->n + 1, sizeof *p->ids);
    pn_xgrow((void **)&p->comm, &cap2, p->n + 1, sizeof *p->comm);
    p->ids[p->n] = pn_xstrdup(id);
    p->comm[p->n++] = c;
}

void pn_partition_of(const struct pn_model *m, const struct pn_view *v,
                     const struct pn_metrics *mx, struct pn_partition *out)
{
    size_t cap = 0;
    memset(out, 0, sizeof *out);
    if (mx == NULL || mx->v[PN_M_COMMUNITY] == NULL)
        return;
    for (size_t i = 0; i < v->n_nodes; i++) {
        double c = mx->v[PN_M_COMMUNITY][i];
        if (!isnan(c))
            partition_add(out, &cap, m->entities[v->node_entity[i]].id, (long)c);
    }
    partition_sort(out);
}

/* The 0-based index of name among the comma-separated fields of header, or -1. */
static int column_of(const char *header, const char *name)
{
    int k = 0;
    size_t len = strlen(name);
    for (const char *p = header;; k++) {
        const char *q = strchr(p, ',');
        size_t fl = q ? (size_t)(q - p) : strcspn(p, "\r\n");
        if (fl == len && strncmp(p, name, len) == 0)
            return k;
        if (q == NULL)
            return -1;
        p = q + 1;
    }
}

/* Field k of a CSV row (RFC 4180 quotes skipped over): start and length of its text,
 * quotes included; false when the row is shorter. */
static bool field_of(const char *row, int k, const char **s, size_t *len)
{
    const char *p = row;
    for (int i = 0;; i++) {
        const char *q = p;
        if (*q == '"') { /* quoted: up to the closing quote ("" is a quote) */
            for (q++; *q != '\0' && !(*q == '"' && q[1] != '"'); q += *q == '"' ? 2 : 1)
                ;
            if (*q == '"')
                q++;
        }
        q += strcspn(q, ",\r\n");
        if (i == k) {
            *s = p;
            *len = (size_t)(q - p);
            return true;
        }
        if (*q != ',')
            return false;
        p = q + 1;
    }
}

/* Rows of a metrics CSV: ids are never quoted (partnet ids need no quotes); rows whose id
 * is are skipped. Returns false with a located error. */
static bool load_rows(FILE *fp, const char *path, int ci, int cc, struct pn_partition *out,
                      struct pn_diag *d)
{
    char *line = NULL;
    size_t lcap = 0, cap = 0;
    int row = 1;
    bool ok = true;
    while (ok && getline(&line, &lcap, fp) >= 0) {
        row++;
        const char *is, *cs;
        size_t il, cl;
        if (line[0] == '\n' || line[0] == '\0' || !field_of(line, ci, &is, &il) ||
            *is == '"' || !field_of(line, cc, &cs, &cl))
            continue;
        char buf[32], *end;
        if (cl == 0) /* no community (an isolated filter case): not part of the reference */
            continue;
        snprintf(buf, sizeof buf, "%.*s", (int)(cl < 31 ? cl : 31), cs);
        errno = 0;
        long c = strtol(buf, &end, 10);
        if (errno != 0 || *end != '\0' || c < 0 || cl > 30) {
            struct pn_loc loc = {path, row, (int)(cs - line) + 1};
            pn_diag_error(d, &loc, "invalid community '%s'; expected a whole number >= 0", buf);
            ok = false;
            break;
        }
        char *id = pn_xstrndup(is, il);
        partition_add(out, &cap, id, c);
        free(id);
    }
    free(line);
    return ok;
}

enum pn_status pn_partition_load_csv(const char *path, struct pn_partition *out,
                                     struct pn_diag *d)
{
    memset(out, 0, sizeof *out);
    FILE *fp = fopen(path, "r");
    if (fp == NULL) {
        pn_diag_error(d, NULL, "cannot read '%s': %s", path, strerror(errno));
        return PN_EIO;
    }
    char *header = NULL;
    size_t hcap = 0;
    int ci = -1, cc = -1;
    if (getline(&header, &hcap, fp) >= 0) {
        ci = column_of(header, "id");
        cc = column_of(header, "community");
    }
    free(header);
    bool ok = ci >= 0 && cc >= 0;
    if (!ok) {
        struct pn_loc loc = {path, 1, 1};
        pn_diag_error(d, &loc, "expected a header with the columns 'id' and 'community'");
    } else {
        ok = load_rows(fp, path, ci, cc, out, d);
    }
    fclose(fp);
    if (!ok) {
        pn_partition_free(out);
        return PN_EINPUT;
    }
    partition_sort(out);
    return PN_OK;
}

/* ------------------------------------------------------------------ */
/* Matching                                                            */

struct pair {
    size_t cur, ref, overlap;
};

static int cmp_pair(const void *pa, const void *pb)
{
    const struct pair *a = pa, *b = pb;
    if (a->overlap != b->overlap)
        return a->overlap > b->overlap ? -1 : 1;
    if (a->cur != b->cur)
        return a->cur < b->cur ? -1 : 1;
    return a->ref < b->ref ? -1 : a->ref > b->ref;
}

static long ref_of(const struct pn_partition *ref, const char *id)
{
    size_t lo = 0, hi = ref->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(ref->ids[mid], id);
        if (c == 0)
            return ref->comm[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* The overlap pairs (community, reference community, shared members) with a count > 0,
 * sorted largest first; *np of them. */
static struct pair *overlaps(const struct pn_model *m, const struct pn_view *v,
                             const struct pn_metrics *mx, const struct pn_partition *ref,
                             size_t *np)
{
    struct pair *p = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < v->n_nodes; i++) {
        double c = mx->v[PN_M_COMMUNITY][i];
        long rc = isnan(c) ? -1 : ref_of(ref, m->entities[v->node_entity[i]].id);
        if (rc < 0)
            continue;
        size_t k = 0;
        while (k < n && !(p[k].cur == (size_t)c && p[k].ref == (size_t)rc))
            k++;
        if (k == n) {
            pn_xgrow((void **)&p, &cap, n + 1, sizeof *p);
            p[n++] = (struct pair){(size_t)c, (size_t)rc, 0};
        }
        p[k].overlap++;
    }
    if (n > 1)
        qsort(p, n, sizeof *p, cmp_pair);
    *np = n;
    return p;
}

size_t pn_match_communities(const struct pn_model *m, const struct pn_view *v,
                            struct pn_metrics *mx, const struct pn_partition *ref)
{
    size_t k = mx->n_communities, np = 0, kept = 0;
    if (k == 0 || ref == NULL || ref->n == 0 || mx->v[PN_M_COMMUNITY] == NULL)
        return 0;
    struct pair *p = overlaps(m, v, mx, ref, &np);
    long *to = pn_xmalloc(k * sizeof *to);
    bool *taken = pn_xcalloc(k, sizeof *taken);
    for (size_t c = 0; c < k; c++)
        to[c] = -1;
    for (size_t i = 0; i < np; i++) { /* greedy: the largest overlaps first */
        if (p[i].cur >= k || to[p[i].cur] >= 0 || p[i].ref >= k || taken[p[i].ref])
            continue;
        taken[p[i].ref] = true;
        to[p[i].cur] = (long)p[i].ref;
        kept++;
    }
    size_t next = 0;
    for (size_t c = 0; c < k; c++) /* the others: the free numbers, in their order */
        if (to[c] < 0) {
            while (taken[next])
                next++;
            taken[next] = true;
            to[c] = (long)next;
        }
    for (size_t i = 0; i < v->n_nodes; i++) {
        double c = mx->v[PN_M_COMMUNITY][i];
        if (!isnan(c) && c >= 0 && (size_t)c < k)
            mx->v[PN_M_COMMUNITY][i] = (double)to[(size_t)c];
    }
    if (mx->community_stability != NULL) {
        double *cs = pn_xcalloc(k + 1, sizeof *cs);
        for (size_t c = 0; c < k; c++)
            cs[to[c]] = mx->community_stability[c];
        free(mx->community_stability);
        mx->community_stability = cs;
    }
    free(taken);
    free(to);
    free(p);
    return kept;
}
