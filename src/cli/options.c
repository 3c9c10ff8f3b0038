/*
 * options: the options table, the parser and the help text of every command. Each row of
 * optdefs names its option group and the handler that applies it; the value lists of the
 * help and of the error messages come from the vocabulary arrays of the other rooms.
 * Prints only usage errors and --help; runs nothing.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/seed.h"
#include "base/table.h"
#include "cli/cli_int.h"
#include "out/export.h"
#include "out/raster.h"

/* Long options, shared by every command; each command accepts a subset. */
enum {
    O_AT = 256, O_THEME, O_FOCUS, O_RADIUS, O_PROJECTION, O_PROJ_WEIGHT, O_DIRECTED, O_SEED,
    O_ALGORITHM, O_RESOLUTION, O_RUNS, O_BCUTOFF, O_FORMAT, O_TOP, O_SORT, O_LAYOUT, O_COLOR_BY,
    O_SIZE_BY, O_LABELS, O_TITLE, O_SUBTITLE, O_STYLE, O_FONT, O_SIZE, O_ASPECT, O_VIEW, O_TO,
    O_YEARS, O_SINCE_YEAR, O_LINKS, O_COMPARE, O_POSITIONS, O_SAVE_POSITIONS, O_RELAYOUT,
    O_REMOVE, O_RANK_REMOVALS, O_REMOVAL_SAMPLE, O_EVO_YEARS, O_STEP, O_METRIC, O_CHART, O_RANKS,
    O_HELP, O_QUIET, O_BSAMPLE, O_PRIORITIES, O_CHART_SIZE, O_LABELS_BY, O_FONT_SIZE,
    O_EDGE_LABELS, O_BACKBONE, O_CSV_SEP, O_DECIMAL_COMMA, O_LIST_SEP, O_JOBS, O_APPROX, O_EXACT,
    O_EPSILON, O_DELTA
};

/* Applies option c (spelt --name) with its value arg; PN_OK or PN_EUSAGE (printed). */
typedef int (*apply_fn)(struct options *o, int c, const char *arg, const char *name);

static int apply_output(struct options *o, int c, const char *arg, const char *name);
static int apply_filter(struct options *o, int c, const char *arg, const char *name);
static int apply_analysis(struct options *o, int c, const char *arg, const char *name);
static int apply_approx(struct options *o, int c, const char *arg);
static int apply_map_labels(struct options *o, int c, const char *arg, const char *name);
static int apply_table(struct options *o, int c, const char *arg, const char *name);
static int apply_map_look(struct options *o, int c, const char *arg, const char *name);
static int apply_map_scope(struct options *o, int c, const char *arg, const char *name);
static int apply_scenario(struct options *o, int c, const char *arg, const char *name);

struct optdef {
    struct option lo;
    unsigned group; /* 0: every command */
    apply_fn apply; /* NULL: --help */
};

