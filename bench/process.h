// Whole processes as a user runs them, timed: spawned with posix_spawn (no shell),
// waited for, and the wall time from just before the spawn to just after the wait.
// Comparisons alternate the two sides (A B A B ...) so that a busy machine slows both
// alike, and report the median of the pairwise ratios. Not thread-safe (one child at
// a time).
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace painlog::bench {

// Runs `argv` (argv[0] looked up in PATH) with standard input and output on /dev/null
// (or output appended to `out_path` when given) and returns its wall time in ms. Throws
// std::runtime_error, with the command and what it wrote to standard error, when it
// cannot start, is killed or exits non-zero: a benchmark fails only when something
// breaks.
double run_timed(const std::vector<std::string>& argv, const std::string& out_path = "");

// A process left running (the daemon): started with posix_spawn, stopped with SIGTERM.
class Child {
public:
    // Starts `argv` with `env` added to the environment; standard error to `log_path`.
    Child(const std::vector<std::string>& argv, const std::vector<std::string>& env, const std::string& log_path);
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;
    ~Child();  // stops it if still running
    [[nodiscard]] int pid() const { return m_pid; }
    // SIGTERM, then waits; returns the exit status (as waitpid).
    int stop();

private:
    int m_pid = -1;
};

// Sets (or replaces) an environment variable of this process, for the children.
void set_env(const std::string& name, const std::string& value);

// Waits until a Unix socket accepts connections; false after `timeout_ms`.
[[nodiscard]] bool wait_for_socket(const std::string& path, int timeout_ms);

struct Pairs {
    std::vector<double> a;       // one measurement per round
    std::vector<double> b;
    std::vector<double> ratios;  // a[i] / b[i]
};

// `warmup` unrecorded rounds, then `rounds` recorded ones, each running a then b (the
// round index is passed, counting the warm-up rounds, so each run can differ).
[[nodiscard]] Pairs alternate(int rounds, int warmup, const std::function<double(int)>& a,
                              const std::function<double(int)>& b);

}  // namespace painlog::bench
