// Iterating the pages of a list operation, whatever its pagination form.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "client.hpp"

namespace devin::core {

// Where a pager stands; advance_page moves it past one received page.
struct PagePosition {
  bool done = false;
  std::optional<std::string> cursor;  // cursor form
  std::int64_t offset = 0;            // offset form
};

// Pure pagination rule per form, given the page's root and items.
void advance_page(PageForm form, const PageInfo &page, std::int64_t limit,
                  PagePosition &pos);
// The same from a parsed page.
PageInfo page_info_of(const JsonNode *root, const JsonNode *items);
void advance_page(PageForm form, const JsonNode *root, const JsonNode *items,
                  std::int64_t limit, PagePosition &pos);

class Pager : public std::enable_shared_from_this<Pager> {
 public:
  static Result<std::shared_ptr<Pager>> create(
      std::shared_ptr<ClientCore> client, std::string_view operation,
      std::string params_json, CallSettings settings,
      std::vector<Header> headers);

  // The completion gets the page, or an error of kind Done at the end. It
  // always runs on the I/O thread, never inside this call.
  Status next_async(Completion done);
  Result<std::unique_ptr<Response>> next_sync();
  bool has_more() const;
  // Resume position: the cursor, or the offset as text.
  std::optional<std::string> cursor() const;

 private:
  Pager() = default;
  void advance(const Response &page);

  std::shared_ptr<ClientCore> client_;
  const OperationSpec *op_ = nullptr;
  std::unique_ptr<JsonDoc> params_;
  CallSettings settings_;
  std::vector<Header> headers_;
  std::int64_t limit_ = -1;

  mutable std::mutex mu_;
  bool in_flight_ = false;
  PagePosition pos_;
};

}  // namespace devin::core
