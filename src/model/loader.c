/*
 * loader: YAML files -> model, through the libyaml event API (no document
 * tree). A small event layer adds what libyaml lacks (alias replay with a
 * budget, a depth limit, scalar checks); the schema code on top of it is a
 * recursive descent over the documented format. Must not print; every
 * message goes to the pn_diag. With yaml_ahead.c, the only files that include
 * <yaml.h>: a directory's files come parsed from threads when they can (yaml_ahead.h),
 * each else (and always a single file, an include, standard input) in line.
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

#include "base/resources.h"
#include "base/strbuf.h"
#include "base/vocab.h"
#include "model/yaml_ahead.h"

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
    bool oom;      /* libyaml ran out of memory: exit 3 as for any allocation (issue 13) */
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
    size_t fed;              /* bytes of buf handed to libyaml (feed) */
    size_t ev_char, ev_byte; /* the last event's end: character index, byte offset */
    bool too_long;           /* feed stopped: a scalar over PN_MAX_SCALAR (issue 13) */
    size_t too_long_at;      /* where it starts */
    bool have_yev;
    const struct pn_tape *tape; /* the events parsed ahead (NULL: from the parser) */
    size_t tape_pos;
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
    char **scratch_ids; /* get_theme_list's list before it goes to the pool */
    struct pn_mark *scratch_locs;
    size_t cap_scratch;
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

/* Bytes of buf[from, to) that can only be part of a token: each line up to its comment
 * (a '#' at its start or after a blank), blank lines not at all. It undercounts (a '#'
 * inside a quoted scalar ends the count of its line), never overcounts. */
static size_t token_bytes(const char *buf, size_t from, size_t to, size_t *first)
{
    size_t n = 0;
    bool comment = false, line_start = true;
    *first = to;
    for (size_t i = from; i < to; i++) {
        char ch = buf[i];
        if (ch == '\n') {
            comment = false;
            line_start = true;
            continue;
        }
        if (ch == '#' && (line_start || buf[i - 1] == ' ' || buf[i - 1] == '\t'))
            comment = true;
        if (comment || ch == ' ' || ch == '\t' || ch == '\r')
            continue;
        line_start = false;
        if (*first == to && ch != ':' && ch != '-')
            *first = i;
        n++;
    }
    return n;
}

/* libyaml's read handler. libyaml reads a whole scalar before its event, so a 50 MB
 * scalar used to be copied (and grown) in full before check_scalar refused it: when
 * more than the scalar limit of token bytes has gone in since the last event, stop
 * (issue 13). The slack covers libyaml's read-ahead. */
static int feed(void *data, unsigned char *buffer, size_t size, size_t *size_read)
{
    struct ld *L = data;
    size_t n = L->len - L->fed < size ? L->len - L->fed : size;
    if (L->fed - L->ev_byte > PN_MAX_SCALAR + 2 * 16384) {
        size_t first;
        if (token_bytes(L->buf, L->ev_byte, L->fed, &first) > PN_MAX_SCALAR + 16384) {
            L->too_long = true;
            L->too_long_at = first;
            return 0;
        }
    }
    memcpy(buffer, L->buf + L->fed, n);
    L->fed += n;
    *size_read = n;
    return 1;
}

