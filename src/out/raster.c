/*
 * raster: SVG text drawn as PNG or PDF with librsvg and cairo (issue 9: `evolution
 * --chart x.png` wrote SVG). The only file of partnet that includes librsvg. Owns the
 * librsvg handle and cairo surface of one conversion.
 */
#include <string.h>
#include <strings.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <librsvg/rsvg.h>

#include "out/raster.h"

const char *pn_raster_format_of(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base != NULL ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    if (dot == NULL || dot == base)
        return NULL;
    static const char *const fmts[] = {"svg", "png", "pdf"};
    for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++)
        if (strcasecmp(dot + 1, fmts[i]) == 0)
            return fmts[i];
    return NULL;
}

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int n)
{
    pn_strbuf_appendn(closure, (const char *)data, n);
    return CAIRO_STATUS_SUCCESS;
}

/* Draw h on a surface of w x ht points in the format; false on a cairo or librsvg error. */
static bool draw(RsvgHandle *h, double w, double ht, const char *fmt, struct pn_strbuf *out)
{
    bool png = strcmp(fmt, "png") == 0;
    cairo_surface_t *s =
        png ? cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)(w + 0.5), (int)(ht + 0.5))
            : cairo_pdf_surface_create_for_stream(to_buf, out, w, ht);
    cairo_t *cr = cairo_create(s);
    RsvgRectangle vp = {0, 0, w, ht};
    bool ok = rsvg_handle_render_document(h, cr, &vp, NULL) &&
              cairo_status(cr) == CAIRO_STATUS_SUCCESS;
    cairo_destroy(cr);
    if (ok && png)
        ok = cairo_surface_write_to_png_stream(s, to_buf, out) == CAIRO_STATUS_SUCCESS;
    cairo_surface_finish(s);
    ok = ok && cairo_surface_status(s) == CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(s);
    return ok;
}

enum pn_status pn_raster_svg(const char *svg, size_t len, const char *fmt,
                             struct pn_strbuf *out, struct pn_diag *d)
{
    GError *err = NULL;
    RsvgHandle *h = rsvg_handle_new_from_data((const guint8 *)svg, len, &err);
    if (h == NULL) {
        pn_diag_error(d, NULL, "cannot draw the chart as %s: %s", fmt,
                      err != NULL ? err->message : "unreadable SVG");
        if (err != NULL)
            g_error_free(err);
        return PN_EINPUT;
    }
    rsvg_handle_set_dpi(h, 72); /* 1 px = 1 pt: the PDF page in points as the PNG in px */
    double w = 0, ht = 0;
    enum pn_status st = PN_OK;
    if (!rsvg_handle_get_intrinsic_size_in_pixels(h, &w, &ht) || w < 1 || ht < 1) {
        pn_diag_error(d, NULL, "cannot draw the chart as %s: it has no size", fmt);
        st = PN_EINPUT;
    } else if (!draw(h, w, ht, fmt, out)) {
        pn_diag_error(d, NULL, "cannot draw the chart as %s", fmt);
        st = PN_EIO;
    }
    g_object_unref(h);
    return st;
}