static const struct optdef optdefs[] = {
    {{"at", required_argument, NULL, O_AT}, OPT_FILTER, apply_filter},
    {{"theme", required_argument, NULL, O_THEME}, OPT_FILTER, apply_filter},
    {{"focus", required_argument, NULL, O_FOCUS}, OPT_FILTER, apply_filter},
    {{"radius", required_argument, NULL, O_RADIUS}, OPT_FILTER, apply_filter},
    {{"projection", required_argument, NULL, O_PROJECTION}, OPT_FILTER, apply_filter},
    {{"projection-weight", required_argument, NULL, O_PROJ_WEIGHT}, OPT_FILTER, apply_filter},
    {{"directed", no_argument, NULL, O_DIRECTED}, OPT_FILTER, apply_filter},
    {{"seed", required_argument, NULL, O_SEED}, OPT_ANALYSE, apply_analysis},
    {{"algorithm", required_argument, NULL, O_ALGORITHM}, OPT_ANALYSE, apply_analysis},
    {{"resolution", required_argument, NULL, O_RESOLUTION}, OPT_ANALYSE, apply_analysis},
    {{"runs", required_argument, NULL, O_RUNS}, OPT_ANALYSE, apply_analysis},
    {{"betweenness-cutoff", required_argument, NULL, O_BCUTOFF}, OPT_ANALYSE, apply_analysis},
    {{"betweenness-sample", required_argument, NULL, O_BSAMPLE}, OPT_ANALYSE, apply_analysis},
    {{"jobs", required_argument, NULL, O_JOBS}, OPT_ANALYSE, apply_analysis},
    {{"approx", no_argument, NULL, O_APPROX}, OPT_ANALYSE, apply_analysis},
    {{"exact", no_argument, NULL, O_EXACT}, OPT_ANALYSE, apply_analysis},
    {{"epsilon", required_argument, NULL, O_EPSILON}, OPT_ANALYSE, apply_analysis},
    {{"delta", required_argument, NULL, O_DELTA}, OPT_ANALYSE, apply_analysis},
    {{"format", required_argument, NULL, O_FORMAT}, OPT_TABLE | OPT_MAP | OPT_SCEN | OPT_PORTFOLIO,
     apply_table},
    {{"top", required_argument, NULL, O_TOP}, OPT_TABLE | OPT_SCEN, apply_table},
    {{"sort", required_argument, NULL, O_SORT}, OPT_TABLE, apply_table},
    {{"layout", required_argument, NULL, O_LAYOUT}, OPT_MAP, apply_map_look},
    {{"color-by", required_argument, NULL, O_COLOR_BY}, OPT_MAP, apply_map_look},
    {{"colour-by", required_argument, NULL, O_COLOR_BY}, OPT_MAP, apply_map_look},
    {{"size-by", required_argument, NULL, O_SIZE_BY}, OPT_MAP, apply_map_look},
    {{"labels", required_argument, NULL, O_LABELS}, OPT_MAP, apply_map_look},
    {{"labels-by", required_argument, NULL, O_LABELS_BY}, OPT_MAP, apply_map_labels},
    {{"font-size", required_argument, NULL, O_FONT_SIZE}, OPT_MAP, apply_map_labels},
    {{"edge-labels", no_argument, NULL, O_EDGE_LABELS}, OPT_MAP, apply_map_labels},
    {{"backbone", required_argument, NULL, O_BACKBONE}, OPT_MAP, apply_map_labels},
    {{"title", required_argument, NULL, O_TITLE}, OPT_MAP, apply_map_scope},
    {{"subtitle", required_argument, NULL, O_SUBTITLE}, OPT_MAP, apply_map_scope},
    {{"style", required_argument, NULL, O_STYLE}, OPT_MAP, apply_map_look},
    {{"font", required_argument, NULL, O_FONT}, OPT_MAP, apply_map_look},
    {{"size", required_argument, NULL, O_SIZE}, OPT_MAP, apply_map_look},
    {{"aspect", required_argument, NULL, O_ASPECT}, OPT_MAP, apply_map_look},
    {{"view", required_argument, NULL, O_VIEW}, OPT_MAP, apply_map_scope},
    {{"years", required_argument, NULL, O_YEARS}, OPT_MAP, apply_map_scope},
    {{"since-year", required_argument, NULL, O_SINCE_YEAR}, OPT_MAP, apply_map_scope},
    {{"links", no_argument, NULL, O_LINKS}, OPT_MAP, apply_map_scope},
    {{"compare", required_argument, NULL, O_COMPARE}, OPT_MAP, apply_map_scope},
    {{"positions", required_argument, NULL, O_POSITIONS}, OPT_MAP, apply_map_scope},
    {{"save-positions", required_argument, NULL, O_SAVE_POSITIONS}, OPT_MAP, apply_map_scope},
    {{"relayout", no_argument, NULL, O_RELAYOUT}, OPT_MAP, apply_map_scope},
    {{"to", required_argument, NULL, O_TO}, OPT_EXPORT, apply_output},
    {{"csv-sep", required_argument, NULL, O_CSV_SEP}, OPT_EXPORT | OPT_IMPORT, apply_output},
    {{"decimal-comma", no_argument, NULL, O_DECIMAL_COMMA}, OPT_EXPORT, apply_output},
    {{"list-sep", required_argument, NULL, O_LIST_SEP}, OPT_IMPORT, apply_output},
    {{"remove", required_argument, NULL, O_REMOVE}, OPT_WHATIF, apply_scenario},
    {{"rank-removals", no_argument, NULL, O_RANK_REMOVALS}, OPT_WHATIF, apply_scenario},
    {{"removal-sample", required_argument, NULL, O_REMOVAL_SAMPLE}, OPT_WHATIF, apply_scenario},
    {{"years", required_argument, NULL, O_EVO_YEARS}, OPT_EVOLUTION, apply_scenario},
    {{"step", required_argument, NULL, O_STEP}, OPT_EVOLUTION, apply_scenario},
    {{"metric", required_argument, NULL, O_METRIC}, OPT_EVOLUTION, apply_scenario},
    {{"chart", required_argument, NULL, O_CHART}, OPT_EVOLUTION | OPT_PORTFOLIO, apply_scenario},
    {{"ranks", required_argument, NULL, O_RANKS}, OPT_EVOLUTION, apply_scenario},
    /* portfolio (issue 14): --at and --focus without the ego network, --priorities */
    {{"at", required_argument, NULL, O_AT}, OPT_PORTFOLIO, apply_filter},
    {{"focus", required_argument, NULL, O_FOCUS}, OPT_PORTFOLIO, apply_filter},
    {{"priorities", required_argument, NULL, O_PRIORITIES}, OPT_PORTFOLIO, apply_scenario},
    {{"chart-size", required_argument, NULL, O_CHART_SIZE}, OPT_PORTFOLIO, apply_scenario},
    {{"output", required_argument, NULL, 'o'}, OPT_OUTPUT, apply_output},
    {{"quiet", no_argument, NULL, O_QUIET}, 0, apply_output},
    {{"help", no_argument, NULL, O_HELP}, 0, NULL},
};
#define N_OPTDEFS (sizeof optdefs / sizeof optdefs[0])

/* ---- values ------------------------------------------------------------- */

