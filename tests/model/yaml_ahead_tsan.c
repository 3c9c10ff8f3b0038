/*
 * yaml_ahead_tsan (issue 12): the files-ahead parser (src/model/yaml_ahead.c) built alone
 * with ThreadSanitizer. 40 files (valid YAML of several sizes, a syntax error, a scalar
 * over the limit, an empty file, a missing one) parsed ahead in 3 threads and taken in
 * order must each give what one thread gives, the same bytes: the tape when the parse
 * reached the end, none otherwise; a missing file, no bytes. A second run stops after 5
 * files with the rest in flight. ThreadSanitizer fails the test on any data race
 * (halt_on_error).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/yaml_ahead.h"

enum { N_FILES = 40, MAX_SCALAR = 4096 };

static void write_file(const char *path, int k)
{
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        perror(path);
        exit(2);
    }
    if (k % 13 == 7) {
        fputs("a: [1, 2\nb: c\n", f); /* a syntax error */
    } else if (k % 13 == 9) {
        fputs("long: \"", f);
        for (int i = 0; i < MAX_SCALAR + 10; i++)
            fputc('x', f);
        fputs("\"\n", f);
    } else if (k % 13 != 11) { /* 11: an empty file */
        fprintf(f, "institutions:\n");
        for (int i = 0; i < 200 * (k % 5 + 1); i++)
            fprintf(f, "  - &a%d {id: i%d-%d, name: \"Caf\xc3\xa9 %d\", since: %d}\n", i, k, i,
                    i, 1990 + i % 30);
        fprintf(f, "again: *a0\n");
    }
    fclose(f);
}

static int same_tape(const struct pn_tape *a, const struct pn_tape *b)
{
    return a->n == b->n && a->n_bytes == b->n_bytes &&
           (a->n == 0 || memcmp(a->ev, b->ev, a->n * sizeof *a->ev) == 0) &&
           (a->n_bytes == 0 || memcmp(a->bytes, b->bytes, a->n_bytes) == 0);
}

int main(void)
{
    char dir[] = "/tmp/pn-ahead-tsan-XXXXXX";
    if (mkdtemp(dir) == NULL)
        return 2;
    char *paths[N_FILES];
    for (int k = 0; k < N_FILES; k++) {
        paths[k] = malloc(64);
        snprintf(paths[k], 64, "%s/f%02d.yaml", dir, k);
        if (k != 30) /* 30: missing */
            write_file(paths[k], k);
    }
    int fail = 0, tapes = 0, refused = 0;
    struct pn_yaml_ahead *one = pn_yaml_ahead_start((const char *const *)paths, N_FILES, 1,
                                                    1 << 20, MAX_SCALAR);
    struct pn_yaml_ahead *three = pn_yaml_ahead_start((const char *const *)paths, N_FILES, 3,
                                                      1 << 20, MAX_SCALAR);
    if (one == NULL || three == NULL)
        return 2;
    for (int k = 0; k < N_FILES; k++) {
        char *b1, *b3;
        size_t l1, l3;
        struct pn_tape t1, t3;
        bool r1 = pn_yaml_ahead_take(one, (size_t)k, &b1, &l1, &t1);
        bool r3 = pn_yaml_ahead_take(three, (size_t)k, &b3, &l3, &t3);
        if (r1 != r3 || r1 != (k != 30) || (r1 && (l1 != l3 || memcmp(b1, b3, l1) != 0)) ||
            !same_tape(&t1, &t3)) {
            fprintf(stderr, "file %d: 3 threads differ from 1\n", k);
            fail = 1;
        }
        /* a tape exactly for the files libyaml reads to the end within the limit */
        bool want_tape = k != 30 && k % 13 != 7 && k % 13 != 9;
        if ((t3.n > 0) != want_tape) {
            fprintf(stderr, "file %d: tape %zu events, expected %s\n", k, t3.n,
                    want_tape ? "some" : "none");
            fail = 1;
        }
        tapes += t3.n > 0;
        refused += r3 && t3.n == 0;
        free(b1);
        free(b3);
        pn_tape_free(&t1);
        pn_tape_free(&t3);
    }
    pn_yaml_ahead_stop(one);
    pn_yaml_ahead_stop(three);
    /* stopped early: the threads end after their file, what was parsed is freed */
    struct pn_yaml_ahead *early = pn_yaml_ahead_start((const char *const *)paths, N_FILES, 3,
                                                      1 << 20, MAX_SCALAR);
    for (int k = 0; early != NULL && k < 5; k++) {
        char *b;
        size_t l;
        struct pn_tape t;
        if (pn_yaml_ahead_take(early, (size_t)k, &b, &l, &t))
            free(b);
        pn_tape_free(&t);
    }
    pn_yaml_ahead_stop(early);
    for (int k = 0; k < N_FILES; k++) {
        unlink(paths[k]);
        free(paths[k]);
    }
    rmdir(dir);
    printf("%d files: %d tapes, %d parsed in line, 1 missing; 3 threads as 1: %s\n", N_FILES,
           tapes, refused, fail ? "no" : "yes");
    return fail;
}
