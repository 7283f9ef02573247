#pragma once
// What staff mode gets from this machine (kiosk/staff.h's StaffPlatform): USB sticks from the
// mount table (or a test folder), the network hint, and quitting, the only way out of kiosk mode.

#include "kiosk/staff.h"
#include "platform/usb_volumes.h"

#include <atomic>
#include <functional>
#include <memory>

namespace ruhr {

class LinuxStaffPlatform final : public StaffPlatform {
public:
    /// `wake` asks for a frame when a stick comes or goes (called from the watch's thread).
    LinuxStaffPlatform(std::unique_ptr<VolumeSource> volumes, std::function<void()> wake);

    std::optional<Volume> kiosk_stick() const override { return m_volumes.kiosk_stick(); }
    bool network_up() const override;
    void quit() override { m_quit = true; }
    /// Staff chose "quit" in the panel.
    bool quit_requested() const { return m_quit; }

private:
    VolumeWatch m_volumes;
    std::atomic<bool> m_quit{false};
};

}  // namespace ruhr
