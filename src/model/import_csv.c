/*
 * import_csv: CSV sheets -> the network's YAML documents (import_csv.h). The only file that
 * includes <csv.h>. Three steps: read each sheet with libcsv (BOM, separator sniffed from
 * the header line, quoted fields, located UTF-8 check); resolve its header against the
 * sheet's column table (aliases, "did you mean"); write YAML with a line map (each YAML line
 * -> the sheet cell it came from) and let the loader check it, moving its messages back to
 * file:row:column. Must not print or write files.
 */
#include "model/import_csv.h"

#include <csv.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/strbuf.h"
#include "model/loader.h"
#include "model/model.h"

/* ---- sheets --------------------------------------------------------------------------- */

enum role { R_NODES, R_INST, R_GROUPS, R_EDGES, R_TIES, R_MEMBERS, R_SOURCES, R_THEMES,
            R_NETWORK, R_N };

/* File names (without .csv, any case) and the role each gives its sheet. */
static const struct {
    const char *name;
    enum role role;
} sheet_names[] = {
    {"institutions", R_INST}, {"groups", R_GROUPS},   {"memberships", R_MEMBERS},
    {"ties", R_TIES},         {"nodes", R_NODES},     {"edges", R_EDGES},
    {"elements", R_NODES},    {"connections", R_EDGES}, {"sources", R_SOURCES},
    {"themes", R_THEMES},     {"network", R_NETWORK},
};
#define N_SHEET_NAMES (sizeof sheet_names / sizeof sheet_names[0])

/* What a column holds. */
enum col {
    C_NONE, C_IGNORED, C_ATTR, C_ID, C_LABEL, C_NAME, C_SHORT, C_KIND, C_TYPE, C_COUNTRY,
    C_REGION, C_CITY, C_LAT, C_LON, C_PARENT, C_THEMES, C_SINCE, C_UNTIL, C_URL, C_SOURCE,
    C_DESCRIPTION, C_A, C_B, C_DIRECTION, C_RELATION, C_ROLE, C_WEIGHT, C_TITLE, C_DATE,
    C_PUBLISHER, C_LABEL_FR, C_COLOR, C_KEY, C_VALUE, C_N
};

struct colname {
    const char *name; /* lower case */
    enum col col;
};

static const struct colname entity_cols[] = {
    {"id", C_ID}, {"key", C_ID}, {"label", C_LABEL}, {"full_name", C_NAME}, {"name", C_NAME},
    {"short", C_SHORT}, {"kind", C_KIND}, {"type", C_TYPE}, {"country", C_COUNTRY},
    {"region", C_REGION}, {"city", C_CITY}, {"lat", C_LAT}, {"latitude", C_LAT},
    {"lon", C_LON}, {"lng", C_LON}, {"longitude", C_LON}, {"parent", C_PARENT},
    {"themes", C_THEMES}, {"tags", C_THEMES}, {"since", C_SINCE}, {"until", C_UNTIL},
    {"url", C_URL}, {"website", C_URL}, {"source", C_SOURCE}, {"provenance", C_SOURCE},
    {"description", C_DESCRIPTION}, {NULL, C_NONE}};
/* Gephi's edge sheets: Source/Target and Type = the direction (Kumu's: below) */
static const struct colname edge_cols[] = {
    {"source", C_A}, {"target", C_B}, {"from", C_A}, {"to", C_B}, {"type", C_DIRECTION},
    {"direction", C_DIRECTION}, {"directed", C_DIRECTION}, {"kind", C_KIND},
    {"relation", C_RELATION}, {"label", C_LABEL}, {"role", C_ROLE}, {"themes", C_THEMES},
    {"tags", C_THEMES}, {"since", C_SINCE}, {"until", C_UNTIL}, {"weight", C_WEIGHT},
    {"strength", C_WEIGHT}, {"provenance", C_SOURCE}, {"description", C_DESCRIPTION},
    {"id", C_IGNORED}, {NULL, C_NONE}};
static const struct colname member_cols[] = {
    {"member", C_A}, {"group", C_B}, {"role", C_ROLE}, {"since", C_SINCE},
    {"until", C_UNTIL}, {"source", C_SOURCE}, {"provenance", C_SOURCE}, {NULL, C_NONE}};
static const struct colname source_cols[] = {
    {"id", C_ID}, {"title", C_TITLE}, {"url", C_URL}, {"date", C_DATE},
    {"publisher", C_PUBLISHER}, {NULL, C_NONE}};
static const struct colname theme_cols[] = {
    {"id", C_ID}, {"label", C_LABEL}, {"label_fr", C_LABEL_FR}, {"color", C_COLOR},
    {"colour", C_COLOR}, {NULL, C_NONE}};
static const struct colname network_cols[] = {{"key", C_KEY}, {"value", C_VALUE},
                                              {NULL, C_NONE}};

static const struct colname *role_cols(enum role r)
{
    switch (r) {
    case R_NODES: case R_INST: case R_GROUPS: return entity_cols;
    case R_EDGES: case R_TIES: return edge_cols;
    case R_MEMBERS: return member_cols;
    case R_SOURCES: return source_cols;
    case R_THEMES: return theme_cols;
    default: return network_cols;
    }
}

struct srow {
    char **cells;
    size_t n;
    int row; /* 1-based record number; the header is row 1 */
};

struct sheet {
    const char *path; /* interned in the scratch model */
    enum role role;
    struct srow *rows; /* rows[0]: the header */
    size_t n_rows, cap_rows;
    enum col *cols; /* per header column */
    char **attr_keys; /* per header column: the attrs key of a C_ATTR column, else NULL */
    int at[C_N];      /* header column index of each column kind, -1 if absent */
    bool kumu;        /* edge sheet with From/To: Type is the tie's type */
};

/* ---- reading a sheet with libcsv ----------------------------------------------------------- */

struct reader {
    struct sheet *sh;
    struct srow cur;
    size_t cap_cells;
    int row;    /* rows seen, blank ones included (spreadsheet numbering) */
    int last_c; /* the character that ended the previous call of on_row */
};

static void on_field(void *s, size_t len, void *data)
{
    struct reader *r = data;
    pn_xgrow((void **)&r->cur.cells, &r->cap_cells, r->cur.n + 1, sizeof *r->cur.cells);
    const char *t = s != NULL ? s : "";
    /* export --to csv writes a text a spreadsheet would run as a formula after an
     * apostrophe ("'=x"): the text is what follows */
    if (len >= 2 && t[0] == '\'' && strchr("=+-@\t\r", t[1]) != NULL) {
        t++;
        len--;
    }
    r->cur.cells[r->cur.n++] = pn_xstrndup(t, s != NULL ? len : 0);
}

