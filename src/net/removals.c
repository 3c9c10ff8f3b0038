/*
 * removals: the damage of removing each node, from the network before alone
 * (issue 12). Cuts come from one depth-first search (lowpoints: the pieces an
 * articulation point leaves); efficiency from Dijkstra rows repaired per
 * removal.
 *
 * Why a repaired row is the row igraph computes on the smaller graph, bit for
 * bit: igraph_distances_dijkstra relaxes with an exact `<` from +0.0, and
 * x -> fl(x + len) is monotone and never below x (len > 0), so whatever the
 * order of the heap the distance it returns is the smallest, over all paths,
 * of the lengths added up from the source along the path (Knuth's
 * generalisation of Dijkstra). A node t with a tight parent u (fl(d(u) +
 * len(u, t)) == d(t)) outside the set D below keeps d(t) exactly: following
 * tight parents outside D reaches the source on a path avoiding v whose sum is
 * d(t). D is the set of nodes all of whose tight parents are v or in D; only
 * they are searched again, seeded from their neighbours outside D (a path into
 * D that leaves it and comes back is never shorter, by monotonicity).
 * Threads share the read-only graph and distance matrix and a block counter;
 * every result cell belongs to one removal (exact) or one block of sources
 * (sampled, added in block order). Must not print.
 */
#include "net/removals.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"

#define RM_NONE ((size_t)-1)
#define RM_MAX_THREADS 64
#define RM_SAMPLE_BLOCKS 16 /* blocks of sampled sources (fixed: results never depend on jobs) */

/* ---- an indexed binary min-heap on key[node] ---------------------------------------- */

struct heap {
    const double *key;
    size_t *node, *pos; /* pos[v] = position + 1, 0: absent */
    size_t size;
};

static void heap_init(struct heap *h, size_t n, const double *key)
{
    h->key = key;
    h->node = pn_xmalloc((n + 1) * sizeof *h->node);
    h->pos = pn_xcalloc(n + 1, sizeof *h->pos);
    h->size = 0;
}

static void heap_free(struct heap *h)
{
    free(h->node);
    free(h->pos);
}

static void heap_place(struct heap *h, size_t i, size_t v)
{
    h->node[i] = v;
    h->pos[v] = i + 1;
}

static void heap_up(struct heap *h, size_t i)
{
    size_t v = h->node[i];
    while (i > 0 && h->key[v] < h->key[h->node[(i - 1) / 2]]) {
        heap_place(h, i, h->node[(i - 1) / 2]);
        i = (i - 1) / 2;
    }
    heap_place(h, i, v);
}

/* Push v, or move it up after its key went down. */
static void heap_update(struct heap *h, size_t v)
{
    if (h->pos[v] == 0) {
        h->node[h->size] = v;
        h->pos[v] = ++h->size;
    }
    heap_up(h, h->pos[v] - 1);
}

static size_t heap_pop(struct heap *h)
{
    size_t top = h->node[0], v = h->node[--h->size], i = 0;
    h->pos[top] = 0;
    if (h->size == 0)
        return top;
    for (;;) {
        size_t l = 2 * i + 1, c = l;
        if (l >= h->size)
            break;
        if (l + 1 < h->size && h->key[h->node[l + 1]] < h->key[h->node[l]])
            c = l + 1;
        if (!(h->key[h->node[c]] < h->key[v]))
            break;
        heap_place(h, i, h->node[c]);
        i = c;
    }
    heap_place(h, i, v);
    return top;
}

/* Distances from s into row (n doubles), as igraph_distances_dijkstra. */
static void dijkstra(const struct pn_ap_csr *c, size_t s, double *row, struct heap *h)
{
    for (size_t i = 0; i < c->n; i++)
        row[i] = INFINITY;
    h->key = row;
    row[s] = 0.0;
    heap_update(h, s);
    while (h->size > 0) {
        size_t u = heap_pop(h);
        double du = row[u];
        for (size_t a = c->off[u]; a < c->off[u + 1]; a++) {
            double alt = du + c->len[a];
            if (alt < row[c->to[a]]) {
                row[c->to[a]] = alt;
                heap_update(h, c->to[a]);
            }
        }
    }
}