int pn_cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("partnet: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\npartnet: try 'partnet --help'\n", stderr);
    va_end(ap);
    return PN_EUSAGE;
}

static bool parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

static bool parse_double(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno != 0 || end == s || *end != '\0' || !isfinite(v))
        return false;
    *out = v;
    return true;
}

/* Index of word in a NULL-terminated list, or -1 (with a "did you mean" hint printed). */
static int pick(const char *option, const char *word, const char *const *list)
{
    size_t n = 0;
    for (; list[n] != NULL; n++)
        if (strcmp(list[n], word) == 0)
            return (int)n;
    const char *near = pn_closest(word, list, n);
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    for (size_t i = 0; i < n; i++)
        pn_strbuf_appendf(&sb, "%s%s", i ? ", " : "", list[i]);
    if (near != NULL)
        pn_cli_usage_error("invalid value '%s' for --%s (did you mean '%s'?); expected one of: %s",
                           word, option, near, pn_strbuf_str(&sb));
    else
        pn_cli_usage_error("invalid value '%s' for --%s; expected one of: %s", word, option,
                           pn_strbuf_str(&sb));
    pn_strbuf_destroy(&sb);
    return -1;
}

static int metric_arg(const char *option, const char *word, int *out)
{
    const char *names[PN_M_COUNT + 1];
    for (int m = 0; m < PN_M_COUNT; m++)
        names[m] = pn_metric_info[m].name;
    names[PN_M_COUNT] = NULL;
    int m = pick(option, word, names);
    if (m < 0)
        return PN_EUSAGE;
    *out = m;
    return PN_OK;
}

/* "WIDTHxHEIGHT" (sep 'x') or "W:H" (sep ':'), each a whole number 1..100000. */
static int parse_size(const char *arg, char sep, double *w, double *h)
{
    const char *x = strchr(arg, sep);
    if (x == NULL)
        return -1;
    char *left = pn_xstrndup(arg, (size_t)(x - arg));
    long a, b;
    bool ok = parse_long(left, 1, 100000, &a) && parse_long(x + 1, 1, 100000, &b);
    free(left);
    if (!ok)
        return -1;
    *w = (double)a;
    *h = (double)b;
    return 0;
}

/* evolution --years FROM..TO */
static bool parse_year_range(const char *arg, int *from, int *to)
{
    const char *dots = strstr(arg, "..");
    char *first = dots ? pn_xstrndup(arg, (size_t)(dots - arg)) : NULL;
    long a = 0, b = 0;
    bool ok = dots && parse_long(first, 1000, 2200, &a) && parse_long(dots + 2, 1000, 2200, &b) &&
              a <= b;
    free(first);
    *from = (int)a;
    *to = (int)b;
    return ok;
}

/* ---- one handler per option group ------------------------------------- */

/* -o, --to, --quiet */
static int apply_output(struct options *o, int c, const char *arg, const char *name)
{
    int k;
    switch (c) {
    case 'o':
        o->output = arg;
        return PN_OK;
    case O_TO:
        if ((k = pick(name, arg, pn_export_format_names)) < 0)
            return PN_EUSAGE;
        o->export_to = pn_export_format_names[k];
        return PN_OK;
    case O_QUIET:
        o->quiet = true;
        return PN_OK;
    case O_CSV_SEP:
        return pn_cli_csv_sep(o, arg);
    case O_DECIMAL_COMMA:
        o->export_opts.decimal_comma = true;
        return PN_OK;
    case O_LIST_SEP:
        return pn_cli_list_sep(o, arg);
    }
    return pn_cli_usage_error("internal: unhandled option");
}

/* Network selection: which part of the network the graph holds. */
static int apply_filter(struct options *o, int c, const char *arg, const char *name)
{
    long v;
    int k;
    switch (c) {
    case O_AT:
        if (!parse_long(arg, 1000, 2200, &v))
            return pn_cli_usage_error(
                "invalid year '%s' for --at; expected a year from 1000 to 2200", arg);
        o->graph.at_year = (int)v;
        return PN_OK;
    case O_THEME:
        if (o->graph.n_themes >= MAX_THEMES)
            return pn_cli_usage_error("too many --theme options (at most %d)", MAX_THEMES);
        o->themes[o->graph.n_themes++] = arg;
        return PN_OK;
    case O_FOCUS:
        o->graph.focus = arg;
        return PN_OK;
    case O_RADIUS:
        if (!parse_long(arg, 1, 100, &v))
            return pn_cli_usage_error(
                "invalid radius '%s'; expected a whole number from 1 to 100", arg);
        o->graph.radius = (int)v;
        return PN_OK;
    case O_PROJECTION:
        if ((k = pick(name, arg, pn_projection_names)) < 0)
            return PN_EUSAGE;
        o->graph.projection = (enum pn_projection)k;
        return PN_OK;
    case O_PROJ_WEIGHT:
        if ((k = pick(name, arg, pn_proj_weight_names)) < 0)
            return PN_EUSAGE;
        o->graph.proj_weight = (enum pn_proj_weight)k;
        return PN_OK;
    case O_DIRECTED:
        o->graph.directed = true;
        o->analysis.directed = true;
        return PN_OK;
    }
    return pn_cli_usage_error("internal: unhandled option");
}

