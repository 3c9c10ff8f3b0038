/* partnet entry point: everything happens in cli.c. */
#include "cli/cli.h"

int main(int argc, char **argv)
{
    return pn_cli_main(argc, argv);
}
