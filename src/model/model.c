/*
 * model: the in-memory partnership network. Owns every string; builds the
 * hashed id indexes; resolves cross references (parent, members, tie ends,
 * sources, themes, focus) with "did you mean" suggestions and checks the
 * cross-file rules (unique ids, parent cycles, self ties). Never prints,
 * includes no library header.
 */
#include "model/model.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"

void pn_model_init(struct pn_model *m)
{
    memset(m, 0, sizeof *m);
}

/* ---- the pool ------------------------------------------------------------ */

/* The strings and theme arrays of the loaded records, bump-allocated in chunks that are
 * freed together: one malloc per chunk instead of one per string, no per-string header.
 * Three kinds of strings (issue 12):
 * - words (pn_model_intern): types, countries, regions, cities, theme and source
 *   references, roles, attribute keys and values. They repeat, so an intern set stores
 *   each once. The set is an open-addressing table (linear probing, at most 70% full)
 *   of pointers into the chunks with their 32-bit hashes and lengths: a probe reads its
 *   slot, and a string is compared only when both match. pn_model_compact drops it.
 * - text (pn_model_strdup): ids as defined, names, labels, URLs. They seldom repeat, and
 *   each look-up in a large set is a cache miss or two, which made the load 10% slower
 *   when everything was interned: they are only copied.
 * - references to entity ids (pn_model_ref): tie ends, member ids, parents. They are
 *   the most numerous strings of all (two per tie), all equal to an id: they are copied
 *   into arena `refs`, pn_model_resolve points each one at the id it names and frees
 *   that arena when every one was found.
 * A hand-written set: glib's GHashTable would give model/ a second library door for 40
 * lines, and hsearch(3) is one process-wide table whose size is fixed when it is made. */
struct pool_chunk {
    struct pool_chunk *next;
    size_t used, size;  /* bytes of data[] */
    max_align_t data[]; /* aligned for any object */
};

struct arena {
    struct pool_chunk *head; /* the chunk being filled; older chunks follow */
    size_t chunk_size;       /* of the next chunk: doubles from 64 KiB up to 1 MiB */
};

struct set_slot {
    const char *s; /* NULL: empty */
    uint32_t hash, len;
};

struct pn_pool {
    struct arena main;     /* words, text, theme arrays */
    struct arena refs;     /* references, until pn_model_resolve */
    size_t unresolved;     /* references pn_model_resolve could not resolve */
    struct set_slot *set;  /* interned words */
    size_t set_cap, set_n; /* set_cap: a power of two, or 0 */
    bool sealed;           /* pn_model_compact ran: no set any more */
};

#define POOL_FIRST_CHUNK ((size_t)64 * 1024)
#define POOL_MAX_CHUNK ((size_t)1024 * 1024)

static struct pn_pool *pool_of(struct pn_model *m)
{
    if (m->pool == NULL)
        m->pool = pn_xcalloc(1, sizeof *m->pool);
    return m->pool;
}

static void arena_free(struct arena *a)
{
    for (struct pool_chunk *c = a->head, *next; c != NULL; c = next) {
        next = c->next;
        free(c);
    }
    memset(a, 0, sizeof *a);
}

static void pool_free(struct pn_pool *p)
{
    if (p == NULL)
        return;
    arena_free(&p->main);
    arena_free(&p->refs);
    free(p->set);
    free(p);
}

/* size bytes at the given alignment (a power of two, at most max_align_t's). */
static void *arena_take(struct arena *a, size_t size, size_t align)
{
    struct pool_chunk *c = a->head;
    size_t at = c != NULL ? (c->used + align - 1) & ~(align - 1) : 0;
    if (a->chunk_size == 0)
        a->chunk_size = POOL_FIRST_CHUNK;
    if (c == NULL || at > c->size || size > c->size - at) {
        /* a request larger than a quarter chunk gets a chunk of its own, behind the
         * current one, so that the current one keeps filling */
        bool alone = c != NULL && size > a->chunk_size / 4;
        size_t want = alone || size > a->chunk_size ? size : a->chunk_size;
        struct pool_chunk *n = pn_xmalloc(sizeof *n + want);
        n->size = want;
        n->used = 0;
        if (alone) {
            n->next = c->next;
            c->next = n;
            n->used = size;
            return n->data;
        }
        n->next = c;
        a->head = c = n;
        if (a->chunk_size < POOL_MAX_CHUNK)
            a->chunk_size *= 2;
        at = 0;
    }
    c->used = at + size;
    return (char *)c->data + at;
}

static char *arena_strdup(struct arena *a, const char *s, size_t len)
{
    char *copy = arena_take(a, len + 1, 1);
    memcpy(copy, s, len);
    copy[len] = '\0';
    return copy;
}

void *pn_model_pool_alloc(struct pn_model *m, size_t size)
{
    if (size == 0)
        return NULL;
    return arena_take(&pool_of(m)->main, size, _Alignof(max_align_t));
}

