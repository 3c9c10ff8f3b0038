/*
 * loader: YAML files -> model, through the libyaml event API (no document
 * tree). A small event layer adds what libyaml lacks (alias replay with a
 * budget, a depth limit, scalar checks); the schema code on top of it is a
 * recursive descent over the documented format. Must not print; every
 * message goes to the pn_diag. The only file that includes <yaml.h>.
 */
/* realpath() is XSI */
#if !defined(_XOPEN_SOURCE)
#define _XOPEN_SOURCE 700
#endif

#include "model/loader.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <yaml.h>

#include "base/strbuf.h"

/* ---- string -> index hash set (anchors, free-key duplicate checks) ------- */

struct keyset {
    const char **keys; /* borrowed */
    size_t *vals;
    size_t cap, n;
};

static size_t hash_bytes(const char *s)
{
    uint64_t h = 1469598103934665603u;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        h ^= *p;
        h *= 1099511628211u;
    }
    return (size_t)(h ^ (h >> 29));
}

static void keyset_destroy(struct keyset *ks)
{
    free(ks->keys);
    free(ks->vals);
    memset(ks, 0, sizeof *ks);
}

/* Returns the slot of key (found or empty). */
static size_t keyset_slot(const struct keyset *ks, const char *key)
{
    size_t h = hash_bytes(key) & (ks->cap - 1);
    while (ks->keys[h] != NULL && strcmp(ks->keys[h], key) != 0)
        h = (h + 1) & (ks->cap - 1);
    return h;
}

static bool keyset_get(const struct keyset *ks, const char *key, size_t *val)
{
    if (ks->cap == 0)
        return false;
    size_t h = keyset_slot(ks, key);
    if (ks->keys[h] == NULL)
        return false;
    *val = ks->vals[h];
    return true;
}

/* Inserts or overwrites key -> val. */
static void keyset_put(struct keyset *ks, const char *key, size_t val)
{
    if (2 * (ks->n + 1) > ks->cap) {
        struct keyset bigger = {0};
        bigger.cap = ks->cap == 0 ? 16 : ks->cap * 2;
        bigger.keys = pn_xcalloc(bigger.cap, sizeof *bigger.keys);
        bigger.vals = pn_xcalloc(bigger.cap, sizeof *bigger.vals);
        for (size_t i = 0; i < ks->cap; i++)
            if (ks->keys[i] != NULL) {
                size_t h = keyset_slot(&bigger, ks->keys[i]);
                bigger.keys[h] = ks->keys[i];
                bigger.vals[h] = ks->vals[i];
                bigger.n++;
            }
        keyset_destroy(ks);
        *ks = bigger;
    }
    size_t h = keyset_slot(ks, key);
    if (ks->keys[h] == NULL) {
        ks->keys[h] = key;
        ks->n++;
    }
    ks->vals[h] = val;
}

/* ---- per-load and per-file state --------------------------------------- */

struct include_req {
    char *path;
    struct pn_loc loc;
};

/* State shared by all files of one pn_loader_load call. */
struct loadctx {
    struct pn_model *m;
    struct pn_diag *d;
    char *root;   /* realpath of the network's root directory, NULL: no includes */
    char **stack; /* realpaths of files being loaded (include cycles) */
    size_t n_stack, cap_stack;
    const char **stack_names; /* their display names (interned in the model) */
    size_t cap_stack_names;
    char **loaded; /* realpaths of every file loaded */
    size_t n_loaded, cap_loaded;
    struct keyset loaded_set;
    size_t n_files;
    bool fatal;    /* some file could not be parsed to its end */
    bool io_error; /* a path given by the user could not be read */
};

/* A recorded event, for alias replay. */
struct rev {
    yaml_event_type_t type;
    char *val; /* owned only when `owned`: replayed scalars point at the original */
    size_t len;
    struct pn_loc loc;
    bool plain, block, owned;
};

struct anchor {
    char *name;
    struct rev *evs;
    size_t n, cap;
    size_t bytes; /* scalar bytes in evs */
    bool done;
};

struct recording {
    size_t anchor;
    int depth; /* depth right after the anchored start event */
};

/* The current event as the schema code sees it. */
struct ev {
    yaml_event_type_t type;
    const char *val; /* scalars: NUL-terminated, len bytes */
    size_t len;
    bool plain, block;
    struct pn_loc loc;
};

struct ld {
    struct loadctx *c;
    struct pn_model *m;
    struct pn_diag *d;
    const char *file; /* interned display name */
    const char *buf;
    size_t len;
    yaml_parser_t parser;
    bool parser_ok;
    yaml_event_t yev;
    bool have_yev;
    struct ev e;
    int depth;
    bool fatal;
    struct anchor *anchors;
    size_t n_anchors, cap_anchors;
    struct keyset anchor_set;
    struct recording *recs;
    size_t n_recs, cap_recs;
    bool replaying;
    size_t replay_anchor, replay_pos;
    struct pn_loc replay_loc; /* where the alias was written */
    size_t expanded;          /* events replayed through aliases */
    size_t expanded_bytes;    /* scalar bytes replayed through aliases */
    struct include_req *incs;
    size_t n_incs, cap_incs;
    char shown_buf[2][PN_SHOWN_SIZE]; /* see shown() */
    int shown_next;
};

/* ---- locations ------------------------------------------------------------ */

static struct pn_loc loc_at(const struct ld *L, yaml_mark_t mk)
{
    struct pn_loc l = {L->file, (int)mk.line + 1, (int)mk.column + 1};
    return l;
}

/* 1-based line and column (in code points) of byte offset off. */
static struct pn_loc loc_of_offset(const struct ld *L, size_t off)
{
    struct pn_loc l = {L->file, 1, 1};
    if (off > L->len)
        off = L->len;
    size_t line_start = 0;
    for (size_t i = 0; i < off; i++) {
        char ch = L->buf[i];
        if (ch == '\n' || (ch == '\r' && (i + 1 >= L->len || L->buf[i + 1] != '\n'))) {
            l.line++;
            line_start = i + 1;
        }
    }
    int col = 1;
    for (size_t i = line_start; i < off; i++)
        if (((unsigned char)L->buf[i] & 0xC0) != 0x80)
            col++;
    l.col = col;
    return l;
}

/* Byte offset of a 1-based line/column, or L->len. */
static size_t offset_of_loc(const struct ld *L, int line, int col)
{
    size_t i = 0;
    for (int ln = 1; ln < line && i < L->len; i++)
        if (L->buf[i] == '\n')
            ln++;
    for (int c = 1; i < L->len; i++) {
        if (((unsigned char)L->buf[i] & 0xC0) != 0x80) {
            if (c == col)
                return i;
            c++;
        }
    }
    return L->len;
}

/* A value as quoted in a message: at most 80 bytes (cut at a character
 * boundary, "..." added) and control characters shown as '?', so that no
 * input can flood or drive the terminal. Valid until the second next call. */
static const char *shown(struct ld *L, const char *s)
{
    char *buf = L->shown_buf[L->shown_next];
    L->shown_next ^= 1;
    return pn_shown(buf, s);
}

/* ---- the event layer ------------------------------------------------------ */

