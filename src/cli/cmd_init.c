/*
 * init: `partnet init DIR` writes a commented starter network (issue 11) into a new or empty
 * directory: the network's title and sources, institutions, groups and ties, one file each,
 * every key explained where it is used. `partnet validate DIR` accepts it; refuses a DIR
 * that exists and is not an empty directory, and leaves nothing behind when a write fails.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/outfile.h"
#include "cli/cli_int.h"

/* One file of the starter network: its name and its lines (NULL-terminated; lines, not
 * one literal, to stay within ISO C's 4095-character string limit). */
struct starter_file {
    const char *name;
    const char *const *lines;
};

static const char *const network_yaml[] = {
    "# A partnet network: this directory's *.yaml files are read in name order and merged",
    "# (docs/format.md). Check it with `partnet validate DIR`; draw it with",
    "# `partnet report DIR` (maps, metrics and report.md in output/<name>/).",
    "partnet: 1                     # the format version (in every file)",
    "title: \"My University: partnership network\"",
    "description: >",
    "  A starter network written by `partnet init`: replace the examples with your own",
    "  institutions, groups and ties, and cite a source for each.",
    "focus: my-university           # the centre of the ego map (an institution's id)",
    "",
    "# Where the facts come from. Each institution, group and tie names one with `source:`;",
    "# the maps' subtitles and the interactive map cite them.",
    "sources:",
    "  - id: strategy-2025            # ids: lower case letters, digits and dashes",
    "    title: International strategy 2025",
    "    url: https://www.example.org/strategy",
    "    date: 2025-01                # YYYY, YYYY-MM or YYYY-MM-DD",
    "    publisher: My University",
    "",
    "# Themes that institutions and ties are tagged with (`--theme T` keeps one of them).",
    "themes:",
    "  - id: energy",
    "    label: Energy transition",
    "    color: \"#0072b2\"             # optional: the colour of --color-by theme",
    "  - id: materials",
    "    label: Materials",
    NULL,
};

static const char *const institutions_yaml[] = {
    "partnet: 1",
    "# Institutions: universities, schools, research organisations, laboratories,",
    "# hospitals, companies, agencies, governments, funders, programmes.",
    "institutions:",
    "  - id: my-university            # unique across the whole network",
    "    name: My University",
    "    short: MyU                   # optional: the label when the name is too long",
    "    type: university             # university, school, research-organisation, laboratory,",
    "                                 # hospital, company, agency, government, funder,",
    "                                 # programme or other",
    "    country: FR                  # ISO 3166-1 alpha-2",
    "    city: Nancy",
    "    location: [48.69, 6.18]      # latitude, longitude: for --view geo",
    "    themes: [energy, materials]",
    "    url: https://www.example.org",
    "    source: strategy-2025",
    "  - id: my-lab",
    "    name: Laboratory of Energy and Materials",
    "    type: laboratory",
    "    country: FR",
    "    city: Nancy",
    "    parent: my-university        # a part-of line from the lab to its university",
    "    source: strategy-2025",
    "  - id: partner-university",
    "    name: Partner University",
    "    type: university",
    "    country: DE",
    "    city: Saarbrücken",
    "    location: [49.24, 6.99]",
    "    source: strategy-2025",
    "  - id: research-centre",
    "    name: National Research Centre",
    "    type: research-organisation",
    "    country: FR",
    "    city: Paris",
    "    since: 2010                  # since/until: the years it took part (--at YEAR)",
    "    source: strategy-2025",
    NULL,
};

static const char *const groups_yaml[] = {
    "partnet: 1",
    "# Groups: alliances (e.g. a European University) and networks (associations,",
    "# programmes). Each member gets a membership line to its group.",
    "alliances:",
    "  - id: my-alliance",
    "    name: My European University Alliance",
    "    type: european-university-alliance   # free text for groups",
    "    since: 2020",
    "    source: strategy-2025",
    "    members:",
    "      - my-university",
    "      - id: partner-university   # the long form: a role and years",
    "        role: coordinator",
    "        since: 2020",
    "networks:",
    "  - id: energy-network",
    "    name: European Energy Research Network",
    "    themes: [energy]",
    "    source: strategy-2025",
    "    members: [my-university, research-centre]",
    NULL,
};

