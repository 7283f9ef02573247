#pragma once
// Mounted USB sticks. The platform notices removable volumes (Linux: the mount table plus
// the "removable" flag in sysfs) and the app reads the latest list once per frame. Tests and
// the script driver use a fake source: a folder that counts as a stick while it exists.

#include "kiosk/staff.h"

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ruhr {

/// Lists mounted removable volumes now.
class VolumeSource {
public:
    virtual ~VolumeSource() = default;
    virtual std::vector<Volume> list() const = 0;
};

/// Linux: /proc/self/mounts, keeping block devices whose disk has /sys/block/<disk>/removable
/// = 1 or sits on a USB bus.
class LinuxVolumeSource final : public VolumeSource {
public:
    std::vector<Volume> list() const override;
};

/// For tests: `dir` is a stick while it exists (create it to "insert", remove it to "pull").
class FolderVolumeSource final : public VolumeSource {
public:
    explicit FolderVolumeSource(std::string dir) : m_dir(std::move(dir)) {}
    std::vector<Volume> list() const override;

private:
    std::string m_dir;
};

/// Polls a source every two seconds on its own thread and keeps the latest list; `on_change`
/// runs (on that thread) when the list changes, to wake the UI.
class VolumeWatch {
public:
    VolumeWatch(std::unique_ptr<VolumeSource> source, std::function<void()> on_change);
    ~VolumeWatch();
    VolumeWatch(const VolumeWatch&) = delete;
    VolumeWatch& operator=(const VolumeWatch&) = delete;
    std::vector<Volume> volumes() const;
    /// The volume with a `ruhr-kiosk/` folder, checked on the watch thread.
    std::optional<Volume> kiosk_stick() const;

private:
    std::unique_ptr<VolumeSource> m_source;
    std::function<void()> m_on_change;
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_stop = false;
    std::vector<Volume> m_volumes;
    std::optional<Volume> m_stick;
    std::thread m_thread;
};

/// Splits one line of /proc/self/mounts (octal escapes such as \040 decoded); exposed for tests.
bool parse_mount_line(const std::string& line, std::string& device, std::string& mount_point, std::string& fs_type);

}  // namespace ruhr
