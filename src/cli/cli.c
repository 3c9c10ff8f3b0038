/*
 * cli: `partnet COMMAND [options] PATH...`. Parses options into the option
 * structs of each room, runs the pipeline (load -> build -> analyse ->
 * render/report/export) and is the only room that prints diagnostics and
 * chooses exit codes (enum pn_status). Writes every file atomically.
 */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "net/analysis.h"
#include "base/diag.h"
#include "out/export.h"
#include "net/graph.h"
#include "net/layout_igraph.h"
#include "model/loader.h"
#include "model/model.h"
#include "base/outfile.h"
#include "map/render.h"
#include "out/report.h"
#include "net/scenario.h"
#include "net/diff.h"
#include "base/strbuf.h"

#ifndef PARTNET_VERSION
#define PARTNET_VERSION "0.0.0"
#endif

#define MAX_THEMES 64
/* report: removal damage of every node up to this size (one analysis per node) */
#define PN_REPORT_REMOVALS_MAX 400
/* Above this many nodes exact all-pairs metrics stop being quick (bench: 5,000 nodes
 * take about 14 s of CPU for the whole analysis, 10,000 about 76 s). */
#define PN_EXACT_BETWEENNESS_MAX 5000
#define MAX_REMOVE 1024 /* --remove options (each may list ids separated by commas) */

/* Which option groups a command accepts. */
enum {
    OPT_FILTER = 1 << 0,  /* --at --theme --focus --radius --projection --directed */
    OPT_ANALYSE = 1 << 1, /* --seed --algorithm --resolution --runs --betweenness-cutoff */
    OPT_TABLE = 1 << 2,   /* --format table|csv|json --top --sort */
    OPT_MAP = 1 << 3,     /* --layout --color-by --size-by --labels --title ... */
    OPT_OUTPUT = 1 << 4,  /* -o */
    OPT_EXPORT = 1 << 5,  /* --to */
    /* scenario commands (whatif, diff, evolution, themes) */
    OPT_SCEN = 1 << 12,      /* --format table|csv|json --top */
    OPT_WHATIF = 1 << 13,    /* --remove --rank-removals */
    OPT_EVOLUTION = 1 << 14  /* --years A..B --step --metric --chart --ranks */
};

struct options {
    const char *command;
    unsigned groups;
    const char *output;
    struct pn_graph_options graph;
    const char *themes[MAX_THEMES];
    struct pn_analysis_options analysis;
    struct pn_report_options report;
    struct pn_render_options render;
    const char *export_to;
    const char *map_format; /* render --format */
    bool quiet;
    char **paths;
    size_t n_paths;
    /* scenario commands */
    const char *remove_args[MAX_REMOVE];
    size_t n_remove_args;
    bool rank_removals;
    struct pn_evolution_options evolution;
    bool have_years;
    const char *chart; /* evolution --chart FILE.svg */
    const char *ranks; /* evolution --ranks FILE */
};

/* Long options, shared by every command; each command accepts a subset. */
enum {
    O_AT = 256, O_THEME, O_FOCUS, O_RADIUS, O_PROJECTION, O_PROJ_WEIGHT, O_DIRECTED, O_SEED,
    O_ALGORITHM, O_RESOLUTION, O_RUNS, O_BCUTOFF, O_FORMAT, O_TOP, O_SORT, O_LAYOUT, O_COLOR_BY,
    O_SIZE_BY, O_LABELS, O_TITLE, O_SUBTITLE, O_STYLE, O_FONT, O_SIZE, O_ASPECT, O_VIEW, O_TO,
    O_YEARS, O_SINCE_YEAR, O_LINKS, O_COMPARE,
    O_REMOVE, O_RANK_REMOVALS, O_EVO_YEARS, O_STEP, O_METRIC, O_CHART, O_RANKS,
    O_HELP, O_QUIET, O_BSAMPLE
};

struct optdef {
    struct option lo;
    unsigned group; /* 0: every command */
};

static const struct optdef optdefs[] = {
    {{"at", required_argument, NULL, O_AT}, OPT_FILTER},
    {{"theme", required_argument, NULL, O_THEME}, OPT_FILTER},
    {{"focus", required_argument, NULL, O_FOCUS}, OPT_FILTER},
    {{"radius", required_argument, NULL, O_RADIUS}, OPT_FILTER},
    {{"projection", required_argument, NULL, O_PROJECTION}, OPT_FILTER},
    {{"projection-weight", required_argument, NULL, O_PROJ_WEIGHT}, OPT_FILTER},
    {{"directed", no_argument, NULL, O_DIRECTED}, OPT_FILTER},
    {{"seed", required_argument, NULL, O_SEED}, OPT_ANALYSE},
    {{"algorithm", required_argument, NULL, O_ALGORITHM}, OPT_ANALYSE},
    {{"resolution", required_argument, NULL, O_RESOLUTION}, OPT_ANALYSE},
    {{"runs", required_argument, NULL, O_RUNS}, OPT_ANALYSE},
    {{"betweenness-cutoff", required_argument, NULL, O_BCUTOFF}, OPT_ANALYSE},
    {{"betweenness-sample", required_argument, NULL, O_BSAMPLE}, OPT_ANALYSE},
    {{"format", required_argument, NULL, O_FORMAT}, OPT_TABLE | OPT_MAP | OPT_SCEN},
    {{"top", required_argument, NULL, O_TOP}, OPT_TABLE | OPT_SCEN},
    {{"sort", required_argument, NULL, O_SORT}, OPT_TABLE},
    {{"layout", required_argument, NULL, O_LAYOUT}, OPT_MAP},
    {{"color-by", required_argument, NULL, O_COLOR_BY}, OPT_MAP},
    {{"colour-by", required_argument, NULL, O_COLOR_BY}, OPT_MAP},
    {{"size-by", required_argument, NULL, O_SIZE_BY}, OPT_MAP},
    {{"labels", required_argument, NULL, O_LABELS}, OPT_MAP},
    {{"title", required_argument, NULL, O_TITLE}, OPT_MAP},
    {{"subtitle", required_argument, NULL, O_SUBTITLE}, OPT_MAP},
    {{"style", required_argument, NULL, O_STYLE}, OPT_MAP},
    {{"font", required_argument, NULL, O_FONT}, OPT_MAP},
    {{"size", required_argument, NULL, O_SIZE}, OPT_MAP},
    {{"aspect", required_argument, NULL, O_ASPECT}, OPT_MAP},
    {{"view", required_argument, NULL, O_VIEW}, OPT_MAP},
    {{"years", required_argument, NULL, O_YEARS}, OPT_MAP},
    {{"since-year", required_argument, NULL, O_SINCE_YEAR}, OPT_MAP},
    {{"links", no_argument, NULL, O_LINKS}, OPT_MAP},
    {{"compare", required_argument, NULL, O_COMPARE}, OPT_MAP},
    {{"to", required_argument, NULL, O_TO}, OPT_EXPORT},
    {{"remove", required_argument, NULL, O_REMOVE}, OPT_WHATIF},
    {{"rank-removals", no_argument, NULL, O_RANK_REMOVALS}, OPT_WHATIF},
    {{"years", required_argument, NULL, O_EVO_YEARS}, OPT_EVOLUTION},
    {{"step", required_argument, NULL, O_STEP}, OPT_EVOLUTION},
    {{"metric", required_argument, NULL, O_METRIC}, OPT_EVOLUTION},
    {{"chart", required_argument, NULL, O_CHART}, OPT_EVOLUTION},
    {{"ranks", required_argument, NULL, O_RANKS}, OPT_EVOLUTION},
    {{"output", required_argument, NULL, 'o'}, OPT_OUTPUT},
    {{"quiet", no_argument, NULL, O_QUIET}, 0},
    {{"help", no_argument, NULL, O_HELP}, 0},
};
#define N_OPTDEFS (sizeof optdefs / sizeof optdefs[0])

