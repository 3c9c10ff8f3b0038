/*
 * portfolio_out (issue 14): the partner portfolio as tables (base/table: table, CSV, JSON)
 * and as the report.md section. docs/portfolio.md describes every column.
 */
#include "out/portfolio_out.h"

#include <stdlib.h>
#include <string.h>

static const char *const channel_names[] = {"direct", "focus-part", "partner-part",
                                            "shared-group", "group"};
#define N_CHANNELS (sizeof channel_names / sizeof channel_names[0])

void pn_portfolio_dims_letters(unsigned dims, char out[8])
{
    static const char letters[] = "RTI";
    size_t k = 0;
    for (int i = 0; i < PN_DIM_N; i++) {
        if (i > 0)
            out[k++] = ' ';
        out[k++] = (dims & (1u << i)) ? letters[i] : '-';
    }
    out[k] = '\0';
}

/* The channels as "direct; shared-group". A new string. */
static char *channels_text(unsigned ch)
{
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    for (size_t i = 0; i < N_CHANNELS; i++)
        if (ch & (1u << i))
            pn_strbuf_appendf(&sb, "%s%s", sb.len ? "; " : "", channel_names[i]);
    char *s = pn_xstrdup(pn_strbuf_str(&sb));
    pn_strbuf_destroy(&sb);
    return s;
}

static const char *broker_id(const struct pn_model *m, const struct pn_portfolio_row *r)
{
    return r->broker == PN_NONE ? NULL : m->entities[r->broker].id;
}

static int n_dims(unsigned d)
{
    int n = 0;
    for (int i = 0; i < PN_DIM_N; i++)
        n += (d >> i) & 1u;
    return n;
}

/* Every field of every partner (CSV, JSON). */
static void machine_rows(struct pn_table *t, const struct pn_model *m,
                         const struct pn_portfolio *p)
{
    static const char *const cols[] = {
        "id", "name", "kind", "type", "country", "world_region", "scope", "research",
        "training", "innovation", "dimensions", "channels", "tie_types", "ties", "via",
        "shared_groups", "groups", "since", "years_active", "formal_instruments", "instruments",
        "active", "fit", "priority_themes", "themes", "broker", "betweenness_rank", "labels",
        NULL};
    pn_table_init(t, NULL, cols);
    for (size_t i = 0; i < p->n_rows; i++) {
        const struct pn_portfolio_row *r = &p->rows[i];
        const struct pn_entity *e = &m->entities[r->entity];
        size_t k = pn_table_row(t), c = 0;
        char *ch = channels_text(r->channels);
        pn_table_text(t, k, c++, e->id);
        pn_table_text(t, k, c++, e->name);
        pn_table_text(t, k, c++, pn_kind_name(e->kind));
        pn_table_text(t, k, c++, e->type);
        pn_table_text(t, k, c++, e->country);
        pn_table_text(t, k, c++, r->world);
        pn_table_text(t, k, c++, pn_scope_names[r->scope]);
        for (int d = 0; d < PN_DIM_N; d++)
            pn_table_int(t, k, c++, (r->dims >> d) & 1u);
        pn_table_int(t, k, c++, n_dims(r->dims));
        pn_table_text(t, k, c++, ch);
        pn_table_text(t, k, c++, r->tie_types);
        pn_table_int(t, k, c++, (long long)r->n_ties);
        pn_table_text(t, k, c++, r->via);
        pn_table_int(t, k, c++, (long long)r->n_groups);
        pn_table_text(t, k, c++, r->groups);
        if (r->since != PN_YEAR_UNSET)
            pn_table_int(t, k, c, r->since);
        c++;
        if (r->years >= 0)
            pn_table_int(t, k, c, r->years);
        c++;
        pn_table_int(t, k, c++, (long long)r->n_instruments);
        pn_table_text(t, k, c++, r->instruments);
        pn_table_text(t, k, c++, r->active ? "yes" : "no");
        pn_table_real(t, k, c++, r->fit);
        pn_table_text(t, k, c++, r->fit_themes);
        pn_table_text(t, k, c++, r->themes);
        pn_table_text(t, k, c++, broker_id(m, r));
        pn_table_int(t, k, c++, (long long)r->rank);
        pn_table_text(t, k, c++, r->labels);
        free(ch);
    }
}

