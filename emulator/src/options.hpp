// Command-line options of devin-emulator.
#pragma once

#include <string>

namespace emu {

struct Options {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string tls_cert, tls_key;
  bool legacy_errors = false;
  std::string seed_file;
  std::string state_file;
  double speed = 0;  // 0 = from the seed (default 1.0)
  double rate_limit = 0;
  int threads = 256;
  bool exit_with_stdin = false;  // leave on EOF of stdin (parent gone)
  bool quiet = true;
  // Check every 2xx JSON answer against the response schema (500 if not).
  bool strict = false;
};

}  // namespace emu
