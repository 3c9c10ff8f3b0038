/*
 * positions: the positions file (read, write) and maps placed from it (issue 10).
 * Known nodes keep their place; new ones go near their placed partners (their mean plus
 * a small seeded offset) and a short local refinement moves only them (and rows marked
 * pinned 0), holding the others; nodes of the file that the map lacks are ignored.
 * Must not include Graphviz headers. Owns the ids of a pn_positions.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/outfile.h"
#include "base/strbuf.h"
#include "map/map_int.h"
#include "map/positions.h"

#define POS_HEADER "id,x,y,pinned"

void pn_positions_init(struct pn_positions *ps)
{
    memset(ps, 0, sizeof *ps);
}

void pn_positions_free(struct pn_positions *ps)
{
    for (size_t i = 0; i < ps->n; i++)
        free(ps->p[i].id);
    free(ps->p);
    memset(ps, 0, sizeof *ps);
}

static int cmp_pos(const void *pa, const void *pb)
{
    return strcmp(((const struct pn_position *)pa)->id, ((const struct pn_position *)pb)->id);
}

void pn_positions_sort(struct pn_positions *ps)
{
    if (ps->n > 1)
        qsort(ps->p, ps->n, sizeof *ps->p, cmp_pos);
}

const struct pn_position *pn_positions_find(const struct pn_positions *ps, const char *id)
{
    if (ps == NULL || ps->n == 0)
        return NULL;
    struct pn_position key = {(char *)id, 0, 0, false};
    return bsearch(&key, ps->p, ps->n, sizeof *ps->p, cmp_pos);
}

void pn_positions_put(struct pn_positions *ps, const char *id, double x, double y, bool pinned)
{
    pn_xgrow((void **)&ps->p, &ps->cap, ps->n + 1, sizeof *ps->p);
    ps->p[ps->n++] = (struct pn_position){pn_xstrdup(id), x, y, pinned};
}

/* ------------------------------------------------------------------ */
/* The file                                                            */

/* One field of a row: [start, end) and its 1-based column. */
struct field {
    const char *s;
    size_t len;
    int col;
};

/* Split line at commas into at most 5 fields; returns how many. */
static size_t split(const char *line, struct field *f)
{
    size_t k = 0;
    const char *p = line;
    for (;;) {
        const char *q = strchr(p, ',');
        size_t len = q ? (size_t)(q - p) : strlen(p);
        if (k < 5)
            f[k] = (struct field){p, len, (int)(p - line) + 1};
        k++;
        if (q == NULL)
            break;
        p = q + 1;
    }
    return k;
}

static bool coord_of(const struct field *f, double *out)
{
    char buf[64], *end;
    if (f->len == 0 || f->len >= sizeof buf)
        return false;
    memcpy(buf, f->s, f->len);
    buf[f->len] = '\0';
    errno = 0;
    double v = strtod(buf, &end);
    if (errno != 0 || *end != '\0' || !isfinite(v) || v < -1 || v > 2)
        return false;
    *out = v;
    return true;
}

static bool id_ok(const struct field *f)
{
    if (f->len == 0)
        return false;
    for (size_t i = 0; i < f->len; i++)
        if ((unsigned char)f->s[i] <= ' ' || f->s[i] == '"')
            return false;
    return true;
}

/* One data row into ps; false with a located error. */
static bool parse_row(struct pn_positions *ps, const char *path, int row, const char *line,
                      struct pn_diag *d)
{
    struct field f[5];
    size_t k = split(line, f);
    struct pn_loc loc = {path, row, 1};
    if (k != 4) {
        loc.col = k > 4 ? f[4].col - 1 : (int)strlen(line) + 1;
        pn_diag_error(d, &loc, "expected 4 fields '" POS_HEADER "', found %zu", k);
        return false;
    }
    double x, y;
    const char *what = NULL;
    size_t bad = 0;
    if (!id_ok(&f[0]))
        what = "an entity id", bad = 0;
    else if (!coord_of(&f[1], &x))
        what = "x, a number from -1 to 2 (0 to 1 across the map)", bad = 1;
    else if (!coord_of(&f[2], &y))
        what = "y, a number from -1 to 2 (0 to 1 across the map)", bad = 2;
    else if (!(f[3].len == 1 && (f[3].s[0] == '0' || f[3].s[0] == '1')))
        what = "pinned, 0 or 1", bad = 3;
    if (what != NULL) {
        loc.col = f[bad].col;
        pn_diag_error(d, &loc, "invalid value '%.*s'; expected %s", (int)f[bad].len, f[bad].s,
                      what);
        return false;
    }
    char *id = pn_xstrndup(f[0].s, f[0].len);
    pn_positions_put(ps, id, x, y, f[3].s[0] == '1');
    free(id);
    return true;
}

