/*
 * raster: an SVG document drawn as PNG or PDF (librsvg and cairo), for the outputs
 * partnet writes as SVG text (the evolution chart; issue 9). Ownership: reads the SVG,
 * appends the bytes to the caller's buffer.
 */
#ifndef PN_RASTER_H
#define PN_RASTER_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "base/strbuf.h"

/* The format a file name asks for by its extension (any case): "svg", "png", "pdf", or
 * NULL for "-", no extension or another one (callers treat it as SVG text). */
const char *pn_raster_format_of(const char *path);

/* The SVG svg (len bytes) drawn at its own size (1 px = 1 pt) as fmt ("png" or "pdf"),
 * appended to out (binary; use out->len). PN_EINPUT if librsvg cannot read it. */
enum pn_status pn_raster_svg(const char *svg, size_t len, const char *fmt,
                             struct pn_strbuf *out, struct pn_diag *d);

#endif
