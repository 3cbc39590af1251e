#include "pager.hpp"

#include "json_writer.hpp"

namespace devin::core {

namespace {

// A task that only delivers a result on the I/O thread (so that a
// completion never runs inside the submitting call).
class Deliver final : public Task {
 public:
  Deliver(std::unique_ptr<Error> err, Completion done)
      : err_(std::move(err)), done_(std::move(done)) {}
  void start() override { finish(std::move(err_)); }
  void abort(std::unique_ptr<Error> err) override { finish(std::move(err)); }

 private:
  void finish(std::unique_ptr<Error> err) {
    if (finished) return;
    auto self = shared_from_this();
    engine->finished(this);
    done_(nullptr, std::move(err));
  }
  std::unique_ptr<Error> err_;
  Completion done_;
};

}  // namespace

Result<std::shared_ptr<Pager>> Pager::create(std::shared_ptr<ClientCore> client,
                                             std::string_view operation,
                                             std::string params_json,
                                             CallSettings settings,
                                             std::vector<Header> headers) {
  const OperationSpec *op = find_operation(operation);
  if (!op)
    return make_error(ErrorKind::InvalidArgument,
                      "unknown operation '" + std::string(operation) + "'");
  if (op->page == PageForm::None)
    return make_error(ErrorKind::InvalidArgument,
                      std::string(op->id) + " is not a list operation");
  std::shared_ptr<Pager> p(new Pager());
  p->client_ = std::move(client);
  p->op_ = op;
  p->settings_ = std::move(settings);
  p->headers_ = std::move(headers);
  if (params_json.empty()) params_json = "{}";
  std::string perr;
  p->params_ = JsonDoc::parse(std::move(params_json), &perr);
  if (!p->params_ || p->params_->root()->type() != JsonType::Object)
    return make_error(ErrorKind::InvalidArgument,
                      std::string(op->id) +
                          ": parameters must be a JSON object" +
                          (perr.empty() ? "" : " (" + perr + ")"));
  const JsonNode *root = p->params_->root();
  if (op->page == PageForm::Cursor) {
    if (const JsonNode *after = root->get("after");
        after && after->type() == JsonType::String)
      p->pos_.cursor = std::string(after->str());
  } else if (op->page == PageForm::Offset) {
    if (const JsonNode *off = root->get("offset");
        off && off->type() == JsonType::Int)
      p->pos_.offset = off->as_int();
    if (const JsonNode *lim = root->get("limit");
        lim && lim->type() == JsonType::Int)
      p->limit_ = lim->as_int();
  }
  // Validate the parameters now rather than at the first page.
  auto probe = build_operation_request(*op, root, {});
  if (!probe) return probe.take_error();
  return p;
}

bool Pager::has_more() const {
  std::lock_guard<std::mutex> lock(mu_);
  return !pos_.done;
}

std::optional<std::string> Pager::cursor() const {
  std::lock_guard<std::mutex> lock(mu_);
  if (op_->page == PageForm::Offset) return std::to_string(pos_.offset);
  return pos_.cursor;
}

PageInfo page_info_of(const JsonNode *root, const JsonNode *items) {
  PageInfo p;
  p.is_array = root && root->type() == JsonType::Array;
  p.items = items ? items->size() : 0;
  if (root && root->type() == JsonType::Object) {
    if (const JsonNode *more = root->get("has_next_page");
        more && more->type() == JsonType::Bool) {
      p.has_more_known = true;
      p.has_more = more->as_bool();
    }
    if (const JsonNode *end = root->get("end_cursor");
        end && end->type() == JsonType::String)
      p.end_cursor = std::string(end->str());
    if (const JsonNode *total = root->get("total");
        total && total->type() == JsonType::Int)
      p.total = total->as_int();
  }
  return p;
}

void advance_page(PageForm form, const JsonNode *root, const JsonNode *items,
                  std::int64_t limit, PagePosition &pos) {
  advance_page(form, page_info_of(root, items), limit, pos);
}

void advance_page(PageForm form, const PageInfo &page, std::int64_t limit,
                  PagePosition &pos) {
  switch (form) {
    case PageForm::Cursor:
      // A cursor that does not move would loop forever: stop instead.
      if (page.has_more && page.end_cursor && !page.end_cursor->empty() &&
          (!pos.cursor || *pos.cursor != *page.end_cursor)) {
        pos.cursor = *page.end_cursor;
      } else {
        pos.done = true;
      }
      break;
    case PageForm::Offset:
      pos.offset += static_cast<std::int64_t>(page.items);
      if (page.items == 0)
        pos.done = true;
      else if (page.has_more_known)
        pos.done = !page.has_more;
      else if (page.total)
        pos.done = pos.offset >= *page.total;
      else if (limit > 0)
        pos.done = static_cast<std::int64_t>(page.items) < limit;
      break;
    default:
      pos.done = true;  // bare arrays and {data} come in one page
  }
}

void Pager::advance(const Response &page) {
  std::lock_guard<std::mutex> lock(mu_);
  in_flight_ = false;
  if (page.page_info)
    advance_page(op_->page, *page.page_info, limit_, pos_);
  else
    advance_page(op_->page, page.json ? page.json->root() : nullptr,
                 page.items(), limit_, pos_);
}

Status Pager::next_async(Completion done) {
  ParamOverrides overrides;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (in_flight_)
      return make_error(ErrorKind::InvalidArgument,
                        "a page of this pager is already being fetched");
    if (pos_.done) {
      return client_->submit_task(std::make_shared<Deliver>(
          make_error(ErrorKind::Done, "no more pages"), std::move(done)));
    }
    if (op_->page == PageForm::Cursor && pos_.cursor) {
      std::string v;
      append_json_string(v, *pos_.cursor);
      overrides.emplace_back("after", v);
    } else if (op_->page == PageForm::Offset) {
      overrides.emplace_back("offset", std::to_string(pos_.offset));
    }
    in_flight_ = true;
  }
  auto self = shared_from_this();
  Status st = client_->call_async(
      op_->id, params_->root(), overrides, settings_, headers_, nullptr,
      [self, done = std::move(done)](std::unique_ptr<Response> r,
                                     std::unique_ptr<Error> e) {
        if (r) {
          self->advance(*r);
        } else {
          std::lock_guard<std::mutex> lock(self->mu_);
          self->in_flight_ = false;  // an error leaves the position as it was
        }
        done(std::move(r), std::move(e));
      });
  if (!st) {
    std::lock_guard<std::mutex> lock(mu_);
    in_flight_ = false;
  }
  return st;
}

Result<std::unique_ptr<Response>> Pager::next_sync() {
  return client_->wait_for(
      [&](Completion done) { return next_async(std::move(done)); });
}

}  // namespace devin::core
