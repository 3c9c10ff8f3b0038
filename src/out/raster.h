/*
 * raster: an SVG text (the evolution rank chart) written as PNG or PDF through librsvg
 * and cairo (issue 10: `--chart x.png` wrote SVG bytes into the .png). The one door of
 * <librsvg/rsvg.h> and <cairo.h>.
 * Ownership: borrows the text and the stream.
 */
#ifndef PN_RASTER_H
#define PN_RASTER_H

#include <stddef.h>
#include <stdio.h>

#include "base/diag.h"

/* The format of path by its extension (any case): "svg", "png", "pdf"; "svg" for "-" and
 * names without one; NULL for an extension that names none of them. */
const char *pn_raster_format_of(const char *path);

/* Write the SVG text svg (len bytes) to fp in fmt ("svg" as it is, "png" at 2 pixels per
 * SVG unit, "pdf" with a fixed creation date so the bytes repeat). PN_EIO when the SVG
 * cannot be read or cairo fails. The caller owns fp (base/outfile: nothing is left on
 * failure). */
enum pn_status pn_raster_to_stream(const char *svg, size_t len, const char *fmt, FILE *fp,
                                   struct pn_diag *d);

/* A map's SVG (partnet's, from Graphviz: its viewBox is the canvas) written to fp in fmt
 * at exactly the canvas size: "png" W x H pixels, "pdf" W x H points, "svg" as it is (the
 * rasterize hook of struct pn_render_options, map/render.h). PN_EIO as above. */
enum pn_status pn_raster_map_to_stream(const char *svg, size_t len, const char *fmt, FILE *fp,
                                       struct pn_diag *d);

#endif