/* The partner table for people. */
static void people_rows(struct pn_table *t, const struct pn_model *m,
                        const struct pn_portfolio *p)
{
    static const char *const cols[] = {"partner", "scope", "R T I", "reached", "via", "since",
                                       "years", "instruments", "active", "fit", "priority themes",
                                       "groups", "broker", "rank", NULL};
    char *title = pn_xasprintf("Partner portfolio of %s (%d, %zu partners)",
                               pn_entity_label(&m->entities[p->focus]), p->at, p->n_rows);
    pn_table_init(t, title, cols);
    free(title);
    for (size_t i = 0; i < p->n_rows; i++) {
        const struct pn_portfolio_row *r = &p->rows[i];
        size_t k = pn_table_row(t), c = 0;
        char dims[8], *ch = channels_text(r->channels);
        pn_portfolio_dims_letters(r->dims, dims);
        pn_table_text(t, k, c++, pn_entity_label(&m->entities[r->entity]));
        pn_table_text(t, k, c++, pn_scope_words[r->scope]);
        pn_table_text(t, k, c++, dims);
        pn_table_text(t, k, c++, ch);
        pn_table_text(t, k, c++, r->via[0] ? r->via : NULL);
        if (r->since != PN_YEAR_UNSET)
            pn_table_int(t, k, c, r->since);
        c++;
        if (r->years >= 0)
            pn_table_int(t, k, c, r->years);
        c++;
        pn_table_text(t, k, c++, r->instruments[0] ? r->instruments : NULL);
        pn_table_text(t, k, c++, r->active ? "yes" : "no");
        pn_table_int(t, k, c++, (long long)r->n_fit);
        pn_table_text(t, k, c++, r->fit_themes[0] ? r->fit_themes : NULL);
        pn_table_int(t, k, c++, (long long)r->n_groups);
        pn_table_text(t, k, c++, broker_id(m, r));
        pn_table_int(t, k, c++, (long long)r->rank);
        free(ch);
    }
}

/* Priority themes: partners outside the focus's country, and the status (none, single). */
static void theme_gap_rows(struct pn_table *t, const struct pn_model *m,
                           const struct pn_portfolio *p, bool gaps_only)
{
    static const char *const cols[] = {"theme", "label", "partners_abroad", "status",
                                       "only_partner", NULL};
    const char *fc = m->entities[p->focus].country;
    char *title = pn_xasprintf("Priority themes and their partners outside %s", fc ? fc : "the "
                                                                                         "country");
    pn_table_init(t, title, cols);
    free(title);
    for (size_t k = 0; k < p->n_priorities; k++) {
        if (gaps_only && p->abroad[k] > 1)
            continue;
        const struct pn_theme *th = pn_model_find_theme(m, p->priorities[k]);
        size_t r = pn_table_row(t);
        pn_table_text(t, r, 0, p->priorities[k]);
        pn_table_text(t, r, 1, th != NULL ? th->label : NULL);
        pn_table_int(t, r, 2, (long long)p->abroad[k]);
        pn_table_text(t, r, 3, p->abroad[k] == 0 ? "none" : p->abroad[k] == 1 ? "single" : "ok");
        pn_table_text(t, r, 4, p->only[k] != PN_NONE ? p->rows[p->only[k]].id : NULL);
    }
}