char *pn_model_strdup(struct pn_model *m, const char *s, size_t len)
{
    return arena_strdup(&pool_of(m)->main, s, len);
}

char *pn_model_ref(struct pn_model *m, const char *s, size_t len)
{
    return arena_strdup(&pool_of(m)->refs, s, len);
}

static size_t hash_bytes(const char *s, size_t len);

/* The set's slot for s[0, len) of hash h: where it is, or the empty slot where it would go. */
static size_t set_find(const struct pn_pool *p, const char *s, size_t len, uint32_t h)
{
    size_t mask = p->set_cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        const struct set_slot *q = &p->set[i];
        if (q->s == NULL || (q->hash == h && q->len == len && memcmp(q->s, s, len) == 0))
            return i;
    }
}

static void set_grow(struct pn_pool *p)
{
    size_t cap = p->set_cap == 0 ? 1024 : 2 * p->set_cap;
    struct set_slot *old = p->set;
    size_t old_cap = p->set_cap, mask = cap - 1;
    p->set = pn_xcalloc(cap, sizeof *p->set);
    p->set_cap = cap;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].s != NULL) { /* every string is distinct: the first empty slot */
            size_t j = old[i].hash & mask;
            while (p->set[j].s != NULL)
                j = (j + 1) & mask;
            p->set[j] = old[i];
        }
    free(old);
}

char *pn_model_intern(struct pn_model *m, const char *s, size_t len)
{
    struct pn_pool *p = pool_of(m);
    /* strings of 4 GiB and more are copied (the loader's are at most PN_MAX_SCALAR) */
    if (p->sealed || len >= UINT32_MAX)
        return arena_strdup(&p->main, s, len);
    if (10 * (p->set_n + 1) > 7 * p->set_cap)
        set_grow(p);
    uint32_t h = (uint32_t)hash_bytes(s, len);
    size_t slot = set_find(p, s, len, h);
    if (p->set[slot].s == NULL) {
        p->set[slot] = (struct set_slot){arena_strdup(&p->main, s, len), h, (uint32_t)len};
        p->set_n++;
    }
    return (char *)p->set[slot].s;
}

/* Key/value pairs; their strings too unless they are in the pool. */
static void free_kvs(struct pn_kv *kv, size_t n, bool pooled)
{
    for (size_t i = 0; i < n && !pooled; i++) {
        free(kv[i].key);
        free(kv[i].value);
    }
    free(kv);
}

