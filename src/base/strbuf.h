/*
 * strbuf: growable strings, checked allocation, small string utilities.
 * Leaf room. Allocation failure is fatal (prints "partnet: out of memory", exits 3):
 * every pn_x* function returns non-NULL.
 * Ownership: a pn_strbuf owns its buffer until pn_strbuf_detach().
 */
#ifndef PN_STRBUF_H
#define PN_STRBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

void *pn_xmalloc(size_t n);
void *pn_xcalloc(size_t n, size_t size);
void *pn_xrealloc(void *p, size_t n);
/* Grow *arr (element size elem) so that it holds at least need elements; *cap is updated. */
void pn_xgrow(void **arr, size_t *cap, size_t need, size_t elem);
char *pn_xstrdup(const char *s);           /* NULL -> NULL */
char *pn_xstrndup(const char *s, size_t n);
char *pn_xasprintf(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

struct pn_strbuf {
    char *buf; /* always NUL-terminated once anything was appended; NULL when empty+unused */
    size_t len;
    size_t cap;
};

void pn_strbuf_init(struct pn_strbuf *sb);
void pn_strbuf_destroy(struct pn_strbuf *sb);
void pn_strbuf_append(struct pn_strbuf *sb, const char *s);
void pn_strbuf_appendn(struct pn_strbuf *sb, const char *s, size_t n);
void pn_strbuf_appendc(struct pn_strbuf *sb, char c);
void pn_strbuf_appendf(struct pn_strbuf *sb, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void pn_strbuf_vappendf(struct pn_strbuf *sb, const char *fmt, va_list ap);
void pn_strbuf_reset(struct pn_strbuf *sb);
/* The contents ("" when empty); valid until the next change. */
const char *pn_strbuf_str(const struct pn_strbuf *sb);
/* Returns the buffer (caller frees) and leaves sb empty. Never NULL. */
char *pn_strbuf_detach(struct pn_strbuf *sb);

/* Append the rest of stream f to sb, reading no further once sb holds more than max bytes
 * (max 0: no limit). 0 when read to the end, -1 on a read error, 1 when over max. */
int pn_strbuf_read_stream(struct pn_strbuf *sb, FILE *f, size_t max);

/* Levenshtein distance in bytes between a and b. */
size_t pn_edit_distance(const char *a, const char *b);

/* The candidate closest to word by edit distance, or NULL when none is close
 * (distance > max(2, strlen(word)/3)). Ties go to the earliest candidate. */
const char *pn_closest(const char *word, const char *const *candidates, size_t n);

/* Append s to sb with XML escaping (&, <, >, ", ') */
void pn_strbuf_append_xml(struct pn_strbuf *sb, const char *s);
/* Append s as a JSON string literal with quotes and escapes. */
void pn_strbuf_append_json(struct pn_strbuf *sb, const char *s);
/* Append s as a CSV field (quoted when it holds a comma, quote, CR or LF). */
void pn_strbuf_append_csv(struct pn_strbuf *sb, const char *s);
/* Print a real in the one fixed format used by all outputs: "%.10g", with
 * "nan", "inf", "-inf" spelled out, and -0 printed as 0. */
void pn_strbuf_append_real(struct pn_strbuf *sb, double x);

/* Append s as a table cell of width characters: padded with spaces (on the left
 * when right_align), or cut to width-1 characters plus an ellipsis when longer.
 * Widths count UTF-8 code points. */
void pn_strbuf_append_cell(struct pn_strbuf *sb, const char *s, size_t width, bool right_align);

/* Size of the buffer pn_shown fills. */
#define PN_SHOWN_SIZE 128

/* A value as quoted in a message: at most 80 bytes (cut at a character boundary,
 * "..." added) and control characters shown as '?', so that no input can flood or
 * drive the terminal. Returns s itself when it is already clean, else buf filled.
 * s NULL gives "". */
const char *pn_shown(char buf[PN_SHOWN_SIZE], const char *s);

/* Number of UTF-8 code points in s (for columns and table widths). */
size_t pn_utf8_length(const char *s);

#endif
