/*
 * Fuzz target (issue 13): bytes -> the loader (one in-memory file, includes refused)
 * -> resolve, as `partnet validate` does. Any crash, leak, sanitizer report or hang is
 * a finding; an error is a normal outcome but must come with a message.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "base/diag.h"
#include "model/loader.h"
#include "model/model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct pn_model m;
    struct pn_diag d;
    pn_model_init(&m);
    pn_diag_init(&d);
    enum pn_status st = pn_loader_load_string(&m, "fuzz.yaml", NULL, (const char *)data, size, &d);
    if (st == PN_OK)
        st = pn_model_resolve(&m, &d);
    /* no silent error: a failure always says why */
    if (st != PN_OK && !pn_diag_has_errors(&d))
        abort();
    pn_model_destroy(&m);
    pn_diag_destroy(&d);
    return 0;
}