static void drop_row(struct srow *row)
{
    for (size_t i = 0; i < row->n; i++)
        free(row->cells[i]);
    free(row->cells);
    *row = (struct srow){0};
}

/* End of a row. With CSV_REPALL_NL every unquoted line end comes here: CR LF is one line
 * end, a blank line is a row (counted, not kept), and so is a row of empty cells (",,,",
 * which spreadsheets write below the data). */
static void on_row(int c, void *data)
{
    struct reader *r = data;
    struct sheet *sh = r->sh;
    bool crlf = r->cur.n == 0 && c == '\n' && r->last_c == '\r';
    r->last_c = c;
    if (crlf)
        return;
    r->row++;
    bool blank = true;
    for (size_t i = 0; i < r->cur.n && blank; i++)
        blank = r->cur.cells[i][0] == '\0';
    if (blank && sh->n_rows > 0) {
        drop_row(&r->cur);
        r->cap_cells = 0;
        return;
    }
    pn_xgrow((void **)&sh->rows, &sh->cap_rows, sh->n_rows + 1, sizeof *sh->rows);
    r->cur.row = r->row;
    sh->rows[sh->n_rows++] = r->cur;
    r->cur = (struct srow){0};
    r->cap_cells = 0;
}

/* The separator of the header line (outside quotes): the most frequent of , ; tab |. */
static char sniff(const char *text, size_t len)
{
    static const char cands[] = {',', ';', '\t', '|'};
    size_t count[4] = {0};
    bool quoted = false;
    for (size_t i = 0; i < len && (quoted || (text[i] != '\n' && text[i] != '\r')); i++) {
        if (text[i] == '"')
            quoted = !quoted;
        for (int k = 0; k < 4 && !quoted; k++)
            count[k] += text[i] == cands[k];
    }
    int best = 0;
    for (int k = 1; k < 4; k++)
        if (count[k] > count[best])
            best = k;
    return cands[best];
}

static bool utf8_ok(const unsigned char *p)
{
    while (*p) {
        int extra = *p < 0x80 ? 0 : (*p & 0xE0) == 0xC0 ? 1 : (*p & 0xF0) == 0xE0 ? 2
                                                      : (*p & 0xF8) == 0xF0 ? 3 : -1;
        if (extra < 0 || (extra == 1 && *p < 0xC2))
            return false;
        p++;
        for (int i = 0; i < extra; i++, p++)
            if ((*p & 0xC0) != 0x80)
                return false;
    }
    return true;
}

static void add_error(struct pn_diag *d, const struct sheet *sh, int row, int col,
                      const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

static void add_error(struct pn_diag *d, const struct sheet *sh, int row, int col,
                      const char *fmt, ...)
{
    struct pn_loc loc = {.file = sh->path, .line = row, .col = col};
    va_list ap;
    va_start(ap, fmt);
    pn_diag_add(d, PN_SEV_ERROR, &loc, fmt, ap);
    va_end(ap);
}

/* Parse text into sh->rows. Errors: malformed CSV, invalid UTF-8 (PN_EINPUT). */
static enum pn_status parse_sheet(struct sheet *sh, const char *text, size_t len, char sep,
                                  struct pn_diag *d)
{
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3; /* the BOM Excel writes in "CSV UTF-8" */
        len -= 3;
    }
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_REPALL_NL) != 0)
        return PN_EIO;
    csv_set_delim(&p, (unsigned char)(sep != 0 ? sep : sniff(text, len)));
    struct reader r = {.sh = sh};
    enum pn_status st = PN_OK;
    if (csv_parse(&p, text, len, on_field, on_row, &r) != len ||
        csv_fini(&p, on_field, on_row, &r) != 0) {
        add_error(d, sh, r.row + 1, (int)r.cur.n + 1, "malformed CSV: %s",
                  csv_error(&p) == CSV_EPARSE
                      ? "a quote inside an unquoted field, or a quoted field not closed"
                      : csv_strerror(csv_error(&p)));
        st = PN_EINPUT;
    }
    csv_free(&p);
    drop_row(&r.cur);
    for (size_t i = 0; i < sh->n_rows && st == PN_OK; i++)
        for (size_t c = 0; c < sh->rows[i].n; c++)
            if (!utf8_ok((const unsigned char *)sh->rows[i].cells[c])) {
                add_error(d, sh, sh->rows[i].row, (int)c + 1,
                          "invalid UTF-8 (save the sheet as \"CSV UTF-8\")");
                st = PN_EINPUT;
            }
    return st;
}

static void sheet_destroy(struct sheet *sh)
{
    if (sh->attr_keys != NULL && sh->n_rows > 0)
        for (size_t c = 0; c < sh->rows[0].n; c++)
            free(sh->attr_keys[c]);
    for (size_t i = 0; i < sh->n_rows; i++) {
        for (size_t c = 0; c < sh->rows[i].n; c++)
            free(sh->rows[i].cells[c]);
        free(sh->rows[i].cells);
    }
    free(sh->rows);
    free(sh->attr_keys);
    free(sh->cols);
}

/* ---- headers ------------------------------------------------------------------------------ */

static char *lower_trim(const char *s)
{
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == ' ')
        n--;
    char *out = pn_xstrndup(s, n);
    for (char *p = out; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return out;
}

static bool ignored_name(const struct pn_import_options *o, const char *name)
{
    static const char *const always[] = {"articulation_point", "effective_size", NULL};
    for (size_t i = 0; always[i] != NULL; i++)
        if (strcmp(name, always[i]) == 0)
            return true;
    for (size_t i = 0; i < o->n_ignore; i++)
        if (strcmp(name, o->ignore[i]) == 0)
            return true;
    return false;
}

/* The accepted names of a sheet, for "did you mean". */
static const char *closest_col(const struct colname *names, const char *word)
{
    const char *cands[64];
    size_t n = 0;
    for (size_t i = 0; names[i].name != NULL && n < 64; i++)
        cands[n++] = names[i].name;
    return pn_closest(word, cands, n);
}

static enum col find_col(const struct colname *names, const char *name)
{
    for (size_t i = 0; names[i].name != NULL; i++)
        if (strcmp(names[i].name, name) == 0)
            return names[i].col;
    return C_NONE;
}

static const char *role_name(enum role r)
{
    static const char *const names[] = {"nodes", "institutions", "groups", "edges", "ties",
                                        "memberships", "sources", "themes", "network"};
    return names[r];
}

/* Long: one pass over the header with the per-role rules (Kumu's Type, attr_ columns,
 * duplicates, unknown names with a suggestion, required columns). */
