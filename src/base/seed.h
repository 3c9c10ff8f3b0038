/*
 * seed: the default of --seed, the one seed every random step of a run derives from
 * (community detection, ARPACK's start vector, sampled betweenness, igraph and Graphviz
 * layouts). The value is passed down in each room's options; nothing here is global state.
 */
#ifndef PN_SEED_H
#define PN_SEED_H

/* Same input and the same seed: the same bytes out. */
#define PN_SEED_DEFAULT 42UL

#endif
