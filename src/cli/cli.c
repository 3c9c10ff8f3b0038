/*
 * cli: `partnet COMMAND [options] PATH...`. The command table (name, run function, help
 * pieces, option groups) and pn_cli_main, which finds the command, parses its options
 * (options.c) and runs it (cmd_*.c). The only room that prints diagnostics and chooses
 * exit codes (enum pn_status).
 */
#include "cli/cli.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "base/guard.h"
#include "cli/cli_int.h"
#include "net/diff.h"

#ifndef PARTNET_VERSION
#define PARTNET_VERSION "0.0.0"
#endif

#define PN_STR(x) #x
#define PN_XSTR(x) PN_STR(x) /* a macro's value as a string literal */

#define GRAPH_GROUPS (OPT_FILTER | OPT_ANALYSE | OPT_OUTPUT)
#define SCENARIO_GROUPS (GRAPH_GROUPS | OPT_SCEN)

static const char whatif_help[] =
    "      --remove ID[,ID...]  remove these institutions, alliances or networks\n"
    "                           (repeatable)\n"
    "      --rank-removals      remove each node in turn; rank them by the damage\n"
    "      --top N              rank changes: the top N by each metric (default 10);\n"
    "                           with --rank-removals: the N most damaging (default all)\n"
    "      --removal-sample K|exact  with --rank-removals: efficiency from K sampled\n"
    "                           sources, seeded (default exact up to 1500 nodes, 256\n"
    "                           sources above)\n"
    "  Here --focus ID names the partner whose reach is measured (default: the\n"
    "  largest component); it does not cut an ego network, and --radius is refused.\n";

/* the threshold is net/diff.h's PN_DIFF_MOVE_MIN and PN_DIFF_TOP_RANKS */
static const char diff_help[] =
    "      --top N              rank moves: the N largest by each metric (default: the moves\n"
    "                           of " PN_XSTR(PN_DIFF_MOVE_MIN) " places or more, or into or out of "
    "the top " PN_XSTR(PN_DIFF_TOP_RANKS) ")\n"
    "  The filters and analysis options apply to both networks alike. csv and json keep\n"
    "  every node and metric (and --top does not apply).\n";

static const char evolution_help[] =
    "      --years FROM..TO     the years to analyse (e.g. 2005..2025); required\n"
    "      --step N             every N years (default 1)\n"
    "      --metric METRIC      metric ranked per year and charted (default pagerank)\n"
    "      --ranks FILE         write per-node ranks per year (CSV; JSON with --format json)\n"
    "      --chart FILE         write a line chart of the top partners' ranks (SVG, or PNG\n"
    "                           or PDF by the extension .png/.pdf)\n"
    "      --top N              partners in the chart (default 5)\n"
    "  --at does not apply: each year is analysed as with --at YEAR.\n";

static const char import_help[] =
    "      --csv-sep C          the field separator: , ; | or tab (default: sniffed from\n"
    "                           each sheet's header line)\n"
    "      --list-sep C         the separator in multi-valued cells (themes; default |)\n"
    "  Each SHEET's role comes from its file name: institutions, groups, memberships, ties,\n"
    "  sources, themes, network (.csv); nodes and edges as 'export --to csv' writes them;\n"
    "  Kumu's elements and connections. A DIR gives its *.csv files. Columns: docs/exchange.md.\n";

