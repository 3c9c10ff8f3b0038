/*
 * raster: SVG text to PNG or PDF through librsvg and cairo (issue 10), written through
 * base/outfile. The only file that includes <librsvg/rsvg.h> and <cairo.h>.
 */
#include <stdio.h>
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
    if (dot == NULL || dot == base || dot[1] == '\0')
        return "svg";
    static const char *const fmts[] = {"svg", "png", "pdf"};
    for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++)
        if (strcasecmp(dot + 1, fmts[i]) == 0)
            return fmts[i];
    return NULL;
}

static cairo_status_t to_stream(void *closure, const unsigned char *data, unsigned int len)
{
    return fwrite(data, 1, len, (FILE *)closure) == len ? CAIRO_STATUS_SUCCESS
                                                         : CAIRO_STATUS_WRITE_ERROR;
}

/* Draw the document h of size w x hgt into a surface of fmt writing to fp, PNG at scale
 * pixels per unit. */
static bool draw(RsvgHandle *h, double w, double hgt, double scale, const char *fmt, FILE *fp)
{
    if (strcmp(fmt, "png") != 0)
        scale = 1.0;
    cairo_surface_t *s =
        strcmp(fmt, "png") == 0
            ? cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)(w * scale + 0.5),
                                         (int)(hgt * scale + 0.5))
            : cairo_pdf_surface_create_for_stream(to_stream, fp, w, hgt);
    if (strcmp(fmt, "pdf") == 0) /* no wall-clock date: the same input gives the same bytes */
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE,
                                       "2000-01-01T00:00:00Z");
    cairo_t *cr = cairo_create(s);
    cairo_scale(cr, scale, scale);
    RsvgRectangle vp = {0, 0, w, hgt};
    GError *err = NULL;
    bool ok = rsvg_handle_render_document(h, cr, &vp, &err);
    if (err != NULL)
        g_error_free(err);
    cairo_destroy(cr);
    if (ok && strcmp(fmt, "png") == 0)
        ok = cairo_surface_write_to_png_stream(s, to_stream, fp) == CAIRO_STATUS_SUCCESS;
    cairo_surface_finish(s);
    ok = ok && cairo_surface_status(s) == CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(s);
    return ok;
}

static enum pn_status to_stream_as(const char *svg, size_t len, const char *fmt, FILE *fp,
                                   bool canvas, struct pn_diag *d)
{
    if (strcmp(fmt, "svg") == 0) {
        if (fwrite(svg, 1, len, fp) != len) {
            pn_diag_error(d, NULL, "cannot write the chart");
            return PN_EIO;
        }
        return PN_OK;
    }
    GError *err = NULL;
    RsvgHandle *h = rsvg_handle_new_from_data((const guint8 *)svg, len, &err);
    if (h == NULL) {
        pn_diag_error(d, NULL, "cannot read the %s SVG: %s", canvas ? "map's" : "chart's",
                      err ? err->message : "?");
        if (err != NULL)
            g_error_free(err);
        return PN_EIO;
    }
    double w = 0, hgt = 0, scale = 2.0;
    gboolean has_w, has_h, has_vb;
    RsvgLength lw, lh;
    RsvgRectangle vb;
    rsvg_handle_get_intrinsic_dimensions(h, &has_w, &lw, &has_h, &lh, &has_vb, &vb);
    if (canvas && has_vb && vb.width > 0 && vb.height > 0) {
        /* a map: one pixel (PNG) or point (PDF) per unit of the viewBox, the canvas */
        w = vb.width, hgt = vb.height, scale = 1.0;
    } else if (!rsvg_handle_get_intrinsic_size_in_pixels(h, &w, &hgt) || w <= 0 || hgt <= 0)
        w = 960, hgt = 450;
    enum pn_status st = PN_OK;
    if (!draw(h, w, hgt, scale, fmt, fp)) {
        pn_diag_error(d, NULL, "cannot draw the %s as %s (cairo failed)",
                      canvas ? "map" : "chart", fmt);
        st = PN_EIO;
    }
    g_object_unref(h);
    return st;
}

enum pn_status pn_raster_to_stream(const char *svg, size_t len, const char *fmt, FILE *fp,
                                   struct pn_diag *d)
{
    return to_stream_as(svg, len, fmt, fp, false, d);
}

enum pn_status pn_raster_map_to_stream(const char *svg, size_t len, const char *fmt, FILE *fp,
                                       struct pn_diag *d)
{
    return to_stream_as(svg, len, fmt, fp, true, d);
}
