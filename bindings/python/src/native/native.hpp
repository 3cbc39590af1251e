// Shared declarations of the _native extension: a thin pybind11 layer over
// devin.h. Everything users touch lives in plain Python (src/devin/); this
// layer only owns C handles, converts parsed values and moves completions
// between libdevin's I/O thread and Python.
#pragma once

#include <pybind11/pybind11.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "devin.h"

namespace devin_py {

namespace py = pybind11;

// True while the interpreter is shutting down (or gone): threads that are
// not Python's must not try to take the GIL then.
bool finalizing();

// Keeps one response or error (and so its parsed document) alive for as
// long as any Value read from it.
struct Owner {
  devin_response *resp = nullptr;
  devin_error *err = nullptr;
  Owner() = default;
  Owner(const Owner &) = delete;
  Owner &operator=(const Owner &) = delete;
  ~Owner() {
    devin_response_free(resp);
    devin_error_free(err);
  }
};
using OwnerPtr = std::shared_ptr<Owner>;

// A borrowed view of one JSON value plus the owner that keeps it valid.
struct Value {
  OwnerPtr owner;
  const devin_value *v;
};

struct Response {
  OwnerPtr owner;
};

struct Error {
  OwnerPtr owner;
  const devin_error *e() const { return owner->err; }
};

// Python object for a JSON value: scalars become str/int/float/bool/None,
// arrays and objects stay native (Value) and are read lazily.
py::object convert(const OwnerPtr &owner, const devin_value *v);
// Fully converted Python object (dict/list/scalars).
py::object deep(const devin_value *v);
py::object utf8(const char *p, size_t n);

py::object wrap_response(devin_response *r);
py::object wrap_error(devin_error *e);
// A local error (for example a refused argument) made without a C error.
py::object wrap_result(devin_response *r, devin_error *e);

void register_values(py::module_ &m);

}  // namespace devin_py