static enum pn_status resolve_header(struct sheet *sh, const struct pn_import_options *o,
                                     struct pn_diag *d)
{
    for (int k = 0; k < C_N; k++)
        sh->at[k] = -1;
    if (sh->n_rows == 0) {
        add_error(d, sh, 1, 1, "empty sheet: expected a header row");
        return PN_EINPUT;
    }
    const struct srow *h = &sh->rows[0];
    const struct colname *names = role_cols(sh->role);
    sh->cols = pn_xcalloc(h->n, sizeof *sh->cols);
    sh->attr_keys = pn_xcalloc(h->n, sizeof *sh->attr_keys);
    bool edges = sh->role == R_EDGES || sh->role == R_TIES;
    for (size_t c = 0; c < h->n && edges; c++) {
        char *n = lower_trim(h->cells[c]);
        sh->kumu = sh->kumu || strcmp(n, "from") == 0 || strcmp(n, "to") == 0 ||
                   strcmp(n, "direction") == 0;
        free(n);
    }
    enum pn_status st = PN_OK;
    for (size_t c = 0; c < h->n; c++) {
        char *n = lower_trim(h->cells[c]);
        enum col col = find_col(names, n);
        if (edges && sh->kumu && strcmp(n, "type") == 0)
            col = C_RELATION; /* Kumu: Type is the connection's type */
        bool entity_like = names == entity_cols || names == edge_cols;
        if (col == C_NONE && entity_like && strncmp(n, "attr_", 5) == 0 && n[5] != '\0') {
            col = C_ATTR;
            sh->attr_keys[c] = pn_xstrdup(h->cells[c] + strspn(h->cells[c], " ") + 5);
        } else if (col == C_NONE && entity_like && ignored_name(o, n)) {
            col = C_IGNORED;
        }
        if (col == C_NONE) {
            const char *near = closest_col(names, n);
            if (near != NULL)
                add_error(d, sh, 1, (int)c + 1,
                          "unknown column '%s' of the %s sheet (did you mean '%s'?)",
                          h->cells[c], role_name(sh->role), near);
            else
                add_error(d, sh, 1, (int)c + 1, "unknown column '%s' in a %s sheet",
                          h->cells[c], role_name(sh->role));
            st = PN_EINPUT;
        } else if (col != C_ATTR && col != C_IGNORED && sh->at[col] >= 0) {
            add_error(d, sh, 1, (int)c + 1, "column '%s' repeats column %d ('%s')",
                      h->cells[c], sh->at[col] + 1, h->cells[sh->at[col]]);
            st = PN_EINPUT;
        } else if (col != C_ATTR && col != C_IGNORED) {
            sh->at[col] = (int)c;
        }
        sh->cols[c] = col;
        free(n);
    }
    if (st != PN_OK)
        return st;
    const char *missing = NULL;
    if (names == entity_cols && sh->at[C_ID] < 0 && sh->at[C_LABEL] < 0)
        missing = "'id' (or Kumu's 'Label')";
    else if ((names == edge_cols || names == member_cols) && (sh->at[C_A] < 0 || sh->at[C_B] < 0))
        missing = names == member_cols ? "'member' or 'group'" : "'Source' or 'Target' (or "
                                                                 "Kumu's 'From' or 'To')";
    else if ((names == source_cols || names == theme_cols) && sh->at[C_ID] < 0)
        missing = "'id'";
    else if (names == network_cols && (sh->at[C_KEY] < 0 || sh->at[C_VALUE] < 0))
        missing = "'key' and 'value'";
    if (missing != NULL) {
        add_error(d, sh, 1, 1, "missing column %s (the %s sheet)", missing, role_name(sh->role));
        return PN_EINPUT;
    }
    return PN_OK;
}

/* The cell of column kind k in row r ("" when the column or the cell is absent). */
static const char *cell(const struct sheet *sh, const struct srow *r, enum col k)
{
    int c = sh->at[k];
    return c >= 0 && (size_t)c < r->n ? r->cells[c] : "";
}

static int col_of(const struct sheet *sh, enum col k)
{
    return sh->at[k] >= 0 ? sh->at[k] + 1 : 1;
}

/* ---- YAML documents with a line map --------------------------------------------------------- */

struct yloc {
    const char *file;
    const char *column; /* the sheet's header cell, NULL for a line of no cell */
    int row, col;
};

struct ydoc {
    char *name;
    struct pn_strbuf sb;
    struct yloc *map; /* map[line - 1] */
    size_t n_lines, cap;
};