static const char *const filter_help =
    "Network selection:\n"
    "      --at YEAR            keep what is active in YEAR (since/until)\n"
    "      --theme T            keep ties and groups tagged with theme T (repeatable)\n"
    "      --focus ID           ego network around entity ID\n"
    "      --radius K           ego network radius in steps (default 1)\n"
    "      --projection P       none | institutions | groups (default none)\n"
    "      --projection-weight W  count | newman (default count)\n"
    "      --directed           analyse directed ties (from/to) as directed\n";

static const char *const analyse_help =
    "Analysis:\n"
    "      --seed N             seed of every random step (default 42)\n"
    "      --algorithm A        louvain | leiden | leiden-cpm | infomap | label-propagation |\n"
    "                           walktrap (default louvain; leiden with --resolution)\n"
    "      --resolution R       resolution of louvain/leiden (default 1)\n"
    "      --runs N             repeat community detection with N seeds, report stability\n"
    "      --betweenness-cutoff D  approximate betweenness: paths up to length D only\n"
    "      --betweenness-sample K  estimate betweenness from K random sources (seeded)\n";

static const char *const map_help =
    "Map:\n"
    "      --layout L           neato | fdp | sfdp | circo | twopi | dot | fr | kk | drl | geo\n"
    "      --color-by C         community | kind | type | country | theme (default community)\n"
    "      --size-by METRIC     node size by a metric (default pagerank), or 'none'\n"
    "      --labels L           all | none | top:N (default all)\n"
    "      --title TEXT         map title (default: the network's title)\n"
    "      --subtitle TEXT      map subtitle (default: date, metric, sources)\n"
    "      --view V             full | ego | community | alliance | geo (default full)\n"
    "      --style S            light | dark | print (default light)\n"
    "      --font NAME          font family (default: a sans-serif stack)\n"
    "      --size WxH           canvas in pixels (default 1920x1080)\n"
    "      --aspect W:H         canvas aspect ratio, e.g. 16:9\n"
    "      --years Y1,Y2,...    small multiples: one panel per year, one shared layout\n"
    "      --since-year A       change map from year A to --at B (default: now)\n"
    "      --links              nodes link to their url\n"
    "      --compare OLD        change map from the older version OLD to PATH\n";

static const char *const common_help =
    "  -h, --help               show this help and exit\n"
    "      --quiet              no progress messages\n";

struct command {
    const char *name;
    unsigned groups;
    const char *synopsis;
    const char *summary;
    int (*run)(struct options *o);
};

static int run_validate(struct options *o);
static int run_analyse(struct options *o);
static int run_render(struct options *o);
static int run_report(struct options *o);
static int run_export(struct options *o);
static int run_whatif(struct options *o);
static int run_diff(struct options *o);
static int run_evolution(struct options *o);
static int run_themes(struct options *o);

static const struct command commands[] = {
    {"validate", 0, "partnet validate [options] PATH...",
     "Check networks and print errors or a one-line summary per network.", run_validate},
    {"analyse", OPT_FILTER | OPT_ANALYSE | OPT_TABLE | OPT_OUTPUT,
     "partnet analyse [options] PATH",
     "Compute per-node influence metrics, communities and network figures.", run_analyse},
    {"analyze", OPT_FILTER | OPT_ANALYSE | OPT_TABLE | OPT_OUTPUT,
     "partnet analyze [options] PATH", "Same as 'analyse'.", run_analyse},
    {"render", OPT_FILTER | OPT_ANALYSE | OPT_MAP | OPT_OUTPUT,
     "partnet render [options] PATH -o MAP.svg",
     "Draw the network map (SVG, or PNG/PDF by the -o extension or --format).", run_render},
    {"report", OPT_FILTER | OPT_ANALYSE | OPT_MAP | OPT_OUTPUT,
     "partnet report [options] PATH [-o DIR]",
     "The main job: maps, metrics and report in one go.\n"
     "Writes map.svg, ego.svg, communities.svg, alliances.svg, metrics.csv, summary.json\n"
     "and report.md into DIR (default output/<network name>/).",
     run_report},
    {"export", OPT_FILTER | OPT_ANALYSE | OPT_EXPORT | OPT_OUTPUT,
     "partnet export [options] PATH --to graphml|gml|dot|json -o FILE",
     "Write the graph with every node and edge attribute (and metrics).", run_export},
    {"whatif", OPT_FILTER | OPT_ANALYSE | OPT_OUTPUT | OPT_SCEN | OPT_WHATIF,
     "partnet whatif [options] PATH --remove ID[,ID...] | --rank-removals",
     "What changes if partners leave: lost reach, global efficiency, rank changes.\n"
     "With --rank-removals: every node ranked by the damage its removal does.",
     run_whatif},
    {"diff", OPT_FILTER | OPT_ANALYSE | OPT_OUTPUT | OPT_SCEN, "partnet diff [options] OLD NEW",
     "What changed between two versions: entities, ties, memberships, ranks.\n"
     "Entities, ties and memberships added, removed or changed (field by field),\n"
     "and the rank changes of every node by each metric.",
     run_diff},
    {"evolution", OPT_FILTER | OPT_ANALYSE | OPT_OUTPUT | OPT_SCEN | OPT_EVOLUTION,
     "partnet evolution [options] PATH --years FROM..TO",
     "Network figures year by year, per-node ranks, and a chart of the top partners' ranks.",
     run_evolution},
    {"themes", OPT_FILTER | OPT_ANALYSE | OPT_OUTPUT | OPT_SCEN, "partnet themes [options] PATH",
     "The leading institutions of each theme (PageRank in the theme's network).", run_themes},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void print_main_help(FILE *out)
{
    fputs("Usage: partnet COMMAND [options] PATH...\n"
          "Map and measure partnership networks between research institutions.\n\n"
          "Commands:\n",
          out);
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(commands[i].name, "analyze") != 0)
            fprintf(out, "  %-10s %.*s\n", commands[i].name,
                    (int)strcspn(commands[i].summary, "\n"), commands[i].summary);
    fputs("\nPATH is a YAML file, a directory of *.yaml files, or - for standard input.\n"
          "Run 'partnet COMMAND --help' for the options of a command.\n\n"
          "Options:\n"
          "  -h, --help     show this help and exit\n"
          "      --version  print the version and exit\n\n"
          "Exit status: 0 success, 1 invalid input, 2 usage error, 3 I/O or library failure.\n",
          out);
}

