# Builds the plugin and runs its lit suites for further LLVM majors, each in
# its own sub-build (one CMake project can load only one LLVMConfig), and
# registers those suites (lit, and the clangd LSP test when clangd is
# built) with this build's CTest.
#
#   cmake -DDEFER_TIDY_EXTRA_LLVM_MAJORS=22 ...
#
# The sub-builds reuse this source tree with DEFER_TIDY_PLUGIN_ONLY=ON.

set(DEFER_TIDY_EXTRA_LLVM_MAJORS "" CACHE STRING
  "Further LLVM majors to build and test the plugin for (e.g. 22)")

include(ExternalProject)
foreach(_major IN LISTS DEFER_TIDY_EXTRA_LLVM_MAJORS)
  if(_major EQUAL DEFER_TIDY_LLVM_MAJOR)
    continue()
  endif()
  set(_prefix "/usr/lib/llvm-${_major}")
  if(NOT EXISTS "${_prefix}/lib/cmake/llvm/LLVMConfig.cmake")
    message(FATAL_ERROR "LLVM ${_major} requested in "
      "DEFER_TIDY_EXTRA_LLVM_MAJORS but ${_prefix} has no LLVMConfig.cmake; "
      "on Debian install llvm-${_major}-dev clang-${_major} "
      "libclang-${_major}-dev clang-tidy-${_major} llvm-${_major}-tools")
  endif()
  set(_bin "${CMAKE_BINARY_DIR}/llvm${_major}")
  ExternalProject_Add(defer-tidy-llvm${_major}
    SOURCE_DIR "${PROJECT_SOURCE_DIR}"
    BINARY_DIR "${_bin}"
    CMAKE_ARGS
      -DCMAKE_BUILD_TYPE=${CMAKE_BUILD_TYPE}
      -DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}
      -DLLVM_DIR=${_prefix}/lib/cmake/llvm
      -DClang_DIR=${_prefix}/lib/cmake/clang
      -DDEFER_TIDY_LLVM_MAJOR=${_major}
      -DDEFER_TIDY_PLUGIN_ONLY=ON
      -DDEFER_TIDY_REQUIRE_REAL_HEADERS=${DEFER_TIDY_REQUIRE_REAL_HEADERS}
      -DDEFER_TIDY_BUILD_CLANGD=${DEFER_TIDY_BUILD_CLANGD}
    BUILD_ALWAYS ON
    INSTALL_COMMAND "")
  if(BUILD_TESTING)
    add_test(NAME "lit-llvm${_major}"
      COMMAND ${CMAKE_CTEST_COMMAND} --test-dir "${_bin}"
        --output-on-failure -R "^(lit|ide-lsp)-llvm${_major}$")
    set_tests_properties("lit-llvm${_major}" PROPERTIES TIMEOUT 1800)
  endif()
endforeach()