/* Append one line (printf-style) that came from cell (row, col) of sh. */
static void yline(struct ydoc *y, const struct sheet *sh, int row, int col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

static void yline(struct ydoc *y, const struct sheet *sh, int row, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pn_strbuf_vappendf(&y->sb, fmt, ap);
    va_end(ap);
    pn_strbuf_appendc(&y->sb, '\n');
    pn_xgrow((void **)&y->map, &y->cap, y->n_lines + 1, sizeof *y->map);
    const char *column = sh != NULL && sh->n_rows > 0 && col >= 1 && (size_t)col <= sh->rows[0].n
                             ? sh->rows[0].cells[col - 1]
                             : NULL;
    y->map[y->n_lines++] =
        (struct yloc){.file = sh ? sh->path : NULL, .column = column, .row = row, .col = col};
}

/* A YAML double-quoted scalar (the caller frees). */
static char *yq(const char *s)
{
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    pn_strbuf_appendc(&sb, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            pn_strbuf_appendf(&sb, "\\%c", *p);
        else if (*p < 0x20 || *p == 0x7F)
            pn_strbuf_appendf(&sb, "\\x%02X", *p);
        else
            pn_strbuf_appendc(&sb, (char)*p);
    }
    pn_strbuf_appendc(&sb, '"');
    return pn_strbuf_detach(&sb);
}

/* A number cell as a plain scalar (a decimal comma read as a point), so that the loader
 * reads it as a number; anything else quoted, for the loader to refuse with its message. */
static char *ynum(const char *s)
{
    char *t = pn_xstrdup(s);
    if (strchr(t, ',') != NULL && strchr(t, '.') == NULL)
        *strchr(t, ',') = '.';
    bool plain = t[0] != '\0';
    for (const char *p = t; *p; p++)
        plain = plain && (isalnum((unsigned char)*p) || strchr(".+-", *p) != NULL);
    if (plain)
        return t;
    char *q = yq(t);
    free(t);
    return q;
}

/* key: value, for a cell of column c: a text of several lines (a cell in quotes may hold
 * line ends) as a literal block scalar, the one place the loader takes a line end; CR LF
 * read as LF. Else a double-quoted scalar, or a number (number). */
static void yvalue(struct ydoc *y, const struct sheet *sh, const struct srow *r, int c,
                   const char *indent, const char *key, const char *v, bool number)
{
    if (!number && strchr(v, '\n') != NULL && v[0] != ' ' && v[0] != '\r' && v[0] != '\n') {
        size_t end = strlen(v), nl = 0; /* the final line ends: |- none, | one, |+ more */
        while (end > 0 && (v[end - 1] == '\n' || v[end - 1] == '\r'))
            nl += v[--end] == '\n';
        yline(y, sh, r->row, c, "%s%s: |%s", indent, key, nl == 0 ? "-" : nl == 1 ? "" : "+");
        while (*v) {
            size_t len = strcspn(v, "\n");
            size_t keep = len > 0 && v[len - 1] == '\r' ? len - 1 : len;
            yline(y, sh, r->row, c, "%s  %.*s", indent, (int)keep, v);
            v += len + (v[len] == '\n');
        }
        return;
    }
    char *q = number ? ynum(v) : yq(v);
    yline(y, sh, r->row, c, "%s%s: %s", indent, key, q);
    free(q);
}

/* key: "value" from column k, when the cell is not empty. */
static void ykey(struct ydoc *y, const struct sheet *sh, const struct srow *r, enum col k,
                 const char *indent, const char *key, bool number)
{
    const char *v = cell(sh, r, k);
    if (v[0] != '\0')
        yvalue(y, sh, r, col_of(sh, k), indent, key, v, number);
}

/* themes: [a, b] from a multi-valued cell. */
static void ylist(struct ydoc *y, const struct sheet *sh, const struct srow *r, enum col k,
                  const char *indent, const char *key, char sep)
{
    const char *v = cell(sh, r, k);
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    size_t n = 0;
    while (*v) {
        size_t len = strcspn(v, (char[]){sep, '\0'});
        char *part = pn_xstrndup(v, len);
        char *s = part + strspn(part, " ");
        for (size_t e = strlen(s); e > 0 && s[e - 1] == ' '; e--)
            s[e - 1] = '\0';
        if (*s) {
            char *q = yq(s);
            pn_strbuf_appendf(&sb, "%s%s", n++ ? ", " : "", q);
            free(q);
        }
        free(part);
        v += len + (v[len] != '\0');
    }
    if (n > 0)
        yline(y, sh, r->row, col_of(sh, k), "%s%s: [%s]", indent, key, pn_strbuf_str(&sb));
    pn_strbuf_destroy(&sb);
}

/* attrs: from attr_KEY columns (and a Description column). */
static void yattrs(struct ydoc *y, const struct sheet *sh, const struct srow *r,
                   const char *indent)
{
    bool open = false;
    for (size_t c = 0; c < r->n && c < sh->rows[0].n; c++) {
        bool desc = sh->cols[c] == C_DESCRIPTION;
        if ((sh->cols[c] != C_ATTR && !desc) || r->cells[c][0] == '\0')
            continue;
        if (!open)
            yline(y, sh, r->row, (int)c + 1, "%sattrs:", indent);
        open = true;
        char *k = yq(desc ? "description" : sh->attr_keys[c]);
        char *in2 = pn_xasprintf("%s  ", indent);
        yvalue(y, sh, r, (int)c + 1, in2, k, r->cells[c], false);
        free(in2);
        free(k);
    }
}

/* ---- records ---------------------------------------------------------------------------- */

struct ent {
    const struct sheet *sh;
    const struct srow *r;
    enum pn_kind kind;
    bool type_is_kind; /* Kumu: Type alliance or network, without a kind column */
    char *id;
    int id_col;
};

struct link {
    const struct sheet *sh;
    const struct srow *r;
    bool member; /* a membership (a = member, b = group), else a tie */
    char *a, *b; /* ends: ids, or labels turned into ids */
};

struct work {
    const struct pn_import_options *o;
    char list_sep;
    struct sheet *sheets;
    size_t n_sheets;
    struct ent *ents;
    size_t n_ents, cap_ents;
    struct link *links;
    size_t n_links, cap_links;
    struct pn_diag *d;
    bool failed;
};

/* The ASCII letter of a Latin letter U+00C0..U+017F ('-': not a letter), for ids. */
static const char latin[] =
    "aaaaaaaceeeeiiiidnooooo-ouuuuyts" "aaaaaaaceeeeiiiidnooooo-ouuuuyty"
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnn"
    "oooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

/* An id from a label (Kumu sheets have none): lower-case ASCII letters and digits (Latin
 * letters without their accents), anything else as one '-'. */
static char *slug(const char *label)
{
    _Static_assert(sizeof latin - 1 == 0x180 - 0xC0, "one letter per code point");
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    bool dash = false;
    for (const unsigned char *p = (const unsigned char *)label; *p; p++) {
        char c = 0;
        if (*p < 0x80 && isalnum(*p)) {
            c = (char)tolower(*p);
        } else if ((*p & 0xE0) == 0xC0 && (p[1] & 0xC0) == 0x80) {
            unsigned cp = ((*p & 0x1Fu) << 6) | (p[1] & 0x3Fu);
            p++;
            if (cp >= 0xC0 && cp < 0x180 && latin[cp - 0xC0] != '-')
                c = latin[cp - 0xC0];
        }
        if (c == 0) {
            dash = true;
            continue;
        }
        if (dash && sb.len > 0)
            pn_strbuf_appendc(&sb, '-');
        pn_strbuf_appendc(&sb, c);
        dash = false;
    }
    return pn_strbuf_detach(&sb);
}

/* a and b equal, ASCII case ignored */
static bool eq_ci(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return false;
    return *a == *b;
}

/* The index of s in names (case ignored), or -1. */
static int pick(const char *s, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (eq_ci(s, names[i]))
            return i;
    return -1;
}

static const char *const kind_names[] = {"institution", "alliance", "network"};

/* The entity of one row of a nodes, institutions or groups sheet. */
static void add_entity(struct work *w, const struct sheet *sh, const struct srow *r)
{
    enum pn_kind kind = sh->role == R_GROUPS ? PN_KIND_NETWORK : PN_KIND_INSTITUTION;
    const char *k = cell(sh, r, C_KIND);
    if (k[0] != '\0') {
        int i = pick(k, kind_names, 3);
        if (i < 0 || (sh->role == R_INST && i != 0) || (sh->role == R_GROUPS && i == 0)) {
            add_error(w->d, sh, r->row, col_of(sh, C_KIND), "invalid kind '%s'; expected %s", k,
                      sh->role == R_INST    ? "institution"
                      : sh->role == R_GROUPS ? "alliance or network"
                                             : "institution, alliance or network");
            w->failed = true;
            return;
        }
        kind = (enum pn_kind)i;
    }
    /* a sheet without a kind column (Kumu's elements): Type alliance or network is the kind */
    int t = sh->at[C_KIND] < 0 && sh->role == R_NODES ? pick(cell(sh, r, C_TYPE), kind_names, 3)
                                                      : -1;
    if (t > 0)
        kind = (enum pn_kind)t;
    const char *id = cell(sh, r, C_ID);
    bool from_label = id[0] == '\0';
    if (from_label && cell(sh, r, C_LABEL)[0] == '\0') {
        add_error(w->d, sh, r->row, col_of(sh, C_ID), "missing id (and no label to make one)");
        w->failed = true;
        return;
    }
    pn_xgrow((void **)&w->ents, &w->cap_ents, w->n_ents + 1, sizeof *w->ents);
    w->ents[w->n_ents++] = (struct ent){
        .sh = sh, .r = r, .kind = kind, .type_is_kind = t > 0,
        .id = from_label ? slug(cell(sh, r, C_LABEL)) : pn_xstrdup(id),
        .id_col = col_of(sh, from_label ? C_LABEL : C_ID)};
}

/* The id an edge end names: an id as written, or the id of the entity with that label or
 * name (Kumu's From and To name labels). */
static char *end_id(const struct work *w, const char *s)
{
    for (size_t i = 0; i < w->n_ents; i++)
        if (strcmp(w->ents[i].id, s) == 0)
            return pn_xstrdup(s);
    for (size_t i = 0; i < w->n_ents; i++) {
        const struct ent *e = &w->ents[i];
        if (strcmp(cell(e->sh, e->r, C_LABEL), s) == 0 || strcmp(cell(e->sh, e->r, C_NAME), s) == 0)
            return pn_xstrdup(e->id);
    }
    return pn_xstrdup(s);
}

/* One row of a ties, edges or memberships sheet. */
static void add_link(struct work *w, const struct sheet *sh, const struct srow *r)
{
    static const char *const kinds[] = {"tie", "member", "part-of", "co-member", "overlap"};
    bool member = sh->role == R_MEMBERS;
    const char *k = cell(sh, r, C_KIND);
    if (k[0] != '\0' && sh->role != R_MEMBERS) {
        int i = pick(k, kinds, 5);
        if (i == 2)
            return; /* part-of edges come from the nodes' parent column */
        if (i < 0 || i > 2 || (sh->role == R_TIES && i != 0)) {
            add_error(w->d, sh, r->row, col_of(sh, C_KIND), "%s kind '%s'; expected %s%s",
                      i > 2 ? "cannot import the projection's" : "invalid", k,
                      sh->role == R_TIES ? "tie" : "tie, member or part-of",
                      i > 2 ? " (export without --projection)" : "");
            w->failed = true;
            return;
        }
        member = i == 1;
    }
    for (enum col c = C_A; c <= C_B; c++)
        if (cell(sh, r, c)[0] == '\0') {
            add_error(w->d, sh, r->row, col_of(sh, c), "missing %s", sh->rows[0].cells[sh->at[c]]);
            w->failed = true;
            return;
        }
    pn_xgrow((void **)&w->links, &w->cap_links, w->n_links + 1, sizeof *w->links);
    w->links[w->n_links++] = (struct link){.sh = sh, .r = r, .member = member,
                                           .a = end_id(w, cell(sh, r, C_A)),
                                           .b = end_id(w, cell(sh, r, C_B))};
}

/* ---- writing the YAML --------------------------------------------------------------------- */

/* The keys an institution and a group share, after id and name. */
static void emit_entity_keys(struct ydoc *y, struct work *w, const struct ent *e)
{
    const struct sheet *sh = e->sh;
    const struct srow *r = e->r;
    const char *in = "    ";
    ykey(y, sh, r, C_SHORT, in, "short", false);
    if (!e->type_is_kind)
        ykey(y, sh, r, C_TYPE, in, "type", false);
    ykey(y, sh, r, C_COUNTRY, in, "country", false);
    ykey(y, sh, r, C_REGION, in, "region", false);
    ykey(y, sh, r, C_CITY, in, "city", false);
    const char *lat = cell(sh, r, C_LAT), *lon = cell(sh, r, C_LON);
    if (lat[0] != '\0' && lon[0] != '\0') {
        char *a = ynum(lat), *b = ynum(lon);
        yline(y, sh, r->row, col_of(sh, C_LAT), "%slocation: [%s, %s]", in, a, b);
        free(a);
        free(b);
    } else if (lat[0] != '\0' || lon[0] != '\0') {
        enum col given = lat[0] != '\0' ? C_LAT : C_LON;
        w->failed = true;
        add_error(w->d, sh, r->row, col_of(sh, given), "%s without %s", given == C_LAT ? "lat" : "lon",
                  given == C_LAT ? "lon" : "lat");
    }
    ykey(y, sh, r, C_PARENT, in, "parent", false);
    ylist(y, sh, r, C_THEMES, in, "themes", w->list_sep);
    ykey(y, sh, r, C_SINCE, in, "since", true);
    ykey(y, sh, r, C_UNTIL, in, "until", true);
    ykey(y, sh, r, C_URL, in, "url", false);
    ykey(y, sh, r, C_SOURCE, in, "source", false);
    yattrs(y, sh, r, in);
}

/* id and name of an entity item ("  - id: ..."). */
static void emit_entity_head(struct ydoc *y, const struct ent *e)
{
    char *id = yq(e->id);
    yline(y, e->sh, e->r->row, e->id_col, "  - id: %s", id);
    free(id);
    if (cell(e->sh, e->r, C_NAME)[0] != '\0')
        ykey(y, e->sh, e->r, C_NAME, "    ", "name", false);
    else
        ykey(y, e->sh, e->r, C_LABEL, "    ", "name", false);
}

static void emit_members(struct ydoc *y, const struct work *w, const char *group)
{
    bool any = false;
    for (size_t i = 0; i < w->n_links; i++) {
        const struct link *l = &w->links[i];
        if (!l->member || strcmp(l->b, group) != 0)
            continue;
        if (!any)
            yline(y, l->sh, l->r->row, col_of(l->sh, C_B), "    members:");
        any = true;
        char *id = yq(l->a);
        yline(y, l->sh, l->r->row, col_of(l->sh, C_A), "      - id: %s", id);
        free(id);
        ykey(y, l->sh, l->r, C_ROLE, "        ", "role", false);
        ykey(y, l->sh, l->r, C_SINCE, "        ", "since", true);
        ykey(y, l->sh, l->r, C_UNTIL, "        ", "until", true);
        ykey(y, l->sh, l->r, C_SOURCE, "        ", "source", false);
    }
}

/* Entities first..last-1, all of one kind, as one list (institutions:, alliances: or
 * networks:). */
static void emit_run(struct ydoc *y, struct work *w, size_t first, size_t last)
{
    yline(y, NULL, 0, 0, "%ss:", kind_names[w->ents[first].kind]);
    for (size_t i = first; i < last; i++) {
        const struct ent *e = &w->ents[i];
        emit_entity_head(y, e);
        emit_entity_keys(y, w, e);
        if (e->kind != PN_KIND_INSTITUTION)
            emit_members(y, w, e->id);
    }
}

/* A tie's direction from Gephi's Type or Kumu's Direction (default undirected). */
static bool tie_directed(struct work *w, const struct link *l, bool *directed)
{
    static const char *const names[] = {"directed", "undirected", "mutual", "true", "false"};
    const char *v = cell(l->sh, l->r, C_DIRECTION);
    int i = v[0] != '\0' ? pick(v, names, 5) : 1;
    if (i < 0) {
        add_error(w->d, l->sh, l->r->row, col_of(l->sh, C_DIRECTION),
                  "invalid direction '%s'; expected Directed or Undirected (or Mutual)", v);
        w->failed = true;
        return false;
    }
    *directed = i == 0 || i == 3;
    return true;
}

static void emit_ties(struct ydoc *y, struct work *w)
{
    bool any = false;
    for (size_t i = 0; i < w->n_links; i++) {
        const struct link *l = &w->links[i];
        bool directed;
        if (l->member || !tie_directed(w, l, &directed))
            continue;
        if (!any)
            yline(y, NULL, 0, 0, "ties:");
        any = true;
        char *a = yq(l->a), *b = yq(l->b);
        if (directed) {
            yline(y, l->sh, l->r->row, col_of(l->sh, C_A), "  - from: %s", a);
            yline(y, l->sh, l->r->row, col_of(l->sh, C_B), "    to: %s", b);
        } else {
            yline(y, l->sh, l->r->row, col_of(l->sh, C_A), "  - between:");
            yline(y, l->sh, l->r->row, col_of(l->sh, C_A), "      - %s", a);
            yline(y, l->sh, l->r->row, col_of(l->sh, C_B), "      - %s", b);
        }
        free(a);
        free(b);
        ykey(y, l->sh, l->r, C_RELATION, "    ", "type", false);
        ykey(y, l->sh, l->r, C_LABEL, "    ", "label", false);
        ylist(y, l->sh, l->r, C_THEMES, "    ", "themes", w->list_sep);
        ykey(y, l->sh, l->r, C_SINCE, "    ", "since", true);
        ykey(y, l->sh, l->r, C_UNTIL, "    ", "until", true);
        ykey(y, l->sh, l->r, C_WEIGHT, "    ", "weight", true);
        ykey(y, l->sh, l->r, C_SOURCE, "    ", "source", false);
        yattrs(y, l->sh, l->r, "    ");
    }
}

static void emit_sources_themes(struct ydoc *y, struct work *w, enum role role)
{
    bool any = false;
    for (size_t s = 0; s < w->n_sheets; s++) {
        const struct sheet *sh = &w->sheets[s];
        if (sh->role != role)
            continue;
        for (size_t i = 1; i < sh->n_rows; i++) {
            const struct srow *r = &sh->rows[i];
            if (!any)
                yline(y, NULL, 0, 0, role == R_SOURCES ? "sources:" : "themes:");
            any = true;
            char *id = yq(cell(sh, r, C_ID));
            yline(y, sh, r->row, col_of(sh, C_ID), "  - id: %s", id);
            free(id);
            if (role == R_SOURCES) {
                ykey(y, sh, r, C_TITLE, "    ", "title", false);
                ykey(y, sh, r, C_URL, "    ", "url", false);
                ykey(y, sh, r, C_DATE, "    ", "date", true);
                ykey(y, sh, r, C_PUBLISHER, "    ", "publisher", false);
            } else {
                ykey(y, sh, r, C_LABEL, "    ", "label", false);
                ykey(y, sh, r, C_LABEL_FR, "    ", "label_fr", false);
                ykey(y, sh, r, C_COLOR, "    ", "color", false);
            }
        }
    }
}

/* Without a themes sheet, every theme the sheets name is declared (label = id), in order of
 * first use; with one, the sheet is the list and a theme it lacks is an error. */
static void emit_used_themes(struct ydoc *y, struct work *w)
{
    char **seen = NULL;
    size_t n = 0, cap = 0;
    for (size_t s = 0; s < w->n_sheets; s++) {
        const struct sheet *sh = &w->sheets[s];
        for (size_t i = 1; i < sh->n_rows && sh->at[C_THEMES] >= 0; i++) {
            const char *v = cell(sh, &sh->rows[i], C_THEMES);
            while (*v) {
                size_t len = strcspn(v, (char[]){w->list_sep, '\0'});
                char *part = pn_xstrndup(v, len);
                char *t = part + strspn(part, " ");
                for (size_t e = strlen(t); e > 0 && t[e - 1] == ' '; e--)
                    t[e - 1] = '\0';
                bool known = *t == '\0';
                for (size_t k = 0; k < n && !known; k++)
                    known = strcmp(seen[k], t) == 0;
                if (!known) {
                    if (n == 0)
                        yline(y, NULL, 0, 0, "themes:");
                    pn_xgrow((void **)&seen, &cap, n + 1, sizeof *seen);
                    seen[n++] = pn_xstrdup(t);
                    char *q = yq(t);
                    yline(y, sh, sh->rows[i].row, col_of(sh, C_THEMES), "  - id: %s", q);
                    free(q);
                }
                free(part);
                v += len + (v[len] != '\0');
            }
        }
    }
    for (size_t k = 0; k < n; k++)
        free(seen[k]);
    free(seen);
}

static void emit_network(struct ydoc *y, struct work *w)
{
    static const char *const keys[] = {"title", "description", "focus"};
    yline(y, NULL, 0, 0, "partnet: 1");
    for (size_t s = 0; s < w->n_sheets; s++) {
        const struct sheet *sh = &w->sheets[s];
        for (size_t i = 1; i < sh->n_rows && sh->role == R_NETWORK; i++) {
            const struct srow *r = &sh->rows[i];
            const char *k = cell(sh, r, C_KEY);
            int at = pick(k, keys, 3);
            if (at < 0) {
                const char *near = pn_closest(k, keys, 3);
                add_error(w->d, sh, r->row, col_of(sh, C_KEY),
                          "unknown key '%s'; expected title, description or focus%s%s%s", k,
                          near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
                w->failed = true;
                continue;
            }
            ykey(y, sh, r, C_VALUE, "", keys[at], false);
        }
    }
}

/* A membership names a group of the sheets: "did you mean" among the groups. */
static void check_groups(struct work *w)
{
    const char **groups = pn_xcalloc(w->n_ents + 1, sizeof *groups);
    size_t ng = 0;
    for (size_t i = 0; i < w->n_ents; i++)
        if (w->ents[i].kind != PN_KIND_INSTITUTION)
            groups[ng++] = w->ents[i].id;
    for (size_t i = 0; i < w->n_links; i++) {
        const struct link *l = &w->links[i];
        if (!l->member)
            continue;
        size_t e = 0;
        while (e < w->n_ents && strcmp(w->ents[e].id, l->b) != 0)
            e++;
        if (e < w->n_ents && w->ents[e].kind != PN_KIND_INSTITUTION)
            continue;
        const char *near = pn_closest(l->b, groups, ng);
        char buf[PN_SHOWN_SIZE];
        if (e < w->n_ents)
            add_error(w->d, l->sh, l->r->row, col_of(l->sh, C_B),
                      "'%s' is an institution; members belong to alliances and networks",
                      pn_shown(buf, l->b));
        else
            add_error(w->d, l->sh, l->r->row, col_of(l->sh, C_B), "unknown group '%s'%s%s%s",
                      pn_shown(buf, l->b), near ? " (did you mean '" : "", near ? near : "",
                      near ? "'?)" : "");
        w->failed = true;
    }
    free(groups);
}

/* ---- reading the paths ----------------------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The CSV files of paths: files as given, directories' *.csv (any case) in name order. */
static enum pn_status list_files(const char *const *paths, size_t n, char ***out, size_t *n_out,
                                 struct pn_diag *d)
{
    char **files = NULL;
    size_t nf = 0, cap = 0;
    for (size_t i = 0; i < n; i++) {
        struct stat stt;
        DIR *dir = stat(paths[i], &stt) == 0 && S_ISDIR(stt.st_mode) ? opendir(paths[i]) : NULL;
        if (dir == NULL) {
            pn_xgrow((void **)&files, &cap, nf + 1, sizeof *files);
            files[nf++] = pn_xstrdup(paths[i]);
            continue;
        }
        size_t first = nf;
        for (struct dirent *de; (de = readdir(dir)) != NULL;) {
            size_t len = strlen(de->d_name);
            if (de->d_name[0] == '.' || len < 5 || !eq_ci(de->d_name + len - 4, ".csv"))
                continue;
            pn_xgrow((void **)&files, &cap, nf + 1, sizeof *files);
            files[nf++] = pn_xasprintf("%s/%s", paths[i], de->d_name);
        }
        closedir(dir);
        if (nf == first)
            pn_diag_error(d, NULL, "no *.csv sheet in directory '%s'", paths[i]);
        qsort(files + first, nf - first, sizeof *files, cmp_str);
    }
    *out = files;
    *n_out = nf;
    return pn_diag_has_errors(d) ? PN_EINPUT : PN_OK;
}

/* The role of a sheet from its file name. */
static bool sheet_role(const char *path, enum role *role, struct pn_diag *d)
{
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    size_t len = strlen(base);
    char *stem = pn_xstrndup(base, len > 4 && eq_ci(base + len - 4, ".csv") ? len - 4 : len);
    const char *names[N_SHEET_NAMES];
    for (size_t i = 0; i < N_SHEET_NAMES; i++) {
        names[i] = sheet_names[i].name;
        if (eq_ci(stem, names[i])) {
            *role = sheet_names[i].role;
            free(stem);
            return true;
        }
    }
    char *low = lower_trim(stem);
    const char *near = pn_closest(low, names, N_SHEET_NAMES);
    char buf[PN_SHOWN_SIZE];
    pn_diag_error(d, NULL,
                  "cannot tell what sheet '%s' holds: name it institutions, groups, memberships, "
                  "ties, nodes, edges, elements, connections, sources, themes or network "
                  "(.csv)%s%s%s",
                  pn_shown(buf, path), near ? "; did you mean '" : "", near ? near : "",
                  near ? ".csv'?" : "");
    free(low);
    free(stem);
    return false;
}

static char *read_all(const char *path, size_t *len, struct pn_diag *d)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        pn_diag_error(d, NULL, "cannot read '%s': %s", path, strerror(errno));
        return NULL;
    }
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    int rc = pn_strbuf_read_stream(&sb, f, PN_MAX_FILE_SIZE);
    bool bad = rc < 0;
    fclose(f);
    if (rc != 0) {
        pn_diag_error(d, NULL, bad ? "cannot read '%s'" : "'%s' is larger than 64 MiB", path);
        pn_strbuf_destroy(&sb);
        return NULL;
    }
    *len = sb.len;
    return pn_strbuf_detach(&sb);
}

