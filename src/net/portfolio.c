/*
 * portfolio (issue 14): the partners of a focus measured by the selection criteria of a
 * strategy (docs/portfolio.md explains every rule with a worked example). The partners
 * come from the model (ties of the focus and of its parts, shared groups); the embedding
 * (single broker, centrality rank) from igraph on the whole network, like analysis.c's
 * ego brokers but keeping each node's immediate dominator.
 */
#include "net/portfolio.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "net/graph_int.h"
#include "net/scenario.h"

#define PN_SCOPE_NAME(id, name, words) name,
#define PN_SCOPE_WORDS(id, name, words) words,
const char *const pn_scope_names[PN_SCOPE_N + 1] = {PN_SCOPES(PN_SCOPE_NAME) NULL};
const char *const pn_scope_words[PN_SCOPE_N] = {PN_SCOPES(PN_SCOPE_WORDS)};

#define R (1u << PN_DIM_RESEARCH)
#define T (1u << PN_DIM_TRAINING)
#define I (1u << PN_DIM_INNOVATION)

/* The default dimension table: a key is a tie type (matched exactly) or a word of a group's
 * `type` (matched case-insensitively anywhere in it); "alliance" and "network" name the kind
 * of a group whose type matches no other key. The network's `dimensions:` rows replace a
 * row of the same key or add one. */
static const struct {
    const char *key;
    unsigned dims;
} default_dims[] = {
    {"research", R},       {"joint-lab", R},       {"joint-centre", R},  {"agreement", R},
    {"training", T},       {"mobility", T},        {"cotutelle", T},     {"funding", I},
    {"hosting", I},        {"transfer", I},        {"university", R | T}, {"excellence", R},
    {"laboratory", R},     {"i-site", R | T | I},  {"innovation", I},    {"technology", I},
    {"public-private", I}, {"cluster", R | I},     {"alliance", R | T},  {"network", R},
};
#define N_DEFAULT_DIMS (sizeof default_dims / sizeof default_dims[0])

/* Tie types that are formal instruments (durability). */
static const char *const formal_types[] = {"agreement", "joint-lab", "joint-centre", "irp",
                                           "programme", NULL};

void pn_portfolio_options_default(struct pn_portfolio_options *o)
{
    memset(o, 0, sizeof *o);
    o->at_year = PN_YEAR_UNSET;
    pn_analysis_options_default(&o->analysis);
}

/* ---- dimensions ------------------------------------------------------------- */

static bool is_kind_key(const char *key)
{
    return strcmp(key, "alliance") == 0 || strcmp(key, "network") == 0;
}

/* The rule of key: the network's row, else the default's; false if neither has it. */
static bool rule_of(const struct pn_model *m, const char *key, unsigned *dims)
{
    for (size_t i = 0; i < m->n_dim_rules; i++)
        if (strcmp(m->dim_rules[i].key, key) == 0) {
            *dims = m->dim_rules[i].dims;
            return true;
        }
    for (size_t i = 0; i < N_DEFAULT_DIMS; i++)
        if (strcmp(default_dims[i].key, key) == 0) {
            *dims = default_dims[i].dims;
            return true;
        }
    return false;
}

unsigned pn_portfolio_tie_dims(const struct pn_model *m, const char *type)
{
    unsigned dims = 0;
    if (type == NULL || is_kind_key(type) || !rule_of(m, type, &dims))
        return 0;
    return dims;
}

/* Does key occur in text, ignoring ASCII case? */
static bool has_word(const char *text, const char *key)
{
    size_t k = strlen(key);
    for (const char *p = text; *p != '\0'; p++) {
        size_t i = 0;
        while (i < k && p[i] != '\0' &&
               tolower((unsigned char)p[i]) == tolower((unsigned char)key[i]))
            i++;
        if (i == k)
            return true;
    }
    return false;
}

/* Union of the rules whose key is in the group's type; keys are tried once each (the
 * network's rows first, then the defaults they do not replace). */
