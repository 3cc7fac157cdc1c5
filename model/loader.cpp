#include "loader.h"

#include <algorithm>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sys/stat.h>

namespace gs::model {

namespace {

std::string describeSize(std::size_t bytes)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f MB", double(bytes) / (1024.0 * 1024.0));
    return buf;
}

ReadStatus tooLarge(const std::string& path, std::size_t size, const LoadOptions& options, Diagnostics& diagnostics)
{
    diagnostics.error(path, {},
                      "the input is " + (size ? describeSize(size) : std::string("larger than the limit")) + "; the limit is " +
                          describeSize(options.maxFileBytes) + " (split the topology into several files)");
    return ReadStatus::Unreadable;
}

ReadStatus readStream(std::istream& in, const std::string& path, Source& out, Diagnostics& diagnostics,
                      const LoadOptions& options)
{
    std::string text;
    char buffer[1 << 16];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        text.append(buffer, std::size_t(in.gcount()));
        if (text.size() > options.maxFileBytes)
            return tooLarge(path, 0, options, diagnostics);
    }
    if (in.bad()) {
        diagnostics.error(path, {}, "cannot read: " + std::string(std::strerror(errno)));
        return ReadStatus::Unreadable;
    }
    out = Source{path, std::move(text)};
    return ReadStatus::Ok;
}

std::string_view typeName(const yaml::Node& n)
{
    switch (n.type()) {
    case yaml::NodeType::Map: return "a mapping";
    case yaml::NodeType::Seq: return "a list";
    case yaml::NodeType::Null: return "nothing";
    case yaml::NodeType::Scalar: return "a scalar value";
    }
    return "a value";
}

class DocumentLoader {
public:
    DocumentLoader(const Source& source, ObjectSet& objects, Diagnostics& diagnostics, const LoadOptions& options)
        : source_(source), objects_(objects), diagnostics_(diagnostics), options_(options)
    {
    }

    void load(yaml::Node root, yaml::Mark start)
    {
        if (!root.isMap()) {
            diagnostics_.error(source_.name, root.mark().known() ? root.mark() : start,
                               "expected a Kubernetes object (a mapping with apiVersion, kind and metadata), found " +
                                   std::string(typeName(root)));
            return;
        }
        if (isList(root)) {
            loadList(std::move(root));
            return;
        }
        loadObject(std::move(root));
    }

private:
    static bool isList(const yaml::Node& root)
    {
        const yaml::Node* kind = root.find("kind");
        return kind && kind->isScalar() && kind->text() == "List" && root.find("items");
    }

    void loadList(yaml::Node root)
    {
        yaml::Node* items = root.find("items");
        if (!items->isSeq()) {
            if (!items->isNull())
                diagnostics_.error(source_.name, items->mark(), "items: a List's items must be a list of objects");
            return;
        }
        for (yaml::Node& item : items->items()) {
            const yaml::Mark mark = item.mark();
            load(std::move(item), mark);
        }
    }

    bool requireScalar(const yaml::Node& root, std::string_view field, std::string& out)
    {
        const yaml::MapEntry* e = root.findEntry(field);
        if (!e || e->value.isNull()) {
            diagnostics_.error(source_.name, e ? e->keyMark : root.mark(),
                               std::string(field) +
                                   ": required field is missing (every Kubernetes object has "
                                   "apiVersion and kind)");
            return false;
        }
        if (!e->value.isString() || e->value.text().empty()) {
            diagnostics_.error(source_.name, e->value.mark(), std::string(field) + ": must be a non-empty string");
            return false;
        }
        out = e->value.text();
        return true;
    }

    void loadObject(yaml::Node root)
    {
        Object object;
        object.file = source_.name;
        object.mark = root.mark();
        const bool hasKind = requireScalar(root, "kind", object.id.kind);
        const bool hasVersion = requireScalar(root, "apiVersion", object.writtenApiVersion);
        if (!hasKind || !hasVersion)
            return;
        const GroupVersion gv = splitApiVersion(object.writtenApiVersion);
        object.id.group = std::string(gv.group);
        if (!identifyKind(root, object, gv))
            return;
        identifyName(root, object);
        if (source_.name != options_.replacingSource &&
            std::find(options_.replaced.begin(), options_.replaced.end(), object.id) != options_.replaced.end())
            return;  // another source stands in for it (LoadOptions::replaced)
        object.doc = std::move(root);
        object.loadOrder = objects_.size();
        objects_.add(std::move(object));
    }