/* ---- checking the YAML with the loader ------------------------------------------------------ */

/* The sheet cell behind line `line` of doc y: that line's, else the nearest line above. */
static const struct yloc *loc_of(const struct ydoc *y, int line)
{
    for (int l = line; l >= 1; l--)
        if ((size_t)l <= y->n_lines && y->map[l - 1].file != NULL)
            return &y->map[l - 1];
    return NULL;
}

/* The loader's message in the sheet's words: " in 'between'" (a YAML key the sheet does not
 * have) becomes " in column 'Target'". Returns a new string. */
static char *sheet_words(const char *text, const struct yloc *at)
{
    static const char *const keys[] = {" in 'between'", " in 'from'", " in 'to'",
                                       " in 'members'", " in 'parent'"};
    for (size_t k = 0; at != NULL && at->column != NULL && k < 5; k++) {
        const char *p = strstr(text, keys[k]);
        if (p != NULL)
            return pn_xasprintf("%.*s in column '%s'%s", (int)(p - text), text, at->column,
                                p + strlen(keys[k]));
    }
    return pn_xstrdup(text);
}

/* Load the documents as the loader would read the written directory; every message moves
 * to the sheet cell its line came from. */
static void check_with_loader(struct ydoc *docs, size_t n, struct pn_diag *d)
{
    struct pn_model m;
    pn_model_init(&m);
    struct pn_diag d2;
    pn_diag_init(&d2);
    for (size_t i = 0; i < n; i++)
        pn_loader_load_string(&m, docs[i].name, NULL, pn_strbuf_str(&docs[i].sb), docs[i].sb.len,
                              &d2);
    if (!pn_diag_has_errors(&d2))
        pn_model_resolve(&m, &d2);
    for (size_t k = 0; k < d2.n_msgs; k++) {
        const struct pn_diag_msg *msg = &d2.msgs[k];
        const struct yloc *at = NULL;
        for (size_t i = 0; i < n && msg->file != NULL && at == NULL; i++)
            if (strcmp(msg->file, docs[i].name) == 0)
                at = loc_of(&docs[i], msg->line);
        struct pn_loc loc = {.file = at ? at->file : msg->file, .line = at ? at->row : msg->line,
                             .col = at ? at->col : msg->col};
        char *text = sheet_words(msg->text, at);
        if (msg->sev == PN_SEV_ERROR)
            pn_diag_error(d, loc.file ? &loc : NULL, "%s", text);
        else
            pn_diag_warning(d, loc.file ? &loc : NULL, "%s", text);
        free(text);
    }
    for (size_t i = 0; i < d2.n_dropped; i++)
        pn_diag_error(d, NULL, "(one more error of the loader)");
    pn_diag_destroy(&d2);
    pn_model_destroy(&m);
}

