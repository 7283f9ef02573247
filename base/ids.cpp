#include "base/ids.h"

#include "base/clock.h"

#include <sodium.h>

namespace ruhr {

std::string uuid_v7(std::int64_t unix_ms, const std::array<std::uint8_t, 10>& r) {
    std::array<std::uint8_t, 16> b{};
    const auto ms = static_cast<std::uint64_t>(unix_ms);
    for (int i = 0; i < 6; ++i) b[i] = static_cast<std::uint8_t>(ms >> (40 - 8 * i));
    b[6] = static_cast<std::uint8_t>(0x70 | (r[0] & 0x0F));  // version 7
    b[7] = r[1];
    b[8] = static_cast<std::uint8_t>(0x80 | (r[2] & 0x3F));  // RFC 9562 variant
    for (int i = 9; i < 16; ++i) b[i] = r[i - 6];
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
        out += hex[b[i] >> 4];
        out += hex[b[i] & 0x0F];
    }
    return out;
}

bool is_lower_uuid(std::string_view s) {
    if (s.size() != 36) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

bool is_uuid_v7(const std::string& s) {
    return is_lower_uuid(s) && s[14] == '7' && (s[19] == '8' || s[19] == '9' || s[19] == 'a' || s[19] == 'b');
}

std::string RandomIdSource::new_id(std::int64_t unix_ms) {
    std::array<std::uint8_t, 10> r{};
    randombytes_buf(r.data(), r.size());
    return uuid_v7(unix_ms, r);
}

std::string CountingIdSource::new_id(std::int64_t unix_ms) {
    std::array<std::uint8_t, 10> r{};
    const std::uint64_t n = m_next++;
    for (int i = 0; i < 8; ++i) r[9 - i] = static_cast<std::uint8_t>(n >> (8 * i));
    return uuid_v7(unix_ms, r);
}

}  // namespace ruhr