static void fatal_error(struct ld *L, const struct pn_loc *loc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void fatal_error(struct ld *L, const struct pn_loc *loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pn_diag_add(L->d, PN_SEV_ERROR, loc, fmt, ap);
    va_end(ap);
    L->fatal = true;
    L->c->fatal = true;
}

static void report_parser_error(struct ld *L)
{
    yaml_parser_t *p = &L->parser;
    if (p->error == YAML_MEMORY_ERROR) {
        fatal_error(L, NULL, "out of memory while parsing '%s'", L->file);
        return;
    }
    const char *problem = p->problem != NULL ? p->problem : "syntax error";
    if (p->error == YAML_READER_ERROR) {
        size_t off = p->problem_offset < L->len ? p->problem_offset : L->len;
        bool utf8 = strstr(problem, "UTF-8") != NULL;
        /* libyaml points at the bad trailing byte: report the sequence's lead byte */
        if (utf8 && strstr(problem, "trailing") != NULL)
            for (size_t k = 1; k <= 3 && k <= off; k++)
                if (((unsigned char)L->buf[off - k] & 0xC0) == 0xC0) {
                    off -= k;
                    break;
                }
        struct pn_loc l = loc_of_offset(L, off);
        if (utf8 && off < L->len)
            fatal_error(L, &l, "invalid UTF-8 byte 0x%02x (%s; the file must be UTF-8 text)",
                        (unsigned char)L->buf[off], problem);
        else if (strstr(problem, "control") != NULL && p->problem_value >= 0)
            fatal_error(L, &l, "control character U+%04X is not allowed",
                        (unsigned)p->problem_value);
        else
            fatal_error(L, &l, "%s (the file must be UTF-8 text)", problem);
        return;
    }
    struct pn_loc l = loc_at(L, p->problem_mark);
    size_t off = offset_of_loc(L, l.line, l.col);
    if (off < L->len && L->buf[off] == '\t') {
        fatal_error(L, &l, "tab character in indentation (indent with spaces)");
        return;
    }
    if (p->context != NULL) {
        struct pn_loc cl = loc_at(L, p->context_mark);
        fatal_error(L, &l, "%s (%s at line %d, column %d)", problem, p->context, cl.line, cl.col);
    } else {
        fatal_error(L, &l, "%s", problem);
    }
}

/* Control characters are errors except tab and newline in block scalars. */
static void check_scalar(struct ld *L, const struct ev *e)
{
    if (e->len > PN_MAX_SCALAR) {
        pn_diag_error(L->d, &e->loc, "string longer than the limit of %u bytes",
                      (unsigned)PN_MAX_SCALAR);
        return;
    }
    const unsigned char *s = (const unsigned char *)e->val;
    for (size_t i = 0; i < e->len; i++) {
        if ((unsigned char)(s[i] - 0x20) < 0x5f)
            continue; /* printable ASCII: the common case */
        unsigned cp = 0;
        if (s[i] < 0x20 || s[i] == 0x7f)
            cp = s[i];
        else if (s[i] == 0xC2 && i + 1 < e->len && s[i + 1] >= 0x80 && s[i + 1] <= 0x9f)
            cp = s[i + 1];
        else
            continue;
        if (e->block && (cp == '\t' || cp == '\n'))
            continue;
        pn_diag_error(L->d, &e->loc,
                      "control character U+%04X in a string (only tab and newline are allowed, "
                      "in block scalars)",
                      cp);
        return;
    }
}

/* Appends e to anchor ai. A replayed scalar is shared, not copied, so that
 * nested aliases cost memory per event, not per byte. */
static void record(struct ld *L, size_t ai, const struct ev *e, bool replayed)
{
    struct anchor *a = &L->anchors[ai];
    pn_xgrow((void **)&a->evs, &a->cap, a->n + 1, sizeof *a->evs);
    struct rev *r = &a->evs[a->n++];
    r->type = e->type;
    r->owned = e->type == YAML_SCALAR_EVENT && !replayed;
    r->val = r->owned ? pn_xstrndup(e->val, e->len) : (char *)e->val;
    a->bytes += e->type == YAML_SCALAR_EVENT ? e->len : 0;
    r->len = e->len;
    r->loc = e->loc;
    r->plain = e->plain;
    r->block = e->block;
}

static size_t new_anchor(struct ld *L, const char *name)
{
    pn_xgrow((void **)&L->anchors, &L->cap_anchors, L->n_anchors + 1, sizeof *L->anchors);
    struct anchor *a = &L->anchors[L->n_anchors];
    memset(a, 0, sizeof *a);
    a->name = pn_xstrdup(name);
    keyset_put(&L->anchor_set, a->name, L->n_anchors); /* a redefinition wins */
    return L->n_anchors++;
}

/* Advances L->e to the next event. Returns false (after reporting) when the
 * file cannot be read further. */
static bool next(struct ld *L)
{
    if (L->have_yev) {
        yaml_event_delete(&L->yev);
        L->have_yev = false;
    }
    if (L->fatal)
        return false;
    const char *anchor = NULL;
    bool replayed = L->replaying;
    if (L->replaying) {
        struct anchor *a = &L->anchors[L->replay_anchor];
        const struct rev *r = &a->evs[L->replay_pos];
        L->e.type = r->type;
        L->e.val = r->val;
        L->e.len = r->len;
        L->e.plain = r->plain;
        L->e.block = r->block;
        /* the node itself is reported where the alias is, its insides where written */
        L->e.loc = L->replay_pos == 0 ? L->replay_loc : r->loc;
        if (++L->replay_pos == a->n)
            L->replaying = false;
    } else {
        if (!yaml_parser_parse(&L->parser, &L->yev)) {
            report_parser_error(L);
            return false;
        }
        L->have_yev = true;
        yaml_event_t *y = &L->yev;
        L->e.type = y->type;
        L->e.loc = loc_at(L, y->start_mark);
        L->e.val = NULL;
        L->e.len = 0;
        L->e.plain = false;
        L->e.block = false;
        switch (y->type) {
        case YAML_ALIAS_EVENT: {
            size_t ai;
            const char *name = (const char *)y->data.alias.anchor;
            if (!keyset_get(&L->anchor_set, name, &ai)) {
                fatal_error(L, &L->e.loc, "unknown alias '*%s' (no anchor '&%s' before it)", name,
                            name);
                return false;
            }
            if (!L->anchors[ai].done || L->anchors[ai].n == 0) {
                fatal_error(L, &L->e.loc, "alias '*%s' is used inside its own anchor", name);
                return false;
            }
            L->expanded += L->anchors[ai].n;
            L->expanded_bytes += L->anchors[ai].bytes;
            if (L->expanded > PN_MAX_ALIAS_EXPANSION) {
                fatal_error(L, &L->e.loc, "alias expansion exceeds %d events",
                            PN_MAX_ALIAS_EXPANSION);
                return false;
            }
            if (L->expanded_bytes > PN_MAX_ALIAS_BYTES) {
                fatal_error(L, &L->e.loc, "alias expansion exceeds %u bytes",
                            (unsigned)PN_MAX_ALIAS_BYTES);
                return false;
            }
            L->replaying = true;
            L->replay_anchor = ai;
            L->replay_pos = 0;
            L->replay_loc = L->e.loc;
            yaml_event_delete(&L->yev);
            L->have_yev = false;
            return next(L); /* replays never contain alias events: depth 1 */
        }
        case YAML_SCALAR_EVENT:
            L->e.val = (const char *)y->data.scalar.value;
            L->e.len = y->data.scalar.length;
            L->e.plain = y->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
            L->e.block = y->data.scalar.style == YAML_LITERAL_SCALAR_STYLE ||
                         y->data.scalar.style == YAML_FOLDED_SCALAR_STYLE;
            anchor = (const char *)y->data.scalar.anchor;
            check_scalar(L, &L->e);
            break;
        case YAML_SEQUENCE_START_EVENT:
            anchor = (const char *)y->data.sequence_start.anchor;
            break;
        case YAML_MAPPING_START_EVENT:
            anchor = (const char *)y->data.mapping_start.anchor;
            break;
        default:
            break;
        }
    }

    bool start = L->e.type == YAML_SEQUENCE_START_EVENT || L->e.type == YAML_MAPPING_START_EVENT;
    bool end = L->e.type == YAML_SEQUENCE_END_EVENT || L->e.type == YAML_MAPPING_END_EVENT;
    if (start && ++L->depth > PN_MAX_DEPTH) {
        fatal_error(L, &L->e.loc, "nesting deeper than the limit of %d levels", PN_MAX_DEPTH);
        return false;
    }
    if (anchor != NULL) {
        size_t ai = new_anchor(L, anchor);
        if (start) {
            pn_xgrow((void **)&L->recs, &L->cap_recs, L->n_recs + 1, sizeof *L->recs);
            L->recs[L->n_recs].anchor = ai;
            L->recs[L->n_recs].depth = L->depth;
            L->n_recs++;
        } else {
            record(L, ai, &L->e, replayed);
            L->anchors[ai].done = true;
        }
    }
    for (size_t i = 0; i < L->n_recs; i++)
        record(L, L->recs[i].anchor, &L->e, replayed);
    if (end) {
        L->depth--;
        while (L->n_recs > 0 && L->recs[L->n_recs - 1].depth > L->depth) {
            L->anchors[L->recs[L->n_recs - 1].anchor].done = true;
            L->n_recs--;
        }
    }
    return true;
}

/* ---- schema helpers ------------------------------------------------------- */

static const char *node_kind(const struct ev *e)
{
    switch (e->type) {
    case YAML_SCALAR_EVENT:
        return e->len == 0 && e->plain ? "an empty value" : "a scalar";
    case YAML_SEQUENCE_START_EVENT:
        return "a sequence";
    case YAML_MAPPING_START_EVENT:
        return "a mapping";
    default:
        return "nothing";
    }
}

static bool is_null(const struct ev *e)
{
    return e->type == YAML_SCALAR_EVENT && e->plain &&
           (e->len == 0 || (e->len == 1 && e->val[0] == '~') ||
            (e->len == 4 && memcmp(e->val, "null", 4) == 0));
}

/* Consumes the current node (a scalar or a whole collection). */
static bool skip_node(struct ld *L)
{
    if (L->e.type != YAML_SEQUENCE_START_EVENT && L->e.type != YAML_MAPPING_START_EVENT)
        return !L->fatal;
    int level = 1;
    while (level > 0) {
        if (!next(L))
            return false;
        if (L->e.type == YAML_SEQUENCE_START_EVENT || L->e.type == YAML_MAPPING_START_EVENT)
            level++;
        else if (L->e.type == YAML_SEQUENCE_END_EVENT || L->e.type == YAML_MAPPING_END_EVENT)
            level--;
    }
    return true;
}

/* Reports "expected <what> for '<key>', got <kind>" and skips the node. */
static void type_error(struct ld *L, const char *what, const char *key)
{
    if (L->e.type == YAML_SCALAR_EVENT && !is_null(&L->e))
        pn_diag_error(L->d, &L->e.loc, "expected %s for '%s', got '%s'", what, key,
                      shown(L, L->e.val));
    else
        pn_diag_error(L->d, &L->e.loc, "expected %s for '%s', got %s", what, key, node_kind(&L->e));
    skip_node(L);
}

/* Compact text of the current node: scalars as written, [a, b], {k: v}. */
static void node_text(struct ld *L, struct pn_strbuf *sb)
{
    if (L->e.type == YAML_SCALAR_EVENT) {
        pn_strbuf_appendn(sb, L->e.val, L->e.len);
        return;
    }
    bool map = L->e.type == YAML_MAPPING_START_EVENT;
    pn_strbuf_appendc(sb, map ? '{' : '[');
    for (size_t i = 0;; i++) {
        if (!next(L))
            return;
        if (L->e.type == YAML_SEQUENCE_END_EVENT || L->e.type == YAML_MAPPING_END_EVENT)
            break;
        if (i > 0)
            pn_strbuf_append(sb, map && i % 2 == 1 ? ": " : ", ");
        node_text(L, sb);
        if (L->fatal)
            return;
    }
    pn_strbuf_appendc(sb, map ? '}' : ']');
}

/* Optional text value: NULL when null or empty. */
static void get_text(struct ld *L, const char *key, char **dst, struct pn_loc *loc)
{
    if (L->e.type != YAML_SCALAR_EVENT) {
        type_error(L, "a string", key);
        return;
    }
    if (loc != NULL)
        *loc = L->e.loc;
    free(*dst);
    *dst = NULL;
    if (is_null(&L->e) || L->e.len == 0)
        return;
    *dst = pn_xstrndup(L->e.val, L->e.len);
}

static bool plain_digits(const struct ev *e, const char *allowed)
{
    if (e->len == 0)
        return false;
    for (size_t i = 0; i < e->len; i++) {
        char ch = e->val[i];
        if (!(ch >= '0' && ch <= '9') && (ch == '\0' || strchr(allowed, ch) == NULL))
            return false;
    }
    return true;
}

/* Numbers come from plain scalars only: a quoted "1" is a string. */
static bool want_plain_number(struct ld *L, const char *what, const char *key)
{
    if (L->e.type != YAML_SCALAR_EVENT || is_null(&L->e)) {
        type_error(L, what, key);
        return false;
    }
    if (!L->e.plain) {
        pn_diag_error(L->d, &L->e.loc,
                      "expected %s for '%s', got the quoted string '%s' (write numbers "
                      "without quotes)",
                      what, key, shown(L, L->e.val));
        return false;
    }
    return true;
}

static bool get_year(struct ld *L, const char *key, int *out, struct pn_loc *loc)
{
    if (!want_plain_number(L, "a year", key))
        return false;
    if (!plain_digits(&L->e, "0123456789") || L->e.len > 9) {
        pn_diag_error(L->d, &L->e.loc, "expected a year for '%s', got '%s'", key,
                      shown(L, L->e.val));
        return false;
    }
    char *end = NULL;
    errno = 0;
    long v = strtol(L->e.val, &end, 10);
    if (errno != 0 || end != L->e.val + L->e.len || v < 1000 || v > 2200) {
        pn_diag_error(L->d, &L->e.loc, "year %s for '%s' is out of range 1000..2200",
                      shown(L, L->e.val), key);
        return false;
    }
    *out = (int)v;
    if (loc != NULL)
        *loc = L->e.loc;
    return true;
}

/* Clinger's fast path: [-]digits[.digits] with at most 15 digits is m / 10^k
 * with m and 10^k exact doubles, so one division rounds exactly as strtod. */
static bool fast_decimal(const char *s, size_t len, double *out)
{
    static const double pow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    size_t i = 0;
    bool neg = false;
    if (i < len && s[i] == '-') {
        neg = true;
        i++;
    }
    uint64_t m = 0;
    int digits = 0, frac = 0;
    bool dot = false, any = false;
    for (; i < len; i++) {
        char ch = s[i];
        if (ch >= '0' && ch <= '9') {
            if (++digits > 15)
                return false;
            m = m * 10 + (uint64_t)(ch - '0');
            any = true;
            if (dot)
                frac++;
        } else if (ch == '.' && !dot && any) {
            dot = true;
        } else {
            return false;
        }
    }
    if (!any || (dot && frac == 0))
        return false;
    double v = (double)m / pow10[frac];
    *out = neg ? -v : v;
    return true;
}

static bool get_real(struct ld *L, const char *key, double *out)
{
    if (!want_plain_number(L, "a number", key))
        return false;
    if (fast_decimal(L->e.val, L->e.len, out))
        return true;
    char *end = NULL;
    errno = 0;
    double v = plain_digits(&L->e, "0123456789+-.eE") ? strtod(L->e.val, &end) : 0.0;
    if (end != L->e.val + L->e.len) {
        pn_diag_error(L->d, &L->e.loc, "expected a number for '%s', got '%s'", key,
                      shown(L, L->e.val));
        return false;
    }
    if (errno == ERANGE || !isfinite(v)) {
        pn_diag_error(L->d, &L->e.loc, "number '%s' for '%s' is out of range", shown(L, L->e.val),
                      key);
        return false;
    }
    *out = v;
    return true;
}

/* schema: ids are [a-z0-9][a-z0-9._-]* */
static bool valid_id(const char *s)
{
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' ||
              *s == '-'))
            return false;
    return true;
}

