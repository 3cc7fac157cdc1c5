#pragma once
// A field path as Kubernetes prints it: `spec.rules[0].matches[1].path.value`, map keys that are
// not identifiers in brackets (`metadata.labels[app.kubernetes.io/name]`).
//
// Segments refer to keys owned by the tree being walked; a FieldPath must not outlive it.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace gs::model {

class FieldPath {
public:
    void pushField(std::string_view name) { segments_.push_back({name, 0, Kind::Field}); }
    void pushKey(std::string_view key) { segments_.push_back({key, 0, Kind::Key}); }
    void pushIndex(std::size_t index) { segments_.push_back({{}, index, Kind::Index}); }
    void pop() { segments_.pop_back(); }
    std::size_t depth() const { return segments_.size(); }

    std::string toString() const;
    // This path with one more field (or key) appended, as a string.
    std::string child(std::string_view field) const;

private:
    enum class Kind { Field, Key, Index };
    struct Segment {
        std::string_view name;
        std::size_t index;
        Kind kind;
    };
    static void append(std::string& out, const Segment& s);
    std::vector<Segment> segments_;
};

// Pushes a segment for the lifetime of the scope.
class PathScope {
public:
    PathScope(FieldPath& path, std::string_view field) : path_(path) { path_.pushField(field); }
    PathScope(FieldPath& path, std::size_t index) : path_(path) { path_.pushIndex(index); }
    ~PathScope() { path_.pop(); }
    PathScope(const PathScope&) = delete;
    PathScope& operator=(const PathScope&) = delete;

private:
    FieldPath& path_;
};

}  // namespace gs::model
