# The Debian package: `cpack -G DEB` in the build directory (or `cmake --build build
# --target package`) writes painlog_VERSION_ARCH.deb with everything `cmake --install`
# puts in place, under /usr. Runtime dependencies come from dpkg-shlibdeps (package
# dpkg-dev, which build-essential brings), plus tzdata, which the date library reads
# and no shared library names.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME painlog)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "painlog")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "sleep and morning back-pain journal that finds which factors go with bad mornings")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "painlog keeps a nightly journal of the sleep setup (mattress, pillow, position),
the day before (stress, hours sitting, stretching routines) and the pain on
waking, on your own machine, and finds which factors go with bad mornings, with
honest uncertainty. painlogd is a per-user systemd service (socket-activated,
Type=notify, watchdog); painlog is the command you type. Nothing leaves the machine.")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "painlog maintainers <painlog@localhost>")
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# libsystemd0: painlogd loads it (dlopen) to deliver desktop notifications, so
# dpkg-shlibdeps cannot see it.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "tzdata, libsystemd0")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "libnotify-bin")
set(CPACK_STRIP_FILES ON)
# The install scripts must see the real prefix (/usr) to write ExecStart=/usr/bin/painlogd
# (cmake/InstallUnits.cmake): cpack installs into its staging tree through DESTDIR.
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX /usr)
include(CPack)