/* Analysis: seed, community detection, betweenness estimates. */
static int apply_analysis(struct options *o, int c, const char *arg, const char *name)
{
    long v;
    int k;
    double x;
    switch (c) {
    case O_SEED:
        if (!parse_long(arg, 0, LONG_MAX, &v))
            return pn_cli_usage_error("invalid seed '%s'; expected a non-negative whole number",
                                      arg);
        o->analysis.seed = (unsigned long)v;
        o->render.seed = (unsigned long)v;
        return PN_OK;
    case O_ALGORITHM:
        if ((k = pick(name, arg, pn_community_algo_names)) < 0)
            return PN_EUSAGE;
        o->analysis.algo = (enum pn_community_algo)k;
        return PN_OK;
    case O_RESOLUTION:
        if (!parse_double(arg, &x) || x <= 0)
            return pn_cli_usage_error("invalid resolution '%s'; expected a number > 0", arg);
        o->analysis.resolution = x;
        /* issue 2: "Leiden with --resolution" when no algorithm was named */
        if (o->analysis.algo == PN_COMM_LOUVAIN)
            o->analysis.algo = PN_COMM_LEIDEN;
        return PN_OK;
    case O_RUNS:
        if (!parse_long(arg, 1, 10000, &v))
            return pn_cli_usage_error(
                "invalid runs '%s'; expected a whole number from 1 to 10000", arg);
        o->analysis.runs = (int)v;
        return PN_OK;
    case O_BSAMPLE:
        if (!parse_long(arg, 1, LONG_MAX, &v))
            return pn_cli_usage_error(
                "invalid sample '%s'; expected a number of sources >= 1", arg);
        o->analysis.betweenness_sample = (size_t)v;
        return PN_OK;
    case O_JOBS:
        if (!parse_long(arg, 1, 1024, &v))
            return pn_cli_usage_error(
                "invalid jobs '%s'; expected a number of threads from 1 to 1024", arg);
        o->analysis.jobs = (int)v;
        return PN_OK;
    case O_BCUTOFF:
        if (!parse_double(arg, &x) || x <= 0)
            return pn_cli_usage_error("invalid cutoff '%s'; expected a path length > 0", arg);
        o->analysis.betweenness_cutoff = x;
        return PN_OK;
    }
    return apply_approx(o, c, arg);
}

/* --approx, --exact, --epsilon, --delta (issue 12: estimates with a stated error). */
static int apply_approx(struct options *o, int c, const char *arg)
{
    double x;
    switch (c) {
    case O_APPROX:
    case O_EXACT:
        o->analysis.approx = c == O_APPROX ? PN_APPROX_ON : PN_APPROX_EXACT;
        return PN_OK;
    case O_EPSILON:
        if (!parse_double(arg, &x) || !(x > 0) || !(x < 1))
            return pn_cli_usage_error("invalid epsilon '%s'; expected a number between 0 and 1",
                                      arg);
        o->analysis.epsilon = x;
        return PN_OK;
    case O_DELTA:
        if (!parse_double(arg, &x) || !(x > 0) || !(x < 1))
            return pn_cli_usage_error("invalid delta '%s'; expected a number between 0 and 1",
                                      arg);
        o->analysis.delta = x;
        return PN_OK;
    }
    return pn_cli_usage_error("internal: unhandled option");
}

/* Tables and formats: --format (a table's or a map's), --top, --sort. */
static int apply_table(struct options *o, int c, const char *arg, const char *name)
{
    long v;
    int k;
    switch (c) {
    case O_FORMAT:
        if (o->groups & (OPT_TABLE | OPT_SCEN | OPT_PORTFOLIO)) {
            if ((k = pick(name, arg, pn_format_names)) < 0)
                return PN_EUSAGE;
            o->report.format = (enum pn_format)k;
            return PN_OK;
        }
        if ((k = pick(name, arg, pn_map_format_names)) < 0)
            return PN_EUSAGE;
        o->map_format = pn_map_format_names[k];
        return PN_OK;
    case O_TOP:
        if (!parse_long(arg, 1, LONG_MAX, &v))
            return pn_cli_usage_error("invalid --top '%s'; expected a whole number >= 1", arg);
        o->report.top = v;
        return PN_OK;
    case O_SORT:
        if (strcmp(arg, "id") == 0) {
            o->report.sort = -1;
            return PN_OK;
        }
        return metric_arg(name, arg, &o->report.sort);
    }
    return pn_cli_usage_error("internal: unhandled option");
}

