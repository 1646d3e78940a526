# Installs the CMake package so that a consumer can `find_package(inlay)` and link `inlay::inlay`.
include(CMakePackageConfigHelpers)
add_library(inlay_all INTERFACE)
target_link_libraries(inlay_all INTERFACE inlay_bench)
set_target_properties(inlay_all PROPERTIES EXPORT_NAME inlay)
install(TARGETS inlay_all inlay_gecode EXPORT inlayTargets)
install(EXPORT inlayTargets NAMESPACE inlay:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/inlay)
configure_package_config_file(cmake/inlayConfig.cmake.in ${CMAKE_CURRENT_BINARY_DIR}/inlayConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/inlay)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/inlayConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/inlayConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/inlayConfigVersion.cmake
        cmake/InlayDependencies.cmake DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/inlay)
