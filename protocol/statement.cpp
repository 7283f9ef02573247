#include "protocol/statement.h"

#include <algorithm>

namespace ruhr {

using nlohmann::json;

void add_to_ranges(std::vector<SeqRange>& ranges, std::int64_t seq) {
    if (!ranges.empty() && seq <= ranges.back().last) return;
    if (!ranges.empty() && seq == ranges.back().last + 1) {
        ranges.back().last = seq;
        return;
    }
    ranges.push_back({seq, seq});
}

std::int64_t count_in_ranges(const std::vector<SeqRange>& ranges) {
    std::int64_t n = 0;
    for (const SeqRange& r : ranges) n += r.last - r.first + 1;
    return n;
}

std::vector<SeqRange> subtract_ranges(const std::vector<SeqRange>& from, const std::vector<SeqRange>& take) {
    std::vector<SeqRange> out;
    std::size_t t = 0;
    for (const SeqRange& r : from) {
        std::int64_t next = r.first;  // the first number of r not yet placed or taken
        while (t < take.size() && take[t].last < next) ++t;
        for (std::size_t u = t; u < take.size() && take[u].first <= r.last; ++u) {
            if (take[u].first > next) out.push_back({next, take[u].first - 1});
            next = std::max(next, take[u].last + 1);
        }
        if (next <= r.last) out.push_back({next, r.last});
    }
    return out;
}

std::string format_ranges(const std::vector<SeqRange>& ranges) {
    if (ranges.empty()) return "none";
    std::string out;
    for (const SeqRange& r : ranges) {
        if (!out.empty()) out += ", ";
        out += std::to_string(r.first);
        if (r.last != r.first) out += "-" + std::to_string(r.last);
    }
    return out;
}

json ranges_json(const std::vector<SeqRange>& ranges) {
    json out = json::array();
    for (const SeqRange& r : ranges) out.push_back(json::array({r.first, r.last}));
    return out;
}

std::string records_digest_line(const Submission& s) {
    return dump_json(json::array({s.seq, s.id, kind_name(s.kind), s.kiosk_id, s.visit_id, s.pack_id, s.pack_version,
                                  s.created_at, s.payload_sha256})) +
           "\n";
}

namespace {

constexpr const char* k_kinds[] = {"rating", "priorities", "idea"};
constexpr const char* k_states[] = {"pending", "quarantined", "delivered"};

json counts_json(const std::map<std::string, std::int64_t>& counts, const char* const (&names)[3]) {
    json out = json::object();
    for (const char* n : names) {
        const auto it = counts.find(n);
        out[n] = it == counts.end() ? 0 : it->second;
    }
    return out;
}

bool is_sha256_hex(const std::string& s) {
    if (s.size() != 64) return false;
    for (const char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

// A count as the statement carries it: an integer from 0 on.
bool read_count(const json& j, const char* name, std::int64_t& out) {
    if (!j.contains(name) || !j[name].is_number_integer() || j[name].get<std::int64_t>() < 0) return false;
    out = j[name].get<std::int64_t>();
    return true;
}

// Counts of each of `names` (and no other), adding up to `total`.
Result<std::map<std::string, std::int64_t>> read_counts(const json& j, const char* what, const char* const (&names)[3],
                                                        std::int64_t total) {
    if (!j.is_object() || j.size() != 3) return Error{ErrorKind::Invalid, std::string(what) + " must name 3 counts"};
    std::map<std::string, std::int64_t> out;
    std::int64_t sum = 0;
    for (const char* n : names) {
        std::int64_t v = 0;
        if (!read_count(j, n, v))
            return Error{ErrorKind::Invalid, std::string(what) + "." + n + " must be a count from 0 on"};
        out[n] = v;
        sum += v;
    }
    if (sum != total)
        return Error{ErrorKind::Invalid, std::string(what) + " adds up to " + std::to_string(sum) + ", not to the " +
                                             std::to_string(total) + " records held"};
    return out;
}

}  // namespace

json statement_json(const ClosingStatement& s) {
    return {
        {"format", statement_format},
        {"format_version", statement_format_version},
        {"kiosk_id", s.kiosk_id},
        {"app_version", s.app_version},
        {"made_at", s.made_at},
        {"kiosk_public_key", s.kiosk_public_key},
        {"highest_seq", s.highest_seq},
        {"held", ranges_json(s.held)},
        {"records", s.records},
        {"by_kind", counts_json(s.by_kind, k_kinds)},
        {"by_state", counts_json(s.by_state, k_states)},
        {"records_sha256", s.records_sha256},
    };
}

Result<ClosingStatement> parse_statement(const json& j) {
    const auto bad = [](const std::string& why) {
        return Error{ErrorKind::Invalid, "not a closing statement: " + why};
    };
    if (!j.is_object() || j.value("format", json()) != statement_format)
        return bad("its format is not " + std::string(statement_format));
    if (j.value("format_version", json()) != statement_format_version)
        return bad("format version " + j.value("format_version", json()).dump() + ", this program reads version " +
                   std::to_string(statement_format_version));
    ClosingStatement s;
    const auto text = [&](const char* name, std::string& out) {
        if (!j.contains(name) || !j[name].is_string() || j[name].get<std::string>().size() > max_field_bytes)
            return false;
        out = j[name].get<std::string>();
        return true;
    };
    if (!text("kiosk_id", s.kiosk_id) || !is_valid_kiosk_id(s.kiosk_id)) return bad("kiosk_id is not a kiosk id");
    if (!text("app_version", s.app_version) || !text("made_at", s.made_at))
        return bad("app_version or made_at is missing");
    if (!text("kiosk_public_key", s.kiosk_public_key) || !parse_signing_public_key(s.kiosk_public_key))
        return bad("kiosk_public_key is not a key");
    if (!read_count(j, "highest_seq", s.highest_seq) || !read_count(j, "records", s.records))
        return bad("highest_seq and records must be counts from 0 on");
    if (!text("records_sha256", s.records_sha256) || !is_sha256_hex(s.records_sha256))
        return bad("records_sha256 is not a SHA-256 in hex");

    if (!j.contains("held") || !j["held"].is_array() || j["held"].size() > max_statement_ranges)
        return bad("held must be a list of at most " + std::to_string(max_statement_ranges) + " runs");
    std::int64_t after = 0;  // each run starts beyond the one before, with a gap (touching runs are one)
    for (const json& r : j["held"]) {
        if (!r.is_array() || r.size() != 2 || !r[0].is_number_integer() || !r[1].is_number_integer())
            return bad("a run of held must be [first, last]");
        const SeqRange range{r[0].get<std::int64_t>(), r[1].get<std::int64_t>()};
        if (range.first < 1 || (!s.held.empty() && range.first <= after + 1) || range.last < range.first ||
            range.last > s.highest_seq)
            return bad("the runs of held must ascend without touching, within 1 to highest_seq");
        s.held.push_back(range);
        after = range.last;
    }
    if (count_in_ranges(s.held) != s.records)
        return bad("held covers " + std::to_string(count_in_ranges(s.held)) + " numbers, records says " +
                   std::to_string(s.records));
    auto by_kind = read_counts(j.value("by_kind", json()), "by_kind", k_kinds, s.records);
    if (!by_kind) return bad(by_kind.error().message);
    auto by_state = read_counts(j.value("by_state", json()), "by_state", k_states, s.records);
    if (!by_state) return bad(by_state.error().message);
    s.by_kind = std::move(*by_kind);
    s.by_state = std::move(*by_state);
    return s;
}

}  // namespace ruhr
