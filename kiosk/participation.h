#pragma once
// The participation service: turns what a visitor gave (a star rating, the top-three vote, an
// idea with optional contact details) into records, checks and commits them to the outbox,
// and keeps this kiosk's own rating results. UI-free: KioskApp calls it with the intents its
// screens return and shows what it reports through the visit's participation state.

#include "base/clock.h"
#include "base/crypto.h"
#include "base/ids.h"
#include "kiosk/intents.h"
#include "kiosk/outbox.h"
#include "kiosk/sync.h"
#include "kiosk/visit.h"
#include "packs/content_pack.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

namespace ruhr {

/// The guide's step after the topic `forum_id` was rated or skipped: the next topic in the pack's
/// order, after the last one the top three.
Intent guide_next(const ContentPack& pack, const std::string& forum_id);
/// Where topic `forum_id` stands in the guide: its position from 1, and how many there are
/// (0 of N for an unknown id).
std::pair<std::size_t, std::size_t> guide_position(const ContentPack& pack, const std::string& forum_id);

class ParticipationService {
public:
    using Log = std::function<void(nlohmann::json)>;
    explicit ParticipationService(Log log) : m_log(std::move(log)) {}

    /// Offers participation, storing into `outbox` (null: "Mitmachen" is shown as not
    /// available). Contact fields are offered only with an organizer key to encrypt them to.
    void connect(Outbox* outbox, IdSource& ids, const WallClock& wall, std::optional<PublicKey> organizer_key);
    /// Uploads are nudged after each store (null: no collector).
    void set_sync(SyncControl* sync) { m_sync = sync; }

    bool available() const { return m_outbox != nullptr; }
    bool contact_offered() const { return m_organizer_key.has_value(); }
    Outbox* outbox() const { return m_outbox; }
    const WallClock* wall() const { return m_wall; }
    /// A new visit's id (time-ordered), or empty without an id source.
    std::string new_visit_id() const;

    /// Stores a rating (a second one of the same item in a visit replaces the first by naming it).
    void rate(Visit& visit, const ContentPack& pack, const Rate& rate);
    /// Stores the visit's top three and shows the results.
    void confirm_priorities(Visit& visit, const ContentPack& pack);
    /// Stores the visit's idea, its contact details sealed to the organizer key, and shows thanks.
    void submit_idea(Visit& visit, const ContentPack& pack, double now);

    /// This kiosk's rating results, per item ("vision" and each forum).
    const std::unordered_map<std::string, RatingStats>& stats() const { return m_stats; }
    /// This kiosk's top-three votes per forum, for the results after voting.
    const std::unordered_map<std::string, std::int64_t>& votes() const { return m_votes; }
    void refresh_all_stats(const ContentPack& pack);
    /// The last storage failure's reason, until a store succeeds again (for staff, on the home screen).
    const std::string& store_problem() const { return m_store_problem; }

private:
    /// Commits one record under `visit_id` (the visit's own when empty); logs "stored" only
    /// after the commit, or "store-failed" with the reason.
    Result<Submission> store(const Visit& visit, const ContentPack& pack, SubmissionKind kind,
                             const nlohmann::json& payload, const std::optional<std::string>& visit_id = std::nullopt);
    void refresh_stats(const std::string& item);
    void refresh_votes();

    Log m_log;
    Outbox* m_outbox = nullptr;
    IdSource* m_ids = nullptr;
    const WallClock* m_wall = nullptr;
    std::optional<PublicKey> m_organizer_key;
    SyncControl* m_sync = nullptr;
    std::unordered_map<std::string, RatingStats> m_stats;
    std::unordered_map<std::string, std::int64_t> m_votes;
    std::string m_store_problem;
};

}  // namespace ruhr
