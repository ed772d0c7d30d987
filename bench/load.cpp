// bench_load: many concurrent clients of painlogd on its socket, driven by one thread
// with epoll (so the client takes one core and the daemon the other). Each connection
// sends a request, waits for the reply, records the latency and sends the next, for
// the given time. Prints the figure as a JSON line (bench/figure.h).
//
//   bench_load --socket PATH --mode reads|mixed|writes [--clients 64] [--seconds 5]
//              [--read-from YYYY-MM-DD] [--read-days N] [--write-from YYYY-MM-DD]
//
// reads:  every connection alternates status and night.list of a week; figure: replies/s.
// mixed:  one connection adds nights (night.add, a new date each) while the others read;
//         figure: the adds' 99th percentile latency.
// writes: every connection adds nights; figure: adds/s.
// A reply that is an error, or a connection the daemon closes, fails the benchmark.
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "bench/dates.h"
#include "bench/figure.h"

namespace {

using namespace painlog::bench;
using Clock = std::chrono::steady_clock;

struct Options {
    std::string socket;
    std::string mode = "reads";
    int clients = 64;
    double seconds = 5.0;
    std::string read_from = "2016-01-01";
    int read_days = 3650;
    std::string write_from = "1901-01-01";
};

struct Connection {
    int fd = -1;
    bool writer = false;
    std::string out;
    std::string in;
    Clock::time_point sent_at;
    bool sent_add = false;
    long count = 0;
};

class Load {
public:
    explicit Load(Options options) : m_options(std::move(options)) {}

    void run() {
        m_epoll = ::epoll_create1(EPOLL_CLOEXEC);
        for (int c = 0; c < m_options.clients; ++c) {
            Connection connection;
            connection.fd = connect_to(m_options.socket);
            connection.writer = m_options.mode == "writes" || (m_options.mode == "mixed" && c == 0);
            m_connections.push_back(std::move(connection));
        }
        for (std::size_t c = 0; c < m_connections.size(); ++c) {
            epoll_event event{};
            event.events = EPOLLIN;
            event.data.u64 = c;
            ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_connections[c].fd, &event);
        }
        m_start = Clock::now();
        m_end = m_start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(m_options.seconds));
        for (std::size_t c = 0; c < m_connections.size(); ++c) send_next(c);
        std::size_t open = m_connections.size();
        std::vector<epoll_event> events(m_connections.size());
        while (open > 0) {
            const int n = ::epoll_wait(m_epoll, events.data(), static_cast<int>(events.size()), 1000);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) throw std::runtime_error(std::string("epoll_wait: ") + std::strerror(errno));
            for (int e = 0; e < n; ++e) {
                const auto c = static_cast<std::size_t>(events[static_cast<std::size_t>(e)].data.u64);
                if ((events[static_cast<std::size_t>(e)].events & EPOLLOUT) != 0) flush(c);
                if ((events[static_cast<std::size_t>(e)].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) != 0 &&
                    !receive(c)) {
                    --open;
                }
            }
        }
        m_elapsed = std::chrono::duration<double>(Clock::now() - m_start).count();
        ::close(m_epoll);
    }

    [[nodiscard]] Figure figure() const {
        Figure f;
        f.rounds = 1;
        const double reads_per_s = static_cast<double>(m_read_latencies.size()) / m_elapsed;
        const double adds_per_s = static_cast<double>(m_add_latencies.size()) / m_elapsed;
        char note[256];
        if (m_options.mode == "reads") {
            f.id = "load_reads";
            f.what = std::to_string(m_options.clients) + " clients reading (status, night.list of a week)";
            f.value = reads_per_s;
            f.unit = "requests/s";
            std::snprintf(note, sizeof note, "latency p50 %.3f ms, p99 %.3f ms", quantile(m_read_latencies, 0.5),
                          quantile(m_read_latencies, 0.99));
        } else if (m_options.mode == "mixed") {
            f.id = "load_add_p99";
            f.what = "night.add latency, 99th percentile, while " + std::to_string(m_options.clients - 1) +
                     " clients read";
            f.value = quantile(m_add_latencies, 0.99);
            f.unit = "ms";
            std::snprintf(note, sizeof note, "p50 %.3f ms over %zu adds; reads meanwhile %.0f/s",
                          quantile(m_add_latencies, 0.5), m_add_latencies.size(), reads_per_s);
        } else {
            f.id = "load_writes";
            f.what = std::to_string(m_options.clients) + " clients adding nights at once";
            f.value = adds_per_s;
            f.unit = "adds/s";
            std::snprintf(note, sizeof note, "latency p50 %.2f ms, p99 %.2f ms", quantile(m_add_latencies, 0.5),
                          quantile(m_add_latencies, 0.99));
        }
        f.note = note;
        return f;
    }