unsigned pn_portfolio_group_dims(const struct pn_model *m, const struct pn_entity *g)
{
    unsigned dims = 0, d;
    bool matched = false;
    const char *type = g->type != NULL ? g->type : "";
    for (size_t i = 0; i < m->n_dim_rules; i++)
        if (!is_kind_key(m->dim_rules[i].key) && has_word(type, m->dim_rules[i].key)) {
            dims |= m->dim_rules[i].dims;
            matched = true;
        }
    for (size_t i = 0; i < N_DEFAULT_DIMS; i++) {
        const char *key = default_dims[i].key;
        bool replaced = false;
        for (size_t j = 0; j < m->n_dim_rules && !replaced; j++)
            replaced = strcmp(m->dim_rules[j].key, key) == 0;
        if (!replaced && !is_kind_key(key) && has_word(type, key)) {
            dims |= default_dims[i].dims;
            matched = true;
        }
    }
    if (!matched && rule_of(m, g->kind == PN_KIND_ALLIANCE ? "alliance" : "network", &d))
        dims = d;
    return dims;
}

/* ---- scope and world regions ---------------------------------------------------- */

static const char european[] =
    "AD AL AT BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GI GR HR HU IE IS IT LI LT LU LV "
    "MC MD ME MK MT NL NO PL PT RO RS RU SE SI SK SM UA VA XK";

/* Land borders between European countries, as pairs "AABB". */
static const char borders[] =
    "FRBE FRLU FRDE FRCH FRIT FRES FRAD FRMC DEDK DENL DEBE DELU DECH DEAT DECZ DEPL BENL "
    "BELU CHIT CHAT CHLI ATCZ ATSK ATHU ATSI ATIT ATLI ITSM ITVA ITSI ESPT ESAD ESGI PLCZ "
    "PLSK PLUA PLBY PLLT PLRU CZSK SKHU SKUA HURO HURS HUHR HUSI HUUA SIHR HRBA HRRS HRME "
    "BARS BAME RSME RSXK RSMK RSBG RSRO MEXK MEAL ALXK ALMK ALGR MKXK MKGR MKBG GRBG BGRO "
    "ROMD ROUA UAMD UABY UARU BYLT BYLV BYRU LTLV LTRU LVEE LVRU EERU FISE FINO FIRU SENO "
    "NORU IEGB";

/* Regions whose land borders are known: the regions across the border they touch, as
 * "CC:Region" (or "CC" for a whole country), ';'-separated. A region of this table with an
 * empty list has no land border. */
static const struct {
    const char *country, *region, *across;
} border_regions[] = {
    {"FR", "Grand Est",
     "DE:Saarland;DE:Rhineland-Palatinate;DE:Rheinland-Pfalz;DE:Baden-Württemberg;LU;"
     "BE:Wallonia;BE:Wallonie;CH:Basel-Stadt;CH:Basel-Landschaft;CH:Jura;CH:Solothurn"},
    {"FR", "Hauts-de-France", "BE:Wallonia;BE:Wallonie;BE:Flanders;BE:Vlaanderen"},
    {"FR", "Bourgogne-Franche-Comté", "CH:Jura;CH:Neuchâtel;CH:Vaud;CH:Basel-Landschaft"},
    {"FR", "Auvergne-Rhône-Alpes", "CH:Geneva;CH:Genève;CH:Vaud;CH:Valais;IT:Aosta Valley;"
                                   "IT:Valle d'Aosta;IT:Piedmont;IT:Piemonte"},
    {"FR", "Provence-Alpes-Côte d'Azur", "IT:Piedmont;IT:Piemonte;IT:Liguria;MC"},
    {"FR", "Occitanie", "ES:Catalonia;ES:Cataluña;ES:Catalunya;ES:Aragon;ES:Aragón;AD"},
    {"FR", "Nouvelle-Aquitaine", "ES:Basque Country;ES:País Vasco;ES:Navarre;ES:Navarra;"
                                 "ES:Aragon;ES:Aragón"},
    {"FR", "Île-de-France", ""},
    {"FR", "Normandie", ""},
    {"FR", "Bretagne", ""},
    {"FR", "Pays de la Loire", ""},
    {"FR", "Centre-Val de Loire", ""},
    {"FR", "Corse", ""},
    {"DE", "Saarland", "FR:Grand Est;LU"},
    {"DE", "Rhineland-Palatinate", "FR:Grand Est;LU;BE:Wallonia;BE:Wallonie"},
    {"DE", "Baden-Württemberg", "FR:Grand Est;CH"},
    {"LU", "Luxembourg", "FR:Grand Est;DE:Saarland;DE:Rhineland-Palatinate;BE:Wallonia"},
};

