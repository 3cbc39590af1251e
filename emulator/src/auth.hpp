// API keys, principals and RBAC. Permissions come from the relation store
// (roles.hpp) at every request.
#pragma once

#include <map>
#include <set>
#include <string>

#include "api.hpp"
#include "state.hpp"

namespace emu {

// Expands "@org-all", "@org-view", "@enterprise-all" and plain names.
std::set<std::string> expand_permissions(const json &list);

// 401 unless the Authorization header names a known, live cog_ key. The
// returned principal carries its current enterprise-level permissions (and
// those of its home organization).
Principal authenticate(const State &st, const std::string &auth_header);

// 403 (or 404 for an unknown org) unless the principal may call op.
void authorize(const State &st, const Principal &p, const Operation &op,
               const std::map<std::string, std::string> &path);

// Effective permission of a principal inside an organization.
bool principal_has(const State &st, const Principal &p,
                   const std::string &org_id, const std::string &perm);
// A human member's permission inside an organization ("" = membership).
bool member_has(const State &st, const std::string &org_id,
                const std::string &user_id, const std::string &perm);

// Whether the principal holds an enterprise role (directly or through an
// IdP group).
bool has_enterprise_role(const State &st, const Principal &p);
// Enterprise-level permissions (enterprise roles, ReadAccountMeta).
std::set<std::string> enterprise_permissions(const State &st,
                                             const Principal &p);
// Whether the principal may act in an organization, and with what.
bool org_access(const State &st, const Principal &p, const std::string &org_id);
std::set<std::string> org_permissions(const State &st, const Principal &p,
                                      const std::string &org_id);

}  // namespace emu
