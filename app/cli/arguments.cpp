#include "cli/arguments.h"

#include <string>

namespace gs::app {

std::string ParsedArguments::value(std::string_view name) const
{
    auto it = values.find(name);
    return it == values.end() ? std::string() : it->second;
}

std::vector<std::string> ParsedArguments::all(std::string_view name) const
{
    auto it = lists.find(name);
    return it == lists.end() ? std::vector<std::string>() : it->second;
}

namespace {

const OptionSpec* findLong(std::span<const OptionSpec> specs, std::string_view name)
{
    for (const OptionSpec& s : specs)
        if (s.longName == name)
            return &s;
    return nullptr;
}

const OptionSpec* findShort(std::span<const OptionSpec> specs, char name)
{
    for (const OptionSpec& s : specs)
        if (s.shortName == name)
            return &s;
    return nullptr;
}

}  // namespace

std::optional<ParsedArguments> parseArguments(std::span<const std::string> args, std::span<const OptionSpec> specs,
                                              std::string& error)
{
    ParsedArguments out;
    bool optionsEnded = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (optionsEnded || arg == "-" || arg.empty() || arg[0] != '-') {
            out.positional.push_back(arg);
            continue;
        }
        if (arg == "--") {
            optionsEnded = true;
            continue;
        }
        const bool isLong = arg.size() > 2 && arg[1] == '-';
        std::string name = isLong ? arg.substr(2) : arg.substr(1, 1);
        std::optional<std::string> inlineValue;
        if (isLong) {
            if (const std::size_t eq = name.find('='); eq != std::string::npos) {
                inlineValue = name.substr(eq + 1);
                name.resize(eq);
            }
        } else if (arg.size() > 2) {
            inlineValue = arg.substr(2);
        }
        const OptionSpec* spec = isLong ? findLong(specs, name) : findShort(specs, name[0]);
        if (!spec) {
            error = "unknown option " + arg;
            return std::nullopt;
        }
        std::string value;
        if (spec->takesValue) {
            if (inlineValue) {
                value = *inlineValue;
            } else if (i + 1 < args.size()) {
                value = args[++i];
            } else {
                error = "option --" + std::string(spec->longName) + " needs a value (" + std::string(spec->valueName) + ")";
                return std::nullopt;
            }
        } else if (inlineValue) {
            error = "option --" + std::string(spec->longName) + " takes no value";
            return std::nullopt;
        }
        out.values[std::string(spec->longName)] = value;
        out.lists[std::string(spec->longName)].push_back(value);
    }
    return out;
}

bool parseHostPort(const std::string& text, std::string& host, std::uint16_t& port)
{
    const std::size_t colon = text.rfind(':');
    if (colon == std::string::npos)
        return false;
    host = text.substr(0, colon);
    try {
        const int p = std::stoi(text.substr(colon + 1));
        if (p < 0 || p > 65535)
            return false;
        port = std::uint16_t(p);
    } catch (...) {
        return false;
    }
    return !host.empty();
}

}  // namespace gs::app
