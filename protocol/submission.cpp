#include "protocol/submission.h"

#include "base/crypto.h"
#include "base/ids.h"

#include <cstdint>

namespace ruhr {

namespace {

using nlohmann::json;

bool has_control(std::string_view s) {
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7F) return true;
    }
    return false;
}

bool is_lower_hex(std::string_view s) {
    for (const char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

// A short single-line text field of the record: "missing or of the wrong type" otherwise.
std::optional<std::string> field_text(const json& o, const char* key, std::string& why) {
    const auto it = o.find(key);
    if (it == o.end()) {
        why = std::string(key) + " is missing";
        return std::nullopt;
    }
    if (!it->is_string()) {
        why = std::string(key) + " is not a string";
        return std::nullopt;
    }
    const auto& s = it->get_ref<const std::string&>();
    if (s.empty() || s.size() > max_field_bytes || has_control(s)) {
        why = std::string(key) + " is empty, longer than 200 bytes or holds control characters";
        return std::nullopt;
    }
    return s;
}

// An id-like text from a payload: a forum id or item.
bool payload_id(const json& v) {
    if (!v.is_string()) return false;
    const auto& s = v.get_ref<const std::string&>();
    return !s.empty() && s.size() <= max_field_bytes && !has_control(s);
}

// Checks the payload of `kind` and fills the derived fields; returns the reason on failure.
std::string check_payload_into(SubmissionKind kind, const json& p, PayloadFields& r) {
    if (!p.is_object()) return "payload is not a JSON object";
    if (kind == SubmissionKind::Rating) {
        const auto item = p.find("item");
        if (item == p.end() || !payload_id(*item)) return "rating payload: item missing or not an id";
        const auto stars = p.find("stars");
        if (stars == p.end() || !stars->is_number_integer()) return "rating payload: stars missing or not an integer";
        const auto n = stars->get<std::int64_t>();
        if (n < 1 || n > 5) return "rating payload: stars not from 1 to 5";
        r.item = item->get<std::string>();
        r.stars = n;
        if (const auto rep = p.find("replaces"); rep != p.end() && !rep->is_null()) {
            if (!rep->is_string() || !is_lower_uuid(rep->get_ref<const std::string&>()))
                return "rating payload: replaces is not a UUID";
            r.replaces = rep->get<std::string>();
        }
        return {};
    }
    if (kind == SubmissionKind::Priorities) {
        const auto forums = p.find("forums");
        if (forums == p.end() || !forums->is_array() || forums->empty() || forums->size() > 3)
            return "priorities payload: forums is not a list of 1 to 3 forum ids";
        for (const auto& f : *forums) {
            if (!payload_id(f)) return "priorities payload: a forum is not an id";
            const auto& s = f.get_ref<const std::string&>();
            for (const auto& seen : r.forums)
                if (seen == s) return "priorities payload: a forum is named twice";
            r.forums.push_back(s);
        }
        return {};
    }
    // idea
    const auto text = p.find("text");
    if (text == p.end() || !text->is_string()) return "idea payload: text missing or not a string";
    const auto& t = text->get_ref<const std::string&>();
    // NUL cannot be stored in PostgreSQL text, and a kiosk never sends it.
    if (t.find('\0') != std::string::npos) return "idea payload: text holds a NUL character";
    r.text = t;
    if (const auto forum = p.find("forum"); forum != p.end() && !forum->is_null()) {
        if (!payload_id(*forum)) return "idea payload: forum is not an id or null";
        r.forum = forum->get<std::string>();
    }
    if (const auto contact = p.find("contact"); contact != p.end() && !contact->is_null()) {
        if (!contact->is_object()) return "idea payload: contact is not an object";
        const auto sealed = contact->find("sealed");
        if (sealed == contact->end() || !sealed->is_string())
            return "idea payload: contact.sealed missing or not a string";
        const auto& s = sealed->get_ref<const std::string&>();
        if (s.empty() || s.size() > 16384 || has_control(s)) return "idea payload: contact.sealed is not base64";
        r.contact_sealed = s;
        // What the visitor agreed to: the three come together, or (records made before the
        // kiosk stored them) none of them.
        const auto hash = contact->find("consent_sha256");
        const auto language = contact->find("consent_language");
        const auto version = contact->find("consent_pack_version");
        const int present = (hash != contact->end()) + (language != contact->end()) + (version != contact->end());
        if (present != 0) {
            if (present != 3)
                return "idea payload: contact needs consent_sha256, consent_language and consent_pack_version "
                       "together";
            if (!hash->is_string() || hash->get_ref<const std::string&>().size() != 64 ||
                !is_lower_hex(hash->get_ref<const std::string&>()))
                return "idea payload: contact.consent_sha256 is not 64 lower-case hex digits";
            if (!payload_id(*language)) return "idea payload: contact.consent_language is not a language code";
            if (!payload_id(*version)) return "idea payload: contact.consent_pack_version is not a version";
            r.consent_sha256 = hash->get<std::string>();
            r.consent_language = language->get<std::string>();
            r.consent_pack_version = version->get<std::string>();
        }
    }
    return {};
}

}  // namespace

const char* kind_name(SubmissionKind kind) {
    switch (kind) {
    case SubmissionKind::Rating: return "rating";
    case SubmissionKind::Priorities: return "priorities";
    case SubmissionKind::Idea: return "idea";
    }
    return "rating";
}

std::optional<SubmissionKind> kind_from_name(std::string_view name) {
    if (name == "rating") return SubmissionKind::Rating;
    if (name == "priorities") return SubmissionKind::Priorities;
    if (name == "idea") return SubmissionKind::Idea;
    return std::nullopt;
}

Submission submission_from_columns(const ColumnText& text, const ColumnInteger& integer) {
    return {.id = text(0),
            .seq = integer(1),
            .kind = kind_from_name(text(2)).value_or(SubmissionKind::Rating),
            .kiosk_id = text(3),
            .visit_id = text(4),
            .pack_id = text(5),
            .pack_version = text(6),
            .created_at = text(7),
            .payload = text(8),
            .payload_sha256 = text(9)};
}

json submission_json(const Submission& s) {
    return {{"id", s.id},
            {"seq", s.seq},
            {"kind", kind_name(s.kind)},
            {"kiosk_id", s.kiosk_id},
            {"visit_id", s.visit_id},
            {"pack_id", s.pack_id},
            {"pack_version", s.pack_version},
            {"created_at", s.created_at},
            {"payload", s.payload},  // the canonical JSON as a string, so its hash stays valid
            {"payload_sha256", s.payload_sha256}};
}

Result<PayloadFields> check_payload(SubmissionKind kind, const json& payload) {
    PayloadFields fields;
    if (auto bad = check_payload_into(kind, payload, fields); !bad.empty()) return Error{std::move(bad)};
    return fields;
}

std::string dump_json(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

bool is_valid_kiosk_id(std::string_view s) {
    if (s.empty() || s.size() > 64) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        const bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-'))) return false;
    }
    return true;
}

CheckedSubmission check_submission(const json& s, const std::string& expected_kiosk_id) {
    CheckedSubmission out;
    auto reject = [&](std::string why) {
        out.record.reset();
        out.rejection = std::move(why);
        return out;
    };
    if (!s.is_object()) return reject("the submission is not an object");
    if (const auto id = s.find("id"); id != s.end() && id->is_string()) out.id = *id;

    CheckedRecord r;
    std::string why;
    const auto id = field_text(s, "id", why);
    if (!id) return reject(why);
    if (!is_lower_uuid(*id)) return reject("id is not a lower-case UUID");
    r.id = *id;

    const auto seq = s.find("seq");
    if (seq == s.end() || !seq->is_number_integer()) return reject("seq missing or not an integer");
    if (seq->is_number_unsigned() ? seq->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)
                                  : seq->get<std::int64_t>() < 0)
        return reject("seq is out of range");
    r.seq = seq->get<std::int64_t>();

    const auto kind = field_text(s, "kind", why);
    if (!kind) return reject(why);
    const auto known = kind_from_name(*kind);
    if (!known) return reject("unknown kind");
    r.kind = *known;

    const auto kiosk = field_text(s, "kiosk_id", why);
    if (!kiosk) return reject(why);
    if (*kiosk != expected_kiosk_id) return reject("kiosk_id is not the token's kiosk");
    r.kiosk_id = *kiosk;

    const auto visit = field_text(s, "visit_id", why);
    if (!visit) return reject(why);
    if (!is_lower_uuid(*visit)) return reject("visit_id is not a lower-case UUID");
    r.visit_id = *visit;

    for (auto [key, dest] : {std::pair{"pack_id", &r.pack_id}, std::pair{"pack_version", &r.pack_version},
                             std::pair{"created_at", &r.created_at}}) {
        const auto v = field_text(s, key, why);
        if (!v) return reject(why);
        *dest = *v;
    }

    const auto payload = s.find("payload");
    if (payload == s.end() || !payload->is_string()) return reject("payload missing or not a string");
    r.payload = payload->get<std::string>();
    const auto hash = field_text(s, "payload_sha256", why);
    if (!hash) return reject(why);
    if (hash->size() != 64 || !is_lower_hex(*hash)) return reject("payload_sha256 is not 64 lower-case hex digits");
    if (sha256_hex(r.payload) != *hash) return reject("payload_sha256 does not match payload");
    r.payload_sha256 = *hash;

    // The parser is iterative, so deeply nested payloads cannot exhaust the stack.
    const json p = json::parse(r.payload, nullptr, false);
    if (auto bad = check_payload_into(r.kind, p, r); !bad.empty()) return reject(std::move(bad));

    out.record = std::move(r);
    return out;
}

}  // namespace ruhr