/* Map, how it looks: layout, colours, sizes, labels, style, font, canvas. */
static int apply_map_look(struct options *o, int c, const char *arg, const char *name)
{
    long v;
    int k;
    double w, h;
    switch (c) {
    case O_LAYOUT:
        if ((k = pick(name, arg, pn_render_layouts)) < 0)
            return PN_EUSAGE;
        o->render.layout = pn_render_layouts[k];
        return PN_OK;
    case O_COLOR_BY: /* also spelt --colour-by: the message names one spelling */
        if ((k = pick("color-by", arg, pn_color_by_names)) < 0)
            return PN_EUSAGE;
        o->render.color_by = (enum pn_color_by)k;
        return PN_OK;
    case O_SIZE_BY:
        if (strcmp(arg, "none") == 0) {
            o->render.size_by = -1;
            return PN_OK;
        }
        return metric_arg(name, arg, &o->render.size_by);
    case O_LABELS:
        if (strcmp(arg, "auto") == 0)
            o->render.labels_top = PN_LABELS_AUTO;
        else if (strcmp(arg, "all") == 0)
            o->render.labels_top = PN_LABELS_ALL;
        else if (strcmp(arg, "none") == 0)
            o->render.labels_top = 0;
        else if (strncmp(arg, "top:", 4) == 0 && parse_long(arg + 4, 1, LONG_MAX, &v))
            o->render.labels_top = v;
        else
            return pn_cli_usage_error(
                "invalid value '%s' for --labels; expected auto, all, none or top:N", arg);
        return PN_OK;
    case O_STYLE:
        if ((k = pick(name, arg, pn_style_names)) < 0)
            return PN_EUSAGE;
        o->render.style = (enum pn_style)k;
        return PN_OK;
    case O_FONT:
        o->render.font = arg;
        return PN_OK;
    case O_SIZE:
        if (parse_size(arg, 'x', &o->render.width, &o->render.height) != 0)
            return pn_cli_usage_error("invalid size '%s'; expected WIDTHxHEIGHT in pixels, e.g. "
                                      "1920x1080",
                                      arg);
        return PN_OK;
    case O_ASPECT:
        if (parse_size(arg, ':', &w, &h) != 0)
            return pn_cli_usage_error("invalid aspect '%s'; expected W:H, e.g. 16:9", arg);
        o->render.width = 1920;
        o->render.height = 1920 * h / w;
        return PN_OK;
    }
    return pn_cli_usage_error("internal: unhandled option");
}

/* Map labels: which rank first, their size, tie labels along the lines; the backbone of a
 * large map (issue 9). */
static int apply_map_labels(struct options *o, int c, const char *arg, const char *name)
{
    double x;
    long v;
    switch (c) {
    case O_LABELS_BY:
        return metric_arg(name, arg, &o->render.labels_by);
    case O_FONT_SIZE:
        if (!parse_double(arg, &x) || x < 6 || x > 200)
            return pn_cli_usage_error("invalid font size '%s'; expected a number of pixels "
                                      "from 6 to 200, e.g. 18", arg);
        o->render.font_size = x;
        return PN_OK;
    case O_EDGE_LABELS:
        o->render.edge_labels = true;
        return PN_OK;
    case O_BACKBONE: /* issue 9: map/backbone.c */
        if (strcmp(arg, "all") == 0)
            o->render.backbone = 0;
        else if (parse_long(arg, 0, 1000000, &v))
            o->render.backbone = v;
        else
            return pn_cli_usage_error("invalid value '%s' for --backbone; expected a number of "
                                      "nodes or 'all', e.g. 150", arg);
        return PN_OK;
    }
    return pn_cli_usage_error("internal: unhandled option");
}

/* Map, what it shows: view, titles, panels by year, change maps, links. */
static int apply_map_scope(struct options *o, int c, const char *arg, const char *name)
{
    static int years[PN_RENDER_MAX_YEARS]; /* lives as long as the options */
    long v;
    int k;
    switch (c) {
    case O_TITLE:
        o->render.title = arg;
        return PN_OK;
    case O_SUBTITLE:
        o->render.subtitle = arg;
        return PN_OK;
    case O_VIEW:
        if ((k = pick(name, arg, pn_map_view_names)) < 0)
            return PN_EUSAGE;
        o->render.view = (enum pn_map_view)k;
        return PN_OK;
    case O_YEARS:
        if (!pn_render_parse_years(arg, years, &o->render.n_years))
            return pn_cli_usage_error("invalid years '%s'; expected up to %d increasing years "
                                      "separated by commas, e.g. 2010,2015,2020",
                                      arg, PN_RENDER_MAX_YEARS);
        o->render.years = years;
        return PN_OK;
    case O_SINCE_YEAR:
        if (!parse_long(arg, 1000, 9999, &v))
            return pn_cli_usage_error(
                "invalid year '%s' for --since-year; expected 1000 to 9999", arg);
        o->render.change_from = (int)v;
        return PN_OK;
    case O_LINKS:
        o->render.links = true;
        return PN_OK;
    case O_COMPARE:
        o->render.compare_old = arg;
        return PN_OK;
    case O_POSITIONS:
        o->positions = arg;
        return PN_OK;
    case O_SAVE_POSITIONS:
        o->save_positions = arg;
        return PN_OK;
    case O_RELAYOUT:
        o->relayout = true;
        return PN_OK;
    }
    return pn_cli_usage_error("internal: unhandled option");
}