/* A required id value (definitions). */
static void get_id(struct ld *L, const char *key, char **dst, struct pn_loc *loc)
{
    if (L->e.type == YAML_SCALAR_EVENT && (is_null(&L->e) || L->e.len == 0)) {
        pn_diag_error(L->d, &L->e.loc, "expected an id for '%s', got an empty value", key);
        return;
    }
    get_text(L, key, dst, loc);
    if (*dst != NULL && !valid_id(*dst))
        pn_diag_error(L->d, loc,
                      "invalid id '%s' (expected lower-case letters, digits, '.', '_' "
                      "or '-', starting with a letter or digit)",
                      shown(L, *dst));
}

/* A reference to an id (resolved later); must be a non-empty scalar. */
static bool get_ref(struct ld *L, const char *key, char **dst, struct pn_loc *loc)
{
    if (L->e.type != YAML_SCALAR_EVENT || is_null(&L->e) || L->e.len == 0) {
        type_error(L, "an id", key);
        return false;
    }
    free(*dst);
    *dst = pn_xstrndup(L->e.val, L->e.len);
    *loc = L->e.loc;
    return true;
}

static bool url_ok(const char *s)
{
    size_t skip;
    if (strncasecmp(s, "http://", 7) == 0)
        skip = 7;
    else if (strncasecmp(s, "https://", 8) == 0)
        skip = 8;
    else
        return false;
    if (s[skip] == '\0' || s[skip] == '/')
        return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= 0x20)
            return false;
    return true;
}

static void get_url(struct ld *L, const char *key, char **dst)
{
    struct pn_loc loc;
    get_text(L, key, dst, &loc);
    if (*dst != NULL && !url_ok(*dst)) {
        pn_diag_error(L->d, &loc, "expected an http or https URL for '%s', got '%s'", key,
                      shown(L, *dst));
        free(*dst);
        *dst = NULL;
    }
}

static const char *const country_codes =
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ "
    "BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM "
    "DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS "
    "GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN "
    "KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ "
    "MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM "
    "PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV "
    "SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI "
    "VN VU WF WS XK YE YT ZA ZM ZW";

static bool country_known(const char *cc)
{
    for (const char *p = country_codes;; p += 3) {
        if (p[0] == cc[0] && p[1] == cc[1])
            return true;
        if (p[2] == '\0')
            return false;
    }
}

static void get_country(struct ld *L, char **dst)
{
    struct pn_loc loc;
    get_text(L, "country", dst, &loc);
    char *c = *dst;
    if (c == NULL)
        return;
    if (strlen(c) != 2 || !isalpha((unsigned char)c[0]) || !isalpha((unsigned char)c[1])) {
        pn_diag_error(L->d, &loc,
                      "expected a two-letter ISO 3166-1 country code for 'country', got '%s'",
                      shown(L, c));
        return;
    }
    c[0] = (char)toupper((unsigned char)c[0]);
    c[1] = (char)toupper((unsigned char)c[1]);
    if (country_known(c))
        return;
    /* the two usual mistakes */
    const char *hint = strcmp(c, "UK") == 0 ? "GB" : strcmp(c, "EL") == 0 ? "GR" : NULL;
    if (hint != NULL)
        pn_diag_error(L->d, &loc, "unknown country code '%s' (did you mean '%s'?)", c, hint);
    else
        pn_diag_error(L->d, &loc, "unknown country code '%s' (expected an ISO 3166-1 alpha-2 code)",
                      c);
}

/* A list of theme ids. */
static void get_theme_list(struct ld *L, char ***themes, struct pn_loc **locs, size_t *n)
{
    if (is_null(&L->e))
        return;
    if (L->e.type != YAML_SEQUENCE_START_EVENT) {
        type_error(L, "a list of theme ids", "themes");
        return;
    }
    size_t cap = *n;
    for (;;) {
        if (!next(L) || L->e.type == YAML_SEQUENCE_END_EVENT)
            return;
        char *id = NULL;
        struct pn_loc loc;
        if (!get_ref(L, "themes", &id, &loc))
            continue;
        size_t cap2 = cap;
        pn_xgrow((void **)themes, &cap, *n + 1, sizeof **themes);
        pn_xgrow((void **)locs, &cap2, *n + 1, sizeof **locs);
        (*themes)[*n] = id;
        (*locs)[*n] = loc;
        (*n)++;
    }
}

/* attrs: a mapping of free scalars. Duplicates checked by a linear scan for
 * small mappings, a hash set past 16 keys. */
