/*
 * html: the interactive map (`render -o map.html`, the report's map.html). The SVG of the
 * same drawing (draw.c renders it to a temp file) wrapped in one self-contained page: the
 * viewer's page, style and script (html_app.{html,css,js}, embedded at build time as
 * html_assets.c) and the map's data as JSON. User text enters the page only as that JSON,
 * escaped for a <script type="application/json"> element, and as the SVG Graphviz already
 * escaped for XML; the script reads it with textContent. Must not include Graphviz headers.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h> /* mkstemp, close, unlink */

#include "base/outfile.h"
#include "map/html_assets.h"
#include "map/map_int.h"

/* s as a JSON string that is also inert inside <script>: <, >, & and U+2028/2029 as
 * \u escapes (so neither "</script>" nor "<!--" can end or change the element). */
static void json_str(struct pn_strbuf *sb, const char *s)
{
    if (s == NULL) {
        pn_strbuf_append(sb, "null");
        return;
    }
    pn_strbuf_appendc(sb, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            pn_strbuf_appendf(sb, "\\%c", *p);
        else if (*p == '\n')
            pn_strbuf_append(sb, "\\n");
        else if (*p < 0x20 || *p == '<' || *p == '>' || *p == '&' || *p == 0x7f)
            pn_strbuf_appendf(sb, "\\u%04x", *p);
        else if (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)) {
            pn_strbuf_appendf(sb, "\\u%04x", p[2] == 0xa8 ? 0x2028 : 0x2029);
            p += 2;
        } else
            pn_strbuf_appendc(sb, (char)*p);
    }
    pn_strbuf_appendc(sb, '"');
}

/* A number for JSON (null for NaN and infinities). */
static void json_num(struct pn_strbuf *sb, double x)
{
    if (!isfinite(x))
        pn_strbuf_append(sb, "null");
    else
        pn_strbuf_appendf(sb, "%.6g", x == 0 ? 0 : x);
}

/* A year for JSON (null when unset). */
static void json_year(struct pn_strbuf *sb, int y)
{
    if (y == PN_YEAR_UNSET)
        pn_strbuf_append(sb, "null");
    else
        pn_strbuf_appendf(sb, "%d", y);
}

/* A small list of strings, borrowed (the sources and themes of one node). */
struct strs {
    const char **v;
    size_t n, cap;
};

static void strs_add(struct strs *s, const char *x)
{
    if (x == NULL)
        return;
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i], x) == 0)
            return;
    pn_xgrow((void **)&s->v, &s->cap, s->n + 1, sizeof *s->v);
    s->v[s->n++] = x;
}

static void json_strs(struct pn_strbuf *sb, const struct strs *s)
{
    pn_strbuf_appendc(sb, '[');
    for (size_t i = 0; i < s->n; i++) {
        if (i > 0)
            pn_strbuf_appendc(sb, ',');
        json_str(sb, s->v[i]);
    }
    pn_strbuf_appendc(sb, ']');
}

/* The view edge of a drawn edge, or NULL (community map, legend, --compare). */
static const struct pn_edge *drawn_vedge(const struct ctx *c, const struct redge *re)
{
    if (c->compare || c->o->view == PN_VIEW_COMMUNITY || re->vedge == PN_NONE ||
        re->vedge >= c->v->n_edges)
        return NULL;
    return &c->v->edges[re->vedge];
}

/* The model entity of a drawn node, or PN_NONE (community nodes, --compare). */
static size_t drawn_entity(const struct ctx *c, const struct rnode *rn)
{
    if (c->compare || c->o->view == PN_VIEW_COMMUNITY || rn->entity >= c->m->n_entities)
        return PN_NONE;
    return rn->entity;
}

/* Years and source of a view edge (a tie's, or a membership's, else its group's source). */
static void edge_facts(const struct ctx *c, const struct pn_edge *e, int *since, int *until,
                       const char **source, const struct pn_tie **tie)
{
    const struct pn_model *m = c->m;
    *since = *until = PN_YEAR_UNSET;
    *source = NULL;
    *tie = NULL;
    if (e->kind == PN_EDGE_TIE && e->ref < m->n_ties) {
        *tie = &m->ties[e->ref];
        *since = (*tie)->since;
        *until = (*tie)->until;
        *source = (*tie)->source;
    } else if (e->kind == PN_EDGE_MEMBER && e->ref < m->n_entities &&
               e->sub < m->entities[e->ref].n_members) {
        const struct pn_member *mb = &m->entities[e->ref].members[e->sub];
        *since = mb->since;
        *until = mb->until;
        *source = mb->source != NULL ? mb->source : m->entities[e->ref].source;
    }
}

