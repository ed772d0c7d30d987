// painlogd's command-line options. Plain values; not synchronised.
#pragma once

#include <CLI/CLI.hpp>

#include <cstddef>
#include <string>

namespace painlog::daemon {

struct DaemonOptions {
    bool foreground = false;      // stay attached; log to stderr
    double idle_timeout_s = 60;   // close connections idle this long
    std::size_t max_connections = 64;
    bool check = false;           // check the journal read-only, print, exit
    bool check_json = false;      // with check: print JSON
    std::string restore;          // a backup to put in place of the journal, then exit
    long max_pages = 0;           // > 0: cap the journal (a test seam for a full disk)
};

// Adds --foreground, --idle-timeout, --max-connections, --check, --json, --restore,
// --max-pages and --version to `app`.
void define_options(CLI::App& app, DaemonOptions& options);

}  // namespace painlog::daemon