/* ---- cuts ------------------------------------------------------------------------------- */

static void cuts_alloc(struct pn_rm_cuts *x, size_t n)
{
    memset(x, 0, sizeof *x);
    x->n = n;
    x->comp = pn_xcalloc(n + 1, sizeof *x->comp);
    x->csize = pn_xcalloc(n + 1, sizeof *x->csize);
    x->cmin = pn_xcalloc(n + 1, sizeof *x->cmin);
    x->pieces = pn_xcalloc(n + 1, sizeof *x->pieces);
    x->piece_pairs = pn_xcalloc(n + 1, sizeof *x->piece_pairs);
    x->big = pn_xcalloc(n + 1, sizeof *x->big);
    x->big_min = pn_xcalloc(n + 1, sizeof *x->big_min);
    x->focus_piece = pn_xcalloc(n + 1, sizeof *x->focus_piece);
}

void pn_rm_cuts_free(struct pn_rm_cuts *x)
{
    if (x == NULL)
        return;
    free(x->comp);
    free(x->csize);
    free(x->cmin);
    free(x->pieces);
    free(x->piece_pairs);
    free(x->big);
    free(x->big_min);
    free(x->focus_piece);
    memset(x, 0, sizeof *x);
}

/* The depth-first search of one component from its smallest node r, iterative:
 * discovery times, lowpoints, parents and subtree sizes. */
struct dfs {
    size_t *disc, *low, *parent, *sub, *next, *stack;
    size_t time;
};

static void dfs_component(const struct pn_ap_csr *c, struct dfs *f, size_t r, size_t comp,
                          struct pn_rm_cuts *x)
{
    size_t sp = 0;
    f->disc[r] = f->low[r] = f->time++;
    f->parent[r] = RM_NONE;
    f->next[r] = c->off[r];
    f->stack[sp++] = r;
    x->comp[r] = comp;
    while (sp > 0) {
        size_t u = f->stack[sp - 1];
        if (f->next[u] < c->off[u + 1]) {
            size_t t = c->to[f->next[u]++];
            if (f->disc[t] == RM_NONE) {
                f->disc[t] = f->low[t] = f->time++;
                f->parent[t] = u;
                f->next[t] = c->off[t];
                x->comp[t] = comp;
                f->stack[sp++] = t;
            } else if (t != f->parent[u] && f->disc[t] < f->low[u]) {
                f->low[u] = f->disc[t];
            }
            continue;
        }
        sp--;
        f->sub[u] += 1;
        size_t p = f->parent[u];
        if (p != RM_NONE) {
            f->sub[p] += f->sub[u];
            if (f->low[u] < f->low[p])
                f->low[p] = f->low[u];
        }
    }
    x->csize[comp] = f->sub[r];
    x->cmin[comp] = r;
}

/* Piece of size p with smallest node mn joins what v leaves. */
static void add_piece(struct pn_rm_cuts *x, size_t v, size_t p, size_t mn)
{
    x->pieces[v]++;
    x->piece_pairs[v] += (unsigned long long)p * (p - 1) / 2;
    if (p > x->big[v] || (p == x->big[v] && mn < x->big_min[v]))
        x->big[v] = p, x->big_min[v] = mn;
}

