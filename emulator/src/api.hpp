// The operation table (generated from api/openapi.json) and the router.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common.hpp"

namespace emu {

struct Param {
  std::string name;
  bool required = false;
  json schema;
};

struct Operation {
  std::string id, method, path, scope, resource, name;
  std::string permission;  // "" when none is required
  bool permission_uncertain = false;
  json extra_permissions;  // {body field: permission}
  std::vector<std::string> segments;
  std::vector<Param> path_params, query_params;
  std::string body_kind;  // none | json | multipart
  bool body_required = false;
  json body_schema;
  int status = 200;
  std::string response_kind;  // json | empty | redirect
  std::string response_content_type;
  json response_schema;
  json item_schema;  // list item (paginated) or the response itself
  std::string page_form, page_items;
  std::string main_id, collection, id_param, id_field;
  std::string audit_action;  // e.g. create_session (modelled, see docs)
  bool beta = false, uncertain = false;
  int literal_count = 0;
  std::string key() const { return method + " " + path; }
};

class Api {
 public:
  static const Api &get();
  const std::vector<Operation> &operations() const { return ops_; }
  // Finds the operation for a concrete path; fills path parameter values.
  // Sets path_known when the path exists under another method.
  const Operation *route(const std::string &method, const std::string &path,
                         std::map<std::string, std::string> &params,
                         bool &path_known) const;
  const Operation *by_key(const std::string &method,
                          const std::string &path_template) const;
  // Every permission named anywhere in the table for a scope.
  std::vector<std::string> permissions(const std::string &scope) const;

 private:
  Api();
  std::vector<Operation> ops_;
};

// Substitutes {name} placeholders of a path template.
std::string fill_template(const std::string &tmpl,
                          const std::map<std::string, std::string> &values);

}  // namespace emu
