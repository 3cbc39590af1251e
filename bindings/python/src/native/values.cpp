// Values, responses and errors: read straight from libdevin's parsed
// documents through devin_value_*; nothing is parsed a second time.
#include <pybind11/stl.h>
#include <structmember.h>

#include "native.hpp"

namespace devin_py {

bool finalizing() {
  if (!Py_IsInitialized()) return true;
#if PY_VERSION_HEX >= 0x030D0000
  return Py_IsFinalizing() != 0;
#else
  return _Py_IsFinalizing() != 0;
#endif
}

py::object utf8(const char *p, size_t n) {
  PyObject *o =
      PyUnicode_DecodeUTF8(p ? p : "", static_cast<Py_ssize_t>(n), "replace");
  if (!o) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(o);
}

static py::object cstr(const char *p) {
  if (!p) return py::none();
  return utf8(p, std::char_traits<char>::length(p));
}

py::object convert(const OwnerPtr &owner, const devin_value *v) {
  switch (devin_value_type_of(v)) {
    case DEVIN_VALUE_NULL:
      return py::none();
    case DEVIN_VALUE_BOOL:
      return py::bool_(devin_value_bool(v) != 0);
    case DEVIN_VALUE_INT:
      return py::reinterpret_steal<py::object>(
          PyLong_FromLongLong(devin_value_int(v)));
    case DEVIN_VALUE_DOUBLE:
      return py::reinterpret_steal<py::object>(
          PyFloat_FromDouble(devin_value_double(v)));
    case DEVIN_VALUE_STRING: {
      size_t n = 0;
      const char *p = devin_value_string(v, &n);
      return utf8(p, n);
    }
    default:
      return py::cast(Value{owner, v});
  }
}

py::object deep(const devin_value *v) {
  switch (devin_value_type_of(v)) {
    case DEVIN_VALUE_ARRAY: {
      size_t n = devin_value_size(v);
      py::list out(n);
      for (size_t i = 0; i < n; ++i) out[i] = deep(devin_value_at(v, i));
      return std::move(out);
    }
    case DEVIN_VALUE_OBJECT: {
      size_t n = devin_value_size(v);
      py::dict out;
      for (size_t i = 0; i < n; ++i) {
        const char *k = nullptr;
        size_t kl = 0;
        const devin_value *m = devin_value_member_at(v, i, &k, &kl);
        out[utf8(k, kl)] = deep(m);
      }
      return std::move(out);
    }
    default:
      return convert(nullptr, v);
  }
}

static const devin_value *member(const Value &self, py::handle key) {
  Py_ssize_t n = 0;
  const char *k = PyUnicode_AsUTF8AndSize(key.ptr(), &n);
  if (!k) throw py::error_already_set();
  return devin_value_get(self.v, k, static_cast<size_t>(n));
}

py::object wrap_response(devin_response *r) {
  auto o = std::make_shared<Owner>();
  o->resp = r;
  return py::cast(Response{std::move(o)});
}

py::object wrap_error(devin_error *e) {
  auto o = std::make_shared<Owner>();
  o->err = e;
  return py::cast(Error{std::move(o)});
}

py::object wrap_result(devin_response *r, devin_error *e) {
  if (r) return wrap_response(r);
  return wrap_error(e);
}

template <typename CountFn, typename AtFn>
static py::list header_list(CountFn count, AtFn at) {
  size_t n = count();
  py::list out(n);
  for (size_t i = 0; i < n; ++i) {
    const char *name = nullptr, *value = nullptr;
    at(i, &name, &value);
    out[i] = py::make_tuple(cstr(name), cstr(value));
  }
  return out;
}

// Value.get as a plain METH_O method: model properties call it for every
// field read, and pybind11's generic dispatch would double its cost.
// The Value class object, to recognise its instances without pybind11's
// generic (hash-based) type lookup on every field read.
static PyTypeObject *g_value_type = nullptr;

static const Value *value_of(PyObject *self) {
  if (Py_TYPE(self) == g_value_type) {
    auto *inst = reinterpret_cast<py::detail::instance *>(self);
    if (inst->simple_layout && inst->simple_value_holder[0])
      return static_cast<const Value *>(inst->simple_value_holder[0]);
  }
  return py::handle(self).cast<const Value *>();
}

static PyObject *value_get_fast(PyObject *self, PyObject *key) {
  try {
    const Value *v = value_of(self);
    return convert(v->owner, member(*v, key)).release().ptr();
  } catch (py::error_already_set &e) {
    e.restore();
    return nullptr;
  } catch (const std::exception &e) {
    PyErr_SetString(PyExc_RuntimeError, e.what());
    return nullptr;
  }
}

static PyMethodDef value_get_def = {
    "get", value_get_fast, METH_O,
    "Member by key: str/int/float/bool/None, or a Value for arrays and "
    "objects; None when absent."};

// ---- models ----------------------------------------------------------
// devin.BaseModel keeps its value and metadata in two __slots__; its
// __init__ only stores them. For the classes that keep that __init__ (every
// generated model), a page's items are built here: allocate, fill the two
// slots, no Python call per item.
namespace {
PyTypeObject *g_model_base = nullptr;
initproc g_model_init = nullptr;
Py_ssize_t g_value_offset = -1, g_meta_offset = -1;

Py_ssize_t slot_offset(PyObject *type, const char *name) {
  PyObject *d = PyObject_GetAttrString(type, name);
  if (!d) throw py::error_already_set();
  Py_ssize_t off = -1;
  if (Py_TYPE(d) == &PyMemberDescr_Type) {
    PyMemberDef *def = reinterpret_cast<PyMemberDescrObject *>(d)->d_member;
    if (def->type == T_OBJECT_EX) off = def->offset;
  }
  Py_DECREF(d);
  return off;
}

void set_model_base(py::handle base) {
  if (!PyType_Check(base.ptr()))
    throw py::type_error("set_model_base needs a class");
  auto *tp = reinterpret_cast<PyTypeObject *>(base.ptr());
  Py_ssize_t v = slot_offset(base.ptr(), "_v");
  Py_ssize_t m = slot_offset(base.ptr(), "_meta");
  if (v < 0 || m < 0) throw py::type_error("the model base lacks its slots");
  Py_INCREF(tp);
  Py_XDECREF(reinterpret_cast<PyObject *>(g_model_base));
  g_model_base = tp;
  g_model_init = tp->tp_init;
  g_value_offset = v;
  g_meta_offset = m;
}

bool model_fast_path(py::handle cls) {
  if (!g_model_base || !PyType_Check(cls.ptr())) return false;
  auto *tp = reinterpret_cast<PyTypeObject *>(cls.ptr());
  return PyType_IsSubtype(tp, g_model_base) && tp->tp_init == g_model_init &&
         tp->tp_new == g_model_base->tp_new &&
         tp->tp_basicsize == g_model_base->tp_basicsize;
}

py::object new_model(py::handle cls, const py::object &value, py::handle meta) {
  auto *tp = reinterpret_cast<PyTypeObject *>(cls.ptr());
  PyObject *obj = tp->tp_alloc(tp, 0);
  if (!obj) throw py::error_already_set();
  auto *base = reinterpret_cast<char *>(obj);
  PyObject *v = value.ptr(), *mt = meta.ptr();
  Py_INCREF(v);
  Py_INCREF(mt);
  *reinterpret_cast<PyObject **>(base + g_value_offset) = v;
  *reinterpret_cast<PyObject **>(base + g_meta_offset) = mt;
  return py::reinterpret_steal<py::object>(obj);
}

// ---- fields ----------------------------------------------------------
// Field(key, enum_map=None, doc=None): the class attribute generated models
// use for scalar and enum fields. Reading it on a model reads `key` from the
// model's value (a native Value, or a dict for models made in Python) and,
// for enums, maps the string to its member when known, without a Python
// frame per read.
struct FieldObject {
  PyObject_HEAD PyObject *key;
  PyObject *enum_map;
  PyObject *doc;
};

PyObject *field_get(PyObject *self, PyObject *obj, PyObject *) {
  auto *f = reinterpret_cast<FieldObject *>(self);
  if (!obj || obj == Py_None) {
    Py_INCREF(self);
    return self;
  }
  if (!g_model_base || !PyObject_TypeCheck(obj, g_model_base)) {
    PyErr_SetString(PyExc_TypeError, "devin field read on a non-model");
    return nullptr;
  }
  PyObject *v = *reinterpret_cast<PyObject **>(reinterpret_cast<char *>(obj) +
                                               g_value_offset);
  if (!v) {
    PyErr_SetString(PyExc_AttributeError, "model has no value");
    return nullptr;
  }
  PyObject *r;
  if (PyDict_Check(v)) {
    r = PyDict_GetItemWithError(v, f->key);
    if (!r) {
      if (PyErr_Occurred()) return nullptr;
      r = Py_None;
    }
    Py_INCREF(r);
  } else {
    r = value_get_fast(v, f->key);
    if (!r) return nullptr;
  }
  if (f->enum_map != Py_None && r != Py_None) {
    PyObject *member = PyDict_GetItemWithError(f->enum_map, r);
    if (member) {
      Py_INCREF(member);
      Py_DECREF(r);
      return member;
    }
    if (PyErr_Occurred()) PyErr_Clear();  // unhashable: keep the value
  }
  return r;
}

int field_init(PyObject *self, PyObject *args, PyObject *kw) {
  static const char *names[] = {"key", "enum_map", "doc", nullptr};
  PyObject *key = nullptr, *map = Py_None, *doc = Py_None;
  if (!PyArg_ParseTupleAndKeywords(args, kw, "U|OO", const_cast<char **>(names),
                                   &key, &map, &doc))
    return -1;
  if (map != Py_None && !PyDict_Check(map)) {
    PyErr_SetString(PyExc_TypeError, "enum_map must be a dict or None");
    return -1;
  }
  auto *f = reinterpret_cast<FieldObject *>(self);
  Py_INCREF(key);
  Py_INCREF(map);
  Py_INCREF(doc);
  Py_XSETREF(f->key, key);
  Py_XSETREF(f->enum_map, map);
  Py_XSETREF(f->doc, doc);
  return 0;
}

void field_dealloc(PyObject *self) {
  auto *f = reinterpret_cast<FieldObject *>(self);
  PyTypeObject *tp = Py_TYPE(self);
  Py_XDECREF(f->key);
  Py_XDECREF(f->enum_map);
  Py_XDECREF(f->doc);
  tp->tp_free(self);
  Py_DECREF(tp);
}

PyMemberDef field_members[] = {
    {"__doc__", T_OBJECT, offsetof(FieldObject, doc), READONLY, nullptr},
    {"key", T_OBJECT, offsetof(FieldObject, key), READONLY, nullptr},
    {nullptr, 0, 0, 0, nullptr}};

PyType_Slot field_slots[] = {
    {Py_tp_descr_get, reinterpret_cast<void *>(field_get)},
    {Py_tp_init, reinterpret_cast<void *>(field_init)},
    {Py_tp_new, reinterpret_cast<void *>(PyType_GenericNew)},
    {Py_tp_dealloc, reinterpret_cast<void *>(field_dealloc)},
    {Py_tp_members, field_members},
    {0, nullptr}};

PyType_Spec field_spec = {"devin._native.Field", sizeof(FieldObject), 0,
                          Py_TPFLAGS_DEFAULT, field_slots};
}  // namespace

void register_values(py::module_ &m) {
  m.def("set_model_base", &set_model_base,
        "Registers devin.BaseModel so list pages build their items in C.");
  {
    PyObject *field = PyType_FromSpec(&field_spec);
    if (!field) throw py::error_already_set();
    m.add_object("Field", py::reinterpret_steal<py::object>(field));
  }
  py::class_<Value>(m, "Value")
      .def_property_readonly(
          "kind", [](const Value &s) { return int(devin_value_type_of(s.v)); })
      .def("get",
           [](const Value &s, py::handle key) {
             return convert(s.owner, member(s, key));
           })
      .def("has", [](const Value &s,
                     py::handle key) { return member(s, key) != nullptr; })
      .def("at",
           [](const Value &s, size_t i) {
             return convert(s.owner, devin_value_at(s.v, i));
           })
      .def("__len__", [](const Value &s) { return devin_value_size(s.v); })
      .def("elements",
           [](const Value &s) {
             size_t n = devin_value_size(s.v);
             py::list out(n);
             for (size_t i = 0; i < n; ++i)
               out[i] = convert(s.owner, devin_value_at(s.v, i));
             return out;
           })
      .def("wrap_elements",
           // [cls(element, meta) for element] for arrays of objects, in one
           // call: the hot path of list pages.
           [](const Value &s, py::handle cls, py::handle meta) {
             size_t n = devin_value_size(s.v);
             py::list out(n);
             bool fast = model_fast_path(cls);
             for (size_t i = 0; i < n; ++i) {
               const devin_value *e = devin_value_at(s.v, i);
               py::object item = convert(s.owner, e);
               if (devin_value_type_of(e) == DEVIN_VALUE_OBJECT)
                 item = fast ? new_model(cls, item, meta) : cls(item, meta);
               out[i] = std::move(item);
             }
             return out;
           })
      .def("keys",
           [](const Value &s) {
             size_t n = devin_value_size(s.v);
             py::list out;
             if (devin_value_type_of(s.v) != DEVIN_VALUE_OBJECT) return out;
             for (size_t i = 0; i < n; ++i) {
               const char *k = nullptr;
               size_t kl = 0;
               devin_value_member_at(s.v, i, &k, &kl);
               out.append(utf8(k, kl));
             }
             return out;
           })
      .def("members",
           [](const Value &s) {
             size_t n = devin_value_size(s.v);
             py::list out;
             if (devin_value_type_of(s.v) != DEVIN_VALUE_OBJECT) return out;
             for (size_t i = 0; i < n; ++i) {
               const char *k = nullptr;
               size_t kl = 0;
               const devin_value *mv = devin_value_member_at(s.v, i, &k, &kl);
               out.append(py::make_tuple(utf8(k, kl), convert(s.owner, mv)));
             }
             return out;
           })
      .def("to_py", [](const Value &s) { return deep(s.v); })
      .def("json", [](const Value &s) {
        size_t n = 0;
        const char *p = devin_value_json(s.v, &n);
        return utf8(p, n);
      });
  {
    py::object cls = m.attr("Value");
    g_value_type = reinterpret_cast<PyTypeObject *>(cls.ptr());
    PyObject *descr = PyDescr_NewMethod(
        reinterpret_cast<PyTypeObject *>(cls.ptr()), &value_get_def);
    if (!descr || PyObject_SetAttrString(cls.ptr(), "get", descr) != 0)
      throw py::error_already_set();
    Py_DECREF(descr);
  }

  py::class_<Response>(m, "Response")
      .def_property_readonly("status",
                             [](const Response &r) {
                               return devin_response_status(r.owner->resp);
                             })
      .def_property_readonly(
          "request_id",
          [](const Response &r) {
            return cstr(devin_response_request_id(r.owner->resp));
          })
      .def_property_readonly("elapsed",
                             [](const Response &r) {
                               return devin_response_elapsed(r.owner->resp);
                             })
      .def_property_readonly("retries",
                             [](const Response &r) {
                               return devin_response_retries(r.owner->resp);
                             })
      .def("headers",
           [](const Response &r) {
             const devin_response *p = r.owner->resp;
             return header_list([&] { return devin_response_header_count(p); },
                                [&](size_t i, const char **n, const char **v) {
                                  devin_response_header_at(p, i, n, v);
                                });
           })
      .def("header",
           [](const Response &r, const std::string &name) {
             return cstr(devin_response_header(r.owner->resp, name.c_str()));
           })
      .def("body",
           [](const Response &r) {
             size_t n = 0;
             const char *p = devin_response_body(r.owner->resp, &n);
             return py::bytes(p ? p : "", n);
           })
      .def("json",
           [](const Response &r) {
             return convert(r.owner, devin_response_json(r.owner->resp));
           })
      .def("has_json",
           [](const Response &r) {
             return devin_response_json(r.owner->resp) != nullptr;
           })
      .def("items", [](const Response &r) {
        return convert(r.owner, devin_response_items(r.owner->resp));
      });

  py::class_<Error>(m, "Error")
      .def_property_readonly(
          "code", [](const Error &e) { return int(devin_error_code(e.e())); })
      .def_property_readonly(
          "kind",
          [](const Error &e) {
            return cstr(devin_status_name(devin_error_code(e.e())));
          })
      .def_property_readonly(
          "message",
          [](const Error &e) { return cstr(devin_error_message(e.e())); })
      .def_property_readonly(
          "http_status",
          [](const Error &e) { return devin_error_http_status(e.e()); })
      .def_property_readonly(
          "method",
          [](const Error &e) { return cstr(devin_error_method(e.e())); })
      .def_property_readonly(
          "path", [](const Error &e) { return cstr(devin_error_path(e.e())); })
      .def_property_readonly(
          "request_id",
          [](const Error &e) { return cstr(devin_error_request_id(e.e())); })
      .def_property_readonly(
          "retry_after",
          [](const Error &e) { return devin_error_retry_after(e.e()); })
      .def_property_readonly(
          "retries", [](const Error &e) { return devin_error_retries(e.e()); })
      .def("problem",
           [](const Error &e, const std::string &name) {
             return cstr(devin_error_problem_field(e.e(), name.c_str()));
           })
      .def("body",
           [](const Error &e) {
             size_t n = 0;
             const char *p = devin_error_body(e.e(), &n);
             return py::bytes(p ? p : "", n);
           })
      .def("body_json",
           [](const Error &e) {
             const devin_value *v = devin_error_body_json(e.e());
             if (!v) return py::object(py::none());
             return deep(v);
           })
      .def("headers", [](const Error &e) {
        const devin_error *p = e.e();
        return header_list([&] { return devin_error_header_count(p); },
                           [&](size_t i, const char **n, const char **v) {
                             devin_error_header_at(p, i, n, v);
                           });
      });
}

}  // namespace devin_py
