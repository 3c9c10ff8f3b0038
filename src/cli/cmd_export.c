/*
 * export: the analysed graph with every node and edge attribute, in one of the formats of
 * out/export (pn_export_format_names), to -o or standard output (csv: -o DIR).
 */
#include <string.h>

#include "cli/cli_int.h"
#include "out/export.h"

/* "missing --to graphml|gml|dot|json", the list read from out/export's table */
static int missing_to(void)
{
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    for (size_t i = 0; pn_export_format_names[i] != NULL; i++)
        pn_strbuf_appendf(&sb, "%s%s", i ? "|" : "", pn_export_format_names[i]);
    int st = pn_cli_usage_error("export: missing --to %s", pn_strbuf_str(&sb));
    pn_strbuf_destroy(&sb);
    return st;
}

int pn_cli_csv_sep(struct options *o, const char *arg)
{
    char c = strcmp(arg, "tab") == 0 ? '\t' : strlen(arg) == 1 ? arg[0] : 0;
    if (c != ',' && c != ';' && c != '\t' && c != '|')
        return pn_cli_usage_error("invalid separator '%s' for --csv-sep; expected , ; | or tab",
                                  arg);
    o->export_opts.csv_sep = c;
    return PN_OK;
}

int pn_cli_export(struct options *o)
{
    if (o->export_to == NULL)
        return missing_to();
    struct pn_export_options eo = o->export_opts;
    if (eo.decimal_comma && eo.csv_sep == ',')
        return pn_cli_usage_error("--decimal-comma needs a separator other than ','");
    if (eo.csv_sep == 0)
        eo.csv_sep = eo.decimal_comma ? ';' : ',';
    if (strcmp(o->export_to, "csv") == 0 && (o->output == NULL || strcmp(o->output, "-") == 0))
        return pn_cli_usage_error("export --to csv writes a directory of sheets; give -o DIR");
    struct run r;
    pn_cli_run_begin(&r);
    int st = pn_cli_run_analyse(o, &r);
    if (st == PN_OK)
        st = pn_export_write(r.g, &r.mx, o->export_to, &eo, o->output ? o->output : "-", &r.d);
    return pn_cli_run_end(&r, st);
}
