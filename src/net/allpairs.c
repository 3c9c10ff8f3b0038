/*
 * allpairs: one single-source sweep per source for the all-pairs metrics, in
 * threads (issue 12). The weighted sweep follows igraph 0.10's
 * igraph_betweenness step for step (distance + 1 stored, 0 meaning not yet
 * reached; the same indexed binary heap, so nodes leave it in the same order;
 * the same accumulation formula), so the per-source sums are igraph's up to
 * the last bits. Threads share nothing but the read-only graphs and a block
 * counter; each block of sources has its own betweenness sums, added in block
 * order at the end. Must not print.
 * Owns: the arrays of pn_ap_csr and pn_ap_result.
 */
#include "net/allpairs.h"

#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/strbuf.h"

#define AP_MAX_BLOCKS 32
#define AP_MIN_BLOCK 64        /* sources per block at least (small graphs: one block) */
#define AP_BLOCK_CELLS 16000000 /* at most this many block sums (doubles) in all */
#define AP_EPS 1e-10           /* IGRAPH_SHORTEST_PATH_EPSILON */

/* ---- the adjacency array ---------------------------------------------------- */

/* Stable counting sort of arc numbers idx[0..k) by key[idx[i]] < n into out. */
static void sort_by(const size_t *key, const size_t *idx, size_t k, size_t n, size_t *out)
{
    size_t *cnt = pn_xcalloc(n + 1, sizeof *cnt);
    for (size_t i = 0; i < k; i++)
        cnt[key[idx[i]] + 1]++;
    for (size_t v = 0; v < n; v++)
        cnt[v + 1] += cnt[v];
    for (size_t i = 0; i < k; i++)
        out[cnt[key[idx[i]]]++] = idx[i];
    free(cnt);
}

void pn_ap_csr_build(struct pn_ap_csr *c, size_t n, size_t m, const size_t *from,
                     const size_t *to, const double *len, bool directed)
{
    size_t k = 0, cap = directed ? m : 2 * m;
    size_t *af = pn_xmalloc((cap + 1) * sizeof *af), *at = pn_xmalloc((cap + 1) * sizeof *at);
    size_t *ae = pn_xmalloc((cap + 1) * sizeof *ae);
    for (size_t i = 0; i < m; i++) { /* arc k: af -> at, from edge ae; loops dropped */
        if (from[i] == to[i])
            continue;
        af[k] = from[i], at[k] = to[i], ae[k++] = i;
        if (!directed)
            af[k] = to[i], at[k] = from[i], ae[k++] = i;
    }
    size_t *idx = pn_xmalloc((k + 1) * sizeof *idx), *tmp = pn_xmalloc((k + 1) * sizeof *tmp);
    for (size_t i = 0; i < k; i++)
        idx[i] = i;
    sort_by(at, idx, k, n, tmp); /* by target, then stably by source: (source, target, edge) */
    sort_by(af, tmp, k, n, idx);
    memset(c, 0, sizeof *c);
    c->n = n, c->m = k;
    c->off = pn_xcalloc(n + 2, sizeof *c->off);
    c->pin = pn_xcalloc(n + 2, sizeof *c->pin);
    c->to = pn_xmalloc((k + 1) * sizeof *c->to);
    c->len = len != NULL ? pn_xmalloc((k + 1) * sizeof *c->len) : NULL;
    for (size_t i = 0; i < k; i++) {
        size_t a = idx[i];
        c->off[af[a] + 1]++;
        c->pin[at[a] + 1]++;
        c->to[i] = at[a];
        if (len != NULL)
            c->len[i] = len[ae[a]];
    }
    for (size_t v = 0; v < n; v++) {
        c->off[v + 1] += c->off[v];
        c->pin[v + 1] += c->pin[v];
    }
    free(tmp);
    free(idx);
    free(ae);
    free(at);
    free(af);
}

void pn_ap_csr_free(struct pn_ap_csr *c)
{
    if (c == NULL)
        return;
    free(c->off);
    free(c->to);
    free(c->len);
    free(c->pin);
    memset(c, 0, sizeof *c);
}

void pn_ap_result_free(struct pn_ap_result *r)
{
    if (r == NULL)
        return;
    free(r->betweenness);
    free(r->dist_sum);
    free(r->reached);
    free(r->harmonic);
    free(r->ecc);
    memset(r, 0, sizeof *r);
}

