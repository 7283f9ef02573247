#pragma once
// Per-frame timing of the main loop: UI work (from the start of a frame, after its events,
// until the draw data goes to the renderer) and the whole frame (until the buffer swap
// returned). Always on and cheap: two fixed histograms, no allocation per frame. With a
// file given, every frame is also written as one line "ui_ms total_ms".

#include <array>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

namespace ruhr {

/// Frame-time histograms of the main loop; see docs/benchmarks.md.
class FrameStats {
public:
    /// Also writes every frame to `per_frame_file` (truncated) when it is not empty. Returns
    /// false when that file cannot be written.
    bool open(const std::string& per_frame_file);
    /// Marks the start of a frame's own work (events are handled).
    void begin_frame() {
        m_begin = Clock::now();
        m_begin_cpu = thread_cpu_ms();
    }
    /// Marks the end of UI work, just before the draw data is rendered; `uploaded_bytes` is
    /// what the frame handed to OpenGL as image textures.
    /// `upload_ms` is the part of the UI work spent in those uploads.
    void ui_done(std::size_t uploaded_bytes = 0, double upload_ms = 0.0) {
        m_ui = Clock::now();
        m_ui_cpu = thread_cpu_ms();
        m_uploaded = uploaded_bytes;
        m_upload_ms = upload_ms;
    }
    /// Marks the end of the frame (after the swap) and records it.
    void end_frame();
    std::uint64_t frames() const { return m_frames; }
    /// {"frames":N,"ui_ms":{"median","p99","max"},"ui_cpu_ms":{...},"ui_no_upload_ms":{...},
    /// "total_ms":{...},"upload_frames":N}; percentiles are read from the bins: exact to
    /// 0.01 ms below 100 ms, to 1 ms above. ui_cpu_ms is the CPU time the main thread spent on
    /// the UI work: unlike ui_ms it leaves out time the thread was not running (another process
    /// had the core). ui_no_upload_ms is ui_ms less the texture uploads (the driver's copy).
    nlohmann::json summary() const;

private:
    using Clock = std::chrono::steady_clock;
    // 0.01 ms bins up to 100 ms (our own work), then 1 ms bins up to 5 s (software rendering
    // of large screens); longer frames count in the last bin, their time is in `max_ms`.
    static constexpr std::size_t k_fine = 10000;
    static constexpr std::size_t k_bins = k_fine + 4900;
    struct Histogram {
        std::array<std::uint32_t, k_bins> bins{};
        double max_ms = 0.0;
        void add(double ms);
        double quantile(double q, std::uint64_t n) const;
        nlohmann::json summary(std::uint64_t n) const;
    };
    static double thread_cpu_ms();
    Clock::time_point m_begin{}, m_ui{};
    double m_begin_cpu = 0.0, m_ui_cpu = 0.0;
    std::size_t m_uploaded = 0;
    double m_upload_ms = 0.0;
    Histogram m_ui_hist, m_ui_cpu_hist, m_ui_no_upload_hist, m_total_hist;
    std::uint64_t m_frames = 0;
    std::uint64_t m_upload_frames = 0;
    std::ofstream m_file;
};

}  // namespace ruhr