static void report_parser_error(struct ld *L)
{
    yaml_parser_t *p = &L->parser;
    if (p->error == YAML_MEMORY_ERROR) {
        fatal_error(L, NULL, "out of memory while parsing '%s'", L->file);
        L->c->oom = true;
        return;
    }
    if (L->too_long) {
        struct pn_loc l = loc_of_offset(L, L->too_long_at);
        fatal_error(L, &l, "string longer than the limit of %u bytes", (unsigned)PN_MAX_SCALAR);
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

/* Control characters are errors except newline, and tab in block scalars;
 * so are the noncharacters U+FFFE and U+FFFF. */
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
        else if (s[i] == 0xEF && i + 2 < e->len && s[i + 1] == 0xBF && s[i + 2] >= 0xBE) {
            /* U+FFFE, U+FFFF (from escapes): not characters, and XML cannot hold them */
            pn_diag_error(L->d, &e->loc,
                          "noncharacter U+%04X in a string (it cannot be shown "
                          "in the SVG and XML outputs)",
                          0xFFC0u + (s[i + 2] & 0x3Fu));
            return;
        } else
            continue;
        /* a line break, from a block scalar, a blank line or a "\n" escape, is a line
         * break in names and labels (issue 13); a tab only in block scalars */
        if (cp == '\n' || (e->block && cp == '\t'))
            continue;
        pn_diag_error(L->d, &e->loc,
                      "control character U+%04X in a string (only newline, and tab in block "
                      "scalars, are allowed)",
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

/* Sets L->e from the next event of the anchor being replayed. */
static void replay_event(struct ld *L)
{
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
}

/* An event as take_event reads it, from libyaml's or from a tape. */
struct raw_ev {
    yaml_event_type_t type;
    yaml_scalar_style_t style;
    const char *val; /* scalars */
    size_t len;
    const char *anchor; /* NULL: none */
    size_t line, column, end;
};

static struct raw_ev raw_of_yaml(const yaml_event_t *y)
{
    struct raw_ev r = {y->type, YAML_ANY_SCALAR_STYLE, NULL, 0, NULL,
                       y->start_mark.line, y->start_mark.column, y->end_mark.index};
    switch (y->type) {
    case YAML_SCALAR_EVENT:
        r.val = (const char *)y->data.scalar.value;
        r.len = y->data.scalar.length;
        r.style = y->data.scalar.style;
        r.anchor = (const char *)y->data.scalar.anchor;
        break;
    case YAML_SEQUENCE_START_EVENT:
        r.anchor = (const char *)y->data.sequence_start.anchor;
        break;
    case YAML_MAPPING_START_EVENT:
        r.anchor = (const char *)y->data.mapping_start.anchor;
        break;
    default:
        break;
    }
    return r;
}

static struct raw_ev raw_of_tape(const struct pn_tape *t, size_t i)
{
    const struct pn_tape_event *e = &t->ev[i];
    struct raw_ev r = {(yaml_event_type_t)e->type, (yaml_scalar_style_t)e->style,
                       t->bytes + e->val, e->len, e->anchor ? t->bytes + e->anchor - 1 : NULL,
                       e->line, e->column, e->end};
    return r;
}

/* The byte offset of the event's end (end: its character index), walked on from the
 * previous one (marks count characters): what feed measures from. By runs: `want` more
 * characters are at least `want` bytes, and each byte but a UTF-8 continuation byte
 * starts one (a loop the compiler vectorizes; byte by byte this walk was the loader's
 * largest cost of its own). A tape needs none: its file was parsed whole. */
static void walk_to(struct ld *L, size_t end)
{
    while (L->ev_char < end && L->ev_byte < L->fed) {
        size_t want = end - L->ev_char, avail = L->fed - L->ev_byte;
        size_t step = want < avail ? want : avail, cont = 0;
        const unsigned char *p = (const unsigned char *)L->buf + L->ev_byte;
        for (size_t i = 0; i < step; i++)
            cont += (p[i] & 0xC0) == 0x80;
        L->ev_byte += step;
        L->ev_char += step - cont;
    }
    /* the last character's continuation bytes */
    while (L->ev_byte < L->fed && ((unsigned char)L->buf[L->ev_byte] & 0xC0) == 0x80)
        L->ev_byte++;
}

/* Sets L->e from the event y; returns its anchor (NULL: none). */
static const char *take_event(struct ld *L, const struct raw_ev *y)
{
    L->e.type = y->type;
    L->e.loc = (struct pn_loc){L->file, (int)y->line + 1, (int)y->column + 1};
    L->e.val = NULL;
    L->e.len = 0;
    L->e.plain = false;
    L->e.block = false;
    if (y->type == YAML_SCALAR_EVENT) {
        L->e.val = y->val;
        L->e.len = y->len;
        L->e.plain = y->style == YAML_PLAIN_SCALAR_STYLE;
        L->e.block = y->style == YAML_LITERAL_SCALAR_STYLE || y->style == YAML_FOLDED_SCALAR_STYLE;
        check_scalar(L, &L->e);
    }
    return y->anchor;
}

/* The alias event of anchor `name` (in L->yev or on the tape): checks it against the
 * budget and starts replaying its anchor (libyaml's alias event is deleted). False:
 * fatal. */
static bool follow_alias(struct ld *L, const char *name)
{
    size_t ai;
    if (!keyset_get(&L->anchor_set, name, &ai)) {
        fatal_error(L, &L->e.loc, "unknown alias '*%s' (no anchor '&%s' before it)", name, name);
        return false;
    }
    if (!L->anchors[ai].done || L->anchors[ai].n == 0) {
        fatal_error(L, &L->e.loc, "alias '*%s' is used inside its own anchor", name);
        return false;
    }
    L->expanded += L->anchors[ai].n;
    L->expanded_bytes += L->anchors[ai].bytes;
    if (L->expanded > PN_MAX_ALIAS_EXPANSION) {
        fatal_error(L, &L->e.loc, "alias expansion exceeds %d events", PN_MAX_ALIAS_EXPANSION);
        return false;
    }
    if (L->expanded_bytes > PN_MAX_ALIAS_BYTES) {
        fatal_error(L, &L->e.loc, "alias expansion exceeds %u bytes", (unsigned)PN_MAX_ALIAS_BYTES);
        return false;
    }
    L->replaying = true;
    L->replay_anchor = ai;
    L->replay_pos = 0;
    L->replay_loc = L->e.loc;
    if (L->have_yev)
        yaml_event_delete(&L->yev);
    L->have_yev = false;
    return true;
}

/* For the event now in L->e: the depth limit, a new anchor (named `anchor`,
 * NULL: none) and the recording of every open anchor. False: too deep. */
static bool track_event(struct ld *L, const char *anchor, bool replayed)
{
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

/* Advances L->e to the next event. Returns false (after reporting) when the
 * file cannot be read further. The event libyaml gave is deleted here, at the
 * next call, or by ld_cleanup. */
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
        replay_event(L);
    } else if (L->tape != NULL) {
        /* past the stream's end, as libyaml: no event */
        struct raw_ev r = {YAML_NO_EVENT, YAML_ANY_SCALAR_STYLE, NULL, 0, NULL, 0, 0, 0};
        if (L->tape_pos < L->tape->n)
            r = raw_of_tape(L->tape, L->tape_pos++);
        anchor = take_event(L, &r);
        if (r.type == YAML_ALIAS_EVENT)
            return follow_alias(L, r.val) && next(L);
    } else {
        if (!yaml_parser_parse(&L->parser, &L->yev)) {
            report_parser_error(L);
            return false;
        }
        L->have_yev = true;
        struct raw_ev r = raw_of_yaml(&L->yev);
        walk_to(L, r.end);
        anchor = take_event(L, &r);
        if (r.type == YAML_ALIAS_EVENT) /* replays never contain alias events: depth 1 */
            return follow_alias(L, (const char *)L->yev.data.alias.anchor) && next(L);
    }
    return track_event(L, anchor, replayed);
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

/* How a scalar goes to the pool (model.h): text copied, a word interned (shared), a
 * reference to an entity id copied until pn_model_resolve points it at the id. */
enum pool_as { AS_TEXT, AS_WORD, AS_REF };

/* The model's copy of the current scalar, in the pool (never modified afterwards). */
static char *pooled_val(struct ld *L, enum pool_as as)
{
    switch (as) {
    case AS_WORD:
        return pn_model_intern(L->m, L->e.val, L->e.len);
    case AS_REF:
        return pn_model_ref(L->m, L->e.val, L->e.len);
    case AS_TEXT:
    default:
        return pn_model_strdup(L->m, L->e.val, L->e.len);
    }
}

/* *dst = the mark of l, when the helper that had l to fill set it (line > 0). */
static void put_mark(struct ld *L, struct pn_mark *dst, const struct pn_loc *l)
{
    if (l->line > 0)
        *dst = pn_model_mark(L->m, l);
}

/* Optional text value: NULL when null or empty. Pooled as `as` (a string of an earlier
 * value stays in the pool). */
static void get_text_as(struct ld *L, const char *key, char **dst, struct pn_loc *loc,
                        enum pool_as as)
{
    if (L->e.type != YAML_SCALAR_EVENT) {
        type_error(L, "a string", key);
        return;
    }
    if (loc != NULL)
        *loc = L->e.loc;
    *dst = NULL;
    if (is_null(&L->e) || L->e.len == 0)
        return;
    *dst = pooled_val(L, as);
}

/* Text: names, labels, URLs. */
static void get_text(struct ld *L, const char *key, char **dst, struct pn_loc *loc)
{
    get_text_as(L, key, dst, loc, AS_TEXT);
}

/* A word that repeats: types, regions, cities, roles. */
static void get_word(struct ld *L, const char *key, char **dst, struct pn_loc *loc)
{
    get_text_as(L, key, dst, loc, AS_WORD);
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
static bool get_ref_as(struct ld *L, const char *key, char **dst, struct pn_loc *loc,
                       enum pool_as as)
{
    if (L->e.type != YAML_SCALAR_EVENT || is_null(&L->e) || L->e.len == 0) {
        type_error(L, "an id", key);
        return false;
    }
    *dst = pooled_val(L, as);
    *loc = L->e.loc;
    return true;
}

/* A source or theme id: a word. */
static bool get_ref(struct ld *L, const char *key, char **dst, struct pn_loc *loc)
{
    return get_ref_as(L, key, dst, loc, AS_WORD);
}

/* An entity id: a tie end, a member, a parent (model.h, pn_model_ref). */
static bool get_entity_ref(struct ld *L, const char *key, char **dst, struct pn_loc *loc)
{
    return get_ref_as(L, key, dst, loc, AS_REF);
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
    get_word(L, "country", dst, &loc);
    if (*dst == NULL)
        return;
    if (strlen(*dst) != 2 || !isalpha((unsigned char)(*dst)[0]) ||
        !isalpha((unsigned char)(*dst)[1])) {
        pn_diag_error(L->d, &loc,
                      "expected a two-letter ISO 3166-1 country code for 'country', got '%s'",
                      shown(L, *dst));
        return;
    }
    /* upper case in a copy: the pooled string is shared */
    char c[3] = {(char)toupper((unsigned char)(*dst)[0]), (char)toupper((unsigned char)(*dst)[1]),
                 '\0'};
    *dst = pn_model_intern(L->m, c, 2);
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
static void get_theme_list(struct ld *L, char ***themes, struct pn_mark **locs, size_t *n)
{
    if (is_null(&L->e))
        return;
    if (L->e.type != YAML_SEQUENCE_START_EVENT) {
        type_error(L, "a list of theme ids", "themes");
        return;
    }
    /* gathered in the loader's scratch arrays, then copied at their exact size into
     * the pool (after any themes the record already has) */
    size_t k = 0;
    for (;;) {
        if (!next(L) || L->e.type == YAML_SEQUENCE_END_EVENT)
            break;
        char *id = NULL;
        struct pn_loc loc;
        if (!get_ref(L, "themes", &id, &loc))
            continue;
        size_t cap2 = L->cap_scratch;
        pn_xgrow((void **)&L->scratch_ids, &L->cap_scratch, k + 1, sizeof *L->scratch_ids);
        pn_xgrow((void **)&L->scratch_locs, &cap2, k + 1, sizeof *L->scratch_locs);
        L->scratch_ids[k] = id;
        L->scratch_locs[k] = pn_model_mark(L->m, &loc);
        k++;
    }
    if (k == 0)
        return;
    char **ids = pn_model_pool_alloc(L->m, (*n + k) * sizeof *ids);
    struct pn_mark *lcs = pn_model_pool_alloc(L->m, (*n + k) * sizeof *lcs);
    if (*n > 0) {
        memcpy(ids, *themes, *n * sizeof *ids);
        memcpy(lcs, *locs, *n * sizeof *lcs);
    }
    memcpy(ids + *n, L->scratch_ids, k * sizeof *ids);
    memcpy(lcs + *n, L->scratch_locs, k * sizeof *lcs);
    *themes = ids;
    *locs = lcs;
    *n += k;
}

/* attrs: a mapping of free scalars. Duplicates checked by a linear scan for
 * small mappings, a hash set past 16 keys. value (heap) is taken: the pair's
 * strings go to the pool. */
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
    kv->key = pn_model_intern(L->m, key, strlen(key));
    kv->value = pn_model_intern(L->m, value, strlen(value));
    free(value);
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

/* The keys of one kind of mapping, taken from its X-macro table. */
struct key_table {
    const char *const *names; /* in the order "did you mean" tries them */
    const int *ids;           /* names[k] is key ids[k] (NULL: key k) */
    int n;
    key_fn fn; /* parses the value of key `id` into obj */
    /* why a key of another kind is refused here, or NULL (NULL: no such keys) */
    const char *(*misplaced)(const char *key);
};

/* `x-*` keys collected from one mapping. */
struct xkeys {
    struct pn_kv *kv;
    size_t n, cap;
};

static int key_id(const struct key_table *t, int k)
{
    return t->ids != NULL ? t->ids[k] : k;
}

/* Table index of key s, or -1. */
static int find_key(const struct key_table *t, const char *s)
{
    for (int i = 0; i < t->n; i++)
        if (t->names[i][0] == s[0] && strcmp(s, t->names[i]) == 0)
            return i;
    return -1;
}

/* Reports the key at L->e, which is neither in t nor `x-*`. */
static void unknown_key(struct ld *L, const struct key_table *t, const char *what,
                        const struct pn_loc *kloc)
{
    const char *where = t->misplaced != NULL ? t->misplaced(L->e.val) : NULL;
    if (strcmp(L->e.val, "<<") == 0) {
        pn_diag_error(L->d, kloc,
                      "merge keys ('<<') are not supported in %s (write "
                      "the keys out, or alias a whole mapping)",
                      what);
    } else if (where != NULL) {
        pn_diag_error(L->d, kloc, "key '%s' is not allowed in %s (%s)", shown(L, L->e.val), what,
                      where);
    } else {
        const char *best = pn_closest(L->e.val, t->names, (size_t)t->n);
        if (best != NULL)
            pn_diag_error(L->d, kloc, "unknown key '%s' in %s (did you mean '%s'?)",
                          shown(L, L->e.val), what, best);
        else
            pn_diag_error(L->d, kloc, "unknown key '%s' in %s", shown(L, L->e.val), what);
    }
}

/* The `x-*` key at L->e and its value (as compact text): added to x (duplicates
 * checked through xks), or only read when x is NULL. False: the file ends. */
static bool take_x_key(struct ld *L, struct xkeys *x, struct keyset *xks, const struct pn_loc *kloc)
{
    char *key = pn_xstrndup(L->e.val, L->e.len);
    if (!next(L)) {
        free(key);
        return false;
    }
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    node_text(L, &sb);
    if (x != NULL)
        add_kv(L, &x->kv, &x->n, &x->cap, xks, key, kloc, pn_strbuf_detach(&sb));
    pn_strbuf_destroy(&sb);
    free(key);
    return true;
}

/* Walks the mapping at L->e (a MAPPING_START): known keys go to t->fn, `x-*`
 * keys to x (NULL: dropped after a check), others are errors. seen[id] gets
 * the location of key id. `what` names the object in messages. */
static void parse_map(struct ld *L, const struct key_table *t, const char *what, void *obj,
                      struct pn_loc *seen, struct xkeys *x)
{
    struct keyset xks = {0};
    for (int k = 0; k < t->n; k++)
        seen[key_id(t, k)].line = 0;
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
        int k = find_key(t, L->e.val);
        if (k < 0 && strncmp(L->e.val, "x-", 2) == 0) {
            if (!take_x_key(L, x, &xks, &kloc))
                break;
            continue;
        }
        int id = k < 0 ? -1 : key_id(t, k);
        if (k < 0 || seen[id].line > 0) {
            if (k < 0)
                unknown_key(L, t, what, &kloc);
            else
                pn_diag_error(L->d, &kloc, "duplicate key '%s' (first at line %d, column %d)",
                              t->names[k], seen[id].line, seen[id].col);
            if (!next(L) || !skip_node(L))
                break;
            continue;
        }
        seen[id] = kloc;
        if (!next(L))
            break;
        t->fn(L, obj, id, &kloc);
        if (L->fatal)
            break;
    }
    keyset_destroy(&xks);
}

/* ---- lists of keyed mappings ------------------------------------------------ */

/* One list of mappings read with a key table (sources, themes, members,
 * entities, ties). ctx is the list's state: every hook and the key table's fn
 * get it. */
struct list_spec {
    const char *key;         /* the list's key, in type errors ("sources") */
    const char *expect;      /* what the list must be ("a list of sources") */
    const char *expect_item; /* what an item must be ("a source (a mapping)") */
    const char *what;        /* an item, in messages ("source") */
    const struct key_table *keys;
    /* an item that is not a mapping: true when taken (a member's bare id, a
     * tie's [a, b]); NULL: every such item is a type error */
    bool (*bare)(struct ld *L, void *ctx);
    void (*add)(struct ld *L, void *ctx, const struct pn_loc *loc); /* appends an empty item */
    /* takes the item's `x-*` keys and frees x->kv (NULL: they are read and dropped) */
    void (*take_x)(struct ld *L, void *ctx, struct xkeys *x);
    bool stop_at_fatal; /* after a fatal error inside an item, leave it as it is */
    /* the item's required id (NULL: ids are not required); id_key is its key */
    const char *(*id_of)(struct ld *L, void *ctx);
    int id_key;
    void (*drop)(struct ld *L, void *ctx); /* removes the last item (it has no id) */
    /* checks a complete item written at loc (NULL: nothing to check) */
    void (*done)(struct ld *L, void *ctx, const struct pn_loc *loc, const struct pn_loc *seen);
};

/* Reads the list at L->e (null: empty) item by item, as s says. */
static void parse_list(struct ld *L, const struct list_spec *s, void *ctx)
{
    if (is_null(&L->e))
        return;
    if (L->e.type != YAML_SEQUENCE_START_EVENT) {
        type_error(L, s->expect, s->key);
        return;
    }
    struct pn_loc seen[MAX_KEYS];
    for (;;) {
        if (!next(L) || L->e.type == YAML_SEQUENCE_END_EVENT)
            return;
        struct pn_loc loc = L->e.loc;
        if (L->e.type != YAML_MAPPING_START_EVENT) {
            if (s->bare == NULL || !s->bare(L, ctx))
                type_error(L, s->expect_item, s->key);
            continue;
        }
        s->add(L, ctx, &loc);
        struct xkeys x = {0};
        parse_map(L, s->keys, s->what, ctx, seen, s->take_x != NULL ? &x : NULL);
        if (s->take_x != NULL)
            s->take_x(L, ctx, &x);
        if (L->fatal && s->stop_at_fatal)
            return;
        if (s->id_of != NULL && s->id_of(L, ctx) == NULL) {
            if (seen[s->id_key].line == 0)
                pn_diag_error(L->d, &loc, "missing required key 'id' in %s", s->what);
            s->drop(L, ctx);
            continue;
        }
        if (s->done != NULL)
            s->done(L, ctx, &loc, seen);
    }
}

/* `x-*` keys are kept with the attributes, after them. */
static void append_x(struct pn_kv **attrs, size_t *n_attrs, struct xkeys *x)
{
    if (x->n > 0) {
        size_t cap = *n_attrs;
        pn_xgrow((void **)attrs, &cap, *n_attrs + x->n, sizeof **attrs);
        memcpy(*attrs + *n_attrs, x->kv, x->n * sizeof *x->kv);
        *n_attrs += x->n;
    }
    free(x->kv);
}

/* ---- sources and themes ----------------------------------------------------- */

/* Source keys: X(ID, "key"), in the order "did you mean" tries them. */
#define SOURCE_KEYS(X)                                                                             \
    X(ID, "id") X(TITLE, "title") X(URL, "url") X(DATE, "date") X(PUBLISHER, "publisher")
#define SRC_ENUM(id, ...) SRC_##id,
enum { SOURCE_KEYS(SRC_ENUM) };
enum { SRC_N = 0 SOURCE_KEYS(PN_VOCAB_COUNT) };
static const char *const source_keys[] = {SOURCE_KEYS(PN_VOCAB_NAME) NULL};

/* The value of n decimal digits (already checked to be digits). */
static int atoi_digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

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

/* For a date date_ok accepts: the number of days of its month when YYYY-MM-DD names a day
 * the calendar does not have (2025-02-30, 2023-02-29), else 0 (issue 13). */
static int missing_day(const char *s)
{
    if (strlen(s) != 10)
        return 0;
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y = atoi_digits(s, 4), mo = atoi_digits(s + 5, 2), dd = atoi_digits(s + 8, 2);
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    int in_month = days[mo - 1] + (mo == 2 && leap ? 1 : 0);
    return dd > in_month ? in_month : 0;
}

/* obj: the source's index (size_t). */
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
        } else if (s->date != NULL && missing_day(s->date) > 0) {
            pn_diag_error(L->d, &loc, "no such day: '%s' (that month has %d days)",
                          shown(L, s->date), missing_day(s->date));
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

static void source_add(struct ld *L, void *ctx, const struct pn_loc *loc)
{
    size_t *i = ctx;
    *i = pn_model_add_source(L->m);
    L->m->sources[*i].loc = *loc;
    L->m->sources[*i].pooled = true;
}

static const char *source_id(struct ld *L, void *ctx)
{
    return L->m->sources[*(size_t *)ctx].id;
}

static void source_drop(struct ld *L, void *ctx)
{
    (void)ctx;
    pn_model_drop_last_source(L->m);
}

static const struct key_table source_table = {source_keys, NULL, SRC_N, source_key, NULL};
static const struct list_spec source_list = {.key = "sources",
                                             .expect = "a list of sources",
                                             .expect_item = "a source (a mapping)",
                                             .what = "source",
                                             .keys = &source_table,
                                             .add = source_add,
                                             .id_of = source_id,
                                             .id_key = SRC_ID,
                                             .drop = source_drop};

/* Theme keys: X(ID, "key"), in the order "did you mean" tries them. */
#define THEME_KEYS(X) X(ID, "id") X(LABEL, "label") X(LABEL_FR, "label_fr") X(COLOR, "color")
#define THM_ENUM(id, ...) THM_##id,
enum { THEME_KEYS(THM_ENUM) };
enum { THM_N = 0 THEME_KEYS(PN_VOCAB_COUNT) };
static const char *const theme_keys[] = {THEME_KEYS(PN_VOCAB_NAME) NULL};

static bool color_ok(const char *s)
{
    if (s[0] != '#' || strlen(s) != 7)
        return false;
    for (int i = 1; i < 7; i++)
        if (!isxdigit((unsigned char)s[i]))
            return false;
    return true;
}

/* obj: the theme's index (size_t). */
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
            t->color = NULL;
        }
        break;
    }
    default:
        break;
    }
}

