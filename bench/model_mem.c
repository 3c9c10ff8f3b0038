/*
 * model_mem: what the loaded model of a network costs. Loads PATH (a file or a
 * directory, as `partnet validate` does) through pn_loader_load and prints one line:
 *   model_mem PATH yaml_bytes=N model_bytes=N ratio=R entities=N ties=N cpu_s=T wall_s=T
 *             maxrss_kb=N
 * model_bytes: the heap in use after the load minus before it (glibc's mallinfo2:
 * small blocks in use plus mmapped blocks), with every file buffer already freed, so it
 * is the model alone; ratio = model_bytes / yaml_bytes. cpu_s, wall_s: the load
 * (read, parse, checks, resolution). Not a test; bench/model_mem.sh runs it beside
 * yaml_bare. Usage: model_mem PATH
 */
#define _GNU_SOURCE 1 /* mallinfo2 */
#include <dirent.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "base/diag.h"
#include "model/loader.h"
#include "model/model.h"

#include "bench_clock.h"

static size_t heap_in_use(void)
{
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
}

static int yaml_name(const char *n)
{
    size_t l = strlen(n);
    return n[0] != '.' && ((l > 5 && strcmp(n + l - 5, ".yaml") == 0) ||
                           (l > 4 && strcmp(n + l - 4, ".yml") == 0));
}

/* Bytes of the file, or of the *.yaml / *.yml files of the directory. */
static size_t yaml_bytes(const char *path)
{
    struct stat st;
    size_t sum = 0;
    if (stat(path, &st) != 0)
        return 0;
    if (!S_ISDIR(st.st_mode))
        return (size_t)st.st_size;
    DIR *dh = opendir(path);
    struct dirent *de;
    if (dh == NULL)
        return 0;
    while ((de = readdir(dh)) != NULL) {
        char full[4096];
        if (!yaml_name(de->d_name))
            continue;
        snprintf(full, sizeof full, "%s/%s", path, de->d_name);
        if (stat(full, &st) == 0 && S_ISREG(st.st_mode))
            sum += (size_t)st.st_size;
    }
    closedir(dh);
    return sum;
}

int main(int argc, char **argv)
{
    struct pn_model m;
    struct pn_diag d;
    struct rusage ru;
    if (argc != 2) {
        fprintf(stderr, "usage: model_mem PATH\n");
        return 2;
    }
    const char *path = argv[1];
    pn_model_init(&m);
    pn_diag_init(&d);
    size_t before = heap_in_use();
    double t0 = now(), c0 = cpu();
    enum pn_status st = pn_loader_load(&m, &path, 1, &d);
    double t1 = now(), c1 = cpu();
    size_t after = heap_in_use();
    /* the diagnostics are not the model: a valid network has none */
    size_t model = after > before ? after - before : 0;
    size_t yb = yaml_bytes(path);
    getrusage(RUSAGE_SELF, &ru);
    printf("model_mem %s yaml_bytes=%zu model_bytes=%zu ratio=%.3f entities=%zu ties=%zu "
           "cpu_s=%.6f wall_s=%.6f maxrss_kb=%ld status=%d\n",
           path, yb, model, yb > 0 ? (double)model / (double)yb : 0.0, m.n_entities, m.n_ties,
           c1 - c0, t1 - t0, ru.ru_maxrss, (int)st);
    pn_model_destroy(&m);
    pn_diag_destroy(&d);
    return st == PN_OK ? 0 : 1;
}