/* Does the partner (country, region) lie in one of the ';'-separated "CC[:Region]" of
 * across? A partner without a region: its country named at all. */
static bool across_has(const char *across, const char *country, const char *region)
{
    for (const char *p = across; *p != '\0';) {
        const char *end = strchr(p, ';');
        size_t len = end != NULL ? (size_t)(end - p) : strlen(p);
        if (len >= 2 && memcmp(p, country, 2) == 0) {
            if (len == 2 || region == NULL)
                return true;
            if (p[2] == ':' && strlen(region) == len - 3 && memcmp(p + 3, region, len - 3) == 0)
                return true;
        }
        p += len + (end != NULL);
    }
    return false;
}

static const struct {
    const char *name, *codes;
} world_regions[] = {
    {"Europe", european},
    {"North America", "US CA GL BM PM"},
    {"Latin America", "MX GT BZ SV HN NI CR PA CU DO HT JM TT BS BB CO VE EC PE BO BR PY UY AR "
                      "CL GY SR PR GP MQ GF"},
    {"Africa", "DZ EG LY MA TN SD SS ET ER DJ SO KE UG TZ RW BI CD CG GA CM CF TD NE NG BJ TG "
               "GH CI LR SL GN GW SN GM ML MR BF CV ST GQ AO ZM ZW MW MZ MG MU SC KM NA BW ZA "
               "LS SZ RE YT EH"},
    {"Middle East", "AE BH IL IQ IR JO KW LB OM PS QA SA SY YE TR"},
    {"Asia", "AF BD BT BN KH CN HK MO TW IN ID JP KZ KG LA MY MV MN MM NP KP KR PK PH SG LK TJ "
             "TH TL TM UZ VN AM AZ GE"},
    {"Oceania", "AU NZ PG FJ SB VU NC PF WS TO KI FM MH PW NR TV"},
};

/* Is the two-letter code c one of the space-separated codes of list? */
static bool in_codes(const char *list, const char *c)
{
    if (c == NULL || strlen(c) != 2)
        return false;
    for (const char *p = list; *p != '\0'; p++)
        if ((p == list || p[-1] == ' ') && p[0] == c[0] && p[1] == c[1] &&
            (p[2] == ' ' || p[2] == '\0'))
            return true;
    return false;
}

static bool neighbours(const char *a, const char *b)
{
    if (a == NULL || b == NULL || strlen(a) != 2 || strlen(b) != 2)
        return false;
    for (const char *p = borders; p[0] != '\0'; p += p[4] == ' ' ? 5 : 4)
        if ((memcmp(p, a, 2) == 0 && memcmp(p + 2, b, 2) == 0) ||
            (memcmp(p, b, 2) == 0 && memcmp(p + 2, a, 2) == 0))
            return true;
    return false;
}

const char *pn_portfolio_world_region(const char *country)
{
    if (country == NULL)
        return "unknown";
    for (size_t i = 0; i < sizeof world_regions / sizeof world_regions[0]; i++)
        if (in_codes(world_regions[i].codes, country))
            return world_regions[i].name;
    return "other";
}

