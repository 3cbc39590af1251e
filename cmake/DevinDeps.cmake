# Third-party dependencies of libdevin and devin-emulator (third_party/).
#
#   DEVIN_SYSTEM_DEPS=ON  (default; make build, the .debs, the sdist): libcurl
#       and the emulator's OpenSSL/zlib from the system.
#   DEVIN_SYSTEM_DEPS=OFF (preset dist: wheel, npm prebuilt, CLI artifacts):
#       the pinned static set of `third_party/deps.sh static`
#       (${DEVIN_DEPS_DIR}/prefix), hidden at link time.
#   In every build simdjson is compiled in from ${DEVIN_SIMDJSON_DIR} as a
#   static, hidden target (so no module can bind to another simdjson, such as
#   the one Node >= 22 exports), and the emulator uses the header-only
#   cpp-httplib of ${DEVIN_DEPS_DIR}/src/httplib.
#
# Defines: devin_simdjson (alias simdjson::simdjson), CURL::libcurl,
# devin_deps_openssl / devin_deps_zlib (for the emulator), devin_httplib
# (header-only, interface), DEVIN_STATIC_DEP_LIBS (the static archives in
# link order, for libdevin_bundle.a).
include_guard(GLOBAL)

get_filename_component(DEVIN_REPO_ROOT ${CMAKE_CURRENT_LIST_DIR}/.. ABSOLUTE)
find_package(Threads REQUIRED)

option(DEVIN_SYSTEM_DEPS "libcurl and OpenSSL from the system (OFF: the static set of third_party/deps.sh)" ON)
set(DEVIN_DEPS_DIR "" CACHE PATH
  "Output of third_party/deps.sh (empty: ask `third_party/deps.sh dir`)")
set(DEVIN_SIMDJSON_DIR "" CACHE PATH
  "Folder with the simdjson amalgamation simdjson.h + simdjson.cpp (empty: DEVIN_DEPS_DIR/src/simdjson)")

