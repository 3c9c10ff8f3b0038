/* yaml_ahead: see yaml_ahead.h. */
#include "model/yaml_ahead.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

struct file {
    char *path;
    char *buf; /* NULL: not read (the loader reads it and says why) */
    size_t len;
    struct pn_tape tape;
    bool done; /* (mu) its thread has finished with it */
};

struct pn_yaml_ahead {
    struct file *files;
    size_t n;
    size_t max_file, max_scalar;
    size_t next;  /* (mu) the next file a thread starts */
    size_t taken; /* (mu) files taken by the loader */
    size_t window;
    bool stop;    /* (mu) */
    pthread_mutex_t mu;
    pthread_cond_t ready; /* a file is done */
    pthread_cond_t room;  /* a file was taken, or stop */
    pthread_t *threads;
    int n_threads;
};

void pn_tape_free(struct pn_tape *t)
{
    free(t->ev);
    free(t->bytes);
    memset(t, 0, sizeof *t);
}

/* Grows *p (cap elements of size sz) to hold `need`; false when memory is short. */
static bool grow(void **p, size_t *cap, size_t need, size_t sz)
{
    if (need <= *cap)
        return true;
    size_t c = *cap ? *cap : 1024;
    while (c < need)
        c *= 2;
    void *q = realloc(*p, c * sz);
    if (q == NULL)
        return false;
    *p = q;
    *cap = c;
    return true;
}

/* s (len bytes) and a NUL onto the tape's bytes: its offset, or UINT32_MAX when full. */
static uint32_t put_bytes(struct pn_tape *t, const void *s, size_t len)
{
    if (t->n_bytes + len + 1 >= UINT32_MAX ||
        !grow((void **)&t->bytes, &t->cap_bytes, t->n_bytes + len + 1, 1))
        return UINT32_MAX;
    uint32_t at = (uint32_t)t->n_bytes;
    memcpy(t->bytes + at, s, len);
    t->bytes[at + len] = '\0';
    t->n_bytes += len + 1;
    return at;
}

/* One event onto the tape; false: memory is short or a scalar is over the limit. */
static bool put_event(struct pn_tape *t, const yaml_event_t *y, size_t max_scalar)
{
    if (!grow((void **)&t->ev, &t->cap_ev, t->n + 1, sizeof *t->ev))
        return false;
    struct pn_tape_event *e = &t->ev[t->n];
    memset(e, 0, sizeof *e);
    e->type = (uint8_t)y->type;
    e->line = (uint32_t)y->start_mark.line;
    e->column = (uint32_t)y->start_mark.column;
    e->end = (uint32_t)y->end_mark.index;
    const yaml_char_t *anchor = NULL;
    switch (y->type) {
    case YAML_SCALAR_EVENT:
        if (y->data.scalar.length > max_scalar)
            return false;
        e->style = (uint8_t)y->data.scalar.style;
        e->len = (uint32_t)y->data.scalar.length;
        e->val = put_bytes(t, y->data.scalar.value, e->len);
        if (e->val == UINT32_MAX)
            return false;
        anchor = y->data.scalar.anchor;
        break;
    case YAML_ALIAS_EVENT:
        e->len = (uint32_t)strlen((const char *)y->data.alias.anchor);
        e->val = put_bytes(t, y->data.alias.anchor, e->len);
        if (e->val == UINT32_MAX)
            return false;
        break;
    case YAML_SEQUENCE_START_EVENT:
        anchor = y->data.sequence_start.anchor;
        break;
    case YAML_MAPPING_START_EVENT:
        anchor = y->data.mapping_start.anchor;
        break;
    default:
        break;
    }
    if (anchor != NULL) {
        uint32_t at = put_bytes(t, anchor, strlen((const char *)anchor));
        if (at == UINT32_MAX)
            return false;
        e->anchor = at + 1;
    }
    t->n++;
    return true;
}

/* The whole of buf through libyaml; an empty tape unless it reached the stream's end. */
static void parse(struct file *f, size_t max_scalar)
{
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        return;
    yaml_parser_set_input_string(&p, (const unsigned char *)f->buf, f->len);
    yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
    bool end = false;
    /* about one event per 12 bytes of the generated networks, their scalars' bytes less */
    bool ok = grow((void **)&f->tape.ev, &f->tape.cap_ev, f->len / 12 + 16, sizeof *f->tape.ev) &&
         grow((void **)&f->tape.bytes, &f->tape.cap_bytes, f->len + 16, 1);
    while (ok && !end) {
        yaml_event_t y;
        if (!yaml_parser_parse(&p, &y)) {
            ok = false;
            break;
        }
        end = y.type == YAML_STREAM_END_EVENT;
        ok = put_event(&f->tape, &y, max_scalar);
        yaml_event_delete(&y);
    }
    yaml_parser_delete(&p);
    if (!ok)
        pn_tape_free(&f->tape);
}

