#include "kiosk/participation.h"

#include "kiosk/alerts.h"

#include <algorithm>
#include <iterator>

namespace ruhr {

void ParticipationService::connect(Outbox* outbox, IdSource& ids, const WallClock& wall,
                                   std::optional<PublicKey> organizer_key) {
    m_outbox = outbox;
    m_ids = &ids;
    m_wall = &wall;
    m_organizer_key = organizer_key;
}

std::string ParticipationService::new_visit_id() const {
    return m_ids && m_wall ? m_ids->new_id(m_wall->unix_ms()) : std::string();
}

void ParticipationService::refresh_all_stats(const ContentPack& pack) {
    m_stats.clear();
    if (!m_outbox) return;
    refresh_stats("vision");
    for (const Forum& f : pack.forums) refresh_stats(f.id);
    refresh_votes();
}

void ParticipationService::refresh_votes() {
    if (!m_outbox) return;
    if (auto votes = m_outbox->priority_votes())
        m_votes = std::move(*votes);
    else
        m_log({{"event", "stats-unreadable"}, {"item", "priorities"}, {"reason", votes.error().message}});
}

Intent guide_next(const ContentPack& pack, const std::string& forum_id) {
    const auto it =
        std::find_if(pack.forums.begin(), pack.forums.end(), [&](const Forum& f) { return f.id == forum_id; });
    if (it == pack.forums.end() || std::next(it) == pack.forums.end()) return OpenPriorities{true};
    return OpenForum{std::next(it)->id};
}

std::pair<std::size_t, std::size_t> guide_position(const ContentPack& pack, const std::string& forum_id) {
    const auto it =
        std::find_if(pack.forums.begin(), pack.forums.end(), [&](const Forum& f) { return f.id == forum_id; });
    const std::size_t index = it == pack.forums.end() ? 0 : static_cast<std::size_t>(it - pack.forums.begin()) + 1;
    return {index, pack.forums.size()};
}

void ParticipationService::refresh_stats(const std::string& item) {
    if (!m_outbox) return;
    // Local results are a courtesy: an unreadable count keeps the last one shown, and says so in the log.
    if (auto stats = m_outbox->rating_stats(item))
        m_stats[item] = *stats;
    else
        m_log({{"event", "stats-unreadable"}, {"item", item}, {"reason", stats.error().message}});
}

Result<Submission> ParticipationService::store(const Visit& visit, const ContentPack& pack, SubmissionKind kind,
                                               const nlohmann::json& payload,
                                               const std::optional<std::string>& visit_id) {
    const SubmissionContext ctx{visit_id.value_or(visit.visit_id()), pack.id, pack.version};
    auto stored = m_outbox->add(kind, payload, ctx);
    if (stored) {
        m_log({{"event", "stored"}, {"id", stored->id}, {"kind", kind_name(kind)}, {"seq", stored->seq}});
        m_store_problem.clear();  // storing works again
        if (m_sync) m_sync->nudge(Nudge::Stored);
    } else {
        // The reason names the storage problem, never what the visitor typed.
        m_log({{"event", "store-failed"}, {"kind", kind_name(kind)}, {"reason", stored.error().message}});
        m_outbox->add_alert(alert_store_failed(kind, stored.error()));
        m_store_problem = stored.error().message;
    }
    return stored;
}

void ParticipationService::rate(Visit& visit, const ContentPack& pack, const Rate& r) {
    if (!m_outbox || r.stars < 1 || r.stars > 5) return;
    if (r.item != "vision" && !pack.find_forum(r.item)) return;
    Participation& part = visit.participation();
    nlohmann::json payload{{"item", r.item}, {"stars", r.stars}};
    // Records never change: a second rating of the same item in one visit replaces the first
    // by naming it, and results count only the latest.
    const auto prev = part.ratings.find(r.item);
    if (prev != part.ratings.end()) {
        if (prev->second.stars == r.stars) {
            part.notice = Notice::RatingSaved;
            part.notice_item = r.item;
            return;
        }
        payload["replaces"] = prev->second.record_id;
    }
    auto stored = store(visit, pack, SubmissionKind::Rating, payload);
    part.notice_item = r.item;
    if (!stored) {
        part.notice = Notice::StoreFailed;
        return;
    }
    part.ratings[r.item] = {r.stars, stored->id};
    part.notice = Notice::RatingSaved;
    refresh_stats(r.item);
}

void ParticipationService::confirm_priorities(Visit& visit, const ContentPack& pack) {
    Participation& part = visit.participation();
    if (!m_outbox || part.priorities.empty() || part.priorities.size() > 3 || part.priorities_submitted) return;
    auto stored = store(visit, pack, SubmissionKind::Priorities, {{"forums", part.priorities}});
    if (!stored) {
        part.notice = Notice::StoreFailed;
        return;
    }
    part.priorities_submitted = true;
    refresh_votes();
    visit.show_results();
}

void ParticipationService::submit_idea(Visit& visit, const ContentPack& pack, double now) {
    Participation& part = visit.participation();
    if (!m_outbox) return;
    const auto blank = [](const std::string& s) { return s.find_first_not_of(" \n") == std::string::npos; };
    if (blank(part.idea_text)) {
        part.notice = Notice::IdeaEmpty;
        return;
    }
    const bool contact = m_organizer_key && !(blank(part.name) && blank(part.email) && blank(part.postcode));
    if (contact && !part.consent) {
        part.notice = Notice::ConsentNeeded;
        return;
    }
    nlohmann::json payload{
        {"text", part.idea_text},
        {"forum", part.idea_forum.empty() ? nlohmann::json(nullptr) : nlohmann::json(part.idea_forum)}};
    std::optional<std::string> own_visit_id;
    if (contact) {
        // Contact data is never stored in clear text: only the organizer's secret key opens it.
        const nlohmann::json details{{"name", part.name}, {"email", part.email}, {"postcode", part.postcode}};
        // What the visitor agreed to, exactly as shown (the Ui draws ui.idea_consent in the visit's language).
        const std::string& consent_text = pack.text(visit.language(), "ui.idea_consent");
        payload["contact"] = {{"sealed", seal_to(canonical_json(details), *m_organizer_key)},
                              {"consent", true},
                              {"consent_sha256", sha256_hex(consent_text)},
                              {"consent_language", visit.language()},
                              {"consent_pack_version", pack.version}};
        // The consent covers questions about this idea, not how its author voted: an idea with
        // contact data gets a visit id of its own, so no record links the name to the
        // visit's ratings and priorities (docs/privacy.md).
        own_visit_id = new_visit_id();
    }
    auto stored = store(visit, pack, SubmissionKind::Idea, payload, own_visit_id);
    if (!stored) {
        part.notice = Notice::StoreFailed;
        return;
    }
    visit.show_thanks(now);
}

}  // namespace ruhr
