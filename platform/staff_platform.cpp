#include "platform/staff_platform.h"

#include "platform/network_watch.h"

namespace ruhr {

LinuxStaffPlatform::LinuxStaffPlatform(std::unique_ptr<VolumeSource> volumes, std::function<void()> wake)
    : m_volumes(std::move(volumes), std::move(wake)) {}

bool LinuxStaffPlatform::network_up() const { return has_default_route(); }

}  // namespace ruhr