/* Scenario commands: whatif's removals, evolution's years, metric and files. */
static int apply_scenario(struct options *o, int c, const char *arg, const char *name)
{
    long v;
    int k;
    switch (c) {
    case O_REMOVE:
        if (o->n_remove_args >= MAX_REMOVE)
            return pn_cli_usage_error("too many --remove options (at most %d)", MAX_REMOVE);
        o->remove_args[o->n_remove_args++] = arg;
        return PN_OK;
    case O_RANK_REMOVALS:
        o->rank_removals = true;
        return PN_OK;
    case O_REMOVAL_SAMPLE:
        if (strcmp(arg, "exact") == 0)
            v = -1;
        else if (!parse_long(arg, 1, LONG_MAX, &v))
            return pn_cli_usage_error("invalid removal sample '%s'; expected a number of "
                                      "sources (>= 1) or 'exact'",
                                      arg);
        o->removal_sample = v;
        return PN_OK;
    case O_EVO_YEARS:
        if (!parse_year_range(arg, &o->evolution.from, &o->evolution.to))
            return pn_cli_usage_error("invalid years '%s'; expected FROM..TO with 1000 <= FROM "
                                      "<= TO <= 2200, e.g. 2005..2025",
                                      arg);
        o->have_years = true;
        return PN_OK;
    case O_STEP:
        if (!parse_long(arg, 1, 1000, &v))
            return pn_cli_usage_error(
                "invalid step '%s'; expected a whole number from 1 to 1000", arg);
        o->evolution.step = (int)v;
        return PN_OK;
    case O_METRIC:
        if (metric_arg(name, arg, &k) != PN_OK)
            return PN_EUSAGE;
        if (k == PN_M_COMMUNITY)
            return pn_cli_usage_error("invalid value 'community' for --metric: community ids "
                                      "are not ranks");
        o->evolution.metric = k;
        return PN_OK;
    case O_CHART:
        o->chart = arg;
        return PN_OK;
    case O_RANKS:
        o->ranks = arg;
        return PN_OK;
    case O_PRIORITIES:
        o->priorities = arg;
        return PN_OK;
    case O_CHART_SIZE: {
        static const char *const sizes[] = {"years", "fit", NULL}; /* enum pn_chart_size */
        if ((k = pick(name, arg, sizes)) < 0)
            return PN_EUSAGE;
        o->chart_size = k;
        return PN_OK;
    }
    }
    return pn_cli_usage_error("internal: unhandled option");
}

/* ---- parser --------------------------------------------------------------- */

void pn_cli_options_init(struct options *o, const struct command *cmd)
{
    memset(o, 0, sizeof *o);
    o->command = cmd->name;
    o->groups = cmd->groups;
    o->graph.at_year = PN_YEAR_UNSET;
    /* issue 10: a year's view leaves out undated entities nothing active reaches; what-if
     * keeps them (the ones a removal cuts off are counted, not hidden) */
    o->graph.year_rule = strcmp(cmd->name, "whatif") != 0;
    o->graph.projection = PN_PROJ_NONE;
    o->graph.proj_weight = PN_PROJW_COUNT;
    pn_analysis_options_default(&o->analysis);
    pn_render_options_default(&o->render);
    o->render.rasterize = pn_raster_map_to_stream; /* PNG and PDF of maps: their SVG */
    o->analysis.seed = PN_SEED_DEFAULT;
    o->render.seed = PN_SEED_DEFAULT;
    o->report.format = PN_FMT_TABLE;
    o->report.top = 0;
    o->report.sort = -2; /* not given: chosen by format in pn_cli_options_parse */
    o->evolution.step = 1;
    o->evolution.metric = PN_M_PAGERANK;
}

/* The rows of optdefs cmd accepts, as getopt_long's table (NUL row last); returns the
 * count. rows[i] is the optdef of longopts[i]. */
static size_t command_options(const struct command *cmd, struct option *longopts,
                              const struct optdef **rows)
{
    size_t n = 0;
    for (size_t i = 0; i < N_OPTDEFS; i++)
        if (optdefs[i].group == 0 || (optdefs[i].group & cmd->groups)) {
            rows[n] = &optdefs[i];
            longopts[n++] = optdefs[i].lo;
        }
    memset(&longopts[n], 0, sizeof longopts[n]);
    return n;
}

/* After the options: the PATHs and the checks that need every option. */
static int check_paths(const struct command *cmd, int argc, char **argv, struct options *o)
{
    o->paths = argv + optind;
    o->n_paths = (size_t)(argc - optind);
    if (o->n_paths == 0)
        return pn_cli_usage_error("%s: missing PATH (a YAML file, a directory, or -)",
                                  cmd->name);
    if (cmd->paths == PATHS_OLD_NEW && o->n_paths != 2)
        return pn_cli_usage_error("diff: takes two PATHs (OLD NEW), got %zu", o->n_paths);
    if (cmd->paths == PATHS_ONE && o->n_paths > 1)
        return pn_cli_usage_error("%s: takes one PATH, got %zu", cmd->name, o->n_paths);
    if (o->graph.radius != 0 && o->graph.focus == NULL)
        return pn_cli_usage_error("%s: --radius needs --focus", cmd->name);
    if (o->graph.focus != NULL && o->graph.radius == 0 && !cmd->focus_is_reach)
        o->graph.radius = 1;
    o->graph.themes = o->themes;
    if (o->report.sort == -2)
        o->report.sort = o->report.format == PN_FMT_TABLE ? PN_M_BETWEENNESS : -1;
    return PN_OK;
}