/* Options of the scenario commands (whatif, diff, evolution, themes). */
static void print_scenario_help(const struct command *c, FILE *out)
{
    fputs("      --format F           table | csv | json (default table)\n", out);
    if (c->run == run_whatif)
        fputs("      --remove ID[,ID...]  remove these institutions, alliances or networks\n"
              "                           (repeatable)\n"
              "      --rank-removals      remove each node in turn; rank them by the damage\n"
              "      --top N              rank changes: the top N by each metric (default 10);\n"
              "                           with --rank-removals: the N most damaging (default all)\n"
              "  Here --focus ID names the partner whose reach is measured (default: the\n"
              "  largest component); it does not cut an ego network, and --radius is refused.\n",
              out);
    else if (c->run == run_evolution)
        fputs("      --years FROM..TO     the years to analyse (e.g. 2005..2025); required\n"
              "      --step N             every N years (default 1)\n"
              "      --metric METRIC      metric ranked per year and charted (default pagerank)\n"
              "      --ranks FILE         write per-node ranks per year (CSV; JSON with --format json)\n"
              "      --chart FILE.svg     write an SVG line chart of the top partners' ranks\n"
              "      --top N              partners in the chart (default 5)\n"
              "  --at does not apply: each year is analysed as with --at YEAR.\n",
              out);
    else if (c->run == run_themes)
        fputs("      --top N              leading institutions per theme (default 5)\n"
              "  Here --theme T (repeatable) lists only theme T.\n",
              out);
    else if (c->run == run_diff)
        fputs("  The filters and analysis options apply to both networks alike.\n", out);
    if (c->run == run_evolution) {
        int col = fprintf(out, "  Metrics:");
        for (int m = 0; m < PN_M_COUNT; m++) {
            if (m == PN_M_COMMUNITY)
                continue;
            const char *name = pn_metric_info[m].name;
            if (col + 2 + (int)strlen(name) > 78)
                col = fprintf(out, ",\n          ") - 2;
            else if (m > 0)
                col += fprintf(out, ",");
            col += fprintf(out, " %s", name);
        }
        fputs("\n", out);
    }
}

static void print_command_help(const struct command *c, FILE *out)
{
    fprintf(out, "Usage: %s\n%s\n\nOptions:\n", c->synopsis, c->summary);
    if (c->groups & OPT_OUTPUT) {
        if (c->run == run_report)
            fputs("  -o, --output DIR         output directory\n", out);
        else
            fputs("  -o, --output FILE        output file (- for standard output, the default)\n",
                  out);
    }
    if (c->groups & OPT_TABLE)
        fputs("      --format F           table | csv | json (default table)\n"
              "      --top N              only the N first rows\n"
              "      --sort METRIC        sort by a metric (table default betweenness;\n"
              "                           csv and json default id)\n",
              out);
    if (c->groups & OPT_SCEN)
        print_scenario_help(c, out);
    if (c->groups & OPT_EXPORT)
        fputs("      --to F               graphml | gml | dot | json\n", out);
    if (c->groups & OPT_MAP)
        fputs("      --format F           svg | png | pdf (default: from the -o extension)\n",
              out);
    fputs(common_help, out);
    if (c->groups & OPT_FILTER)
        fprintf(out, "\n%s", filter_help);
    if (c->groups & OPT_ANALYSE)
        fprintf(out, "\n%s", analyse_help);
    if (c->groups & OPT_MAP)
        fprintf(out, "\n%s", map_help);
    if (c->groups & (OPT_TABLE | OPT_MAP)) {
        fputs("\nMetrics: ", out);
        for (int m = 0; m < PN_M_COUNT; m++)
            fprintf(out, "%s%s", m ? ", " : "", pn_metric_info[m].name);
        fputs("\n", out);
    }
}

static int usage_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