static void add_kv(struct ld *L, struct pn_kv **kvs, size_t *n, size_t *cap, struct keyset *ks,
                   const char *key, const struct pn_loc *kloc, char *value)
{
    size_t first = PN_NONE;
    if (ks->cap > 0) {
        size_t v;
        if (keyset_get(ks, key, &v))
            first = v;
    } else {
        for (size_t i = 0; i < *n; i++)
            if (strcmp((*kvs)[i].key, key) == 0) {
                first = i;
                break;
            }
    }
    if (first != PN_NONE) {
        pn_diag_error(L->d, kloc, "duplicate key '%s' (first at line %d, column %d)", shown(L, key),
                      (*kvs)[first].loc.line, (*kvs)[first].loc.col);
        free(value);
        return;
    }
    pn_xgrow((void **)kvs, cap, *n + 1, sizeof **kvs);
    struct pn_kv *kv = &(*kvs)[*n];
    kv->key = pn_xstrdup(key);
    kv->value = value;
    kv->loc = *kloc;
    (*n)++;
    if (ks->cap > 0) {
        keyset_put(ks, kv->key, *n - 1);
    } else if (*n > 16) {
        for (size_t i = 0; i < *n; i++)
            keyset_put(ks, (*kvs)[i].key, i);
    }
}

static void get_attrs(struct ld *L, struct pn_kv **kvs, size_t *n)
{
    if (is_null(&L->e))
        return;
    if (L->e.type != YAML_MAPPING_START_EVENT) {
        type_error(L, "a mapping", "attrs");
        return;
    }
    size_t cap = *n;
    struct keyset ks = {0};
    /* keys point into *kvs, which may move: rebuild the set after growth */
    for (;;) {
        if (!next(L) || L->e.type == YAML_MAPPING_END_EVENT)
            break;
        if (L->e.type != YAML_SCALAR_EVENT) {
            pn_diag_error(L->d, &L->e.loc, "expected a scalar key in 'attrs', got %s",
                          node_kind(&L->e));
            if (!skip_node(L) || !next(L) || !skip_node(L))
                break;
            continue;
        }
        char *key = pn_xstrndup(L->e.val, L->e.len);
        struct pn_loc kloc = L->e.loc;
        if (!next(L)) {
            free(key);
            break;
        }
        if (L->e.type != YAML_SCALAR_EVENT) {
            pn_diag_error(L->d, &L->e.loc, "expected a scalar value for attribute '%s', got %s",
                          shown(L, key), node_kind(&L->e));
            skip_node(L);
            free(key);
            continue;
        }
        char *val = is_null(&L->e) ? pn_xstrdup("") : pn_xstrndup(L->e.val, L->e.len);
        add_kv(L, kvs, n, &cap, &ks, key, &kloc, val);
        free(key);
    }
    keyset_destroy(&ks);
}

/* ---- generic mapping with a fixed key table --------------------------------- */

typedef void (*key_fn)(struct ld *L, void *obj, int key, const struct pn_loc *kloc);

#define MAX_KEYS 20

/* Walks the mapping at L->e (a MAPPING_START): known keys go to fn, `x-*`
 * keys to xkv (NULL: dropped after a check), others are errors. seen[k] gets
 * the location of key k. `what` names the object in messages. */
static void parse_map(struct ld *L, const char *const *keys, int n_keys, const char *what,
                      key_fn fn, void *obj, struct pn_loc *seen, struct pn_kv **xkv, size_t *n_xkv,
                      size_t *cap_xkv, const char *(*misplaced)(const char *key))
{
    struct keyset xks = {0};
    for (int k = 0; k < n_keys; k++)
        seen[k].line = 0;
    for (;;) {
        if (!next(L) || L->e.type == YAML_MAPPING_END_EVENT)
            break;
        if (L->e.type != YAML_SCALAR_EVENT) {
            pn_diag_error(L->d, &L->e.loc, "expected a scalar key in %s, got %s", what,
                          node_kind(&L->e));
            if (!skip_node(L) || !next(L) || !skip_node(L))
                break;
            continue;
        }
        struct pn_loc kloc = L->e.loc;
        int k = -1;
        for (int i = 0; i < n_keys; i++)
            if (keys[i][0] == L->e.val[0] && strcmp(L->e.val, keys[i]) == 0) {
                k = i;
                break;
            }
        if (k < 0 && strncmp(L->e.val, "x-", 2) == 0) {
            char *key = pn_xstrndup(L->e.val, L->e.len);
            if (!next(L)) {
                free(key);
                break;
            }
            struct pn_strbuf sb;
            pn_strbuf_init(&sb);
            node_text(L, &sb);
            if (xkv != NULL) {
                add_kv(L, xkv, n_xkv, cap_xkv, &xks, key, &kloc, pn_strbuf_detach(&sb));
            }
            pn_strbuf_destroy(&sb);
            free(key);
            continue;
        }
        if (k < 0) {
            const char *where = misplaced != NULL ? misplaced(L->e.val) : NULL;
            if (strcmp(L->e.val, "<<") == 0) {
                pn_diag_error(L->d, &kloc,
                              "merge keys ('<<') are not supported in %s (write "
                              "the keys out, or alias a whole mapping)",
                              what);
            } else if (where != NULL) {
                pn_diag_error(L->d, &kloc, "key '%s' is not allowed in %s (%s)", shown(L, L->e.val),
                              what, where);
            } else {
                const char *best = pn_closest(L->e.val, keys, (size_t)n_keys);
                if (best != NULL)
                    pn_diag_error(L->d, &kloc, "unknown key '%s' in %s (did you mean '%s'?)",
                                  shown(L, L->e.val), what, best);
                else
                    pn_diag_error(L->d, &kloc, "unknown key '%s' in %s", shown(L, L->e.val), what);
            }
            if (!next(L) || !skip_node(L))
                break;
            continue;
        }
        if (seen[k].line > 0) {
            pn_diag_error(L->d, &kloc, "duplicate key '%s' (first at line %d, column %d)", keys[k],
                          seen[k].line, seen[k].col);
            if (!next(L) || !skip_node(L))
                break;
            continue;
        }
        seen[k] = kloc;
        if (!next(L))
            break;
        fn(L, obj, k, &kloc);
        if (L->fatal)
            break;
    }
    keyset_destroy(&xks);
}

/* ---- sources and themes ----------------------------------------------------- */

enum { SRC_ID, SRC_TITLE, SRC_URL, SRC_DATE, SRC_PUBLISHER, SRC_N };
static const char *const source_keys[] = {"id", "title", "url", "date", "publisher"};

static bool date_ok(const char *s)
{
    size_t n = strlen(s);
    if (n != 4 && n != 7 && n != 10)
        return false;
    for (size_t i = 0; i < n; i++) {
        bool dash = i == 4 || i == 7;
        if (dash ? s[i] != '-' : !isdigit((unsigned char)s[i]))
            return false;
    }
    if (n >= 7) {
        int mo = (s[5] - '0') * 10 + (s[6] - '0');
        if (mo < 1 || mo > 12)
            return false;
    }
    if (n == 10) {
        int dd = (s[8] - '0') * 10 + (s[9] - '0');
        if (dd < 1 || dd > 31)
            return false;
    }
    return true;
}

static void source_key(struct ld *L, void *obj, int k, const struct pn_loc *kloc)
{
    struct pn_source *s = &L->m->sources[*(size_t *)obj];
    (void)kloc;
    switch (k) {
    case SRC_ID:
        get_id(L, "id", &s->id, &s->loc);
        break;
    case SRC_TITLE:
        get_text(L, "title", &s->title, NULL);
        break;
    case SRC_URL:
        get_url(L, "url", &s->url);
        break;
    case SRC_DATE: {
        struct pn_loc loc;
        get_text(L, "date", &s->date, &loc);
        if (s->date != NULL && !date_ok(s->date)) {
            pn_diag_error(L->d, &loc,
                          "expected a date YYYY, YYYY-MM or YYYY-MM-DD for 'date', got '%s'",
                          shown(L, s->date));
        }
        break;
    }
    case SRC_PUBLISHER:
        get_text(L, "publisher", &s->publisher, NULL);
        break;
    default:
        break;
    }
}

enum { THM_ID, THM_LABEL, THM_LABEL_FR, THM_COLOR, THM_N };
static const char *const theme_keys[] = {"id", "label", "label_fr", "color"};

static bool color_ok(const char *s)
{
    if (s[0] != '#' || strlen(s) != 7)
        return false;
    for (int i = 1; i < 7; i++)
        if (!isxdigit((unsigned char)s[i]))
            return false;
    return true;
}

static void theme_key(struct ld *L, void *obj, int k, const struct pn_loc *kloc)
{
    struct pn_theme *t = &L->m->themes[*(size_t *)obj];
    (void)kloc;
    switch (k) {
    case THM_ID:
        get_id(L, "id", &t->id, &t->loc);
        break;
    case THM_LABEL:
        get_text(L, "label", &t->label, NULL);
        break;
    case THM_LABEL_FR:
        get_text(L, "label_fr", &t->label_fr, NULL);
        break;
    case THM_COLOR: {
        struct pn_loc loc;
        get_text(L, "color", &t->color, &loc);
        if (t->color != NULL && !color_ok(t->color)) {
            pn_diag_error(L->d, &loc, "expected a colour '#rrggbb' for 'color', got '%s'",
                          shown(L, t->color));
            free(t->color);
            t->color = NULL;
        }
        break;
    }
    default:
        break;
    }
}

