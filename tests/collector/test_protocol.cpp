// The sync request checks: what is a 400, a 403, and which single records are rejected.

#include "backends.h"

#include "collector/protocol.h"

#include "protocol/statement.h"

#include "base/crypto.h"

#include <doctest/doctest.h>

#include <functional>

using namespace ruhr;
using namespace ruhr::collector;
using namespace ruhr::collector::test;
using nlohmann::json;

namespace {

json body_with(json submissions) {
    return {{"protocol", 1},
            {"kiosk_id", kiosk},
            {"heartbeat", {{"queue_depth", 3}, {"last_error", ""}}},
            {"submissions", std::move(submissions)}};
}

// The status of a whole body: 0 when it parses, else the BadRequest status.
int status_of(std::string_view body) {
    const auto r = parse_sync_request(body, kiosk);
    return std::holds_alternative<SyncRequest>(r) ? 0 : std::get<BadRequest>(r).status;
}

std::string rejection_of(const json& submission) {
    const auto c = check_submission(submission, kiosk);
    return c.record ? std::string() : c.rejection;
}

json valid_rating() { return submission_json(rating(kiosk, 1, 1, test_uuid(100), "vision", 4)); }

json with_payload(json s, const std::string& payload) {
    s["payload"] = payload;
    s["payload_sha256"] = sha256_hex(payload);
    return s;
}

}  // namespace

TEST_CASE("a well-formed sync body parses with its heartbeat and records") {
    const auto r = parse_sync_request(body_with(json::array({valid_rating()})).dump(), kiosk);
    REQUIRE(std::holds_alternative<SyncRequest>(r));
    const auto& req = std::get<SyncRequest>(r);
    CHECK(req.kiosk_id == kiosk);
    CHECK(json::parse(req.heartbeat_json) == json{{"queue_depth", 3}, {"last_error", ""}});
    REQUIRE(req.submissions.size() == 1);
    REQUIRE(req.submissions[0].record.has_value());
    CHECK(req.submissions[0].record->item == "vision");
    CHECK(req.submissions[0].record->stars == 4);
}

TEST_CASE("bodies that are not JSON or not the protocol's shape are refused with 400") {
    CHECK(status_of("") == 400);
    CHECK(status_of("{") == 400);
    CHECK(status_of("[]") == 400);
    CHECK(status_of("null") == 400);
    CHECK(status_of("\"text\"") == 400);
    CHECK(status_of("{\"protocol\":1}") == 400);
    // Not UTF-8: a Latin-1 byte inside a string, and an overlong encoding.
    CHECK(status_of("{\"protocol\":1,\"kiosk_id\":\"k\xE4\",\"heartbeat\":{},\"submissions\":[]}") == 400);
    CHECK(status_of("{\"protocol\":1,\"kiosk_id\":\"\xC0\xAF\",\"heartbeat\":{},\"submissions\":[]}") == 400);
    // A lone surrogate escape is not a character.
    CHECK(status_of("{\"protocol\":1,\"kiosk_id\":\"\\ud800\",\"heartbeat\":{},\"submissions\":[]}") == 400);

    json b = body_with(json::array());
    CHECK(status_of(b.dump()) == 0);
    for (const json& protocol : {json(2), json("1"), json(1.5), json(nullptr)}) {
        json x = b;
        x["protocol"] = protocol;
        CHECK(status_of(x.dump()) == 400);
    }
    json x = b;
    x["submissions"] = json::object();
    CHECK(status_of(x.dump()) == 400);
    x = b;
    x.erase("submissions");
    CHECK(status_of(x.dump()) == 400);
    x = b;
    x["heartbeat"] = "busy";
    CHECK(status_of(x.dump()) == 400);
    x = b;
    x["heartbeat"]["nested"] = json{{"a", 1}};
    CHECK(status_of(x.dump()) == 400);
    x = b;
    x["kiosk_id"] = 7;
    CHECK(status_of(x.dump()) == 400);
}

TEST_CASE("a body for another kiosk than the token's is refused with 403") {
    json b = body_with(json::array());
    b["kiosk_id"] = "kiosk-bochum-02";
    CHECK(status_of(b.dump()) == 403);
}

TEST_CASE("more than 500 records in one body is a 400 and 500 are fine") {
    json five_hundred = json::array();
    for (int i = 0; i < 500; ++i) five_hundred.push_back(valid_rating());
    CHECK(status_of(body_with(five_hundred).dump()) == 0);
    five_hundred.push_back(valid_rating());
    CHECK(status_of(body_with(five_hundred).dump()) == 400);
}

