# Debian packages built with `cpack -G DEB` in a build tree:
#   defer-tidy-llvm<N>    the plugin, defer-tidy-<N> and defer-clangd-<N>
#   defer-tidy            the defer-tidy wrapper, defer-tidy-sarif, the docs
#                         and the CMake package configuration
#   libdefer-metrics-dev  the metrics library's headers, library, targets and
#                         the CMake package configuration
# Build trees of different LLVM majors give plugin packages that install
# side by side; the shared package is the same from every tree.

# The CMake package configuration, for find_package(DeferTidy). The metrics
# component and the tools component (which every plugin package depends on)
# both carry it, so that either one installed alone can be found: the
# metrics one as DeferTidyConfig.cmake, the tools one as
# defertidy-config.cmake, the two names find_package looks for. The files are
# the same, so both packages install side by side and either copy may be
# read.
include(CMakePackageConfigHelpers)
set(_defer_cmake_dir "${CMAKE_INSTALL_LIBDIR}/cmake/DeferTidy")
configure_package_config_file(
  "${CMAKE_CURRENT_LIST_DIR}/DeferTidyConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/DeferTidyConfig.cmake"
  INSTALL_DESTINATION "${_defer_cmake_dir}")
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/DeferTidyConfigVersion.cmake"
  COMPATIBILITY SameMinorVersion)
if(TARGET defer_metrics)
  install(FILES
    "${PROJECT_BINARY_DIR}/DeferTidyConfig.cmake"
    "${PROJECT_BINARY_DIR}/DeferTidyConfigVersion.cmake"
    DESTINATION "${_defer_cmake_dir}"
    COMPONENT metrics)
endif()
install(FILES "${PROJECT_BINARY_DIR}/DeferTidyConfig.cmake"
  DESTINATION "${_defer_cmake_dir}" RENAME defertidy-config.cmake
  COMPONENT tools)
install(FILES "${PROJECT_BINARY_DIR}/DeferTidyConfigVersion.cmake"
  DESTINATION "${_defer_cmake_dir}" RENAME defertidy-config-version.cmake
  COMPONENT tools)

set(DEFER_TIDY_PACKAGE_CONTACT "defer-tidy maintainers <root@localhost>"
  CACHE STRING "Maintainer field of the Debian packages")

set(CPACK_PACKAGE_NAME defer-tidy)
set(CPACK_PACKAGE_VENDOR defer-tidy)
set(CPACK_PACKAGE_CONTACT "${DEFER_TIDY_PACKAGE_CONTACT}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "clang-tidy checks for scope guards that report stale values")
set(CPACK_GENERATOR DEB)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_PACKAGE_DIRECTORY "${PROJECT_BINARY_DIR}/packages")

# Only the components below become packages; `unversioned` holds the plain
# defer-clangd link of a `cmake --install`, which packages leave to
# update-alternatives.
get_cmake_property(_defer_components COMPONENTS)
set(CPACK_COMPONENTS_ALL "")
foreach(_component plugin tools metrics)
  if(_component IN_LIST _defer_components)
    list(APPEND CPACK_COMPONENTS_ALL ${_component})
  endif()
endforeach()

set(_defer_version "${PROJECT_VERSION}")
set(CPACK_DEBIAN_TOOLS_PACKAGE_NAME defer-tidy)
set(CPACK_DEBIAN_TOOLS_PACKAGE_ARCHITECTURE all)
set(CPACK_DEBIAN_TOOLS_PACKAGE_DEPENDS "python3, python3-yaml")
set(CPACK_COMPONENT_TOOLS_DESCRIPTION "defer-tidy wrapper and SARIF converter
 defer-tidy runs clang-tidy with the defer-tidy plugin of the matching LLVM
 major, on files, a compilation database or a diff. defer-tidy-sarif turns
 clang-tidy's exported fixes into SARIF 2.1.0 for code scanning. Install a
 defer-tidy-llvm<N> package for the checks themselves.")

if(DEFER_TIDY_BUILD_PLUGIN)
  set(_defer_major "${LLVM_VERSION_MAJOR}")
  set(CPACK_DEBIAN_PLUGIN_PACKAGE_NAME "defer-tidy-llvm${_defer_major}")
  set(CPACK_DEBIAN_PLUGIN_PACKAGE_DEPENDS
    "defer-tidy (= ${_defer_version}), clang-tidy-${_defer_major}")
  set(CPACK_DEBIAN_PLUGIN_PACKAGE_SHLIBDEPS ON)
  set(CPACK_COMPONENT_PLUGIN_DESCRIPTION
    "defer-tidy checks for clang-tidy ${_defer_major}
 The defer-* clang-tidy checks find scope-exit guards that copy a value such
 as an error code when the guard is made, and so report a stale value when
 it runs. This package holds the plugin for clang-tidy-${_defer_major},
 the defer-tidy-${_defer_major} command and, when built,
 defer-clangd-${_defer_major}, a clangd with the checks built in.")

  # defer-clangd names the newest installed defer-clangd-<N>.
  set(_defer_bindir "/usr/${CMAKE_INSTALL_BINDIR}")
  set(_defer_scripts "")
  if(DEFER_TIDY_BUILD_CLANGD)
    foreach(_script postinst prerm)
      configure_file("${CMAKE_CURRENT_LIST_DIR}/packaging/${_script}.in"
        "${PROJECT_BINARY_DIR}/packaging/${_script}" @ONLY
        FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE
                         GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
      list(APPEND _defer_scripts "${PROJECT_BINARY_DIR}/packaging/${_script}")
    endforeach()
  endif()
  set(CPACK_DEBIAN_PLUGIN_PACKAGE_CONTROL_EXTRA "${_defer_scripts}")
endif()

set(CPACK_DEBIAN_METRICS_PACKAGE_NAME libdefer-metrics-dev)
# The library needs nothing of the tools: it carries its own package
# configuration.
set(CPACK_DEBIAN_METRICS_PACKAGE_DEPENDS prometheus-cpp-dev)
set(CPACK_COMPONENT_METRICS_DESCRIPTION
  "defer-tidy metrics library, development files
 Times a scope and records the latency in a prometheus-cpp histogram under
 the outcome the scope's result has when it exits, not when timing began.")

include(CPack)