static void theme_add(struct ld *L, void *ctx, const struct pn_loc *loc)
{
    size_t *i = ctx;
    *i = pn_model_add_theme(L->m);
    L->m->themes[*i].loc = *loc;
    L->m->themes[*i].pooled = true;
}

static const char *theme_id(struct ld *L, void *ctx)
{
    return L->m->themes[*(size_t *)ctx].id;
}

static void theme_drop(struct ld *L, void *ctx)
{
    (void)ctx;
    pn_model_drop_last_theme(L->m);
}

/* A theme without a label is shown by its id. */
static void theme_done(struct ld *L, void *ctx, const struct pn_loc *loc, const struct pn_loc *seen)
{
    struct pn_theme *t = &L->m->themes[*(size_t *)ctx];
    (void)loc;
    (void)seen;
    if (t->label == NULL)
        t->label = t->id; /* pooled: shared */
}

static const struct key_table theme_table = {theme_keys, NULL, THM_N, theme_key, NULL};
static const struct list_spec theme_list = {.key = "themes",
                                            .expect = "a list of themes",
                                            .expect_item = "a theme (a mapping)",
                                            .what = "theme",
                                            .keys = &theme_table,
                                            .add = theme_add,
                                            .id_of = theme_id,
                                            .id_key = THM_ID,
                                            .drop = theme_drop,
                                            .done = theme_done};