/* Rows sorted; a duplicate id is an error at its second row (rows are not kept, so
 * the message names the id). */
static bool check_unique(struct pn_positions *ps, const char *path, struct pn_diag *d)
{
    pn_positions_sort(ps);
    for (size_t i = 1; i < ps->n; i++)
        if (strcmp(ps->p[i - 1].id, ps->p[i].id) == 0) {
            struct pn_loc loc = {path, 0, 0};
            pn_diag_error(d, &loc, "%s: id '%s' has two rows; expected one row per node",
                          path, ps->p[i].id);
            return false;
        }
    return true;
}

/* Strip the line end (LF, CRLF). */
static void chomp(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
}

static bool parse_stream(struct pn_positions *ps, FILE *fp, const char *path,
                         struct pn_diag *d)
{
    char *line = NULL;
    size_t cap = 0;
    int row = 0;
    bool ok = true, header = false;
    while (ok && getline(&line, &cap, fp) >= 0) {
        row++;
        chomp(line);
        if (line[0] == '\0' || line[0] == '#')
            continue; /* blank lines and comments */
        if (!header) {
            header = true;
            if (strcmp(line, POS_HEADER) != 0) {
                struct pn_loc loc = {path, row, 1};
                pn_diag_error(d, &loc, "expected the header '" POS_HEADER "', found '%.40s'",
                              line);
                ok = false;
            }
            continue;
        }
        ok = parse_row(ps, path, row, line, d);
    }
    free(line);
    if (ok && !header) {
        struct pn_loc loc = {path, row > 0 ? row : 1, 1};
        pn_diag_error(d, &loc, "expected the header '" POS_HEADER "', found an empty file");
        ok = false;
    }
    return ok && check_unique(ps, path, d);
}

enum pn_status pn_positions_load(struct pn_positions *ps, const char *path, struct pn_diag *d)
{
    pn_positions_free(ps);
    bool in = strcmp(path, "-") == 0;
    FILE *fp = in ? stdin : fopen(path, "r");
    if (fp == NULL) {
        pn_diag_error(d, NULL, "cannot read positions '%s': %s", path, strerror(errno));
        return PN_EIO;
    }
    bool ok = parse_stream(ps, fp, path, d);
    if (!in)
        fclose(fp);
    if (!ok) {
        pn_positions_free(ps);
        return PN_EINPUT;
    }
    return PN_OK;
}

enum pn_status pn_positions_save(struct pn_positions *ps, const char *path, struct pn_diag *d)
{
    pn_positions_sort(ps);
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    pn_strbuf_append(&sb, POS_HEADER "\n");
    for (size_t i = 0; i < ps->n; i++)
        pn_strbuf_appendf(&sb, "%s,%.6f,%.6f,%d\n", ps->p[i].id, ps->p[i].x, ps->p[i].y,
                          ps->p[i].pinned ? 1 : 0);
    enum pn_status st = pn_outfile_write_all(path, pn_strbuf_str(&sb), sb.len, d);
    pn_strbuf_destroy(&sb);
    return st;
}

/* ------------------------------------------------------------------ */
/* Maps placed from positions                                          */

/* A reproducible number in [0, 1) from a node name and the seed (splitmix64). */
static double seeded(const char *name, unsigned long seed, unsigned salt)
{
    uint64_t h = 1469598103934665603ULL ^ ((uint64_t)seed * 0x9E3779B97F4A7C15ULL) ^ salt;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    h += 0x9E3779B97F4A7C15ULL;
    h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9ULL;
    h = (h ^ (h >> 27)) * 0x94D049BB133111EBULL;
    h ^= h >> 31;
    return (double)(h >> 11) / 9007199254740992.0;
}

/* The name a node goes by in the file: its entity id (community nodes: their name). */
static const char *pos_id(const struct ctx *c, const struct rnode *rn)
{
    return rn->entity != PN_NONE && rn->entity < c->m->n_entities ? c->m->entities[rn->entity].id
                                                                  : rn->name;
}

