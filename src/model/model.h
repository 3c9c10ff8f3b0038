/*
 * model: the partnership network as read from YAML: entities (institutions,
 * alliances, networks), memberships, ties, sources, themes; the id index;
 * cross-reference resolution and validation; the --at / --theme filters.
 * Includes no library header. Must not print.
 * Ownership: the model owns every string and array in it (the loader copies
 * scalars out of libyaml events). Other rooms borrow const pointers for the
 * model's lifetime. Pointers into entities/ties move when the arrays grow:
 * keep indices, not pointers, while loading.
 * The pool (issue 12): a record whose `pooled` is true (every entity, tie, source
 * and theme the loader makes) has its strings and its theme arrays in the model's
 * pool, freed all at once by pn_model_destroy. Equal strings are stored once and
 * shared (interned): never modify or free them. Its other arrays (members, attrs)
 * are on the heap. A record built by hand (pooled false, as pn_model_add_* leaves
 * it) owns heap strings and arrays that pn_model_destroy frees one by one.
 */
#ifndef PN_MODEL_H
#define PN_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"
#include "base/vocab.h"

#define PN_NONE SIZE_MAX /* "no index" */
#define PN_YEAR_UNSET 0  /* since/until not given */

enum pn_kind { PN_KIND_INSTITUTION = 0, PN_KIND_ALLIANCE = 1, PN_KIND_NETWORK = 2 };

/* Where a value of an entity, member or tie was written, packed in 8 bytes (issue 12):
 * a struct pn_loc takes 16 and a tie has eight of them. Line and column (1-based, the
 * column in characters) take 26 bits each, which hold any place in a file of at most
 * the loader's 64 MiB, and the file its place in m->files plus one (12 bits). Zero
 * bits: not written (a pn_loc of line 0). Read with pn_model_loc or pn_mark_line. */
struct pn_mark {
    uint64_t bits;
};

/* A free key/value pair: `attrs:` entries and `x-*` metadata (value kept as text). */
struct pn_kv {
    char *key;
    char *value;
    struct pn_loc loc;
};

/* A membership of entity `id` in a group (alliance or network). */
struct pn_member {
    char *id;      /* as written */
    size_t entity; /* resolved index into model.entities, PN_NONE before resolution */
    char *role;    /* NULL if not given */
    int since, until;
    char *source;       /* NULL: inherits the group's source */
    struct pn_mark loc; /* of the id scalar */
    struct pn_mark loc_role, loc_source, loc_since, loc_until; /* unset when absent */
};

struct pn_entity {
    enum pn_kind kind;
    bool pooled; /* strings and theme arrays in the model's pool (see the top) */
    char *id;
    char *name;
    char *short_name; /* `short`, NULL if absent */
    char *type;       /* institutions: one of the fixed types; groups: free text; NULL if absent */
    char *country;    /* ISO 3166-1 alpha-2, upper case; NULL if absent */
    char *region;
    char *city;
    bool has_location;
    double lat, lon;
    char *parent;        /* parent id as written, NULL if none */
    size_t parent_index; /* resolved, PN_NONE if none */
    char **themes;
    size_t n_themes;
    int since, until; /* PN_YEAR_UNSET when not given */
    char *url;
    char *source;
    struct pn_kv *attrs;
    size_t n_attrs;
    /* groups only (kind != PN_KIND_INSTITUTION) */
    struct pn_member *members;
    size_t n_members;
    /* locations for later checks (pn_model_loc) */
    struct pn_mark loc;    /* of the entity mapping (its first key) */
    struct pn_mark loc_id; /* of the id value */
    struct pn_mark loc_parent;
    struct pn_mark loc_source;
    struct pn_mark *loc_themes;                    /* n_themes entries */
    struct pn_mark loc_since, loc_until, loc_type; /* of the values; unset when absent */
};

