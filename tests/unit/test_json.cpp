// The parsed-document model and the JSON writer.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

#include "json_doc.hpp"
#include "json_writer.hpp"

using namespace devin::core;

namespace {
std::unique_ptr<JsonDoc> parse(const std::string &s) {
  std::string err;
  auto d = JsonDoc::parse(s, &err);
  EXPECT_TRUE(d) << err;
  return d;
}
}  // namespace

TEST(JsonDoc, ExposesEveryType) {
  auto d = parse(
      R"({"s":"h\u00e9","i":-7,"big":18446744073709551615,"d":1.5,"t":true,"n":null,"a":[1,[2],{"k":3}],"o":{}})");
  const JsonNode *r = d->root();
  ASSERT_EQ(r->type(), JsonType::Object);
  EXPECT_EQ(r->size(), 8u);
  EXPECT_EQ(r->get("s")->str(), "h\xc3\xa9");
  EXPECT_EQ(r->get("i")->as_int(), -7);
  EXPECT_EQ(r->get("big")->type(), JsonType::Double);
  EXPECT_DOUBLE_EQ(r->get("d")->as_double(), 1.5);
  EXPECT_TRUE(r->get("t")->as_bool());
  EXPECT_TRUE(r->get("n")->is_null());
  const JsonNode *a = r->get("a");
  ASSERT_EQ(a->size(), 3u);
  EXPECT_EQ(a->at(0)->as_int(), 1);
  EXPECT_EQ(a->at(1)->at(0)->as_int(), 2);
  EXPECT_EQ(a->at(2)->get("k")->as_int(), 3);
  EXPECT_EQ(a->at(3), nullptr);
  EXPECT_EQ(r->get("missing"), nullptr);
  EXPECT_EQ(r->get("o")->size(), 0u);
}

TEST(JsonDoc, KeepsMemberOrderAndRawText) {
  auto d = parse(R"( { "b" : 1 , "a" : [ true , "x\"y" ] } )");
  const JsonNode *r = d->root();
  EXPECT_EQ(r->at(0), nullptr);  // objects are not indexable as arrays
  EXPECT_EQ(r->raw(), R"({"b":1,"a":[true,"x\"y"]})");
  EXPECT_EQ(r->get("a")->raw(), R"([true,"x\"y"])");
  // Cached: same pointer twice.
  EXPECT_EQ(r->raw().data(), r->raw().data());
}

TEST(JsonDoc, StringsMayContainNul) {
  auto d = parse(R"(["a\u0000b"])");
  EXPECT_EQ(d->root()->at(0)->str().size(), 3u);
}

TEST(JsonDoc, RejectsMalformedInput) {
  std::string err;
  EXPECT_FALSE(JsonDoc::parse("{\"a\":", &err));
  EXPECT_FALSE(err.empty());
  EXPECT_FALSE(JsonDoc::parse("\"\xff\"", &err));  // invalid UTF-8
  EXPECT_FALSE(JsonDoc::parse("", &err));
}

TEST(JsonDoc, ManyNestedValuesStayAddressable) {
  std::string s = "[";
  for (int i = 0; i < 1000; ++i)
    s += (i ? "," : "") + std::string("{\"id\":") + std::to_string(i) +
         ",\"t\":[1,2]}";
  s += "]";
  auto d = parse(s);
  ASSERT_EQ(d->root()->size(), 1000u);
  EXPECT_EQ(d->root()->at(999)->get("id")->as_int(), 999);
  EXPECT_EQ(d->root()->at(500)->get("t")->at(1)->as_int(), 2);
}

TEST(JsonWriter, EscapesWhatJsonRequires) {
  std::string out;
  append_json_string(out, std::string("q\"b\\n\nt\tc\x01 \xe2\x80\xa8", 14));
  EXPECT_EQ(out, R"("q\"b\\n\nt\tc\u0001 \u2028")");
}

TEST(JsonWriter, ValidatesUtf8) {
  EXPECT_TRUE(is_valid_utf8("plain"));
  EXPECT_TRUE(is_valid_utf8("h\xc3\xa9 \xf0\x9f\x98\x80"));
  EXPECT_FALSE(is_valid_utf8("\xc3"));              // truncated
  EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));          // overlong
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xff"));
}

TEST(JsonWriter, WritesNumbersAndStructure) {
  JsonWriter w;
  w.begin_object()
      .key("a")
      .integer(1)
      .key("b")
      .number(0.1)
      .key("c")
      .begin_array()
      .boolean(true)
      .null()
      .string("x")
      .end_array()
      .key("d")
      .number(1.0 / 0.0)
      .end_object();
  EXPECT_EQ(w.str(), R"({"a":1,"b":0.1,"c":[true,null,"x"],"d":null})");
}

TEST(JsonWriter, RoundTripsThroughTheParser) {
  auto d = parse(R"({"k":"é\n\"","n":[1e300,-0.5,12345678901234]})");
  std::string text(d->root()->raw());
  auto again = parse(text);
  EXPECT_EQ(again->root()->raw(), text);
}