TEST_CASE("deeply nested JSON neither crashes the parser nor passes") {
    const std::string deep = std::string(200000, '[') + std::string(200000, ']');
    CHECK(status_of(deep) == 400);
    json b = body_with(json::array({with_payload(valid_rating(), "{\"item\":" + deep + ",\"stars\":4}")}));
    const auto r = parse_sync_request(b.dump(), kiosk);
    REQUIRE(std::holds_alternative<SyncRequest>(r));
    CHECK(std::get<SyncRequest>(r).submissions[0].rejection == "rating payload: item missing or not an id");
}

TEST_CASE("each kind of invalid record is rejected with its reason") {
    const json ok = valid_rating();
    CHECK(rejection_of(ok).empty());
    CHECK(rejection_of(json("not an object")) == "the submission is not an object");

    auto changed = [&](const char* key, json value) {
        json s = ok;
        s[key] = std::move(value);
        return rejection_of(s);
    };
    auto without = [&](const char* key) {
        json s = ok;
        s.erase(key);
        return rejection_of(s);
    };
    CHECK(changed("kind", "vote") == "unknown kind");
    CHECK(changed("id", "not-a-uuid") == "id is not a lower-case UUID");
    CHECK(changed("id", "019AB3A2-0000-7000-8000-000000000001") == "id is not a lower-case UUID");
    CHECK(changed("id", 42) == "id is not a string");
    CHECK(without("id") == "id is missing");
    CHECK(changed("kiosk_id", "kiosk-bochum-02") == "kiosk_id is not the token's kiosk");
    CHECK(changed("visit_id", "v1") == "visit_id is not a lower-case UUID");
    CHECK(changed("seq", "41") == "seq missing or not an integer");
    CHECK(changed("seq", 4.5) == "seq missing or not an integer");
    CHECK(changed("seq", -1) == "seq is out of range");
    CHECK(without("pack_id") == "pack_id is missing");
    CHECK(changed("created_at", "2026\n") == "created_at is empty, longer than 200 bytes or holds control characters");
    CHECK(changed("payload", json{{"item", "vision"}}) == "payload missing or not a string");
    CHECK(changed("payload_sha256", std::string(64, 'a')) == "payload_sha256 does not match payload");
    CHECK(changed("payload_sha256", "ABC") == "payload_sha256 is not 64 lower-case hex digits");

    // Each kind's payload format: a payload it accepts ("" as the rejection), or one it
    // refuses, with the reason.
    const struct {
        const char* kind;
        const char* payload;
        const char* rejection;
    } payloads[] = {
        {"rating", "[1,2]", "payload is not a JSON object"},
        {"rating", R"({"item":)", "payload is not a JSON object"},
        {"rating", R"({"item":"vision","stars":6})", "rating payload: stars not from 1 to 5"},
        {"rating", R"({"item":"vision","stars":"4"})", "rating payload: stars missing or not an integer"},
        {"rating", R"({"item":"vision","replaces":"x","stars":4})", "rating payload: replaces is not a UUID"},
        {"priorities", R"({"forums":["a","b","c"]})", ""},
        {"priorities", R"({"forums":[]})", "priorities payload: forums is not a list of 1 to 3 forum ids"},
        {"priorities", R"({"forums":["a","b","c","d"]})",
         "priorities payload: forums is not a list of 1 to 3 forum ids"},
        {"priorities", R"({"forums":["a","a"]})", "priorities payload: a forum is named twice"},
        {"priorities", R"({"forums":["a",3]})", "priorities payload: a forum is not an id"},
        {"idea", "{\"forum\":null,\"text\":\"Gr\xC3\xBCne W\xC3\xA4nde\"}", ""},
        {"idea", R"({"forum":null})", "idea payload: text missing or not a string"},
        {"idea", "{\"forum\":null,\"text\":\"a\\u0000b\"}", "idea payload: text holds a NUL character"},
        {"idea", R"({"contact":"me","forum":null,"text":"t"})", "idea payload: contact is not an object"},
        {"idea", R"({"contact":{"consent":true},"forum":null,"text":"t"})",
         "idea payload: contact.sealed missing or not a string"},
        // Contact with the consent it was given (issue 14, finding 8), and without (older kiosks).
        {"idea", R"({"contact":{"consent":true,"sealed":"c2Vh"},"forum":null,"text":"t"})", ""},
        {"idea",
         R"({"contact":{"consent":true,"consent_language":"de","consent_pack_version":"2026.11.0",)"
         R"("consent_sha256":"4f1b0e8a5c0d2a6e9b3c7d1e5f2a4b6c8d0e1f2a3b4c5d6e7f8091a2b3c4d5e6","sealed":"c2Vh"},)"
         R"("forum":null,"text":"t"})",
         ""},
        {"idea", R"({"contact":{"consent":true,"consent_language":"de","sealed":"c2Vh"},"forum":null,"text":"t"})",
         "idea payload: contact needs consent_sha256, consent_language and consent_pack_version together"},
        {"idea",
         R"({"contact":{"consent":true,"consent_language":"de","consent_pack_version":"1","consent_sha256":"ABC",)"
         R"("sealed":"c2Vh"},"forum":null,"text":"t"})",
         "idea payload: contact.consent_sha256 is not 64 lower-case hex digits"},
        {"idea",
         R"({"contact":{"consent":true,"consent_language":"","consent_pack_version":"1","consent_sha256":)"
         R"("4f1b0e8a5c0d2a6e9b3c7d1e5f2a4b6c8d0e1f2a3b4c5d6e7f8091a2b3c4d5e6","sealed":"c2Vh"},"forum":null,)"
         R"("text":"t"})",
         "idea payload: contact.consent_language is not a language code"},
        {"idea",
         R"({"contact":{"consent":true,"consent_language":"de","consent_pack_version":7,"consent_sha256":)"
         R"("4f1b0e8a5c0d2a6e9b3c7d1e5f2a4b6c8d0e1f2a3b4c5d6e7f8091a2b3c4d5e6","sealed":"c2Vh"},"forum":null,)"
         R"("text":"t"})",
         "idea payload: contact.consent_pack_version is not a version"},
    };
    for (const auto& p : payloads) {
        const std::string payload = p.payload;
        CAPTURE(payload);
        json s = ok;
        s["kind"] = p.kind;
        CHECK(rejection_of(with_payload(s, payload)) == p.rejection);
    }
}