static void free_strv(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static void index_destroy(struct pn_index *ix)
{
    free(ix->entries); /* slots is the same block */
    memset(ix, 0, sizeof *ix);
}

/* A pooled entity's strings and theme arrays go with the pool. */
static void entity_free(struct pn_entity *e)
{
    if (!e->pooled) {
        free(e->id);
        free(e->name);
        free(e->short_name);
        free(e->type);
        free(e->country);
        free(e->region);
        free(e->city);
        free(e->parent);
        free_strv(e->themes, e->n_themes);
        free(e->loc_themes);
        free(e->url);
        free(e->source);
        for (size_t j = 0; j < e->n_members; j++) {
            free(e->members[j].id);
            free(e->members[j].role);
            free(e->members[j].source);
        }
    }
    free_kvs(e->attrs, e->n_attrs, e->pooled);
    free(e->members);
    memset(e, 0, sizeof *e);
}

static void tie_free(struct pn_tie *t)
{
    if (!t->pooled) {
        free(t->a);
        free(t->b);
        free(t->type);
        free(t->label);
        free_strv(t->themes, t->n_themes);
        free(t->loc_themes);
        free(t->source);
    }
    free_kvs(t->attrs, t->n_attrs, t->pooled);
    memset(t, 0, sizeof *t);
}

static void source_free(struct pn_source *s)
{
    if (!s->pooled) {
        free(s->id);
        free(s->title);
        free(s->url);
        free(s->date);
        free(s->publisher);
    }
    memset(s, 0, sizeof *s);
}

static void theme_free(struct pn_theme *t)
{
    if (!t->pooled) {
        free(t->id);
        free(t->label);
        free(t->label_fr);
        free(t->color);
    }
    memset(t, 0, sizeof *t);
}

void pn_model_drop_last_entity(struct pn_model *m)
{
    if (m->n_entities > 0)
        entity_free(&m->entities[--m->n_entities]);
}

void pn_model_drop_last_tie(struct pn_model *m)
{
    if (m->n_ties > 0)
        tie_free(&m->ties[--m->n_ties]);
}

void pn_model_drop_last_source(struct pn_model *m)
{
    if (m->n_sources > 0)
        source_free(&m->sources[--m->n_sources]);
}

void pn_model_drop_last_theme(struct pn_model *m)
{
    if (m->n_themes > 0)
        theme_free(&m->themes[--m->n_themes]);
}

const char *const pn_dimension_names[PN_DIM_N + 1] = {PN_DIMENSIONS(PN_VOCAB_NAME) NULL};

void pn_model_destroy(struct pn_model *m)
{
    if (m == NULL)
        return;
    free(m->title);
    free(m->description);
    free(m->focus);
    for (size_t i = 0; i < m->n_dim_rules; i++)
        free(m->dim_rules[i].key);
    free(m->dim_rules);
    for (size_t i = 0; i < m->n_sources; i++)
        source_free(&m->sources[i]);
    free(m->sources);
    for (size_t i = 0; i < m->n_themes; i++)
        theme_free(&m->themes[i]);
    free(m->themes);
    for (size_t i = 0; i < m->n_entities; i++)
        entity_free(&m->entities[i]);
    free(m->entities);
    for (size_t i = 0; i < m->n_ties; i++)
        tie_free(&m->ties[i]);
    free(m->ties);
    free_kvs(m->meta, m->n_meta, false);
    free_strv(m->files, m->n_files);
    index_destroy(&m->index);
    index_destroy(&m->source_index);
    index_destroy(&m->theme_index);
    pool_free(m->pool);
    memset(m, 0, sizeof *m);
}

size_t pn_model_add_entity(struct pn_model *m, enum pn_kind kind)
{
    pn_xgrow((void **)&m->entities, &m->cap_entities, m->n_entities + 1, sizeof *m->entities);
    struct pn_entity *e = &m->entities[m->n_entities];
    memset(e, 0, sizeof *e);
    e->kind = kind;
    e->since = PN_YEAR_UNSET;
    e->until = PN_YEAR_UNSET;
    e->parent_index = PN_NONE;
    return m->n_entities++;
}

size_t pn_model_add_tie(struct pn_model *m)
{
    pn_xgrow((void **)&m->ties, &m->cap_ties, m->n_ties + 1, sizeof *m->ties);
    struct pn_tie *t = &m->ties[m->n_ties];
    memset(t, 0, sizeof *t);
    t->ia = PN_NONE;
    t->ib = PN_NONE;
    t->since = PN_YEAR_UNSET;
    t->until = PN_YEAR_UNSET;
    t->weight = 1.0;
    return m->n_ties++;
}

size_t pn_model_add_source(struct pn_model *m)
{
    pn_xgrow((void **)&m->sources, &m->cap_sources, m->n_sources + 1, sizeof *m->sources);
    memset(&m->sources[m->n_sources], 0, sizeof *m->sources);
    return m->n_sources++;
}

size_t pn_model_add_theme(struct pn_model *m)
{
    pn_xgrow((void **)&m->themes, &m->cap_themes, m->n_themes + 1, sizeof *m->themes);
    memset(&m->themes[m->n_themes], 0, sizeof *m->themes);
    return m->n_themes++;
}

size_t pn_model_add_meta(struct pn_model *m, const char *key, const char *value,
                         const struct pn_loc *loc)
{
    pn_xgrow((void **)&m->meta, &m->cap_meta, m->n_meta + 1, sizeof *m->meta);
    struct pn_kv *kv = &m->meta[m->n_meta];
    kv->key = pn_xstrdup(key);
    kv->value = pn_xstrdup(value != NULL ? value : "");
    if (loc != NULL)
        kv->loc = *loc;
    else
        memset(&kv->loc, 0, sizeof kv->loc);
    return m->n_meta++;
}

/* Cuts *arr (n elements of elem bytes, capacity *cap) to n. */
static void shrink(void **arr, size_t *cap, size_t n, size_t elem)
{
    if (*arr == NULL || *cap == n)
        return;
    if (n == 0) {
        free(*arr);
        *arr = NULL;
    } else {
        *arr = pn_xrealloc(*arr, n * elem);
    }
    *cap = n;
}

void pn_model_compact(struct pn_model *m)
{
    shrink((void **)&m->entities, &m->cap_entities, m->n_entities, sizeof *m->entities);
    shrink((void **)&m->ties, &m->cap_ties, m->n_ties, sizeof *m->ties);
    for (size_t i = 0; i < m->n_entities; i++) {
        struct pn_entity *e = &m->entities[i];
        size_t cap = SIZE_MAX; /* unknown: the loader's own count */
        if (e->members != NULL)
            shrink((void **)&e->members, &cap, e->n_members, sizeof *e->members);
    }
    if (m->pool != NULL) {
        free(m->pool->set);
        m->pool->set = NULL;
        m->pool->set_cap = m->pool->set_n = 0;
        m->pool->sealed = true;
    }
}

const char *pn_model_intern_file(struct pn_model *m, const char *path)
{
    pn_xgrow((void **)&m->files, &m->cap_files, m->n_files + 1, sizeof *m->files);
    m->files[m->n_files] = pn_xstrdup(path);
    return m->files[m->n_files++];
}

/* ---- marks ---------------------------------------------------------------- */

#define MARK_POS_BITS 26
#define MARK_POS_MAX ((1u << MARK_POS_BITS) - 1)
#define MARK_FILE_MAX ((1u << (64 - 2 * MARK_POS_BITS)) - 1)

static uint64_t mark_clamp(int v, unsigned max)
{
    return v <= 0 ? 0 : (unsigned)v > max ? max : (uint64_t)v;
}

struct pn_mark pn_model_mark(const struct pn_model *m, const struct pn_loc *loc)
{
    struct pn_mark k = {0};
    if (loc == NULL || loc->line <= 0)
        return k;
    size_t f = 0; /* no file */
    /* the loader marks the file it is reading, the last one interned */
    for (size_t i = m->n_files; loc->file != NULL && i > 0; i--)
        if (m->files[i - 1] == loc->file) {
            f = i;
            break;
        }
    k.bits = mark_clamp(loc->line, MARK_POS_MAX) |
             mark_clamp(loc->col, MARK_POS_MAX) << MARK_POS_BITS |
             (uint64_t)(f > MARK_FILE_MAX ? 0 : f) << (2 * MARK_POS_BITS);
    return k;
}

struct pn_loc pn_model_loc(const struct pn_model *m, struct pn_mark k)
{
    struct pn_loc l = {NULL, 0, 0};
    if (k.bits == 0)
        return l;
    size_t f = (size_t)(k.bits >> (2 * MARK_POS_BITS));
    l.file = f > 0 && f <= m->n_files ? m->files[f - 1] : NULL;
    l.line = (int)(k.bits & MARK_POS_MAX);
    l.col = (int)((k.bits >> MARK_POS_BITS) & MARK_POS_MAX);
    return l;
}

int pn_mark_line(struct pn_mark k)
{
    return (int)(k.bits & MARK_POS_MAX);
}

/* ---- hash indexes ------------------------------------------------------ */

/* FNV-1a, 64 bit, of len bytes */
static size_t hash_bytes(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603u;
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211u;
    }
    return (size_t)(h ^ (h >> 29));
}