static void parse_sources(struct ld *L)
{
    struct pn_loc seen[SRC_N];
    if (is_null(&L->e))
        return;
    if (L->e.type != YAML_SEQUENCE_START_EVENT) {
        type_error(L, "a list of sources", "sources");
        return;
    }
    for (;;) {
        if (!next(L) || L->e.type == YAML_SEQUENCE_END_EVENT)
            return;
        if (L->e.type != YAML_MAPPING_START_EVENT) {
            type_error(L, "a source (a mapping)", "sources");
            continue;
        }
        size_t i = pn_model_add_source(L->m);
        struct pn_loc loc = L->e.loc;
        L->m->sources[i].loc = loc;
        parse_map(L, source_keys, SRC_N, "source", source_key, &i, seen, NULL, NULL, NULL, NULL);
        if (L->m->sources[i].id == NULL) {
            if (seen[SRC_ID].line == 0)
                pn_diag_error(L->d, &loc, "missing required key 'id' in source");
            struct pn_source *s = &L->m->sources[i];
            free(s->title);
            free(s->url);
            free(s->date);
            free(s->publisher);
            L->m->n_sources--;
        }
    }
}

static void parse_themes(struct ld *L)
{
    struct pn_loc seen[THM_N];
    if (is_null(&L->e))
        return;
    if (L->e.type != YAML_SEQUENCE_START_EVENT) {
        type_error(L, "a list of themes", "themes");
        return;
    }
    for (;;) {
        if (!next(L) || L->e.type == YAML_SEQUENCE_END_EVENT)
            return;
        if (L->e.type != YAML_MAPPING_START_EVENT) {
            type_error(L, "a theme (a mapping)", "themes");
            continue;
        }
        size_t i = pn_model_add_theme(L->m);
        struct pn_loc loc = L->e.loc;
        L->m->themes[i].loc = loc;
        parse_map(L, theme_keys, THM_N, "theme", theme_key, &i, seen, NULL, NULL, NULL, NULL);
        struct pn_theme *t = &L->m->themes[i];
        if (t->id == NULL) {
            if (seen[THM_ID].line == 0)
                pn_diag_error(L->d, &loc, "missing required key 'id' in theme");
            free(t->label);
            free(t->label_fr);
            free(t->color);
            L->m->n_themes--;
        } else if (t->label == NULL) {
            t->label = pn_xstrdup(t->id);
        }
    }
}

/* ---- entities ----------------------------------------------------------------- */

enum {
    ENT_ID,
    ENT_NAME,
    ENT_SHORT,
    ENT_TYPE,
    ENT_COUNTRY,
    ENT_REGION,
    ENT_CITY,
    ENT_LOCATION,
    ENT_PARENT,
    ENT_THEMES,
    ENT_SINCE,
    ENT_UNTIL,
    ENT_URL,
    ENT_SOURCE,
    ENT_ATTRS,
    ENT_MEMBERS,
    ENT_N
};
static const char *const inst_keys[] = {"id",     "name",  "short",    "type",   "country",
                                        "region", "city",  "location", "parent", "themes",
                                        "since",  "until", "url",      "source", "attrs"};
/* groups: same table with `members` in the place of `parent` */
static const char *const group_keys[] = {"id",     "name",  "short",    "type",    "country",
                                         "region", "city",  "location", "members", "themes",
                                         "since",  "until", "url",      "source",  "attrs"};
#define ENT_TABLE_N 15

static const char *const inst_types[] = {"university", "school",     "research-organisation",
                                         "laboratory", "hospital",   "company",
                                         "agency",     "government", "funder",
                                         "programme",  "other"};
#define N_INST_TYPES (sizeof inst_types / sizeof inst_types[0])

static const char *inst_misplaced(const char *key)
{
    return strcmp(key, "members") == 0 ? "only alliances and networks have members" : NULL;
}

static const char *group_misplaced(const char *key)
{
    return strcmp(key, "parent") == 0 ? "only institutions have a parent" : NULL;
}

/* table index -> ENT_* */
static int ent_key_of(bool group, int k)
{
    if (k == 8)
        return group ? ENT_MEMBERS : ENT_PARENT;
    return k;
}

enum { MEM_ID, MEM_ROLE, MEM_SINCE, MEM_UNTIL, MEM_SOURCE, MEM_N };
static const char *const member_keys[] = {"id", "role", "since", "until", "source"};

struct member_ctx {
    size_t entity;
    size_t member;
};

static void member_key(struct ld *L, void *obj, int k, const struct pn_loc *kloc)
{
    struct member_ctx *mc = obj;
    struct pn_member *mb = &L->m->entities[mc->entity].members[mc->member];
    (void)kloc;
    switch (k) {
    case MEM_ID:
        get_ref(L, "id", &mb->id, &mb->loc);
        break;
    case MEM_ROLE:
        get_text(L, "role", &mb->role, &mb->loc_role);
        break;
    case MEM_SINCE:
        get_year(L, "since", &mb->since, &mb->loc_since);
        break;
    case MEM_UNTIL:
        get_year(L, "until", &mb->until, &mb->loc_until);
        break;
    case MEM_SOURCE:
        get_ref(L, "source", &mb->source, &mb->loc_source);
        break;
    default:
        break;
    }
}

static void get_members(struct ld *L, size_t ei)
{
    size_t cap = L->m->entities[ei].n_members;
    if (is_null(&L->e))
        return;
    if (L->e.type != YAML_SEQUENCE_START_EVENT) {
        type_error(L, "a list of members", "members");
        return;
    }
    struct pn_loc seen[MEM_N];
    for (;;) {
        if (!next(L) || L->e.type == YAML_SEQUENCE_END_EVENT)
            return;
        struct pn_entity *e = &L->m->entities[ei];
        bool is_map = L->e.type == YAML_MAPPING_START_EVENT;
        if (!is_map && (L->e.type != YAML_SCALAR_EVENT || is_null(&L->e))) {
            type_error(L, "a member id or a mapping", "members");
            continue;
        }
        pn_xgrow((void **)&e->members, &cap, e->n_members + 1, sizeof *e->members);
        struct pn_member *mb = &e->members[e->n_members];
        memset(mb, 0, sizeof *mb);
        mb->entity = PN_NONE;
        mb->loc = L->e.loc;
        struct pn_loc mloc = L->e.loc;
        size_t mi = e->n_members++;
        if (!is_map) {
            mb->id = pn_xstrndup(L->e.val, L->e.len);
            continue;
        }
        struct member_ctx mc = {ei, mi};
        parse_map(L, member_keys, MEM_N, "member", member_key, &mc, seen, NULL, NULL, NULL, NULL);
        mb = &L->m->entities[ei].members[mi];
        if (mb->id == NULL) {
            if (seen[MEM_ID].line == 0)
                pn_diag_error(L->d, &mloc, "missing required key 'id' in member");
            free(mb->role);
            free(mb->source);
            L->m->entities[ei].n_members--;
        }
    }
}

static void get_location(struct ld *L, struct pn_entity *e)
{
    if (L->e.type != YAML_SEQUENCE_START_EVENT) {
        type_error(L, "[lat, lon]", "location");
        return;
    }
    struct pn_loc loc = L->e.loc;
    double v[2] = {0, 0};
    struct pn_loc vloc[2];
    size_t n = 0;
    bool ok = true;
    for (;;) {
        if (!next(L) || L->e.type == YAML_SEQUENCE_END_EVENT)
            break;
        if (n < 2) {
            vloc[n] = L->e.loc;
            if (L->e.type != YAML_SCALAR_EVENT) {
                type_error(L, "a number", "location");
                ok = false;
            } else if (!get_real(L, "location", &v[n])) {
                ok = false;
            }
        } else if (!skip_node(L)) {
            return;
        }
        n++;
    }
    if (L->fatal)
        return;
    if (n != 2) {
        pn_diag_error(L->d, &loc, "expected [lat, lon] for 'location', got %zu value%s", n,
                      n == 1 ? "" : "s");
        return;
    }
    if (!ok)
        return;
    if (v[0] < -90 || v[0] > 90) {
        pn_diag_error(L->d, &vloc[0], "latitude %g is out of range -90..90", v[0]);
        ok = false;
    }
    if (v[1] < -180 || v[1] > 180) {
        pn_diag_error(L->d, &vloc[1], "longitude %g is out of range -180..180", v[1]);
        ok = false;
    }
    if (ok) {
        e->has_location = true;
        e->lat = v[0];
        e->lon = v[1];
    }
}

struct ent_ctx {
    size_t index;
    bool group;
};

static void entity_key(struct ld *L, void *obj, int kt, const struct pn_loc *kloc)
{
    struct ent_ctx *ec = obj;
    struct pn_entity *e = &L->m->entities[ec->index];
    (void)kloc;
    switch (ent_key_of(ec->group, kt)) {
    case ENT_ID:
        get_id(L, "id", &e->id, &e->loc_id);
        break;
    case ENT_NAME:
        get_text(L, "name", &e->name, NULL);
        break;
    case ENT_SHORT:
        get_text(L, "short", &e->short_name, NULL);
        break;
    case ENT_TYPE:
        get_text(L, "type", &e->type, &e->loc_type);
        if (e->type != NULL && !ec->group) {
            bool known = false;
            for (size_t i = 0; i < N_INST_TYPES; i++)
                if (strcmp(e->type, inst_types[i]) == 0)
                    known = true;
            if (!known) {
                const char *best = pn_closest(e->type, inst_types, N_INST_TYPES);
                if (best != NULL)
                    pn_diag_error(L->d, &e->loc_type,
                                  "unknown institution type '%s' (did you mean '%s'?)",
                                  shown(L, e->type), best);
                else
                    pn_diag_error(L->d, &e->loc_type,
                                  "unknown institution type '%s' (expected university, school, "
                                  "research-organisation, laboratory, hospital, company, agency, "
                                  "government, funder, programme or other)",
                                  shown(L, e->type));
            }
        }
        break;
    case ENT_COUNTRY:
        get_country(L, &e->country);
        break;
    case ENT_REGION:
        get_text(L, "region", &e->region, NULL);
        break;
    case ENT_CITY:
        get_text(L, "city", &e->city, NULL);
        break;
    case ENT_LOCATION:
        get_location(L, e);
        break;
    case ENT_PARENT:
        if (!is_null(&L->e))
            get_ref(L, "parent", &e->parent, &e->loc_parent);
        break;
    case ENT_THEMES:
        get_theme_list(L, &e->themes, &e->loc_themes, &e->n_themes);
        break;
    case ENT_SINCE:
        get_year(L, "since", &e->since, &e->loc_since);
        break;
    case ENT_UNTIL:
        get_year(L, "until", &e->until, &e->loc_until);
        break;
    case ENT_URL:
        get_url(L, "url", &e->url);
        break;
    case ENT_SOURCE:
        if (!is_null(&L->e))
            get_ref(L, "source", &e->source, &e->loc_source);
        break;
    case ENT_ATTRS:
        get_attrs(L, &e->attrs, &e->n_attrs);
        break;
    case ENT_MEMBERS:
        get_members(L, ec->index);
        break;
    default:
        skip_node(L);
        break;
    }
}

