// Plausible values for a documented schema (generic response synthesis).
#include "schema.hpp"

namespace emu {

namespace {

bool ends_with(const std::string &s, const std::string &suf) {
  return s.size() >= suf.size() &&
         s.compare(s.size() - suf.size(), suf.size(), suf) == 0;
}

bool is_time_name(const std::string &n) {
  return ends_with(n, "_at") || n == "timestamp" || n == "time" ||
         ends_with(n, "_time") || n == "date" || ends_with(n, "_date") ||
         n == "start" || n == "end" || ends_with(n, "_before") ||
         ends_with(n, "_after");
}

std::string synth_string(const json &s, const std::string &name,
                         std::uint64_t salt) {
  std::string fmt = s.value("format", "");
  std::int64_t day = (now_unix() / 86400) * 86400;
  std::string tag = std::to_string(salt % 1000);
  if (fmt == "date-time" || (is_time_name(name) && fmt.empty() &&
                             name != "date" && !ends_with(name, "_date")))
    return iso8601(day - static_cast<std::int64_t>(salt % 30) * 86400);
  if (fmt == "date" || name == "date" || ends_with(name, "_date"))
    return iso8601(day - static_cast<std::int64_t>(salt % 30) * 86400)
        .substr(0, 10);
  if (fmt == "uri" || fmt == "url" || ends_with(name, "url"))
    return "https://app.devin.ai/emulator/" + (name.empty() ? "item" : name) +
           "/" + tag;
  if (fmt == "email" || ends_with(name, "email"))
    return "user" + tag + "@example.com";
  if (fmt == "uuid") {
    std::string h = std::to_string(100000000000ULL + salt % 900000000000ULL);
    return "00000000-0000-4000-8000-" + h.substr(0, 12);
  }
  if (name == "org_id") return "org-emulator-1";
  if (ends_with(name, "_id") || name == "id") {
    std::string stem = name == "id" ? "item" : name.substr(0, name.size() - 3);
    for (auto &c : stem)
      if (c == '_') c = '-';
    return stem + "-" + std::to_string(1000 + salt % 9000);
  }
  if (name.find("ip") != std::string::npos &&
      name.find("range") != std::string::npos)
    return "203.0.113.0/24";
  if (name == "repository_path" || name == "repo" ||
      ends_with(name, "repository"))
    return "acme/widgets";
  if (name == "branch" || ends_with(name, "_branch")) return "main";
  if (name == "cron" || name == "cron_expression" || name == "frequency")
    return "0 9 * * 1";
  if (name.empty()) return "string";
  std::string pretty = name;
  for (auto &c : pretty)
    if (c == '_') c = ' ';
  return "Example " + pretty + (salt ? " " + tag : "");
}

double clamp(double v, const json &s) {
  if (s.contains("minimum") && s["minimum"].is_number())
    v = std::max(v, s["minimum"].get<double>());
  if (s.contains("maximum") && s["maximum"].is_number())
    v = std::min(v, s["maximum"].get<double>());
  return v;
}

}  // namespace

json synth(const json &schema, const std::string &name, std::uint64_t salt) {
  const json &s = schema_core(schema);
  if (!s.is_object()) return nullptr;
  if (auto it = s.find("const"); it != s.end()) return *it;
  if (auto it = s.find("example"); it != s.end() && !it->is_null()) return *it;
  if (auto it = s.find("default"); it != s.end() && !it->is_null()) return *it;
  if (auto it = s.find("enum"); it != s.end() && it->is_array() && !it->empty())
    for (const auto &e : *it)
      if (!e.is_null()) return e;
  std::string t = schema_type(s);
  if (t == "string") return synth_string(s, name, salt);
  if (t == "integer") {
    if (is_time_name(name))
      return (now_unix() / 86400) * 86400 -
             static_cast<std::int64_t>(salt % 30) * 86400;
    double v = static_cast<double>(1 + (fnv1a(name) + salt) % 40);
    return static_cast<std::int64_t>(clamp(v, s));
  }
  if (t == "number") {
    double v = static_cast<double>(1 + (fnv1a(name) + salt) % 400) / 4.0;
    return clamp(v, s);
  }
  if (t == "boolean") return false;
  if (t == "array") {
    json out = json::array();
    std::size_t n = 1;
    if (s.contains("minItems"))
      n = std::max(n, s["minItems"].get<std::size_t>());
    if (s.contains("maxItems"))
      n = std::min(n, s["maxItems"].get<std::size_t>());
    std::string item_name = name;
    if (ends_with(item_name, "s")) item_name.pop_back();
    for (std::size_t i = 0; i < n; ++i)
      out.push_back(
          synth(s.value("items", json::object()), item_name, salt + i));
    return out;
  }
  if (t == "object" || s.contains("properties")) {
    json out = json::object();
    for (const auto &[k, sub] : field(s, "properties").items())
      out[k] = synth(sub, k, salt);
    return out;
  }
  return nullptr;
}

json conform(const json &schema, json value, std::uint64_t salt) {
  const json &s = schema_core(schema);
  if (!value.is_object() || !s.is_object() || !s.contains("properties"))
    return value;
  for (const auto &[k, sub] : s["properties"].items())
    if (!value.contains(k)) value[k] = synth(sub, k, salt);
  return value;
}

}  // namespace emu
