/*
 * yaml_bare: the baseline for partnet's load time. Reads a whole file, parses
 * it with libyaml's event API and counts events and scalars: the least any
 * streaming loader of the file must do. Prints one line:
 *   yaml_bare FILE events=N scalars=N bytes=N read_s=T parse_s=T wall_s=T cpu_s=T maxrss_kb=N
 * (wall_s = read_s + parse_s; cpu_s: CPU time of read + parse, steady on a
 * shared machine). Usage: yaml_bare PATH [REPEAT]  (REPEAT > 1: the fastest run).
 * PATH may be a directory: its *.yaml / *.yml files in name order, as partnet merges
 * them, each read and parsed in turn (counts and times are the sums).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include <yaml.h>

#include "bench_clock.h"

static unsigned char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    long size;
    if (f == NULL)
        return NULL;
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
        goto out;
    buf = malloc((size_t)size + 1);
    if (buf == NULL)
        goto out;
    if (fread(buf, 1, (size_t)size, f) != (size_t)size) {
        free(buf);
        buf = NULL;
        goto out;
    }
    buf[size] = 0;
    *len = (size_t)size;
out:
    fclose(f);
    return buf;
}

static int yaml_name(const char *n)
{
    size_t l = strlen(n);
    return n[0] != '.' && ((l > 5 && strcmp(n + l - 5, ".yaml") == 0) ||
                           (l > 4 && strcmp(n + l - 4, ".yml") == 0));
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The files of path: itself, or a directory's YAML files in name order. */
static char **list_files(const char *path, size_t *n)
{
    struct stat st;
    char **v = NULL;
    size_t cap = 0;
    DIR *dh;
    struct dirent *de;
    *n = 0;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
        v = malloc(sizeof *v);
        if (v == NULL)
            return NULL;
        v[0] = strdup(path);
        *n = 1;
        return v;
    }
    dh = opendir(path);
    if (dh == NULL)
        return NULL;
    while ((de = readdir(dh)) != NULL) {
        size_t l = strlen(path) + strlen(de->d_name) + 2;
        if (!yaml_name(de->d_name))
            continue;
        if (*n == cap) {
            char **w = realloc(v, (cap = cap ? 2 * cap : 16) * sizeof *v);
            if (w == NULL)
                break;
            v = w;
        }
        v[*n] = malloc(l);
        if (v[*n] == NULL)
            break;
        snprintf(v[*n], l, "%s/%s", path, de->d_name);
        (*n)++;
    }
    closedir(dh);
    if (*n > 0)
        qsort(v, *n, sizeof *v, cmp_str);
    return v;
}

/* Reads and parses one file, adding to the counters and times. 0: ok. */
static int parse_one(const char *path, size_t *events, size_t *scalars, size_t *bytes,
                     double *read_s, double *parse_s)
{
    double t0 = now(), t1, t2;
    yaml_parser_t parser;
    yaml_event_t ev;
    int done = 0;
    size_t len = 0;
    unsigned char *buf = read_file(path, &len);
    if (buf == NULL) {
        fprintf(stderr, "yaml_bare: cannot read %s\n", path);
        return 3;
    }
    t1 = now();
    if (!yaml_parser_initialize(&parser)) {
        free(buf);
        return 3;
    }
    yaml_parser_set_input_string(&parser, buf, len);
    while (!done) {
        if (!yaml_parser_parse(&parser, &ev)) {
            fprintf(stderr, "yaml_bare: %s:%lu:%lu: %s\n", path,
                    (unsigned long)parser.problem_mark.line + 1,
                    (unsigned long)parser.problem_mark.column + 1,
                    parser.problem ? parser.problem : "parse error");
            yaml_parser_delete(&parser);
            free(buf);
            return 1;
        }
        (*events)++;
        if (ev.type == YAML_SCALAR_EVENT)
            (*scalars)++;
        done = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    free(buf);
    t2 = now();
    *bytes += len;
    *read_s += t1 - t0;
    *parse_s += t2 - t1;
    return 0;
}

int main(int argc, char **argv)
{
    double best_read = 0, best_parse = 0, best_cpu = 0;
    size_t events = 0, scalars = 0, len = 0, n_files = 0;
    long repeat = 1;
    struct rusage ru;
    char **files;
    int rc = 0;

    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: yaml_bare PATH [REPEAT]\n");
        return 2;
    }
    if (argc == 3) {
        char *end;
        repeat = strtol(argv[2], &end, 10);
        if (*end != 0 || repeat < 1)
            repeat = 1;
    }
    files = list_files(argv[1], &n_files);
    if (files == NULL || n_files == 0) {
        fprintf(stderr, "yaml_bare: no file to read in %s\n", argv[1]);
        free(files);
        return 3;
    }
    for (long r = 0; r < repeat && rc == 0; r++) {
        double c0 = cpu(), c2, rd = 0, ps = 0;
        events = scalars = len = 0;
        for (size_t i = 0; i < n_files && rc == 0; i++)
            rc = parse_one(files[i], &events, &scalars, &len, &rd, &ps);
        c2 = cpu();
        if (r == 0 || (c2 - c0) < best_cpu) {
            best_read = rd;
            best_parse = ps;
            best_cpu = c2 - c0;
        }
    }
    for (size_t i = 0; i < n_files; i++)
        free(files[i]);
    free(files);
    if (rc != 0)
        return rc;
    getrusage(RUSAGE_SELF, &ru);
    printf("yaml_bare %s events=%zu scalars=%zu bytes=%zu read_s=%.6f parse_s=%.6f wall_s=%.6f "
           "cpu_s=%.6f maxrss_kb=%ld\n",
           argv[1], events, scalars, len, best_read, best_parse, best_read + best_parse, best_cpu,
           ru.ru_maxrss);
    return 0;
}
