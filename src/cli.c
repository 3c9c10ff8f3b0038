/* cli: stub, to be written. */
#include "cli.h"
#include <stdio.h>
int pn_cli_main(int argc, char **argv) { (void)argc; (void)argv; puts("partnet"); return 0; }
