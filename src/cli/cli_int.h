/*
 * cli_int: what the files of cli/ share, private to cli/ (no other room includes it).
 * options.c fills struct options from argv, run.c holds the shared pipeline of a command
 * (struct run), cli.c the command table, cmd_*.c one command each.
 * Ownership: struct options borrows argv's strings; struct run owns everything it holds
 * until pn_cli_run_end.
 */
#ifndef PN_CLI_INT_H
#define PN_CLI_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/diag.h"
#include "base/strbuf.h"
#include "map/positions.h"
#include "map/render.h"
#include "model/model.h"
#include "net/analysis.h"
#include "net/graph.h"
#include "net/scenario.h"
#include "out/export.h"
#include "out/report.h"

#define MAX_THEMES 64
#define MAX_REMOVE 1024 /* --remove options (each may list ids separated by commas) */

/* Which option groups a command accepts (struct command.groups, struct optdef.group). */
enum {
    OPT_FILTER = 1 << 0,  /* --at --theme --focus --radius --projection --directed */
    OPT_ANALYSE = 1 << 1, /* --seed --algorithm --resolution --runs --betweenness-cutoff */
    OPT_TABLE = 1 << 2,   /* --format table|csv|json --top --sort */
    OPT_MAP = 1 << 3,     /* --layout --color-by --size-by --labels --title ... */
    OPT_OUTPUT = 1 << 4,  /* -o */
    OPT_EXPORT = 1 << 5,  /* --to --csv-sep --decimal-comma */
    OPT_IMPORT = 1 << 6,  /* import: --csv-sep --list-sep */
    /* scenario commands (whatif, diff, evolution, themes) */
    OPT_SCEN = 1 << 12,      /* --format table|csv|json --top */
    OPT_WHATIF = 1 << 13,    /* --remove --rank-removals */
    OPT_EVOLUTION = 1 << 14, /* --years A..B --step --metric --chart --ranks */
    OPT_PORTFOLIO = 1 << 15  /* portfolio: --at --focus --priorities --format --chart */
};

/* Everything the command line said, in the option structs of each room. */
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
    struct pn_export_options export_opts; /* --csv-sep (0: not given), --decimal-comma */
    char list_sep;                        /* import --list-sep (0: not given) */
    const char *map_format; /* render --format */
    bool quiet;
    char **paths;
    size_t n_paths;
    /* scenario commands */
    const char *remove_args[MAX_REMOVE];
    size_t n_remove_args;
    bool rank_removals;
    long removal_sample; /* --removal-sample: 0 default, -1 exact, K sources */
    struct pn_evolution_options evolution;
    bool have_years;
    const char *chart; /* evolution --chart FILE.svg */
    const char *ranks; /* evolution --ranks FILE */
    const char *priorities; /* portfolio --priorities T,T,... */
    int chart_size;         /* portfolio --chart-size: enum pn_chart_size (0 years, 1 fit) */
    const char *positions;      /* --positions FILE (issue 10) */
    const char *save_positions; /* --save-positions FILE */
    bool relayout;              /* --relayout: ignore saved positions */
};

/* How many PATHs a command takes. */
enum cli_paths { PATHS_ONE, PATHS_MANY, PATHS_OLD_NEW };

/* One row of the command table (cli.c): the parser, the help and the dispatch read it. */
struct command {
    const char *name;
    unsigned groups;           /* option groups accepted (OPT_*) */
    const char *synopsis;      /* "partnet NAME ...", after "Usage: " */
    const char *summary;       /* first line: the main help's line; all of it: --help */
    int (*run)(struct options *o);
    enum cli_paths paths;
    const char *output_help;   /* the -o line of --help; NULL: the output file line */
    const char *options_help;  /* the command's own options, after the shared ones; or NULL */
    void (*help_tail)(FILE *out); /* printed after options_help; or NULL */
    bool focus_is_reach;       /* --focus names whose reach is measured: no ego network */
};

/* What a graph command holds from load to exit; pn_cli_run_end releases all of it. */
struct run {
    struct pn_model m;
    struct pn_diag d;
    struct pn_graph *g;
    struct pn_metrics mx;
    double *positions;    /* igraph layout for --layout fr|kk|drl, or NULL */
    struct pn_strbuf out; /* the text written to -o by pn_cli_run_write */
};

/* ---- options.c ---------------------------------------------------------- */