/* "unknown option '--fromat'" with the command's closest long option (issue 11). */
static int unknown_option(const char *cmd, const char *bad, const struct option *longopts,
                          size_t n)
{
    const char *names[N_OPTDEFS];
    for (size_t i = 0; i < n; i++)
        names[i] = longopts[i].name;
    char *word = strncmp(bad, "--", 2) == 0 ? pn_xstrndup(bad + 2, strcspn(bad + 2, "=")) : NULL;
    const char *near = word != NULL ? pn_closest(word, names, n) : NULL;
    free(word);
    if (near != NULL)
        return pn_cli_usage_error("%s: unknown option '%s' (did you mean '--%s'?)", cmd, bad,
                                  near);
    return pn_cli_usage_error("%s: unknown option '%s'", cmd, bad);
}

int pn_cli_options_parse(const struct command *cmd, int argc, char **argv, struct options *o)
{
    struct option longopts[N_OPTDEFS + 1];
    const struct optdef *rows[N_OPTDEFS];
    size_t n = command_options(cmd, longopts, rows);
    const char *shortopts = (cmd->groups & OPT_OUTPUT) ? ":ho:" : ":h";

    optind = 1;
    opterr = 0;
    int c, idx;
    while ((c = getopt_long(argc, argv, shortopts, longopts, &idx)) != -1) {
        const char *bad = argv[optind - 1];
        if (c == '?') {
            if (optopt != 0)
                return pn_cli_usage_error("%s: unknown option '-%c'", cmd->name, optopt);
            return unknown_option(cmd->name, bad, longopts, n);
        }
        if (c == ':')
            return pn_cli_usage_error("%s: option '%s' needs a value", cmd->name, bad);
        if (c == 'h' || c == O_HELP) {
            pn_cli_command_help(cmd, stdout);
            return -1;
        }
        const struct optdef *row = NULL;
        for (size_t i = 0; i < n && row == NULL; i++)
            if (longopts[i].val == c)
                row = rows[i];
        int st = row->apply(o, c, optarg, row->lo.name);
        if (st != PN_OK)
            return st;
    }
    return check_paths(cmd, argc, argv, o);
}

/* ---- help ------------------------------------------------------------------- */

/* Options and value lists wrap before this column (the --algorithm line fills it). */
#define HELP_WIDTH 88
/* Where the text of an option line starts. */
#define HELP_TEXT_COL 27

/* "      OPTION" padded to the text column (at least two spaces); returns the column. */
static int help_option(FILE *out, const char *opt)
{
    int col = fprintf(out, "      %s", opt);
    int pad = col + 2 > HELP_TEXT_COL ? 2 : HELP_TEXT_COL - col;
    return col + fprintf(out, "%*s", pad, "");
}

/* An option line whose text is a vocabulary, "a | b | c", wrapped at HELP_WIDTH, then tail
 * (or NULL). */
static void help_choices(FILE *out, const char *opt, const char *const *names, const char *tail)
{
    int col = help_option(out, opt);
    for (size_t i = 0; names[i] != NULL; i++) {
        bool last = names[i + 1] == NULL;
        int width = (int)strlen(names[i]) + (last ? 0 : 2);
        if (i > 0 && col + 1 + width > HELP_WIDTH)
            col = fprintf(out, "\n%*s", HELP_TEXT_COL, "") - 1;
        else if (i > 0)
            col += fprintf(out, " ");
        col += fprintf(out, "%s%s", names[i], last ? "" : " |");
    }
    fprintf(out, "%s%s\n", tail ? " " : "", tail ? tail : "");
}

static void help_filter(FILE *out)
{
    fputs("Network selection:\n"
          "      --at YEAR            keep what is active in YEAR (since/until)\n"
          "      --theme T            keep ties and groups tagged with theme T (repeatable)\n"
          "      --focus ID           ego network around entity ID\n"
          "      --radius K           ego network radius in steps (default 1)\n",
          out);
    help_choices(out, "--projection P", pn_projection_names, "(default none)");
    help_choices(out, "--projection-weight W", pn_proj_weight_names, "(default count)");
    fputs("      --directed           analyse directed ties (from/to) as directed\n", out);
}