enum pn_scope pn_portfolio_scope(const char *fcountry, const char *fregion, const char *country,
                                 const char *region)
{
    if (country == NULL)
        return PN_SCOPE_UNKNOWN;
    if (fcountry != NULL && strcmp(fcountry, country) == 0)
        return fregion != NULL && region != NULL && strcmp(fregion, region) == 0
                   ? PN_SCOPE_REGION
                   : PN_SCOPE_NATIONAL;
    bool known = false, touches = false;
    for (size_t i = 0; fcountry != NULL && fregion != NULL &&
                       i < sizeof border_regions / sizeof border_regions[0];
         i++)
        if (strcmp(border_regions[i].country, fcountry) == 0 &&
            strcmp(border_regions[i].region, fregion) == 0) {
            known = true;
            touches = across_has(border_regions[i].across, country, region);
        }
    if (known ? touches : neighbours(fcountry, country))
        return PN_SCOPE_CROSS_BORDER;
    return in_codes(european, country) ? PN_SCOPE_EUROPEAN : PN_SCOPE_WORLD;
}

/* ---- the accumulation ------------------------------------------------------------ */

/* A small list of strings (borrowed), unique unless added with dup. */
struct slist {
    const char **v;
    size_t n, cap;
};

static void sl_add(struct slist *l, const char *s, bool dup)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < l->n && !dup; i++)
        if (strcmp(l->v[i], s) == 0)
            return;
    pn_xgrow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v);
    l->v[l->n++] = s;
}

static bool sl_has(const struct slist *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i], s) == 0)
            return true;
    return false;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The list joined by "; " (sorted first when sort); a new string, "" when empty. */
static char *sl_join(struct slist *l, bool sort)
{
    if (sort && l->n > 1)
        qsort(l->v, l->n, sizeof *l->v, cmp_str);
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    for (size_t i = 0; i < l->n; i++)
        pn_strbuf_appendf(&sb, "%s%s", i ? "; " : "", l->v[i]);
    char *s = pn_xstrdup(pn_strbuf_str(&sb));
    pn_strbuf_destroy(&sb);
    free(l->v);
    memset(l, 0, sizeof *l);
    return s;
}

struct acc {
    bool is;
    unsigned dims, ch;
    size_t n_ties, n_instr;
    int since;
    bool active;
    struct slist types, labels, via, instr, themes, groups;
};

struct work {
    const struct pn_model *m;
    int at;
    bool *family; /* the focus and its parts */
    struct acc *a; /* per entity */
};

static void earliest(int *since, int y)
{
    if (y != PN_YEAR_UNSET && (*since == PN_YEAR_UNSET || y < *since))
        *since = y;
}

static bool is_formal(const char *type)
{
    for (size_t i = 0; formal_types[i] != NULL; i++)
        if (strcmp(formal_types[i], type) == 0)
            return true;
    return false;
}

/* Tie t counts for partner p, through the entity via (PN_NONE: none). */
static void add_tie(struct work *w, size_t p, const struct pn_tie *t, unsigned ch, size_t via)
{
    struct acc *a = &w->a[p];
    a->is = true;
    a->ch |= ch;
    a->n_ties++;
    a->dims |= pn_portfolio_tie_dims(w->m, t->type);
    sl_add(&a->types, t->type, false);
    sl_add(&a->labels, t->label, true);
    if (via != PN_NONE)
        sl_add(&a->via, w->m->entities[via].id, false);
    if (is_formal(t->type)) {
        a->n_instr++;
        sl_add(&a->instr, t->type, false);
    }
    for (size_t k = 0; k < t->n_themes; k++)
        sl_add(&a->themes, t->themes[k], false);
    earliest(&a->since, t->since);
    a->active |= pn_model_active(t->since, t->until, w->at);
}

/* Group g links the focus side (membership fm) to partner p (membership pm, NULL when p is
 * g itself). */
