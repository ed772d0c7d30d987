# Run by cmake_install.cmake (install(CODE) in systemd/CMakeLists.txt): writes
# painlogd.service for the prefix being installed to, so that ExecStart= names the
# painlogd installed with it: PREFIX/bin/painlogd for `cmake --install --prefix
# PREFIX`, /usr/bin/painlogd in the .deb (cpack installs with CMAKE_INSTALL_PREFIX
# /usr under a DESTDIR, see Packaging.cmake). Inputs: PAINLOG_SERVICE_TEMPLATE,
# PAINLOG_BINDIR (GNUInstallDirs' CMAKE_INSTALL_BINDIR), PAINLOG_UNIT_STAGING.
if(IS_ABSOLUTE "${PAINLOG_BINDIR}")
  set(CMAKE_INSTALL_FULL_BINDIR "${PAINLOG_BINDIR}")
else()
  set(CMAKE_INSTALL_FULL_BINDIR "${CMAKE_INSTALL_PREFIX}/${PAINLOG_BINDIR}")
endif()
# One staging file per destination: an install and a cpack may run at the same time.
string(MD5 destination "$ENV{DESTDIR}${CMAKE_INSTALL_PREFIX}")
set(staged "${PAINLOG_UNIT_STAGING}/${destination}/painlogd.service")
configure_file("${PAINLOG_SERVICE_TEMPLATE}" "${staged}" @ONLY)
file(INSTALL "${staged}" DESTINATION "${CMAKE_INSTALL_PREFIX}/lib/systemd/user")
