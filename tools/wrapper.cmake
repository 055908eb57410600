# Rules for the defer-tidy wrapper, the defer-tidy-sarif converter and
# defer-clangd: build-tree copies, installed copies and their components.

set(DEFER_TIDY_DOCS_URL "" CACHE STRING "URL of the defer-* check pages \
for SARIF rule metadata, {check} standing for the check name; empty links \
the installed pages")

# Build-tree copies find the build's plugins and the source docs; installed
# copies look relative to their own folder, so a package can be relocated.
file(RELATIVE_PATH _defer_bin_to_plugins "/prefix/${CMAKE_INSTALL_BINDIR}"
  "/prefix/${CMAKE_INSTALL_LIBDIR}/defer-tidy")
file(RELATIVE_PATH _defer_bin_to_docs "/prefix/${CMAKE_INSTALL_BINDIR}"
  "/prefix/${CMAKE_INSTALL_DOCDIR}")

function(defer_tidy_configure_script name plugin_dirs docs_dirs output)
  set(DEFER_TIDY_WRAPPER_PLUGIN_DIRS "${plugin_dirs}")
  set(DEFER_TIDY_SARIF_DOCS_DIRS "${docs_dirs}")
  configure_file("${CMAKE_CURRENT_SOURCE_DIR}/${name}.in" "${output}" @ONLY
    FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE
                     GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
endfunction()

# Installs a symbolic link in the bin folder, next to the file it names.
function(defer_tidy_install_link target link component)
  set(_dir "\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}")
  install(CODE "
    file(MAKE_DIRECTORY \"${_dir}\")
    file(CREATE_LINK ${target} \"${_dir}/${link}\" SYMBOLIC)"
    COMPONENT ${component})
endfunction()

# Sub-builds of further LLVM majors put their plugins under llvm<N>/lib.
set(_defer_build_plugin_dirs "${PROJECT_BINARY_DIR}/lib")
foreach(_major IN LISTS DEFER_TIDY_EXTRA_LLVM_MAJORS)
  list(APPEND _defer_build_plugin_dirs
    "${PROJECT_BINARY_DIR}/llvm${_major}/lib")
endforeach()

foreach(_script defer-tidy defer-tidy-sarif)
  defer_tidy_configure_script(${_script} "${_defer_build_plugin_dirs}"
    "${PROJECT_SOURCE_DIR}/docs"
    "${PROJECT_BINARY_DIR}/bin/${_script}")
  defer_tidy_configure_script(${_script}
    "${_defer_bin_to_plugins}" "${_defer_bin_to_docs}"
    "${CMAKE_CURRENT_BINARY_DIR}/install/${_script}")
  install(PROGRAMS "${CMAKE_CURRENT_BINARY_DIR}/install/${_script}"
    DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT tools)
endforeach()
set(DEFER_TIDY_WRAPPER "${PROJECT_BINARY_DIR}/bin/defer-tidy" CACHE INTERNAL "")
set(DEFER_TIDY_SARIF "${PROJECT_BINARY_DIR}/bin/defer-tidy-sarif"
  CACHE INTERNAL "")
# The copy that is installed, for tests of a wrapper without plugins beside it.
set(DEFER_TIDY_RELOCATABLE_WRAPPER
  "${CMAKE_CURRENT_BINARY_DIR}/install/defer-tidy" CACHE INTERNAL "")

if(DEFER_TIDY_BUILD_PLUGIN)
  # defer-tidy-<N> pins the wrapper to the major of this build's plugin.
  defer_tidy_install_link(defer-tidy defer-tidy-${LLVM_VERSION_MAJOR} plugin)

  # The plugin's entry in the DeferTidy package configuration, one file per
  # major so that the packages of several majors install side by side.
  set(_defer_cmake_dir "${CMAKE_INSTALL_LIBDIR}/cmake/DeferTidy")
  file(RELATIVE_PATH _defer_cmake_to_plugin "/prefix/${_defer_cmake_dir}"
    "/prefix/${CMAKE_INSTALL_LIBDIR}/defer-tidy")
  set(_defer_plugin_name "defer-tidy-llvm${LLVM_VERSION_MAJOR}.so")
  set(_defer_fragment "${CMAKE_CURRENT_BINARY_DIR}/\
DeferTidyPlugin-llvm${LLVM_VERSION_MAJOR}.cmake")
  configure_file(
    "${PROJECT_SOURCE_DIR}/cmake/packaging/DeferTidyPlugin.cmake.in"
    "${_defer_fragment}" @ONLY)
  install(FILES "${_defer_fragment}" DESTINATION "${_defer_cmake_dir}"
    COMPONENT plugin)
endif()

if(DEFER_TIDY_BUILD_CLANGD AND DEFER_TIDY_BUILD_PLUGIN)
  add_subdirectory("${CMAKE_CURRENT_SOURCE_DIR}/clangd")
endif()

install(DIRECTORY "${PROJECT_SOURCE_DIR}/docs/"
  DESTINATION "${CMAKE_INSTALL_DOCDIR}" COMPONENT tools
  PATTERN "*metrics*" EXCLUDE)