/* ---- entities ----------------------------------------------------------------- */

struct ent_ctx {
    size_t index; /* in L->m->entities */
    enum pn_kind kind;
    bool group; /* an alliance or a network */
};

/* Entity keys, one row each: X(ID, "key", WHO, parse function, why the other kinds
 * lack it). WHO is ALL kinds, INST (institutions only) or GROUP (alliances and
 * networks only). Rows are in the order "did you mean" tries them. A new key is
 * one row plus its parse function. */
#define ENTITY_KEYS(X)                                                                             \
    X(ID, "id", ALL, ent_id, NULL)                                                                 \
    X(NAME, "name", ALL, ent_name, NULL)                                                           \
    X(SHORT, "short", ALL, ent_short, NULL)                                                        \
    X(TYPE, "type", ALL, ent_type, NULL)                                                           \
    X(COUNTRY, "country", ALL, ent_country, NULL)                                                  \
    X(REGION, "region", ALL, ent_region, NULL)                                                     \
    X(CITY, "city", ALL, ent_city, NULL)                                                           \
    X(LOCATION, "location", ALL, ent_location, NULL)                                               \
    X(PARENT, "parent", INST, ent_parent, "only institutions have a parent")                       \
    X(MEMBERS, "members", GROUP, ent_members, "only alliances and networks have members")          \
    X(THEMES, "themes", ALL, ent_themes, NULL)                                                     \
    X(SINCE, "since", ALL, ent_since, NULL)                                                        \
    X(UNTIL, "until", ALL, ent_until, NULL)                                                        \
    X(URL, "url", ALL, ent_url, NULL)                                                              \
    X(SOURCE, "source", ALL, ent_source, NULL)                                                     \
    X(ATTRS, "attrs", ALL, ent_attrs, NULL)
#define ENT_ENUM(id, ...) ENT_##id,
enum { ENTITY_KEYS(ENT_ENUM) };
enum { ENT_N = 0 ENTITY_KEYS(PN_VOCAB_COUNT) };
_Static_assert(ENT_N <= MAX_KEYS, "parse_list's seen[] holds every entity key");

/* Which kinds accept a key (the WHO column). */
enum { WHO_INST = 1, WHO_GROUP = 2, WHO_ALL = 3 };

/* The key names and ids an institution, and a group, accepts: the rows whose
 * WHO includes it, in table order. */
#define ENT_IN_INST_ALL(x) x,
#define ENT_IN_INST_INST(x) x,
#define ENT_IN_INST_GROUP(x)
#define ENT_IN_GROUP_ALL(x) x,
#define ENT_IN_GROUP_INST(x)
#define ENT_IN_GROUP_GROUP(x) x,
#define ENT_INST_NAME(id, name, who, ...) ENT_IN_INST_##who(name)
#define ENT_INST_ID(id, name, who, ...) ENT_IN_INST_##who(ENT_##id)
#define ENT_GROUP_NAME(id, name, who, ...) ENT_IN_GROUP_##who(name)
#define ENT_GROUP_ID(id, name, who, ...) ENT_IN_GROUP_##who(ENT_##id)
static const char *const inst_keys[] = {ENTITY_KEYS(ENT_INST_NAME)};
static const int inst_ids[] = {ENTITY_KEYS(ENT_INST_ID)};
static const char *const group_keys[] = {ENTITY_KEYS(ENT_GROUP_NAME)};
static const int group_ids[] = {ENTITY_KEYS(ENT_GROUP_ID)};
#define N_INST_KEYS ((int)(sizeof inst_keys / sizeof inst_keys[0]))
#define N_GROUP_KEYS ((int)(sizeof group_keys / sizeof group_keys[0]))

static const char *const inst_types[] = {"university", "school",     "research-organisation",
                                         "laboratory", "hospital",   "company",
                                         "agency",     "government", "funder",
                                         "programme",  "other"};
#define N_INST_TYPES (sizeof inst_types / sizeof inst_types[0])

static struct pn_entity *ent_of(struct ld *L, const struct ent_ctx *ec)
{
    return &L->m->entities[ec->index];
}

