#pragma once
// The limits of a content pack in one place: what format version 1 fixes (sizes of the
// manifest and language files, image sides, list lengths; docs/content-pack.md) and the size
// limits of an import, whose defaults suit the kiosk and which a configuration or a test may
// lower or raise.

#include <cstddef>
#include <cstdint>

namespace ruhr {

/// Limits of a content pack (format version 1).
struct PackLimits {
    // Fixed by the format: the loader refuses a pack beyond them.
    static constexpr std::uintmax_t manifest_bytes = 256 * 1024;
    static constexpr std::uintmax_t language_file_bytes = 1024 * 1024;
    static constexpr std::uintmax_t image_bytes = 8 * 1024 * 1024;
    static constexpr int image_max_side = 4096;
    static constexpr int image_min_side = 16;
    static constexpr std::size_t max_languages = 8;
    static constexpr std::size_t max_phases = 6;
    static constexpr std::size_t max_fields = 12;
    static constexpr std::size_t max_forums = 60;
    static constexpr std::size_t max_slides = 20;

    // Checked at import and when the file list is built; the defaults follow the format.
    std::uint64_t file_bytes = image_bytes;                                       // any one file
    std::uint64_t total_bytes = 256ull * 1024 * 1024;                             // all listed files together
    std::size_t max_files = 200;                                                  // entries of "files"
    std::uint64_t image_pixels = std::uint64_t{image_max_side} * image_max_side;  // width x height of one image
};

}  // namespace ruhr
