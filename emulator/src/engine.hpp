// The generic request engine: routing, auth, validation, dispatch.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "api.hpp"
#include "state.hpp"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace emu {

struct Options;
class Simulator;

struct Ctx {
  Ctx(State &state, const Operation &operation) : st(state), op(operation) {}
  State &st;
  const Operation &op;
  const Principal *principal = nullptr;
  std::map<std::string, std::string> path;
  json query = json::object();
  json body;
  const httplib::Request *req = nullptr;
  std::string req_path;  // the concrete (decoded) request path
  std::string base_url;
  std::string request_id;
  Simulator *sim = nullptr;
  std::string org_id() const;
  std::string param(const std::string &name) const;
  // The concrete collection path of the operation ("" if none).
  std::string collection_path() const;
};

using Handler = std::function<Reply(Ctx &)>;

// Special handlers, keyed by "METHOD /path/template".
class Registry {
 public:
  void add(const std::string &method, const std::string &path_template,
           Handler h);
  const Handler *find(const Operation &op) const;

 private:
  std::map<std::string, Handler> handlers_;
};

// Shapes an item for output as the server's response models do: drops
// private "_" fields and undocumented ones, emits unset documented fields as
// their default or null. Never fills in anything else.
json shape(const json &schema, const json &item, std::uint64_t salt = 0);
// The operation's answer: its success status and content type, `body`
// shaped to its response schema (no body for an empty response).
Reply shaped_reply(const Ctx &c, const json &body);
// Lists a collection the way the operation documents (cursor, offset, ...).
json list_response(Ctx &c, const Collection *coll,
                   const std::function<bool(const json &)> &keep,
                   bool descending = false);
// Appends an audit log entry for a mutating call.
void audit(State &st, const Ctx &c, int status);

Reply generic_handle(Ctx &c);

void register_session_handlers(Registry &r);
void register_attachment_handlers(Registry &r);
void register_self_handlers(Registry &r);
void register_enterprise_handlers(Registry &r);
void register_member_handlers(Registry &r);
void register_beta_handlers(Registry &r);

class Engine {
 public:
  Engine(State &st, const Options &opt, Simulator *sim);
  void serve(const httplib::Request &req, httplib::Response &res, bool tls);

 private:
  void serve_api(const httplib::Request &req, httplib::Response &res,
                 const std::string &request_id, const std::string &base_url);
  State &st_;
  const Options &opt_;
  Simulator *sim_;
  Registry registry_;
};

// Renders an error as problem+json (or the legacy FastAPI body).
void render_error(httplib::Response &res, const ApiError &e,
                  const std::string &instance, bool legacy);
void render_reply(httplib::Response &res, const Reply &r);

}  // namespace emu