/* Partners to deepen (at most one dimension) and fragile ones (a single broker). */
static void partner_gap_rows(struct pn_table *t, const struct pn_model *m,
                             const struct pn_portfolio *p)
{
    static const char *const cols[] = {"partner", "gap", "detail", NULL};
    static const char *const gaps[] = {"one-dimension", "no-dimension", "single-broker"};
    pn_table_init(t, "Partners to deepen or secure", cols);
    for (int g = 0; g < 3; g++)
        for (size_t i = 0; i < p->n_rows; i++) {
            const struct pn_portfolio_row *r = &p->rows[i];
            int nd = n_dims(r->dims);
            if (g == 0 ? nd != 1 : g == 1 ? nd != 0 : r->broker == PN_NONE)
                continue;
            size_t k = pn_table_row(t);
            char dims[8];
            pn_portfolio_dims_letters(r->dims, dims);
            pn_table_text(t, k, 0, r->id);
            pn_table_text(t, k, 1, gaps[g]);
            pn_table_text(t, k, 2, g < 2 ? dims : broker_id(m, r));
        }
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Partners, ties, dimensions and priority themes by country (and its world region). */
static void country_rows(struct pn_table *t, const struct pn_model *m,
                         const struct pn_portfolio *p)
{
    static const char *const cols[] = {"country", "world_region", "partners", "ties", "research",
                                       "training", "innovation", "priority_themes", NULL};
    pn_table_init(t, "Partners by country and world region", cols);
    const char **done = pn_xcalloc(p->n_rows + 1, sizeof *done);
    size_t n_done = 0;
    for (size_t i = 0; i < p->n_rows; i++) {
        const char *c = m->entities[p->rows[i].entity].country;
        const char *key = c != NULL ? c : "";
        bool seen = false;
        for (size_t j = 0; j < n_done && !seen; j++)
            seen = strcmp(done[j], key) == 0;
        if (!seen)
            done[n_done++] = key;
    }
    qsort(done, n_done, sizeof *done, cmp_str);
    for (size_t j = 0; j < n_done; j++) {
        size_t partners = 0, ties = 0, dim[PN_DIM_N] = {0};
        bool *fit = pn_xcalloc(p->n_priorities + 1, sizeof *fit);
        for (size_t i = 0; i < p->n_rows; i++) {
            const struct pn_portfolio_row *r = &p->rows[i];
            const char *c = m->entities[r->entity].country;
            if (strcmp(c != NULL ? c : "", done[j]) != 0)
                continue;
            partners++;
            ties += r->n_ties;
            for (int d = 0; d < PN_DIM_N; d++)
                dim[d] += (r->dims >> d) & 1u;
            for (size_t k = 0; k < p->n_priorities; k++)
                if (pn_portfolio_has_theme(r->fit_themes, p->priorities[k]))
                    fit[k] = true;
        }
        struct pn_strbuf sb;
        pn_strbuf_init(&sb);
        for (size_t k = 0; k < p->n_priorities; k++)
            if (fit[k])
                pn_strbuf_appendf(&sb, "%s%s", sb.len ? "; " : "", p->priorities[k]);
        size_t r = pn_table_row(t);
        pn_table_text(t, r, 0, done[j][0] ? done[j] : NULL);
        pn_table_text(t, r, 1, pn_portfolio_world_region(done[j][0] ? done[j] : NULL));
        pn_table_int(t, r, 2, (long long)partners);
        pn_table_int(t, r, 3, (long long)ties);
        for (int d = 0; d < PN_DIM_N; d++)
            pn_table_int(t, r, 4 + (size_t)d, (long long)dim[d]);
        pn_table_text(t, r, 7, sb.len ? pn_strbuf_str(&sb) : NULL);
        pn_strbuf_destroy(&sb);
        free(fit);
    }
    free(done);
}

void pn_portfolio_write(struct pn_strbuf *sb, const struct pn_model *m,
                        const struct pn_portfolio *p, enum pn_format f)
{
    struct pn_table t[4];
    if (f == PN_FMT_CSV) {
        machine_rows(&t[0], m, p);
        pn_table_write(sb, &t[0], f);
        pn_table_destroy(&t[0]);
        return;
    }
    if (f == PN_FMT_TABLE)
        people_rows(&t[0], m, p);
    else
        machine_rows(&t[0], m, p);
    theme_gap_rows(&t[1], m, p, false);
    partner_gap_rows(&t[2], m, p);
    country_rows(&t[3], m, p);
    if (f == PN_FMT_TABLE) {
        for (size_t i = 0; i < 4; i++) {
            if (i > 0)
                pn_strbuf_append(sb, "\n");
            pn_table_write(sb, &t[i], f);
        }
    } else {
        pn_strbuf_append(sb, "{\n  \"focus\": ");
        pn_strbuf_append_json(sb, m->entities[p->focus].id);
        pn_strbuf_appendf(sb, ",\n  \"year\": %d,\n  \"year_given\": %s,\n  \"priorities\": [",
                          p->at, p->at_given ? "true" : "false");
        for (size_t k = 0; k < p->n_priorities; k++) {
            pn_strbuf_append(sb, k ? ", " : "");
            pn_strbuf_append_json(sb, p->priorities[k]);
        }
        static const char *const keys[] = {"partners", "themes", "partner_gaps", "by_country"};
        for (size_t i = 0; i < 4; i++) {
            pn_strbuf_appendf(sb, "%s,\n  \"%s\": ", i == 0 ? "]" : "", keys[i]);
            pn_table_json(sb, &t[i], 2);
        }
        pn_strbuf_append(sb, "\n}\n");
    }
    for (size_t i = 0; i < 4; i++)
        pn_table_destroy(&t[i]);
}

/* Markdown text: escape what would break a table or become markup. */
static void md(struct pn_strbuf *sb, const char *s)
{
    for (; s != NULL && *s; s++) {
        if (strchr("|\\`*_[]<>#", *s) != NULL)
            pn_strbuf_appendc(sb, '\\');
        pn_strbuf_appendc(sb, *s == '\n' || *s == '\r' ? ' ' : *s);
    }
}

static void md_partner_table(struct pn_strbuf *sb, const struct pn_model *m,
                             const struct pn_portfolio *p)
{
    pn_strbuf_append(sb, "| Partner | Scope | R T I | Reached | Via | Since | Instruments | "
                         "Fit | Priority themes | Groups | Broker | Rank |\n"
                         "|---|---|---|---|---|---:|---|---:|---|---:|---|---:|\n");
    for (size_t i = 0; i < p->n_rows; i++) {
        const struct pn_portfolio_row *r = &p->rows[i];
        char dims[8], *ch = channels_text(r->channels);
        pn_portfolio_dims_letters(r->dims, dims);
        pn_strbuf_append(sb, "| ");
        md(sb, pn_entity_label(&m->entities[r->entity]));
        pn_strbuf_appendf(sb, " (`%s`) | %s | %s | %s | %s | ", r->id, pn_scope_words[r->scope],
                          dims, ch, r->via[0] ? r->via : "-");
        if (r->since != PN_YEAR_UNSET)
            pn_strbuf_appendf(sb, "%d", r->since);
        else
            pn_strbuf_append(sb, "undated");
        pn_strbuf_appendf(sb, " | %s | %zu | %s | %zu | %s | %zu |\n",
                          r->instruments[0] ? r->instruments : "-", r->n_fit,
                          r->fit_themes[0] ? r->fit_themes : "-", r->n_groups,
                          r->broker != PN_NONE ? m->entities[r->broker].id : "-", r->rank);
        free(ch);
    }
}

static void md_gaps(struct pn_strbuf *sb, const struct pn_model *m, const struct pn_portfolio *p)
{
    const char *fc = m->entities[p->focus].country;
    pn_strbuf_appendf(sb, "\n### Gaps\n\nPriority themes with no partner outside %s, or a "
                          "single one:\n\n", fc ? fc : "the country");
    size_t n = 0;
    for (size_t k = 0; k < p->n_priorities; k++)
        if (p->abroad[k] <= 1) {
            n++;
            if (p->abroad[k] == 0)
                pn_strbuf_appendf(sb, "- `%s`: no partner\n", p->priorities[k]);
            else
                pn_strbuf_appendf(sb, "- `%s`: a single partner, `%s`\n", p->priorities[k],
                                  p->rows[p->only[k]].id);
        }
    if (n == 0)
        pn_strbuf_append(sb, "None.\n");
    static const char *const heads[] = {
        "Partners with one dimension only (to deepen)",
        "Partners with no dimension (tie types the dimension table does not map)",
        "Partners reached through a single broker (fragile)"};
    for (int g = 0; g < 3; g++) {
        pn_strbuf_appendf(sb, "\n%s:", heads[g]);
        size_t k = 0;
        for (size_t i = 0; i < p->n_rows; i++) {
            const struct pn_portfolio_row *r = &p->rows[i];
            int nd = n_dims(r->dims);
            bool in = g == 0 ? nd == 1 : g == 1 ? nd == 0 : r->broker != PN_NONE;
            if (!in)
                continue;
            pn_strbuf_appendf(sb, "%s `%s`", k++ ? "," : "", r->id);
            if (g == 2)
                pn_strbuf_appendf(sb, " (through `%s`)", m->entities[r->broker].id);
        }
        pn_strbuf_append(sb, k ? ".\n" : " none.\n");
    }
}

static void md_countries(struct pn_strbuf *sb, const struct pn_model *m,
                         const struct pn_portfolio *p)
{
    struct pn_table t;
    country_rows(&t, m, p);
    pn_strbuf_append(sb, "\n### By country and world region\n\n| Country | World region | "
                         "Partners | Ties | Research | Training | Innovation | Priority themes "
                         "|\n|---|---|---:|---:|---:|---:|---:|---|\n");
    for (size_t r = 0; r < t.n_rows; r++) {
        for (size_t c = 0; c < t.n_cols; c++) {
            const struct pn_cell *cell = &t.cells[r * t.n_cols + c];
            pn_strbuf_append(sb, "| ");
            if (cell->type == PN_CELL_TEXT)
                md(sb, cell->text);
            else if (cell->type == PN_CELL_INT)
                pn_strbuf_appendf(sb, "%.0f", cell->x);
            else
                pn_strbuf_append(sb, "-");
            pn_strbuf_append(sb, " ");
        }
        pn_strbuf_append(sb, "|\n");
    }
    pn_table_destroy(&t);
}

void pn_portfolio_markdown(struct pn_strbuf *sb, const struct pn_model *m,
                           const struct pn_portfolio *p, const char *chart)
{
    pn_strbuf_append(sb, "\n## Partner portfolio\n\n");
    md(sb, pn_entity_label(&m->entities[p->focus]));
    pn_strbuf_appendf(sb, "'s %zu partners in %d (direct ties, ties of its parts, shared "
                          "groups), by the selection criteria of docs/portfolio.md: dimensions "
                          "(R research, T training, I innovation), durability, fit with the "
                          "%zu priority themes (%s), scope and embedding. Also in "
                          "`portfolio.csv`.\n\n",
                      p->n_rows, p->at, p->n_priorities,
                      p->priorities_given ? "as given" : "the focus's own themes");
    if (chart != NULL)
        pn_strbuf_appendf(sb, "![Partner portfolio](%s)\n\n", chart);
    md_partner_table(sb, m, p);
    md_gaps(sb, m, p);
    md_countries(sb, m, p);
}