static void add_group(struct work *w, size_t p, size_t g, const struct pn_member *fm,
                      const struct pn_member *pm)
{
    const struct pn_entity *ge = &w->m->entities[g];
    struct acc *a = &w->a[p];
    a->is = true;
    a->ch |= pm != NULL ? PN_CH_GROUP : PN_CH_MEMBER;
    a->dims |= pn_portfolio_group_dims(w->m, ge);
    for (size_t k = 0; k < ge->n_themes; k++)
        sl_add(&a->themes, ge->themes[k], false);
    if (pm != NULL)
        sl_add(&a->groups, ge->id, false);
    /* together from the later of the two joinings (a membership without since: the group's) */
    int s1 = fm->since != PN_YEAR_UNSET ? fm->since : ge->since;
    int s2 = pm == NULL ? s1 : pm->since != PN_YEAR_UNSET ? pm->since : ge->since;
    int s = s1 == PN_YEAR_UNSET ? s2 : s2 == PN_YEAR_UNSET ? s1 : s1 > s2 ? s1 : s2;
    earliest(&a->since, s);
    a->active |= pn_model_active(ge->since, ge->until, w->at) &&
                 pn_model_active(fm->since, fm->until, w->at) &&
                 (pm == NULL || pn_model_active(pm->since, pm->until, w->at));
}

/* Ties with exactly one end on the focus side: for the other end, and for each ancestor
 * of it outside the focus side (through its part). */
static void collect_ties(struct work *w, size_t focus)
{
    const struct pn_model *m = w->m;
    for (size_t i = 0; i < m->n_ties; i++) {
        const struct pn_tie *t = &m->ties[i];
        if (t->ia == PN_NONE || t->ib == PN_NONE || w->family[t->ia] == w->family[t->ib])
            continue;
        size_t f = w->family[t->ia] ? t->ia : t->ib, o = f == t->ia ? t->ib : t->ia;
        add_tie(w, o, t, f == focus ? PN_CH_TIE : PN_CH_FOCUS_PART, f == focus ? PN_NONE : f);
        size_t depth = 0;
        for (size_t p = m->entities[o].parent_index; p != PN_NONE && !w->family[p] &&
                                                     depth < m->n_entities;
             p = m->entities[p].parent_index, depth++)
            add_tie(w, p, t, PN_CH_PART, o);
    }
}

/* Groups with a member on the focus side: the group itself, and its other members. */
static void collect_groups(struct work *w)
{
    const struct pn_model *m = w->m;
    for (size_t g = 0; g < m->n_entities; g++) {
        const struct pn_entity *ge = &m->entities[g];
        const struct pn_member *fm = NULL;
        for (size_t k = 0; k < ge->n_members && fm == NULL; k++)
            if (ge->members[k].entity != PN_NONE && w->family[ge->members[k].entity])
                fm = &ge->members[k];
        if (fm == NULL || w->family[g])
            continue;
        add_group(w, g, g, fm, NULL);
        for (size_t k = 0; k < ge->n_members; k++) {
            size_t e = ge->members[k].entity;
            if (e != PN_NONE && !w->family[e])
                add_group(w, e, g, fm, &ge->members[k]);
        }
    }
}

/* ---- embedding -------------------------------------------------------------------- */

/* broker[e]: the immediate dominator of e in the whole network (undirected, as mutual arcs)
 * rooted at the focus, when it is not the focus; rank[e]: betweenness rank. */
