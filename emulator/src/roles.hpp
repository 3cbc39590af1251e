// The relation store: roles, principals (users, service users, IdP groups)
// and their role assignments. One source for every member view and for RBAC.
//
// The store lives in private collections of the state (paths starting with
// "_rel/", never a request path), so it is persisted, reset and reseeded
// with everything else. Items keep their creation sequence: lists page by it.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "state.hpp"

namespace emu::rel {

extern const char *const kRoles;         // {role_id, role_name, role_type,
                                         //  permissions[]}
extern const char *const kUsers;         // {user_id, email, name}
extern const char *const kServiceUsers;  // {service_user_id, name, org_id,
                                         //  expires_at, deleted_at,
                                         //  provisioned}
extern const char *const kGroups;        // {idp_group_name, registered,
                                         //  user_ids[]}
extern const char *const kAssignments;   // {principal_type, principal_id,
                                         //  org_id (null: enterprise), role_id}
extern const char *const kApiKeys;       // by token: {api_key_id, api_key_name,
                                         //  service_user_id, created_at,
                                         //  expires_at, revoked_at,
                                         //  last_used_at}

// principal_type values of an assignment.
inline const std::string kUser = "user";
inline const std::string kServiceUser = "service_user";
inline const std::string kGroup = "idp_group";

// Items (nullptr when absent).
const json *role(const State &st, const std::string &role_id);
const json *user(const State &st, const std::string &user_id);
const json *service_user(const State &st, const std::string &id);
const json *group(const State &st, const std::string &name);
const json *api_key(const State &st, const std::string &token);
json *user(State &st, const std::string &user_id);
json *service_user(State &st, const std::string &id);
json *group(State &st, const std::string &name);

// The Role object of the API ({role_id, role_name, role_type}).
json role_view(const json &role);
std::set<std::string> role_permissions(const State &st,
                                       const std::string &role_id);

// Role assignments. org "" is the enterprise scope (org_id null).
void assign(State &st, const std::string &type, const std::string &id,
            const std::string &org, const std::string &role_id);
bool unassign(State &st, const std::string &type, const std::string &id,
              const std::string &org);
// Removes every assignment of a principal.
void unassign_all(State &st, const std::string &type, const std::string &id);
// The role id of an assignment, "" when there is none.
std::string assigned_role(const State &st, const std::string &type,
                          const std::string &id, const std::string &org);
// The principal's assignments in creation order (org_id "" = enterprise).
struct Assignment {
  std::string org, role_id;
};
std::vector<Assignment> assignments(const State &st, const std::string &type,
                                    const std::string &id);
// Principals of a type that hold an assignment in the scope.
std::vector<std::string> assigned_in(const State &st, const std::string &type,
                                     const std::string &org);

// API views. `only_org` limits role_assignments to one organization
// (nullptr: every assignment, enterprise and organizations).
json role_assignments(const State &st, const std::string &type,
                      const std::string &id, const std::string *only_org);
// IdpRoleAssignment[] a user holds through the groups it belongs to.
json idp_role_assignments(const State &st, const std::string &user_id,
                          const std::string *only_org);
json user_view(const State &st, const std::string &user_id,
               const std::string *only_org, bool with_idp);
json service_user_view(const State &st, const std::string &id,
                       const std::string *only_org);
json group_view(const State &st, const std::string &name,
                const std::string *only_org);
// Groups a user belongs to.
std::vector<std::string> groups_of(const State &st, const std::string &user_id);

// The service-user management permissions no provisioned service user holds.
bool is_service_user_management(const std::string &perm);

}  // namespace emu::rel