/* ---- the whole import ------------------------------------------------------------------- */

static enum pn_status read_sheets(struct work *w, char **files, size_t nf)
{
    enum pn_status st = PN_OK;
    w->sheets = pn_xcalloc(nf ? nf : 1, sizeof *w->sheets);
    for (size_t i = 0; i < nf; i++) {
        struct sheet *sh = &w->sheets[w->n_sheets];
        if (!sheet_role(files[i], &sh->role, w->d)) {
            st = PN_EINPUT;
            continue;
        }
        size_t len = 0;
        char *text = read_all(files[i], &len, w->d);
        if (text == NULL) {
            st = PN_EIO;
            continue;
        }
        sh->path = files[i];
        w->n_sheets++;
        if (parse_sheet(sh, text, len, w->o->sep, w->d) != PN_OK ||
            resolve_header(sh, w->o, w->d) != PN_OK)
            st = st == PN_OK ? PN_EINPUT : st;
        free(text);
    }
    return st;
}

static void collect(struct work *w)
{
    for (size_t s = 0; s < w->n_sheets; s++) {
        const struct sheet *sh = &w->sheets[s];
        if (sh->role == R_NODES || sh->role == R_INST || sh->role == R_GROUPS)
            for (size_t i = 1; i < sh->n_rows; i++)
                add_entity(w, sh, &sh->rows[i]);
    }
    for (size_t s = 0; s < w->n_sheets; s++) {
        const struct sheet *sh = &w->sheets[s];
        if (sh->role == R_EDGES || sh->role == R_TIES || sh->role == R_MEMBERS)
            for (size_t i = 1; i < sh->n_rows; i++)
                add_link(w, sh, &sh->rows[i]);
    }
    check_groups(w);
}