/* Per drawn node: the sources and themes of the entity and of its drawn lines. */
static void node_lists(const struct ctx *c, const struct rmap *r, struct strs *src,
                       struct strs *th)
{
    for (size_t i = 0; i < r->n_nodes; i++) {
        size_t ent = drawn_entity(c, &r->nodes[i]);
        if (ent == PN_NONE)
            continue;
        const struct pn_entity *e = &c->m->entities[ent];
        strs_add(&src[i], e->source);
        for (size_t k = 0; k < e->n_themes; k++)
            strs_add(&th[i], e->themes[k]);
    }
    for (size_t j = 0; j < r->n_edges; j++) {
        const struct pn_edge *e = drawn_vedge(c, &r->edges[j]);
        if (e == NULL)
            continue;
        int since, until;
        const char *source;
        const struct pn_tie *t;
        edge_facts(c, e, &since, &until, &source, &t);
        size_t ends[2] = {r->edges[j].a, r->edges[j].b};
        for (int s = 0; s < 2; s++) {
            if (ends[s] >= r->n_nodes)
                continue;
            strs_add(&src[ends[s]], source);
            for (size_t k = 0; t != NULL && k < t->n_themes; k++)
                strs_add(&th[ends[s]], t->themes[k]);
        }
    }
}

/* One node record: SVG id, entity facts, metrics, sources, themes. */
static void json_node(struct pn_strbuf *sb, const struct ctx *c, const struct rnode *rn,
                      const struct strs *src, const struct strs *th)
{
    pn_strbuf_append(sb, "{\"g\":");
    json_str(sb, rn->gid);
    size_t ent = drawn_entity(c, rn);
    if (ent == PN_NONE) {
        pn_strbuf_append(sb, ",\"id\":");
        json_str(sb, rn->name);
        pn_strbuf_append(sb, ",\"name\":");
        json_str(sb, rn->label != NULL ? rn->label : rn->name);
        pn_strbuf_append(sb, ",\"tip\":");
        json_str(sb, rn->tooltip);
        pn_strbuf_append(sb, "}");
        return;
    }
    const struct pn_entity *e = &c->m->entities[ent];
    pn_strbuf_append(sb, ",\"id\":");
    json_str(sb, e->id);
    pn_strbuf_append(sb, ",\"name\":");
    json_str(sb, e->name != NULL ? e->name : e->id);
    pn_strbuf_append(sb, ",\"short\":");
    json_str(sb, e->short_name);
    pn_strbuf_appendf(sb, ",\"kind\":\"%s\",\"type\":", pn_kind_name(e->kind));
    json_str(sb, e->type);
    pn_strbuf_append(sb, ",\"country\":");
    json_str(sb, e->country);
    pn_strbuf_append(sb, ",\"city\":");
    json_str(sb, e->city);
    pn_strbuf_append(sb, ",\"since\":");
    json_year(sb, e->since);
    pn_strbuf_append(sb, ",\"until\":");
    json_year(sb, e->until);
    size_t vn = ent < c->v->n_entities ? c->v->entity_node[ent] : PN_NONE;
    pn_strbuf_append(sb, ",\"m\":[");
    for (int k = 0, first = 1; c->mx != NULL && k < PN_M_COUNT; k++) {
        if (c->mx->v[k] == NULL)
            continue;
        pn_strbuf_append(sb, first ? "" : ",");
        first = 0;
        json_num(sb, vn < c->mx->n ? c->mx->v[k][vn] : NAN);
    }
    pn_strbuf_append(sb, "],\"src\":");
    json_strs(sb, src);
    pn_strbuf_append(sb, ",\"themes\":");
    json_strs(sb, th);
    pn_strbuf_append(sb, "}");
}

/* One line record: ends (node indices), SVG id, kind, type, label, years, direction. */
static void json_edge(struct pn_strbuf *sb, const struct ctx *c, const struct redge *re)
{
    pn_strbuf_appendf(sb, "{\"a\":%zu,\"b\":%zu,\"g\":", re->a, re->b);
    json_str(sb, re->gid);
    const struct pn_edge *e = drawn_vedge(c, re);
    if (e != NULL) {
        int since, until;
        const char *source;
        const struct pn_tie *t;
        edge_facts(c, e, &since, &until, &source, &t);
        pn_strbuf_appendf(sb, ",\"kind\":\"%s\",\"type\":", pn_map_edge_kind_class(e->kind));
        json_str(sb, t != NULL ? t->type : NULL);
        pn_strbuf_append(sb, ",\"label\":");
        json_str(sb, t != NULL ? t->label : NULL);
        pn_strbuf_append(sb, ",\"since\":");
        json_year(sb, since);
        pn_strbuf_append(sb, ",\"until\":");
        json_year(sb, until);
        pn_strbuf_appendf(sb, ",\"dir\":%s", e->directed ? "true" : "false");
    }
    pn_strbuf_append(sb, "}");
}

