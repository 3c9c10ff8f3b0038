/*
 * cli: command line -> options -> pipeline (load, build, analyse, render,
 * report, export). The only room that prints diagnostics and decides exit codes.
 */
#ifndef PN_CLI_H
#define PN_CLI_H

/* Exit codes (README "Exit codes"): the values of enum pn_status in diag.h.
 *   0 success, 1 invalid input, 2 usage error, 3 I/O or library failure. */

/* Run partnet with argv; returns the exit code. */
int pn_cli_main(int argc, char **argv);

#endif