    // Finds the kind in the model's table and upgrades its apiVersion. False when the object
    // claims a Gateway API kind or version that does not exist.
    bool identifyKind(yaml::Node& root, Object& object, GroupVersion gv)
    {
        object.known = findKnownKind(gv.group, object.id.kind);
        const yaml::Node* version = root.find("apiVersion");
        if (!object.known) {
            if (gv.group == kGatewayGroup) {
                diagnostics_.error(source_.name, root.findEntry("kind")->value.mark(),
                                   "kind: " + object.id.kind + " is not a kind of " + std::string(kGatewayGroup) +
                                       " (known: GatewayClass, Gateway, ListenerSet, HTTPRoute, GRPCRoute, TLSRoute, "
                                       "TCPRoute, UDPRoute, ReferenceGrant, BackendTLSPolicy)");
                return false;
            }
            return true;  // kept and written back unchanged
        }
        if (gv.version == object.known->version)
            return true;
        for (std::string_view older : object.known->olderVersions) {
            if (gv.version == older) {
                const std::string upgraded = gv.group.empty() ? std::string(object.known->version)
                                                              : std::string(gv.group) + "/" + std::string(object.known->version);
                root.set("apiVersion", yaml::Node::scalar(upgraded, true, version->mark()));
                return true;
            }
        }
        std::string served = std::string(object.known->version);
        for (std::string_view older : object.known->olderVersions)
            served += ", " + std::string(older);
        diagnostics_.error(source_.name, version->mark(),
                           "apiVersion: " + object.id.kind + " is not served at " + object.writtenApiVersion +
                               " (versions read: " + served + ")");
        return false;
    }

    void identifyName(const yaml::Node& root, Object& object)
    {
        const yaml::Node* metadata = root.find("metadata");
        if (!metadata || !metadata->isMap())
            return;  // reported by validation
        if (const yaml::Node* name = metadata->find("name"); name && name->isScalar())
            object.id.name = name->text();
        const yaml::Node* ns = metadata->find("namespace");
        const bool namespaced = object.known ? object.known->namespaced() : true;
        if (!namespaced)
            return;
        if (ns && ns->isScalar() && !ns->text().empty())
            object.id.ns = ns->text();
        else
            object.id.ns = "default";  // what kubectl uses when neither the file nor -n names one
    }

    const Source& source_;
    ObjectSet& objects_;
    Diagnostics& diagnostics_;
    const LoadOptions& options_;
};

}  // namespace

ReadStatus readSource(const std::string& path, Source& out, Diagnostics& diagnostics, const LoadOptions& options)
{
    if (path == "-")
        return readStream(std::cin, "-", out, diagnostics, options);
    struct stat st { };
    if (::stat(path.c_str(), &st) != 0) {
        diagnostics.error(path, {}, "cannot read: " + std::string(std::strerror(errno)));
        return ReadStatus::Unreadable;
    }
    if (S_ISDIR(st.st_mode)) {
        diagnostics.error(path, {}, "cannot read: is a directory (name the YAML files in it)");
        return ReadStatus::Unreadable;
    }
    if (S_ISREG(st.st_mode) && std::size_t(st.st_size) > options.maxFileBytes)
        return tooLarge(path, std::size_t(st.st_size), options, diagnostics);
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        diagnostics.error(path, {}, "cannot read: " + std::string(std::strerror(errno)));
        return ReadStatus::Unreadable;
    }
    return readStream(in, path, out, diagnostics, options);
}

void loadSource(const Source& source, ObjectSet& objects, Diagnostics& diagnostics, const LoadOptions& options)
{
    yaml::ReadResult result = yaml::readYamlStream(source.text, options.limits);
    for (const yaml::ReadError& e : result.errors)
        diagnostics.error(source.name, e.mark, e.message);
    for (const yaml::ReadError& w : result.warnings)
        diagnostics.warning(source.name, w.mark, w.message);
    DocumentLoader loader(source, objects, diagnostics, options);
    std::size_t nonEmpty = 0;
    for (yaml::Document& doc : result.documents) {
        if (doc.empty)
            continue;
        ++nonEmpty;
        loader.load(std::move(doc.root), doc.start);
    }
    if (nonEmpty == 0 && result.errors.empty())
        diagnostics.error(source.name, {},
                          source.text.empty() ? "the file is empty: no objects to load"
                                              : "the file holds no objects (only comments or empty documents)");
}

}  // namespace gs::model
