# Debian packages from the install rules (cpack -G DEB; see
# tools/scripts/build-debs.sh). Meant for a build configured with
# -DCMAKE_INSTALL_PREFIX=/usr and system dependencies (DEVIN_SYSTEM_DEPS=ON):
# libcurl and OpenSSL stay Debian's shared libraries, and dpkg-shlibdeps
# computes each package's Depends from the ELF files it holds.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME devin)
set(CPACK_PACKAGE_VENDOR "The devin authors")
set(CPACK_PACKAGE_CONTACT "The devin authors <devin-maintainers@users.noreply.github.com>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=")
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS ON)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://docs.devin.ai/api-reference")
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)

set(CPACK_COMPONENTS_ALL runtime dev emulator)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME libdevin0)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SECTION libs)
set(CPACK_DEBIAN_RUNTIME_DESCRIPTION "Client library for the Devin REST API v3 (C ABI)
libdevin calls every operation of the Devin REST API v3 (sessions, knowledge,
playbooks, secrets, schedules, organizations, enterprise administration) over
HTTP/2 with retries, pagination, deadlines and typed errors, behind a small C
ABI that any language with a foreign-function interface can use.
.
This package holds the shared library.")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME libdevin-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_COMPONENT_DEV_DEPENDS runtime)
set(CPACK_DEBIAN_DEV_DESCRIPTION "Client library for the Devin REST API v3 (development files)
libdevin calls every operation of the Devin REST API v3 behind a small C ABI.
.
This package holds devin.h, the libdevin.so link, the CMake package
(find_package(devin) -> devin::devin) and the pkg-config file devin.pc.")

set(CPACK_DEBIAN_EMULATOR_PACKAGE_NAME devin-emulator)
set(CPACK_DEBIAN_EMULATOR_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_EMULATOR_DESCRIPTION "Local emulator of the Devin REST API v3
devin-emulator serves every operation of the Devin REST API v3 from memory
(or a state file), with simulated sessions, fault injection and an admin API,
for tests and demos without an account or network access.")

if(TARGET ${DEVIN_CLI_TARGET})
  list(APPEND CPACK_COMPONENTS_ALL cli)
  set(CPACK_DEBIAN_CLI_PACKAGE_NAME devin-cli)
  set(CPACK_DEBIAN_CLI_PACKAGE_SECTION devel)
  set(CPACK_DEBIAN_CLI_DESCRIPTION "Command-line client for the Devin REST API v3")
endif()

# /usr/share/doc/<package>/copyright in every package (Debian policy 12.5).
foreach(comp IN LISTS CPACK_COMPONENTS_ALL)
  string(TOUPPER ${comp} COMP)
  install(FILES ${CMAKE_CURRENT_LIST_DIR}/debian/copyright
    DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/${CPACK_DEBIAN_${COMP}_PACKAGE_NAME}
    COMPONENT ${comp})
endforeach()

include(CPack)
