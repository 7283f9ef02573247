#include "platform/usb_volumes.h"

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ruhr {

namespace fs = std::filesystem;

namespace {

std::string unescape_mount(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 3 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
            out += static_cast<char>(std::stoi(s.substr(i + 1, 3), nullptr, 8));
            i += 3;
        } else {
            out += s[i];
        }
    }
    return out;
}

std::string read_first_line(const fs::path& p) {
    std::ifstream in(p);
    std::string line;
    std::getline(in, line);
    return line;
}

// The disk a partition belongs to: /sys/class/block/sdb1/.. is /sys/block/sdb.
bool is_removable(const std::string& device) {
    if (device.rfind("/dev/", 0) != 0) return false;
    std::error_code ec;
    const fs::path dev = fs::canonical(device, ec);
    if (ec) return false;
    const fs::path sys = fs::path("/sys/class/block") / dev.filename();
    fs::path disk = fs::canonical(sys, ec);
    if (ec) return false;
    if (fs::exists(disk / "partition", ec)) disk = disk.parent_path();
    if (read_first_line(disk / "removable") == "1") return true;
    // Many USB sticks and card readers report removable=0; their device path says "usb".
    return disk.string().find("/usb") != std::string::npos;
}

}  // namespace

bool parse_mount_line(const std::string& line, std::string& device, std::string& mount_point, std::string& fs_type) {
    std::istringstream in(line);
    std::string dev, mnt, type;
    if (!(in >> dev >> mnt >> type)) return false;
    device = unescape_mount(dev);
    mount_point = unescape_mount(mnt);
    fs_type = type;
    return true;
}

std::vector<Volume> LinuxVolumeSource::list() const {
    std::vector<Volume> out;
    std::ifstream in("/proc/self/mounts");
    std::string line;
    while (std::getline(in, line)) {
        std::string device, mount_point, type;
        if (!parse_mount_line(line, device, mount_point, type)) continue;
        if (!is_removable(device)) continue;
        out.push_back({mount_point, fs::path(device).filename().string()});
    }
    return out;
}

std::vector<Volume> FolderVolumeSource::list() const {
    std::error_code ec;
    if (!fs::is_directory(m_dir, ec)) return {};
    return {{fs::path(m_dir), "test-stick"}};
}

VolumeWatch::VolumeWatch(std::unique_ptr<VolumeSource> source, std::function<void()> on_change)
    : m_source(std::move(source)), m_on_change(std::move(on_change)) {
    m_volumes = m_source->list();
    m_stick = ruhr::kiosk_stick(m_volumes);
    m_thread = std::thread([this] {
        std::unique_lock lock(m_mutex);
        while (!m_stop) {
            // Every 2 s: a stick is noticed soon enough for staff, and an idle kiosk stays idle.
            m_cv.wait_for(lock, std::chrono::seconds(2), [&] { return m_stop; });
            if (m_stop) break;
            lock.unlock();
            auto now = m_source->list();
            // The folder check reads the stick: here, never on the UI thread.
            auto stick = ruhr::kiosk_stick(now);
            lock.lock();
            const bool changed =
                now.size() != m_volumes.size() ||
                !std::equal(now.begin(), now.end(), m_volumes.begin(),
                            [](const Volume& a, const Volume& b) { return a.mount_point == b.mount_point; }) ||
                stick.has_value() != m_stick.has_value();
            if (changed) {
                m_volumes = std::move(now);
                m_stick = std::move(stick);
                lock.unlock();
                if (m_on_change) m_on_change();
                lock.lock();
            }
        }
    });
}

VolumeWatch::~VolumeWatch() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_cv.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

std::optional<Volume> VolumeWatch::kiosk_stick() const {
    std::lock_guard lock(m_mutex);
    return m_stick;
}

std::vector<Volume> VolumeWatch::volumes() const {
    std::lock_guard lock(m_mutex);
    return m_volumes;
}

}  // namespace ruhr
