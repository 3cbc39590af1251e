// A small result type: g++ 12 has no <expected>.
#pragma once

#include <memory>
#include <utility>
#include <variant>

#include "error.hpp"

namespace devin::core {

template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}                   // NOLINT
  Result(std::unique_ptr<Error> err) : v_(std::move(err)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T &value() { return std::get<0>(v_); }
  const T &value() const { return std::get<0>(v_); }
  T &operator*() { return value(); }
  T *operator->() { return &value(); }
  std::unique_ptr<Error> take_error() { return std::move(std::get<1>(v_)); }
  const Error &error() const { return *std::get<1>(v_); }

 private:
  std::variant<T, std::unique_ptr<Error>> v_;
};

// Result of an operation that produces no value.
class Status {
 public:
  Status() = default;
  Status(std::unique_ptr<Error> err) : err_(std::move(err)) {}  // NOLINT
  bool ok() const { return !err_; }
  explicit operator bool() const { return ok(); }
  std::unique_ptr<Error> take_error() { return std::move(err_); }
  const Error &error() const { return *err_; }

 private:
  std::unique_ptr<Error> err_;
};

}  // namespace devin::core
