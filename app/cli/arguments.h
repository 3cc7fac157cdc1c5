#pragma once
// Command-line parsing for the subcommands: `gateway-studio COMMAND [OPTIONS] FILE...`.
// Options may come before or after the files; `--` ends options; `-` is a file (stdin).

#include <map>
#include <optional>
#include <span>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gs::app {

struct OptionSpec {
    std::string_view longName;  // "output"
    char shortName;  // 'o', or 0
    bool takesValue;
    std::string_view valueName;  // "FILE", for help
    std::string_view help;
};

struct ParsedArguments {
    std::vector<std::string> positional;
    std::map<std::string, std::string, std::less<>> values;  // long name → last value ("" for flags)
    std::map<std::string, std::vector<std::string>, std::less<>> lists;  // long name → every value, in order
    bool has(std::string_view name) const { return values.find(name) != values.end(); }
    std::string value(std::string_view name) const;
    std::vector<std::string> all(std::string_view name) const;
};

// Parses `args` (the words after the subcommand). On a usage error returns nullopt and sets
// `error` to a one-line reason.
std::optional<ParsedArguments> parseArguments(std::span<const std::string> args, std::span<const OptionSpec> specs,
                                              std::string& error);

// "HOST:PORT" (the last colon separates the port, 0..65535). False when malformed.
bool parseHostPort(const std::string& text, std::string& host, std::uint16_t& port);

}  // namespace gs::app