static enum pn_status embedding(const struct pn_model *m, const struct pn_portfolio_options *o,
                                size_t focus, size_t *broker, size_t *rank, struct pn_diag *d)
{
    struct pn_graph_options go;
    memset(&go, 0, sizeof go);
    go.at_year = PN_YEAR_UNSET;
    go.projection = PN_PROJ_NONE;
    go.proj_weight = PN_PROJW_COUNT;
    struct pn_graph *own = NULL;
    struct pn_metrics mx;
    memset(&mx, 0, sizeof mx);
    enum pn_status st = PN_OK;
    if (o->graph == NULL || o->metrics == NULL) {
        st = pn_graph_build(m, &go, &own, d);
        if (st == PN_OK)
            st = pn_analysis_run(own, &o->analysis, &mx, d);
    }
    const struct pn_graph *g = own != NULL ? own : o->graph;
    const struct pn_metrics *met = own != NULL ? &mx : o->metrics;
    igraph_vector_int_t dom;
    bool dom_ok = false;
    if (st != PN_OK)
        goto out;
    const struct pn_view *v = &g->view;
    size_t n = v->n_nodes, f = v->entity_node[focus];
    size_t *r = pn_xcalloc(n + 1, sizeof *r);
    pn_scenario_ranks(met->v[PN_M_BETWEENNESS], n, true, r);
    for (size_t i = 0; i < n; i++)
        rank[v->node_entity[i]] = r[i];
    free(r);
    pn_graph_error_reset();
    st = PN_EIO;
    if (igraph_vector_int_init(&dom, 0) != IGRAPH_SUCCESS)
        goto fail;
    dom_ok = true;
    if (!pn_graph_dominators(g, f, &dom))
        goto fail;
    for (size_t i = 0; i < n; i++) {
        igraph_integer_t p = VECTOR(dom)[i];
        if (i != f && p >= 0 && (size_t)p < n && (size_t)p != f)
            broker[v->node_entity[i]] = v->node_entity[p];
    }
    st = PN_OK;
    goto out;
fail:
    st = pn_graph_igraph_fail(d, "portfolio brokers");
out:
    if (dom_ok)
        igraph_vector_int_destroy(&dom);
    pn_metrics_destroy(&mx);
    pn_graph_free(own);
    return st;
}

/* ---- options: focus, year, priorities ------------------------------------------------ */

static enum pn_status find_focus(const struct pn_model *m, const char *id, size_t *out,
                                 struct pn_diag *d)
{
    const struct pn_loc *loc = id == NULL && m->focus != NULL ? &m->loc_focus : NULL;
    if (id == NULL)
        id = m->focus;
    if (id == NULL) {
        pn_diag_error(d, NULL, "portfolio: no focus: give --focus ID, or set 'focus:' in the "
                               "network");
        return PN_EINPUT;
    }
    *out = pn_model_find(m, id);
    if (*out != PN_NONE)
        return PN_OK;
    const char *near = pn_model_closest_id(m, id);
    if (near != NULL)
        pn_diag_error(d, loc, "unknown focus id '%s' (did you mean '%s'?)", id, near);
    else
        pn_diag_error(d, loc, "unknown focus id '%s'", id);
    return PN_EINPUT;
}

static enum pn_status set_priorities(const struct pn_model *m,
                                     const struct pn_portfolio_options *o, struct pn_portfolio *p,
                                     struct pn_diag *d)
{
    const struct pn_entity *fe = &m->entities[p->focus];
    const char *const *src = o->n_priorities > 0 ? o->priorities : (const char *const *)fe->themes;
    size_t n = o->n_priorities > 0 ? o->n_priorities : fe->n_themes;
    p->priorities_given = o->n_priorities > 0;
    p->priorities = pn_xcalloc(n + 1, sizeof *p->priorities);
    enum pn_status st = PN_OK;
    const char **ids = pn_xcalloc(m->n_themes + 1, sizeof *ids);
    for (size_t i = 0; i < m->n_themes; i++)
        ids[i] = m->themes[i].id;
    for (size_t i = 0; i < n; i++) {
        if (pn_model_find_theme(m, src[i]) == NULL) {
            const char *near = pn_closest(src[i], (const char *const *)ids, m->n_themes);
            if (near != NULL)
                pn_diag_error(d, NULL, "unknown theme '%s' in --priorities (did you mean '%s'?)",
                              src[i], near);
            else
                pn_diag_error(d, NULL, "unknown theme '%s' in --priorities (the network "
                                       "declares no such theme)", src[i]);
            st = PN_EINPUT;
            continue;
        }
        bool seen = false;
        for (size_t k = 0; k < p->n_priorities && !seen; k++)
            seen = strcmp(p->priorities[k], src[i]) == 0;
        if (!seen)
            p->priorities[p->n_priorities++] = pn_xstrdup(src[i]);
    }
    free(ids);
    return st;
}