/* ---- igraph's indexed max-heap (core/indheap.c, igraph_2wheap_t) ---------------- */

/* Keys are minus the distance; ties move up on insertion exactly as igraph's do,
 * so equal distances leave in the same order. pos[v] = position + 1, 0: absent. */
struct heap {
    double *key;
    size_t *node, *pos;
    size_t size;
};

static void h_swap(struct heap *h, size_t a, size_t b)
{
    if (a == b)
        return;
    double k = h->key[a];
    size_t v = h->node[a];
    h->key[a] = h->key[b], h->node[a] = h->node[b];
    h->key[b] = k, h->node[b] = v;
    h->pos[h->node[a]] = a + 1;
    h->pos[h->node[b]] = b + 1;
}

static void h_up(struct heap *h, size_t e)
{
    while (e != 0 && !(h->key[e] < h->key[(e + 1) / 2 - 1])) {
        h_swap(h, e, (e + 1) / 2 - 1);
        e = (e + 1) / 2 - 1;
    }
}

static void h_sink(struct heap *h, size_t e)
{
    for (;;) {
        size_t l = 2 * e + 1, r = 2 * e + 2, c;
        if (l >= h->size)
            return;
        c = (r == h->size || h->key[l] >= h->key[r]) ? l : r;
        if (!(h->key[e] < h->key[c]))
            return;
        h_swap(h, e, c);
        e = c;
    }
}

static void h_push(struct heap *h, size_t v, double key)
{
    h->key[h->size] = key, h->node[h->size] = v;
    h->pos[v] = ++h->size;
    h_up(h, h->size - 1);
}

static size_t h_pop(struct heap *h, double *key)
{
    size_t v = h->node[0];
    *key = h->key[0];
    h_swap(h, 0, h->size - 1);
    h->size--;
    h->pos[v] = 0;
    h_sink(h, 0);
    return v;
}

static void h_modify(struct heap *h, size_t v, double key)
{
    if (h->pos[v] == 0)
        return; /* left the heap already: cannot happen with lengths > 0 */
    size_t p = h->pos[v] - 1;
    h->key[p] = key;
    h_sink(h, p);
    h_up(h, p);
}

/* igraph_cmp_epsilon: a and b equal within relative tolerance eps. */
static int cmp_eps(double a, double b, double eps)
{
    if (a == b)
        return 0;
    double diff = a - b, ad = fabs(diff), sum = fabs(a) + fabs(b);
    if (a == 0 || b == 0 || sum < DBL_MIN)
        return ad < eps * DBL_MIN ? 0 : (diff < 0 ? -1 : 1);
    if (!isfinite(sum))
        return ad < eps * fabs(a) + eps * fabs(b) ? 0 : (diff < 0 ? -1 : 1);
    return ad / sum < eps ? 0 : (diff < 0 ? -1 : 1);
}

/* ---- one source ------------------------------------------------------------------ */

/* A thread's work arrays, all of n (par: of the arc count). */
struct work {
    double *dist, *sigma, *delta;
    size_t *stack, *par, *npar, *queue, *hops;
    struct heap heap;
};

static void work_init(struct work *k, size_t n, size_t m)
{
    k->dist = pn_xcalloc(n + 1, sizeof *k->dist);
    k->sigma = pn_xcalloc(n + 1, sizeof *k->sigma);
    k->delta = pn_xcalloc(n + 1, sizeof *k->delta);
    k->stack = pn_xmalloc((n + 1) * sizeof *k->stack);
    k->par = pn_xmalloc((m + 1) * sizeof *k->par);
    k->npar = pn_xcalloc(n + 1, sizeof *k->npar);
    k->queue = pn_xmalloc((n + 1) * sizeof *k->queue);
    k->hops = pn_xmalloc((n + 1) * sizeof *k->hops);
    for (size_t i = 0; i < n; i++)
        k->hops[i] = (size_t)-1;
    k->heap.key = pn_xmalloc((n + 1) * sizeof *k->heap.key);
    k->heap.node = pn_xmalloc((n + 1) * sizeof *k->heap.node);
    k->heap.pos = pn_xcalloc(n + 1, sizeof *k->heap.pos);
    k->heap.size = 0;
}

static void work_free(struct work *k)
{
    free(k->dist);
    free(k->sigma);
    free(k->delta);
    free(k->stack);
    free(k->par);
    free(k->npar);
    free(k->queue);
    free(k->hops);
    free(k->heap.key);
    free(k->heap.node);
    free(k->heap.pos);
}

