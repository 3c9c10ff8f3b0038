/*
 * strbuf: growable strings and checked allocation. Allocation failure ends
 * the program with exit status 3 (a CLI cannot do better, and no caller then
 * needs an out-of-memory path).
 */
#include "base/strbuf.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(void)
{
    fputs("partnet: out of memory\n", stderr);
    exit(3);
}

void *pn_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (p == NULL)
        oom();
    return p;
}

void *pn_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (p == NULL)
        oom();
    return p;
}

void *pn_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (q == NULL)
        oom();
    return q;
}

void pn_xgrow(void **arr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return;
    size_t c = *cap ? *cap : 8;
    while (c < need) {
        if (c > SIZE_MAX / 2)
            oom();
        c *= 2;
    }
    if (c > SIZE_MAX / elem)
        oom();
    *arr = pn_xrealloc(*arr, c * elem);
    *cap = c;
}

char *pn_xstrdup(const char *s)
{
    if (s == NULL)
        return NULL;
    return pn_xstrndup(s, strlen(s));
}

char *pn_xstrndup(const char *s, size_t n)
{
    char *p = pn_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *pn_xasprintf(const char *fmt, ...)
{
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    va_list ap;
    va_start(ap, fmt);
    pn_strbuf_vappendf(&sb, fmt, ap);
    va_end(ap);
    return pn_strbuf_detach(&sb);
}

void pn_strbuf_init(struct pn_strbuf *sb)
{
    sb->buf = NULL;
    sb->len = 0;
    sb->cap = 0;
}

void pn_strbuf_destroy(struct pn_strbuf *sb)
{
    if (sb == NULL)
        return;
    free(sb->buf);
    pn_strbuf_init(sb);
}

static void reserve(struct pn_strbuf *sb, size_t extra)
{
    if (extra > SIZE_MAX - sb->len - 1)
        oom();
    pn_xgrow((void **)&sb->buf, &sb->cap, sb->len + extra + 1, 1);
}

void pn_strbuf_appendn(struct pn_strbuf *sb, const char *s, size_t n)
{
    reserve(sb, n);
    memcpy(sb->buf + sb->len, s, n);
    sb->len += n;
    sb->buf[sb->len] = '\0';
}

void pn_strbuf_append(struct pn_strbuf *sb, const char *s)
{
    pn_strbuf_appendn(sb, s, strlen(s));
}

void pn_strbuf_appendc(struct pn_strbuf *sb, char c)
{
    pn_strbuf_appendn(sb, &c, 1);
}

void pn_strbuf_vappendf(struct pn_strbuf *sb, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return;
    reserve(sb, (size_t)n);
    vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
    sb->len += (size_t)n;
}

void pn_strbuf_appendf(struct pn_strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pn_strbuf_vappendf(sb, fmt, ap);
    va_end(ap);
}

void pn_strbuf_reset(struct pn_strbuf *sb)
{
    sb->len = 0;
    if (sb->buf != NULL)
        sb->buf[0] = '\0';
}

const char *pn_strbuf_str(const struct pn_strbuf *sb)
{
    return sb->buf != NULL ? sb->buf : "";
}

char *pn_strbuf_detach(struct pn_strbuf *sb)
{
    char *p = sb->buf != NULL ? sb->buf : pn_xstrdup("");
    pn_strbuf_init(sb);
    return p;
}

size_t pn_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t *row = pn_xmalloc((lb + 1) * sizeof *row);
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    size_t d = row[lb];
    free(row);
    return d;
}

const char *pn_closest(const char *word, const char *const *candidates, size_t n)
{
    size_t limit = strlen(word) / 3;
    if (limit < 2)
        limit = 2;
    const char *best = NULL;
    size_t best_d = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        if (candidates[i] == NULL)
            continue;
        /* cheap bound first: the length difference is a lower bound */
        size_t la = strlen(word), lb = strlen(candidates[i]);
        size_t diff = la > lb ? la - lb : lb - la;
        if (diff > limit || diff >= best_d)
            continue;
        size_t d = pn_edit_distance(word, candidates[i]);
        if (d <= limit && d < best_d) {
            best = candidates[i];
            best_d = d;
        }
    }
    return best;
}