static void help_analysis(FILE *out)
{
    fprintf(out,
            "Analysis:\n"
            "      --seed N             seed of every random step (default %lu)\n",
            PN_SEED_DEFAULT);
    help_choices(out, "--algorithm A", pn_community_algo_names,
                 "(default louvain; leiden with --resolution)");
    fputs("      --resolution R       resolution of louvain/leiden (default 1)\n"
          "      --runs N             repeat community detection with N seeds, report stability\n"
          "      --betweenness-cutoff D  approximate betweenness: paths up to length D only\n"
          "      --betweenness-sample K  estimate betweenness from K random sources (seeded)\n"
          "      --jobs N             threads of the all-pairs metrics and of reading a\n"
          "                           directory's files (default: the cores available);\n"
          "                           same results whatever N\n",
          out);
    fprintf(out,
            "      --approx             estimate betweenness, harmonic and closeness with a\n"
            "                           stated error (default above %d nodes)\n"
            "      --exact              compute them exactly whatever the size\n"
            "      --epsilon E          the error asked for, a share of each metric's range\n"
            "                           (default %g)\n"
            "      --delta D            the chance that a stated error is exceeded (default %g)\n",
            PN_APPROX_ABOVE, PN_APPROX_EPSILON, PN_APPROX_DELTA);
}

/* The --layout list stays literal: pn_render_layouts lists geo before fr kk drl. */
static void help_map(FILE *out)
{
    fputs("Map:\n"
          "      --layout L           neato | fdp | sfdp | circo | twopi | dot | fr | kk | drl | geo\n",
          out);
    help_choices(out, "--color-by C", pn_color_by_names, "(default community)");
    fputs("      --size-by METRIC     node size by a metric (default pagerank), or 'none'\n"
          "      --labels L           auto | all | none | top:N (default auto: as many as\n"
          "                           fit, most important first)\n"
          "      --labels-by METRIC   rank labels by a metric (default: the size metric)\n"
          "      --font-size PX       smallest label size on 1920x1080 (default 16; up to\n"
          "                           1.6 times larger by importance)\n"
          "      --edge-labels        draw tie labels along their lines\n"
          "      --backbone K|all     full map: the K most central nodes and their ties\n"
          "                           (default: 150 above 400 nodes); all: every node\n"
          "      --title TEXT         map title (default: the network's title)\n"
          "      --subtitle TEXT      map subtitle (default: date, metric, sources)\n",
          out);
    help_choices(out, "--view V", pn_map_view_names, "(default full)");
    help_choices(out, "--style S", pn_style_names, "(default light)");
    fputs("      --font NAME          font family (default: a sans-serif stack)\n"
          "      --size WxH           canvas in pixels (default 1920x1080)\n"
          "      --aspect W:H         canvas aspect ratio, e.g. 16:9\n"
          "      --years Y1,Y2,...    small multiples: one panel per year, one shared layout\n"
          "      --since-year A       change map from year A to --at B (default: now)\n"
          "      --links              nodes link to their url\n"
          "      --compare OLD        change map from the older version OLD to PATH\n"
          "      --positions FILE     known nodes where FILE puts them (docs/maps.md)\n"
          "      --save-positions FILE  write the map's positions to FILE\n"
          "      --relayout           lay out afresh (report: ignore DIR/positions.csv)\n",
          out);
}

/* The options before "-h, --help": output, formats, the command's own. */
static void help_first_options(const struct command *c, FILE *out)
{
    if (c->groups & OPT_OUTPUT)
        fputs(c->output_help != NULL
                  ? c->output_help
                  : "  -o, --output FILE        output file (- for standard output, the default)\n",
              out);
    if (c->groups & OPT_TABLE) {
        help_choices(out, "--format F", pn_format_names, "(default table)");
        fputs("      --top N              only the N first rows\n"
              "      --sort METRIC        sort by a metric (table default betweenness;\n"
              "                           csv and json default id)\n",
              out);
    }
    if (c->groups & OPT_SCEN)
        help_choices(out, "--format F", pn_format_names, "(default table)");
    if (c->options_help != NULL)
        fputs(c->options_help, out);
    if (c->help_tail != NULL)
        c->help_tail(out);
    if (c->groups & OPT_EXPORT) {
        help_choices(out, "--to F", pn_export_format_names, NULL);
        fputs("      --csv-sep C          csv: the field separator: , ; | or tab (default ,)\n"
              "      --decimal-comma      csv: decimal commas, and ; as separator (French Excel)\n",
              out);
    }
    if (c->groups & OPT_MAP)
        help_choices(out, "--format F", pn_map_format_names, "(default: from the -o extension)");
}

void pn_cli_command_help(const struct command *c, FILE *out)
{
    fprintf(out, "Usage: %s\n%s\n\nOptions:\n", c->synopsis, c->summary);
    help_first_options(c, out);
    fputs("  -h, --help               show this help and exit\n"
          "      --quiet              no progress messages\n",
          out);
    void (*const sections[])(FILE *) = {help_filter, help_analysis, help_map};
    const unsigned section_group[] = {OPT_FILTER, OPT_ANALYSE, OPT_MAP};
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
        if (c->groups & section_group[i]) {
            fputs("\n", out);
            sections[i](out);
        }
    if (c->groups & (OPT_TABLE | OPT_MAP)) {
        fputs("\nMetrics: ", out);
        for (int m = 0; m < PN_M_COUNT; m++)
            fprintf(out, "%s%s", m ? ", " : "", pn_metric_info[m].name);
        fputs("\n", out);
    }
}
