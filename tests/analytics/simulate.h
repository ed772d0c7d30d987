// Test helpers: a seeded, platform-independent random source and a journal simulator
// for the calibration tests. Normals come from our own Box-Muller on mt19937_64 (whose
// output the standard fixes), not std::normal_distribution, whose algorithm is
// implementation-defined; the simulated journals are therefore the same everywhere.
#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include "analytics/frame.h"

namespace painlog::analytics::test {

class Rng {
public:
    explicit Rng(std::uint64_t seed) : m_engine(seed) {}

    // Uniform on (0, 1): 53 random bits, never 0.
    double uniform() { return (static_cast<double>(m_engine() >> 11) + 0.5) * 0x1.0p-53; }

    double normal() {
        if (m_has_spare) {
            m_has_spare = false;
            return m_spare;
        }
        const double r = std::sqrt(-2.0 * std::log(uniform()));
        const double angle = 2.0 * std::numbers::pi * uniform();
        m_spare = r * std::sin(angle);
        m_has_spare = true;
        return r * std::cos(angle);
    }

    std::uint64_t below(std::uint64_t n) { return m_engine() % n; }  // tiny bias is fine here

private:
    std::mt19937_64 m_engine;
    double m_spare = 0.0;
    bool m_has_spare = false;
};

// How the factor under study varies over the nights.
struct FactorDesign {
    std::size_t switch_every = 0;  // 0: a yes/no drawn every night (p = 1/2); else gear "A"/"B"
                                   // switched every this many nights, random phase and start
};

// A simulated journal: pain = 4 + 0.2 stress + effect * factor + u, u AR(1) with
// coefficient phi and marginal SD noise_sd; stress uniform on [0, 10] nightly.
struct JournalDesign {
    std::size_t nights = 180;
    FactorDesign factor;
    double effect = 0.0;  // pain points on "yes" / gear "B" nights
    double phi = 0.5;
    double noise_sd = 1.5;
};

inline Table simulate_journal(const JournalDesign& d, Rng& rng) {
    std::vector<double> pain(d.nights);
    std::vector<double> stress(d.nights);
    std::vector<double> yes_no(d.nights);
    std::vector<std::string> gear(d.nights);
    const double innovation_sd = d.noise_sd * std::sqrt(1.0 - d.phi * d.phi);
    double u = d.noise_sd * rng.normal();
    const std::size_t phase = d.factor.switch_every > 0 ? rng.below(d.factor.switch_every) : 0;
    const std::size_t start = rng.below(2);
    for (std::size_t t = 0; t < d.nights; ++t) {
        if (t > 0) {
            u = d.phi * u + innovation_sd * rng.normal();
        }
        stress[t] = 10.0 * rng.uniform();
        double on = 0.0;
        if (d.factor.switch_every == 0) {
            on = rng.uniform() < 0.5 ? 1.0 : 0.0;
        } else {
            on = static_cast<double>(((t + phase) / d.factor.switch_every + start) % 2);
        }
        yes_no[t] = on;
        gear[t].assign(1, on == 1.0 ? 'B' : 'A');
        pain[t] = 4.0 + 0.2 * stress[t] + d.effect * on + u;
    }
    if (d.factor.switch_every == 0) {
        return {{"pain", pain}, {"stress", stress}, {"factor", yes_no}};
    }
    return {{"pain", pain}, {"stress", stress}, {"factor", gear}};
}

}  // namespace painlog::analytics::test