static int usage_error(const char *fmt, ...)
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
        usage_error("invalid value '%s' for --%s (did you mean '%s'?); expected one of: %s", word,
                    option, near, pn_strbuf_str(&sb));
    else
        usage_error("invalid value '%s' for --%s; expected one of: %s", word, option,
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

/* Apply one option; returns PN_OK or PN_EUSAGE (message printed). */
static int apply_option(struct options *o, int c, const char *arg, const char *name)
{
    long v;
    double x;
    int k;
    switch (c) {
    case 'o':
        o->output = arg;
        return PN_OK;
    case O_AT:
        if (!parse_long(arg, 1000, 2200, &v))
            return usage_error("invalid year '%s' for --at; expected a year from 1000 to 2200",
                               arg);
        o->graph.at_year = (int)v;
        return PN_OK;
    case O_THEME:
        if (o->graph.n_themes >= MAX_THEMES)
            return usage_error("too many --theme options (at most %d)", MAX_THEMES);
        o->themes[o->graph.n_themes++] = arg;
        return PN_OK;
    case O_FOCUS:
        o->graph.focus = arg;
        return PN_OK;
    case O_RADIUS:
        if (!parse_long(arg, 1, 100, &v))
            return usage_error("invalid radius '%s'; expected a whole number from 1 to 100", arg);
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
    case O_SEED:
        if (!parse_long(arg, 0, LONG_MAX, &v))
            return usage_error("invalid seed '%s'; expected a non-negative whole number", arg);
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
            return usage_error("invalid resolution '%s'; expected a number > 0", arg);
        o->analysis.resolution = x;
        /* issue 2: "Leiden with --resolution" when no algorithm was named */
        if (o->analysis.algo == PN_COMM_LOUVAIN)
            o->analysis.algo = PN_COMM_LEIDEN;
        return PN_OK;
    case O_RUNS:
        if (!parse_long(arg, 1, 10000, &v))
            return usage_error("invalid runs '%s'; expected a whole number from 1 to 10000", arg);
        o->analysis.runs = (int)v;
        return PN_OK;
    case O_BSAMPLE:
        if (!parse_long(arg, 1, LONG_MAX, &v))
            return usage_error("invalid sample '%s'; expected a number of sources >= 1", arg);
        o->analysis.betweenness_sample = (size_t)v;
        return PN_OK;
    case O_BCUTOFF:
        if (!parse_double(arg, &x) || x <= 0)
            return usage_error("invalid cutoff '%s'; expected a path length > 0", arg);
        o->analysis.betweenness_cutoff = x;
        return PN_OK;
    case O_FORMAT:
        if (o->groups & (OPT_TABLE | OPT_SCEN)) {
            if ((k = pick(name, arg, pn_format_names)) < 0)
                return PN_EUSAGE;
            o->report.format = (enum pn_format)k;
        } else {
            if ((k = pick(name, arg, pn_map_format_names)) < 0)
                return PN_EUSAGE;
            o->map_format = pn_map_format_names[k];
        }
        return PN_OK;
    case O_TOP:
        if (!parse_long(arg, 1, LONG_MAX, &v))
            return usage_error("invalid --top '%s'; expected a whole number >= 1", arg);
        o->report.top = v;
        return PN_OK;
    case O_SORT:
        if (strcmp(arg, "id") == 0) {
            o->report.sort = -1;
            return PN_OK;
        }
        return metric_arg(name, arg, &o->report.sort);
    case O_LAYOUT:
        if ((k = pick(name, arg, pn_render_layouts)) < 0)
            return PN_EUSAGE;
        o->render.layout = pn_render_layouts[k];
        return PN_OK;
    case O_COLOR_BY:
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
        if (strcmp(arg, "all") == 0)
            o->render.labels_top = -1;
        else if (strcmp(arg, "none") == 0)
            o->render.labels_top = 0;
        else if (strncmp(arg, "top:", 4) == 0 && parse_long(arg + 4, 1, LONG_MAX, &v))
            o->render.labels_top = v;
        else
            return usage_error("invalid value '%s' for --labels; expected all, none or top:N",
                               arg);
        return PN_OK;
    case O_TITLE:
        o->render.title = arg;
        return PN_OK;
    case O_SUBTITLE:
        o->render.subtitle = arg;
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
            return usage_error("invalid size '%s'; expected WIDTHxHEIGHT in pixels, e.g. "
                               "1920x1080",
                               arg);
        return PN_OK;
    case O_ASPECT: {
        double w, h;
        if (parse_size(arg, ':', &w, &h) != 0)
            return usage_error("invalid aspect '%s'; expected W:H, e.g. 16:9", arg);
        o->render.width = 1920;
        o->render.height = 1920 * h / w;
        return PN_OK;
    }
    case O_VIEW:
        if ((k = pick(name, arg, pn_map_view_names)) < 0)
            return PN_EUSAGE;
        o->render.view = (enum pn_map_view)k;
        return PN_OK;
    case O_YEARS: {
        static int years[PN_RENDER_MAX_YEARS]; /* lives as long as the options */
        if (!pn_render_parse_years(arg, years, &o->render.n_years))
            return usage_error("invalid years '%s'; expected up to %d increasing years "
                               "separated by commas, e.g. 2010,2015,2020",
                               arg, PN_RENDER_MAX_YEARS);
        o->render.years = years;
        return PN_OK;
    }
    case O_SINCE_YEAR:
        if (!parse_long(arg, 1000, 9999, &v))
            return usage_error("invalid year '%s' for --since-year; expected 1000 to 9999", arg);
        o->render.change_from = (int)v;
        return PN_OK;
    case O_LINKS:
        o->render.links = true;
        return PN_OK;
    case O_COMPARE:
        o->render.compare_old = arg;
        return PN_OK;
    case O_REMOVE:
        if (o->n_remove_args >= MAX_REMOVE)
            return usage_error("too many --remove options (at most %d)", MAX_REMOVE);
        o->remove_args[o->n_remove_args++] = arg;
        return PN_OK;
    case O_RANK_REMOVALS:
        o->rank_removals = true;
        return PN_OK;
    case O_EVO_YEARS: {
        const char *dots = strstr(arg, "..");
        char *first = dots ? pn_xstrndup(arg, (size_t)(dots - arg)) : NULL;
        long a = 0, b = 0;
        bool ok = dots && parse_long(first, 1000, 2200, &a) && parse_long(dots + 2, 1000, 2200, &b) &&
                  a <= b;
        free(first);
        if (!ok)
            return usage_error("invalid years '%s'; expected FROM..TO with 1000 <= FROM <= TO "
                               "<= 2200, e.g. 2005..2025",
                               arg);
        o->evolution.from = (int)a;
        o->evolution.to = (int)b;
        o->have_years = true;
        return PN_OK;
    }
    case O_STEP:
        if (!parse_long(arg, 1, 1000, &v))
            return usage_error("invalid step '%s'; expected a whole number from 1 to 1000", arg);
        o->evolution.step = (int)v;
        return PN_OK;
    case O_METRIC:
        if (metric_arg(name, arg, &k) != PN_OK)
            return PN_EUSAGE;
        if (k == PN_M_COMMUNITY)
            return usage_error("invalid value 'community' for --metric: community ids are not "
                               "ranks");
        o->evolution.metric = k;
        return PN_OK;
    case O_CHART:
        o->chart = arg;
        return PN_OK;
    case O_RANKS:
        o->ranks = arg;
        return PN_OK;
    case O_TO:
        if ((k = pick(name, arg, pn_export_format_names)) < 0)
            return PN_EUSAGE;
        o->export_to = pn_export_format_names[k];
        return PN_OK;
    case O_QUIET:
        o->quiet = true;
        return PN_OK;
    }
    return usage_error("internal: unhandled option");
}

static int parse_args(const struct command *cmd, int argc, char **argv, struct options *o)
{
    struct option longopts[N_OPTDEFS + 1];
    size_t n = 0;
    for (size_t i = 0; i < N_OPTDEFS; i++)
        if (optdefs[i].group == 0 || (optdefs[i].group & cmd->groups))
            longopts[n++] = optdefs[i].lo;
    memset(&longopts[n], 0, sizeof longopts[n]);
    const char *shortopts = (cmd->groups & OPT_OUTPUT) ? ":ho:" : ":h";

    optind = 1;
    opterr = 0;
    int c, idx;
    while ((c = getopt_long(argc, argv, shortopts, longopts, &idx)) != -1) {
        const char *bad = argv[optind - 1];
        if (c == '?') {
            if (optopt != 0)
                return usage_error("%s: unknown option '-%c'", cmd->name, optopt);
            return usage_error("%s: unknown option '%s'", cmd->name, bad);
        }
        if (c == ':')
            return usage_error("%s: option '%s' needs a value", cmd->name, bad);
        if (c == 'h' || c == O_HELP) {
            print_command_help(cmd, stdout);
            return -1;
        }
        const char *name = "o";
        for (size_t i = 0; i < n; i++)
            if (longopts[i].val == c) {
                name = longopts[i].name;
                break;
            }
        int st = apply_option(o, c, optarg, name);
        if (st != PN_OK)
            return st;
    }
    o->paths = argv + optind;
    o->n_paths = (size_t)(argc - optind);
    if (o->n_paths == 0)
        return usage_error("%s: missing PATH (a YAML file, a directory, or -)", cmd->name);
    if (cmd->run == run_diff && o->n_paths != 2)
        return usage_error("diff: takes two PATHs (OLD NEW), got %zu", o->n_paths);
    if (cmd->run != run_validate && cmd->run != run_diff && o->n_paths > 1)
        return usage_error("%s: takes one PATH, got %zu", cmd->name, o->n_paths);
    if (o->graph.radius != 0 && o->graph.focus == NULL)
        return usage_error("%s: --radius needs --focus", cmd->name);
    if (o->graph.focus != NULL && o->graph.radius == 0 && cmd->run != run_whatif)
        o->graph.radius = 1; /* whatif: --focus is whose reach is measured */
    o->graph.themes = o->themes;
    return PN_OK;
}

/* ---- pipeline ---------------------------------------------------------- */

static bool show_progress(const struct options *o)
{
    return !o->quiet && isatty(STDERR_FILENO);
}

static void progress(const struct options *o, const char *what)
{
    if (show_progress(o))
        fprintf(stderr, "partnet: %s...\n", what);
}

static int finish(struct pn_diag *d, int st)
{
    pn_diag_print(d, stderr);
    return st;
}

/* What a graph command holds from load to exit; run_end releases all of it. */
struct run {
    struct pn_model m;
    struct pn_diag d;
    struct pn_graph *g;
    struct pn_metrics mx;
    double *positions; /* igraph layout for --layout fr|kk|drl, or NULL */
};

static void run_begin(struct run *r)
{
    pn_model_init(&r->m);
    pn_diag_init(&r->d);
    r->g = NULL;
    memset(&r->mx, 0, sizeof r->mx);
    r->positions = NULL;
}

/* Release everything, print the diagnostics, return the exit status. */
static int run_end(struct run *r, int st)
{
    free(r->positions);
    pn_metrics_destroy(&r->mx);
    pn_graph_free(r->g);
    pn_model_destroy(&r->m);
    st = finish(&r->d, st);
    pn_diag_destroy(&r->d);
    return st;
}

/* Load, build and analyse into r. */
static int pipeline(struct options *o, struct run *r)
{
    progress(o, "loading");
    enum pn_status st = pn_loader_load(&r->m, (const char *const *)o->paths, o->n_paths, &r->d);
    if (st != PN_OK)
        return st;
    progress(o, "building the graph");
    st = pn_graph_build(&r->m, &o->graph, &r->g, &r->d);
    if (st != PN_OK)
        return st;
    /* bench (docs/bench.md): exact all-pairs metrics grow as about n^2, 76 s of
     * CPU at 10,000 nodes, hours at 100,000; say so now, before the wait, not
     * with the diagnostics at the end */
    size_t n = pn_graph_view(r->g)->n_nodes;
    if (n > PN_EXACT_BETWEENNESS_MAX && o->analysis.betweenness_cutoff <= 0 &&
        o->analysis.betweenness_sample == 0)
        fprintf(stderr,
                "partnet: warning: %zu nodes: exact betweenness, closeness and harmonic "
                "centrality take minutes to hours at this size (see docs/bench.md); "
                "--betweenness-sample K (e.g. 500) estimates betweenness, and --at, --theme, "
                "--focus or a projection give a smaller network\n",
                n);
    progress(o, "computing metrics and communities");
    return pn_analysis_run(r->g, &o->analysis, &r->mx, &r->d);
}

/* --layout fr|kk|drl: igraph computes the positions, render pins them. */
static int igraph_layout(struct options *o, struct run *r)
{
    if (o->render.layout == NULL || !pn_layout_is_igraph(o->render.layout))
        return PN_OK;
    progress(o, "computing the igraph layout");
    int st = pn_layout_igraph(r->g, o->render.layout, o->render.seed, &r->positions, &r->d);
    o->render.positions = r->positions;
    return st;
}

static int run_validate(struct options *o)
{
    int worst = PN_OK;
    for (size_t i = 0; i < o->n_paths; i++) {
        struct pn_model m;
        struct pn_diag d;
        pn_model_init(&m);
        pn_diag_init(&d);
        const char *path = o->paths[i];
        enum pn_status st = pn_loader_load(&m, &path, 1, &d);
        pn_diag_print(&d, stderr);
        if (st == PN_OK) {
            struct pn_strbuf sb;
            pn_strbuf_init(&sb);
            pn_report_counts(&sb, &m);
            if (!o->quiet)
                printf("%s: ok: %s\n", path, pn_strbuf_str(&sb));
            pn_strbuf_destroy(&sb);
        }
        if ((int)st > worst)
            worst = st;
        pn_diag_destroy(&d);
        pn_model_destroy(&m);
    }
    return worst;
}

static int write_text(const char *path, const struct pn_strbuf *sb, struct pn_diag *d)
{
    const char *s = pn_strbuf_str(sb);
    return pn_outfile_write_all(path, s, strlen(s), d);
}

static int run_analyse(struct options *o)
{
    struct run r;
    struct pn_strbuf sb;
    run_begin(&r);
    pn_strbuf_init(&sb);
    int st = pipeline(o, &r);
    if (st == PN_OK) {
        pn_report_metrics(&sb, &r.m, pn_graph_view(r.g), &r.mx, &o->report);
        st = write_text(o->output ? o->output : "-", &sb, &r.d);
    }
    pn_strbuf_destroy(&sb);
    return run_end(&r, st);
}

static int run_render(struct options *o)
{
    if (o->output == NULL)
        return usage_error("render: missing -o FILE (use -o - for standard output)");
    struct run r;
    run_begin(&r);
    o->render.format = o->map_format;
    o->render.radius = o->graph.radius;
    if (o->render.change_from > 0 || o->render.n_years > 0) {
        /* change map and small multiples need every year in the view */
        o->render.change_to = o->graph.at_year;
        o->graph.at_year = PN_YEAR_UNSET;
    }
    int st = pipeline(o, &r);
    if (st == PN_OK)
        st = igraph_layout(o, &r);
    if (st == PN_OK && o->render.compare_old != NULL) {
        /* --compare OLD: the older version, filtered the same way */
        struct pn_model om;
        struct pn_graph *og = NULL;
        pn_model_init(&om);
        progress(o, "loading the older version");
        const char *old_path = o->render.compare_old;
        st = pn_loader_load(&om, &old_path, 1, &r.d);
        if (st == PN_OK)
            st = pn_graph_build(&om, &o->graph, &og, &r.d);
        if (st == PN_OK) {
            progress(o, "laying out and rendering the change map");
            st = pn_render_compare(&om, pn_graph_view(og), &r.m, pn_graph_view(r.g), &r.mx,
                                   &o->render, o->output, &r.d);
        }
        pn_graph_free(og);
        pn_model_destroy(&om);
    } else if (st == PN_OK) {
        progress(o, "laying out and rendering the map");
        st = pn_render_map(&r.m, pn_graph_view(r.g), &r.mx, &o->render, o->output, &r.d);
    }
    return run_end(&r, st);
}

/* The network's name for output/<name>/: the last path component, without a
 * YAML extension ("networks/lorraine/" -> "lorraine"). */
static char *network_name(const char *path)
{
    if (strcmp(path, "-") == 0)
        return pn_xstrdup("stdin");
    size_t len = strlen(path);
    while (len > 1 && path[len - 1] == '/')
        len--;
    size_t start = len;
    while (start > 0 && path[start - 1] != '/')
        start--;
    char *name = pn_xstrndup(path + start, len - start);
    char *dot = strrchr(name, '.');
    if (dot != NULL && (strcmp(dot, ".yaml") == 0 || strcmp(dot, ".yml") == 0))
        *dot = '\0';
    if (name[0] == '\0' || strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
        free(name);
        name = pn_xstrdup("network");
    }
    return name;
}

/* The maps of a report: the full map first, then the other views (issue 5). */
static const struct pn_report_map report_maps[] = {
    {"map.svg", "The whole network", PN_VIEW_FULL},
    {"ego.svg", "Ego map of the focus institution and its direct partners", PN_VIEW_EGO},
    {"communities.svg", "Community map: one node per community", PN_VIEW_COMMUNITY},
    {"alliances.svg", "Alliance map: each alliance and network with its members", PN_VIEW_ALLIANCE},
};

/* Render one of the report's other views of the analysed network. The ego map
 * centres on --focus, else the network's `focus:` key, else the node of highest
 * betweenness, with radius --radius or 1. */
static int render_extra_map(const struct options *o, const struct pn_model *m,
                            const struct pn_graph *g, const struct pn_metrics *mx,
                            enum pn_map_view view, const char *path, struct pn_diag *d)
{
    struct pn_render_options ro = o->render;
    ro.view = view;
    /* per-view layouts: positions, panels and change marks belong to the full map */
    ro.positions = NULL;
    ro.years = NULL;
    ro.n_years = 0;
    ro.change_from = 0;
    ro.change_to = 0;
    ro.title = NULL;
    ro.subtitle = NULL;
    const struct pn_view *v = pn_graph_view(g);
    if (view != PN_VIEW_EGO || o->graph.focus != NULL || v->n_nodes == 0)
        return pn_render_map(m, v, mx, &ro, path, d);

    size_t focus = m->focus != NULL ? pn_model_find(m, m->focus) : PN_NONE;
    if (focus == PN_NONE || v->entity_node[focus] == PN_NONE) {
        size_t best = 0;
        for (size_t i = 1; i < v->n_nodes; i++)
            if (mx->v[PN_M_BETWEENNESS][i] > mx->v[PN_M_BETWEENNESS][best])
                best = i;
        focus = v->node_entity[best];
    }
    struct pn_graph_options go = o->graph;
    go.focus = m->entities[focus].id;
    go.radius = 1;
    ro.radius = 1;
    struct pn_graph *eg = NULL;
    struct pn_metrics emx;
    memset(&emx, 0, sizeof emx);
    enum pn_status st = pn_graph_build(m, &go, &eg, d);
    if (st == PN_OK)
        st = pn_analysis_run(eg, &o->analysis, &emx, d);
    if (st == PN_OK)
        st = pn_render_map(m, pn_graph_view(eg), &emx, &ro, path, d);
    pn_metrics_destroy(&emx);
    pn_graph_free(eg);
    return st;
}

static int run_report(struct options *o)
{
    struct run r;
    struct pn_strbuf sb;
    char *name = network_name(o->paths[0]);
    char *dir = o->output ? pn_xstrdup(o->output) : pn_xasprintf("output/%s", name);
    char *path = NULL;
    run_begin(&r);
    pn_strbuf_init(&sb);
    o->render.format = "svg";
    int st = pipeline(o, &r);
    if (st == PN_OK)
        st = igraph_layout(o, &r);
    if (st != PN_OK)
        goto out;
    const struct pn_view *v = pn_graph_view(r.g);
    st = pn_mkdir_p(dir, &r.d);
    if (st != PN_OK)
        goto out;

    progress(o, "laying out and rendering the maps");
    path = pn_xasprintf("%s/map.svg", dir);
    st = pn_render_map(&r.m, v, &r.mx, &o->render, path, &r.d);
    if (st != PN_OK)
        goto out;
    for (size_t i = 1; i < sizeof report_maps / sizeof report_maps[0]; i++) {
        free(path);
        path = pn_xasprintf("%s/%s", dir, report_maps[i].file);
        st = render_extra_map(o, &r.m, r.g, &r.mx, report_maps[i].view, path, &r.d);
        if (st != PN_OK)
            goto out;
    }

    struct pn_report_options ro = o->report;
    ro.format = PN_FMT_CSV;
    ro.sort = -1;
    ro.top = 0;
    ro.network_name = name;
    pn_report_metrics(&sb, &r.m, v, &r.mx, &ro);
    free(path);
    path = pn_xasprintf("%s/metrics.csv", dir);
    if ((st = write_text(path, &sb, &r.d)) != PN_OK)
        goto out;

    pn_strbuf_reset(&sb);
    pn_report_summary_json(&sb, &r.m, v, &r.mx);
    free(path);
    path = pn_xasprintf("%s/summary.json", dir);
    if ((st = write_text(path, &sb, &r.d)) != PN_OK)
        goto out;

    /* single points of failure, quantified: one removal per node, affordable on
     * networks a report is read for (scenario room: 0.1 s at 99 nodes, 2 s at 320) */
    struct pn_report_removal *rm = NULL;
    size_t n_rm = 0;
    if (v->n_nodes <= PN_REPORT_REMOVALS_MAX) {
        struct pn_damage *dm = NULL;
        struct pn_net_figures before;
        progress(o, "removing each node in turn");
        st = pn_scenario_rank_removals(&r.m, &o->graph, NULL, &dm, &n_rm, &before, &r.d);
        if (st != PN_OK)
            goto out;
        rm = pn_xcalloc(n_rm ? n_rm : 1, sizeof *rm);
        for (size_t i = 0; i < n_rm; i++) {
            rm[i].entity = dm[i].entity;
            rm[i].disconnected = dm[i].disconnected;
            rm[i].pairs_lost = dm[i].pairs_lost;
            rm[i].efficiency_drop = dm[i].efficiency_drop;
        }
        free(dm);
    }
    pn_strbuf_reset(&sb);
    pn_report_markdown_maps(&sb, &r.m, v, &r.mx, report_maps,
                            sizeof report_maps / sizeof report_maps[0], rm, n_rm);
    free(rm);
    free(path);
    path = pn_xasprintf("%s/report.md", dir);
    if ((st = write_text(path, &sb, &r.d)) != PN_OK)
        goto out;
    if (!o->quiet)
        printf("partnet: wrote %s/{map.svg,ego.svg,communities.svg,alliances.svg,metrics.csv,"
               "summary.json,report.md}\n",
               dir);
out:
    free(path);
    pn_strbuf_destroy(&sb);
    free(dir);
    free(name);
    return run_end(&r, st);
}

static int run_export(struct options *o)
{
    if (o->export_to == NULL)
        return usage_error("export: missing --to graphml|gml|dot|json");
    struct run r;
    run_begin(&r);
    int st = pipeline(o, &r);
    if (st == PN_OK)
        st = pn_export_write(r.g, &r.mx, o->export_to, o->output ? o->output : "-", &r.d);
    return run_end(&r, st);
}

/* ---- scenario commands ---------------------------------------------------- */

static int run_whatif(struct options *o)
{
    if (o->n_remove_args == 0 && !o->rank_removals)
        return usage_error("whatif: missing --remove ID (or --rank-removals)");
    if (o->n_remove_args > 0 && o->rank_removals)
        return usage_error("whatif: give either --remove or --rank-removals, not both");
    if (o->graph.radius != 0)
        return usage_error("whatif: --radius does not apply: --focus names the partner whose "
                           "reach is measured");
    /* split "a,b" lists; ids never hold commas (schema: [a-z0-9][a-z0-9._-]*) */
    char **ids = NULL;
    size_t n_ids = 0, cap = 0;
    int st = PN_OK;
    for (size_t i = 0; i < o->n_remove_args && st == PN_OK; i++) {
        const char *p = o->remove_args[i];
        for (;;) {
            size_t len = strcspn(p, ",");
            if (len == 0) {
                st = usage_error("whatif: empty id in --remove '%s'", o->remove_args[i]);
                break;
            }
            pn_xgrow((void **)&ids, &cap, n_ids + 1, sizeof *ids);
            ids[n_ids++] = pn_xstrndup(p, len);
            if (p[len] == '\0')
                break;
            p += len + 1;
        }
    }
    const char *focus = o->graph.focus;
    o->graph.focus = NULL;
    struct pn_model m;
    struct pn_diag d;
    struct pn_strbuf sb;
    pn_model_init(&m);
    pn_diag_init(&d);
    pn_strbuf_init(&sb);
    if (st != PN_OK)
        goto out;
    progress(o, "loading");
    st = pn_loader_load(&m, (const char *const *)o->paths, o->n_paths, &d);
    if (st != PN_OK)
        goto out;
    if (o->rank_removals) {
        struct pn_damage *dm = NULL;
        size_t n = 0;
        struct pn_net_figures before;
        progress(o, "removing each node in turn");
        st = pn_scenario_rank_removals(&m, &o->graph, focus, &dm, &n, &before, &d);
        if (st == PN_OK)
            pn_scenario_damage_write(&sb, &m, dm, n, &before, focus, o->report.top,
                                     o->report.format);
        free(dm);
    } else {
        struct pn_whatif_options wo = {(const char *const *)ids, n_ids, focus, o->report.top};
        struct pn_whatif_result r;
        progress(o, "comparing the network with and without the removed partners");
        st = pn_scenario_whatif(&m, &o->graph, &o->analysis, &wo, &r, &d);
        if (st == PN_OK)
            pn_scenario_whatif_write(&sb, &m, &r, o->report.format);
        pn_whatif_result_destroy(&r);
    }
    if (st == PN_OK)
        st = write_text(o->output ? o->output : "-", &sb, &d);
out:
    for (size_t i = 0; i < n_ids; i++)
        free(ids[i]);
    free(ids);
    pn_strbuf_destroy(&sb);
    pn_model_destroy(&m);
    st = finish(&d, st);
    pn_diag_destroy(&d);
    return st;
}

static int run_diff(struct options *o)
{
    struct pn_model old_m, new_m;
    struct pn_diag d;
    struct pn_diff df;
    struct pn_strbuf sb;
    pn_model_init(&old_m);
    pn_model_init(&new_m);
    pn_diag_init(&d);
    pn_diff_init(&df);
    pn_strbuf_init(&sb);
    progress(o, "loading");
    int st = pn_loader_load(&old_m, (const char *const *)&o->paths[0], 1, &d);
    int st2 = pn_loader_load(&new_m, (const char *const *)&o->paths[1], 1, &d);
    if (st2 > st)
        st = st2; /* both are checked, so every error of either is shown */
    if (st == PN_OK) {
        pn_diff_models(&old_m, &new_m, &df);
        progress(o, "analysing both networks");
        st = pn_diff_ranks(&old_m, &new_m, &o->graph, &o->analysis, &df, &d);
    }
    if (st == PN_OK) {
        pn_diff_write(&sb, &df, o->report.format);
        st = write_text(o->output ? o->output : "-", &sb, &d);
    }
    pn_strbuf_destroy(&sb);
    pn_diff_destroy(&df);
    pn_model_destroy(&new_m);
    pn_model_destroy(&old_m);
    st = finish(&d, st);
    pn_diag_destroy(&d);
    return st;
}

static int run_evolution(struct options *o)
{
    if (!o->have_years)
        return usage_error("evolution: missing --years FROM..TO (e.g. 2005..2025)");
    if (o->graph.at_year != PN_YEAR_UNSET)
        return usage_error("evolution: --at does not apply: --years sets the year of each "
                           "network");
    if ((o->evolution.to - o->evolution.from) / o->evolution.step >= 1000)
        return usage_error("evolution: more than 1000 years to analyse; use a larger --step");
    o->evolution.top = o->report.top;
    struct pn_model m;
    struct pn_diag d;
    struct pn_evolution ev;
    struct pn_strbuf main_sb, ranks_sb, chart_sb;
    pn_model_init(&m);
    pn_diag_init(&d);
    memset(&ev, 0, sizeof ev);
    pn_strbuf_init(&main_sb);
    pn_strbuf_init(&ranks_sb);
    pn_strbuf_init(&chart_sb);
    progress(o, "loading");
    int st = pn_loader_load(&m, (const char *const *)o->paths, o->n_paths, &d);
    if (st == PN_OK) {
        progress(o, "analysing year by year");
        st = pn_scenario_evolution(&m, &o->graph, &o->analysis, &o->evolution, &ev, &d);
    }
    if (st == PN_OK) {
        /* everything is computed before any file is written */
        pn_scenario_evolution_write(&main_sb, &ev, o->report.format);
        if (o->ranks != NULL) /* a file of rows: CSV unless JSON was asked for */
            pn_scenario_evolution_ranks(&ranks_sb, &m, &ev,
                                        o->report.format == PN_FMT_JSON ? PN_FMT_JSON : PN_FMT_CSV);
        if (o->chart != NULL)
            pn_scenario_evolution_chart(&chart_sb, &m, &ev, o->evolution.top);
        /* all or nothing: every target is opened (as a temp file) before any
         * is renamed into place, so a bad path leaves every earlier output */
        const char *target[3] = {o->ranks, o->chart, o->output ? o->output : "-"};
        const struct pn_strbuf *text[3] = {&ranks_sb, &chart_sb, &main_sb};
        struct pn_outfile of[3];
        memset(of, 0, sizeof of);
        for (int i = 0; i < 3 && st == PN_OK; i++)
            if (target[i] != NULL)
                st = pn_outfile_open(&of[i], target[i], &d);
        for (int i = 0; i < 3 && st == PN_OK; i++)
            if (target[i] != NULL && fputs(pn_strbuf_str(text[i]), of[i].fp) == EOF) {
                pn_diag_error(&d, NULL, "cannot write '%s'", target[i]);
                st = PN_EIO;
            }
        for (int i = 0; i < 3 && st == PN_OK; i++)
            if (target[i] != NULL)
                st = pn_outfile_commit(&of[i], &d);
        for (int i = 0; i < 3; i++)
            pn_outfile_abort(&of[i]);
    }
    pn_strbuf_destroy(&chart_sb);
    pn_strbuf_destroy(&ranks_sb);
    pn_strbuf_destroy(&main_sb);
    pn_evolution_destroy(&ev);
    pn_model_destroy(&m);
    st = finish(&d, st);
    pn_diag_destroy(&d);
    return st;
}

static int run_themes(struct options *o)
{
    struct pn_model m;
    struct pn_diag d;
    struct pn_strbuf sb;
    struct pn_theme_leaders *tl = NULL;
    size_t n = 0;
    pn_model_init(&m);
    pn_diag_init(&d);
    pn_strbuf_init(&sb);
    progress(o, "loading");
    int st = pn_loader_load(&m, (const char *const *)o->paths, o->n_paths, &d);
    if (st == PN_OK) {
        progress(o, "analysing each theme");
        st = pn_scenario_themes(&m, &o->graph, &o->analysis, o->report.top, &tl, &n, &d);
    }
    if (st == PN_OK) {
        pn_scenario_themes_write(&sb, &m, tl, n, o->report.format);
        st = write_text(o->output ? o->output : "-", &sb, &d);
    }
    pn_scenario_themes_free(tl, n);
    pn_strbuf_destroy(&sb);
    pn_model_destroy(&m);
    st = finish(&d, st);
    pn_diag_destroy(&d);
    return st;
}

static void options_init(struct options *o, const struct command *cmd)
{
    memset(o, 0, sizeof *o);
    o->command = cmd->name;
    o->groups = cmd->groups;
    o->graph.at_year = PN_YEAR_UNSET;
    o->graph.projection = PN_PROJ_NONE;
    o->graph.proj_weight = PN_PROJW_COUNT;
    pn_analysis_options_default(&o->analysis);
    pn_render_options_default(&o->render);
    o->report.format = PN_FMT_TABLE;
    o->report.top = 0;
    o->report.sort = -2; /* not given: chosen by format below */
    o->evolution.step = 1;
    o->evolution.metric = PN_M_PAGERANK;
}

int pn_cli_main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("missing COMMAND");
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        print_main_help(stdout);
        return PN_OK;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
        printf("partnet %s\n", PARTNET_VERSION);
        return PN_OK;
    }
    const struct command *cmd = NULL;
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            cmd = &commands[i];
    if (cmd == NULL) {
        const char *names[N_COMMANDS];
        for (size_t i = 0; i < N_COMMANDS; i++)
            names[i] = commands[i].name;
        const char *near = pn_closest(name, names, N_COMMANDS);
        if (near != NULL)
            return usage_error("unknown command '%s' (did you mean '%s'?)", name, near);
        return usage_error("unknown command '%s'", name);
    }
    pn_graph_lib_init();
    struct options o;
    options_init(&o, cmd);
    int st = parse_args(cmd, argc - 1, argv + 1, &o);
    if (st < 0)
        return PN_OK; /* --help */
    if (st != PN_OK)
        return st;
    if (o.report.sort == -2)
        o.report.sort = o.report.format == PN_FMT_TABLE ? PN_M_BETWEENNESS : -1;
    return cmd->run(&o);
}