# The pinned deps dir: given, or derived from the pins (not cached, so a new
# pin takes effect at the next configure).
function(devin_deps_dir out)
  if(DEVIN_DEPS_DIR)
    set(${out} ${DEVIN_DEPS_DIR} PARENT_SCOPE)
    return()
  endif()
  set_property(DIRECTORY ${CMAKE_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
    ${DEVIN_REPO_ROOT}/third_party/versions.lock ${DEVIN_REPO_ROOT}/third_party/deps.sh)
  execute_process(COMMAND bash ${DEVIN_REPO_ROOT}/third_party/deps.sh dir
    OUTPUT_VARIABLE dir OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0 OR NOT dir)
    message(FATAL_ERROR "`third_party/deps.sh dir` failed; set DEVIN_DEPS_DIR")
  endif()
  set(${out} ${dir} PARENT_SCOPE)
endfunction()

function(devin_require_file path what)
  if(NOT EXISTS ${path})
    message(FATAL_ERROR "${what} not found: ${path}\n"
      "Run `third_party/deps.sh ${ARGN}` (fetches the pinned Debian source packages "
      "into the cache; `make deps` does it too), or set DEVIN_DEPS_DIR / DEVIN_SIMDJSON_DIR.")
  endif()
endfunction()

# --- simdjson: always compiled in, hidden ---------------------------------
if(NOT TARGET devin_simdjson)
  set(_simdjson_dir ${DEVIN_SIMDJSON_DIR})
  if(NOT _simdjson_dir)
    devin_deps_dir(_deps)
    set(_simdjson_dir ${_deps}/src/simdjson)
  endif()
  devin_require_file(${_simdjson_dir}/simdjson.cpp "the simdjson amalgamation" sources)
  add_library(devin_simdjson STATIC ${_simdjson_dir}/simdjson.cpp)
  # Third-party code: no project warnings; SYSTEM so that its header does
  # not trip -Werror in the files that include it.
  target_include_directories(devin_simdjson SYSTEM PUBLIC ${_simdjson_dir})
  set_target_properties(devin_simdjson PROPERTIES
    EXCLUDE_FROM_ALL ON
    POSITION_INDEPENDENT_CODE ON
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  add_library(simdjson::simdjson ALIAS devin_simdjson)
endif()

# --- libcurl, OpenSSL, zlib ---------------------------------------------------
if(DEVIN_SYSTEM_DEPS)
  if(NOT TARGET CURL::libcurl)
    find_package(CURL REQUIRED)
  endif()
  set(DEVIN_STATIC_DEP_LIBS "")
else()
  devin_deps_dir(_deps)
  set(_prefix ${_deps}/prefix)
  set(DEVIN_DEPS_PREFIX ${_prefix})
  foreach(_lib curl nghttp2 ssl crypto z)
    devin_require_file(${_prefix}/lib/lib${_lib}.a "the static lib${_lib}" static)
    if(NOT TARGET devin_deps_${_lib})
      add_library(devin_deps_${_lib} STATIC IMPORTED GLOBAL)
      set_target_properties(devin_deps_${_lib} PROPERTIES
        IMPORTED_LOCATION ${_prefix}/lib/lib${_lib}.a
        INTERFACE_INCLUDE_DIRECTORIES ${_prefix}/include)
    endif()
  endforeach()
  set_target_properties(devin_deps_crypto PROPERTIES
    INTERFACE_LINK_LIBRARIES "Threads::Threads;${CMAKE_DL_LIBS}")
  set_target_properties(devin_deps_ssl PROPERTIES INTERFACE_LINK_LIBRARIES devin_deps_crypto)
  set_target_properties(devin_deps_curl PROPERTIES
    INTERFACE_COMPILE_DEFINITIONS CURL_STATICLIB
    INTERFACE_LINK_LIBRARIES "devin_deps_nghttp2;devin_deps_ssl;devin_deps_crypto;devin_deps_z")
  if(NOT TARGET CURL::libcurl)
    add_library(CURL::libcurl INTERFACE IMPORTED GLOBAL)
    set_target_properties(CURL::libcurl PROPERTIES INTERFACE_LINK_LIBRARIES devin_deps_curl)
  endif()
  set(DEVIN_STATIC_DEP_LIBS
    ${_prefix}/lib/libcurl.a ${_prefix}/lib/libnghttp2.a ${_prefix}/lib/libssl.a
    ${_prefix}/lib/libcrypto.a ${_prefix}/lib/libz.a)
endif()

# For the emulator (called from emulator/CMakeLists.txt): TLS, zlib and the
# header-only cpp-httplib.
function(devin_emulator_deps)
  if(TARGET devin_httplib)
    return()
  endif()
  devin_deps_dir(_deps)
  devin_require_file(${_deps}/src/httplib/httplib.h "cpp-httplib's httplib.h" sources)
  add_library(devin_httplib INTERFACE)
  target_include_directories(devin_httplib SYSTEM INTERFACE ${_deps}/src/httplib)
  # One configuration for every file that includes httplib.h (the header
  # changes class layouts with these).
  target_compile_definitions(devin_httplib INTERFACE
    CPPHTTPLIB_OPENSSL_SUPPORT CPPHTTPLIB_ZLIB_SUPPORT CPPHTTPLIB_LISTEN_BACKLOG=4096)
  if(DEVIN_SYSTEM_DEPS)
    find_package(OpenSSL REQUIRED)
    find_package(ZLIB REQUIRED)
    target_link_libraries(devin_httplib INTERFACE OpenSSL::SSL OpenSSL::Crypto ZLIB::ZLIB)
  else()
    target_link_libraries(devin_httplib INTERFACE devin_deps_ssl devin_deps_crypto devin_deps_z)
  endif()
  target_link_libraries(devin_httplib INTERFACE Threads::Threads)
endfunction()
