#include "collector/export.h"

#include "collector/protocol.h"
#include "collector/store_common.h"

#include <nlohmann/json.hpp>

namespace ruhr::collector {

namespace {

using nlohmann::json;

constexpr const char* csv_columns[] = {"id",
                                       "seq",
                                       "kind",
                                       "kiosk_id",
                                       "visit_id",
                                       "pack_id",
                                       "pack_version",
                                       "created_at",
                                       "received_at",
                                       "item",
                                       "stars",
                                       "forums",
                                       "forum",
                                       "text",
                                       "contact_sealed",
                                       "consent_sha256",
                                       "consent_language",
                                       "consent_pack_version",
                                       "contact_purged_at"};
constexpr const char* contact_columns[] = {"contact_name", "contact_email", "contact_postcode"};

std::string trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

// `key = "value"` in the file written by --make-organizer-keys.
std::optional<std::string> key_line(std::string_view text, std::string_view key) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        const std::string line = trim(text.substr(pos, end - pos));
        pos = end + 1;
        if (line.rfind(key, 0) != 0) continue;
        std::string rest = trim(std::string_view(line).substr(key.size()));
        if (rest.empty() || rest[0] != '=') continue;
        rest = trim(std::string_view(rest).substr(1));
        if (rest.size() >= 2 && rest.front() == '"' && rest.back() == '"') rest = rest.substr(1, rest.size() - 2);
        return rest;
    }
    return std::nullopt;
}

// The decrypted contact details, or nullopt when the box does not open or is not the JSON the
// kiosk seals.
struct Contact {
    std::string name, email, postcode;
};

std::optional<Contact> open_contact(const std::string& sealed, const OrganizerKey& key) {
    auto plain = open_sealed(sealed, key.pk, key.sk);
    if (!plain) return std::nullopt;
    const json j = json::parse(*plain, nullptr, false);
    if (!j.is_object()) return std::nullopt;
    auto text = [&](const char* k) {
        const auto it = j.find(k);
        if (it == j.end() || it->is_null()) return std::string();
        return it->is_string() ? it->get<std::string>() : dump_json(*it);
    };
    return Contact{text("name"), text("email"), text("postcode")};
}

// What an idea's payload says about its contact data besides the sealed box: the consent the
// visitor gave (absent in records made before kiosks stored it) and when it was purged.
struct ContactFacts {
    std::string consent_sha256, consent_language, consent_pack_version, purged_at;
};

ContactFacts contact_facts(const Record& r) {
    ContactFacts f;
    if (r.kind != SubmissionKind::Idea) return f;
    const json p = json::parse(r.payload, nullptr, false);
    const auto contact = p.is_object() ? p.find("contact") : p.end();
    if (contact == p.end() || !contact->is_object()) return f;
    const auto text = [&](const char* key) {
        const auto it = contact->find(key);
        return it != contact->end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    return {text("consent_sha256"), text("consent_language"), text("consent_pack_version"), text("purged_at")};
}

void csv_line(std::ostream& out, const std::vector<std::string>& fields) {
    std::string line;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i) line += ';';
        line += csv_field(fields[i]);
    }
    line += "\r\n";
    out << line;
}

}  // namespace

std::optional<ExportFormat> parse_export_format(std::string_view name) {
    if (name == "jsonl") return ExportFormat::Jsonl;
    if (name == "csv") return ExportFormat::Csv;
    return std::nullopt;
}

Result<OrganizerKey> parse_organizer_key_file(std::string_view text) {
    const auto named = key_line(text, "secret_key");
    const std::string b64 = named ? *named : trim(text);
    auto sk = parse_secret_key(b64);
    if (!sk) return Error{"the organizer's secret key file holds no usable key: " + sk.error().message};
    OrganizerKey key;
    key.sk = *sk;
    key.pk = public_key_of(key.sk);
    if (const auto pub = key_line(text, "public_key")) {
        auto pk = parse_public_key(*pub);
        if (!pk || *pk != key.pk) return Error{"the public_key in the key file does not belong to its secret_key"};
    }
    return key;
}

std::string csv_field(std::string_view value) {
    std::string v;
    if (!value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@' ||
                           value[0] == '\t' || value[0] == '\r'))
        v = "'";
    v += value;
    if (v.find_first_of(";\"\r\n") == std::string::npos) return v;
    std::string q = "\"";
    for (const char c : v) {
        if (c == '"') q += '"';
        q += c;
    }
    q += '"';
    return q;
}

Result<ExportSummary> write_export(Store& store, ExportFormat format, std::ostream& out, const OrganizerKey* key) {
    ExportSummary summary;
    if (format == ExportFormat::Csv) {
        out << "\xEF\xBB\xBF";
        std::vector<std::string> header(std::begin(csv_columns), std::end(csv_columns));
        if (key) header.insert(header.end(), std::begin(contact_columns), std::end(contact_columns));
        csv_line(out, header);
    }
    auto done = store.for_each_record([&](const ExportRow& x) {
        const Record& r = x.record;
        ++summary.records;
        std::optional<Contact> contact;
        if (r.contact_sealed) {
            ++summary.contacts;
            if (key) {
                contact = open_contact(*r.contact_sealed, *key);
                if (contact)
                    ++summary.contacts_opened;
                else
                    summary.unopened.push_back(r.id);
            }
        }
        if (format == ExportFormat::Jsonl) {
            json j = submission_json(r);
            j["received_at"] = x.received_at;
            j["receipt"] = x.receipt;
            if (key) {
                j["contact"] =
                    contact ? json{{"name", contact->name}, {"email", contact->email}, {"postcode", contact->postcode}}
                            : json(nullptr);
            }
            out << dump_json(j) << '\n';
            return;
        }
        std::string forums;
        for (const auto& f : r.forums) {
            if (!forums.empty()) forums += ',';
            forums += f;
        }
        std::vector<std::string> fields{r.id,
                                        std::to_string(r.seq),
                                        kind_name(r.kind),
                                        r.kiosk_id,
                                        r.visit_id,
                                        r.pack_id,
                                        r.pack_version,
                                        r.created_at,
                                        x.received_at,
                                        r.item.value_or(""),
                                        r.stars ? std::to_string(*r.stars) : "",
                                        forums,
                                        r.forum.value_or(""),
                                        r.text.value_or(""),
                                        r.contact_sealed.value_or("")};
        const ContactFacts facts = contact_facts(r);
        fields.insert(fields.end(),
                      {facts.consent_sha256, facts.consent_language, facts.consent_pack_version, facts.purged_at});
        if (key) {
            fields.push_back(contact ? contact->name : "");
            fields.push_back(contact ? contact->email : "");
            fields.push_back(contact ? contact->postcode : "");
        }
        csv_line(out, fields);
    });
    if (!done) return done.error();
    out.flush();
    if (!out) return Error{"cannot write the export (disk full?)"};
    return summary;
}

}  // namespace ruhr::collector
