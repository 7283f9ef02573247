#pragma once
// UTF-8 helpers for text that comes from outside (content packs, later visitors' input).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ruhr {

/// Byte offset of the first invalid UTF-8 sequence, or nullopt when the text is valid.
/// Overlong forms, surrogates and code points above U+10FFFF count as invalid.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

/// Number of code points in valid UTF-8 text.
std::size_t utf8_length(std::string_view text);

/// True when the text holds a C0/C1 control character other than newline.
bool has_control_characters(std::string_view text);

/// Replace `{name}` with `value` everywhere in `text`.
std::string replace_placeholder(std::string text, std::string_view name, std::string_view value);

}  // namespace ruhr