/* Reads f->path whole, with a NUL after it; f->buf NULL when it cannot (or is too big). */
static void read_file(struct file *f, size_t max_file)
{
    FILE *fp = fopen(f->path, "rb");
    if (fp == NULL)
        return;
    struct stat st;
    if (fstat(fileno(fp), &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > max_file) {
        fclose(fp);
        return;
    }
    size_t size = (size_t)st.st_size;
    char *buf = malloc(size + 1);
    size_t got = buf != NULL ? fread(buf, 1, size + 1, fp) : 0;
    /* a file that changed size since fstat is left to the loader */
    if (buf == NULL || got != size || ferror(fp)) {
        free(buf);
        fclose(fp);
        return;
    }
    fclose(fp);
    buf[size] = '\0';
    f->buf = buf;
    f->len = size;
}

static void *run(void *arg)
{
    struct pn_yaml_ahead *a = arg;
    pthread_mutex_lock(&a->mu);
    for (;;) {
        while (!a->stop && a->next < a->n && a->next >= a->taken + a->window)
            pthread_cond_wait(&a->room, &a->mu);
        if (a->stop || a->next >= a->n)
            break;
        struct file *f = &a->files[a->next++];
        pthread_mutex_unlock(&a->mu);
        read_file(f, a->max_file);
        if (f->buf != NULL)
            parse(f, a->max_scalar);
        pthread_mutex_lock(&a->mu);
        f->done = true;
        pthread_cond_broadcast(&a->ready);
    }
    pthread_mutex_unlock(&a->mu);
    return NULL;
}

static void free_files(struct pn_yaml_ahead *a)
{
    for (size_t i = 0; i < a->n; i++) {
        free(a->files[i].path);
        free(a->files[i].buf);
        pn_tape_free(&a->files[i].tape);
    }
    free(a->files);
}

struct pn_yaml_ahead *pn_yaml_ahead_start(const char *const *paths, size_t n, int threads,
                                          size_t max_file, size_t max_scalar)
{
    if (n == 0 || threads < 1)
        return NULL;
    struct pn_yaml_ahead *a = calloc(1, sizeof *a);
    if (a == NULL)
        return NULL;
    a->files = calloc(n, sizeof *a->files);
    a->threads = calloc((size_t)threads, sizeof *a->threads);
    bool ok = a->files != NULL && a->threads != NULL;
    for (size_t i = 0; ok && i < n; i++) {
        a->files[i].path = strdup(paths[i]);
        ok = a->files[i].path != NULL;
        a->n = i + 1;
    }
    a->max_file = max_file;
    a->max_scalar = max_scalar;
    a->window = (size_t)threads + 1;
    if (!ok || pthread_mutex_init(&a->mu, NULL) != 0)
        goto fail;
    if (pthread_cond_init(&a->ready, NULL) != 0)
        goto fail_mu;
    if (pthread_cond_init(&a->room, NULL) != 0)
        goto fail_ready;
    for (int k = 0; k < threads && (size_t)k < n; k++) {
        if (pthread_create(&a->threads[k], NULL, run, a) != 0)
            break;
        a->n_threads = k + 1;
    }
    if (a->n_threads > 0)
        return a;
    pthread_cond_destroy(&a->room);
fail_ready:
    pthread_cond_destroy(&a->ready);
fail_mu:
    pthread_mutex_destroy(&a->mu);
fail:
    if (a->files != NULL)
        free_files(a);
    free(a->threads);
    free(a);
    return NULL;
}

bool pn_yaml_ahead_take(struct pn_yaml_ahead *a, size_t i, char **buf, size_t *len,
                        struct pn_tape *tape)
{
    pthread_mutex_lock(&a->mu);
    while (!a->files[i].done)
        pthread_cond_wait(&a->ready, &a->mu);
    a->taken = i + 1;
    pthread_cond_broadcast(&a->room);
    pthread_mutex_unlock(&a->mu);
    struct file *f = &a->files[i];
    *buf = f->buf;
    *len = f->len;
    *tape = f->tape;
    f->buf = NULL;
    memset(&f->tape, 0, sizeof f->tape);
    return *buf != NULL;
}

void pn_yaml_ahead_stop(struct pn_yaml_ahead *a)
{
    if (a == NULL)
        return;
    pthread_mutex_lock(&a->mu);
    a->stop = true;
    pthread_cond_broadcast(&a->room);
    pthread_mutex_unlock(&a->mu);
    for (int k = 0; k < a->n_threads; k++)
        pthread_join(a->threads[k], NULL);
    pthread_cond_destroy(&a->room);
    pthread_cond_destroy(&a->ready);
    pthread_mutex_destroy(&a->mu);
    free_files(a);
    free(a->threads);
    free(a);
}