/* "a, b, ... or z" */
static void append_choices(struct pn_strbuf *sb, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        pn_strbuf_appendf(sb, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ", names[i]);
}

/* schema: an institution's type is one of inst_types */
static void check_inst_type(struct ld *L, const struct pn_entity *e)
{
    for (size_t i = 0; i < N_INST_TYPES; i++)
        if (strcmp(e->type, inst_types[i]) == 0)
            return;
    struct pn_loc at = pn_model_loc(L->m, e->loc_type);
    const char *best = pn_closest(e->type, inst_types, N_INST_TYPES);
    if (best != NULL) {
        pn_diag_error(L->d, &at, "unknown institution type '%s' (did you mean '%s'?)",
                      shown(L, e->type), best);
        return;
    }
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    append_choices(&sb, inst_types, N_INST_TYPES);
    pn_diag_error(L->d, &at, "unknown institution type '%s' (expected %s)", shown(L, e->type),
                  pn_strbuf_str(&sb));
    pn_strbuf_destroy(&sb);
}

/* Member keys: X(ID, "key"), in the order "did you mean" tries them. */
#define MEMBER_KEYS(X)                                                                             \
    X(ID, "id") X(ROLE, "role") X(SINCE, "since") X(UNTIL, "until") X(SOURCE, "source")
#define MEM_ENUM(id, ...) MEM_##id,
enum { MEMBER_KEYS(MEM_ENUM) };
enum { MEM_N = 0 MEMBER_KEYS(PN_VOCAB_COUNT) };
static const char *const member_keys[] = {MEMBER_KEYS(PN_VOCAB_NAME) NULL};

struct member_ctx {
    size_t entity;
    size_t member;
    size_t cap; /* of the entity's members[] */
};

static struct pn_member *member_of(struct ld *L, const struct member_ctx *mc)
{
    return &L->m->entities[mc->entity].members[mc->member];
}

static void member_key(struct ld *L, void *obj, int k, const struct pn_loc *kloc)
{
    struct pn_member *mb = member_of(L, obj);
    struct pn_loc l = {0};
    (void)kloc;
    switch (k) {
    case MEM_ID:
        get_entity_ref(L, "id", &mb->id, &l);
        put_mark(L, &mb->loc, &l);
        break;
    case MEM_ROLE:
        get_word(L, "role", &mb->role, &l);
        put_mark(L, &mb->loc_role, &l);
        break;
    case MEM_SINCE:
        get_year(L, "since", &mb->since, &l);
        put_mark(L, &mb->loc_since, &l);
        break;
    case MEM_UNTIL:
        get_year(L, "until", &mb->until, &l);
        put_mark(L, &mb->loc_until, &l);
        break;
    case MEM_SOURCE:
        get_ref(L, "source", &mb->source, &l);
        put_mark(L, &mb->loc_source, &l);
        break;
    default:
        break;
    }
}

static void member_add(struct ld *L, void *ctx, const struct pn_loc *loc)
{
    struct member_ctx *mc = ctx;
    struct pn_entity *e = &L->m->entities[mc->entity];
    /* before the work a huge group costs (issue 13): the reading stops here */
    if (e->n_members == PN_MAX_MEMBERS)
        fatal_error(L, loc, "more than the limit of %d members in one group", PN_MAX_MEMBERS);
    pn_xgrow((void **)&e->members, &mc->cap, e->n_members + 1, sizeof *e->members);
    struct pn_member *mb = &e->members[e->n_members];
    memset(mb, 0, sizeof *mb);
    mb->entity = PN_NONE;
    mb->loc = pn_model_mark(L->m, loc);
    mc->member = e->n_members++;
}

/* A member written as its bare id. */
static bool member_bare(struct ld *L, void *ctx)
{
    if (L->e.type != YAML_SCALAR_EVENT || is_null(&L->e))
        return false;
    member_add(L, ctx, &L->e.loc);
    member_of(L, ctx)->id = pooled_val(L, AS_REF);
    return true;
}

static const char *member_id(struct ld *L, void *ctx)
{
    return member_of(L, ctx)->id;
}

static void member_drop(struct ld *L, void *ctx)
{
    struct member_ctx *mc = ctx;
    L->m->entities[mc->entity].n_members--; /* its strings are pooled */
}

static const struct key_table member_table = {member_keys, NULL, MEM_N, member_key, NULL};
static const struct list_spec member_list = {.key = "members",
                                             .expect = "a list of members",
                                             .expect_item = "a member id or a mapping",
                                             .what = "member",
                                             .keys = &member_table,
                                             .bare = member_bare,
                                             .add = member_add,
                                             .id_of = member_id,
                                             .id_key = MEM_ID,
                                             .drop = member_drop};

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

/* The parse functions of ENTITY_KEYS: each reads the value at L->e. */
static void ent_id(struct ld *L, const struct ent_ctx *ec)
{
    struct pn_entity *e = ent_of(L, ec);
    struct pn_loc l = {0};
    get_id(L, "id", &e->id, &l);
    put_mark(L, &e->loc_id, &l);
}

/* A name written as a block scalar ends with the block's line break: drop it (and
 * any others at the end), so that the line breaks kept are those inside the name.
 * The cut is a new copy (pooled strings are never modified). */
static void get_name_text(struct ld *L, const char *key, char **dst)
{
    get_text(L, key, dst, NULL);
    size_t n = *dst != NULL ? strlen(*dst) : 0, cut = n;
    while (cut > 0 && (*dst)[cut - 1] == '\n')
        cut--;
    if (cut < n)
        *dst = pn_model_strdup(L->m, *dst, cut);
}

static void ent_name(struct ld *L, const struct ent_ctx *ec)
{
    get_name_text(L, "name", &ent_of(L, ec)->name);
}

static void ent_short(struct ld *L, const struct ent_ctx *ec)
{
    get_name_text(L, "short", &ent_of(L, ec)->short_name);
}

/* Groups' types are free text. */
static void ent_type(struct ld *L, const struct ent_ctx *ec)
{
    struct pn_entity *e = ent_of(L, ec);
    struct pn_loc l = {0};
    get_word(L, "type", &e->type, &l);
    put_mark(L, &e->loc_type, &l);
    if (e->type != NULL && !ec->group)
        check_inst_type(L, e);
}

static void ent_country(struct ld *L, const struct ent_ctx *ec)
{
    get_country(L, &ent_of(L, ec)->country);
}

static void ent_region(struct ld *L, const struct ent_ctx *ec)
{
    get_word(L, "region", &ent_of(L, ec)->region, NULL);
}

static void ent_city(struct ld *L, const struct ent_ctx *ec)
{
    get_word(L, "city", &ent_of(L, ec)->city, NULL);
}

static void ent_location(struct ld *L, const struct ent_ctx *ec)
{
    get_location(L, ent_of(L, ec));
}

static void ent_parent(struct ld *L, const struct ent_ctx *ec)
{
    struct pn_entity *e = ent_of(L, ec);
    struct pn_loc l = {0};
    if (!is_null(&L->e) && get_entity_ref(L, "parent", &e->parent, &l))
        put_mark(L, &e->loc_parent, &l);
}

static void ent_members(struct ld *L, const struct ent_ctx *ec)
{
    struct member_ctx mc = {ec->index, 0, L->m->entities[ec->index].n_members};
    parse_list(L, &member_list, &mc);
}

static void ent_themes(struct ld *L, const struct ent_ctx *ec)
{
    struct pn_entity *e = ent_of(L, ec);
    get_theme_list(L, &e->themes, &e->loc_themes, &e->n_themes);
}

static void ent_since(struct ld *L, const struct ent_ctx *ec)
{
    struct pn_entity *e = ent_of(L, ec);
    struct pn_loc l = {0};
    get_year(L, "since", &e->since, &l);
    put_mark(L, &e->loc_since, &l);
}

static void ent_until(struct ld *L, const struct ent_ctx *ec)
{
    struct pn_entity *e = ent_of(L, ec);
    struct pn_loc l = {0};
    get_year(L, "until", &e->until, &l);
    put_mark(L, &e->loc_until, &l);
}

static void ent_url(struct ld *L, const struct ent_ctx *ec)
{
    get_url(L, "url", &ent_of(L, ec)->url);
}

static void ent_source(struct ld *L, const struct ent_ctx *ec)
{
    struct pn_entity *e = ent_of(L, ec);
    struct pn_loc l = {0};
    if (!is_null(&L->e) && get_ref(L, "source", &e->source, &l))
        put_mark(L, &e->loc_source, &l);
}

static void ent_attrs(struct ld *L, const struct ent_ctx *ec)
{
    struct pn_entity *e = ent_of(L, ec);
    get_attrs(L, &e->attrs, &e->n_attrs);
}

/* ENTITY_KEYS by ENT_* id. */
struct ent_key_row {
    const char *name;
    int who;
    void (*parse)(struct ld *L, const struct ent_ctx *ec);
    const char *only; /* why the other kinds lack the key (NULL: all have it) */
};
#define ENT_ROW(id, name, who, parse, only) {name, WHO_##who, parse, only},
static const struct ent_key_row ent_rows[] = {ENTITY_KEYS(ENT_ROW)};

/* obj: the entity's ent_ctx; k: an ENT_* id. */
static void entity_key(struct ld *L, void *obj, int k, const struct pn_loc *kloc)
{
    (void)kloc;
    ent_rows[k].parse(L, obj);
}

/* Why key (of another kind) is not allowed in a `mine` entity, or NULL. */
static const char *misplaced_in(int mine, const char *key)
{
    for (size_t i = 0; i < ENT_N; i++)
        if ((ent_rows[i].who & mine) == 0 && strcmp(key, ent_rows[i].name) == 0)
            return ent_rows[i].only;
    return NULL;
}

static const char *inst_misplaced(const char *key)
{
    return misplaced_in(WHO_INST, key);
}

static const char *group_misplaced(const char *key)
{
    return misplaced_in(WHO_GROUP, key);
}

static const struct key_table inst_table = {inst_keys, inst_ids, N_INST_KEYS, entity_key,
                                            inst_misplaced};
static const struct key_table group_table = {group_keys, group_ids, N_GROUP_KEYS, entity_key,
                                             group_misplaced};

static void entity_add(struct ld *L, void *ctx, const struct pn_loc *loc)
{
    struct ent_ctx *ec = ctx;
    ec->index = pn_model_add_entity(L->m, ec->kind);
    L->m->entities[ec->index].loc = pn_model_mark(L->m, loc);
    L->m->entities[ec->index].pooled = true;
}

static void entity_take_x(struct ld *L, void *ctx, struct xkeys *x)
{
    struct pn_entity *e = ent_of(L, ctx);
    append_x(&e->attrs, &e->n_attrs, x);
}

static const char *entity_id(struct ld *L, void *ctx)
{
    return ent_of(L, ctx)->id;
}

static void entity_drop(struct ld *L, void *ctx)
{
    (void)ctx;
    pn_model_drop_last_entity(L->m);
}

/* schema: institutions need a name; a group without one is shown by its id */
static void entity_done(struct ld *L, void *ctx, const struct pn_loc *loc,
                        const struct pn_loc *seen)
{
    const struct ent_ctx *ec = ctx;
    struct pn_entity *e = ent_of(L, ec);
    const char *what = pn_kind_name(ec->kind);
    if (e->name != NULL)
        return;
    if (!ec->group) {
        if (seen[ENT_NAME].line == 0)
            pn_diag_error(L->d, loc, "missing required key 'name' in %s '%s'", what,
                          shown(L, e->id));
        else
            pn_diag_error(L->d, &seen[ENT_NAME], "empty 'name' in %s '%s'", what, shown(L, e->id));
    }
    e->name = e->id; /* pooled: shared */
}

static void parse_entities(struct ld *L, enum pn_kind kind, const char *key)
{
    const char *what = pn_kind_name(kind);
    struct ent_ctx ec = {0, kind, kind != PN_KIND_INSTITUTION};
    char expect[64], expect_item[64];
    snprintf(expect, sizeof expect, "a list of %ss", what);
    snprintf(expect_item, sizeof expect_item, "a%s %s (a mapping)",
             kind == PN_KIND_NETWORK ? "" : "n", what);
    struct list_spec s = {.key = key,
                          .expect = expect,
                          .expect_item = expect_item,
                          .what = what,
                          .keys = ec.group ? &group_table : &inst_table,
                          .add = entity_add,
                          .take_x = entity_take_x,
                          .stop_at_fatal = true,
                          .id_of = entity_id,
                          .id_key = ENT_ID,
                          .drop = entity_drop,
                          .done = entity_done};
    parse_list(L, &s, &ec);
}

/* ---- ties -------------------------------------------------------------------- */

/* Tie keys: X(ID, "key"), in the order "did you mean" tries them. */
#define TIE_KEYS(X)                                                                                \
    X(BETWEEN, "between")                                                                          \
    X(FROM, "from")                                                                                \
    X(TO, "to")                                                                                    \
    X(TYPE, "type")                                                                                \
    X(LABEL, "label")                                                                              \
    X(THEMES, "themes")                                                                            \
    X(SINCE, "since")                                                                              \
    X(UNTIL, "until")                                                                              \
    X(WEIGHT, "weight")                                                                            \
    X(SOURCE, "source")                                                                            \
    X(ATTRS, "attrs")
#define TIE_ENUM(id, ...) TIE_##id,
enum { TIE_KEYS(TIE_ENUM) };
enum { TIE_N = 0 TIE_KEYS(PN_VOCAB_COUNT) };
static const char *const tie_keys[] = {TIE_KEYS(PN_VOCAB_NAME) NULL};
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
            struct pn_loc l = {0};
            if (!get_entity_ref(L, key, n == 0 ? &t->a : &t->b, &l))
                ok = false;
            put_mark(L, n == 0 ? &t->loc_a : &t->loc_b, &l);
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

/* Free text is allowed: a near miss of a standard type is only a warning. */
static void check_tie_type(struct ld *L, const struct pn_tie *t)
{
    for (size_t i = 0; i < N_TIE_TYPES; i++)
        if (strcmp(t->type, tie_types[i]) == 0)
            return;
    const char *best = pn_closest(t->type, tie_types, N_TIE_TYPES);
    struct pn_loc at = pn_model_loc(L->m, t->loc_type);
    if (best != NULL)
        pn_diag_warning(L->d, &at, "tie type '%s' is not a standard type (did you mean '%s'?)",
                        shown(L, t->type), best);
}

static void get_weight(struct ld *L, struct pn_tie *t)
{
    struct pn_loc loc = L->e.loc;
    double w;
    if (!get_real(L, "weight", &w))
        return;
    if (w > 0) {
        t->weight = w;
        t->loc_weight = pn_model_mark(L->m, &loc);
    } else {
        pn_diag_error(L->d, &loc, "expected a weight > 0 for 'weight', got '%s'",
                      shown(L, L->e.val));
    }
}

/* obj: the tie's index (size_t). */
static void tie_key(struct ld *L, void *obj, int k, const struct pn_loc *kloc)
{
    struct pn_tie *t = &L->m->ties[*(size_t *)obj];
    struct pn_loc l = {0};
    (void)kloc;
    switch (k) {
    case TIE_BETWEEN:
        get_pair(L, "between", t);
        break;
    case TIE_FROM:
        get_entity_ref(L, "from", &t->a, &l);
        put_mark(L, &t->loc_a, &l);
        break;
    case TIE_TO:
        get_entity_ref(L, "to", &t->b, &l);
        put_mark(L, &t->loc_b, &l);
        break;
    case TIE_TYPE:
        get_word(L, "type", &t->type, &l);
        put_mark(L, &t->loc_type, &l);
        if (t->type != NULL)
            check_tie_type(L, t);
        break;
    case TIE_LABEL:
        get_text(L, "label", &t->label, NULL);
        break;
    case TIE_THEMES:
        get_theme_list(L, &t->themes, &t->loc_themes, &t->n_themes);
        break;
    case TIE_SINCE:
        get_year(L, "since", &t->since, &l);
        put_mark(L, &t->loc_since, &l);
        break;
    case TIE_UNTIL:
        get_year(L, "until", &t->until, &l);
        put_mark(L, &t->loc_until, &l);
        break;
    case TIE_WEIGHT:
        get_weight(L, t);
        break;
    case TIE_SOURCE:
        if (!is_null(&L->e) && get_ref(L, "source", &t->source, &l))
            put_mark(L, &t->loc_source, &l);
        break;
    case TIE_ATTRS:
        get_attrs(L, &t->attrs, &t->n_attrs);
        break;
    default:
        skip_node(L);
        break;
    }
}

static void tie_add(struct ld *L, void *ctx, const struct pn_loc *loc)
{
    size_t *i = ctx;
    *i = pn_model_add_tie(L->m);
    L->m->ties[*i].loc = pn_model_mark(L->m, loc);
    L->m->ties[*i].pooled = true;
}

/* shorthand: [a, b] is an undirected tie of weight 1 */
static bool tie_bare(struct ld *L, void *ctx)
{
    if (L->e.type != YAML_SEQUENCE_START_EVENT)
        return false;
    tie_add(L, ctx, &L->e.loc);
    struct pn_tie *t = &L->m->ties[*(size_t *)ctx];
    if (!get_pair(L, "ties", t) || L->fatal)
        pn_model_drop_last_tie(L->m);
    else
        t->type = pn_model_intern(L->m, "other", 5);
    return true;
}

static void tie_take_x(struct ld *L, void *ctx, struct xkeys *x)
{
    struct pn_tie *t = &L->m->ties[*(size_t *)ctx];
    append_x(&t->attrs, &t->n_attrs, x);
}

/* schema: a tie has 'between' (undirected) or both 'from' and 'to' (directed) */
static void tie_done(struct ld *L, void *ctx, const struct pn_loc *loc, const struct pn_loc *seen)
{
    struct pn_tie *t = &L->m->ties[*(size_t *)ctx];
    bool between = seen[TIE_BETWEEN].line > 0;
    bool from = seen[TIE_FROM].line > 0, to = seen[TIE_TO].line > 0;
    bool ok = true;
    if (between && (from || to)) {
        pn_diag_error(L->d, &seen[from ? TIE_FROM : TIE_TO],
                      "a tie has either 'between' or 'from'/'to', not both");
        ok = false;
    } else if (!between && !from && !to) {
        pn_diag_error(L->d, loc, "missing 'between' (or 'from' and 'to') in tie");
        ok = false;
    } else if (!between && (!from || !to)) {
        pn_diag_error(L->d, loc, "missing '%s' in tie (a directed tie needs 'from' and 'to')",
                      from ? "to" : "from");
        ok = false;
    }
    t->directed = !between;
    if (!ok || t->a == NULL || t->b == NULL) {
        pn_model_drop_last_tie(L->m);
        return;
    }
    if (t->type == NULL)
        t->type = pn_model_intern(L->m, "other", 5);
}

static const struct key_table tie_table = {tie_keys, NULL, TIE_N, tie_key, NULL};
static const struct list_spec tie_list = {.key = "ties",
                                          .expect = "a list of ties",
                                          .expect_item = "a tie (a mapping or a list of two ids)",
                                          .what = "tie",
                                          .keys = &tie_table,
                                          .bare = tie_bare,
                                          .add = tie_add,
                                          .take_x = tie_take_x,
                                          .stop_at_fatal = true,
                                          .done = tie_done};

/* ---- the top level -------------------------------------------------------------- */

/* Top-level keys: X(ID, "key"), in the order "did you mean" tries them. */
#define TOP_KEYS(X)                                                                                \
    X(PARTNET, "partnet")                                                                          \
    X(TITLE, "title")                                                                              \
    X(DESCRIPTION, "description")                                                                  \
    X(FOCUS, "focus")                                                                              \
    X(INCLUDE, "include")                                                                          \
    X(SOURCES, "sources")                                                                          \
    X(THEMES, "themes")                                                                            \
    X(INSTITUTIONS, "institutions")                                                                \
    X(ALLIANCES, "alliances")                                                                      \
    X(NETWORKS, "networks")                                                                        \
    X(TIES, "ties")                                                                                \
    X(DIMENSIONS, "dimensions")
#define TOP_ENUM(id, ...) TOP_##id,
enum { TOP_KEYS(TOP_ENUM) };
enum { TOP_N = 0 TOP_KEYS(PN_VOCAB_COUNT) };
static const char *const top_keys[] = {TOP_KEYS(PN_VOCAB_NAME) NULL};
_Static_assert(SRC_N <= MAX_KEYS && THM_N <= MAX_KEYS && MEM_N <= MAX_KEYS && TIE_N <= MAX_KEYS &&
                   TOP_N <= MAX_KEYS,
               "every key table fits a seen[MAX_KEYS]");

/* title, description and focus are set once across the merged files */
static void set_once(struct ld *L, const char *key, char **dst, struct pn_loc *where)
{
    if (*dst != NULL) {
        pn_diag_error(L->d, &L->e.loc, "'%s' is already set at %s:%d:%d", key, where->file,
                      where->line, where->col);
        skip_node(L);
        return;
    }
    char *pooled = NULL;
    get_text(L, key, &pooled, where);
    *dst = pn_xstrdup(pooled); /* the model's own fields are on the heap (model.h) */
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

/* One item of `dimensions:` (issue 14): the list of dimension names of key; its bits, or
 * false after an error. */
static bool dim_list(struct ld *L, const char *key, unsigned *bits)
{
    bool ok = true;
    *bits = 0;
    if (L->e.type != YAML_SEQUENCE_START_EVENT) {
        type_error(L, "a list of dimensions (research, training, innovation)", key);
        return false;
    }
    while (next(L) && L->e.type != YAML_SEQUENCE_END_EVENT) {
        int k = -1;
        for (int i = 0; i < PN_DIM_N && L->e.type == YAML_SCALAR_EVENT; i++)
            if (strlen(pn_dimension_names[i]) == L->e.len &&
                memcmp(pn_dimension_names[i], L->e.val, L->e.len) == 0)
                k = i;
        if (k >= 0) {
            *bits |= 1u << k;
            continue;
        }
        if (L->e.type != YAML_SCALAR_EVENT) {
            type_error(L, "a dimension name", key);
        } else {
            const char *near = pn_closest(L->e.val, pn_dimension_names, PN_DIM_N);
            pn_diag_error(L->d, &L->e.loc,
                          "unknown dimension '%s' for '%s' (expected research, training or "
                          "innovation%s%s%s)",
                          shown(L, L->e.val), shown(L, key), near ? "; did you mean '" : "",
                          near ? near : "", near ? "'?" : "");
        }
        ok = false;
    }
    return ok && !L->fatal;
}

/* `dimensions:`: a mapping of tie types or words of group types to lists of dimensions,
 * overriding the portfolio's defaults (docs/portfolio.md). A key is set once across the
 * merged files. */
static void get_dimensions(struct ld *L)
{
    struct pn_model *m = L->m;
    if (is_null(&L->e))
        return;
    if (L->e.type != YAML_MAPPING_START_EVENT) {
        type_error(L, "a mapping of tie types or group words to dimensions", "dimensions");
        return;
    }
    while (next(L) && L->e.type != YAML_MAPPING_END_EVENT) {
        if (L->e.type != YAML_SCALAR_EVENT || L->e.len == 0) {
            pn_diag_error(L->d, &L->e.loc,
                          "expected a tie type or group word as a key of "
                          "'dimensions', got %s",
                          node_kind(&L->e));
            if (!skip_node(L) || !next(L) || !skip_node(L))
                return;
            continue;
        }
        char *key = pn_xstrndup(L->e.val, L->e.len);
        struct pn_loc kloc = L->e.loc;
        const struct pn_dim_rule *first = NULL;
        for (size_t i = 0; i < m->n_dim_rules && first == NULL; i++)
            if (strcmp(m->dim_rules[i].key, key) == 0)
                first = &m->dim_rules[i];
        unsigned bits = 0;
        if (!next(L) || !dim_list(L, key, &bits)) {
            free(key);
            continue;
        }
        if (first != NULL) {
            pn_diag_error(L->d, &kloc, "duplicate key '%s' in 'dimensions' (first at %s:%d:%d)",
                          shown(L, key), first->loc.file, first->loc.line, first->loc.col);
            free(key);
            continue;
        }
        pn_xgrow((void **)&m->dim_rules, &m->cap_dim_rules, m->n_dim_rules + 1,
                 sizeof *m->dim_rules);
        m->dim_rules[m->n_dim_rules++] = (struct pn_dim_rule){key, bits, kloc};
    }
}

static void top_key(struct ld *L, void *obj, int k, const struct pn_loc *kloc)
{
    struct pn_model *m = L->m;
    size_t item; /* the list item being read (sources, themes, ties) */
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
        else if (get_ref(L, "focus", &m->focus, &m->loc_focus))
            m->focus = pn_xstrdup(m->focus); /* on the heap, as title */
        break;
    case TOP_INCLUDE:
        get_includes(L);
        break;
    case TOP_SOURCES:
        parse_list(L, &source_list, &item);
        break;
    case TOP_THEMES:
        parse_list(L, &theme_list, &item);
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
        parse_list(L, &tie_list, &item);
        break;
    case TOP_DIMENSIONS:
        get_dimensions(L);
        break;
    default:
        skip_node(L);
        break;
    }
}

static const struct key_table top_table = {top_keys, NULL, TOP_N, top_key, NULL};

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
        struct xkeys x = {0};
        parse_map(L, &top_table, "the top level", NULL, seen, &x);
        /* `x-*` keys: duplicates are checked per file, each file's kept */
        for (size_t i = 0; i < x.n; i++) /* copied: their pooled strings stay */
            pn_model_add_meta(L->m, x.kv[i].key, x.kv[i].value, &x.kv[i].loc);
        free(x.kv);
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
    free(L->scratch_ids);
    free(L->scratch_locs);
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

/* A file read (and perhaps parsed) ahead by yaml_ahead: its bytes, NULL if it could not
 * be read there; its tape, empty if it is to be parsed in line. */
struct ahead_file {
    char *buf;
    size_t len;
    struct pn_tape tape;
};

static void load_path(struct loadctx *c, const char *display, const char *real,
                      const struct pn_loc *from, struct ahead_file *pre);

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

/* Whether a realpath lies inside the network directory: the one rule for includes and for
 * the files of a directory given on the command line (a *.yaml symlink there may not reach
 * outside either, issue 13). */
static bool inside_root(const struct loadctx *c, const char *real)
{
    size_t rl = strlen(c->root);
    return strcmp(c->root, "/") == 0 || (strncmp(real, c->root, rl) == 0 && real[rl] == '/');
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
        struct stat st;
        if (!inside_root(c, real)) {
            pn_diag_error(c->d, loc,
                          "included file '%s' is outside the network directory (includes stay "
                          "inside the directory of the top-level file)",
                          shown(L, rel));
        } else if (stat(real, &st) != 0 || !S_ISREG(st.st_mode)) {
            pn_diag_error(c->d, loc, "included path '%s' is not a regular file", shown(L, rel));
        } else {
            char *display = join_display(L->file, rel);
            load_path(c, display, real, loc, NULL);
            free(display);
        }
        free(real);
    }
}

