#include "validation/field_path.h"

namespace gs::model {

namespace {

bool isIdentifier(std::string_view s)
{
    if (s.empty())
        return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
            return false;
    return true;
}

}  // namespace

void FieldPath::append(std::string& out, const Segment& s)
{
    switch (s.kind) {
    case Kind::Index:
        out += '[';
        out += std::to_string(s.index);
        out += ']';
        break;
    case Kind::Field:
        if (isIdentifier(s.name)) {
            if (!out.empty())
                out += '.';
            out += s.name;
            break;
        }
        [[fallthrough]];
    case Kind::Key:
        out += '[';
        out += s.name;
        out += ']';
        break;
    }
}

std::string FieldPath::toString() const
{
    std::string out;
    for (const Segment& s : segments_)
        append(out, s);
    return out;
}

std::string FieldPath::child(std::string_view field) const
{
    std::string out = toString();
    append(out, Segment{field, 0, Kind::Field});
    return out;
}

}  // namespace gs::model