/* The latest year the data names: source dates, since and until of everything. */
static int latest_year(const struct pn_model *m)
{
    int y = PN_YEAR_UNSET;
#define PN_LATER(x)                                                                            \
    do {                                                                                       \
        if ((x) > y)                                                                           \
            y = (x);                                                                           \
    } while (0)
    for (size_t i = 0; i < m->n_sources; i++)
        if (m->sources[i].date != NULL)
            PN_LATER(atoi(m->sources[i].date));
    for (size_t i = 0; i < m->n_entities; i++) {
        const struct pn_entity *e = &m->entities[i];
        PN_LATER(e->since);
        PN_LATER(e->until);
        for (size_t k = 0; k < e->n_members; k++) {
            PN_LATER(e->members[k].since);
            PN_LATER(e->members[k].until);
        }
    }
    for (size_t i = 0; i < m->n_ties; i++) {
        PN_LATER(m->ties[i].since);
        PN_LATER(m->ties[i].until);
    }
#undef PN_LATER
    return y;
}

/* ---- rows ---------------------------------------------------------------------------- */

static int popcount(unsigned x)
{
    int n = 0;
    for (; x; x >>= 1)
        n += (int)(x & 1u);
    return n;
}

static int cmp_rows(const void *pa, const void *pb)
{
    const struct pn_portfolio_row *a = pa, *b = pb;
    int da = popcount(a->dims), db = popcount(b->dims);
    if (da != db)
        return db - da;
    if (a->n_instruments != b->n_instruments)
        return a->n_instruments < b->n_instruments ? 1 : -1;
    if (a->n_fit != b->n_fit)
        return a->n_fit < b->n_fit ? 1 : -1;
    return strcmp(a->id, b->id);
}

/* The row of entity e from its accumulator (whose lists it empties). */
static void make_row(struct work *w, struct pn_portfolio *p, size_t e, const size_t *broker,
                     const size_t *rank, struct pn_portfolio_row *row)
{
    const struct pn_model *m = w->m;
    const struct pn_entity *pe = &m->entities[e], *fe = &m->entities[p->focus];
    struct acc *a = &w->a[e];
    for (size_t k = 0; k < pe->n_themes; k++)
        sl_add(&a->themes, pe->themes[k], false);
    struct slist fit = {0};
    for (size_t k = 0; k < p->n_priorities; k++)
        if (sl_has(&a->themes, p->priorities[k]))
            sl_add(&fit, p->priorities[k], false);
    row->entity = e;
    row->id = pe->id;
    row->dims = a->dims;
    row->channels = a->ch;
    row->n_ties = a->n_ties;
    row->since = a->since;
    row->years = a->since == PN_YEAR_UNSET ? -1 : a->since > p->at ? 0 : p->at - a->since;
    row->n_instruments = a->n_instr;
    row->active = a->active && pn_model_active(pe->since, pe->until, p->at);
    row->n_fit = fit.n;
    row->fit = p->n_priorities > 0 ? (double)fit.n / (double)p->n_priorities : 0;
    row->fit_themes = sl_join(&fit, false);
    row->tie_types = sl_join(&a->types, true);
    row->labels = sl_join(&a->labels, false);
    row->via = sl_join(&a->via, true);
    row->instruments = sl_join(&a->instr, true);
    row->n_groups = a->groups.n;
    row->groups = sl_join(&a->groups, true);
    row->themes = sl_join(&a->themes, true);
    row->scope = pn_portfolio_scope(fe->country, fe->region, pe->country, pe->region);
    row->world = pn_portfolio_world_region(pe->country);
    row->broker = broker[e];
    row->rank = rank[e];
}

bool pn_portfolio_has_theme(const char *list, const char *id)
{
    size_t len = strlen(id);
    for (const char *s = list; s != NULL && *s != '\0'; s++)
        if ((s == list || (s - list >= 2 && s[-1] == ' ' && s[-2] == ';')) &&
            strncmp(s, id, len) == 0 && (s[len] == '\0' || s[len] == ';'))
            return true;
    return false;
}