/* Parses buf as file `display` (real: its realpath or NULL) and follows its includes;
 * the events from `tape` when it has them (parsed ahead), else from libyaml. */
static void load_buffer(struct loadctx *c, const char *display, const char *real, const char *buf,
                        size_t len, const char *real_dir, const struct pn_tape *tape)
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
    if (tape != NULL && tape->n > 0) {
        L.tape = tape;
    } else if (!yaml_parser_initialize(&L.parser)) {
        pn_diag_error(c->d, NULL, "out of memory");
        c->fatal = true;
        c->oom = true;
        return;
    } else {
        L.parser_ok = true;
        yaml_parser_set_input(&L.parser, feed, &L);
        yaml_parser_set_encoding(&L.parser, YAML_UTF8_ENCODING);
    }
    parse_buffer(&L);
    if (L.have_yev) {
        yaml_event_delete(&L.yev);
        L.have_yev = false;
    }
    if (L.parser_ok)
        yaml_parser_delete(&L.parser);
    L.parser_ok = false;
    L.tape = NULL;
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

/* Reads file `real` whole into *buf; false after saying why. */
static bool read_path(struct loadctx *c, const char *display, const char *real,
                      const struct pn_loc *from, char **buf, size_t *len)
{
    FILE *f = fopen(real, "rb");
    if (f == NULL) {
        pn_diag_error(c->d, from, "cannot read '%s': %s", display, strerror(errno));
        if (from == NULL)
            c->io_error = true;
        return false;
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
        return false;
    }
    bool ok = read_stream(f, S_ISREG(st.st_mode) ? (size_t)st.st_size : 0, buf, len);
    int err = errno;
    fclose(f);
    if (!ok) {
        pn_diag_error(c->d, from, "cannot read '%s': %s", display, strerror(err));
        if (from == NULL)
            c->io_error = true;
    }
    return ok;
}

