// The generic resource engine: CRUD on collections derived from the path
// templates, singletons for id-less documents, synthesised data otherwise.
#include "engine.hpp"
#include "schema.hpp"

namespace emu {

namespace {

void stamp(json &item, const json &schema, bool creating, const Ctx &c) {
  const json &core = schema_core(schema);
  json props = core.is_object() ? core.value("properties", json::object())
                                : json::object();
  auto set_time = [&](const char *field) {
    if (!props.contains(field)) return;
    if (schema_type(props[field]) == "string")
      item[field] = iso8601(now_unix());
    else
      item[field] = now_unix();
  };
  if (creating) set_time("created_at");
  set_time("updated_at");
  std::string who = c.principal ? c.principal->id : "";
  if (creating && props.contains("created_by")) item["created_by"] = who;
  if (props.contains("updated_by")) item["updated_by"] = who;
  if (props.contains("last_edited_by")) item["last_edited_by"] = who;
  if (creating && props.contains("org_id") && !c.org_id().empty())
    item["org_id"] = c.org_id();
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

Collection synthetic_collection(const Ctx &c, std::size_t n) {
  Collection tmp;
  std::uint64_t salt = fnv1a(c.req_path) % 1000;
  for (std::size_t i = 0; i < n; ++i) {
    json item = synth(c.op.item_schema, "", salt + i + 1);
    tmp.put(std::to_string(i), item, i + 1);
  }
  return tmp;
}

// Query parameters that filter a list generically.
bool matches_filters(const Ctx &c, const json &item) {
  for (const auto &[k, v] : c.query.items()) {
    if (k == "first" || k == "after" || k == "limit" || k == "offset" ||
        v.is_null())
      continue;
    std::string field = k;
    if (!item.contains(field) && field.size() > 1 && field.back() == 's')
      field.pop_back();
    if (!item.contains(field)) continue;
    const json &have = item[field];
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
  if (!coll) {
    Collection tmp = synthetic_collection(c, 3);
    return respond(c,
                   list_response(c, &tmp, [](const json &) { return true; }));
  }
  return respond(c, list_response(c, coll, [&](const json &it) {
                   return matches_filters(c, it);
                 }));
}

Reply create_in(Ctx &c, const std::string &path) {
  const json &schema = c.op.item_schema;
  json item = documented_fields(schema, c.body);
  std::string id_field = c.op.id_field.empty() ? c.op.id_param : c.op.id_field;
  std::string id = make_id(c.op.id_param.empty() ? id_field : c.op.id_param);
  if (!id_field.empty()) item[id_field] = id;
  stamp(item, schema, true, c);
  std::uint64_t seq = c.st.next_seq();
  item = conform(schema, item, seq);
  if (!id_field.empty()) item[id_field] = id;
  c.st.coll(path).put(id, item, seq);
  return respond(c, item_out(c, item));
}

// The array a bulk request carries (its first array-valued field).
std::pair<std::string, json> body_elements(const json &body) {
  if (body.is_array()) return {"", body};
  if (body.is_object())
    for (const auto &[k, v] : body.items())
      if (v.is_array()) return {k, v};
  return {"", json::array()};
}

// The item field a bulk element fills: "emails" -> "email", else the first
// required string property.
std::string element_field(const json &item_schema, const std::string &arr) {
  const json &core = schema_core(item_schema);
  const json &props = field(core, "properties");
  std::string singular = arr;
  if (!singular.empty() && singular.back() == 's') singular.pop_back();
  if (props.contains(singular)) return singular;
  for (const auto &r : field(core, "required"))
    if (schema_type(props.value(r.get<std::string>(), json())) == "string")
      return r.get<std::string>();
  return singular;
}

// Items built from a bulk request, each with a key (id or natural key).
std::vector<std::pair<std::string, json>> bulk_items(Ctx &c,
                                                     bool generate_ids) {
  const json &schema = c.op.item_schema;
  auto [arr, elems] = body_elements(c.body);
  std::string efield = element_field(schema, arr);
  std::string idf = c.op.id_field;
  std::vector<std::pair<std::string, json>> out;
  for (const auto &el : elems) {
    json item = el.is_object() ? documented_fields(schema, el) : json::object();
    if (!el.is_object()) item[efield] = el;
    if (el.is_object() && !item.contains(efield) && el.contains(efield))
      item[efield] = el[efield];
    std::string key;
    if (generate_ids && !idf.empty()) {
      key = make_id(c.op.id_param.empty() ? idf : c.op.id_param);
      item[idf] = key;
    } else if (item.contains(efield) && item[efield].is_string()) {
      key = item[efield].get<std::string>();
    } else {
      key = random_hex(12);
    }
    stamp(item, schema, true, c);
    std::uint64_t seq = c.st.next_seq();
    item = conform(schema, item, seq);
    out.emplace_back(key, item);
  }
  return out;
}

Reply bulk(Ctx &c, const std::string &path, bool on_collection) {
  json result = json::array();
  const std::string &m = c.op.method;
  if (m == "DELETE") {
    auto it = c.st.colls.find(path);
    if (it == c.st.colls.end()) return respond(c, result);
    if (on_collection || !c.body.is_object()) {
      for (const auto &[seq, item] : it->second.items)
        result.push_back(shape(c.op.item_schema, item));
      c.st.colls.erase(it);
      return respond(c, result);
    }
    for (auto &[key, item] : bulk_items(c, false)) {
      if (json *old = it->second.find(key)) {
        result.push_back(shape(c.op.item_schema, *old));
        it->second.erase(key);
      } else {
        result.push_back(shape(c.op.item_schema, item));
      }
    }
    return respond(c, result);
  }
  bool replace = on_collection && m == "PUT";
  if (replace) c.st.colls.erase(path);
  Collection &coll = c.st.coll(path);
  for (auto &[key, item] : bulk_items(c, on_collection)) {
    coll.put(key, item, c.st.next_seq());
    result.push_back(shape(c.op.item_schema, item));
  }
  return respond(c, result);
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
        return respond(c, synth(op.response_schema));
      }
      // PUT/PATCH on a collection: replace with the body's array, if any.
      Collection fresh;
      if (c.body.is_object())
        for (const auto &[k, v] : c.body.items())
          if (v.is_array())
            for (const auto &x : v) {
              json item = documented_fields(op.item_schema, x);
              std::string id = make_id(op.id_field);
              item[op.id_field] = id;
              std::uint64_t seq = c.st.next_seq();
              fresh.put(id, conform(op.item_schema, item, seq), seq);
            }
      c.st.colls[cpath] = fresh;
      return respond(c, synth(op.response_schema));
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
      json fresh = documented_fields(op.item_schema, c.body);
      fresh[op.id_field] = id;
      stamp(fresh, op.item_schema, true, c);
      std::uint64_t seq = c.st.next_seq();
      fresh = conform(op.item_schema, fresh, seq);
      fresh[op.id_field] = id;
      coll->put(id, fresh, seq);
      return respond(c, item_out(c, fresh));
    }
    if (!item) throw_not_found(op.id_param + " " + id);
    if (m == "GET") return respond(c, item_out(c, *item));
    if (m == "DELETE") {
      json gone = *item;
      coll->erase(id);
      return respond(c, shape(op.response_schema, gone));
    }
    json changes = documented_fields(op.item_schema, c.body);
    for (const auto &[k, v] : changes.items()) (*item)[k] = v;
    stamp(*item, op.item_schema, false, c);
    return respond(c, item_out(c, *item));
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
    return respond(c, synth(op.response_schema, "", fnv1a(concrete) % 97));
  }
  if (m == "DELETE") {
    c.st.singletons.erase(concrete);
    return respond(c, synth(op.response_schema));
  }
  json &doc = c.st.singletons[concrete];
  if (!doc.is_object() || m == "PUT") doc = json::object();
  json changes = documented_fields(op.response_schema, c.body);
  for (const auto &[k, v] : changes.items()) doc[k] = v;
  doc = conform(op.response_schema, doc);
  return respond(c, shape(op.response_schema, doc));
}

}  // namespace emu
