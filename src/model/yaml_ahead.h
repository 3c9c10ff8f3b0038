/*
 * yaml_ahead: the files of a directory read and parsed by libyaml in threads, ahead of
 * the loader (issue 12). libyaml's scanning, with the mallocs and frees of its events, is
 * about 60% of a large network's load; the loader's own work on the events (checks, the
 * model, the string pool) the rest. While the loader works on one file, threads parse the
 * next ones into tapes: each event in 28 bytes, its strings in one block. Each file is
 * parsed in one thread from its start to its end, and handed over whole, so that the
 * threads share nothing while they work (libyaml has no global state); the loader waits
 * only when the file it needs is not parsed yet.
 *
 * A tape holds only a parse that reached the stream's end without error and with every
 * scalar within the loader's limit; for any other file the loader gets the file's bytes
 * alone and parses them in line, so that its messages (where and what) are the same.
 * Nothing of partnet's model is touched in the threads.
 *
 * Owns: the threads, the files' bytes and the tapes until they are taken.
 */
#ifndef PN_YAML_AHEAD_H
#define PN_YAML_AHEAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One event, as the loader reads it from libyaml's (yaml_event_t). */
struct pn_tape_event {
    uint8_t type;      /* yaml_event_type_t */
    uint8_t style;     /* scalars: yaml_scalar_style_t */
    uint32_t line;     /* start mark, 0-based as libyaml's */
    uint32_t column;   /* in characters */
    uint32_t end;      /* end mark: character index in the file */
    uint32_t val, len; /* scalar: value; alias: the anchor's name (in bytes, NUL-ended) */
    uint32_t anchor;   /* an anchor's name at bytes + anchor - 1; 0: none */
};

struct pn_tape {
    struct pn_tape_event *ev;
    size_t n;
    char *bytes;
    size_t n_bytes, cap_bytes, cap_ev;
};

void pn_tape_free(struct pn_tape *t);

struct pn_yaml_ahead;

/* Starts `threads` threads (>= 1) parsing paths[0..n) in order, at most `threads` + 1
 * files ahead of the one taken last. Files larger than max_file bytes and scalars
 * longer than max_scalar are left to the loader. NULL when no thread could be started
 * (the loader reads every file itself). The paths are copied. */
struct pn_yaml_ahead *pn_yaml_ahead_start(const char *const *paths, size_t n, int threads,
                                          size_t max_file, size_t max_scalar);

/* File i's bytes and tape, waiting until its thread is done with it; files are taken in
 * order, each once. True: *buf (len bytes, one NUL after them) is the caller's to free,
 * and *tape holds the events (n > 0) or is empty (parse it in line). False: the file could
 * not be read whole (the loader reads it itself, and says why). */
bool pn_yaml_ahead_take(struct pn_yaml_ahead *a, size_t i, char **buf, size_t *len,
                        struct pn_tape *tape);

/* Stops the threads (after the file each is parsing) and frees what was not taken.
 * NULL is allowed. */
void pn_yaml_ahead_stop(struct pn_yaml_ahead *a);

#endif
