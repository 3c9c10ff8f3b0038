/*
 * report: model + view + metrics -> text for people and machines: metric
 * tables (table/CSV/JSON), summary.json, report.md, node-link JSON export.
 * stdio/strbuf only; the caller writes the result (atomically).
 * Ownership: appends to a pn_strbuf the caller owns; borrows the rest.
 */
#ifndef PN_REPORT_H
#define PN_REPORT_H

#include <stddef.h>

#include "net/analysis.h"
#include "net/graph.h"
#include "model/model.h"
#include "base/strbuf.h"
#include "base/table.h"

struct pn_report_options {
    enum pn_format format;
    long top;      /* rows to show, <= 0: all */
    int sort;      /* enum pn_metric to sort by (descending; constraint ascending), -1: by id */
    const char *network_name; /* for headings */
};

/* Per-node metrics: one row per view node (id, name, kind, type, country, metrics). */
void pn_report_metrics(struct pn_strbuf *out, const struct pn_model *m, const struct pn_view *v,
                       const struct pn_metrics *mx, const struct pn_report_options *o);

/* Network figures as JSON (summary.json). */
void pn_report_summary_json(struct pn_strbuf *out, const struct pn_model *m,
                            const struct pn_view *v, const struct pn_metrics *mx);

/* A map written beside the report, to be linked from report.md. */
struct pn_report_map {
    const char *file;    /* file name, relative to report.md */
    const char *caption;
    int view;            /* enum pn_map_view of render.h (report does not depend on render) */
};

/* What removing one node costs (from the scenario room's rank-removals). */
struct pn_report_removal {
    size_t entity;          /* model index */
    size_t disconnected;    /* nodes cut off from the largest component (or the focus) */
    double pairs_lost;      /* connected pairs that become disconnected */
    double efficiency_drop; /* global efficiency before - after */
};

/* The Markdown report (report.md) with links to n_maps maps (the first one is
 * shown at the top, the others in a "Maps" section) and, when n_removals > 0,
 * the single points of failure quantified (removals sorted by damage). */
void pn_report_markdown_maps(struct pn_strbuf *out, const struct pn_model *m,
                             const struct pn_view *v, const struct pn_metrics *mx,
                             const struct pn_report_map *maps, size_t n_maps,
                             const struct pn_report_removal *removals, size_t n_removals);

/* The Markdown report (report.md). map_name: file name of the map to link, or NULL. */
void pn_report_markdown(struct pn_strbuf *out, const struct pn_model *m, const struct pn_view *v,
                        const struct pn_metrics *mx, const char *map_name);

/* One-line validate summary: "N institutions, N alliances, N networks, N ties, N memberships". */
void pn_report_counts(struct pn_strbuf *out, const struct pn_model *m);

/* Node-link JSON (nodes with all attributes and metrics, links with all edge attributes). */
void pn_report_export_json(struct pn_strbuf *out, const struct pn_model *m,
                           const struct pn_view *v, const struct pn_metrics *mx);

#endif
