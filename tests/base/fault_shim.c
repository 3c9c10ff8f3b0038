/*
 * LD_PRELOAD shim for the fault loop (issue 13): fails the k-th allocation or the k-th
 * write made by partnet's own code (calls whose return address is in the main
 * executable, where partnet_core is linked; the libraries' own calls are left alone).
 *   PN_FAULT_ALLOC=k   the k-th malloc/calloc/realloc returns NULL (ENOMEM)
 *   PN_FAULT_WRITE=k   the k-th fwrite/fflush/fclose fails (ENOSPC; fclose closes first)
 *   PN_FAULT_COUNTS=F  at exit, append "allocs writes" counted to file F
 *   PN_FAULT_LIBS=yaml|igraph|yaml,igraph
 *                      count (and fail) those libraries' allocations too
 *   PN_FAULT_AFTER=mkdtemp|mkostemps
 *                      the first allocation after the first successful call of that
 *                      function fails: the step between creating a temp folder or file
 *                      and registering it for clean-up, whatever k it has in a build
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *__libc_malloc(size_t n);
void *__libc_calloc(size_t n, size_t s);
void *__libc_realloc(void *p, size_t n);

/* The mapped ranges whose calls count: the main executable, where partnet_core is
 * linked, and with PN_FAULT_LIBS=yaml, igraph or yaml,igraph also those libraries, which
 * report a failed allocation to their caller (GLib, Pango, cairo and fontconfig abort or
 * crash instead: they are outside the loop). igraph 0.10.4 does not always: its
 * multilevel communities and lazy incidence lists crash on some failed allocations. */
#define MAX_RANGES 8
static uintptr_t rlo[MAX_RANGES], rhi[MAX_RANGES];
static int n_ranges;
static long k_alloc = -1, k_write = -1, n_alloc, n_write;
static int ready;
static const char *fault_after;
static int armed; /* 1: the next allocation of ours fails; 2: it did */

static void add_object(struct dl_phdr_info *info)
{
    if (n_ranges == MAX_RANGES)
        return;
    uintptr_t lo = UINTPTR_MAX, hi = 0;
    for (int i = 0; i < info->dlpi_phnum; i++)
        if (info->dlpi_phdr[i].p_type == PT_LOAD) {
            uintptr_t a = info->dlpi_addr + info->dlpi_phdr[i].p_vaddr;
            uintptr_t b = a + info->dlpi_phdr[i].p_memsz;
            lo = a < lo ? a : lo;
            hi = b > hi ? b : hi;
        }
    rlo[n_ranges] = lo;
    rhi[n_ranges++] = hi;
}

static int find_objects(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    const char *libs = getenv("PN_FAULT_LIBS"), *name = info->dlpi_name;
    int *first = data;
    name = name != NULL ? name : "";
    if (*first || (libs != NULL && ((strstr(libs, "igraph") && strstr(name, "/libigraph.so")) ||
                                    (strstr(libs, "yaml") && strstr(name, "/libyaml-")))))
        add_object(info);
    *first = 0;
    return 0;
}

__attribute__((constructor)) static void init(void)
{
    const char *a = getenv("PN_FAULT_ALLOC"), *w = getenv("PN_FAULT_WRITE");
    k_alloc = a ? atol(a) : -1;
    k_write = w ? atol(w) : -1;
    fault_after = getenv("PN_FAULT_AFTER");
    int first = 1; /* the first object is the program */
    dl_iterate_phdr(find_objects, &first);
    ready = 1;
}

__attribute__((destructor)) static void fini(void)
{
    const char *f = getenv("PN_FAULT_COUNTS");
    if (f != NULL) {
        ready = 0;
        FILE *fp = fopen(f, "a");
        if (fp != NULL) {
            fprintf(fp, "%ld %ld\n", n_alloc, n_write);
            fclose(fp);
        }
    }
}

static int ours(void *ret)
{
    if (!ready)
        return 0;
    for (int i = 0; i < n_ranges; i++)
        if ((uintptr_t)ret >= rlo[i] && (uintptr_t)ret < rhi[i])
            return 1;
    return 0;
}

static int fail_alloc(void *ret)
{
    if (!ours(ret))
        return 0;
    if (++n_alloc == k_alloc || armed == 1) {
        armed = armed == 1 ? 2 : armed;
        errno = ENOMEM;
        return 1;
    }
    return 0;
}

static void arm(const char *fn)
{
    if (armed == 0 && fault_after != NULL && strcmp(fault_after, fn) == 0)
        armed = 1;
}

char *mkdtemp(char *tmpl)
{
    static char *(*real)(char *);
    if (real == NULL)
        real = (char *(*)(char *))dlsym(RTLD_NEXT, "mkdtemp");
    char *r = real(tmpl);
    if (r != NULL)
        arm("mkdtemp");
    return r;
}

int mkostemps(char *tmpl, int suffixlen, int flags)
{
    static int (*real)(char *, int, int);
    if (real == NULL)
        real = (int (*)(char *, int, int))dlsym(RTLD_NEXT, "mkostemps");
    int fd = real(tmpl, suffixlen, flags);
    if (fd >= 0)
        arm("mkostemps");
    return fd;
}

static int fail_write(void *ret)
{
    if (!ours(ret))
        return 0;
    if (++n_write == k_write) {
        errno = ENOSPC;
        return 1;
    }
    return 0;
}

void *malloc(size_t n)
{
    return fail_alloc(__builtin_return_address(0)) ? NULL : __libc_malloc(n);
}

void *calloc(size_t n, size_t s)
{
    return fail_alloc(__builtin_return_address(0)) ? NULL : __libc_calloc(n, s);
}

void *realloc(void *p, size_t n)
{
    return fail_alloc(__builtin_return_address(0)) ? NULL : __libc_realloc(p, n);
}

size_t fwrite(const void *p, size_t s, size_t n, FILE *f)
{
    static size_t (*real)(const void *, size_t, size_t, FILE *);
    if (real == NULL)
        real = (size_t (*)(const void *, size_t, size_t, FILE *))dlsym(RTLD_NEXT, "fwrite");
    return fail_write(__builtin_return_address(0)) ? 0 : real(p, s, n, f);
}

int fflush(FILE *f)
{
    static int (*real)(FILE *);
    if (real == NULL)
        real = (int (*)(FILE *))dlsym(RTLD_NEXT, "fflush");
    return fail_write(__builtin_return_address(0)) ? EOF : real(f);
}

int fclose(FILE *f)
{
    static int (*real)(FILE *);
    if (real == NULL)
        real = (int (*)(FILE *))dlsym(RTLD_NEXT, "fclose");
    int fail = fail_write(__builtin_return_address(0));
    int rc = real(f);
    if (fail) {
        errno = ENOSPC;
        return EOF;
    }
    return rc;
}
