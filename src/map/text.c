/*
 * text: the text helpers of maps: UTF-8 decoding, width estimates for label
 * placement, word wrapping, and escaping for Graphviz (escString, class tokens, URLs).
 * Must not include Graphviz headers (draw.c is the door). Owns nothing; every
 * string it returns is new and the caller frees it.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "map/map_int.h"


/* Helvetica/Arial advance widths (1/1000 em) for ASCII 32..126; Graphviz
 * measures with pango, these only estimate for label thinning. */
static const unsigned short helv_w[95] = {
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015,
    667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722,
    667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333,
    556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333,
    500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584};

/* Decode one UTF-8 sequence; returns its length (1 for a bad byte). */
static size_t utf8_next(const char *s, unsigned long *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    size_t n = u[0] >= 0xF0 ? 4 : u[0] >= 0xE0 ? 3 : u[0] >= 0xC0 ? 2 : 1;
    unsigned long c = n == 4 ? (u[0] & 0x07u) : n == 3 ? (u[0] & 0x0Fu) : (u[0] & 0x1Fu);
    for (size_t i = 1; i < n; i++) {
        if ((u[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        c = (c << 6) | (u[i] & 0x3Fu);
    }
    *cp = n == 1 ? 0xFFFD : c;
    return n;
}

/* The first max code points of s and "…" (callers cut only what is too long). */
char *pn_map_utf8_cut(const char *s, size_t max)
{
    size_t bytes = 0, cps = 0;
    while (s[bytes] && cps < max) {
        unsigned long cp;
        bytes += utf8_next(s + bytes, &cp);
        cps++;
    }
    char *cut = pn_xstrndup(s, bytes);
    char *out = pn_xasprintf("%s…", cut);
    free(cut);
    return out;
}

/* Estimated width in points of one line of text. */
static double line_width(const char *s, size_t len, double fs)
{
    double w = 0;
    size_t i = 0;
    while (i < len && s[i] != '\0') {
        unsigned long cp;
        i += utf8_next(s + i, &cp);
        if (cp >= 32 && cp <= 126)
            w += helv_w[cp - 32];
        else if (cp < 0x2000)
            w += 600;
        else
            w += 1000;
    }
    return w * fs / 1000.0;
}

/* Width and height of a possibly multi-line ('\n') text. */
void pn_map_text_box(const char *s, double fs, double *w, double *h)
{
    double mw = 0;
    int lines = 0;
    const char *p = s;
    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        double lw = line_width(p, len, fs);
        if (lw > mw)
            mw = lw;
        lines++;
        if (nl == NULL)
            break;
        p = nl + 1;
    }
    *w = mw + 4;
    *h = lines * fs * 1.2 + 2;
}

/* Word-wrap s at spaces into lines of about max code points; NULL if it
 * needs more than max_lines lines. Returns a new string with '\n'. */
char *pn_map_wrap_text(const char *s, size_t max, int max_lines)
{
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    size_t col = 0;
    int lines = 1;
    const char *p = s;
    while (*p) {
        const char *sp = strchr(p, ' ');
        size_t wl = sp ? (size_t)(sp - p) : strlen(p);
        char *word = pn_xstrndup(p, wl);
        size_t wcols = pn_utf8_length(word);
        if (col > 0 && col + 1 + wcols > max) {
            pn_strbuf_appendc(&sb, '\n');
            lines++;
            col = 0;
        } else if (col > 0) {
            pn_strbuf_appendc(&sb, ' ');
            col++;
        }
        pn_strbuf_append(&sb, word);
        col += wcols;
        free(word);
        p += wl;
        while (*p == ' ')
            p++;
    }
    if (lines > max_lines) {
        pn_strbuf_destroy(&sb);
        return NULL;
    }
    return pn_strbuf_detach(&sb);
}

/* Text for a Graphviz escString label/xlabel/tooltip. Graphviz expands
 * backslash escapes and decodes HTML entities before escaping for SVG, so
 * both '\' and '&' are escaped; '\n' becomes a centred line break. */
static void append_gv_text(struct pn_strbuf *sb, const char *s)
{
    for (; *s; s++) {
        if (*s == '\\')
            pn_strbuf_append(sb, "\\\\");
        else if (*s == '&')
            pn_strbuf_append(sb, "&amp;");
        else if (*s == '\n')
            pn_strbuf_append(sb, "\\n");
        else
            pn_strbuf_appendc(sb, *s);
    }
}

char *pn_map_gv_text(const char *s)
{
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    append_gv_text(&sb, s);
    return pn_strbuf_detach(&sb);
}

/* Text for a Graphviz tooltip. Graphviz 2.43 takes a tooltip through two rounds of
 * backslash processing (each turns "\\" into "\" and expands \N, \G, \E, \T,
 * \H, \L), so a literal backslash is written as four; "\n" stays a line break and
 * '&' is escaped as for labels (issue 13; checked by tests/map/gv_escapes.sh). */
char *pn_map_gv_tooltip(const char *s)
{
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    for (; *s; s++) {
        if (*s == '\\')
            pn_strbuf_append(&sb, "\\\\\\\\");
        else if (*s == '&')
            pn_strbuf_append(&sb, "&amp;");
        else if (*s == '\n')
            pn_strbuf_append(&sb, "\\n");
        else
            pn_strbuf_appendc(&sb, *s);
    }
    return pn_strbuf_detach(&sb);
}

/* A class or id token: [A-Za-z0-9_.-] kept, anything else becomes '-'. */
void pn_map_append_token(struct pn_strbuf *sb, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        pn_strbuf_appendc(sb, (char)(isalnum(c) || c == '_' || c == '.' || c == '-'
                                         ? tolower(c) : '-'));
    }
}

/* URL for Graphviz's href: 2.42 writes it to SVG without escaping, so only
 * http(s) URLs are kept, every byte outside a safe set is percent-encoded and
 * '&' is written as the entity Graphviz passes through. NULL: no link. */
char *pn_map_safe_url(const char *u)
{
    if (u == NULL || (strncmp(u, "http://", 7) != 0 && strncmp(u, "https://", 8) != 0))
        return NULL;
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    for (const unsigned char *p = (const unsigned char *)u; *p; p++) {
        if (*p == '&')
            pn_strbuf_append(&sb, "&amp;");
        else if (isalnum(*p) || strchr("-._~:/?#[]@!$()*+,;=%", *p) != NULL)
            pn_strbuf_appendc(&sb, (char)*p);
        else
            pn_strbuf_appendf(&sb, "%%%02X", *p);
    }
    return pn_strbuf_detach(&sb);
}

bool pn_map_font_ok(const char *f)
{
    if (f == NULL || *f == '\0' || strlen(f) > 100)
        return false;
    for (const unsigned char *p = (const unsigned char *)f; *p; p++)
        if (!isalnum(*p) && strchr(" ,._-", *p) == NULL)
            return false;
    return true;
}
