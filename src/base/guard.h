/*
 * guard: run a command in a child process that the process itself watches, so that a
 * library that crashes or aborts when memory runs out (igraph 0.10.4 dereferences or
 * frees twice after a failed allocation; GLib aborts when malloc fails) cannot end the
 * run without a message (issue 13). The watching parent allocates nothing, passes the
 * signals it gets on to the child, and removes the temp files the child left (the
 * registry of base/outfile lives in a page they share), even when the child was killed
 * outright; cli turns how the child ended into a message and an exit code.
 * PARTNET_GUARD=0 in the environment runs the command in the process itself (a debugger).
 * Leaf room (POSIX only).
 */
#ifndef PN_GUARD_H
#define PN_GUARD_H

#include <stdbool.h>

struct pn_guard_end {
    bool exited;    /* the child exited with code; else it died of signal */
    int code;
    int signal;
    bool crash;     /* SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL, SIGTRAP or SIGSYS */
    bool passed_on; /* the parent got a signal and passed it on (not the child's own) */
    bool oom;       /* a library reported a failed allocation (pn_guard_note_oom) */
    bool limited;   /* under a memory limit (ulimit -v or -d) */
};

/* Fork. Returns false in the child, and where there is no guard (PARTNET_GUARD=0, or no
 * shared memory, no fork): run the command. Returns true in the parent once the child has
 * ended, with how in *end (its temps are removed by then). */
bool pn_guard_fork(struct pn_guard_end *end);

/* The parent's end: _exit with code (no atexit handler: the child ran them), or die of
 * the child's signal so that the caller sees the same status. */
_Noreturn void pn_guard_exit(int code);
_Noreturn void pn_guard_die(int sig);

/* A short name of a signal for messages ("SIGSEGV, a segmentation fault"). */
const char *pn_guard_signal_name(int sig);

/* A library reported a failed allocation (async-signal-safe, no allocation). */
void pn_guard_note_oom(void);

#endif