static void work_destroy(struct work *w)
{
    for (size_t i = 0; i < w->n_ents; i++)
        free(w->ents[i].id);
    for (size_t i = 0; i < w->n_links; i++) {
        free(w->links[i].a);
        free(w->links[i].b);
    }
    for (size_t i = 0; i < w->n_sheets; i++)
        sheet_destroy(&w->sheets[i]);
    free(w->sheets);
    free(w->ents);
    free(w->links);
}

static void ydoc_destroy(struct ydoc *y)
{
    pn_strbuf_destroy(&y->sb);
    free(y->map);
    free(y->name);
}

static struct ydoc *new_doc(struct ydoc **docs, size_t *n, size_t *cap, char *name)
{
    pn_xgrow((void **)docs, cap, *n + 1, sizeof **docs);
    struct ydoc *y = &(*docs)[(*n)++];
    *y = (struct ydoc){.name = name};
    pn_strbuf_init(&y->sb);
    return y;
}

/* The documents: network, sources, themes, then one file per run of entities of one kind in
 * the sheets' order (so that the imported network lists them as the sheets do, and gets the
 * same communities), then ties. */
static void emit_all(struct work *w, struct ydoc **docs, size_t *n)
{
    size_t cap = 0, runs = 0;
    emit_network(new_doc(docs, n, &cap, pn_xstrdup("00-network.yaml")), w);
    emit_sources_themes(new_doc(docs, n, &cap, pn_xstrdup("10-sources.yaml")), w, R_SOURCES);
    bool themes_sheet = false;
    for (size_t i = 0; i < w->n_sheets; i++)
        themes_sheet = themes_sheet || w->sheets[i].role == R_THEMES;
    if (themes_sheet)
        emit_sources_themes(new_doc(docs, n, &cap, pn_xstrdup("20-themes.yaml")), w, R_THEMES);
    else
        emit_used_themes(new_doc(docs, n, &cap, pn_xstrdup("20-themes.yaml")), w);
    for (size_t i = 0; i < w->n_ents; i++)
        runs += i == 0 || w->ents[i].kind != w->ents[i - 1].kind;
    int width = runs >= 1000 ? 4 : runs >= 100 ? 3 : 2;
    for (size_t first = 0, run = 1; first < w->n_ents; run++) {
        size_t last = first + 1;
        while (last < w->n_ents && w->ents[last].kind == w->ents[first].kind)
            last++;
        char *name = pn_xasprintf("30-%0*zu-%ss.yaml", width, run,
                                  kind_names[w->ents[first].kind]);
        emit_run(new_doc(docs, n, &cap, name), w, first, last);
        first = last;
    }
    emit_ties(new_doc(docs, n, &cap, pn_xstrdup("50-ties.yaml")), w);
}

