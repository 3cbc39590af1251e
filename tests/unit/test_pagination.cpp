// The pagination rule of each form.
#include <gtest/gtest.h>

#include "pager.hpp"

using namespace devin::core;

namespace {
struct Page {
  std::unique_ptr<JsonDoc> doc;
  const JsonNode *root() const { return doc->root(); }
};
Page page(const std::string &s) {
  std::string err;
  Page p{JsonDoc::parse(s, &err)};
  EXPECT_TRUE(p.doc) << err;
  return p;
}
}  // namespace

TEST(Pagination, CursorFollowsEndCursorUntilTheLastPage) {
  PagePosition pos;
  auto p1 = page(
      R"({"items":[1,2],"end_cursor":"c1","has_next_page":true,"total":3})");
  advance_page(PageForm::Cursor, p1.root(), p1.root()->get("items"), -1, pos);
  EXPECT_FALSE(pos.done);
  EXPECT_EQ(pos.cursor, "c1");
  auto p2 = page(R"({"items":[3],"end_cursor":null,"has_next_page":false})");
  advance_page(PageForm::Cursor, p2.root(), p2.root()->get("items"), -1, pos);
  EXPECT_TRUE(pos.done);
}

TEST(Pagination, CursorThatDoesNotMoveStops) {
  PagePosition pos;
  pos.cursor = "same";
  auto p = page(R"({"items":[1],"end_cursor":"same","has_next_page":true})");
  advance_page(PageForm::Cursor, p.root(), p.root()->get("items"), -1, pos);
  EXPECT_TRUE(pos.done);
}

TEST(Pagination, OffsetUsesTotalOrPageSize) {
  PagePosition pos;
  auto p = page(R"({"items":[1,2],"total":3})");
  advance_page(PageForm::Offset, p.root(), p.root()->get("items"), 2, pos);
  EXPECT_FALSE(pos.done);
  EXPECT_EQ(pos.offset, 2);
  auto last = page(R"({"items":[3],"total":3})");
  advance_page(PageForm::Offset, last.root(), last.root()->get("items"), 2,
               pos);
  EXPECT_TRUE(pos.done);
  EXPECT_EQ(pos.offset, 3);

  PagePosition nototal;
  auto short_page = page(R"({"items":[1]})");
  advance_page(PageForm::Offset, short_page.root(),
               short_page.root()->get("items"), 5, nototal);
  EXPECT_TRUE(nototal.done);
}

TEST(Pagination, OffsetStopsOnAnEmptyPage) {
  PagePosition pos;
  auto p = page(R"({"items":[],"total":10})");
  advance_page(PageForm::Offset, p.root(), p.root()->get("items"), -1, pos);
  EXPECT_TRUE(pos.done);
}

TEST(Pagination, ArraysAndDataAreOnePage) {
  for (PageForm f : {PageForm::Array, PageForm::Data}) {
    PagePosition pos;
    auto p = page(R"([1,2,3])");
    advance_page(f, p.root(), p.root(), -1, pos);
    EXPECT_TRUE(pos.done);
  }
}

TEST(Pagination, ResponseFindsItemsInEveryForm) {
  Response r;
  std::string err;
  r.json = JsonDoc::parse(R"({"data":[1,2]})", &err);
  r.items_field = "data";
  ASSERT_NE(r.items(), nullptr);
  EXPECT_EQ(r.items()->size(), 2u);
  r.json = JsonDoc::parse(R"([1])", &err);
  EXPECT_EQ(r.items()->size(), 1u);
  r.json = JsonDoc::parse(R"({"items":[1,2,3]})", &err);
  r.items_field = "items";
  EXPECT_EQ(r.items()->size(), 3u);
}