static size_t hash_str(const char *s)
{
    return hash_bytes(s, strlen(s));
}

/* Ids of `n` records of size `stride`, the id pointer at byte `off`. */
static const char *rec_id(const void *base, size_t stride, size_t off, size_t i)
{
    const char *rec = (const char *)base + i * stride;
    const char *id;
    memcpy(&id, rec + off, sizeof id);
    return id;
}

/* Builds ix over the records; a repeated id keeps its first record, and
 * (when dups is not NULL) each repetition is listed as a pair {i, first}. */
static void index_build(struct pn_index *ix, const void *base, size_t n, size_t stride, size_t off,
                        size_t **dups, size_t *n_dups)
{
    size_t cap = 16, cap_dups = 0;
    while (cap < 2 * n + 1)
        cap *= 2;
    if (ix->cap != cap || ix->entries == NULL) {
        free(ix->entries);
        ix->entries = pn_xcalloc(cap, sizeof *ix->entries);
        /* slots aliases the block, so that code freeing `slots` (shallow model
         * copies) keeps releasing the index */
        ix->slots = (size_t *)(void *)ix->entries;
        ix->cap = cap;
    } else {
        memset(ix->entries, 0, cap * sizeof *ix->entries);
    }
    ix->n = 0;
    for (size_t i = 0; i < n; i++) {
        const char *id = rec_id(base, stride, off, i);
        if (id == NULL)
            continue;
        size_t hash = hash_str(id), h = hash & (cap - 1);
        for (;;) {
            struct pn_index_entry *e = &ix->entries[h];
            if (e->id == NULL) {
                e->id = id;
                e->index = i;
                e->hash = hash;
                ix->n++;
                break;
            }
            if (e->hash == hash && strcmp(e->id, id) == 0) {
                /* keep the first definition */
                if (dups != NULL) {
                    pn_xgrow((void **)dups, &cap_dups, 2 * (*n_dups + 1), sizeof **dups);
                    (*dups)[2 * *n_dups] = i;
                    (*dups)[2 * *n_dups + 1] = e->index;
                    (*n_dups)++;
                }
                break;
            }
            h = (h + 1) & (cap - 1);
        }
    }
}

/* The record of id, or PN_NONE; *found (when found is not NULL) gets the record's id
 * string, from the index entry (the record itself is not read). */
