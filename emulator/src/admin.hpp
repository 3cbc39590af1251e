// The /_emulator/ admin API (no auth) and the blob store URLs.
#pragma once

#include <string>

#include "state.hpp"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace emu {

struct Options;
class Simulator;

void admin_serve(State &st, Simulator *sim, const Options &opt,
                 const httplib::Request &req, httplib::Response &res,
                 const std::string &base_url);

}  // namespace emu