enum pn_status pn_import_csv(const char *const *paths, size_t n_paths,
                             const struct pn_import_options *o, struct pn_import *out,
                             struct pn_diag *d)
{
    *out = (struct pn_import){0};
    struct work w = {.o = o, .list_sep = o->list_sep ? o->list_sep : '|', .d = d};
    char **files = NULL;
    size_t nf = 0, n_docs = 0;
    struct ydoc *docs = NULL;
    enum pn_status st = list_files(paths, n_paths, &files, &nf, d);
    if (st == PN_OK)
        st = read_sheets(&w, files, nf);
    if (st == PN_OK) {
        collect(&w);
        emit_all(&w, &docs, &n_docs);
        if (!w.failed)
            check_with_loader(docs, n_docs, d);
        st = w.failed || pn_diag_has_errors(d) ? PN_EINPUT : PN_OK;
    }
    if (st == PN_OK) {
        out->docs = pn_xcalloc(n_docs, sizeof *out->docs);
        for (size_t i = 0; i < n_docs; i++)
            if (i == 0 || docs[i].sb.len > 0) {
                struct pn_import_doc *doc = &out->docs[out->n_docs++];
                doc->name = pn_xstrdup(docs[i].name);
                doc->len = docs[i].sb.len;
                doc->text = pn_strbuf_detach(&docs[i].sb);
            }
        out->n_entities = w.n_ents;
        for (size_t i = 0; i < w.n_links; i++)
            *(w.links[i].member ? &out->n_members : &out->n_ties) += 1;
    }
    for (size_t i = 0; i < n_docs; i++)
        ydoc_destroy(&docs[i]);
    free(docs);
    work_destroy(&w);
    for (size_t i = 0; i < nf; i++)
        free(files[i]);
    free(files);
    return st;
}

void pn_import_destroy(struct pn_import *im)
{
    for (size_t i = 0; i < im->n_docs; i++) {
        free(im->docs[i].name);
        free(im->docs[i].text);
    }
    free(im->docs);
    *im = (struct pn_import){0};
}
