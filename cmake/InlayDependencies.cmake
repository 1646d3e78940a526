# Finds the libraries' dependencies, all from Debian packages (see scripts/setup): nlohmann/json, Gecode (no CMake
# package upstream, so imported by hand), Z3 (pkg-config). Installed with the CMake package, so a consumer re-finds
# exactly these; the CLI's Boost.ProgramOptions and the tests' doctest are found where they are used.
find_package(nlohmann_json 3.10 REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(Z3 REQUIRED IMPORTED_TARGET z3)

find_path(GECODE_INCLUDE_DIR gecode/kernel.hh REQUIRED)
set(GECODE_TARGETS)
foreach(part support kernel int search minimodel)
  find_library(GECODE_${part}_LIBRARY gecode${part} REQUIRED)
  list(APPEND GECODE_TARGETS ${GECODE_${part}_LIBRARY})
endforeach()
if(NOT TARGET inlay_gecode)
  add_library(inlay_gecode INTERFACE)
  target_include_directories(inlay_gecode INTERFACE ${GECODE_INCLUDE_DIR})
  target_link_libraries(inlay_gecode INTERFACE ${GECODE_TARGETS})
endif()