static void parse_entities(struct ld *L, enum pn_kind kind, const char *key)
{
    const char *what = pn_kind_name(kind);
    bool group = kind != PN_KIND_INSTITUTION;
    if (is_null(&L->e))
        return;
    if (L->e.type != YAML_SEQUENCE_START_EVENT) {
        char expect[64];
        snprintf(expect, sizeof expect, "a list of %ss", what);
        type_error(L, expect, key);
        return;
    }
    struct pn_loc seen[ENT_TABLE_N];
    for (;;) {
        if (!next(L) || L->e.type == YAML_SEQUENCE_END_EVENT)
            return;
        if (L->e.type != YAML_MAPPING_START_EVENT) {
            char expect[64];
            snprintf(expect, sizeof expect, "an %s (a mapping)", what);
            if (kind != PN_KIND_INSTITUTION)
                snprintf(expect, sizeof expect, "a%s %s (a mapping)",
                         kind == PN_KIND_ALLIANCE ? "n" : "", what);
            type_error(L, expect, key);
            continue;
        }
        struct ent_ctx ec = {pn_model_add_entity(L->m, kind), group};
        struct pn_loc loc = L->e.loc;
        L->m->entities[ec.index].loc = loc;
        size_t cap_attrs = 0;
        struct pn_kv *xkv = NULL;
        size_t n_xkv = 0, cap_xkv = 0;
        parse_map(L, group ? group_keys : inst_keys, ENT_TABLE_N, what, entity_key, &ec, seen, &xkv,
                  &n_xkv, &cap_xkv, group ? group_misplaced : inst_misplaced);
        struct pn_entity *e = &L->m->entities[ec.index];
        /* `x-*` keys are kept with the attributes, after them */
        if (n_xkv > 0) {
            cap_attrs = e->n_attrs;
            pn_xgrow((void **)&e->attrs, &cap_attrs, e->n_attrs + n_xkv, sizeof *e->attrs);
            memcpy(e->attrs + e->n_attrs, xkv, n_xkv * sizeof *xkv);
            e->n_attrs += n_xkv;
        }
        free(xkv);
        if (L->fatal)
            return;
        if (e->id == NULL) {
            if (seen[ENT_ID].line == 0)
                pn_diag_error(L->d, &loc, "missing required key 'id' in %s", what);
            pn_model_drop_last_entity(L->m);
            continue;
        }
        if (e->name == NULL) {
            if (!group) {
                if (seen[ENT_NAME].line == 0)
                    pn_diag_error(L->d, &loc, "missing required key 'name' in %s '%s'", what,
                                  shown(L, e->id));
                else
                    pn_diag_error(L->d, &seen[ENT_NAME], "empty 'name' in %s '%s'", what,
                                  shown(L, e->id));
            }
            e->name = pn_xstrdup(e->id);
        }
    }
}

/* ---- ties -------------------------------------------------------------------- */

enum {
    TIE_BETWEEN,
    TIE_FROM,
    TIE_TO,
    TIE_TYPE,
    TIE_LABEL,
    TIE_THEMES,
    TIE_SINCE,
    TIE_UNTIL,
    TIE_WEIGHT,
    TIE_SOURCE,
    TIE_ATTRS,
    TIE_N
};
static const char *const tie_keys[] = {"between", "from",  "to",     "type",   "label", "themes",
                                       "since",   "until", "weight", "source", "attrs"};
static const char *const tie_types[] = {"agreement", "joint-lab", "joint-centre", "mobility",
                                        "research",  "training",  "funding",      "cotutelle",
                                        "hosting",   "other"};
#define N_TIE_TYPES (sizeof tie_types / sizeof tie_types[0])

/* [a, b]: a sequence of exactly two ids. */
static bool get_pair(struct ld *L, const char *key, struct pn_tie *t)
{
    if (L->e.type != YAML_SEQUENCE_START_EVENT) {
        type_error(L, "a list of two ids", key);
        return false;
    }
    struct pn_loc loc = L->e.loc;
    size_t n = 0;
    bool ok = true;
    for (;;) {
        if (!next(L) || L->e.type == YAML_SEQUENCE_END_EVENT)
            break;
        if (n < 2) {
            if (!get_ref(L, key, n == 0 ? &t->a : &t->b, n == 0 ? &t->loc_a : &t->loc_b))
                ok = false;
        } else if (!skip_node(L)) {
            return false;
        }
        n++;
    }
    if (L->fatal)
        return false;
    if (n != 2) {
        pn_diag_error(L->d, &loc, "expected two ids in '%s', got %zu", key, n);
        ok = false;
    }
    return ok;
}

static void tie_key(struct ld *L, void *obj, int k, const struct pn_loc *kloc)
{
    struct pn_tie *t = &L->m->ties[*(size_t *)obj];
    (void)kloc;
    switch (k) {
    case TIE_BETWEEN:
        get_pair(L, "between", t);
        break;
    case TIE_FROM:
        get_ref(L, "from", &t->a, &t->loc_a);
        break;
    case TIE_TO:
        get_ref(L, "to", &t->b, &t->loc_b);
        break;
    case TIE_TYPE:
        get_text(L, "type", &t->type, &t->loc_type);
        if (t->type != NULL) {
            bool known = false;
            for (size_t i = 0; i < N_TIE_TYPES; i++)
                if (strcmp(t->type, tie_types[i]) == 0)
                    known = true;
            const char *best = known ? NULL : pn_closest(t->type, tie_types, N_TIE_TYPES);
            /* free text is allowed: a near miss is only a warning */
            if (best != NULL)
                pn_diag_warning(L->d, &t->loc_type,
                                "tie type '%s' is not a standard type (did you mean '%s'?)",
                                shown(L, t->type), best);
        }
        break;
    case TIE_LABEL:
        get_text(L, "label", &t->label, NULL);
        break;
    case TIE_THEMES:
        get_theme_list(L, &t->themes, &t->loc_themes, &t->n_themes);
        break;
    case TIE_SINCE:
        get_year(L, "since", &t->since, &t->loc_since);
        break;
    case TIE_UNTIL:
        get_year(L, "until", &t->until, &t->loc_until);
        break;
    case TIE_WEIGHT: {
        struct pn_loc loc = L->e.loc;
        double w;
        if (get_real(L, "weight", &w)) {
            if (w > 0) {
                t->weight = w;
                t->loc_weight = loc;
            } else {
                pn_diag_error(L->d, &loc, "expected a weight > 0 for 'weight', got '%s'",
                              shown(L, L->e.val));
            }
        }
        break;
    }
    case TIE_SOURCE:
        if (!is_null(&L->e))
            get_ref(L, "source", &t->source, &t->loc_source);
        break;
    case TIE_ATTRS:
        get_attrs(L, &t->attrs, &t->n_attrs);
        break;
    default:
        skip_node(L);
        break;
    }
}

static void parse_ties(struct ld *L)
{
    if (is_null(&L->e))
        return;
    if (L->e.type != YAML_SEQUENCE_START_EVENT) {
        type_error(L, "a list of ties", "ties");
        return;
    }
    struct pn_loc seen[TIE_N];
    for (;;) {
        if (!next(L) || L->e.type == YAML_SEQUENCE_END_EVENT)
            return;
        struct pn_loc loc = L->e.loc;
        if (L->e.type == YAML_SEQUENCE_START_EVENT) {
            /* shorthand: [a, b] is an undirected tie of weight 1 */
            size_t i = pn_model_add_tie(L->m);
            struct pn_tie *t = &L->m->ties[i];
            t->loc = loc;
            if (!get_pair(L, "ties", t) || L->fatal) {
                pn_model_drop_last_tie(L->m);
                continue;
            }
            t->type = pn_xstrdup("other");
            continue;
        }
        if (L->e.type != YAML_MAPPING_START_EVENT) {
            type_error(L, "a tie (a mapping or a list of two ids)", "ties");
            continue;
        }
        size_t i = pn_model_add_tie(L->m);
        L->m->ties[i].loc = loc;
        struct pn_kv *xkv = NULL;
        size_t n_xkv = 0, cap_xkv = 0;
        parse_map(L, tie_keys, TIE_N, "tie", tie_key, &i, seen, &xkv, &n_xkv, &cap_xkv, NULL);
        struct pn_tie *t = &L->m->ties[i];
        if (n_xkv > 0) {
            size_t cap_attrs = t->n_attrs;
            pn_xgrow((void **)&t->attrs, &cap_attrs, t->n_attrs + n_xkv, sizeof *t->attrs);
            memcpy(t->attrs + t->n_attrs, xkv, n_xkv * sizeof *xkv);
            t->n_attrs += n_xkv;
        }
        free(xkv);
        if (L->fatal)
            return;
        bool between = seen[TIE_BETWEEN].line > 0;
        bool from = seen[TIE_FROM].line > 0, to = seen[TIE_TO].line > 0;
        bool ok = true;
        if (between && (from || to)) {
            pn_diag_error(L->d, &seen[from ? TIE_FROM : TIE_TO],
                          "a tie has either 'between' or 'from'/'to', not both");
            ok = false;
        } else if (!between && !from && !to) {
            pn_diag_error(L->d, &loc, "missing 'between' (or 'from' and 'to') in tie");
            ok = false;
        } else if (!between && (!from || !to)) {
            pn_diag_error(L->d, &loc, "missing '%s' in tie (a directed tie needs 'from' and 'to')",
                          from ? "to" : "from");
            ok = false;
        }
        t->directed = !between;
        if (!ok || t->a == NULL || t->b == NULL) {
            pn_model_drop_last_tie(L->m);
            continue;
        }
        if (t->type == NULL)
            t->type = pn_xstrdup("other");
    }
}