void pn_rm_cuts_find(const struct pn_ap_csr *c, size_t focus, struct pn_rm_cuts *x)
{
    size_t n = c->n;
    cuts_alloc(x, n);
    struct dfs f = {0};
    f.disc = pn_xmalloc((n + 1) * sizeof *f.disc);
    f.low = pn_xmalloc((n + 1) * sizeof *f.low);
    f.parent = pn_xmalloc((n + 1) * sizeof *f.parent);
    f.sub = pn_xcalloc(n + 1, sizeof *f.sub);
    f.next = pn_xmalloc((n + 1) * sizeof *f.next);
    f.stack = pn_xmalloc((n + 1) * sizeof *f.stack);
    size_t *smin = pn_xmalloc((n + 1) * sizeof *smin); /* smallest node of each subtree */
    for (size_t v = 0; v < n; v++)
        f.disc[v] = RM_NONE;
    for (size_t v = 0; v < n; v++)
        if (f.disc[v] == RM_NONE)
            dfs_component(c, &f, v, x->n_comp++, x);
    for (size_t v = 0; v < n; v++)
        smin[v] = v;
    /* children finish before parents: by decreasing discovery time */
    size_t *order = pn_xmalloc((n + 1) * sizeof *order);
    for (size_t v = 0; v < n; v++)
        order[f.disc[v]] = v;
    for (size_t i = n; i-- > 0;) {
        size_t u = order[i], p = f.parent[u];
        if (p != RM_NONE && smin[u] < smin[p])
            smin[p] = smin[u];
    }
    size_t *cut_sum = pn_xcalloc(n + 1, sizeof *cut_sum); /* nodes in separated subtrees */
    for (size_t u = 0; u < n; u++) {
        size_t p = f.parent[u];
        if (p == RM_NONE || f.low[u] < f.disc[p])
            continue; /* u's subtree stays with p's parent side */
        add_piece(x, p, f.sub[u], smin[u]);
        cut_sum[p] += f.sub[u];
        if (focus != RM_NONE && f.disc[focus] >= f.disc[u] && f.disc[focus] < f.disc[u] + f.sub[u])
            x->focus_piece[p] = f.sub[u];
    }
    for (size_t v = 0; v < n; v++) {
        size_t comp = x->comp[v], rest = x->csize[comp] - 1 - cut_sum[v];
        if (f.parent[v] != RM_NONE)
            add_piece(x, v, rest, x->cmin[comp]); /* holds the root, the smallest node */
        if (focus != RM_NONE && focus != v && x->comp[focus] == comp && x->focus_piece[v] == 0)
            x->focus_piece[v] = rest;
    }
    free(cut_sum);
    free(order);
    free(smin);
    free(f.disc);
    free(f.low);
    free(f.parent);
    free(f.sub);
    free(f.next);
    free(f.stack);
}

/* ---- the row of a source without v ------------------------------------------------------- */

/* A thread's scratch for repairs; stamps spare clearing between repairs. */
struct repair {
    size_t n;
    size_t *list, nd;     /* D: the nodes searched again */
    size_t *in_d, *in_r;  /* == cur: in D (or v) / rem valid */
    size_t *rem;          /* tight parents not yet in D */
    double *key;          /* new distances of D */
    size_t cur;
    struct heap h;
};

static void repair_init(struct repair *r, size_t n)
{
    memset(r, 0, sizeof *r);
    r->n = n;
    r->list = pn_xmalloc((n + 1) * sizeof *r->list);
    r->in_d = pn_xcalloc(n + 1, sizeof *r->in_d);
    r->in_r = pn_xcalloc(n + 1, sizeof *r->in_r);
    r->rem = pn_xmalloc((n + 1) * sizeof *r->rem);
    r->key = pn_xmalloc((n + 1) * sizeof *r->key);
    heap_init(&r->h, n, r->key);
}

static void repair_free(struct repair *r)
{
    free(r->list);
    free(r->in_d);
    free(r->in_r);
    free(r->rem);
    free(r->key);
    heap_free(&r->h);
}

static size_t tight_parents(const struct pn_ap_csr *c, const double *row, size_t t)
{
    size_t k = 0;
    for (size_t a = c->off[t]; a < c->off[t + 1]; a++)
        k += row[c->to[a]] + c->len[a] == row[t];
    return k;
}