/* The legend's communities with their names as the maps give them, uncut ("Community 3:
 * UL"; the legend cuts names to its column), for the community filter; only when the map
 * is coloured by community. */
static void json_communities(struct pn_strbuf *sb, const struct ctx *c, const struct rmap *r)
{
    pn_strbuf_append(sb, ",\"communities\":{");
    struct comm_names cn;
    pn_map_community_names(c, &cn);
    bool first = true;
    for (size_t i = 0; c->o->color_by == PN_COLOR_COMMUNITY && i < r->n_leg; i++) {
        const char *t = r->leg[i].text;
        if (r->leg[i].kind != L_SWATCH || t == NULL || strncmp(t, "Community ", 10) != 0)
            continue;
        char *end;
        long k = strtol(t + 10, &end, 10);
        if (end == t + 10 || *end != ':')
            continue;
        const char *paren = strrchr(t, '(');
        size_t len = paren != NULL && paren > t && paren[-1] == ' ' && t[strlen(t) - 1] == ')'
                         ? (size_t)(paren - 1 - t)
                         : strlen(t);
        char *name = k >= 0 && (size_t)k < cn.n && cn.name[k] != NULL
                         ? pn_xasprintf("Community %ld: %s", k, cn.name[k])
                         : pn_xstrndup(t, len);
        pn_strbuf_appendf(sb, "%s\"%ld\":", first ? "" : ",", k);
        json_str(sb, name);
        free(name);
        first = false;
    }
    pn_map_community_names_free(&cn);
    pn_strbuf_append(sb, "}");
}

/* The data of the page: title, metric names, sources, themes, nodes, lines; whether the
 * year slider applies (one map of the data, not panels or a change map). */
static void json_data(struct pn_strbuf *sb, const struct ctx *c, const struct rmap *r)
{
    const struct pn_model *m = c->m;
    pn_strbuf_append(sb, "{\"title\":");
    json_str(sb, r->title);
    pn_strbuf_append(sb, ",\"subtitle\":");
    json_str(sb, r->subtitle);
    pn_strbuf_appendf(sb, ",\"years\":%s,\"metrics\":[",
                      c->o->n_years == 0 && c->o->change_from == 0 && !c->compare ? "true"
                                                                                  : "false");
    for (int k = 0, first = 1; c->mx != NULL && k < PN_M_COUNT; k++) {
        if (c->mx->v[k] == NULL)
            continue;
        pn_strbuf_appendf(sb, "%s{\"name\":\"%s\",\"label\":", first ? "" : ",",
                          pn_metric_info[k].name);
        first = 0;
        json_str(sb, pn_metric_info[k].label);
        pn_strbuf_appendf(sb, ",\"int\":%s}", pn_metric_info[k].integer ? "true" : "false");
    }
    pn_strbuf_append(sb, "],\"sources\":{");
    for (size_t i = 0; i < m->n_sources; i++) {
        const struct pn_source *s = &m->sources[i];
        pn_strbuf_append(sb, i > 0 ? ",\n" : "");
        json_str(sb, s->id);
        pn_strbuf_append(sb, ":{\"title\":");
        json_str(sb, s->title);
        pn_strbuf_append(sb, ",\"url\":");
        json_str(sb, s->url);
        pn_strbuf_append(sb, ",\"date\":");
        json_str(sb, s->date);
        pn_strbuf_append(sb, ",\"publisher\":");
        json_str(sb, s->publisher);
        pn_strbuf_append(sb, "}");
    }
    pn_strbuf_append(sb, "}");
    json_communities(sb, c, r);
    pn_strbuf_append(sb, ",\"themes\":{");
    for (size_t i = 0; i < m->n_themes; i++) {
        pn_strbuf_append(sb, i > 0 ? "," : "");
        json_str(sb, m->themes[i].id);
        pn_strbuf_append(sb, ":");
        json_str(sb, m->themes[i].label);
    }
    pn_strbuf_append(sb, "},\n\"nodes\":[");
    struct strs *src = pn_xcalloc(r->n_nodes + 1, sizeof *src);
    struct strs *th = pn_xcalloc(r->n_nodes + 1, sizeof *th);
    node_lists(c, r, src, th);
    for (size_t i = 0; i < r->n_nodes; i++) {
        pn_strbuf_append(sb, i > 0 ? ",\n" : "");
        json_node(sb, c, &r->nodes[i], &src[i], &th[i]);
        free(src[i].v);
        free(th[i].v);
    }
    free(src);
    free(th);
    pn_strbuf_append(sb, "],\n\"edges\":[");
    for (size_t j = 0; j < r->n_edges; j++) {
        pn_strbuf_append(sb, j > 0 ? ",\n" : "");
        json_edge(sb, c, &r->edges[j]);
    }
    pn_strbuf_append(sb, "]}");
}