static size_t index_lookup(const struct pn_index *ix, const void *base, size_t n, size_t stride,
                           size_t off, const char *id, const char **found)
{
    if (found != NULL)
        *found = NULL;
    if (id == NULL)
        return PN_NONE;
    if (ix->cap == 0 || ix->entries == NULL) {
        /* index not built yet (before resolution): plain scan */
        for (size_t i = 0; i < n; i++) {
            const char *r = rec_id(base, stride, off, i);
            if (r != NULL && strcmp(r, id) == 0) {
                if (found != NULL)
                    *found = r;
                return i;
            }
        }
        return PN_NONE;
    }
    size_t hash = hash_str(id), h = hash & (ix->cap - 1);
    for (;;) {
        const struct pn_index_entry *e = &ix->entries[h];
        if (e->id == NULL)
            return PN_NONE;
        /* a pooled reference is the record's own string: no need to compare bytes; other
         * strings only when the hashes match (each compare reads a record's id from
         * elsewhere in memory: a cache miss per probe at 1M ids) */
        if (e->index < n && (e->id == id || (e->hash == hash && strcmp(e->id, id) == 0))) {
            if (found != NULL)
                *found = e->id;
            return e->index;
        }
        h = (h + 1) & (ix->cap - 1);
    }
}

static size_t index_find(const struct pn_index *ix, const void *base, size_t n, size_t stride,
                         size_t off, const char *id)
{
    return index_lookup(ix, base, n, stride, off, id, NULL);
}

#define ENT_ARGS(m)                                                                                \
    (m)->entities, (m)->n_entities, sizeof(struct pn_entity), offsetof(struct pn_entity, id)
#define SRC_ARGS(m)                                                                                \
    (m)->sources, (m)->n_sources, sizeof(struct pn_source), offsetof(struct pn_source, id)
#define THM_ARGS(m)                                                                                \
    (m)->themes, (m)->n_themes, sizeof(struct pn_theme), offsetof(struct pn_theme, id)

void pn_model_index_rebuild(struct pn_model *m)
{
    index_build(&m->index, ENT_ARGS(m), NULL, NULL);
    index_build(&m->source_index, SRC_ARGS(m), NULL, NULL);
    index_build(&m->theme_index, THM_ARGS(m), NULL, NULL);
}

size_t pn_model_find(const struct pn_model *m, const char *id)
{
    return index_find(&m->index, ENT_ARGS(m), id);
}

const struct pn_source *pn_model_find_source(const struct pn_model *m, const char *id)
{
    size_t i = index_find(&m->source_index, SRC_ARGS(m), id);
    return i == PN_NONE ? NULL : &m->sources[i];
}

const struct pn_theme *pn_model_find_theme(const struct pn_model *m, const char *id)
{
    size_t i = index_find(&m->theme_index, THM_ARGS(m), id);
    return i == PN_NONE ? NULL : &m->themes[i];
}

/* Closest id among n records: an exact case-insensitive match first (a
 * hashed look-up of the lower-cased word), then the smallest edit distance
 * within pn_closest's limit. Linear, but only ever run for an error. */
static const char *closest_in(const struct pn_index *ix, const void *base, size_t n, size_t stride,
                              size_t off, const char *word)
{
    if (word == NULL)
        return NULL;
    char *lower = pn_xstrdup(word);
    for (char *p = lower; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    size_t hit = strcmp(lower, word) != 0 ? index_find(ix, base, n, stride, off, lower) : PN_NONE;
    free(lower);
    if (hit != PN_NONE)
        return rec_id(base, stride, off, hit);
    size_t lw = strlen(word);
    size_t limit = lw / 3 < 2 ? 2 : lw / 3;
    const char *best = NULL;
    size_t best_d = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        const char *c = rec_id(base, stride, off, i);
        if (c == NULL)
            continue;
        size_t lc = strlen(c);
        size_t diff = lw > lc ? lw - lc : lc - lw;
        if (diff > limit || diff >= best_d)
            continue;
        size_t dist = pn_edit_distance(word, c);
        if (dist <= limit && dist < best_d && strcmp(c, word) != 0) {
            best = c;
            best_d = dist;
        }
    }
    return best;
}

const char *pn_model_closest_id(const struct pn_model *m, const char *id)
{
    return closest_in(&m->index, ENT_ARGS(m), id);
}

/* ---- resolution ----------------------------------------------------------- */

/* " (did you mean 'x'?)" or "" */
static void suggestion(struct pn_strbuf *sb, const char *best)
{
    pn_strbuf_reset(sb);
    if (best != NULL)
        pn_strbuf_appendf(sb, " (did you mean '%s'?)", best);
}

/* Suggestions are linear in the number of ids: skip them once the diag is full. */
static bool diag_full(const struct pn_diag *d)
{
    return d->n_errors >= PN_DIAG_MAX_ERRORS;
}

/* The entity *ref names, or PN_NONE after an error. A resolved reference of a pooled
 * record is pointed at the entity's id (its copy in the pool's references can go). */
static size_t resolve_ref(struct pn_model *m, struct pn_diag *d, struct pn_strbuf *sb, char **ref,
                          bool pooled, const struct pn_loc *loc, const char *what)
{
    const char *id = *ref, *found;
    if (id == NULL)
        return PN_NONE;
    size_t i = index_lookup(&m->index, ENT_ARGS(m), id, &found);
    if (i != PN_NONE) {
        if (pooled)
            *ref = (char *)found;
        return i;
    }
    if (pooled && m->pool != NULL)
        m->pool->unresolved++;
    char buf[PN_SHOWN_SIZE];
    suggestion(sb, diag_full(d) ? NULL : pn_model_closest_id(m, id));
    pn_diag_error(d, loc, "unknown id '%s' in '%s'%s", pn_shown(buf, id), what, pn_strbuf_str(sb));
    return PN_NONE;
}