static const struct command commands[] = {
    {.name = "validate", .groups = 0, .synopsis = "partnet validate [options] PATH...",
     .summary = "Check networks and print errors or a one-line summary per network.",
     .run = pn_cli_validate, .paths = PATHS_MANY},
    {.name = "analyse", .groups = GRAPH_GROUPS | OPT_TABLE,
     .synopsis = "partnet analyse [options] PATH",
     .summary = "Compute per-node influence metrics, communities and network figures.",
     .run = pn_cli_analyse},
    {.name = "analyze", .groups = GRAPH_GROUPS | OPT_TABLE,
     .synopsis = "partnet analyze [options] PATH", .summary = "Same as 'analyse'.",
     .run = pn_cli_analyse},
    {.name = "render", .groups = GRAPH_GROUPS | OPT_MAP,
     .synopsis = "partnet render [options] PATH -o MAP.svg",
     .summary = "Draw the network map (SVG, or PNG/PDF/HTML by the -o extension or --format).",
     .run = pn_cli_render},
    {.name = "report", .groups = GRAPH_GROUPS | OPT_MAP,
     .synopsis = "partnet report [options] PATH [-o DIR]",
     .summary = "The main job: maps, metrics and report in one go.\n"
                "Writes map.svg, map.html, ego.svg, communities.svg, alliances.svg, metrics.csv,\n"
                "summary.json and report.md into DIR (default output/<network name>/), and\n"
                "positions.csv: the next report places map.svg from it (--relayout: afresh).",
     .run = pn_cli_report,
     .output_help = "  -o, --output DIR         output directory\n"},
    /* the --to list of the synopsis stays literal: the synopsis is one string */
    {.name = "export", .groups = GRAPH_GROUPS | OPT_EXPORT,
     .synopsis = "partnet export [options] PATH --to graphml|gexf|gml|gml-ascii|csv|dot|json -o FILE",
     .summary = "Write the graph with every node and edge attribute (and metrics).",
     .run = pn_cli_export},
    {.name = "import", .groups = OPT_OUTPUT | OPT_IMPORT,
     .synopsis = "partnet import [options] SHEET.csv...|DIR -o NETWORK_DIR",
     .summary = "Read spreadsheet sheets (CSV) into a new network directory in the YAML format.",
     .run = pn_cli_import, .paths = PATHS_MANY, .options_help = import_help,
     .output_help = "  -o, --output DIR         the network directory to create (must not exist)\n"},
    {.name = "whatif", .groups = SCENARIO_GROUPS | OPT_WHATIF,
     .synopsis = "partnet whatif [options] PATH --remove ID[,ID...] | --rank-removals",
     .summary = "What changes if partners leave: lost reach, global efficiency, rank changes.\n"
                "With --rank-removals: every node ranked by the damage its removal does.\n"
                "With --remove and -o MAP.svg (or .png, .pdf): the what-if map, the full map\n"
                "with the removed nodes, the partners cut off and the ties lost marked.",
     .run = pn_cli_whatif, .options_help = whatif_help, .focus_is_reach = true},
    {.name = "diff", .groups = SCENARIO_GROUPS, .synopsis = "partnet diff [options] OLD NEW",
     .summary = "What changed between two versions: entities, ties, memberships, ranks.\n"
                "Entities, ties and memberships added, removed or changed (field by field),\n"
                "the counts first, and the rank moves that matter by each metric.",
     .run = pn_cli_diff, .paths = PATHS_OLD_NEW,
     .options_help = diff_help},
    {.name = "evolution", .groups = SCENARIO_GROUPS | OPT_EVOLUTION,
     .synopsis = "partnet evolution [options] PATH --years FROM..TO",
     .summary = "Network figures year by year, per-node ranks, and a chart of the top "
                "partners' ranks.",
     .run = pn_cli_evolution, .options_help = evolution_help,
     .help_tail = pn_cli_evolution_help},
    {.name = "init", .groups = 0, .synopsis = "partnet init [options] DIR",
     .summary = "Write a commented starter network into DIR (new or empty).",
     .run = pn_cli_init, .paths = PATHS_ONE},
    {.name = "themes", .groups = SCENARIO_GROUPS, .synopsis = "partnet themes [options] PATH",
     .summary = "The leading institutions of each theme (PageRank in the theme's network).",
     .run = pn_cli_themes,
     .options_help = "      --top N              leading institutions per theme (default 5)\n"
                     "  Here --theme T (repeatable) lists only theme T.\n"},
    {.name = "portfolio", .groups = OPT_OUTPUT | OPT_PORTFOLIO,
     .synopsis = "partnet portfolio [options] PATH",
     .summary = "The partner portfolio of an institution: dimensions, durability, thematic fit,\n"
                "scope and embedding of every partner, and the gaps (docs/portfolio.md).",
     .run = pn_cli_portfolio, .options_help = pn_cli_portfolio_help, .focus_is_reach = true},
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

/* The command called name, or NULL with a usage error (and "did you mean") printed. */
static const struct command *find_command(const char *name)
{
    const char *names[N_COMMANDS];
    for (size_t i = 0; i < N_COMMANDS; i++) {
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
        names[i] = commands[i].name;
    }
    const char *near = pn_closest(name, names, N_COMMANDS);
    if (near != NULL)
        pn_cli_usage_error("unknown command '%s' (did you mean '%s'?)", name, near);
    else
        pn_cli_usage_error("unknown command '%s'", name);
    return NULL;
}

/* The watching parent's end (base/guard): the child's code, or its death in words. */
static _Noreturn void guarded_end(const struct pn_guard_end *e)
{
    if (e->exited)
        pn_guard_exit(e->code);
    const char *sig = pn_guard_signal_name(e->signal);
    if (e->crash && !e->passed_on && (e->oom || e->limited)) {
        fprintf(stderr,
                "partnet: error: out of memory: a library could not go on after an "
                "allocation failed (%s%s); earlier outputs are intact\n",
                sig, e->limited ? ", under the memory limit (ulimit)" : "");
        pn_guard_exit(PN_EIO);
    }
    if (e->crash && !e->passed_on)
        fprintf(stderr,
                "partnet: error: partnet crashed (%s); earlier outputs are intact, no temp "
                "file is left: please report it with the input and `partnet --version`\n",
                sig);
    else if (e->signal == SIGKILL && !e->passed_on)
        fprintf(stderr,
                "partnet: error: partnet was killed (SIGKILL: the system's out-of-memory "
                "killer, or kill -9); earlier outputs are intact, no temp file is left\n");
    pn_guard_die(e->signal);
}

int pn_cli_main(int argc, char **argv)
{
    if (argc < 2)
        return pn_cli_usage_error("missing COMMAND");
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        print_main_help(stdout);
        return PN_OK;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
        printf("partnet %s\n", PARTNET_VERSION);
        return PN_OK;
    }
    const struct command *cmd = find_command(name);
    if (cmd == NULL)
        return PN_EUSAGE;
    pn_graph_lib_init();
    struct options o;
    pn_cli_options_init(&o, cmd);
    int st = pn_cli_options_parse(cmd, argc - 1, argv + 1, &o);
    if (st < 0)
        return PN_OK; /* --help */
    if (st != PN_OK)
        return st;
    struct pn_guard_end end;
    if (pn_guard_fork(&end))
        guarded_end(&end);
    return cmd->run(&o);
}
