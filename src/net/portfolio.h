/*
 * portfolio (issue 14): the partners of one focus institution measured by the selection
 * criteria of a strategy: dimensions (research, training, innovation), durability,
 * thematic fit, scope and embedding (shared groups, single broker, centrality rank), and
 * the gaps they leave. Every rule and table is documented in docs/portfolio.md.
 * Ownership: a pn_portfolio owns its rows and strings (pn_portfolio_free); it keeps
 * entity indices into the model it was computed from, which must outlive it.
 */
#ifndef PN_PORTFOLIO_H
#define PN_PORTFOLIO_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "base/vocab.h"
#include "model/model.h"
#include "net/analysis.h"

/* Scope of a partner seen from the focus: enum constant, CSV name, words for people. */
#define PN_SCOPES(X)                                                                          \
    X(REGION, "region", "same region")                                                        \
    X(NATIONAL, "national", "same country")                                                   \
    X(CROSS_BORDER, "cross-border", "cross-border")                                           \
    X(EUROPEAN, "european", "European")                                                       \
    X(WORLD, "world", "outside Europe")                                                       \
    X(UNKNOWN, "unknown", "no country")
#define PN_SCOPE_ENUM(id, ...) PN_SCOPE_##id,
enum pn_scope { PN_SCOPES(PN_SCOPE_ENUM) };
#undef PN_SCOPE_ENUM
enum { PN_SCOPE_N = 0 PN_SCOPES(PN_VOCAB_COUNT) };
extern const char *const pn_scope_names[PN_SCOPE_N + 1]; /* NULL-terminated */
extern const char *const pn_scope_words[PN_SCOPE_N];

/* How the focus reaches a partner (bits of pn_portfolio_row.channels). */
enum {
    PN_CH_TIE = 1u << 0,        /* a tie between the focus and the partner */
    PN_CH_FOCUS_PART = 1u << 1, /* a tie between a part of the focus and the partner */
    PN_CH_PART = 1u << 2,       /* a tie of the focus side with a part of the partner */
    PN_CH_GROUP = 1u << 3,      /* both are members of a group */
    PN_CH_MEMBER = 1u << 4      /* the partner is a group the focus side belongs to */
};

struct pn_portfolio_options {
    const char *focus;                /* entity id; NULL: the model's focus: */
    int at_year;                      /* reference year; PN_YEAR_UNSET: the latest year of
                                         the data (source dates, since, until) */
    const char *const *priorities;    /* theme ids; NULL or none: the focus's themes */
    size_t n_priorities;
    struct pn_analysis_options analysis; /* for the centrality rank (betweenness) */
    /* the whole network's graph and metrics when the caller has them (built without any
       filter or projection: the report without options); NULL: built here */
    const struct pn_graph *graph;
    const struct pn_metrics *metrics;
};
void pn_portfolio_options_default(struct pn_portfolio_options *o);

struct pn_portfolio_row {
    size_t entity;
    const char *id;       /* the entity's id (borrowed from the model) */
    unsigned dims;        /* bit 1 << enum pn_dimension */
    unsigned channels;    /* PN_CH_* */
    size_t n_ties;        /* ties counted for it (direct, through parts) */
    char *tie_types;      /* distinct tie types, "; "-separated, sorted; "" if none */
    char *labels;         /* the ties' labels, "; "-separated, in model order */
    char *via;            /* ids of the parts the ties go through (focus's or partner's) */
    int since;            /* earliest year of a tie or shared membership; PN_YEAR_UNSET */
    int years;            /* at - since (>= 0), -1 when undated */
    size_t n_instruments; /* ties of a formal type (agreement, joint-lab, ...) */
    char *instruments;    /* their distinct types */
    bool active;          /* some tie or shared membership is active at the year */
    size_t n_fit;         /* priority themes among its themes */
    double fit;           /* n_fit / number of priorities (0 without priorities) */
    char *fit_themes;     /* those themes, in priority order */
    char *themes;         /* every theme of the partner, its ties and shared groups */
    enum pn_scope scope;
    const char *world;    /* world region of its country (static string) */
    size_t n_groups;      /* shared groups (alliances and networks with both as members) */
    char *groups;         /* their ids */
    size_t broker;        /* entity every path from the focus to it passes through, or
                             PN_NONE (reached directly or by several routes) */
    size_t rank;          /* betweenness rank in the whole network, 1 = highest */
};

struct pn_portfolio {
    size_t focus;       /* entity */
    int at;             /* the reference year used */
    bool at_given;
    char **priorities;  /* owned theme ids */
    size_t n_priorities;
    bool priorities_given; /* from --priorities, not the focus's themes */
    struct pn_portfolio_row *rows; /* sorted: more dimensions, instruments, fit first, then id */
    size_t n_rows;
    size_t *abroad;     /* per priority: partners outside the focus's country with it */
    size_t *only;       /* per priority: the single such partner's row, PN_NONE otherwise */
};

/* Compute the portfolio of o->focus in m (resolved). Errors (PN_EINPUT): no focus given
 * and none in the network; unknown focus or priority theme (with "did you mean"); igraph
 * failures (PN_EIO). *out is zeroed on failure. */
enum pn_status pn_portfolio_run(const struct pn_model *m, const struct pn_portfolio_options *o,
                                struct pn_portfolio *out, struct pn_diag *d);
void pn_portfolio_free(struct pn_portfolio *p); /* accepts a zeroed struct */

/* The dimensions (bits) a tie type and a group stand for under m's `dimensions:` rules
 * and the default table (docs/portfolio.md). */
unsigned pn_portfolio_tie_dims(const struct pn_model *m, const char *type);
unsigned pn_portfolio_group_dims(const struct pn_model *m, const struct pn_entity *g);
/* Is id one of the ids of a "; "-separated list (a row's themes, fit_themes)? */
bool pn_portfolio_has_theme(const char *list, const char *id);
/* Scope of a partner (country, region) seen from the focus (country, region). */
enum pn_scope pn_portfolio_scope(const char *fcountry, const char *fregion,
                                 const char *country, const char *region);
/* World region of an ISO country code ("Europe", "Asia", ...; "unknown" for NULL,
 * "other" for a code outside the table). */
const char *pn_portfolio_world_region(const char *country);

#endif
