// Inlay's exceptions in Python: inlay.Error and its subclasses InputError (also a ValueError; with the attributes
// file, path and message), WorkError and InternalError, raised for the C++ exceptions of the same names.
#include <exception>

#include "bindings.h"
#include "inlay/ir/error.h"

namespace inlay::python {
namespace {

/// Raises the Python class `name` of module inlay with message `what`; for an InputError also sets its attributes.
void raise(const char* name, const std::exception& e, const InputError* input = nullptr) {
  py::object cls = py::module_::import("inlay").attr(name);
  py::object exception = cls(e.what());
  if (input) {
    exception.attr("file") = input->file();
    exception.attr("path") = input->path();
    exception.attr("message") = input->message();
  }
  PyErr_SetObject(cls.ptr(), exception.ptr());
}

void translate(std::exception_ptr p) {
  try {
    std::rethrow_exception(p);
  } catch (const InputError& e) {
    raise("InputError", e, &e);
  } catch (const WorkError& e) {
    raise("WorkError", e);
  } catch (const InternalError& e) {
    raise("InternalError", e);
  } catch (const Error& e) {
    raise("Error", e);
  }
}

/// A new exception class inlay.`name` deriving from `bases` (a class or a tuple of classes).
py::object exceptionClass(py::module_& m, const char* name, py::handle bases, const char* doc) {
  const std::string qualified = std::string("inlay.") + name;
  py::object cls =
      py::reinterpret_steal<py::object>(PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases.ptr(), nullptr));
  if (!cls) throw py::error_already_set();
  m.attr(name) = cls;
  return cls;
}

}  // namespace

void bindErrors(py::module_& m) {
  py::object error = exceptionClass(m, "Error", PyExc_Exception, "The common base of Inlay's exceptions.");
  exceptionClass(m, "InputError", py::make_tuple(error, py::handle(PyExc_ValueError)),
                 "The caller's input is wrong (an operator, an ISA, a program directory, an option). str(e) is "
                 "'file: path: message'; the attributes `file` (the origin: a file name, or '<gemm>', '<operator>', "
                 "'<string>', ... for values built in memory), `path` (the JSON path of the field at fault, e.g. "
                 "'shape.N'; '' when the whole document is at fault) and `message` (the reason alone) hold the parts. "
                 "Also a ValueError.");
  exceptionClass(m, "WorkError", error,
                 "The work itself failed: no embedding exists, the ISA cannot address a program, a file cannot be "
                 "written.");
  exceptionClass(m, "InternalError", error, "A broken invariant inside Inlay: a bug, never the caller's fault.");
  py::register_local_exception_translator(&translate);
}

}  // namespace inlay::python
