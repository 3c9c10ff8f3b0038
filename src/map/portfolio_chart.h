/*
 * portfolio_chart (issue 14): the partner portfolio as a chart for slides: one column per
 * scope (same region .. outside Europe), partners placed in rows by their number of
 * dimensions, each a circle sized by durability (years active) or thematic fit, filled by
 * its dimensions, with a legend; the same canvas, fonts, title and legend as the maps, drawn
 * through map/draw.c (SVG, or PNG/PDF by the extension or the format option).
 * Borrows everything; writes only the output file (temp file renamed into place).
 */
#ifndef PN_PORTFOLIO_CHART_H
#define PN_PORTFOLIO_CHART_H

#include "base/diag.h"
#include "map/render.h"
#include "model/model.h"
#include "net/portfolio.h"

/* What sizes the partners of the chart. */
enum pn_chart_size { PN_CHART_BY_YEARS = 0, PN_CHART_BY_FIT = 1 };

/* Draw p to path ("-": standard output) with o's canvas, font, style, title, subtitle and
 * format. Errors: bad canvas, font or format (PN_EUSAGE); a portfolio without partners
 * (PN_EINPUT); Graphviz or file errors (PN_EIO). No file is left on failure. */
enum pn_status pn_render_portfolio_chart(const struct pn_model *m, const struct pn_portfolio *p,
                                         const struct pn_render_options *o,
                                         enum pn_chart_size size_by, const char *path,
                                         struct pn_diag *d);

#endif