/* Relaxes the arcs of u (popped at md) as sweep does: parents of equally short paths. */
static void relax(const struct pn_ap_csr *w, struct work *k, size_t u, double md)
{
    double *dist = k->dist, *sigma = k->sigma;
    for (size_t a = w->off[u]; a < w->off[u + 1]; a++) {
        size_t t = w->to[a];
        double alt = md + w->len[a], cur = dist[t];
        int c = cur == 0 ? -1 : cmp_eps(alt, cur, AP_EPS);
        if (c < 0) { /* first or shorter path: u is the only parent */
            k->par[w->pin[t]] = u;
            k->npar[t] = 1;
            sigma[t] = sigma[u];
            dist[t] = alt;
            if (cur == 0)
                h_push(&k->heap, t, -alt);
            else
                h_modify(&k->heap, t, -alt);
        } else if (c == 0) {
            k->par[w->pin[t] + k->npar[t]++] = u;
            sigma[t] += sigma[u];
        }
    }
}

/* Dijkstra from s on w as igraph_i_sspf_weighted (distances + 1, parents of
 * equally short paths within AP_EPS), the closeness and harmonic sums in the
 * order nodes leave the heap; returns how many nodes were reached (s included). */
static size_t sweep(const struct pn_ap_csr *w, struct work *k, size_t s, struct pn_ap_result *r)
{
    double *dist = k->dist, *sigma = k->sigma;
    size_t sp = 0;
    double dsum = 0, hsum = 0;
    dist[s] = 1.0;
    sigma[s] = 1;
    h_push(&k->heap, s, -1.0);
    while (k->heap.size > 0) {
        double key;
        size_t u = h_pop(&k->heap, &key);
        double md = -key;
        k->stack[sp++] = u;
        dsum += md - 1.0;
        if (u != s)
            hsum += 1.0 / (md - 1.0);
        relax(w, k, u, md);
    }
    r->dist_sum[s] = dsum;
    r->reached[s] = sp - 1;
    r->harmonic[s] = hsum;
    return sp;
}

/* Brandes' accumulation from the stack of sweep (igraph's formula and order) into
 * bet; resets the work arrays for the next source. */
static void accumulate(const struct pn_ap_csr *w, struct work *k, size_t s, size_t sp,
                       double *bet)
{
    double *delta = k->delta, *sigma = k->sigma;
    while (sp > 0) {
        size_t x = k->stack[--sp];
        if (bet != NULL) {
            double coeff = (1 + delta[x]) / sigma[x];
            const size_t *p = k->par + w->pin[x];
            for (size_t j = 0; j < k->npar[x]; j++)
                delta[p[j]] += sigma[p[j]] * coeff;
            if (x != s)
                bet[x] += delta[x];
        }
        k->dist[x] = 0;
        sigma[x] = 0;
        delta[x] = 0;
        k->npar[x] = 0;
    }
}

/* Breadth-first search from s on h: eccentricity, hop sum and pairs. */
static void hops(const struct pn_ap_csr *h, struct work *k, size_t s, struct pn_ap_result *r,
                 unsigned long long *sum, unsigned long long *pairs)
{
    size_t head = 0, tail = 0, ecc = 0;
    unsigned long long total = 0;
    k->hops[s] = 0;
    k->queue[tail++] = s;
    while (head < tail) {
        size_t u = k->queue[head++], du = k->hops[u];
        total += du;
        ecc = du;
        for (size_t a = h->off[u]; a < h->off[u + 1]; a++)
            if (k->hops[h->to[a]] == (size_t)-1) {
                k->hops[h->to[a]] = du + 1;
                k->queue[tail++] = h->to[a];
            }
    }
    for (size_t i = 0; i < tail; i++)
        k->hops[k->queue[i]] = (size_t)-1;
    r->ecc[s] = ecc;
    *sum += total;
    *pairs += tail - 1;
}

/* ---- blocks and threads -------------------------------------------------------------- */

struct shared {
    const struct pn_ap_csr *w, *h;
    struct pn_ap_result *r;
    size_t n, blocks;
    double *bsum;                        /* blocks x n betweenness sums, or NULL */
    unsigned long long hsum[AP_MAX_BLOCKS], hpairs[AP_MAX_BLOCKS];
    atomic_size_t next;                  /* next block to take */
};

