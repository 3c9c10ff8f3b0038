/*
 * positions: node positions as data (issue 10). A small, diffable CSV file
 * `id,x,y,pinned`, one row per node sorted by id, x and y from 0 to 1 across the map
 * area (x rightwards, y upwards; -1 to 2 accepted: nodes pushed apart may lie outside), pinned 1 (held) or 0 (a starting point the refinement
 * may move). `--positions FILE` reads one, `--save-positions FILE` writes the positions
 * of the map drawn; docs/maps.md ("Positions as data") is the reference.
 * Ownership: a pn_positions owns its ids.
 */
#ifndef PN_POSITIONS_H
#define PN_POSITIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"

struct pn_position {
    char *id;
    double x, y; /* 0..1 across the map area (-1..2 accepted) */
    bool pinned;
};

struct pn_positions {
    struct pn_position *p; /* sorted by id once loaded or finished */
    size_t n, cap;
};

void pn_positions_init(struct pn_positions *ps);
/* Release the ids and zero ps (a zeroed ps is fine). */
void pn_positions_free(struct pn_positions *ps);
/* Read path ("-": standard input) into ps (emptied first). Errors name file:row:column
 * and what was expected (PN_EINPUT), or the file that cannot be read (PN_EIO). */
enum pn_status pn_positions_load(struct pn_positions *ps, const char *path, struct pn_diag *d);
/* Write ps, sorted by id, to path ("-": standard output), atomically. */
enum pn_status pn_positions_save(struct pn_positions *ps, const char *path, struct pn_diag *d);
/* Set (or add) the position of id; the array is sorted again by pn_positions_sort. */
void pn_positions_put(struct pn_positions *ps, const char *id, double x, double y, bool pinned);
void pn_positions_sort(struct pn_positions *ps);
/* The row of id (ps sorted), or NULL. */
const struct pn_position *pn_positions_find(const struct pn_positions *ps, const char *id);

#endif