/* Tight children of x whose last tight parent outside D was x join D. */
static void grow_d(const struct pn_ap_csr *c, const double *row, size_t x, struct repair *r)
{
    for (size_t a = c->off[x]; a < c->off[x + 1]; a++) {
        size_t t = c->to[a];
        if (r->in_d[t] == r->cur || !(row[x] + c->len[a] == row[t]))
            continue;
        if (r->in_r[t] != r->cur) {
            r->in_r[t] = r->cur;
            r->rem[t] = tight_parents(c, row, t);
        }
        if (--r->rem[t] == 0) {
            r->in_d[t] = r->cur;
            r->list[r->nd++] = t;
        }
    }
}

/* Row of source s (row: distances with v) without node v: afterwards the nodes
 * of D (in_d == cur, v excepted) have their new distance in key (INFINITY:
 * cut off), every other node keeps row. Returns |D|. */
static size_t repair_row(const struct pn_ap_csr *c, const double *row, size_t v,
                         struct repair *r)
{
    r->cur++;
    r->nd = 0;
    r->in_d[v] = r->cur;
    grow_d(c, row, v, r);
    for (size_t i = 0; i < r->nd; i++)
        grow_d(c, row, r->list[i], r);
    if (r->nd == 0)
        return 0;
    for (size_t i = 0; i < r->nd; i++) {
        size_t t = r->list[i];
        double best = INFINITY;
        for (size_t a = c->off[t]; a < c->off[t + 1]; a++) {
            size_t u = c->to[a];
            double alt = row[u] + c->len[a];
            if (r->in_d[u] != r->cur && alt < best)
                best = alt;
        }
        r->key[t] = best;
        if (best < INFINITY)
            heap_update(&r->h, t);
    }
    while (r->h.size > 0) {
        size_t t = heap_pop(&r->h);
        for (size_t a = c->off[t]; a < c->off[t + 1]; a++) {
            size_t y = c->to[a];
            double alt = r->key[t] + c->len[a];
            if (y != v && r->in_d[y] == r->cur && alt < r->key[y]) {
                r->key[y] = alt;
                heap_update(&r->h, y);
            }
        }
    }
    return r->nd;
}

/* ---- exact efficiency, threads over removals ----------------------------------------------- */

struct exact {
    const struct pn_ap_csr *c;
    const double *harm;
    double *dist;    /* n x n: row s, distances from s */
    uint8_t *aff;    /* n x n: aff[s * n + v], v inside some shortest path from s */
    double *eff;
    size_t n;
    atomic_size_t next;
};

/* The reference path's test (scenario.c, affected_build): some neighbour t of
 * v, t != s, with d(s, v) + len <= d(s, t) (1 + 1e-9) + 1e-12. */
static void mark_affected(const struct exact *x, size_t s)
{
    const struct pn_ap_csr *c = x->c;
    const double *row = x->dist + s * x->n;
    for (size_t v = 0; v < x->n; v++) {
        double dv = row[v];
        if (v == s || !isfinite(dv))
            continue;
        for (size_t a = c->off[v]; a < c->off[v + 1]; a++) {
            size_t t = c->to[a];
            double dt = row[t];
            if (t != s && dv + c->len[a] <= dt + 1e-9 * dt + 1e-12) {
                x->aff[s * x->n + v] = 1;
                break;
            }
        }
    }
}

static void *rows_worker(void *arg)
{
    struct exact *x = arg;
    struct heap h;
    heap_init(&h, x->n, NULL);
    for (size_t s; (s = atomic_fetch_add(&x->next, 1)) < x->n;) {
        dijkstra(x->c, s, x->dist + s * x->n, &h);
        mark_affected(x, s);
    }
    heap_free(&h);
    return NULL;
}

