/*
 * yaml_bare: the baseline for partnet's load time. Reads a whole file, parses
 * it with libyaml's event API and counts events and scalars: the least any
 * streaming loader of the file must do. Prints one line:
 *   yaml_bare FILE events=N scalars=N bytes=N read_s=T parse_s=T wall_s=T cpu_s=T maxrss_kb=N
 * (wall_s = read_s + parse_s; cpu_s: CPU time of read + parse, steady on a
 * shared machine). Usage: yaml_bare FILE [REPEAT]  (REPEAT > 1: the fastest run)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <yaml.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

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

int main(int argc, char **argv)
{
    double best_read = 0, best_parse = 0, best_cpu = 0;
    size_t events = 0, scalars = 0, len = 0;
    long repeat = 1;
    struct rusage ru;

    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: yaml_bare FILE [REPEAT]\n");
        return 2;
    }
    if (argc == 3) {
        char *end;
        repeat = strtol(argv[2], &end, 10);
        if (*end != 0 || repeat < 1)
            repeat = 1;
    }
    for (long r = 0; r < repeat; r++) {
        double t0 = now(), c0 = cpu(), t1, t2, c2;
        yaml_parser_t parser;
        yaml_event_t ev;
        int done = 0;
        unsigned char *buf = read_file(argv[1], &len);
        if (buf == NULL) {
            fprintf(stderr, "yaml_bare: cannot read %s\n", argv[1]);
            return 3;
        }
        t1 = now();
        events = scalars = 0;
        if (!yaml_parser_initialize(&parser)) {
            free(buf);
            return 3;
        }
        yaml_parser_set_input_string(&parser, buf, len);
        while (!done) {
            if (!yaml_parser_parse(&parser, &ev)) {
                fprintf(stderr, "yaml_bare: %s:%lu:%lu: %s\n", argv[1],
                        (unsigned long)parser.problem_mark.line + 1,
                        (unsigned long)parser.problem_mark.column + 1,
                        parser.problem ? parser.problem : "parse error");
                yaml_parser_delete(&parser);
                free(buf);
                return 1;
            }
            events++;
            if (ev.type == YAML_SCALAR_EVENT)
                scalars++;
            done = ev.type == YAML_STREAM_END_EVENT;
            yaml_event_delete(&ev);
        }
        yaml_parser_delete(&parser);
        free(buf);
        t2 = now();
        c2 = cpu();
        if (r == 0 || (c2 - c0) < best_cpu) {
            best_read = t1 - t0;
            best_parse = t2 - t1;
            best_cpu = c2 - c0;
        }
    }
    getrusage(RUSAGE_SELF, &ru);
    printf("yaml_bare %s events=%zu scalars=%zu bytes=%zu read_s=%.6f parse_s=%.6f wall_s=%.6f "
           "cpu_s=%.6f maxrss_kb=%ld\n",
           argv[1], events, scalars, len, best_read, best_parse, best_read + best_parse, best_cpu,
           ru.ru_maxrss);
    return 0;
}
