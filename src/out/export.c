/*
 * export: the analysed graph for other tools, one writer per row of
 * PN_EXPORT_FORMATS: GraphML, GEXF, GML and CSV from out's text writers (export_int.h),
 * DOT from cgraph (map room), node-link JSON from the report. Must not print. Every file is written atomically through outfile.
 */
#include "out/export.h"

#include <string.h>

#include "base/outfile.h"
#include "base/strbuf.h"
#include "map/render.h"
#include "out/export_int.h"
#include "out/report.h"

/* DOT through cgraph: the render room draws the view with the metrics. */
static enum pn_status export_dot(const struct pn_graph *g, const struct pn_metrics *mx,
                                 const struct pn_export_options *eo, const char *path,
                                 struct pn_diag *d)
{
    (void)eo;
    return pn_render_export_dot(pn_graph_model(g), pn_graph_view(g), mx, path, d);
}

/* Node-link JSON: the report builds the text, written in one go. */
static enum pn_status export_json(const struct pn_graph *g, const struct pn_metrics *mx,
                                  const struct pn_export_options *eo, const char *path,
                                  struct pn_diag *d)
{
    (void)eo;
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    pn_report_export_json(&sb, pn_graph_model(g), pn_graph_view(g), mx);
    enum pn_status st = pn_outfile_write_all(path, pn_strbuf_str(&sb), sb.len, d);
    pn_strbuf_destroy(&sb);
    return st;
}

typedef enum pn_status (*export_writer)(const struct pn_graph *g, const struct pn_metrics *mx,
                                        const struct pn_export_options *eo, const char *path,
                                        struct pn_diag *d);

#define PN_EXPORT_WRITER(id, name, writer) [PN_EXPORT_##id] = writer,
static const export_writer writers[PN_EXPORT_N] = {PN_EXPORT_FORMATS(PN_EXPORT_WRITER)};
#undef PN_EXPORT_WRITER

const char *const pn_export_format_names[PN_EXPORT_N + 1] = {
    PN_EXPORT_FORMATS(PN_VOCAB_NAME) NULL};

enum pn_status pn_export_write(const struct pn_graph *g, const struct pn_metrics *mx,
                               const char *format, const struct pn_export_options *eo,
                               const char *path, struct pn_diag *d)
{
    static const struct pn_export_options plain = {.csv_sep = ',', .decimal_comma = false};
    for (int k = 0; k < PN_EXPORT_N; k++)
        if (strcmp(format, pn_export_format_names[k]) == 0)
            return writers[k](g, mx, eo != NULL ? eo : &plain, path, d);
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    for (int k = 0; k < PN_EXPORT_N; k++)
        pn_strbuf_appendf(&sb, "%s%s", k ? ", " : "", pn_export_format_names[k]);
    pn_diag_error(d, NULL, "unknown export format '%s'; expected one of %s", format,
                  pn_strbuf_str(&sb));
    pn_strbuf_destroy(&sb);
    return PN_EUSAGE;
}