/* The SVG document as an element for the page: from "<svg" on, without comments. */
static bool append_svg(struct pn_strbuf *sb, const char *svg)
{
    const char *p = strstr(svg, "<svg");
    if (p == NULL)
        return false;
    while (*p) {
        const char *q = strstr(p, "<!--");
        if (q == NULL) {
            pn_strbuf_append(sb, p);
            break;
        }
        pn_strbuf_appendn(sb, p, (size_t)(q - p));
        const char *end = strstr(q + 4, "-->");
        if (end == NULL)
            return false;
        p = end + 3;
        if (*p == '\n')
            p++;
    }
    return true;
}

/* The page: head, style, the body's two halves around the SVG, data, script. */
static void page(struct pn_strbuf *sb, const struct ctx *c, const struct rmap *r,
                 const char *svg)
{
    pn_strbuf_append(sb, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                         "<meta name=\"viewport\" content=\"width=device-width, "
                         "initial-scale=1\">\n"
                         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
                         "'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
                         "img-src data:\">\n"
                         "<meta name=\"generator\" content=\"partnet " PARTNET_VERSION "\">\n"
                         "<title>");
    pn_strbuf_append_xml(sb, r->title);
    pn_strbuf_append(sb, "</title>\n<style>\n");
    pn_strbuf_append(sb, pn_html_app_css);
    pn_strbuf_append(sb, "</style>\n</head>\n");
    const char *mark = strstr(pn_html_app_html, PN_HTML_SVG_MARK);
    pn_strbuf_appendn(sb, pn_html_app_html, (size_t)(mark - pn_html_app_html));
    append_svg(sb, svg);
    pn_strbuf_append(sb, mark + strlen(PN_HTML_SVG_MARK));
    pn_strbuf_append(sb, "<script type=\"application/json\" id=\"pn-data\">");
    json_data(sb, c, r);
    pn_strbuf_append(sb, "</script>\n<script>\n");
    pn_strbuf_append(sb, pn_html_app_js);
    pn_strbuf_append(sb, "</script>\n</body>\n</html>\n");
}

/* The whole of a file (NUL-terminated, a new string), or NULL. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    bool bad = pn_strbuf_read_stream(&sb, f, 0) != 0;
    fclose(f);
    if (bad) {
        pn_strbuf_destroy(&sb);
        return NULL;
    }
    return pn_strbuf_detach(&sb);
}

enum pn_status pn_map_html_write(struct ctx *c, const struct rmap *r, const char *svg_path,
                                 const char *path)
{
    char *svg = slurp(svg_path);
    if (svg == NULL || strstr(svg, "<svg") == NULL) {
        pn_diag_error(c->d, NULL, "cannot read back the drawn map '%s'", svg_path);
        free(svg);
        return PN_EIO;
    }
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    page(&sb, c, r, svg);
    enum pn_status st =
        pn_outfile_write_all(path, pn_strbuf_str(&sb), strlen(pn_strbuf_str(&sb)), c->d);
    pn_strbuf_destroy(&sb);
    free(svg);
    return st;
}

enum pn_status pn_map_html_draw(struct ctx *c, const struct rmap *r, const struct frame *f,
                                size_t dropped, const char *path)
{
    const char *dir = getenv("TMPDIR");
    dir = dir != NULL && dir[0] ? dir : "/tmp";
    char *tmp = pn_xasprintf("%s/partnet-map-XXXXXX", dir);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        pn_diag_error(c->d, NULL, "cannot create a temporary file in '%s': %s", dir,
                      strerror(errno));
        free(tmp);
        return PN_EIO;
    }
    close(fd);
    enum pn_status st = pn_map_draw(c, r, f, dropped, "svg", tmp);
    if (st == PN_OK)
        st = pn_map_html_write(c, r, tmp, path);
    unlink(tmp);
    free(tmp);
    return st;
}