TEST_CASE("receipts come back in request order with rejected records in their place") {
    json subs =
        json::array({valid_rating(), json(17), submission_json(rating(kiosk, 2, 2, test_uuid(100), "pflege", 3))});
    const auto parsed = parse_sync_request(body_with(subs).dump(), kiosk);
    REQUIRE(std::holds_alternative<SyncRequest>(parsed));
    const auto& req = std::get<SyncRequest>(parsed);
    const std::vector<IngestResult> stored{{Outcome::Stored, "c1-000000000000007"}, {Outcome::Conflict, ""}};
    const json answer = sync_response(req, stored, "2026-11-26T09:14:03.410Z", sha256_hex("body"));
    CHECK(answer["request_sha256"] == sha256_hex("body"));
    CHECK(answer["protocol"] == 1);
    CHECK(answer["server_time"] == "2026-11-26T09:14:03.410Z");
    const json& r = answer["receipts"];
    REQUIRE(r.size() == 3);
    CHECK(r[0] == json{{"id", test_uuid(1)}, {"status", "stored"}, {"receipt", "c1-000000000000007"}});
    CHECK(r[1] == json{{"id", nullptr}, {"status", "rejected"}, {"reason", "the submission is not an object"}});
    CHECK(r[2] == json{{"id", test_uuid(2)},
                       {"status", "conflict"},
                       {"reason", "id already stored with another payload hash"}});
}

TEST_CASE("kiosk ids follow the kiosk configuration's rule") {
    CHECK(is_valid_kiosk_id("kiosk-essen-01"));
    CHECK(is_valid_kiosk_id("K.1_a"));
    CHECK_FALSE(is_valid_kiosk_id(""));
    CHECK_FALSE(is_valid_kiosk_id("-kiosk"));
    CHECK_FALSE(is_valid_kiosk_id("kiosk essen"));
    CHECK_FALSE(is_valid_kiosk_id(std::string(65, 'k')));
    CHECK(is_valid_kiosk_id(std::string(64, 'k')));
}

TEST_CASE("error answers and odd strings always become valid JSON text") {
    CHECK(dump_json(error_json("bad_request", "last read: '\xE4'")) ==
          "{\"error\":\"bad_request\",\"message\":\"last read: '\xEF\xBF\xBD'\"}");
    CHECK(receipt_for(172) == "c1-000000000000172");
}

