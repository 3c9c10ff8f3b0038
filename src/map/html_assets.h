/*
 * html_assets: the interactive map's page, style and script (src/map/html_app.html, .css,
 * .js), turned into C strings at build time by cmake/embed.cmake (html_assets.c in the
 * build tree), so the script and style stay files that can be read and linted. Private to
 * map/ (html.c). The strings are static, NUL-terminated and never contain user text.
 */
#ifndef PN_HTML_ASSETS_H
#define PN_HTML_ASSETS_H

/* The body of the page, with PN_HTML_SVG_MARK where the map goes. */
extern const char pn_html_app_html[];
extern const char pn_html_app_css[];
extern const char pn_html_app_js[];

#define PN_HTML_SVG_MARK "<!--PN:SVG-->"

#endif
