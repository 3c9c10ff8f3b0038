/*
 * thread_probe: the control of the no-threads test (tests/base/no_threads.sh). Loads igraph
 * the way any program does, without partnet's link options, so it runs on whichever
 * libblas.so.3 the machine selected; with --spawn it also starts one thread of its own,
 * which proves the thread counter counts.
 */
#include <igraph.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static void *idle(void *arg)
{
    return arg;
}

int main(int argc, char **argv)
{
    const char *version = NULL;
    igraph_version(&version, NULL, NULL, NULL); /* keeps igraph (and its BLAS) a dependency */
    if (argc > 1 && strcmp(argv[1], "--spawn") == 0) {
        pthread_t t;
        if (pthread_create(&t, NULL, idle, NULL) != 0 || pthread_join(t, NULL) != 0)
            return 1;
    }
    printf("igraph %s\n", version);
    return 0;
}
