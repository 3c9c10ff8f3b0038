/* guard: see guard.h. */
#define _GNU_SOURCE /* prctl's PR_SET_PDEATHSIG, strsignal-free signal names */
#include "base/guard.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/outfile.h"

/* shared with the child: set when a library reported a failed allocation */
static volatile sig_atomic_t *oom_seen;
static volatile pid_t child;
static volatile sig_atomic_t forwarded; /* a signal the parent got and passed on */

void pn_guard_note_oom(void)
{
    if (oom_seen != NULL)
        *oom_seen = 1;
}

/* Every signal that ends a process by default and can be caught: passed on to the child,
 * which dies of it (or handles it: SIGINT and SIGTERM remove its temps); then the parent
 * ends the same way. */
static const int passed_on[] = {SIGINT,  SIGTERM, SIGHUP,  SIGQUIT, SIGUSR1, SIGUSR2,
                                SIGALRM, SIGSEGV, SIGBUS,  SIGABRT, SIGFPE,  SIGILL,
                                SIGTRAP, SIGSYS,  SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF};
#define N_PASSED (sizeof passed_on / sizeof passed_on[0])

static void pass_on(int sig)
{
    forwarded = sig;
    if (child > 0)
        kill(child, sig);
}

static bool is_crash(int sig)
{
    return sig == SIGSEGV || sig == SIGBUS || sig == SIGABRT || sig == SIGFPE ||
           sig == SIGILL || sig == SIGTRAP || sig == SIGSYS;
}

static bool memory_limited(void)
{
    struct rlimit rl;
    return (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) ||
           (getrlimit(RLIMIT_DATA, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY);
}

const char *pn_guard_signal_name(int sig)
{
    switch (sig) {
    case SIGSEGV: return "SIGSEGV, a segmentation fault";
    case SIGBUS: return "SIGBUS, a bus error";
    case SIGABRT: return "SIGABRT, an abort";
    case SIGFPE: return "SIGFPE, an arithmetic fault";
    case SIGILL: return "SIGILL, an illegal instruction";
    case SIGTRAP: return "SIGTRAP, a trap";
    case SIGSYS: return "SIGSYS, a bad system call";
    case SIGKILL: return "SIGKILL";
    case SIGTERM: return "SIGTERM";
    case SIGINT: return "SIGINT";
    default: return "a signal";
    }
}

void pn_guard_exit(int code)
{
    _exit(code);
}

void pn_guard_die(int sig)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigaction(sig, &sa, NULL);
    /* a core of the watching parent would be of no use: the child's is the one */
    struct rlimit none = {0, 0};
    setrlimit(RLIMIT_CORE, &none);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
    _exit(128 + sig);
}

bool pn_guard_fork(struct pn_guard_end *end)
{
    const char *env = getenv("PARTNET_GUARD");
    if (env != NULL && strcmp(env, "0") == 0)
        return false;
    void *page = mmap(NULL, sizeof *oom_seen, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                      -1, 0);
    if (page == MAP_FAILED || !pn_outfile_share())
        return false; /* no shared memory: unguarded, as before */
    oom_seen = page;
    fflush(NULL);
    pid_t parent = getpid();
    /* the handlers are in place before the child runs: a signal in between is passed on */
    sigset_t all, old;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &old);
    pid_t pid = fork();
    if (pid < 0) {
        sigprocmask(SIG_SETMASK, &old, NULL);
        return false;
    }
    if (pid == 0) {
        /* the child ends with the parent (kill -9 of partnet ends the whole run) */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent)
            _exit(128 + SIGKILL);
        sigprocmask(SIG_SETMASK, &old, NULL);
        return false;
    }
    child = pid;
    for (size_t i = 0; i < N_PASSED; i++) {
        struct sigaction prev;
        /* a signal the caller ignores (nohup) stays ignored, here and in the child */
        if (sigaction(passed_on[i], NULL, &prev) == 0 && prev.sa_handler == SIG_IGN)
            continue;
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = pass_on;
        sigfillset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART;
        sigaction(passed_on[i], &sa, NULL);
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            _exit(3);
    memset(end, 0, sizeof *end);
    end->exited = WIFEXITED(status);
    end->code = end->exited ? WEXITSTATUS(status) : 0;
    end->signal = WIFSIGNALED(status) ? WTERMSIG(status) : end->exited ? 0 : SIGKILL;
    end->crash = !end->exited && is_crash(end->signal);
    end->passed_on = forwarded != 0;
    end->oom = *oom_seen != 0;
    end->limited = memory_limited();
    if (!end->exited)
        pn_outfile_remove_live(); /* what a child killed outright could not remove */
    return true;
}