static size_t resolve_id(struct pn_model *m, struct pn_diag *d, struct pn_strbuf *sb,
                         const char *id, const struct pn_loc *loc, const char *what)
{
    char *ref = (char *)id; /* not pooled: left as it is */
    return resolve_ref(m, d, sb, &ref, false, loc, what);
}

static void check_source(struct pn_model *m, struct pn_diag *d, struct pn_strbuf *sb,
                         const char *id, const struct pn_loc *loc)
{
    if (id == NULL || pn_model_find_source(m, id) != NULL)
        return;
    char buf[PN_SHOWN_SIZE];
    suggestion(sb, diag_full(d) ? NULL : closest_in(&m->source_index, SRC_ARGS(m), id));
    pn_diag_error(d, loc, "unknown source '%s'%s", pn_shown(buf, id), pn_strbuf_str(sb));
}

static void check_themes(struct pn_model *m, struct pn_diag *d, struct pn_strbuf *sb, char **themes,
                         const struct pn_mark *locs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (themes[i] == NULL || pn_model_find_theme(m, themes[i]) != NULL)
            continue;
        char buf[PN_SHOWN_SIZE];
        struct pn_loc l = pn_model_loc(m, locs != NULL ? locs[i] : (struct pn_mark){0});
        suggestion(sb, diag_full(d) ? NULL : closest_in(&m->theme_index, THM_ARGS(m), themes[i]));
        pn_diag_error(d, l.line > 0 ? &l : NULL, "unknown theme '%s'%s", pn_shown(buf, themes[i]),
                      pn_strbuf_str(sb));
    }
}

/* loc: the mark of until, or (unset) of the record */
static void check_years(const struct pn_model *m, struct pn_diag *d, int since, int until,
                        struct pn_mark at_until, struct pn_mark at_record)
{
    if (since != PN_YEAR_UNSET && until != PN_YEAR_UNSET && since > until) {
        struct pn_loc l = pn_model_loc(m, pn_mark_line(at_until) > 0 ? at_until : at_record);
        pn_diag_error(d, &l, "'since' %d is after 'until' %d", since, until);
    }
}

/* The location at byte loc_off of record i: a struct pn_mark when mark, else a pn_loc. */
static struct pn_loc rec_loc(const struct pn_model *m, const void *base, size_t stride,
                             size_t loc_off, bool mark, size_t i)
{
    const char *at = (const char *)base + i * stride + loc_off;
    struct pn_loc l;
    if (mark) {
        struct pn_mark k;
        memcpy(&k, at, sizeof k);
        return pn_model_loc(m, k);
    }
    memcpy(&l, at, sizeof l);
    return l;
}

/* Builds ix and reports every repeated id, naming the first definition. */
static void build_and_report(const struct pn_model *m, struct pn_diag *d, struct pn_index *ix,
                             const void *base, size_t n, size_t stride, size_t off, size_t loc_off,
                             bool mark, const char *what)
{
    size_t *dups = NULL, n_dups = 0;
    index_build(ix, base, n, stride, off, &dups, &n_dups);
    for (size_t k = 0; k < n_dups; k++) {
        size_t i = dups[2 * k], first = dups[2 * k + 1];
        struct pn_loc here = rec_loc(m, base, stride, loc_off, mark, i);
        struct pn_loc there = rec_loc(m, base, stride, loc_off, mark, first);
        const char *id = rec_id(base, stride, off, i);
        char buf[PN_SHOWN_SIZE];
        if (there.line > 0 && there.file != NULL)
            pn_diag_error(d, &here, "duplicate %s id '%s' (first defined at %s:%d:%d)", what,
                          pn_shown(buf, id), there.file, there.line, there.col);
        else
            pn_diag_error(d, &here, "duplicate %s id '%s'", what, pn_shown(buf, id));
    }
    free(dups);
}

/* Two periods overlap; an unset since/until is open-ended. */
static bool periods_overlap(int since_a, int until_a, int since_b, int until_b)
{
    int lo_a = since_a == PN_YEAR_UNSET ? INT_MIN : since_a;
    int hi_a = until_a == PN_YEAR_UNSET ? INT_MAX : until_a;
    int lo_b = since_b == PN_YEAR_UNSET ? INT_MIN : since_b;
    int hi_b = until_b == PN_YEAR_UNSET ? INT_MAX : until_b;
    return (lo_a > lo_b ? lo_a : lo_b) <= (hi_a < hi_b ? hi_a : hi_b);
}