struct pn_tie {
    char *a, *b;   /* ends as written: between[0], between[1] or from, to */
    size_t ia, ib; /* resolved entity indices, PN_NONE before resolution */
    bool directed; /* from/to */
    bool pooled;   /* strings and theme arrays in the model's pool (see the top) */
    char *type;    /* "agreement", ... or free text; never NULL after loading ("other" default) */
    char *label;
    char **themes;
    size_t n_themes;
    int since, until;
    double weight; /* > 0, default 1 */
    char *source;
    struct pn_kv *attrs;
    size_t n_attrs;
    struct pn_mark loc, loc_a, loc_b, loc_source; /* pn_model_loc */
    struct pn_mark *loc_themes;
    struct pn_mark loc_since, loc_until, loc_weight, loc_type; /* unset when absent */
};

/* Partnership dimensions (issue 14, docs/portfolio.md): enum constant, name. */
#define PN_DIMENSIONS(X) X(RESEARCH, "research") X(TRAINING, "training") X(INNOVATION, "innovation")
#define PN_DIM_ENUM(id, ...) PN_DIM_##id,
enum pn_dimension { PN_DIMENSIONS(PN_DIM_ENUM) };
#undef PN_DIM_ENUM
enum { PN_DIM_N = 0 PN_DIMENSIONS(PN_VOCAB_COUNT) };
extern const char *const pn_dimension_names[PN_DIM_N + 1]; /* NULL-terminated */

/* A row of the top-level `dimensions:` mapping: a tie type or a word of a group's type,
 * and the dimensions it stands for (bit 1 << enum pn_dimension). */
struct pn_dim_rule {
    char *key;
    unsigned dims;
    struct pn_loc loc; /* of the key */
};

struct pn_source {
    char *id;
    char *title;
    char *url;
    char *date; /* as written (YYYY, YYYY-MM or YYYY-MM-DD) */
    char *publisher;
    struct pn_loc loc;
    bool pooled; /* strings in the model's pool (see the top) */
};

struct pn_theme {
    char *id;
    char *label;    /* English label, defaults to id */
    char *label_fr; /* French label, may be NULL */
    char *color;    /* "#rrggbb" or NULL */
    struct pn_loc loc;
    bool pooled; /* strings in the model's pool (see the top) */
};

/* Hash index id -> entity index (open addressing). */
struct pn_index_entry {
    const char *id; /* borrowed from the record; NULL = empty slot */
    size_t index;   /* the record's index */
    size_t hash;    /* of id: a probe compares strings only when it matches */
};

struct pn_index {
    size_t *slots; /* the same allocation as entries (free one of them, not both) */
    size_t cap;    /* power of two */
    size_t n;
    struct pn_index_entry *entries; /* cap entries, open addressing, linear probing */
};

struct pn_pool; /* the string pool: model.c */

struct pn_model {
    int format_version; /* `partnet:` key, 1 */
    char *title;
    char *description;
    char *focus; /* `focus:` entity id, NULL if absent */
    struct pn_loc loc_focus;
    struct pn_source *sources;
    size_t n_sources, cap_sources;
    struct pn_theme *themes;
    size_t n_themes, cap_themes;
    struct pn_entity *entities; /* institutions, alliances and networks, in input order */
    size_t n_entities, cap_entities;
    struct pn_tie *ties;
    size_t n_ties, cap_ties;
    struct pn_kv *meta; /* top-level and per-file `x-*` keys */
    size_t n_meta, cap_meta;
    char **files; /* every file read, in reading order; pn_loc.file points here */
    size_t n_files, cap_files;
    struct pn_index index;
    /* added by the loader room: */
    struct pn_index source_index; /* id -> sources[] index, built by pn_model_resolve */
    struct pn_index theme_index;  /* id -> themes[] index */
    struct pn_loc loc_format, loc_title, loc_description; /* where set; line 0 if not */
    struct pn_dim_rule *dim_rules; /* `dimensions:` (issue 14), in input order */
    size_t n_dim_rules, cap_dim_rules;
    struct pn_pool *pool; /* NULL until the first pooled string (a copy of the model borrows it) */
};

void pn_model_init(struct pn_model *m);
void pn_model_destroy(struct pn_model *m); /* accepts a zeroed model */

/* Append a zeroed element and return its index (the loader fills it in).
 * Years start at PN_YEAR_UNSET, indices at PN_NONE, weight at 1. */
