#include "platform/frame_stats.h"

#include <algorithm>
#include <cmath>
#include <ctime>

namespace ruhr {

bool FrameStats::open(const std::string& per_frame_file) {
    if (per_frame_file.empty()) return true;
    m_file.open(per_frame_file, std::ios::trunc);
    if (m_file) m_file << "# ui_ms total_ms ui_cpu_ms uploaded_kib upload_ms\n";
    return static_cast<bool>(m_file);
}

void FrameStats::end_frame() {
    const auto end = Clock::now();
    const double ui = std::chrono::duration<double, std::milli>(m_ui - m_begin).count();
    const double total = std::chrono::duration<double, std::milli>(end - m_begin).count();
    const double ui_cpu = m_ui_cpu - m_begin_cpu;
    m_ui_hist.add(ui);
    m_ui_cpu_hist.add(ui_cpu);
    m_ui_no_upload_hist.add(ui - m_upload_ms);
    m_total_hist.add(total);
    ++m_frames;
    if (m_uploaded > 0) ++m_upload_frames;
    // Not flushed per frame: the stream's buffer keeps this off the frame's own time.
    if (m_file.is_open())
        m_file << ui << ' ' << total << ' ' << ui_cpu << ' ' << m_uploaded / 1024 << ' ' << m_upload_ms << '\n';
}

double FrameStats::thread_cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1000.0 + static_cast<double>(ts.tv_nsec) / 1.0e6;
}

void FrameStats::Histogram::add(double ms) {
    max_ms = std::max(max_ms, ms);
    ms = std::max(0.0, ms);
    const double bin = ms < 100.0 ? std::floor(ms * 100.0) : static_cast<double>(k_fine) + std::floor(ms - 100.0);
    ++bins[static_cast<std::size_t>(std::min(bin, static_cast<double>(k_bins - 1)))];
}

// The upper edge of bin i in ms.
static double bin_edge(std::size_t i, std::size_t fine) {
    return i < fine ? static_cast<double>(i + 1) / 100.0 : 100.0 + static_cast<double>(i - fine + 1);
}

double FrameStats::Histogram::quantile(double q, std::uint64_t n) const {
    if (n == 0) return 0.0;
    // The smallest bin whose cumulative count reaches ceil(q * n) (nearest-rank), as its upper edge.
    const auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(n)));
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < k_bins; ++i) {
        seen += bins[i];
        if (seen >= std::max<std::uint64_t>(rank, 1)) return std::min(max_ms, bin_edge(i, k_fine));
    }
    return max_ms;
}

nlohmann::json FrameStats::Histogram::summary(std::uint64_t n) const {
    const auto r = [](double v) { return std::round(v * 100.0) / 100.0; };
    return {{"median", r(quantile(0.5, n))}, {"p99", r(quantile(0.99, n))}, {"max", r(max_ms)}};
}

nlohmann::json FrameStats::summary() const {
    return {{"frames", m_frames},
            {"ui_ms", m_ui_hist.summary(m_frames)},
            {"ui_cpu_ms", m_ui_cpu_hist.summary(m_frames)},
            {"ui_no_upload_ms", m_ui_no_upload_hist.summary(m_frames)},
            {"total_ms", m_total_hist.summary(m_frames)},
            {"upload_frames", m_upload_frames}};
}

}  // namespace ruhr