/* Parents, members and their sources, themes and years of every entity. */
static void resolve_entities(struct pn_model *m, struct pn_diag *d, struct pn_strbuf *sb)
{
    for (size_t i = 0; i < m->n_entities; i++) {
        struct pn_entity *e = &m->entities[i];
        if (e->parent != NULL) {
            struct pn_loc lp = pn_model_loc(m, e->loc_parent);
            e->parent_index = resolve_ref(m, d, sb, &e->parent, e->pooled, &lp, "parent");
            if (e->parent_index == i) {
                pn_diag_error(d, &lp, "'%s' is its own parent", e->id);
                e->parent_index = PN_NONE;
            }
        }
        if (e->source != NULL) {
            struct pn_loc ls = pn_model_loc(m, e->loc_source);
            check_source(m, d, sb, e->source, &ls);
        }
        check_themes(m, d, sb, e->themes, e->loc_themes, e->n_themes);
        check_years(m, d, e->since, e->until, e->loc_until, e->loc);
        for (size_t j = 0; j < e->n_members; j++) {
            struct pn_member *mb = &e->members[j];
            struct pn_loc lm = pn_model_loc(m, mb->loc);
            mb->entity = resolve_ref(m, d, sb, &mb->id, e->pooled, &lm, "members");
            if (mb->entity == i) {
                pn_diag_error(d, &lm, "group '%s' lists itself as a member", e->id);
                mb->entity = PN_NONE;
            }
            if (mb->source != NULL) {
                struct pn_loc ls = pn_model_loc(m, mb->loc_source);
                check_source(m, d, sb, mb->source, &ls);
            }
            check_years(m, d, mb->since, mb->until, mb->loc_until, mb->loc);
        }
    }
}

/* schema: a group lists a member once per period; the same member twice
 * with overlapping periods would count the membership twice. Entries with
 * disjoint periods (left, then rejoined) are fine. One pass, stamped by group. */
static void check_member_overlaps(const struct pn_model *m, struct pn_diag *d)
{
    if (m->n_entities == 0)
        return;
    size_t *seen_group = pn_xcalloc(m->n_entities, sizeof *seen_group);
    size_t *seen_member = pn_xcalloc(m->n_entities, sizeof *seen_member);
    for (size_t i = 0; i < m->n_entities; i++) {
        const struct pn_entity *e = &m->entities[i];
        for (size_t j = 0; j < e->n_members; j++) {
            const struct pn_member *mb = &e->members[j];
            if (mb->entity == PN_NONE)
                continue;
            if (seen_group[mb->entity] == i + 1) {
                const struct pn_member *prev = &e->members[seen_member[mb->entity]];
                struct pn_loc lm = pn_model_loc(m, mb->loc);
                if (periods_overlap(prev->since, prev->until, mb->since, mb->until))
                    pn_diag_error(d, &lm,
                                  "'%s' is listed twice as a member of '%s' (first at "
                                  "line %d) with overlapping periods",
                                  mb->id, e->id, pn_mark_line(prev->loc));
            }
            seen_group[mb->entity] = i + 1;
            seen_member[mb->entity] = j;
        }
    }
    free(seen_member);
    free(seen_group);
}

/* parent cycles: iterative colouring, each chain walked once */
static void check_parent_cycles(const struct pn_model *m, struct pn_diag *d, struct pn_strbuf *sb)
{
    if (m->n_entities == 0)
        return;
    unsigned char *state = pn_xcalloc(m->n_entities, 1); /* 0 new, 1 on path, 2 done */
    for (size_t i = 0; i < m->n_entities; i++) {
        size_t v = i;
        while (v != PN_NONE && state[v] == 0) {
            state[v] = 1;
            v = m->entities[v].parent_index;
        }
        if (v != PN_NONE && state[v] == 1) {
            /* v is on a cycle found from i: report once, at v's parent key */
            const struct pn_entity *e = &m->entities[v];
            pn_strbuf_reset(sb);
            size_t w = v;
            do {
                pn_strbuf_appendf(sb, "'%s' -> ", m->entities[w].id);
                w = m->entities[w].parent_index;
            } while (w != v && w != PN_NONE);
            pn_strbuf_appendf(sb, "'%s'", e->id);
            struct pn_loc lp = pn_model_loc(m, e->loc_parent);
            pn_diag_error(d, &lp, "parent cycle: %s", pn_strbuf_str(sb));
        }
        for (v = i; v != PN_NONE && state[v] == 1; v = m->entities[v].parent_index)
            state[v] = 2;
    }
    free(state);
}

