/*
 * Fuzz target (issue 13): label text -> a two-node network whose first node is named
 * with it -> SVG (the whole map pipeline, Graphviz included) -> XML parse (libxml2)
 * -> the node's tooltip must start with exactly that text. Catches text that becomes
 * markup, Graphviz escapes (\N, \G...), entity decoding, and SVG that is not XML.
 * Inputs the loader refuses (invalid UTF-8, control characters) are skipped.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "base/diag.h"
#include "base/strbuf.h"
#include "map/render.h"
#include "model/loader.h"
#include "model/model.h"
#include "net/analysis.h"
#include "net/graph.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The YAML of the network: the text as a double-quoted name. */
static char *network_yaml(const uint8_t *data, size_t size)
{
    struct pn_strbuf sb;
    pn_strbuf_init(&sb);
    pn_strbuf_append(&sb, "institutions:\n  - id: a\n    type: university\n    name: \"");
    for (size_t i = 0; i < size; i++) {
        if (data[i] == '"' || data[i] == '\\')
            pn_strbuf_appendc(&sb, '\\');
        pn_strbuf_appendc(&sb, (char)data[i]);
    }
    pn_strbuf_append(&sb, "\"\n  - id: b\n    name: B\n    type: university\n"
                          "ties:\n  - between: [a, b]\n");
    return pn_strbuf_detach(&sb);
}

/* s with every no-break space (U+00A0) as a space, in place. Graphviz writes the second
 * of two spaces as &#160; so that SVG shows both: the same text to a reader. Found by
 * this fuzzer (regressions/label/double-space). */
static void nbsp_as_space(char *s)
{
    char *w = s;
    for (const char *r = s; *r; r++) {
        if ((unsigned char)r[0] == 0xC2 && (unsigned char)r[1] == 0xA0) {
            *w++ = ' ';
            r++;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
}

/* Does an <a xlink:title> of the SVG start with name + "\n" (name normalised)? */
static int tooltip_found(xmlNode *n, const char *name, size_t len)
{
    for (; n != NULL; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (strcmp((const char *)n->name, "a") == 0) {
            xmlChar *t = xmlGetNsProp(n, (const xmlChar *)"title",
                                      (const xmlChar *)"http://www.w3.org/1999/xlink");
            if (t != NULL)
                nbsp_as_space((char *)t);
            int ok = t != NULL && strncmp((const char *)t, name, len) == 0 && t[len] == '\n';
            xmlFree(t);
            if (ok)
                return 1;
        }
        if (tooltip_found(n->children, name, len))
            return 1;
    }
    return 0;
}

static void check_svg(const char *path, const struct pn_model *m)
{
    size_t ia = pn_model_find(m, "a");
    char *name = pn_xstrdup(m->entities[ia].name);
    nbsp_as_space(name);
    xmlDoc *doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (doc == NULL) {
        fprintf(stderr, "fuzz_label: the SVG is not XML\n");
        abort();
    }
    if (!tooltip_found(xmlDocGetRootElement(doc), name, strlen(name))) {
        fprintf(stderr, "fuzz_label: no tooltip starts with the name as written\n");
        abort();
    }
    xmlFreeDoc(doc);
    free(name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 200 || memchr(data, '\n', size) != NULL)
        return 0; /* one-line names of a sane size: the checks below are exact */
    char *yaml = network_yaml(data, size);
    struct pn_model m;
    struct pn_diag d;
    pn_model_init(&m);
    pn_diag_init(&d);
    struct pn_graph *g = NULL;
    struct pn_metrics mx;
    memset(&mx, 0, sizeof mx);
    if (pn_loader_load_string(&m, "label.yaml", NULL, yaml, strlen(yaml), &d) == PN_OK &&
        pn_model_resolve(&m, &d) == PN_OK) {
        struct pn_graph_options go;
        memset(&go, 0, sizeof go);
        struct pn_analysis_options ao;
        pn_analysis_options_default(&ao);
        struct pn_render_options ro;
        pn_render_options_default(&ro);
        char path[64];
        snprintf(path, sizeof path, "/tmp/pn-fuzz-label-%ld.svg", (long)getpid());
        if (pn_graph_build(&m, &go, &g, &d) != PN_OK || pn_analysis_run(g, &ao, &mx, &d) != PN_OK ||
            pn_render_map(&m, pn_graph_view(g), &mx, &ro, path, &d) != PN_OK) {
            fprintf(stderr, "fuzz_label: a valid name did not render\n");
            abort();
        }
        check_svg(path, &m);
        unlink(path);
    }
    pn_metrics_destroy(&mx);
    pn_graph_free(g);
    pn_model_destroy(&m);
    pn_diag_destroy(&d);
    free(yaml);
    return 0;
}