/* Place every unplaced node that has placed neighbours at their mean plus a small
 * seeded offset, pass after pass; those never reached go to a seeded spot. */
static void place_new(const struct ctx *c, struct rmap *r, const struct frame *f, bool *placed)
{
    size_t n = r->n_nodes;
    double aw = f->ax1 - f->ax0, ah = f->ay1 - f->ay0, off = 0.025 * fmin(aw, ah);
    double *sx = pn_xcalloc(n, sizeof *sx), *sy = pn_xcalloc(n, sizeof *sy);
    size_t *cnt = pn_xcalloc(n, sizeof *cnt);
    for (bool progress = true; progress;) {
        progress = false;
        memset(cnt, 0, n * sizeof *cnt);
        memset(sx, 0, n * sizeof *sx);
        memset(sy, 0, n * sizeof *sy);
        for (size_t e = 0; e < r->n_edges; e++) {
            size_t a = r->edges[e].a, b = r->edges[e].b;
            if (placed[a] && !placed[b]) {
                sx[b] += r->nodes[a].x, sy[b] += r->nodes[a].y, cnt[b]++;
            } else if (placed[b] && !placed[a]) {
                sx[a] += r->nodes[b].x, sy[a] += r->nodes[b].y, cnt[a]++;
            }
        }
        for (size_t i = 0; i < n; i++)
            if (!placed[i] && cnt[i] > 0) {
                double ang = 6.283185307179586 * seeded(r->nodes[i].name, c->o->seed, 1);
                r->nodes[i].x = sx[i] / (double)cnt[i] + off * cos(ang);
                r->nodes[i].y = sy[i] / (double)cnt[i] + off * sin(ang);
                placed[i] = progress = true;
            }
    }
    for (size_t i = 0; i < n; i++)
        if (!placed[i]) {
            r->nodes[i].x = f->ax0 + aw * seeded(r->nodes[i].name, c->o->seed, 2);
            r->nodes[i].y = f->ay0 + ah * seeded(r->nodes[i].name, c->o->seed, 3);
            placed[i] = true;
        }
    free(cnt);
    free(sy);
    free(sx);
}

/* One step of the refinement for movable node i: towards its partners, away from
 * nodes closer than their sizes allow (not on big maps, which keep no nodes apart:
 * layout.c); kept in the map area. */
static void refine_step(struct rmap *r, const struct frame *f, size_t i, const double *nx,
                        const double *ny, const size_t *deg)
{
    struct rnode *a = &r->nodes[i];
    double fx = 0, fy = 0;
    if (deg[i] > 0) {
        fx = 0.2 * (nx[i] / (double)deg[i] - a->x);
        fy = 0.2 * (ny[i] / (double)deg[i] - a->y);
    }
    size_t others = r->n_nodes > PN_MAP_BIG_ABOVE ? 0 : r->n_nodes;
    for (size_t j = 0; j < others; j++) {
        if (j == i)
            continue;
        const struct rnode *b = &r->nodes[j];
        double want = 1.4 * ((a->size + b->size) / 2 + 8);
        double dx = a->x - b->x, dy = a->y - b->y, dd = hypot(dx, dy);
        if (dd >= want)
            continue;
        if (dd < 1e-6) {
            double ang = 2.399963 * (double)(i + j);
            dx = cos(ang), dy = sin(ang), dd = 1;
        }
        fx += dx / dd * (want - dd) * 0.5;
        fy += dy / dd * (want - dd) * 0.5;
    }
    double h = a->size / 2;
    a->x = fmin(fmax(a->x + fx, f->ax0 + h), f->ax1 - h);
    a->y = fmin(fmax(a->y + fy, f->ay0 + h), f->ay1 - h);
}

/* Move the movable nodes only, 40 rounds; the held ones stay exactly where they are. */
static void refine(struct rmap *r, const struct frame *f, const bool *movable)
{
    size_t n = r->n_nodes;
    double *nx = pn_xcalloc(n, sizeof *nx), *ny = pn_xcalloc(n, sizeof *ny);
    size_t *deg = pn_xcalloc(n, sizeof *deg);
    for (int it = 0; it < 40; it++) {
        memset(nx, 0, n * sizeof *nx);
        memset(ny, 0, n * sizeof *ny);
        memset(deg, 0, n * sizeof *deg);
        for (size_t e = 0; e < r->n_edges; e++) {
            size_t a = r->edges[e].a, b = r->edges[e].b;
            if (a == b)
                continue;
            nx[a] += r->nodes[b].x, ny[a] += r->nodes[b].y, deg[a]++;
            nx[b] += r->nodes[a].x, ny[b] += r->nodes[a].y, deg[b]++;
        }
        for (size_t i = 0; i < n; i++)
            if (movable[i])
                refine_step(r, f, i, nx, ny, deg);
    }
    free(deg);
    free(ny);
    free(nx);
}