/* load_path's work: the checks, the reading unless done ahead, the parse. */
static void load_one(struct loadctx *c, const char *display, const char *real,
                     const struct pn_loc *from, struct ahead_file *pre)
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
    if (pre->buf == NULL && !read_path(c, display, real, from, &pre->buf, &pre->len))
        return;
    char *real_dir = dir_of(real);
    load_buffer(c, display, real, pre->buf, pre->len, real_dir, &pre->tape);
    free(real_dir);
}

/* Loads one file by realpath; `from` is the include site (NULL: given by the user); pre:
 * what yaml_ahead read and parsed of it (NULL: nothing), taken. */
static void load_path(struct loadctx *c, const char *display, const char *real,
                      const struct pn_loc *from, struct ahead_file *pre)
{
    struct ahead_file none = {0};
    if (pre == NULL)
        pre = &none;
    load_one(c, display, real, from, pre);
    free(pre->buf);
    pn_tape_free(&pre->tape);
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

static int load_threads; /* pn_loader_set_threads */

void pn_loader_set_threads(int threads)
{
    load_threads = threads;
}

/* The directory's file names, sorted; *n of them. */
static char **directory_names(struct loadctx *c, const char *dir, size_t *n_out)
{
    DIR *dh = opendir(dir);
    if (dh == NULL) {
        pn_diag_error(c->d, NULL, "cannot read directory '%s': %s", dir, strerror(errno));
        c->io_error = true;
        return NULL;
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
    if (n == 0)
        pn_diag_error(c->d, NULL, "no *.yaml or *.yml file in directory '%s'", dir);
    *n_out = n;
    return names;
}

/* Threads for yaml_ahead: none on one core, for one file, when asked for none, or by
 * default for files of less than 1 MiB in all (the default network's 7 files take 3 ms
 * to load: partnet starts no thread it does not need, docs/analysis.md "Threads"). */
#define AHEAD_MIN_BYTES ((size_t)1 << 20)

static struct pn_yaml_ahead *start_ahead(char **real, size_t n, size_t bytes)
{
    if (load_threads <= 0 && bytes < AHEAD_MIN_BYTES)
        return NULL;
    int threads = load_threads > 0 ? load_threads : pn_resources_cores();
    threads = threads > 8 ? 8 : threads;
    const char **paths = pn_xcalloc(n ? n : 1, sizeof *paths);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (real[i] != NULL)
            paths[k++] = real[i];
    struct pn_yaml_ahead *a = NULL;
    if (threads >= 2 && k >= 2)
        a = pn_yaml_ahead_start(paths, k, threads, PN_MAX_FILE_SIZE, PN_MAX_SCALAR);
    free(paths);
    return a;
}

/* A directory's *.yaml and *.yml files, in name order; read and parsed ahead in threads
 * when there are cores for it (yaml_ahead.h): the same model and messages as in line. */
static void load_directory(struct loadctx *c, const char *dir)
{
    size_t n = 0;
    char **names = directory_names(c, dir, &n);
    size_t dl = strlen(dir);
    bool slash = dl > 0 && dir[dl - 1] == '/';
    char **display = pn_xcalloc(n ? n : 1, sizeof *display);
    char **real = pn_xcalloc(n ? n : 1, sizeof *real); /* NULL: not loaded */
    bool *outside = pn_xcalloc(n ? n : 1, sizeof *outside);
    size_t bytes = 0;
    for (size_t i = 0; i < n; i++) {
        display[i] = pn_xasprintf("%s%s%s", dir, slash ? "" : "/", names[i]);
        real[i] = realpath(display[i], NULL);
        struct stat st;
        outside[i] = real[i] != NULL && c->root != NULL && !inside_root(c, real[i]);
        if (real[i] != NULL && (outside[i] || stat(real[i], &st) != 0 || !S_ISREG(st.st_mode))) {
            free(real[i]);
            real[i] = NULL;
        } else if (real[i] != NULL) {
            bytes += (size_t)st.st_size;
        }
    }
    struct pn_yaml_ahead *ahead = start_ahead(real, n, bytes);
    for (size_t i = 0, k = 0; i < n; i++) {
        if (outside[i])
            pn_diag_error(c->d, NULL,
                          "'%s' is outside the network directory (a file of a directory, or a "
                          "link there, stays inside it, as includes do)",
                          display[i]);
        if (real[i] != NULL) {
            struct ahead_file pre = {0};
            if (ahead != NULL)
                pn_yaml_ahead_take(ahead, k++, &pre.buf, &pre.len, &pre.tape);
            load_path(c, display[i], real[i], NULL, &pre);
        }
        free(real[i]);
        free(display[i]);
        free(names[i]);
    }
    pn_yaml_ahead_stop(ahead);
    free(outside);
    free(real);
    free(display);
    free(names);
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
            load_buffer(&c, "<stdin>", NULL, buf, len, NULL, NULL);
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
        } else if (!S_ISREG(st.st_mode)) {
            /* a FIFO or a device would block or never end (issue 13); '-' reads a pipe */
            pn_diag_error(d, NULL,
                          "cannot read '%s': not a regular file or directory (use '-' for "
                          "standard input)",
                          p);
            c.io_error = true;
        } else {
            char *real = realpath(p, NULL);
            if (real == NULL) {
                pn_diag_error(d, NULL, "cannot read '%s': %s", p, strerror(errno));
                c.io_error = true;
                continue;
            }
            c.root = dir_of(real);
            load_path(&c, p, real, NULL, NULL);
            free(real);
        }
    }
    if (m->format_version == 0)
        m->format_version = 1; /* `partnet:` is optional */
    pn_model_compact(m);       /* every file read: arrays to size, the intern table dropped */
    /* after a file stopped half-way, unknown ids would only be noise */
    if (!c.fatal && !c.io_error)
        pn_model_resolve(m, d);
    else
        pn_model_index_rebuild(m);
    ctx_destroy(&c);
    if (c.io_error || c.oom)
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
    load_buffer(&c, name, NULL, text, len, real_dir, NULL);
    free(real_dir);
    ctx_destroy(&c);
    if (c.oom)
        return PN_EIO;
    return d->n_errors > errors_before ? PN_EINPUT : PN_OK;
}