static const char *const ties_yaml[] = {
    "partnet: 1",
    "# Ties: bilateral partnerships. `between` is undirected, `from`/`to` directed",
    "# (funding, hosting). Types: agreement, joint-lab, joint-centre, mobility, research,",
    "# training, funding, cotutelle, hosting, other, or free text.",
    "ties:",
    "  - between: [my-university, partner-university]",
    "    type: agreement",
    "    label: Framework agreement",
    "    since: 2015",
    "    weight: 2                    # how strong (default 1)",
    "    themes: [materials]",
    "    source: strategy-2025",
    "  - from: research-centre",
    "    to: my-lab",
    "    type: funding",
    "    since: 2018",
    "    until: 2026",
    "    source: strategy-2025",
    "  - [my-lab, partner-university]  # shorthand: undirected, type other",
    NULL,
};

static const struct starter_file starter[] = {
    {"00-network.yaml", network_yaml},
    {"10-institutions.yaml", institutions_yaml},
    {"20-groups.yaml", groups_yaml},
    {"30-ties.yaml", ties_yaml},
};
#define N_STARTER (sizeof starter / sizeof starter[0])

/* PN_OK when dir does not exist or is an empty directory; else a usage error. */
static int check_dir(const char *dir)
{
    struct stat sb;
    if (stat(dir, &sb) != 0)
        return errno == ENOENT ? PN_OK
                               : pn_cli_usage_error("init: cannot use '%s': %s", dir,
                                                    strerror(errno));
    if (!S_ISDIR(sb.st_mode))
        return pn_cli_usage_error("init: '%s' exists and is not a directory; expected a new "
                                  "or empty directory", dir);
    DIR *d = opendir(dir);
    if (d == NULL)
        return pn_cli_usage_error("init: cannot read '%s': %s", dir, strerror(errno));
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(d);
    if (n > 0)
        return pn_cli_usage_error("init: '%s' is not empty (%zu entr%s); expected a new or "
                                  "empty directory",
                                  dir, n, n == 1 ? "y" : "ies");
    return PN_OK;
}

/* Write the starter files into dir; on failure remove those already written. */
static int write_starter(const char *dir, struct pn_diag *d)
{
    size_t done = 0;
    int st = PN_OK;
    for (; done < N_STARTER && st == PN_OK; done++) {
        struct pn_strbuf sb;
        pn_strbuf_init(&sb);
        for (const char *const *l = starter[done].lines; *l != NULL; l++)
            pn_strbuf_appendf(&sb, "%s\n", *l);
        char *path = pn_xasprintf("%s/%s", dir, starter[done].name);
        st = pn_outfile_write_all(path, pn_strbuf_str(&sb), strlen(pn_strbuf_str(&sb)), d);
        free(path);
        pn_strbuf_destroy(&sb);
    }
    if (st != PN_OK)
        for (size_t i = 0; i + 1 < done; i++) {
            char *path = pn_xasprintf("%s/%s", dir, starter[i].name);
            unlink(path);
            free(path);
        }
    return st;
}

int pn_cli_init(struct options *o)
{
    const char *dir = o->paths[0];
    if (strcmp(dir, "-") == 0)
        return pn_cli_usage_error("init: expected a directory, got '-'");
    int st = check_dir(dir);
    if (st != PN_OK)
        return st;
    struct run r;
    pn_cli_run_begin(&r);
    st = pn_mkdir_p(dir, &r.d);
    if (st == PN_OK && (st = write_starter(dir, &r.d)) != PN_OK)
        rmdir(dir); /* it was new or empty: leave it as it was */
    if (st == PN_OK && !o->quiet)
        printf("partnet: wrote %s/{00-network,10-institutions,20-groups,30-ties}.yaml\n"
               "partnet: next: partnet validate %s, then partnet report %s\n",
               dir, dir, dir);
    return pn_cli_run_end(&r, st);
}