bool pn_map_positions_place(const struct ctx *c, struct rmap *r, const struct frame *f)
{
    size_t n = r->n_nodes, known = 0;
    for (size_t i = 0; i < n; i++)
        known += pn_positions_find(c->o->saved, pos_id(c, &r->nodes[i])) != NULL;
    /* a big map mostly unknown to the file (say, a backbone's file for --backbone all) is
     * laid out afresh: its new nodes piled around the few known ones would hide them */
    if (known == 0 || (n > PN_MAP_BIG_ABOVE && 2 * known < n))
        return false;
    bool *placed = pn_xcalloc(n, sizeof *placed);
    bool *movable = pn_xcalloc(n, sizeof *movable);
    double aw = f->ax1 - f->ax0, ah = f->ay1 - f->ay0;
    for (size_t i = 0; i < n; i++) {
        const struct pn_position *p = pn_positions_find(c->o->saved, pos_id(c, &r->nodes[i]));
        movable[i] = p == NULL || !p->pinned;
        if (p == NULL)
            continue;
        r->nodes[i].x = f->ax0 + p->x * aw;
        r->nodes[i].y = f->ay0 + p->y * ah;
        placed[i] = true;
    }
    place_new(c, r, f, placed);
    refine(r, f, movable);
    for (size_t i = 0; i < n; i++)
        r->nodes[i].has_pos = true;
    free(movable);
    free(placed);
    return true;
}

void pn_map_positions_snap(const struct ctx *c, struct rmap *r, const struct frame *f)
{
    if (c->o->n_years > 0)
        return;
    double w = fmax(f->ax1 - f->ax0, 1e-9), h = fmax(f->ay1 - f->ay0, 1e-9);
    for (size_t i = 0; i < r->n_nodes; i++) {
        double x = round(fmin(fmax((r->nodes[i].x - f->ax0) / w, -1), 2) * 1e6) / 1e6;
        double y = round(fmin(fmax((r->nodes[i].y - f->ay0) / h, -1), 2) * 1e6) / 1e6;
        r->nodes[i].x = f->ax0 + x * (f->ax1 - f->ax0);
        r->nodes[i].y = f->ay0 + y * (f->ay1 - f->ay0);
    }
}

void pn_map_positions_record(const struct ctx *c, const struct rmap *r, const struct frame *f)
{
    struct pn_positions *ps = c->o->save_positions;
    double x0 = f->ax0, y0 = f->ay0, w = f->ax1 - f->ax0, h = f->ay1 - f->ay0;
    if (c->o->n_years > 0) { /* small multiples: the layout's own box */
        double maxx = -INFINITY, maxy = -INFINITY;
        x0 = y0 = INFINITY;
        for (size_t i = 0; i < r->n_nodes; i++) {
            x0 = fmin(x0, r->nodes[i].x), maxx = fmax(maxx, r->nodes[i].x);
            y0 = fmin(y0, r->nodes[i].y), maxy = fmax(maxy, r->nodes[i].y);
        }
        w = maxx - x0, h = maxy - y0;
    }
    w = fmax(w, 1e-9), h = fmax(h, 1e-9);
    pn_positions_free(ps);
    for (size_t i = 0; i < r->n_nodes; i++) {
        const struct pn_position *was = pn_positions_find(c->o->saved, pos_id(c, &r->nodes[i]));
        /* not clamped: nodes pushed apart may lie a little outside the map area */
        double x = fmin(fmax((r->nodes[i].x - x0) / w, -1), 2);
        double y = fmin(fmax((r->nodes[i].y - y0) / h, -1), 2);
        x = round(x * 1e6) / 1e6; /* as written (pn_map_positions_snap drew them there) */
        y = round(y * 1e6) / 1e6;
        pn_positions_put(ps, pos_id(c, &r->nodes[i]), x, y, was == NULL || was->pinned);
    }
    pn_positions_sort(ps);
}