private:
    static int connect_to(const std::string& path) {
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
        const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
            throw std::runtime_error("cannot connect to " + path + ": " + std::strerror(errno));
        }
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
        return fd;
    }

    std::string next_request(Connection& connection) {
        const long id = ++connection.count;
        std::string params;
        std::string method;
        if (connection.writer) {
            method = "night.add";
            const std::string date = date_plus(m_options.write_from, m_next_write_day++);
            params = "{\"night\":{\"date\":\"" + date + "\",\"pain\":3,\"stress\":4}}";
        } else if (id % 2 == 0) {
            method = "status";
            params = "{}";
        } else {
            const long offset = (m_next_read_day++ * 7) % std::max(1, m_options.read_days - 6);
            params = "{\"from\":\"" + date_plus(m_options.read_from, offset) + "\",\"to\":\"" +
                     date_plus(m_options.read_from, offset + 6) + "\"}";
            method = "night.list";
        }
        connection.sent_add = connection.writer;
        return "{\"jsonrpc\":\"2.0\",\"id\":" + std::to_string(id) + ",\"method\":\"" + method +
               "\",\"params\":" + params + "}\n";
    }

    void send_next(std::size_t c) {
        Connection& connection = m_connections[c];
        connection.out += next_request(connection);
        connection.sent_at = Clock::now();
        flush(c);
    }

    void flush(std::size_t c) {
        Connection& connection = m_connections[c];
        while (!connection.out.empty()) {
            const ssize_t n = ::send(connection.fd, connection.out.data(), connection.out.size(), MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
            if (n < 0) throw std::runtime_error(std::string("send: ") + std::strerror(errno));
            connection.out.erase(0, static_cast<std::size_t>(n));
        }
        epoll_event event{};
        event.events = EPOLLIN | (connection.out.empty() ? 0U : static_cast<unsigned>(EPOLLOUT));
        event.data.u64 = c;
        ::epoll_ctl(m_epoll, EPOLL_CTL_MOD, connection.fd, &event);
    }

    // Reads what is there; false when the connection is finished (closed by us).
    bool receive(std::size_t c) {
        Connection& connection = m_connections[c];
        char buffer[65536];
        for (;;) {
            const ssize_t n = ::recv(connection.fd, buffer, sizeof buffer, 0);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
            if (n <= 0) throw std::runtime_error("painlogd closed a connection (" + std::to_string(c) + ")");
            connection.in.append(buffer, static_cast<std::size_t>(n));
        }
        for (auto newline = connection.in.find('\n'); newline != std::string::npos;
             newline = connection.in.find('\n')) {
            const double ms = std::chrono::duration<double, std::milli>(Clock::now() - connection.sent_at).count();
            if (connection.in.find("\"result\"") > newline) {
                throw std::runtime_error("painlogd replied with an error: " + connection.in.substr(0, newline));
            }
            (connection.sent_add ? m_add_latencies : m_read_latencies).push_back(ms);
            connection.in.erase(0, newline + 1);
            if (Clock::now() >= m_end) {
                ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, connection.fd, nullptr);
                ::close(connection.fd);
                return false;
            }
            send_next(c);
        }
        return true;
    }

    Options m_options;
    int m_epoll = -1;
    std::vector<Connection> m_connections;
    Clock::time_point m_start;
    Clock::time_point m_end;
    double m_elapsed = 0.0;
    long m_next_write_day = 0;
    long m_next_read_day = 0;
    std::vector<double> m_read_latencies;
    std::vector<double> m_add_latencies;
};

// The command line's options into `options`.
void define(CLI::App& app, Options& options) {
    app.add_option("--socket", options.socket, "painlogd's socket")->required();
    app.add_option("--mode", options.mode, "reads, mixed or writes")
        ->check(CLI::IsMember({"reads", "mixed", "writes"}))
        ->capture_default_str();
    app.add_option("--clients", options.clients, "connections at once")->capture_default_str();
    app.add_option("--seconds", options.seconds, "how long")->capture_default_str();
    app.add_option("--read-from", options.read_from, "first date of the nights listed")->capture_default_str();
    app.add_option("--read-days", options.read_days, "days of nights to list from")->capture_default_str();
    app.add_option("--write-from", options.write_from, "first date of the nights added")->capture_default_str();
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    CLI::App app{"bench_load: many concurrent clients of painlogd"};
    define(app, options);
    CLI11_PARSE(app, argc, argv);
    try {
        Load load(options);
        load.run();
        const Figure figure = load.figure();
        std::fprintf(stderr, "  %-58s %9.1f %s (%s)\n", figure.what.c_str(), figure.value, figure.unit.c_str(),
                     figure.note.c_str());
        std::cout << to_line(figure) << std::flush;
        return 0;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "bench_load: %s\n", error.what());
        return 1;
    }
}