/* Print "partnet: <message>" and the --help hint to stderr; returns PN_EUSAGE. */
int pn_cli_usage_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Defaults of every option for command cmd (borrowed for o's lifetime). */
void pn_cli_options_init(struct options *o, const struct command *cmd);

/* Parse argv (argv[0] is the command name) into o. Returns PN_OK, PN_EUSAGE (message
 * printed), or -1 when --help was printed to stdout. */
int pn_cli_options_parse(const struct command *cmd, int argc, char **argv, struct options *o);

/* Print cmd's --help to out. */
void pn_cli_command_help(const struct command *cmd, FILE *out);

/* ---- run.c ---------------------------------------------------------------- */

/* "partnet: WHAT..." on stderr, unless --quiet or stderr is not a terminal. */
void pn_cli_progress(const struct options *o, const char *what);

/* Zero r: an empty model, diagnostics and output text. */
void pn_cli_run_begin(struct run *r);

/* Load o's paths into r->m (progress "loading"). Returns the loader's status. */
int pn_cli_run_load(const struct options *o, struct run *r);

/* Load, build the graph of o's filters and analyse it into r. Returns the first failing
 * step's status. */
int pn_cli_run_analyse(const struct options *o, struct run *r);

/* The step before any map: an empty network (no entity) is an input error naming the
 * inputs (PN_EINPUT). Then --layout fr|kk|drl: igraph computes the positions (into r),
 * o->render pins them; other layouts: nothing more done. */
int pn_cli_run_layout(struct options *o, struct run *r);

/* The ego map (render --view ego with or without --focus, the report's ego.svg): around
 * focus (an entity id; NULL: the network's `focus:` key, else the node of highest
 * betweenness) with the given radius, cut out of r's analysed network (r->g must not be an
 * ego network already) and drawn with ro (its radius is set) to path. Its sizes, tooltips
 * and community numbers are r's, the whole network's, as in report.md and metrics.csv
 * (issue 9: one numbering everywhere). Errors: those of pn_graph_build (an unknown focus
 * id, with "did you mean"), pn_analysis_run and pn_render_map. */
int pn_cli_render_ego(const struct options *o, const struct run *r,
                      struct pn_render_options *ro, const char *focus, int radius,
                      const char *path, struct pn_diag *d);

/* Write sb to path ("-" = stdout) atomically; errors go to d. */
int pn_cli_write_text(const char *path, const struct pn_strbuf *sb, struct pn_diag *d);

/* Write r->out to -o, standard output by default. */
int pn_cli_run_write(const struct options *o, struct run *r);

/* Release everything r holds, print its diagnostics; returns st. */
int pn_cli_run_end(struct run *r, int st);

/* ---- run_positions.c (issue 10) ------------------------------------------ */

/* The positions a map is placed from and those it leaves. */
struct cli_positions {
    struct pn_positions in, out;
    const char *save_to; /* NULL: not saved */
};

/* Read --positions (else fallback when it exists, unless --relayout) into o->render.saved
 * and ask the map for its positions when --save-positions (else save_to) names a file.
 * Errors: those of pn_positions_load. */
int pn_cli_positions_begin(struct options *o, struct cli_positions *cp, const char *fallback,
                           const char *save_to, struct pn_diag *d);
/* Write the map's positions when st is PN_OK; release cp and unhook o. Returns st or the
 * write's error. */
int pn_cli_positions_end(struct options *o, struct cli_positions *cp, int st,
                         struct pn_diag *d);

/* Community numbers of r matched (net/match.h) to those of the metrics CSV csv when it
 * exists (not with --relayout): the report's last metrics.csv. Errors: its loader's. */
int pn_cli_match_communities_csv(const struct options *o, struct run *r, const char *csv);
/* Community numbers of r matched to those of the older version (old_g analysed with o's
 * analysis options). Errors: pn_analysis_run's. */
int pn_cli_match_communities_to(const struct options *o, struct run *r,
                                const struct pn_model *old_m, const struct pn_graph *old_g);

/* ---- cmd_*.c: one per command ------------------------------------------------
 * Each takes the parsed options (it may adjust them: they are its own) and returns the
 * exit status: PN_OK, PN_EUSAGE for a combination of options it refuses (message printed,
 * nothing loaded), else the status of the first failing step, its diagnostics printed.
 * No output file is left behind on failure. */

/* Load each PATH on its own; print "PATH: ok: counts" (not with --quiet) or its errors. */
int pn_cli_validate(struct options *o);
/* Metrics table (--format, --top, --sort) to -o or standard output. */
int pn_cli_analyse(struct options *o);
/* One map to -o (required); --compare OLD and --since-year/--years change the kind. */
int pn_cli_render(struct options *o);
/* Maps, metrics.csv, summary.json and report.md into -o DIR (default output/<name>/). */
int pn_cli_report(struct options *o);
/* The graph in --to's format (required) to -o or standard output. */
int pn_cli_export(struct options *o);
/* --csv-sep C: ',' ';' '|' or tab ("tab" or a tab character); PN_EUSAGE (printed) otherwise. */
int pn_cli_csv_sep(struct options *o, const char *arg);
/* import: CSV sheets -> a new network directory (-o DIR). */
int pn_cli_import(struct options *o);
/* --list-sep C: the separator of multi-valued cells; PN_EUSAGE (printed) when unfit. */
int pn_cli_list_sep(struct options *o, const char *arg);
/* --remove IDs or --rank-removals (exactly one); --radius refused. */
int pn_cli_whatif(struct options *o);
/* The changes from PATH OLD to PATH NEW (o->paths[0], o->paths[1]). */
int pn_cli_diff(struct options *o);
/* --years FROM..TO (required, --at refused): figures per year, --ranks and --chart files. */
int pn_cli_evolution(struct options *o);
/* The leading institutions of each theme (--theme: only those). */
int pn_cli_themes(struct options *o);
/* init: a commented starter network in a new or empty directory (cmd_init.c) */
int pn_cli_init(struct options *o);

/* The partner portfolio of --focus (default: focus:) as a table, CSV or JSON; --chart. */
int pn_cli_portfolio(struct options *o);
extern const char pn_cli_portfolio_help[]; /* its own options, for the command table */

/* evolution --help: the metrics --metric accepts, wrapped at 78 columns. */
void pn_cli_evolution_help(FILE *out);

#endif
