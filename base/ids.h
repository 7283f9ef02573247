#pragma once
// Ids for submissions and visits: UUIDv7 (time-ordered, random), from a source that is
// passed in so tests can reproduce runs.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace ruhr {

/// "018f3c1e-7b2a-7c3d-9e4f-0123456789ab" from a Unix time in ms and 10 random bytes.
std::string uuid_v7(std::int64_t unix_ms, const std::array<std::uint8_t, 10>& random);
/// True for a well-formed lower-case UUID of version 7.
bool is_uuid_v7(const std::string& s);
/// True for any lower-case UUID written 8-4-4-4-12 (the sync protocol's rule for ids).
bool is_lower_uuid(std::string_view s);

class IdSource {
public:
    virtual ~IdSource() = default;
    virtual std::string new_id(std::int64_t unix_ms) = 0;
};

/// Random UUIDv7 from libsodium's CSPRNG: the shipped program's source.
class RandomIdSource final : public IdSource {
public:
    std::string new_id(std::int64_t unix_ms) override;
};

/// Predictable ids for tests: the random part counts up.
class CountingIdSource final : public IdSource {
public:
    std::string new_id(std::int64_t unix_ms) override;

private:
    std::uint64_t m_next = 1;
};

}  // namespace ruhr
