/*
 * portfolio_out (issue 14): the partner portfolio of net/portfolio for people and machines:
 * the partner table, the gaps and the table by country and world region (table, CSV, JSON:
 * base/table), and the section of report.md.
 * Borrows the model and the portfolio; writes into the given buffer only.
 */
#ifndef PN_PORTFOLIO_OUT_H
#define PN_PORTFOLIO_OUT_H

#include "base/strbuf.h"
#include "base/table.h"
#include "model/model.h"
#include "net/portfolio.h"

/* table: the partner table, the gap tables and the table by country; csv: the partner rows
 * (one per partner, every field); json: one object {focus, year, priorities, partners,
 * gaps, by_country}. */
void pn_portfolio_write(struct pn_strbuf *sb, const struct pn_model *m,
                        const struct pn_portfolio *p, enum pn_format f);

/* The report.md section "## Partner portfolio" (chart is the chart file's name, or NULL). */
void pn_portfolio_markdown(struct pn_strbuf *sb, const struct pn_model *m,
                           const struct pn_portfolio *p, const char *chart);

/* "R T I" letters of the dimensions, '-' for those missing: "R - I". */
void pn_portfolio_dims_letters(unsigned dims, char out[8]);

#endif