/* Takes blocks until none is left; every result cell it writes belongs to its block. */
static void *worker(void *arg)
{
    struct shared *sh = arg;
    size_t n = sh->n, m = sh->w != NULL ? sh->w->m : 0;
    struct work k;
    work_init(&k, n, m);
    for (;;) {
        size_t b = atomic_fetch_add(&sh->next, 1);
        if (b >= sh->blocks)
            break;
        size_t lo = b * n / sh->blocks, hi = (b + 1) * n / sh->blocks;
        double *bet = sh->bsum != NULL ? sh->bsum + b * n : NULL;
        for (size_t s = lo; s < hi; s++) {
            if (sh->w != NULL)
                accumulate(sh->w, &k, s, sweep(sh->w, &k, s, sh->r), bet);
            if (sh->h != NULL)
                hops(sh->h, &k, s, sh->r, &sh->hsum[b], &sh->hpairs[b]);
        }
    }
    work_free(&k);
    return NULL;
}

/* Blocks of sources: a function of n only (never of the thread count). */
static size_t block_count(size_t n)
{
    size_t b = n / AP_MIN_BLOCK;
    if (b > AP_MAX_BLOCKS)
        b = AP_MAX_BLOCKS;
    if (n > 0 && b > AP_BLOCK_CELLS / n)
        b = AP_BLOCK_CELLS / n;
    return b > 0 ? b : 1;
}

static void start_result(struct pn_ap_result *r, size_t n, bool weighted, bool bet, bool hop)
{
    memset(r, 0, sizeof *r);
    r->n = n;
    if (weighted) {
        r->betweenness = bet ? pn_xcalloc(n + 1, sizeof *r->betweenness) : NULL;
        r->dist_sum = pn_xcalloc(n + 1, sizeof *r->dist_sum);
        r->reached = pn_xcalloc(n + 1, sizeof *r->reached);
        r->harmonic = pn_xcalloc(n + 1, sizeof *r->harmonic);
    }
    if (hop)
        r->ecc = pn_xcalloc(n + 1, sizeof *r->ecc);
}

