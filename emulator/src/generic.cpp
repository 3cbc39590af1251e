// The generic resource engine: CRUD on collections derived from the path
// templates and singletons for id-less documents. What a stored item holds
// follows one rule (docs/emulator.md, "What the emulator stores"):
//
//  - a field the client sent is stored as sent, under the response name the
//    description declares (`x-devin-response-field`);
//  - a client-settable field the client did not send takes the request
//    schema's `default`, else null when the response marks it nullable, else
//    the server's initial value (`x-devin-server-default`), else is absent;
//  - fields the server owns are computed: ids with their documented prefix,
//    timestamps, the acting principal, counters from zero, never-happened
//    events null, and scope (`org_id`, `access_type`) from the path.
//
// Nothing is synthesised: a collection nobody wrote to is empty.
#include "engine.hpp"
#include "schema.hpp"

namespace emu {

namespace {

enum class Mode { Create, Replace, Merge };

const json &props_of(const json &schema) {
  return field(schema_core(schema), "properties");
}

bool is_time_type_string(const json &prop) {
  return schema_type(schema_core(prop)) == "string";
}

json time_value(const json &prop) {
  if (is_time_type_string(prop)) return iso8601(now_unix());
  return now_unix();
}

json principal_or_null(const Ctx &c, const json &prop) {
  if (c.principal && !c.principal->id.empty()) return c.principal->id;
  return schema_nullable(prop) ? json(nullptr) : json(std::string());
}

// The org an item belongs to: the path's org_id ("" for enterprise items).
std::string scope_org(const Ctx &c) { return c.org_id(); }

// The value of `access_type` for the scope, within the property's enum.
json access_value(const Ctx &c, const json &prop) {
  const json &core = schema_core(prop);
  std::string want = scope_org(c).empty() ? "enterprise" : "org";
  for (const auto &e : field(core, "enum"))
    if (e == want) return e;
  return nullptr;
}

// A value for a response field the client did not send (Create/Replace).
// Returns false when the field stays absent.
bool unsent_value(const json &req_prop, const json &resp_prop, json &out) {
  const json &rq = req_prop.is_object() ? req_prop : json::object();
  if (auto it = rq.find("default"); it != rq.end()) {
    out = *it;
    return true;
  }
  if (resp_prop.is_object() && schema_nullable(resp_prop)) {
    out = nullptr;
    return true;
  }
  if (resp_prop.is_object()) {
    if (auto it = resp_prop.find("x-devin-server-default");
        it != resp_prop.end()) {
      out = *it;
      return true;
    }
    if (auto it = resp_prop.find("default"); it != resp_prop.end()) {
      out = *it;
      return true;
    }
  }
  return false;
}

// Picks the properties of `schema` out of `item` (a referenced resource).
json pick(const json &schema, const json &item) {
  const json &props = props_of(schema);
  if (!item.is_object() || !props.is_object() || props.empty()) return item;
  json out = json::object();
  for (const auto &[k, sub] : props.items())
    if (item.contains(k)) out[k] = item[k];
  return out;
}

// Where a request property lands: target response field, lookup template.
struct Mapping {
  std::string target;  // response field ("" = stored privately)
  std::string lookup;  // collection template of a referenced item
  bool relation = false;
  bool write_only = false;
};

Mapping mapping_of(const std::string &name, const json &req_prop,
                   const json &resp_props) {
  Mapping m;
  if (req_prop.is_object()) {
    if (req_prop.value("x-devin-write-only", false)) {
      m.write_only = true;
      return m;
    }
    if (auto it = req_prop.find("x-devin-response-field");
        it != req_prop.end()) {
      if (it->is_string()) {
        m.target = it->get<std::string>();
      } else if (it->is_object()) {
        m.target = it->value("field", "");
        m.lookup = it->value("lookup", "");
        m.relation = it->contains("relation");
      }
      return m;
    }
  }
  if (resp_props.is_object() && resp_props.contains(name)) m.target = name;
  return m;
}

json resolve_lookup(const Ctx &c, const std::string &name, const Mapping &m,
                    const json &value, const json &resp_prop) {
  if (value.is_null()) return nullptr;
  std::string id = value.is_string() ? value.get<std::string>() : value.dump();
  const Collection *coll = c.st.find_coll(fill_template(m.lookup, c.path));
  const json *found = nullptr;
  if (coll) {
    auto it = coll->index.find(id);
    if (it != coll->index.end()) found = &coll->items.at(it->second);
  }
  if (!found)
    throw_unprocessable(json::array({field_error(
        json::array({"body", name}), "No item with id " + id, "value_error")}));
  return pick(resp_prop, *found);
}

// Applies a request body to an item. Returns the response fields the
// request schema can set (so the server-owned ones are the rest).
std::set<std::string> apply_request(const Ctx &c, json &item, const json &body,
                                    const json &req_schema,
                                    const json &resp_schema, Mode mode) {
  std::set<std::string> settable;
  const json &rq_props = props_of(req_schema);
  const json &rs_props = props_of(resp_schema);
  if (!rq_props.is_object()) return settable;
  for (const auto &[name, rq] : rq_props.items()) {
    Mapping m = mapping_of(name, rq, rs_props);
    if (m.relation) continue;  // kept by the relation store's handlers
    bool sent = body.is_object() && body.contains(name);
    if (m.write_only || m.target.empty()) {
      // Accepted, never read back: kept privately for the server's use.
      if (sent) item["_" + name] = body[name];
      continue;
    }
    settable.insert(m.target);
    const json rs =
        rs_props.is_object() ? rs_props.value(m.target, json()) : json();
    bool target_nullable = rs.is_object() && schema_nullable(rs);
    if (sent && body[name].is_null() && !target_nullable) {
      // null for a field that cannot be null means "not given".
      sent = false;
    }
    if (sent) {
      item[m.target] = m.lookup.empty()
                           ? body[name]
                           : resolve_lookup(c, name, m, body[name], rs);
      continue;
    }
    if (mode == Mode::Merge) continue;
    json v;
    if (unsent_value(rq, rs, v)) {
      item[m.target] = m.lookup.empty() || v.is_null()
                           ? v
                           : resolve_lookup(c, name, m, v, rs);
    } else {
      item.erase(m.target);
    }
  }
  return settable;
}

// Fills the fields the server owns.
void server_fields(const Ctx &c, json &item, const json &resp_schema,
                   const std::set<std::string> &settable, bool creating) {
  const json &props = props_of(resp_schema);
  if (!props.is_object()) return;
  for (const auto &[k, prop] : props.items()) {
    if (settable.count(k)) continue;
    if (k == "updated_at") {
      item[k] = time_value(prop);
      continue;
    }
    if (k == "updated_by") {
      item[k] = principal_or_null(c, prop);
      continue;
    }
    if (k == "last_edited_by") {
      item[k] = creating && schema_nullable(prop) ? json(nullptr)
                                                  : principal_or_null(c, prop);
      continue;
    }
    if (!creating || item.contains(k)) continue;
    if (k == "created_at") {
      item[k] = time_value(prop);
    } else if (k == "created_by") {
      item[k] = principal_or_null(c, prop);
    } else if (k == "org_id") {
      std::string org = scope_org(c);
      if (!org.empty())
        item[k] = org;
      else if (schema_nullable(prop))
        item[k] = nullptr;
    } else if (k == "access_type") {
      json v = access_value(c, prop);
      if (!v.is_null()) item[k] = v;
    } else if (auto it = prop.find("x-devin-server-default");
               it != prop.end()) {
      item[k] = *it;
    } else if (schema_nullable(prop)) {
      item[k] = nullptr;  // an event that has not happened, an unset link
    } else if (auto d = prop.find("default"); d != prop.end()) {
      item[k] = *d;
    } else {
      std::string t = schema_type(schema_core(prop));
      if (t == "integer" || t == "number")
        item[k] = 0;  // counters start at zero
      else if (t == "array")
        item[k] = json::array();
    }
  }
}

// The folder a knowledge note sits in: "/" at the root, else the path of a
// folder of the scope (folders are listed at <notes>/../folders and come
// from the seed; the API has no call that creates one).
json folder_path_of(const Ctx &c, const json &folder_id) {
  if (!folder_id.is_string()) return "/";
  std::string coll = c.collection_path();
  coll = coll.substr(0, coll.rfind('/')) + "/folders";
  if (const Collection *f = c.st.find_coll(coll)) {
    auto it = f->index.find(folder_id.get<std::string>());
    if (it != f->index.end()) {
      const json &folder = f->items.at(it->second);
      if (folder.contains("path")) return folder["path"];
    }
  }
  throw_unprocessable(json::array({field_error(
      json::array({"body", "folder_id"}),
      "No folder with id " + folder_id.get<std::string>(), "value_error")}));
}

// Response fields computed from others (x-devin-derived).
void derived_fields(const Ctx &c, json &item, const json &resp_schema) {
  const json &props = props_of(resp_schema);
  if (!props.is_object()) return;
  for (const auto &[k, prop] : props.items()) {
    std::string rule = prop.value("x-devin-derived", "");
    if (rule == "folder_path")
      item[k] = folder_path_of(c, item.value("folder_id", json()));
  }
}

Reply respond(const Ctx &c, json body) {
  Reply r;
  r.status = c.op.status;
  if (c.op.response_kind == "empty" || c.op.status == 204) {
    r.empty = true;
    return r;
  }
  r.content_type = c.op.response_content_type;
  r.body = std::move(body);
  return r;
}

// Shapes an item for an operation whose response is (or wraps) the item.
json item_out(const Ctx &c, const json &item) {
  return shape(c.op.response_schema, item);
}

// Query parameters that filter a list generically.
bool matches_filters(const Ctx &c, const json &item) {
  for (const auto &[k, v] : c.query.items()) {
    if (k == "first" || k == "after" || k == "limit" || k == "offset" ||
        v.is_null())
      continue;
    std::string f = k;
    if (!item.contains(f) && f.size() > 1 && f.back() == 's') f.pop_back();
    if (!item.contains(f)) continue;
    const json &have = item[f];
    if (v.is_array()) {
      if (v.empty()) continue;
      bool hit = false;
      for (const auto &x : v) {
        if (have.is_array()) {
          for (const auto &h : have) hit = hit || h == x;
        } else {
          hit = hit || have == x;
        }
      }
      if (!hit) return false;
    } else if (have != v) {
      return false;
    }
  }
  return true;
}

Reply list_of(Ctx &c, const std::string &path) {
  const Collection *coll = c.st.find_coll(path);
  return respond(c, list_response(c, coll, [&](const json &it) {
                   return matches_filters(c, it);
                 }));
}

std::string id_field_of(const Operation &op) {
  return op.id_field.empty() ? op.id_param : op.id_field;
}

// Builds a new item from a request body (one element of a bulk body, or
// the whole body).
json new_item(Ctx &c, const json &body, const json &req_schema,
              const json &item_schema, const std::string &id_field,
              const std::string &id) {
  json item = json::object();
  std::set<std::string> settable =
      apply_request(c, item, body, req_schema, item_schema, Mode::Create);
  if (!id_field.empty()) {
    item[id_field] = id;
    settable.insert(id_field);
  }
  server_fields(c, item, item_schema, settable, true);
  derived_fields(c, item, item_schema);
  return item;
}

Reply create_in(Ctx &c, const std::string &path) {
  const Operation &op = c.op;
  std::string idf = id_field_of(op);
  std::string id = make_id(op.id_param.empty() ? idf : op.id_param);
  json item = new_item(c, c.body, op.body_schema, op.item_schema, idf, id);
  c.st.coll(path).put(id, item, c.st.next_seq());
  return respond(c, item_out(c, item));
}

// The array a bulk request carries (its first array-valued property) and
// the schema of one element.
std::pair<std::string, json> bulk_array(const Operation &op) {
  const json &props = props_of(op.body_schema);
  if (props.is_object())
    for (const auto &[k, v] : props.items())
      if (schema_type(schema_core(v)) == "array")
        return {k, schema_core(v).value("items", json::object())};
  return {"", json::object()};
}

// The natural key of a bulk element: the item's id field, else the first
// required string property of the item.
std::string natural_key_field(const json &item_schema, const std::string &idf) {
  if (!idf.empty()) return idf;
  const json &core = schema_core(item_schema);
  const json &props = field(core, "properties");
  for (const auto &r : field(core, "required"))
    if (schema_type(props.value(r.get<std::string>(), json())) == "string")
      return r.get<std::string>();
  return "";
}

Reply bulk(Ctx &c, const std::string &path, bool on_collection) {
  const Operation &op = c.op;
  json result = json::array();
  const std::string &m = op.method;
  auto [arr, elem_schema] = bulk_array(op);
  json elems =
      c.body.is_object() && c.body.contains(arr) ? c.body[arr] : json::array();
  std::string idf = op.id_field;
  if (m == "DELETE") {
    auto it = c.st.colls.find(path);
    if (it == c.st.colls.end()) return respond(c, result);
    if (on_collection || elems.empty()) {
      for (const auto &[seq, item] : it->second.items)
        result.push_back(shape(op.item_schema, item));
      c.st.colls.erase(it);
      return respond(c, result);
    }
    for (const auto &el : elems) {
      std::string key = el.is_string() ? el.get<std::string>() : el.dump();
      if (json *old = it->second.find(key)) {
        result.push_back(shape(op.item_schema, *old));
        it->second.erase(key);
      }
    }
    return respond(c, result);
  }
  if (on_collection && m == "PUT") c.st.colls.erase(path);
  Collection &coll = c.st.coll(path);
  std::string keyf = natural_key_field(op.item_schema, idf);
  for (const auto &el : elems) {
    json item;
    std::string key;
    if (el.is_object()) {
      key = !idf.empty() && on_collection
                ? make_id(op.id_param.empty() ? idf : op.id_param)
                : "";
      item = new_item(c, el, elem_schema, op.item_schema,
                      on_collection ? idf : "", key);
      if (key.empty() && !keyf.empty() && item.contains(keyf) &&
          item[keyf].is_string())
        key = item[keyf].get<std::string>();
    } else {
      key = el.is_string() ? el.get<std::string>() : el.dump();
      item =
          new_item(c, json::object(), json::object(), op.item_schema, "", "");
      if (!keyf.empty()) item[keyf] = el;
    }
    if (key.empty()) key = make_id(idf.empty() ? "item_id" : idf);
    if (json *old = coll.find(key)) {
      // Re-adding an existing key keeps the original (idempotent).
      result.push_back(shape(op.item_schema, *old));
      continue;
    }
    coll.put(key, item, c.st.next_seq());
    result.push_back(shape(op.item_schema, item));
  }
  return respond(c, result);
}

// The state of a document nobody has written: the least value the schema
// allows, without inventing content (empty arrays, nulls, zeros).
json empty_value(const json &schema) {
  const json &s = schema_core(schema);
  if (!s.is_object()) return nullptr;
  if (auto it = s.find("x-devin-server-default"); it != s.end()) return *it;
  if (auto it = s.find("default"); it != s.end()) return *it;
  if (schema_nullable(schema)) return nullptr;
  std::string t = schema_type(s);
  if (t == "array") return json::array();
  if (t == "integer" || t == "number") return 0;
  if (t == "boolean") return false;
  if (t == "object") {
    json out = json::object();
    const json &props = field(s, "properties");
    for (const auto &r : field(s, "required")) {
      std::string k = r.get<std::string>();
      json v = empty_value(props.value(k, json::object()));
      if (!v.is_null() || schema_nullable(props.value(k, json::object())))
        out[k] = v;
    }
    return out;
  }
  return nullptr;
}

Reply update_item(Ctx &c, json &item) {
  const Operation &op = c.op;
  Mode mode = op.method == "PUT" ? Mode::Replace : Mode::Merge;
  std::set<std::string> settable =
      apply_request(c, item, c.body, op.body_schema, op.item_schema, mode);
  server_fields(c, item, op.item_schema, settable, false);
  derived_fields(c, item, op.item_schema);
  return respond(c, item_out(c, item));
}

}  // namespace

Reply generic_handle(Ctx &c) {
  const Operation &op = c.op;
  const std::string &m = op.method;
  if (!op.collection.empty()) {
    std::string cpath = c.collection_path();
    if (op.path == op.collection) {
      if (m == "GET") return list_of(c, cpath);
      if (schema_type(op.response_schema) == "array")
        return bulk(c, cpath, true);
      if (m == "POST") return create_in(c, cpath);
      if (m == "DELETE") {
        c.st.colls.erase(cpath);
        return respond(c, empty_value(op.response_schema));
      }
      return bulk(c, cpath, true);
    }
    std::string id = c.param(op.id_param);
    Collection *coll = nullptr;
    if (m == "GET") {
      auto it = c.st.colls.find(cpath);
      coll = it == c.st.colls.end() ? nullptr : &it->second;
    } else {
      coll = &c.st.coll(cpath);
    }
    json *item = coll ? coll->find(id) : nullptr;
    if (m == "POST" && !item) {
      json fresh =
          new_item(c, c.body, op.body_schema, op.item_schema, op.id_field, id);
      coll->put(id, fresh, c.st.next_seq());
      return respond(c, item_out(c, fresh));
    }
    if (!item) throw_not_found(op.id_param + " " + id);
    if (m == "GET") return respond(c, item_out(c, *item));
    if (m == "DELETE") {
      json gone = *item;
      coll->erase(id);
      return respond(c, shape(op.response_schema, gone));
    }
    return update_item(c, *item);
  }
  std::string concrete = c.req_path;
  bool listy =
      op.page_form != "none" || schema_type(op.response_schema) == "array";
  if (m != "GET" && schema_type(op.response_schema) == "array")
    return bulk(c, concrete, false);
  if (m == "GET") {
    if (listy) return list_of(c, concrete);
    auto it = c.st.singletons.find(concrete);
    if (it != c.st.singletons.end())
      return respond(c, shape(op.response_schema, it->second));
    return respond(c, empty_value(op.response_schema));
  }
  if (m == "DELETE") {
    c.st.singletons.erase(concrete);
    return respond(c, empty_value(op.response_schema));
  }
  json &doc = c.st.singletons[concrete];
  bool creating = !doc.is_object();
  if (creating) doc = empty_value(op.response_schema);
  if (!doc.is_object()) doc = json::object();
  std::set<std::string> settable =
      apply_request(c, doc, c.body, op.body_schema, op.response_schema,
                    m == "PATCH" ? Mode::Merge : Mode::Replace);
  server_fields(c, doc, op.response_schema, settable, creating);
  return respond(c, shape(op.response_schema, doc));
}

}  // namespace emu