void pn_strbuf_append_xml(struct pn_strbuf *sb, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&':
            pn_strbuf_append(sb, "&amp;");
            break;
        case '<':
            pn_strbuf_append(sb, "&lt;");
            break;
        case '>':
            pn_strbuf_append(sb, "&gt;");
            break;
        case '"':
            pn_strbuf_append(sb, "&quot;");
            break;
        case '\'':
            pn_strbuf_append(sb, "&#39;");
            break;
        default:
            pn_strbuf_appendc(sb, *s);
        }
    }
}

void pn_strbuf_append_json(struct pn_strbuf *sb, const char *s)
{
    if (s == NULL) {
        pn_strbuf_append(sb, "null");
        return;
    }
    pn_strbuf_appendc(sb, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"':
            pn_strbuf_append(sb, "\\\"");
            break;
        case '\\':
            pn_strbuf_append(sb, "\\\\");
            break;
        case '\n':
            pn_strbuf_append(sb, "\\n");
            break;
        case '\r':
            pn_strbuf_append(sb, "\\r");
            break;
        case '\t':
            pn_strbuf_append(sb, "\\t");
            break;
        default:
            if (*p < 0x20)
                pn_strbuf_appendf(sb, "\\u%04x", *p);
            else
                pn_strbuf_appendc(sb, (char)*p);
        }
    }
    pn_strbuf_appendc(sb, '"');
}

void pn_strbuf_append_csv(struct pn_strbuf *sb, const char *s)
{
    if (s == NULL)
        return;
    if (strpbrk(s, ",\"\r\n") == NULL) {
        pn_strbuf_append(sb, s);
        return;
    }
    pn_strbuf_appendc(sb, '"');
    for (; *s; s++) {
        if (*s == '"')
            pn_strbuf_appendc(sb, '"');
        pn_strbuf_appendc(sb, *s);
    }
    pn_strbuf_appendc(sb, '"');
}

void pn_strbuf_append_real(struct pn_strbuf *sb, double x)
{
    if (isnan(x))
        pn_strbuf_append(sb, "nan");
    else if (isinf(x))
        pn_strbuf_append(sb, x > 0 ? "inf" : "-inf");
    else if (x == 0)
        pn_strbuf_append(sb, "0");
    else
        pn_strbuf_appendf(sb, "%.10g", x);
}

size_t pn_utf8_length(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80)
            n++;
    return n;
}

/* n bytes of s with control characters (a name's line breaks) as spaces: a cell is
 * one line (issue 13). */
static void append_one_line(struct pn_strbuf *sb, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        pn_strbuf_appendc(sb, (unsigned char)s[i] < 0x20 ? ' ' : s[i]);
}

void pn_strbuf_append_cell(struct pn_strbuf *sb, const char *s, size_t width, bool right_align)
{
    size_t len = pn_utf8_length(s);
    if (len > width && width > 0) {
        /* cut at a code point boundary: width-1 characters, then an ellipsis */
        size_t chars = 0;
        const char *p = s;
        while (*p && chars < width - 1) {
            p++;
            while ((*p & 0xC0) == 0x80)
                p++;
            chars++;
        }
        append_one_line(sb, s, (size_t)(p - s));
        pn_strbuf_append(sb, "\u2026");
        return;
    }
    if (right_align)
        for (size_t i = len; i < width; i++)
            pn_strbuf_appendc(sb, ' ');
    append_one_line(sb, s, strlen(s));
    if (!right_align)
        for (size_t i = len; i < width; i++)
            pn_strbuf_appendc(sb, ' ');
}

const char *pn_shown(char buf[PN_SHOWN_SIZE], const char *s)
{
    if (s == NULL)
        return "";
    size_t n = strlen(s);
    bool clean = n <= 80;
    for (size_t i = 0; clean && i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            clean = false;
    if (clean)
        return s;
    size_t cut = n <= 80 ? n : 80;
    while (cut > 0 && cut < n && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--;
    size_t j = 0;
    for (size_t i = 0; i < cut; i++)
        buf[j++] = ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) ? '?' : s[i];
    if (cut < n) {
        memcpy(buf + j, "...", 3);
        j += 3;
    }
    buf[j] = '\0';
    return buf;
}

int pn_strbuf_read_stream(struct pn_strbuf *sb, FILE *f, size_t max)
{
    char buf[65536];
    size_t n;
    while ((max == 0 || sb->len <= max) && (n = fread(buf, 1, sizeof buf, f)) > 0)
        pn_strbuf_appendn(sb, buf, n);
    if (ferror(f))
        return -1;
    return max != 0 && sb->len > max ? 1 : 0;
}