void pn_ap_run(const struct pn_ap_csr *w, const struct pn_ap_csr *h, bool betweenness, int jobs,
               struct pn_ap_result *r)
{
    size_t n = w != NULL ? w->n : h != NULL ? h->n : 0;
    struct shared sh = {.w = w, .h = h, .r = r, .n = n, .blocks = block_count(n)};
    bool bet = betweenness && w != NULL;
    start_result(r, n, w != NULL, bet, h != NULL);
    atomic_init(&sh.next, 0);
    if (bet)
        sh.bsum = pn_xcalloc(sh.blocks * n + 1, sizeof *sh.bsum);
    size_t want = jobs > 1 ? (size_t)jobs : 1;
    if (want > sh.blocks)
        want = sh.blocks;
    pthread_t tid[AP_MAX_BLOCKS];
    size_t started = 0;
    while (started + 1 < want && pthread_create(&tid[started], NULL, worker, &sh) == 0)
        started++;
    worker(&sh); /* the calling thread works too; takes over what threads could not start */
    for (size_t i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
    r->threads = (int)started + 1;
    for (size_t b = 0; b < sh.blocks; b++) {
        r->hop_sum += sh.hsum[b];
        r->hop_pairs += sh.hpairs[b];
        if (bet)
            for (size_t v = 0; v < n; v++)
                r->betweenness[v] += sh.bsum[b * n + v];
    }
    free(sh.bsum);
}

/* ---- estimates from a sample ------------------------------------------------------------ */

#define AP_SAMPLE_MAX_BLOCKS 16
#define AP_SAMPLE_CELLS 4000000 /* at most this many block sums of the source sweeps */
#define AP_PAIR_BLOCK 256       /* pairs per block at least */

/* splitmix64 (Steele, Lea, Flood 2014): the stream of one block. */
static uint64_t rng_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Uniform in [0, m), m > 0, without modulo bias (rejection below 2^64 mod m). */
static uint64_t rng_below(uint64_t *s, uint64_t m)
{
    uint64_t t = (0 - m) % m;
    for (;;) {
        uint64_t x = rng_next(s);
        if (x >= t)
            return x % m;
    }
}

/* Uniform in [0, 1). */
static double rng_unit(uint64_t *s)
{
    return (double)(rng_next(s) >> 11) * 0x1.0p-53;
}

/* The stream of block b of kind kind (0: sources, 1: pairs) for seed. */
static uint64_t rng_stream(unsigned long seed, uint64_t kind, uint64_t b)
{
    uint64_t s = (uint64_t)seed ^ 0xD1B54A32D192ED03ULL * (2 * b + kind + 1);
    rng_next(&s);
    return s;
}

struct sample_shared {
    const struct pn_ap_csr *w, *wt, *h;
    const struct pn_ap_sample_opts *so;
    struct pn_ap_sampled *out;
    size_t n, sblocks, pblocks;
    double *ssum;      /* sblocks x 4n: distance, reciprocal, reached, dependency sums */
    uint64_t *pcount;  /* pblocks x n: paths through each node */
    unsigned long long hsum[AP_SAMPLE_MAX_BLOCKS], hpairs[AP_SAMPLE_MAX_BLOCKS];
    atomic_size_t next;
};

/* Dijkstra from s on g as sweep (parents of equally short paths within AP_EPS): for
 * every node v reached, v != s, adds d(s, v), 1 / d(s, v) and 1 into sum (3 x n), and,
 * when bet is given, Brandes' dependency of s on v into bet; resets the work arrays. */
static void source_sweep(const struct pn_ap_csr *g, struct work *k, size_t s, double *sum,
                         double *bet, size_t n)
{
    size_t sp = 0;
    k->dist[s] = 1.0;
    k->sigma[s] = 1;
    h_push(&k->heap, s, -1.0);
    while (k->heap.size > 0) {
        double key;
        size_t u = h_pop(&k->heap, &key);
        double md = -key;
        k->stack[sp++] = u;
        if (u != s) {
            double d = md - 1.0;
            sum[u] += d;
            sum[n + u] += 1.0 / d;
            sum[2 * n + u] += 1.0;
        }
        relax(g, k, u, md);
    }
    accumulate(g, k, s, sp, bet);
}

/* One pair (u, v): Dijkstra from u until v leaves the heap (its parents and path counts
 * are final then: every parent is nearer and left before), then one shortest path drawn
 * back from v, each parent p of x with probability sigma[p] / sigma[x]; counts its inner
 * nodes. Resets the work arrays. */
static void pair_path(const struct pn_ap_csr *w, struct work *k, size_t u, size_t v,
                      uint64_t *rng, uint64_t *count)
{
    size_t sp = 0;
    bool found = false;
    k->dist[u] = 1.0;
    k->sigma[u] = 1;
    h_push(&k->heap, u, -1.0);
    while (k->heap.size > 0 && !found) {
        double key;
        size_t x = h_pop(&k->heap, &key);
        k->stack[sp++] = x;
        found = x == v;
        if (!found)
            relax(w, k, x, -key);
    }
    for (size_t x = v; found && x != u;) {
        const size_t *p = k->par + w->pin[x];
        double pick = rng_unit(rng) * k->sigma[x], acc = 0;
        size_t j = 0;
        while (j + 1 < k->npar[x] && (acc += k->sigma[p[j]]) <= pick)
            j++;
        x = p[j];
        if (x != u)
            count[x]++;
    }
    while (k->heap.size > 0) { /* reached, never left: reset as the stack below */
        size_t x = k->heap.node[--k->heap.size];
        k->heap.pos[x] = 0;
        k->stack[sp++] = x;
    }
    while (sp > 0) {
        size_t x = k->stack[--sp];
        k->dist[x] = 0;
        k->sigma[x] = 0;
        k->npar[x] = 0;
    }
}

/* Source block b: the sweeps (and breadth-first searches) of its sources. */
static void source_block(struct sample_shared *sh, struct work *k, size_t b)
{
    const struct pn_ap_csr *g = sh->wt != NULL ? sh->wt : sh->w;
    size_t ns = sh->out->n_sources, lo = b * ns / sh->sblocks, hi = (b + 1) * ns / sh->sblocks;
    for (size_t i = lo; i < hi; i++) {
        size_t s = sh->out->sources[i];
        double *sum = sh->ssum + b * 4 * sh->n;
        source_sweep(g, k, s, sum, sh->so->source_betweenness ? sum + 3 * sh->n : NULL, sh->n);
        if (sh->h != NULL)
            hops(sh->h, k, s, &sh->out->sums, &sh->hsum[b], &sh->hpairs[b]);
    }
}

/* Pair block b: its pairs, drawn from its own stream. */
static void pair_block(struct sample_shared *sh, struct work *k, size_t b)
{
    size_t np = sh->so->pairs, n = sh->n;
    size_t lo = b * np / sh->pblocks, hi = (b + 1) * np / sh->pblocks;
    uint64_t rng = rng_stream(sh->so->seed, 1, b);
    for (size_t i = lo; i < hi; i++) {
        size_t u = (size_t)rng_below(&rng, n);
        size_t v = (size_t)rng_below(&rng, n - 1);
        pair_path(sh->w, k, u, v >= u ? v + 1 : v, &rng, sh->pcount + b * n);
    }
}

static void *sample_worker(void *arg)
{
    struct sample_shared *sh = arg;
    struct work k;
    work_init(&k, sh->n, sh->w->m);
    for (;;) {
        size_t b = atomic_fetch_add(&sh->next, 1);
        if (b < sh->sblocks)
            source_block(sh, &k, b);
        else if (b < sh->sblocks + sh->pblocks)
            pair_block(sh, &k, b - sh->sblocks);
        else
            break;
    }
    work_free(&k);
    return NULL;
}

/* k distinct nodes of n, uniformly (partial Fisher-Yates on one stream). */
static size_t *draw_sources(size_t n, size_t k, unsigned long seed)
{
    size_t *all = pn_xmalloc((n + 1) * sizeof *all);
    uint64_t rng = rng_stream(seed, 0, 0);
    for (size_t i = 0; i < n; i++)
        all[i] = i;
    for (size_t i = 0; i < k; i++) {
        size_t j = i + (size_t)rng_below(&rng, n - i), t = all[i];
        all[i] = all[j], all[j] = t;
    }
    return all;
}

/* Adds the blocks in order into the result. */
static void sample_sums(struct sample_shared *sh)
{
    struct pn_ap_result *r = &sh->out->sums;
    size_t n = sh->n;
    for (size_t b = 0; b < sh->sblocks; b++) {
        const double *sum = sh->ssum + b * 4 * n;
        r->hop_sum += sh->hsum[b];
        r->hop_pairs += sh->hpairs[b];
        for (size_t v = 0; v < n; v++) {
            r->dist_sum[v] += sum[v];
            r->harmonic[v] += sum[n + v];
            r->reached[v] += (size_t)sum[2 * n + v];
            r->betweenness[v] += sum[3 * n + v];
        }
    }
    for (size_t b = 0; b < sh->pblocks; b++)
        for (size_t v = 0; v < n; v++)
            r->betweenness[v] += (double)sh->pcount[b * n + v];
}

void pn_ap_sample(const struct pn_ap_csr *w, const struct pn_ap_csr *wt,
                  const struct pn_ap_csr *h, const struct pn_ap_sample_opts *so, int jobs,
                  struct pn_ap_sampled *out)
{
    size_t n = w->n;
    memset(out, 0, sizeof *out);
    out->n_sources = so->sources < n ? so->sources : n;
    out->n_pairs = n > 1 ? so->pairs : 0;
    out->sources = draw_sources(n, out->n_sources, so->seed);
    start_result(&out->sums, n, true, true, h != NULL);
    struct sample_shared sh = {.w = w, .wt = wt, .h = h, .so = so, .out = out, .n = n};
    sh.sblocks = out->n_sources / AP_MIN_BLOCK;
    if (sh.sblocks > AP_SAMPLE_MAX_BLOCKS)
        sh.sblocks = AP_SAMPLE_MAX_BLOCKS;
    if (n > 0 && sh.sblocks > AP_SAMPLE_CELLS / (4 * n))
        sh.sblocks = AP_SAMPLE_CELLS / (4 * n);
    sh.sblocks = out->n_sources == 0 ? 0 : sh.sblocks > 0 ? sh.sblocks : 1;
    sh.pblocks = out->n_pairs / AP_PAIR_BLOCK;
    if (sh.pblocks > AP_SAMPLE_MAX_BLOCKS)
        sh.pblocks = AP_SAMPLE_MAX_BLOCKS;
    sh.pblocks = out->n_pairs == 0 ? 0 : sh.pblocks > 0 ? sh.pblocks : 1;
    sh.ssum = pn_xcalloc(sh.sblocks * 4 * n + 1, sizeof *sh.ssum);
    sh.pcount = pn_xcalloc(sh.pblocks * n + 1, sizeof *sh.pcount);
    atomic_init(&sh.next, 0);
    size_t want = jobs > 1 ? (size_t)jobs : 1, blocks = sh.sblocks + sh.pblocks;
    if (want > blocks)
        want = blocks > 0 ? blocks : 1;
    pthread_t tid[2 * AP_SAMPLE_MAX_BLOCKS];
    size_t started = 0;
    while (started + 1 < want && pthread_create(&tid[started], NULL, sample_worker, &sh) == 0)
        started++;
    sample_worker(&sh);
    for (size_t i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
    out->sums.threads = (int)started + 1;
    sample_sums(&sh);
    free(sh.pcount);
    free(sh.ssum);
}

void pn_ap_sampled_free(struct pn_ap_sampled *s)
{
    if (s == NULL)
        return;
    pn_ap_result_free(&s->sums);
    free(s->sources);
    memset(s, 0, sizeof *s);
}

/* Dijkstra from c on the symmetric w over its component (seen marks it): the largest
 * distance, and the component's size in *size. */
static double component_ecc(const struct pn_ap_csr *w, struct work *k, bool *seen, size_t c,
                            size_t *size)
{
    double ecc = 0;
    size_t sp = 0;
    k->dist[c] = 1.0;
    h_push(&k->heap, c, -1.0);
    while (k->heap.size > 0) {
        double key;
        size_t u = h_pop(&k->heap, &key);
        k->stack[sp++] = u;
        seen[u] = true;
        ecc = -key - 1.0;
        for (size_t a = w->off[u]; a < w->off[u + 1]; a++) {
            size_t t = w->to[a];
            double alt = -key + w->len[a];
            if (k->dist[t] == 0) {
                k->dist[t] = alt;
                h_push(&k->heap, t, -alt);
            } else if (alt < k->dist[t]) {
                k->dist[t] = alt;
                h_modify(&k->heap, t, -alt);
            }
        }
    }
    *size = sp;
    while (sp > 0)
        k->dist[k->stack[--sp]] = 0;
    return ecc;
}

/* Largest component of the symmetric h (breadth-first searches). */
static size_t largest_component(const struct pn_ap_csr *h, struct work *k)
{
    size_t best = 0;
    bool *seen = pn_xcalloc(h->n + 1, sizeof *seen);
    for (size_t c = 0; c < h->n; c++) {
        if (seen[c])
            continue;
        size_t head = 0, tail = 0;
        seen[c] = true;
        k->queue[tail++] = c;
        while (head < tail) {
            size_t u = k->queue[head++];
            for (size_t a = h->off[u]; a < h->off[u + 1]; a++)
                if (!seen[h->to[a]]) {
                    seen[h->to[a]] = true;
                    k->queue[tail++] = h->to[a];
                }
        }
        best = tail > best ? tail : best;
    }
    free(seen);
    return best;
}

void pn_ap_bounds(const struct pn_ap_csr *w, const struct pn_ap_csr *h, bool symmetric,
                  struct pn_ap_bounds *b)
{
    memset(b, 0, sizeof *b);
    for (size_t a = 0; a < w->m; a++) {
        if (b->min_len == 0 || w->len[a] < b->min_len)
            b->min_len = w->len[a];
        b->max_len = w->len[a] > b->max_len ? w->len[a] : b->max_len;
    }
    struct work k;
    work_init(&k, w->n, w->m);
    if (!symmetric) {
        b->largest = largest_component(h, &k);
        b->dist_upper = b->largest > 0 ? (double)(b->largest - 1) * b->max_len : 0;
        b->vd_upper = b->largest;
        work_free(&k);
        return;
    }
    bool *seen = pn_xcalloc(w->n + 1, sizeof *seen);
    for (size_t c = 0; c < w->n; c++) {
        if (seen[c])
            continue;
        size_t size = 0;
        double up = 2 * component_ecc(w, &k, seen, c, &size);
        /* arcs on a shortest path <= its length / the shortest arc (slack for rounding) */
        double arcs = b->min_len > 0 ? floor(up / b->min_len * (1 + 1e-9)) : 0;
        size_t vd = arcs + 1 < (double)size ? (size_t)arcs + 1 : size;
        b->largest = size > b->largest ? size : b->largest;
        b->dist_upper = up > b->dist_upper ? up : b->dist_upper;
        b->vd_upper = vd > b->vd_upper ? vd : b->vd_upper;
    }
    free(seen);
    work_free(&k);
}
