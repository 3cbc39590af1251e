// httplib wiring: the listening server, worker pool, keep-alive, TLS.
#pragma once

#include "engine.hpp"
#include "options.hpp"

namespace emu {

// Binds, prints the listening line, serves until stop_server() is called.
int run_server(const Options &opt, Engine &engine);
void stop_server();

}  // namespace emu
