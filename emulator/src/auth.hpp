// API keys, principals and RBAC.
#pragma once

#include <map>
#include <set>
#include <string>

#include "api.hpp"
#include "state.hpp"

namespace emu {

// Expands "@org-all", "@org-view", "@enterprise-all" and plain names.
std::set<std::string> expand_permissions(const json &list);

// 401 unless the Authorization header names a known cog_ key.
const Principal &authenticate(const State &st, const std::string &auth_header);

// 403 (or 404 for an unknown org) unless the principal may call op.
void authorize(const State &st, const Principal &p, const Operation &op,
               const std::map<std::string, std::string> &path);

// Effective permission of a principal inside an organization.
bool principal_has(const State &st, const Principal &p,
                   const std::string &org_id, const std::string &perm);
// A human member's permission inside an organization.
bool member_has(const State &st, const std::string &org_id,
                const std::string &user_id, const std::string &perm);

}  // namespace emu