TEST(JsonDoc, RandomAndInterleavedAccessAgree) {
  std::string s = "{\"a\":[";
  for (int i = 0; i < 50; ++i) s += (i ? "," : "") + std::to_string(i * 3);
  s += "],\"b\":[";
  for (int i = 0; i < 50; ++i)
    s += (i ? "," : "") + std::string("{\"v\":") + std::to_string(i) + "}";
  s += "],\"e\":[],\"o\":{}}";
  auto d = parse(s);
  const JsonNode *a = d->root()->get("a");
  const JsonNode *b = d->root()->get("b");
  // Descending, then interleaved between two arrays: the per-thread cursor
  // must never return a stale position.
  for (int i = 49; i >= 0; --i) EXPECT_EQ(a->at(i)->as_int(), i * 3);
  for (int i = 0; i < 50; ++i) {
    EXPECT_EQ(a->at(i)->as_int(), i * 3);
    EXPECT_EQ(b->at(i)->get("v")->as_int(), i);
    EXPECT_EQ(b->at(49 - i)->get("v")->as_int(), 49 - i);
  }
  EXPECT_EQ(d->root()->get("e")->size(), 0u);
  EXPECT_EQ(d->root()->get("e")->at(0), nullptr);
  EXPECT_EQ(d->root()->get("o")->size(), 0u);
  std::string_view key;
  EXPECT_EQ(d->root()->member_at(2, &key)->size(), 0u);
  EXPECT_EQ(key, "e");
  EXPECT_EQ(d->root()->member_at(4, &key), nullptr);
}

TEST(JsonDoc, TwoDocumentsDoNotShareCursors) {
  auto d1 = parse("[10,20,30]");
  auto d2 = parse("[1,2,3]");
  EXPECT_EQ(d1->root()->at(2)->as_int(), 30);
  EXPECT_EQ(d2->root()->at(2)->as_int(), 3);
  EXPECT_EQ(d1->root()->at(1)->as_int(), 20);
  d1.reset();
  auto d3 = parse("[7,8,9,10]");  // may reuse d1's memory
  EXPECT_EQ(d3->root()->at(3)->as_int(), 10);
  EXPECT_EQ(d3->root()->at(1)->as_int(), 8);
}

TEST(JsonDoc, NumbersOfEveryKind) {
  auto d = parse(
      R"([9223372036854775807,-9223372036854775808,18446744073709551615,0.5,-0.0,1e308])");
  const JsonNode *r = d->root();
  EXPECT_EQ(r->at(0)->as_int(), INT64_MAX);
  EXPECT_EQ(r->at(1)->as_int(), INT64_MIN);
  EXPECT_EQ(r->at(2)->type(), JsonType::Double);
  EXPECT_DOUBLE_EQ(r->at(2)->as_double(), 18446744073709551615.0);
  EXPECT_DOUBLE_EQ(r->at(3)->as_double(), 0.5);
  EXPECT_DOUBLE_EQ(r->at(5)->as_double(), 1e308);
  EXPECT_EQ(r->at(3)->as_int(), 0);
}

TEST(JsonDoc, ReadersOnManyThreadsAgree) {
  std::string s = "[";
  for (int i = 0; i < 200; ++i)
    s += (i ? "," : "") + std::string("{\"i\":") + std::to_string(i) + "}";
  s += "]";
  auto d = parse(s);
  std::atomic<int> bad{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int round = 0; round < 50; ++round)
        for (int i = 0; i < 200; ++i) {
          int k = (t % 2) ? 199 - i : i;
          if (d->root()->at(k)->get("i")->as_int() != k) ++bad;
        }
    });
  for (auto &th : threads) th.join();
  EXPECT_EQ(bad.load(), 0);
}

// The document keeps only the used part of simdjson's string buffer, found
// from the last string on the tape: every shape must still read all strings.
TEST(JsonDoc, KeepsEveryStringWhateverComesLast) {
  std::string many_arrays = "{\"s\":\"head\",\"k\":[";
  for (int i = 0; i < 70; ++i)
    many_arrays += (i ? ",[" : "[") + std::to_string(i) + "]";
  many_arrays += "]}";
  std::string string_then_many = "[[\"s\"]";
  for (int i = 0; i < 70; ++i)
    string_then_many += ",[" + std::to_string(i) + "]";
  string_then_many += "]";
  std::string long_last = "[1,{\"k\":\"" + std::string(5000, 'x') + "\"},[2]]";
  const std::string cases[] = {
      R"(["a",["x"],[1,2]])",
      R"(["first",[["deep"]],[[1,[2]]],{"}":3}])",
      R"({"a":{"b":{"c":["z",[],{}]}},"n":[1,[2,[3]]],"t":true})",
      R"([1,2,3])",
      R"("just a string")",
      R"({})",
      R"([[],[[]],{"":""}])",
      many_arrays,
      string_then_many,
      long_last,
  };
  for (const auto &text : cases) {
    auto d = parse(text);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->root()->raw(), text);
  }
}