/* ---- the top level -------------------------------------------------------------- */

enum {
    TOP_PARTNET,
    TOP_TITLE,
    TOP_DESCRIPTION,
    TOP_FOCUS,
    TOP_INCLUDE,
    TOP_SOURCES,
    TOP_THEMES,
    TOP_INSTITUTIONS,
    TOP_ALLIANCES,
    TOP_NETWORKS,
    TOP_TIES,
    TOP_N
};
static const char *const top_keys[] = {"partnet",   "title",    "description", "focus",
                                       "include",   "sources",  "themes",      "institutions",
                                       "alliances", "networks", "ties"};

/* title, description and focus are set once across the merged files */
static void set_once(struct ld *L, const char *key, char **dst, struct pn_loc *where)
{
    if (*dst != NULL) {
        pn_diag_error(L->d, &L->e.loc, "'%s' is already set at %s:%d:%d", key, where->file,
                      where->line, where->col);
        skip_node(L);
        return;
    }
    get_text(L, key, dst, where);
}

static void get_includes(struct ld *L)
{
    if (is_null(&L->e))
        return;
    if (L->e.type != YAML_SEQUENCE_START_EVENT) {
        type_error(L, "a list of relative paths", "include");
        return;
    }
    for (;;) {
        if (!next(L) || L->e.type == YAML_SEQUENCE_END_EVENT)
            return;
        if (L->e.type != YAML_SCALAR_EVENT || L->e.len == 0 || is_null(&L->e)) {
            type_error(L, "a relative path", "include");
            continue;
        }
        pn_xgrow((void **)&L->incs, &L->cap_incs, L->n_incs + 1, sizeof *L->incs);
        L->incs[L->n_incs].path = pn_xstrndup(L->e.val, L->e.len);
        L->incs[L->n_incs].loc = L->e.loc;
        L->n_incs++;
    }
}

static void top_key(struct ld *L, void *obj, int k, const struct pn_loc *kloc)
{
    struct pn_model *m = L->m;
    (void)obj;
    (void)kloc;
    switch (k) {
    case TOP_PARTNET: {
        if (!want_plain_number(L, "the format version", "partnet"))
            break;
        if (strcmp(L->e.val, "1") != 0) {
            pn_diag_error(L->d, &L->e.loc,
                          "unsupported format version '%s' for 'partnet' (expected 1)",
                          shown(L, L->e.val));
            break;
        }
        m->format_version = 1;
        if (m->loc_format.line == 0)
            m->loc_format = L->e.loc;
        break;
    }
    case TOP_TITLE:
        set_once(L, "title", &m->title, &m->loc_title);
        break;
    case TOP_DESCRIPTION:
        set_once(L, "description", &m->description, &m->loc_description);
        break;
    case TOP_FOCUS:
        if (m->focus != NULL)
            set_once(L, "focus", &m->focus, &m->loc_focus);
        else
            get_ref(L, "focus", &m->focus, &m->loc_focus);
        break;
    case TOP_INCLUDE:
        get_includes(L);
        break;
    case TOP_SOURCES:
        parse_sources(L);
        break;
    case TOP_THEMES:
        parse_themes(L);
        break;
    case TOP_INSTITUTIONS:
        parse_entities(L, PN_KIND_INSTITUTION, "institutions");
        break;
    case TOP_ALLIANCES:
        parse_entities(L, PN_KIND_ALLIANCE, "alliances");
        break;
    case TOP_NETWORKS:
        parse_entities(L, PN_KIND_NETWORK, "networks");
        break;
    case TOP_TIES:
        parse_ties(L);
        break;
    default:
        skip_node(L);
        break;
    }
}

/* Parses one whole buffer; includes are collected in L->incs. */
static void parse_buffer(struct ld *L)
{
    if (!next(L) || L->e.type != YAML_STREAM_START_EVENT)
        return;
    if (!next(L) || L->e.type == YAML_STREAM_END_EVENT)
        return; /* an empty file is an empty network */
    if (!next(L))
        return;
    if (L->e.type == YAML_MAPPING_START_EVENT) {
        struct pn_loc seen[TOP_N];
        struct pn_kv *xkv = NULL;
        size_t n_xkv = 0, cap_xkv = 0;
        parse_map(L, top_keys, TOP_N, "the top level", top_key, NULL, seen, &xkv, &n_xkv, &cap_xkv,
                  NULL);
        /* `x-*` keys: duplicates are checked per file, each file's kept */
        for (size_t i = 0; i < n_xkv; i++) {
            pn_model_add_meta(L->m, xkv[i].key, xkv[i].value, &xkv[i].loc);
            free(xkv[i].key);
            free(xkv[i].value);
        }
        free(xkv);
    } else if (!is_null(&L->e)) {
        pn_diag_error(L->d, &L->e.loc, "expected a mapping of top-level keys, got %s",
                      node_kind(&L->e));
        if (!skip_node(L))
            return;
    }
    if (!next(L)) /* DOCUMENT_END */
        return;
    if (!next(L))
        return;
    if (L->e.type == YAML_DOCUMENT_START_EVENT)
        pn_diag_error(L->d, &L->e.loc,
                      "a second YAML document in the file (a file holds one document; "
                      "remove the '---' line or split the file)");
}

/* ---- files, includes, directories ------------------------------------------------ */

static void ld_cleanup(struct ld *L)
{
    if (L->have_yev)
        yaml_event_delete(&L->yev);
    L->have_yev = false;
    if (L->parser_ok)
        yaml_parser_delete(&L->parser);
    L->parser_ok = false;
    for (size_t i = 0; i < L->n_anchors; i++) {
        for (size_t j = 0; j < L->anchors[i].n; j++)
            if (L->anchors[i].evs[j].owned)
                free(L->anchors[i].evs[j].val);
        free(L->anchors[i].evs);
        free(L->anchors[i].name);
    }
    free(L->anchors);
    keyset_destroy(&L->anchor_set);
    free(L->recs);
    for (size_t i = 0; i < L->n_incs; i++)
        free(L->incs[i].path);
    free(L->incs);
}

/* Reads all of f (at most PN_MAX_FILE_SIZE + 1 bytes); hint: the expected size. */
static bool read_stream(FILE *f, size_t hint, char **out, size_t *len)
{
    size_t cap = hint > 0 && hint <= PN_MAX_FILE_SIZE ? hint + 1 : 65536, n = 0;
    char *buf = pn_xmalloc(cap);
    for (;;) {
        if (n == cap) {
            if (cap > PN_MAX_FILE_SIZE)
                break;
            cap *= 2;
            buf = pn_xrealloc(buf, cap);
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        free(buf);
        return false;
    }
    *out = buf;
    *len = n;
    return true;
}

static void load_path(struct loadctx *c, const char *display, const char *real,
                      const struct pn_loc *from);

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL)
        return pn_xstrdup(".");
    if (slash == path)
        return pn_xstrdup("/");
    return pn_xstrndup(path, (size_t)(slash - path));
}

/* Display name of an include: the includer's directory joined with rel. */
static char *join_display(const char *includer, const char *rel)
{
    const char *slash = strrchr(includer, '/');
    if (slash == NULL)
        return pn_xstrdup(rel);
    return pn_xasprintf("%.*s/%s", (int)(slash - includer), includer, rel);
}

static void load_includes(struct loadctx *c, struct ld *L, const char *real_dir)
{
    for (size_t i = 0; i < L->n_incs; i++) {
        const char *rel = L->incs[i].path;
        const struct pn_loc *loc = &L->incs[i].loc;
        if (c->root == NULL || real_dir == NULL) {
            pn_diag_error(c->d, loc, "'include' is not available when reading standard input");
            continue;
        }
        if (rel[0] == '/') {
            pn_diag_error(c->d, loc, "include path '%s' must be relative to the including file",
                          shown(L, rel));
            continue;
        }
        char *joined = pn_xasprintf("%s/%s", real_dir, rel);
        char *real = realpath(joined, NULL);
        int err = errno;
        free(joined);
        if (real == NULL) {
            pn_diag_error(c->d, loc, "cannot read included file '%s': %s", shown(L, rel),
                          strerror(err));
            continue;
        }
        size_t rl = strlen(c->root);
        bool inside =
            strcmp(c->root, "/") == 0 || (strncmp(real, c->root, rl) == 0 && real[rl] == '/');
        struct stat st;
        if (!inside) {
            pn_diag_error(c->d, loc,
                          "included file '%s' is outside the network directory (includes stay "
                          "inside the directory of the top-level file)",
                          shown(L, rel));
        } else if (stat(real, &st) != 0 || !S_ISREG(st.st_mode)) {
            pn_diag_error(c->d, loc, "included path '%s' is not a regular file", shown(L, rel));
        } else {
            char *display = join_display(L->file, rel);
            load_path(c, display, real, loc);
            free(display);
        }
        free(real);
    }
}

