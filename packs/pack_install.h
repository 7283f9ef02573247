#pragma once
// Installing a content pack from a USB stick, safely: the pack is verified where it is
// (signature, limits, hashes, images, content) before anything is copied, copied into a
// staging folder, verified again there (a stick can change or vanish between check and copy),
// and only then switched to with one atomic rename. The previous pack is kept for rollback.
//
// Images larger than the screen are decoded once at install and stored scaled to the screen's
// long side next to the originals, so no start and no navigation decodes a 4000x3000 photo.
//
// Layout below <data_dir>/packs/:
//   <pack-id>-<version>-<stamp>/   installed packs (at most the current and the previous one)
//   current -> <folder>            symbolic link, replaced atomically
//   previous -> <folder>           the pack before, for rollback
//   .staging-<stamp>/              a copy in progress (removed on failure and at the next start)

#include "base/clock.h"
#include "base/result.h"
#include "packs/pack_history.h"
#include "packs/pack_verify.h"

#include <atomic>
#include <filesystem>
#include <optional>
#include <string>

namespace ruhr {

/// The installed pack to show, if a valid `current` link exists.
std::optional<std::filesystem::path> installed_pack_dir(const std::filesystem::path& data_dir);
/// The pack rollback would return to, if any.
std::optional<std::filesystem::path> previous_pack_dir(const std::filesystem::path& data_dir);

/// -1, 0 or 1: versions compared by their dot-separated numbers ("2026.11.2" < "2026.11.10");
/// parts that are not numbers compare as text.
int compare_pack_versions(const std::string& a, const std::string& b);

/// The pack on screen when an import starts (an installed one or the built-in pack).
struct ShownPack {
    std::string id;
    std::string version;
};

struct InstallOutcome {
    std::string pack_id;
    std::string version;
    std::string replaced_version;  // the pack shown before (empty: the built-in one)
    std::size_t files = 0;
    std::uint64_t bytes = 0;
    std::filesystem::path dir;      // the installed folder
    std::size_t images_scaled = 0;  // images stored a second time, scaled down to the screen
    KeyChanges keys;                // signing keys the pack added or withdrew (key ids)
};

/// Installs the pack in `source`, verified with `trust` as signed packs changed it
/// (effective_trust). Packs only move forward (pack_history.h): a pack that has
/// expired, is older than the highest version of its id ever installed or than the `shown`
/// pack of the same id (ErrorKind::Outdated), or repeats an installed version with other
/// content (Invalid), is refused before anything is copied. `wall` tells the date for the expiry and
/// stamps the staging and the installed folder's names (passed in, so tests know them).
/// `cancel` stops between files. Every failure leaves the current pack untouched and says what
/// went wrong ("lang/de.json: the stick was removed while copying", "not enough free space").
Result<InstallOutcome> install_pack(const std::filesystem::path& source, const std::filesystem::path& data_dir,
                                    const PackTrust& trust, const PackLimits& limits, const ShownPack& shown,
                                    const WallClock& wall, const PackProgressFn& progress = {},
                                    const std::atomic<bool>* cancel = nullptr, int display_max_side = 1920);

/// Where install_pack keeps the scaled copies: <pack>/.display/<path>. The originals stay as
/// signed; ContentPack::file_path prefers a scaled copy.
inline constexpr const char* k_display_folder = ".display";

/// Makes the previous pack current again (and the current one previous). After the first
/// install the previous content is the built-in pack: the result is then nullopt and the
/// installed pack is kept as "previous".
Result<std::optional<std::filesystem::path>> rollback_pack(const std::filesystem::path& data_dir);

/// Removes staging folders left by an interrupted install (power cut during the copy).
void clean_pack_staging(const std::filesystem::path& data_dir);

}  // namespace ruhr
