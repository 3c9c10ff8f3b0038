/*
 * font: text measured with the font that is drawn (issue 9). Pango through fontconfig,
 * set up as Graphviz's cairo/pango renderer sets up its own (96 dpi context, full
 * hinting with hinted metrics, sizes in points), so a label box fits the text of the
 * SVG, the PNG and the PDF alike. The only file of partnet that includes Pango.
 * Process-wide state: one font map and context, made at the first measure and released
 * by pn_map_font_cleanup (pn_render_cleanup calls it).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "map/map_int.h"

/* Graphviz's pango plugin: FONT_DPI and its layout scale (gvtextlayout_pango.c). */
#define FONT_DPI 96.0
#define POINTS_PER_INCH 72.0

static struct {
    PangoFontMap *map;
    PangoContext *ctx;
    PangoLayout *layout;
} pg;

static bool font_open(void)
{
    if (pg.layout != NULL)
        return true;
    pg.map = pango_cairo_font_map_new();
    if (pg.map == NULL)
        return false;
    pg.ctx = pango_font_map_create_context(pg.map);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_FULL);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_ON);
    cairo_font_options_set_subpixel_order(fo, CAIRO_SUBPIXEL_ORDER_BGR);
    pango_cairo_context_set_font_options(pg.ctx, fo);
    cairo_font_options_destroy(fo);
    pango_cairo_context_set_resolution(pg.ctx, FONT_DPI);
    pg.layout = pango_layout_new(pg.ctx);
    return pg.layout != NULL;
}

void pn_map_font_cleanup(void)
{
    if (pg.layout != NULL)
        g_object_unref(pg.layout);
    if (pg.ctx != NULL)
        g_object_unref(pg.ctx);
    if (pg.map != NULL)
        g_object_unref(pg.map);
    memset(&pg, 0, sizeof pg);
}

/* One line's logical width and height in points, as Graphviz sizes a text span. */
static void line_box(const char *font, bool bold, const char *s, size_t len, double fs,
                     double *w, double *h)
{
    PangoFontDescription *desc = pango_font_description_new();
    pango_font_description_set_family(desc, font);
    if (bold) /* as Graphviz reads the fontname "FAMILIES Bold" (draw.c's bold heads) */
        pango_font_description_set_weight(desc, PANGO_WEIGHT_BOLD);
    pango_font_description_set_size(desc, (gint)(fs * PANGO_SCALE));
    pango_layout_set_font_description(pg.layout, desc);
    pango_font_description_free(desc);
    pango_layout_set_text(pg.layout, s, (int)len);
    PangoRectangle logical;
    pango_layout_get_extents(pg.layout, NULL, &logical);
    double scale = POINTS_PER_INCH / (FONT_DPI * PANGO_SCALE);
    *w = (int)(logical.width * scale + 1);
    *h = (int)(logical.height * scale + 1);
}

void pn_map_font_box(const char *font, const char *s, double fs, double *w, double *h)
{
    if (!font_open()) {
        pn_map_text_box(s, fs, w, h);
        return;
    }
    double mw = 0, th = 0;
    const char *p = s;
    for (;;) { /* Graphviz lays out each line of a label as its own span */
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        double lw, lh;
        line_box(font, false, p, len, fs, &lw, &lh);
        mw = fmax(mw, lw);
        th += fmax(lh, fs * 1.2);
        if (nl == NULL)
            break;
        p = nl + 1;
    }
    *w = mw + 4;
    *h = th + 2;
}

void pn_map_font_line(const char *font, bool bold, const char *s, double fs, double *w,
                      double *h)
{
    if (!font_open()) {
        pn_map_text_box(s, bold ? fs * 1.08 : fs, w, h); /* bold: about 8% wider */
        *w -= 4;
        *h = fs * 1.2;
        return;
    }
    line_box(font, bold, s, strlen(s), fs, w, h);
}