/* The reference's sum for removal v (scenario.c, efficiency_without), term by term. */
static double efficiency_without_v(const struct exact *x, size_t v, struct repair *r)
{
    size_t n = x->n, k = n - 1;
    if (k < 2)
        return 0;
    const double *rv = x->dist + v * n;
    double sum = 0;
    for (size_t s = 0; s < n; s++) {
        if (s == v || x->aff[s * n + v])
            continue;
        double d = rv[s];
        sum += x->harm[s] - (isfinite(d) && d > 0 ? 1.0 / d : 0);
    }
    for (size_t s = 0; s < n; s++) {
        if (s == v || !x->aff[s * n + v])
            continue;
        const double *row = x->dist + s * n;
        repair_row(x->c, row, v, r);
        for (size_t t = 0; t < n; t++) {
            if (t == v || t == s)
                continue;
            double d = r->in_d[t] == r->cur ? r->key[t] : row[t];
            if (isfinite(d) && d > 0)
                sum += 1.0 / d;
        }
    }
    return sum / ((double)k * (double)(k - 1));
}

static void *removal_worker(void *arg)
{
    struct exact *x = arg;
    struct repair r;
    repair_init(&r, x->n);
    for (size_t v; (v = atomic_fetch_add(&x->next, 1)) < x->n;)
        x->eff[v] = efficiency_without_v(x, v, &r);
    repair_free(&r);
    return NULL;
}

