#include "diagnostics.h"

#include <algorithm>
#include <unordered_map>

namespace gs::model {

std::string Diagnostic::format() const
{
    std::string out = file.empty() ? std::string("<input>") : file;
    if (mark.known())
        out += ":" + std::to_string(mark.line) + ":" + std::to_string(mark.column);
    out += severity == Severity::Error ? ": error: " : ": warning: ";
    if (!kind.empty()) {
        out += kind;
        out += ' ';
        out += objectName.empty() ? std::string("<unnamed>") : objectName;
        out += ": ";
    }
    if (!field.empty()) {
        out += field;
        out += ": ";
    }
    out += message;
    return out;
}

void Diagnostics::add(Diagnostic d)
{
    if (d.severity == Severity::Error)
        ++errors_;
    items_.push_back(std::move(d));
}

void Diagnostics::error(std::string file, yaml::Mark mark, std::string message)
{
    add(Diagnostic{Severity::Error, std::move(file), mark, {}, {}, {}, std::move(message)});
}

void Diagnostics::warning(std::string file, yaml::Mark mark, std::string message)
{
    add(Diagnostic{Severity::Warning, std::move(file), mark, {}, {}, {}, std::move(message)});
}

void Diagnostics::append(const Diagnostics& other)
{
    for (const Diagnostic& d : other.items_)
        add(d);
}

void Diagnostics::sortByPosition()
{
    std::unordered_map<std::string, std::size_t> fileOrder;
    for (const Diagnostic& d : items_)
        fileOrder.emplace(d.file, fileOrder.size());
    std::stable_sort(items_.begin(), items_.end(), [&](const Diagnostic& a, const Diagnostic& b) {
        const std::size_t fa = fileOrder[a.file], fb = fileOrder[b.file];
        if (fa != fb)
            return fa < fb;
        if (a.mark.line != b.mark.line)
            return a.mark.line < b.mark.line;
        return a.mark.column < b.mark.column;
    });
}

}  // namespace gs::model
