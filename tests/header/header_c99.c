/* devin.h must compile alone as C99 with -Wall -Wextra -pedantic -Werror. */
#include "devin.h"

int devin_header_c99_check(void);
int devin_header_c99_check(void) {
  devin_client_options opts = DEVIN_CLIENT_OPTIONS_INIT;
  devin_call_options call = DEVIN_CALL_OPTIONS_INIT;
  devin_wait_options wait = DEVIN_WAIT_OPTIONS_INIT;
  return (int)opts.version + (int)call.version + (int)wait.version +
         DEVIN_ABI_VERSION;
}
