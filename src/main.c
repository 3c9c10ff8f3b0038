/* partnet entry point: everything happens in cli/ (pn_cli_main in cli/cli.c). */
#include "cli/cli.h"

int main(int argc, char **argv)
{
    return pn_cli_main(argc, argv);
}