/* Parses buf as file `display` (real: its realpath or NULL) and follows its includes. */
static void load_buffer(struct loadctx *c, const char *display, const char *real, const char *buf,
                        size_t len, const char *real_dir)
{
    struct ld L;
    memset(&L, 0, sizeof L);
    L.c = c;
    L.m = c->m;
    L.d = c->d;
    L.file = pn_model_intern_file(c->m, display);
    L.buf = buf;
    L.len = len;
    if (len > PN_MAX_FILE_SIZE) {
        struct pn_loc l = {L.file, 1, 1};
        pn_diag_error(c->d, &l, "file is larger than the limit of %u bytes",
                      (unsigned)PN_MAX_FILE_SIZE);
        c->fatal = true;
        return;
    }
    if (!yaml_parser_initialize(&L.parser)) {
        pn_diag_error(c->d, NULL, "out of memory");
        c->fatal = true;
        return;
    }
    L.parser_ok = true;
    yaml_parser_set_input_string(&L.parser, (const unsigned char *)buf, len);
    yaml_parser_set_encoding(&L.parser, YAML_UTF8_ENCODING);
    parse_buffer(&L);
    if (L.have_yev) {
        yaml_event_delete(&L.yev);
        L.have_yev = false;
    }
    yaml_parser_delete(&L.parser);
    L.parser_ok = false;
    if (real != NULL) {
        pn_xgrow((void **)&c->stack, &c->cap_stack, c->n_stack + 1, sizeof *c->stack);
        pn_xgrow((void **)&c->stack_names, &c->cap_stack_names, c->n_stack + 1,
                 sizeof *c->stack_names);
        c->stack_names[c->n_stack] = L.file;
        c->stack[c->n_stack++] = pn_xstrdup(real);
    }
    load_includes(c, &L, real_dir);
    if (real != NULL)
        free(c->stack[--c->n_stack]);
    ld_cleanup(&L);
}

/* Loads one file by realpath; `from` is the include site (NULL: given by the user). */
static void load_path(struct loadctx *c, const char *display, const char *real,
                      const struct pn_loc *from)
{
    for (size_t i = 0; i < c->n_stack; i++)
        if (strcmp(c->stack[i], real) == 0) {
            struct pn_strbuf sb;
            pn_strbuf_init(&sb);
            for (size_t j = i; j < c->n_stack; j++)
                pn_strbuf_appendf(&sb, "'%s' -> ", c->stack_names[j]);
            pn_strbuf_appendf(&sb, "'%s'", c->stack_names[i]);
            pn_diag_error(c->d, from, "include cycle: %s", pn_strbuf_str(&sb));
            pn_strbuf_destroy(&sb);
            return;
        }
    size_t dummy;
    if (keyset_get(&c->loaded_set, real, &dummy))
        return; /* each file is read once (a file included twice is merged once) */
    if (c->n_files >= PN_MAX_FILES) {
        pn_diag_error(c->d, from, "more than %d files in the network", PN_MAX_FILES);
        c->fatal = true;
        return;
    }
    c->n_files++;
    pn_xgrow((void **)&c->loaded, &c->cap_loaded, c->n_loaded + 1, sizeof *c->loaded);
    c->loaded[c->n_loaded] = pn_xstrdup(real);
    keyset_put(&c->loaded_set, c->loaded[c->n_loaded], c->n_loaded);
    c->n_loaded++;

    FILE *f = fopen(real, "rb");
    if (f == NULL) {
        pn_diag_error(c->d, from, "cannot read '%s': %s", display, strerror(errno));
        if (from == NULL)
            c->io_error = true;
        return;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0)
        memset(&st, 0, sizeof st);
    if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > PN_MAX_FILE_SIZE) {
        fclose(f);
        const char *file = pn_model_intern_file(c->m, display);
        struct pn_loc l = {file, 1, 1};
        pn_diag_error(c->d, &l, "file is larger than the limit of %u bytes",
                      (unsigned)PN_MAX_FILE_SIZE);
        c->fatal = true;
        return;
    }
    char *buf = NULL;
    size_t len = 0;
    bool ok = read_stream(f, S_ISREG(st.st_mode) ? (size_t)st.st_size : 0, &buf, &len);
    int err = errno;
    fclose(f);
    if (!ok) {
        pn_diag_error(c->d, from, "cannot read '%s': %s", display, strerror(err));
        if (from == NULL)
            c->io_error = true;
        return;
    }
    char *real_dir = dir_of(real);
    load_buffer(c, display, real, buf, len, real_dir);
    free(real_dir);
    free(buf);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool yaml_name(const char *name)
{
    size_t n = strlen(name);
    if (name[0] == '.')
        return false;
    return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
           (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

static void load_directory(struct loadctx *c, const char *dir)
{
    DIR *dh = opendir(dir);
    if (dh == NULL) {
        pn_diag_error(c->d, NULL, "cannot read directory '%s': %s", dir, strerror(errno));
        c->io_error = true;
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(dh)) != NULL) {
        if (!yaml_name(de->d_name))
            continue;
        pn_xgrow((void **)&names, &cap, n + 1, sizeof *names);
        names[n++] = pn_xstrdup(de->d_name);
    }
    closedir(dh);
    if (names != NULL)
        qsort(names, n, sizeof *names, cmp_str);
    size_t dl = strlen(dir);
    bool slash = dl > 0 && dir[dl - 1] == '/';
    for (size_t i = 0; i < n; i++) {
        char *display = pn_xasprintf("%s%s%s", dir, slash ? "" : "/", names[i]);
        struct stat st;
        char *real = realpath(display, NULL);
        if (real != NULL && stat(real, &st) == 0 && S_ISREG(st.st_mode))
            load_path(c, display, real, NULL);
        free(real);
        free(display);
        free(names[i]);
    }
    free(names);
    if (n == 0)
        pn_diag_error(c->d, NULL, "no *.yaml or *.yml file in directory '%s'", dir);
}

static void ctx_destroy(struct loadctx *c)
{
    free(c->root);
    for (size_t i = 0; i < c->n_stack; i++)
        free(c->stack[i]);
    free(c->stack);
    free(c->stack_names);
    for (size_t i = 0; i < c->n_loaded; i++)
        free(c->loaded[i]);
    free(c->loaded);
    keyset_destroy(&c->loaded_set);
}

enum pn_status pn_loader_load(struct pn_model *m, const char *const *paths, size_t n_paths,
                              struct pn_diag *d)
{
    struct loadctx c;
    memset(&c, 0, sizeof c);
    c.m = m;
    c.d = d;
    size_t errors_before = d->n_errors;
    for (size_t i = 0; i < n_paths; i++) {
        const char *p = paths[i];
        free(c.root);
        c.root = NULL;
        if (strcmp(p, "-") == 0) {
            char *buf = NULL;
            size_t len = 0;
            if (!read_stream(stdin, 0, &buf, &len)) {
                pn_diag_error(d, NULL, "cannot read standard input: %s", strerror(errno));
                c.io_error = true;
                continue;
            }
            c.n_files++;
            load_buffer(&c, "<stdin>", NULL, buf, len, NULL);
            free(buf);
            continue;
        }
        struct stat st;
        if (stat(p, &st) != 0) {
            pn_diag_error(d, NULL, "cannot read '%s': %s", p, strerror(errno));
            c.io_error = true;
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            c.root = realpath(p, NULL);
            load_directory(&c, p);
        } else {
            char *real = realpath(p, NULL);
            if (real == NULL) {
                pn_diag_error(d, NULL, "cannot read '%s': %s", p, strerror(errno));
                c.io_error = true;
                continue;
            }
            c.root = dir_of(real);
            load_path(&c, p, real, NULL);
            free(real);
        }
    }
    if (m->format_version == 0)
        m->format_version = 1; /* `partnet:` is optional */
    /* after a file stopped half-way, unknown ids would only be noise */
    if (!c.fatal && !c.io_error)
        pn_model_resolve(m, d);
    else
        pn_model_index_rebuild(m);
    ctx_destroy(&c);
    if (c.io_error)
        return PN_EIO;
    return d->n_errors > errors_before ? PN_EINPUT : PN_OK;
}

enum pn_status pn_loader_load_string(struct pn_model *m, const char *name, const char *base_dir,
                                     const char *text, size_t len, struct pn_diag *d)
{
    struct loadctx c;
    memset(&c, 0, sizeof c);
    c.m = m;
    c.d = d;
    size_t errors_before = d->n_errors;
    char *real_dir = NULL;
    if (base_dir != NULL) {
        c.root = realpath(base_dir, NULL);
        if (c.root != NULL)
            real_dir = pn_xstrdup(c.root);
    }
    c.n_files = 1;
    load_buffer(&c, name, NULL, text, len, real_dir);
    free(real_dir);
    ctx_destroy(&c);
    return d->n_errors > errors_before ? PN_EINPUT : PN_OK;
}
