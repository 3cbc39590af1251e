// Every operation of the API description, called once through the C ABI
// (devin_call) against a private emulator, following the recipes of
// tests/fixtures/operations.json (format: its "format" member and
// docs/coverage.md). One test per operation id, so ctest lists them all.
// tests/integration/coverage_manifest.txt lists the ids this suite covers.
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "emulator.hpp"

using json = nlohmann::json;
using namespace devin_test;

namespace {

std::string source_file(const char *rel) {
  return std::string(DEVIN_SOURCE_DIR) + "/" + rel;
}

const json &fixture() {
  static const json doc = [] {
    std::ifstream in(source_file("tests/fixtures/operations.json"));
    json d = json::parse(in, nullptr, /*allow_exceptions=*/false);
    return d.is_object() ? d : json::object();
  }();
  return doc;
}

std::vector<std::string> operation_ids() {
  std::vector<std::string> ids;
  for (size_t i = 0; i < devin_operation_count(); ++i)
    ids.emplace_back(devin_operation_id(i));
  return ids;
}

using RespPtr = std::unique_ptr<devin_response, decltype(&devin_response_free)>;

// "$name" strings (at any depth) become the captured value `vars[name]`.
json substitute(const json &v, const json &vars) {
  if (v.is_string()) {
    const auto &s = v.get_ref<const std::string &>();
    if (s.empty() || s[0] != '$') return v;
    auto it = vars.find(s.substr(1));
    if (it == vars.end()) {
      ADD_FAILURE() << "variable " << s << " was never saved";
      return v;
    }
    return *it;
  }
  json out = v;
  if (v.is_structured())
    for (auto &x : out) x = substitute(x, vars);
  return out;
}

// The value at a dot-separated path ("0.git_permission_id"), or NULL.
const devin_value *at_path(const devin_value *v, const std::string &path) {
  std::stringstream ss(path);
  std::string seg;
  while (v && std::getline(ss, seg, '.')) {
    bool index = !seg.empty() &&
                 seg.find_first_not_of("0123456789") == std::string::npos;
    v = index ? devin_value_at(v, std::stoul(seg))
              : devin_value_get(v, seg.data(), seg.size());
  }
  return v;
}

json to_json(const devin_value *v) {
  return json::parse(text(v), nullptr, false);
}

std::string percent_decode(const std::string &s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() &&
        std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

class AllOperations : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() { emu_ = new Emulator(); }
  static void TearDownTestSuite() {
    delete emu_;
    emu_ = nullptr;
  }
  // A fresh default seed for every operation (the emulator is shared when
  // the binary runs several tests in one process).
  void SetUp() override { emu_->admin("POST", "/_emulator/reset"); }
  void TearDown() override {
    for (auto &kv : clients_) devin_client_free(kv.second);
  }

  devin_client *client(const std::string &key) {
    auto &c = clients_[key];
    if (!c) c = emu_->client(key.c_str());
    return c;
  }

  // Runs one call (a setup step or the operation itself) of a recipe.
  RespPtr call(const json &step, const std::string &op, const json &vars) {
    std::string params = substitute(step.at("params"), vars).dump();
    devin_call_options co = DEVIN_CALL_OPTIONS_INIT;
    co.max_retries = 0;
    std::string data, filename, content_type;
    if (step.contains("upload")) {
      const json &up = step["upload"];
      data = up.at("data").get<std::string>();
      filename = up.at("filename").get<std::string>();
      content_type = up.at("content_type").get<std::string>();
      co.upload_data = data.data();
      co.upload_len = data.size();
      co.upload_filename = filename.c_str();
      co.upload_content_type = content_type.c_str();
    }
    devin_response *r = nullptr;
    Err e;
    devin_status st =
        devin_call(client(step.at("key").get<std::string>()), op.c_str(),
                   params.c_str(), params.size(), &co, &r, &e.p);
    EXPECT_EQ(st, DEVIN_OK) << op << " " << params << ": "
                            << devin_status_name(st) << ": " << e.msg();
    return RespPtr(r, devin_response_free);
  }

  static Emulator *emu_;
  std::map<std::string, devin_client *> clients_;
};

Emulator *AllOperations::emu_ = nullptr;

TEST_P(AllOperations, CallsAndDecodes) {
  const std::string id = GetParam();
  const json &ops = fixture().value("operations", json::object());
  ASSERT_TRUE(ops.contains(id))
      << "tests/fixtures/operations.json has no recipe for " << id;
  const json &recipe = ops[id];

  json vars = json::object();
  for (const json &step : recipe.at("setup")) {
    const std::string op = step.at("op").get<std::string>();
    RespPtr r = call(step, op, vars);
    ASSERT_TRUE(r) << "setup step " << op << " of " << id << " failed";
    const devin_value *body = devin_response_json(r.get());
    for (auto &[var, path] : step.at("save").items()) {
      const devin_value *v = at_path(body, path.get<std::string>());
      ASSERT_NE(v, nullptr)
          << op << " answered no " << path << ": " << text(body);
      vars[var] = to_json(v);
    }
    if (step.contains("save_url_tail")) {
      const json &tail = step["save_url_tail"];
      std::string url =
          to_json(at_path(body, tail.at("field").get<std::string>()))
              .get<std::string>();
      std::vector<std::string> segs;
      std::stringstream ss(url);
      for (std::string seg; std::getline(ss, seg, '/');)
        segs.push_back(percent_decode(seg));
      const json &names = tail.at("vars");
      ASSERT_GE(segs.size(), names.size()) << url;
      for (size_t i = 0; i < names.size(); ++i)
        vars[names[i].get<std::string>()] =
            segs[segs.size() - names.size() + i];
    }
  }

  RespPtr r = call(recipe, id, vars);
  ASSERT_TRUE(r);
  EXPECT_EQ(devin_response_status(r.get()), recipe.at("status").get<int>());
  const std::string kind = recipe.at("response").get<std::string>();
  const devin_value *body = devin_response_json(r.get());
  size_t len = 0;
  const char *bytes = devin_response_body(r.get(), &len);
  if (kind == "object" || kind == "array") {
    ASSERT_NE(body, nullptr) << std::string(bytes ? bytes : "", len);
    EXPECT_EQ(devin_value_type_of(body),
              kind == "object" ? DEVIN_VALUE_OBJECT : DEVIN_VALUE_ARRAY)
        << text(body);
  } else if (kind == "empty") {
    EXPECT_EQ(body, nullptr);
    EXPECT_EQ(len, 0u);
  } else if (kind == "bytes") {
    EXPECT_EQ(std::string(bytes ? bytes : "", len),
              recipe.at("expect_body").get<std::string>());
  } else {
    FAIL() << "unknown response kind " << kind;
  }
}

std::string test_name(const ::testing::TestParamInfo<std::string> &info) {
  std::string name = info.param;
  for (char &ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(all_operations, AllOperations,
                         ::testing::ValuesIn(operation_ids()), test_name);

std::set<std::string> manifest_ids() {
  std::set<std::string> ids;
  std::ifstream in(source_file("tests/integration/coverage_manifest.txt"));
  for (std::string line; std::getline(in, line);) {
    line = line.substr(0, line.find('#'));
    line.erase(0, line.find_first_not_of(" \t\r"));
    line.erase(line.find_last_not_of(" \t\r") + 1);
    if (!line.empty()) ids.insert(line);
  }
  return ids;
}

}  // namespace

// The fixture has a recipe for every operation of the library's table, and
// the C coverage manifest names only operations that exist.
TEST(all_operations, FixtureAndManifestMatchTheOperationTable) {
  const auto ids = operation_ids();
  ASSERT_FALSE(ids.empty());
  const json &ops = fixture().value("operations", json::object());
  EXPECT_EQ(ops.size(), ids.size());
  for (const auto &id : ids) EXPECT_TRUE(ops.contains(id)) << id;
  const std::set<std::string> known(ids.begin(), ids.end());
  const auto manifest = manifest_ids();
  EXPECT_FALSE(manifest.empty());
  for (const auto &id : manifest)
    EXPECT_TRUE(known.count(id)) << "coverage_manifest.txt: unknown " << id;
}
