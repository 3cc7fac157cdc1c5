// Document: edits per file, and the texts the model loads (and the local gateway serves). Objects
// are loaded from several files into one set; a text edit must land in the file an object came
// from and touch nothing else there, so each edit works on the objects of one file at a time
// (object_edits.h keeps the rest of that file as written).
#include <algorithm>

#include "document.h"
#include "object_edits.h"

namespace gs::gui {

namespace {

// The objects loaded from one file, and where each sits in the whole set.
struct FileObjects {
    model::ObjectSet objects;
    std::map<std::size_t, std::size_t> local;  // index in the whole set → index in `objects`
};

FileObjects objectsIn(const model::ObjectSet& all, const std::string& file)
{
    FileObjects out;
    for (std::size_t i = 0; i < all.size(); ++i)
        if (all.objects()[i].file == file) {
            out.local[i] = out.objects.size();
            out.objects.add(all.objects()[i]);
        }
    return out;
}

}  // namespace

std::size_t Document::fileOf(const model::Object& o) const
{
    for (std::size_t i = 0; i < files_.size(); ++i)
        if (files_[i].name.toStdString() == o.file)
            return i;
    return 0;
}

Texts Document::textsReplacing(const std::map<std::size_t, yaml::Node>& docs) const
{
    Texts out = texts();
    for (std::size_t f = 0; f < files_.size(); ++f) {
        const FileObjects here = objectsIn(topology_.objects, files_[f].name.toStdString());
        std::map<std::size_t, yaml::Node> local;
        for (const auto& [index, doc] : docs)
            if (auto it = here.local.find(index); it != here.local.end())
                local.emplace(it->second, doc);
        if (!local.empty())
            out[f] = replaceObjectsText(out[f], here.objects, local);
    }
    return out;
}

Texts Document::textsRemoving(const std::vector<std::size_t>& indexes) const
{
    Texts out = texts();
    for (std::size_t f = 0; f < files_.size(); ++f) {
        const FileObjects here = objectsIn(topology_.objects, files_[f].name.toStdString());
        std::vector<std::size_t> local;
        for (std::size_t index : indexes)
            if (auto it = here.local.find(index); it != here.local.end())
                local.push_back(it->second);
        if (!local.empty())
            out[f] = removeObjectsText(out[f], here.objects, std::move(local));
    }
    return out;
}

// New objects go to the current file: the selected object's, the first file at the start.
Texts Document::textsAppending(const std::vector<yaml::Node>& docs, std::size_t file) const
{
    Texts out = texts();
    const std::size_t target = file < files_.size() ? file : current_;
    for (const yaml::Node& doc : docs)
        out[target] = appendObjectText(out[target], doc);
    return out;
}

std::vector<model::Source> Document::sources() const
{
    std::vector<model::Source> out;
    for (const SourceFile& f : files_)
        if (!f.path.isEmpty() || !f.text.empty() || cluster_.name.isEmpty())
            out.push_back({f.name.toStdString(), f.text});  // beside the cluster, an empty untitled buffer is no file yet
    if (!cluster_.name.isEmpty())
        out.push_back({cluster_.name.toStdString(), cluster_.text});
    return out;
}

}  // namespace gs::gui
