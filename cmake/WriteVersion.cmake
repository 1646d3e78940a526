# Writes <inlay/version.h> (script mode: cmake -DSOURCE_DIR=... -DTEMPLATE=... -DOUTPUT=... -DPROJECT_VERSION=...
# -P WriteVersion.cmake), run at configure time and again at every build, so that the git revision it records is the
# one the sources were built from. configure_file rewrites the header only when its text changes, so an unchanged
# revision recompiles nothing. The revision gets "-dirty" for uncommitted changes; "unknown" outside a git checkout.
string(REPLACE "." ";" version_parts "${PROJECT_VERSION}")
list(GET version_parts 0 PROJECT_VERSION_MAJOR)
list(GET version_parts 1 PROJECT_VERSION_MINOR)
list(GET version_parts 2 PROJECT_VERSION_PATCH)
set(INLAY_GIT_REVISION unknown)
find_package(Git QUIET)
if(GIT_FOUND)
  execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --short=12 HEAD WORKING_DIRECTORY ${SOURCE_DIR}
                  OUTPUT_VARIABLE git_head OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE git_failed ERROR_QUIET)
  if(NOT git_failed)
    execute_process(COMMAND ${GIT_EXECUTABLE} status --porcelain --untracked-files=no WORKING_DIRECTORY ${SOURCE_DIR}
                    OUTPUT_VARIABLE git_changes OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    set(INLAY_GIT_REVISION ${git_head})
    if(git_changes)
      string(APPEND INLAY_GIT_REVISION "-dirty")
    endif()
  endif()
endif()
configure_file(${TEMPLATE} ${OUTPUT} @ONLY)