/* Tie ends, self ties, and the ties' sources, themes and years. */
static void resolve_ties(struct pn_model *m, struct pn_diag *d, struct pn_strbuf *sb)
{
    for (size_t i = 0; i < m->n_ties; i++) {
        struct pn_tie *t = &m->ties[i];
        const char *wa = t->directed ? "from" : "between";
        const char *wb = t->directed ? "to" : "between";
        struct pn_loc la = pn_model_loc(m, t->loc_a), lb = pn_model_loc(m, t->loc_b);
        t->ia = resolve_ref(m, d, sb, &t->a, t->pooled, &la, wa);
        t->ib = resolve_ref(m, d, sb, &t->b, t->pooled, &lb, wb);
        if (t->a != NULL && t->b != NULL && strcmp(t->a, t->b) == 0)
            pn_diag_error(d, &lb, "tie connects '%s' to itself", t->a);
        if (t->source != NULL) {
            struct pn_loc ls = pn_model_loc(m, t->loc_source);
            check_source(m, d, sb, t->source, &ls);
        }
        check_themes(m, d, sb, t->themes, t->loc_themes, t->n_themes);
        check_years(m, d, t->since, t->until, t->loc_until, t->loc);
    }
}

/* Every cross-file check, in the order its messages are reported. */
static void resolve_checks(struct pn_model *m, struct pn_diag *d)
{
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    if (m->pool != NULL)
        m->pool->unresolved = 0;
    /* schema: ids are global across the merged set */
    build_and_report(m, d, &m->index, ENT_ARGS(m), offsetof(struct pn_entity, loc_id), true,
                     "entity");
    build_and_report(m, d, &m->source_index, SRC_ARGS(m), offsetof(struct pn_source, loc), false,
                     "source");
    build_and_report(m, d, &m->theme_index, THM_ARGS(m), offsetof(struct pn_theme, loc), false,
                     "theme");
    resolve_entities(m, d, &sb);
    check_member_overlaps(m, d);
    check_parent_cycles(m, d, &sb);
    resolve_ties(m, d, &sb);
    if (m->focus != NULL)
        (void)resolve_id(m, d, &sb, m->focus, &m->loc_focus, "focus");
    pn_strbuf_destroy(&sb);
    /* every reference now points at an id: their copies can go */
    if (m->pool != NULL && m->pool->unresolved == 0)
        arena_free(&m->pool->refs);
}

/* Message order for users: files in reading order, then line, then column. */
struct msg_key {
    size_t rank; /* index of the file in m->files */
    int line, col;
    size_t idx; /* in the temporary diag: keeps equal keys in check order */
};

static int cmp_msg_key(const void *pa, const void *pb)
{
    const struct msg_key *a = pa, *b = pb;
    if (a->rank != b->rank)
        return a->rank < b->rank ? -1 : 1;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    if (a->col != b->col)
        return a->col < b->col ? -1 : 1;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

enum pn_status pn_model_resolve(struct pn_model *m, struct pn_diag *d)
{
    size_t errors_before = d->n_errors;
    struct pn_diag tmp;
    pn_diag_init(&tmp);
    resolve_checks(m, &tmp);
    /* at most PN_DIAG_MAX_ERRORS stored messages: the file look-up is cheap */
    struct msg_key *keys = pn_xcalloc(tmp.n_msgs + 1, sizeof *keys);
    for (size_t i = 0; i < tmp.n_msgs; i++) {
        keys[i].rank = SIZE_MAX;
        for (size_t f = 0; tmp.msgs[i].file != NULL && f < m->n_files; f++)
            if (strcmp(m->files[f], tmp.msgs[i].file) == 0) {
                keys[i].rank = f;
                break;
            }
        keys[i].line = tmp.msgs[i].line;
        keys[i].col = tmp.msgs[i].col;
        keys[i].idx = i;
    }
    qsort(keys, tmp.n_msgs, sizeof *keys, cmp_msg_key);
    for (size_t i = 0; i < tmp.n_msgs; i++) {
        const struct pn_diag_msg *msg = &tmp.msgs[keys[i].idx];
        struct pn_loc loc = {msg->file, msg->line, msg->col};
        if (msg->sev == PN_SEV_ERROR)
            pn_diag_error(d, &loc, "%s", msg->text);
        else
            pn_diag_warning(d, &loc, "%s", msg->text);
    }
    free(keys);
    d->n_errors += tmp.n_dropped;
    d->n_dropped += tmp.n_dropped;
    pn_diag_destroy(&tmp);
    return d->n_errors > errors_before ? PN_EINPUT : PN_OK;
}

bool pn_model_active(int since, int until, int year)
{
    if (since != PN_YEAR_UNSET && year < since)
        return false;
    if (until != PN_YEAR_UNSET && year > until)
        return false;
    return true;
}

const char *pn_kind_name(enum pn_kind k)
{
    switch (k) {
    case PN_KIND_INSTITUTION:
        return "institution";
    case PN_KIND_ALLIANCE:
        return "alliance";
    case PN_KIND_NETWORK:
        return "network";
    }
    return "institution";
}

const char *pn_entity_label(const struct pn_entity *e)
{
    if (e->short_name != NULL && e->short_name[0] != '\0')
        return e->short_name;
    if (e->name != NULL)
        return e->name;
    return e->id != NULL ? e->id : "";
}
