// devin.h must compile alone as C++ with -Wall -Wextra -pedantic -Werror.
#include "devin.h"

int devin_header_cxx_check();
int devin_header_cxx_check() {
  devin_client_options opts = DEVIN_CLIENT_OPTIONS_INIT;
  devin_call_options call = DEVIN_CALL_OPTIONS_INIT;
  devin_wait_options wait = DEVIN_WAIT_OPTIONS_INIT;
  return static_cast<int>(opts.version + call.version + wait.version) +
         DEVIN_ABI_VERSION;
}