/* Run fn on up to jobs threads, the calling thread included. */
static void run_threads(void *(*fn)(void *), void *arg, int jobs, size_t work)
{
    size_t want = jobs > 1 ? (size_t)jobs : 1;
    if (want > RM_MAX_THREADS)
        want = RM_MAX_THREADS;
    if (want > work)
        want = work > 0 ? work : 1;
    pthread_t tid[RM_MAX_THREADS];
    size_t started = 0;
    while (started + 1 < want && pthread_create(&tid[started], NULL, fn, arg) == 0)
        started++;
    fn(arg);
    for (size_t i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
}

void pn_rm_efficiency_exact(const struct pn_ap_csr *c, const double *harm, int jobs, double *eff)
{
    size_t n = c->n;
    struct exact x = {.c = c, .harm = harm, .eff = eff, .n = n};
    x.dist = pn_xmalloc((n * n + 1) * sizeof *x.dist);
    x.aff = pn_xcalloc(n * n + 1, sizeof *x.aff);
    atomic_init(&x.next, 0);
    run_threads(rows_worker, &x, jobs, n);
    atomic_store(&x.next, 0);
    run_threads(removal_worker, &x, jobs, n);
    free(x.aff);
    free(x.dist);
}

/* ---- sampled efficiency, threads over blocks of sources ----------------------------------- */

struct sampled {
    const struct pn_ap_csr *c;
    const size_t *src; /* the drawn sources */
    size_t k, n, blocks;
    double *sum, *sq;  /* blocks x n: sums of g and g^2 per removal */
    double *hsum;      /* blocks: sums of the harmonic sums of the sources */
    atomic_size_t next;
};

/* What source s (row: its distances) contributes to the drop of removing each
 * v != s: g = (harm_s + 1/d(s,v)) / (n (n-1)) - (harm_s - 1/d(s,v) - loss) / (k (k-1)),
 * k = n - 1 (nk), loss = sum over the nodes of D of 1/d - 1/d_without_v. */
static void source_terms(const struct sampled *x, size_t s, const double *row, double harm_s,
                         struct repair *r, double *sum, double *sq)
{
    double n = (double)x->n, nk = n - 1, a = 1.0 / (n * (n - 1));
    double b = nk > 1 ? 1.0 / (nk * (nk - 1)) : 0;
    for (size_t v = 0; v < x->n; v++) {
        if (v == s)
            continue;
        double inv = isfinite(row[v]) ? 1.0 / row[v] : 0, loss = 0;
        if (inv > 0 && repair_row(x->c, row, v, r) > 0)
            for (size_t i = 0; i < r->nd; i++) {
                size_t t = r->list[i];
                loss += 1.0 / row[t] - (isfinite(r->key[t]) ? 1.0 / r->key[t] : 0);
            }
        double g = (harm_s + inv) * a - (harm_s - inv - loss) * b;
        sum[v] += g;
        sq[v] += g * g;
    }
}

static void *sample_worker(void *arg)
{
    struct sampled *x = arg;
    size_t n = x->n;
    struct repair r;
    struct heap h;
    repair_init(&r, n);
    heap_init(&h, n, NULL);
    double *row = pn_xmalloc((n + 1) * sizeof *row);
    for (size_t b; (b = atomic_fetch_add(&x->next, 1)) < x->blocks;) {
        for (size_t i = b * x->k / x->blocks; i < (b + 1) * x->k / x->blocks; i++) {
            size_t s = x->src[i];
            dijkstra(x->c, s, row, &h);
            double harm_s = 0;
            for (size_t t = 0; t < n; t++)
                if (t != s && isfinite(row[t]))
                    harm_s += 1.0 / row[t];
            x->hsum[b] += harm_s;
            source_terms(x, s, row, harm_s, &r, x->sum + b * n, x->sq + b * n);
        }
    }
    free(row);
    heap_free(&h);
    repair_free(&r);
    return NULL;
}

/* splitmix64 (Steele, Lea, Flood 2014): the draw depends on the seed alone. */
static uint64_t splitmix(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* k distinct sources of n, uniformly (a partial Fisher-Yates shuffle), in increasing order. */
static size_t *draw_sources(size_t n, size_t k, unsigned long seed)
{
    size_t *perm = pn_xmalloc((n + 1) * sizeof *perm);
    uint64_t state = (uint64_t)seed;
    for (size_t i = 0; i < n; i++)
        perm[i] = i;
    for (size_t i = 0; i < k && k < n; i++) {
        size_t j = i + (size_t)(splitmix(&state) % (uint64_t)(n - i));
        size_t t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    bool *in = pn_xcalloc(n + 1, sizeof *in);
    for (size_t i = 0; i < k; i++)
        in[perm[i]] = true;
    for (size_t v = 0, j = 0; v < n; v++)
        if (in[v])
            perm[j++] = v;
    free(in);
    return perm;
}

/* Long: the draw, the threads, then per removal the mean, its standard error and
 * the finite-population correction, in one place so the estimator reads whole. */
size_t pn_rm_efficiency_sampled(const struct pn_ap_csr *c, size_t k, unsigned long seed, int jobs,
                                double *drop, double *se, double *eff_before)
{
    size_t n = c->n;
    if (k > n)
        k = n;
    struct sampled x = {.c = c, .k = k, .n = n};
    x.blocks = k < RM_SAMPLE_BLOCKS ? (k > 0 ? k : 1) : RM_SAMPLE_BLOCKS;
    x.src = draw_sources(n, k, seed);
    x.sum = pn_xcalloc(x.blocks * n + 1, sizeof *x.sum);
    x.sq = pn_xcalloc(x.blocks * n + 1, sizeof *x.sq);
    x.hsum = pn_xcalloc(x.blocks + 1, sizeof *x.hsum);
    atomic_init(&x.next, 0);
    run_threads(sample_worker, &x, jobs, x.blocks);
    bool *in = pn_xcalloc(n + 1, sizeof *in);
    for (size_t i = 0; i < k; i++)
        in[x.src[i]] = true;
    double hs = 0;
    for (size_t b = 0; b < x.blocks; b++)
        hs += x.hsum[b];
    *eff_before = n > 1 && k > 0 ? hs / (double)k / (double)(n - 1) : 0;
    for (size_t v = 0; v < n; v++) {
        double s1 = 0, s2 = 0, kv = (double)(k - in[v]), pop = (double)(n - 1);
        for (size_t b = 0; b < x.blocks; b++)
            s1 += x.sum[b * n + v], s2 += x.sq[b * n + v];
        drop[v] = se[v] = 0;
        if (kv < 1)
            continue;
        double mean = s1 / kv, var = kv > 1 ? (s2 - kv * mean * mean) / (kv - 1) : 0;
        drop[v] = pop * mean;
        se[v] = pop * sqrt(fmax(var, 0) / kv * fmax(1 - kv / pop, 0));
    }
    free(in);
    free(x.hsum);
    free(x.sq);
    free(x.sum);
    free((void *)x.src);
    return k;
}