size_t pn_model_add_entity(struct pn_model *m, enum pn_kind kind);
size_t pn_model_add_tie(struct pn_model *m);
size_t pn_model_add_source(struct pn_model *m);
size_t pn_model_add_theme(struct pn_model *m);
/* Remove the last entity / tie / source / theme (the loader drops an item it
 * could not use); does nothing when there is none. */
void pn_model_drop_last_entity(struct pn_model *m);
void pn_model_drop_last_tie(struct pn_model *m);
void pn_model_drop_last_source(struct pn_model *m);
void pn_model_drop_last_theme(struct pn_model *m);
/* Append a copy of key/value (value NULL -> "") to m->meta; returns its index. */
size_t pn_model_add_meta(struct pn_model *m, const char *key, const char *value,
                         const struct pn_loc *loc);
/* The pool (issue 12). Each returns a pooled copy of s[0, len) with a final NUL (s need
 * not be NUL-terminated); never modify or free it. pn_model_intern: a word that repeats
 * (a type, a country, a theme or source reference), stored once and shared with every
 * equal word interned before. pn_model_strdup: text that seldom repeats (ids as
 * defined, names), copied. pn_model_ref: a reference to an entity id (a tie end, a
 * member, a parent): pn_model_resolve points it at the entity's own id, and the copies
 * are freed once every reference is resolved. pn_model_pool_alloc returns size bytes
 * (uninitialised, aligned for any object; size 0 gives NULL) that live as long as the
 * model. pn_model_compact, once loading is done, cuts the entity, tie and member arrays
 * to their lengths and drops the intern table (later words are copied, not shared). */
char *pn_model_intern(struct pn_model *m, const char *s, size_t len);
char *pn_model_strdup(struct pn_model *m, const char *s, size_t len);
char *pn_model_ref(struct pn_model *m, const char *s, size_t len);
void *pn_model_pool_alloc(struct pn_model *m, size_t size);
void pn_model_compact(struct pn_model *m);

/* Marks (struct pn_mark): pn_model_mark packs loc, whose file must be one of m->files
 * (pn_model_intern_file; line 0 gives the unset mark; a line or column past 26 bits is
 * kept at the largest); pn_model_loc unpacks it (line 0 and file NULL when unset). */
struct pn_mark pn_model_mark(const struct pn_model *m, const struct pn_loc *loc);
struct pn_loc pn_model_loc(const struct pn_model *m, struct pn_mark k);
int pn_mark_line(struct pn_mark k); /* 0 when unset */

/* Returns a stable, model-owned copy of path for use in pn_loc.file. */
const char *pn_model_intern_file(struct pn_model *m, const char *path);

/* Entity index for id, or PN_NONE. O(1) expected; valid after pn_model_resolve
 * (or after pn_model_index_rebuild). */
size_t pn_model_find(const struct pn_model *m, const char *id);
void pn_model_index_rebuild(struct pn_model *m);
/* The known entity id closest to id (for "did you mean"), or NULL. */
const char *pn_model_closest_id(const struct pn_model *m, const char *id);

const struct pn_source *pn_model_find_source(const struct pn_model *m, const char *id);
const struct pn_theme *pn_model_find_theme(const struct pn_model *m, const char *id);

/* Cross-file checks once everything is loaded: builds the index, rejects
 * duplicate ids, resolves parent/member/tie ends (unknown id -> error with
 * "did you mean"), checks `source` and theme references, self-ties, parent
 * cycles, membership of a group in itself, since <= until, focus id.
 * A resolved reference of a pooled record (parent, member id, tie end) then
 * points at the entity's id string (the same text); when all resolved, the
 * pool's reference copies are freed.
 * Adds every error to d; returns PN_EINPUT if any. */
enum pn_status pn_model_resolve(struct pn_model *m, struct pn_diag *d);

/* Activity in a given year: since/until unset means open-ended. */
bool pn_model_active(int since, int until, int year);

const char *pn_kind_name(enum pn_kind k); /* "institution", "alliance", "network" */

/* Display name: short if set, else name. */
const char *pn_entity_label(const struct pn_entity *e);

#endif