/* Per priority: the partners outside the focus's country that have it. */
static void theme_gaps(const struct pn_model *m, struct pn_portfolio *p)
{
    const char *fc = m->entities[p->focus].country;
    p->abroad = pn_xcalloc(p->n_priorities + 1, sizeof *p->abroad);
    p->only = pn_xcalloc(p->n_priorities + 1, sizeof *p->only);
    for (size_t k = 0; k < p->n_priorities; k++) {
        p->only[k] = PN_NONE;
        for (size_t i = 0; i < p->n_rows; i++) {
            const char *c = m->entities[p->rows[i].entity].country;
            if (c == NULL || (fc != NULL && strcmp(c, fc) == 0))
                continue;
            bool has = pn_portfolio_has_theme(p->rows[i].themes, p->priorities[k]);
            if (has) {
                p->abroad[k]++;
                p->only[k] = p->abroad[k] == 1 ? i : PN_NONE;
            }
        }
    }
}

enum pn_status pn_portfolio_run(const struct pn_model *m, const struct pn_portfolio_options *o,
                                struct pn_portfolio *out, struct pn_diag *d)
{
    memset(out, 0, sizeof *out);
    enum pn_status st = find_focus(m, o->focus, &out->focus, d);
    if (st == PN_OK)
        st = set_priorities(m, o, out, d);
    if (st != PN_OK) {
        pn_portfolio_free(out);
        return st;
    }
    out->at_given = o->at_year != PN_YEAR_UNSET;
    out->at = out->at_given ? o->at_year : latest_year(m);
    struct work w = {m, out->at, pn_xcalloc(m->n_entities + 1, sizeof(bool)),
                     pn_xcalloc(m->n_entities + 1, sizeof(struct acc))};
    for (size_t e = 0; e < m->n_entities; e++) { /* the focus and its parts */
        size_t depth = 0;
        for (size_t p = e; p != PN_NONE && depth <= m->n_entities && !w.family[e];
             p = m->entities[p].parent_index, depth++)
            w.family[e] = p == out->focus;
    }
    collect_ties(&w, out->focus);
    collect_groups(&w);
    size_t *broker = pn_xcalloc(m->n_entities + 1, sizeof *broker);
    size_t *rank = pn_xcalloc(m->n_entities + 1, sizeof *rank);
    for (size_t e = 0; e < m->n_entities; e++)
        broker[e] = PN_NONE;
    st = embedding(m, o, out->focus, broker, rank, d);
    out->rows = pn_xcalloc(m->n_entities + 1, sizeof *out->rows);
    for (size_t e = 0; e < m->n_entities; e++) {
        if (w.a[e].is && st == PN_OK)
            make_row(&w, out, e, broker, rank, &out->rows[out->n_rows++]);
        struct acc *a = &w.a[e];
        free(a->types.v), free(a->labels.v), free(a->via.v), free(a->instr.v);
        free(a->themes.v), free(a->groups.v);
    }
    qsort(out->rows, out->n_rows, sizeof *out->rows, cmp_rows);
    theme_gaps(m, out);
    free(broker);
    free(rank);
    free(w.family);
    free(w.a);
    if (st != PN_OK)
        pn_portfolio_free(out);
    return st;
}

void pn_portfolio_free(struct pn_portfolio *p)
{
    for (size_t i = 0; i < p->n_rows; i++) {
        struct pn_portfolio_row *r = &p->rows[i];
        free(r->tie_types), free(r->labels), free(r->via), free(r->instruments);
        free(r->fit_themes), free(r->themes), free(r->groups);
    }
    free(p->rows);
    for (size_t i = 0; i < p->n_priorities; i++)
        free(p->priorities[i]);
    free(p->priorities);
    free(p->abroad);
    free(p->only);
    memset(p, 0, sizeof *p);
}