TEST_CASE("an idea's consent fields are read with its contact data, and a record without them is still accepted") {
    const std::string hash(64, 'a');
    const json with{{"contact",
                     {{"consent", true},
                      {"consent_language", "en"},
                      {"consent_pack_version", "2026.11.0"},
                      {"consent_sha256", hash},
                      {"sealed", "c2Vh"}}},
                    {"forum", nullptr},
                    {"text", "t"}};
    const auto fields = check_payload(SubmissionKind::Idea, with);
    REQUIRE(fields.ok());
    CHECK(fields->contact_sealed == "c2Vh");
    CHECK(fields->consent_sha256 == hash);
    CHECK(fields->consent_language == "en");
    CHECK(fields->consent_pack_version == "2026.11.0");

    const json old{{"contact", {{"consent", true}, {"sealed", "c2Vh"}}}, {"forum", nullptr}, {"text", "t"}};
    const auto old_fields = check_payload(SubmissionKind::Idea, old);
    REQUIRE(old_fields.ok());
    CHECK(old_fields->contact_sealed == "c2Vh");
    CHECK_FALSE(old_fields->consent_sha256.has_value());
    CHECK_FALSE(old_fields->consent_language.has_value());
}

TEST_CASE("runs of sequence numbers are built, counted and subtracted exactly") {
    std::vector<SeqRange> runs;
    for (const std::int64_t seq : {1, 2, 3, 3, 5, 7, 8, 9}) add_to_ranges(runs, seq);
    CHECK(runs == std::vector<SeqRange>{{1, 3}, {5, 5}, {7, 9}});
    CHECK(count_in_ranges(runs) == 7);
    CHECK(format_ranges(runs) == "1-3, 5, 7-9");
    CHECK(format_ranges({}) == "none");
    CHECK(subtract_ranges({{1, 10}}, runs) == std::vector<SeqRange>{{4, 4}, {6, 6}, {10, 10}});
    CHECK(subtract_ranges(runs, {{1, 10}}).empty());
    CHECK(subtract_ranges(runs, {}) == runs);
    CHECK(subtract_ranges({{1, 3}, {7, 20}}, {{2, 8}, {10, 10}, {19, 30}}) ==
          std::vector<SeqRange>{{1, 1}, {9, 9}, {11, 18}});
}

TEST_CASE("a closing statement is read strictly") {
    const auto keys = make_signing_keypair();
    ClosingStatement s;
    s.kiosk_id = "kiosk-essen-01";
    s.app_version = "0.2.0";
    s.made_at = "2026-11-26T18:00:00.000Z";
    s.kiosk_public_key = to_base64(keys.first.data(), keys.first.size());
    s.highest_seq = 12;
    s.held = {{1, 4}, {6, 12}};
    s.records = 11;
    s.by_kind = {{"rating", 9}, {"priorities", 1}, {"idea", 1}};
    s.by_state = {{"pending", 2}, {"quarantined", 0}, {"delivered", 9}};
    s.records_sha256 = sha256_hex("x");
    const json good = statement_json(s);
    auto read = parse_statement(good);
    REQUIRE(read.ok());
    CHECK(read->held == s.held);
    CHECK(read->by_kind == s.by_kind);
    CHECK(statement_json(*read) == good);

    const std::pair<const char*, std::function<void(json&)>> broken[] = {
        {"another format", [](json& j) { j["format"] = "ruhr-kiosk-export"; }},
        {"a newer version", [](json& j) { j["format_version"] = 2; }},
        {"runs that touch",
         [](json& j) {
             j["held"] = json::array({json::array({1, 4}), json::array({5, 12})});
         }},
        {"runs that overlap",
         [](json& j) {
             j["held"] = json::array({json::array({1, 6}), json::array({6, 12})});
         }},
        {"runs out of order",
         [](json& j) {
             j["held"] = json::array({json::array({6, 12}), json::array({1, 4})});
         }},
        {"a run beyond the highest", [](json& j) { j["highest_seq"] = 11; }},
        {"a run from 0",
         [](json& j) {
             j["held"][0] = json::array({0, 4});
         }},
        {"records that are not what the runs cover", [](json& j) { j["records"] = 12; }},
        {"kinds that do not add up", [](json& j) { j["by_kind"]["idea"] = 2; }},
        {"states that do not add up", [](json& j) { j["by_state"]["pending"] = 3; }},
        {"an unknown kind", [](json& j) { j["by_kind"]["vote"] = 0; }},
        {"a negative count", [](json& j) { j["by_kind"]["idea"] = -1; }},
        {"no SHA-256", [](json& j) { j["records_sha256"] = "abc"; }},
        {"an upper-case SHA-256", [](json& j) { j["records_sha256"] = std::string(64, 'A'); }},
        {"a bad kiosk id", [](json& j) { j["kiosk_id"] = "../etc"; }},
        {"no key", [](json& j) { j["kiosk_public_key"] = "AAAA"; }},
        {"a fractional number", [](json& j) { j["held"][0][1] = 4.5; }},
    };
    for (const auto& [what, change] : broken) {
        CAPTURE(what);
        json j = good;
        change(j);
        auto refused = parse_statement(j);
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().message.find("not a closing statement") != std::string::npos);
    }
}
