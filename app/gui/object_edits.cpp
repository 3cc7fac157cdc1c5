#include "object_edits.h"

#include <algorithm>
#include <map>
#include <set>

#include "controller/gateway_api.h"
#include "yaml/access.h"
#include "yaml/yaml_reader.h"
#include "yaml/yaml_writer.h"

namespace gs::gui {

namespace {

using yaml::MapEntry;
using yaml::Node;

// ---- tree edits ----

struct Step {
    std::string key;  // a map key, or empty for a list index
    std::size_t index = 0;
};

std::vector<Step> parsePath(const std::string& path)
{
    std::vector<Step> steps;
    std::size_t i = 0;
    while (i < path.size()) {
        if (path[i] == '.') {
            ++i;
        } else if (path[i] == '[') {
            const std::size_t end = path.find(']', i);
            if (end == std::string::npos)
                return {};
            steps.push_back({"", std::size_t(std::stoul(path.substr(i + 1, end - i - 1)))});
            i = end + 1;
        } else {
            const std::size_t end = std::min(path.find_first_of(".[", i), path.size());
            steps.push_back({path.substr(i, end - i), 0});
            i = end;
        }
    }
    return steps;
}

Node valueNode(const std::string& value, const std::string& type)
{
    std::int64_t n = 0;
    if (type == "int" && yaml::parseInteger(value, n))
        return Node::scalar(std::to_string(n), true);
    if (type == "list") {
        Node seq = Node::seq();
        std::size_t start = 0;
        while (start <= value.size()) {
            std::size_t comma = std::min(value.find(',', start), value.size());
            std::string item = value.substr(start, comma - start);
            item.erase(0, item.find_first_not_of(" \t"));
            item.erase(item.find_last_not_of(" \t") + 1);
            if (!item.empty())
                seq.append(Node::string(item));
            start = comma + 1;
        }
        return seq;
    }
    if (type == "map") {  // "k=v, k2=v2"
        Node map = Node::map();
        for (const Node& item : valueNode(value, "list").items()) {
            const std::string& entry = item.text();
            const std::size_t eq = entry.find('=');
            std::string key = entry.substr(0, eq), v = eq == std::string::npos ? "" : entry.substr(eq + 1);
            key.erase(key.find_last_not_of(" \t") + 1);
            v.erase(0, v.find_first_not_of(" \t"));
            map.set(key, Node::string(v));
        }
        return map;
    }
    return Node::string(value);
}

// The keys that come after a key in Gateway API objects as kubectl users and the project's own
// examples write them (the order of the API's Go structs): a new key goes before the first of
// these that is there already, so a route reads parentRefs, hostnames, rules whatever was added
// first. Keys not listed go at the end; an existing key keeps its place.
const std::map<std::string, std::vector<std::string>, std::less<>>& keysAfter()
{
    static const std::map<std::string, std::vector<std::string>, std::less<>> table{
        {"apiVersion", {"kind", "metadata", "spec"}},
        {"kind", {"metadata", "spec", "name", "namespace", "sectionName", "port", "weight"}},
        {"metadata", {"spec"}},
        {"group", {"kind", "name", "namespace", "sectionName", "port", "weight"}},
        {"name",
         {"namespace", "labels", "annotations", "sectionName", "port", "weight", "hostname", "protocol", "matches", "filters",
          "backendRefs", "timeouts"}},
        {"namespace", {"labels", "annotations", "sectionName", "port", "weight"}},
        {"sectionName", {"port"}},
        {"port", {"weight"}},
        {"gatewayClassName", {"listeners", "addresses", "infrastructure"}},
        {"listeners", {"addresses", "infrastructure"}},
        {"parentRefs", {"hostnames", "rules", "useDefaultGateways"}},
        {"hostnames", {"rules", "useDefaultGateways"}},
        {"matches", {"filters", "backendRefs", "timeouts", "retry", "sessionPersistence"}},
        {"filters", {"backendRefs", "timeouts", "retry", "sessionPersistence"}},
        {"backendRefs", {"timeouts", "retry", "sessionPersistence"}},
    };
    return table;
}

// Sets `key` in `map`: in place when it is there, else at its conventional position.
Node& setInOrder(Node& map, const std::string& key, Node value)
{
    if (map.find(key))
        return map.set(key, std::move(value));
    auto& entries = map.entries();
    auto at = entries.end();
    if (const auto after = keysAfter().find(key); after != keysAfter().end())
        at = std::find_if(entries.begin(), entries.end(), [&](const MapEntry& e) {
            return std::find(after->second.begin(), after->second.end(), e.key) != after->second.end();
        });
    return entries.insert(at, MapEntry{key, {}, std::move(value)})->value;
}

Node& ensureSeq(Node& map, const std::string& key)
{
    Node* n = map.find(key);
    if (!n || !n->isSeq())
        n = &setInOrder(map, key, Node::seq());
    return *n;
}

Node& ensureMap(Node& map, const std::string& key)
{
    Node* n = map.find(key);
    if (!n || !n->isMap())
        n = &setInOrder(map, key, Node::map());
    return *n;
}

Node parseOne(const std::string& text)
{
    yaml::ReadResult r = yaml::readYamlStream(text);
    return r.documents.empty() ? Node() : r.documents.front().root;
}

// The first port of the first Service, 80 when there is none.
std::int64_t firstServicePort(const model::ObjectSet* context)
{
    if (context)
        for (const model::Object& o : context->objects())
            if (o.id.kind == "Service" && !o.hasErrors) {
                const auto ports = model::api::decodeService(o).ports;
                return ports.empty() ? 80 : ports.front().port;
            }
    return 80;
}

// ---- text edits ----

std::vector<std::string> splitLines(const std::string& text)
{
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

bool isSeparator(const std::string& line)
{
    return line.compare(0, 3, "---") == 0 && (line.size() == 3 || line[3] == ' ' || line[3] == '\t');
}

// The lines [first, end) of the document holding 0-based line `line`.
std::pair<std::size_t, std::size_t> documentAround(const std::vector<std::string>& lines, std::size_t line)
{
    std::size_t first = line;
    while (first > 0 && !isSeparator(lines[first - 1]))
        --first;
    std::size_t end = line;
    while (end < lines.size() && !isSeparator(lines[end]))
        ++end;
    return {first, end};
}

std::string join(const std::vector<std::string>& lines, std::size_t from, std::size_t to)
{
    std::string out;
    for (std::size_t i = from; i < to && i < lines.size(); ++i)
        out += lines[i] + "\n";
    return out;
}

// Whether the object is alone in its document (not one item of a `kind: List`, say).
bool aloneInDocument(const model::ObjectSet& objects, std::size_t index, const std::vector<std::string>& lines)
{
    const model::Object& o = objects.objects()[index];
    if (!o.mark.known() || std::size_t(o.mark.line) > lines.size())
        return false;
    const auto [first, end] = documentAround(lines, std::size_t(o.mark.line) - 1);
    for (std::size_t i = 0; i < objects.size(); ++i) {
        const model::Object& other = objects.objects()[i];
        if (i != index && other.file == o.file && other.mark.known() && std::size_t(other.mark.line) > first &&
            std::size_t(other.mark.line) <= end)
            return false;
    }
    return true;
}

// Every object written afresh: the fallback when an object shares its document with others.
std::string regenerate(const model::ObjectSet& objects, std::size_t skip, const Node* replacement)
{
    std::string out;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        if (i == skip && !replacement)
            continue;
        if (!out.empty())
            out += "---\n";
        yaml::writeYaml(i == skip ? *replacement : objects.objects()[i].doc, out);
    }
    return out;
}

}  // namespace

bool setField(Node& doc, const std::string& path, const std::string& value, const std::string& type)
{
    const std::vector<Step> steps = parsePath(path);
    if (steps.empty() || steps.back().key.empty() || !doc.isMap())
        return false;
    Node* n = &doc;
    for (std::size_t i = 0; i + 1 < steps.size(); ++i) {
        const Step& s = steps[i];
        if (s.key.empty()) {
            if (!n->isSeq() || s.index >= n->items().size())
                return false;
            n = &n->items()[s.index];
        } else {
            if (!n->isMap())
                return false;
            n = steps[i + 1].key.empty() ? n->find(s.key) : &ensureMap(*n, s.key);
            if (!n)
                return false;
        }
    }
    if (!n->isMap())
        return false;
    if (value.empty())
        n->erase(steps.back().key);
    else
        setInOrder(*n, steps.back().key, valueNode(value, type));
    return true;
}

// The node at `steps` (list items must exist); maps on the way are created when `create`.
Node* walk(Node& doc, const std::vector<Step>& steps, bool create)
{
    Node* n = &doc;
    for (const Step& s : steps) {
        if (s.key.empty()) {
            if (!n->isSeq() || s.index >= n->items().size())
                return nullptr;
            n = &n->items()[s.index];
        } else if (!n->isMap()) {
            return nullptr;
        } else if (Node* child = n->find(s.key)) {
            n = child;
        } else if (create) {
            n = &setInOrder(*n, s.key, Node::null());
        } else {
            return nullptr;
        }
    }
    return n;
}

bool addListItem(Node& doc, const std::string& listPath, Node item)
{
    std::vector<Step> steps = parsePath(listPath);
    if (steps.empty() || steps.back().key.empty())
        return false;
    const std::string key = steps.back().key;
    steps.pop_back();
    Node* parent = walk(doc, steps, true);
    if (!parent || !(parent->isMap() || parent->isNull()))
        return false;
    if (parent->isNull())
        *parent = Node::map();
    ensureSeq(*parent, key).append(std::move(item));
    return true;
}

bool removeListItem(Node& doc, const std::string& itemPath)
{
    std::vector<Step> steps = parsePath(itemPath);
    if (steps.empty() || !steps.back().key.empty())
        return false;
    const std::size_t index = steps.back().index;
    steps.pop_back();
    Node* list = walk(doc, steps, false);
    if (!list || !list->isSeq() || index >= list->items().size())
        return false;
    list->items().erase(list->items().begin() + std::ptrdiff_t(index));
    if (list->items().empty() && steps.size() > 0) {  // an empty list goes with its key
        const std::string key = steps.back().key;
        steps.pop_back();
        if (Node* parent = walk(doc, steps, false); parent && parent->isMap() && !key.empty())
            parent->erase(key);
    }
    return true;
}

void addParentRef(Node& route, const std::string& kind, const std::string& ns, const std::string& name,
                  const std::string& sectionName)
{
    Node ref = Node::map();
    if (!kind.empty() && kind != "Gateway") {
        ref.set("group", Node::string("gateway.networking.k8s.io"));
        ref.set("kind", Node::string(kind));
    }
    ref.set("name", Node::string(name));
    if (!ns.empty())
        ref.set("namespace", Node::string(ns));
    if (!sectionName.empty())
        ref.set("sectionName", Node::string(sectionName));
    ensureSeq(ensureMap(route, "spec"), "parentRefs").append(std::move(ref));
}

void addBackendRef(Node& route, const std::string& ns, const std::string& name, std::int64_t port)
{
    Node& rules = ensureSeq(ensureMap(route, "spec"), "rules");
    if (rules.items().empty() || !rules.items().front().isMap())
        rules.items().insert(rules.items().begin(), Node::map());
    Node ref = Node::map();
    ref.set("name", Node::string(name));
    if (!ns.empty())
        ref.set("namespace", Node::string(ns));
    ref.set("port", Node::scalar(std::to_string(port), true));
    ref.set("weight", Node::scalar("1", true));
    ensureSeq(rules.items().front(), "backendRefs").append(std::move(ref));
}

std::string freshName(const model::ObjectSet& objects, const std::string& kind, const std::string& ns, const std::string& prefix)
{
    std::string base = prefix.empty() ? kind : prefix;
    if (prefix.empty())
        std::transform(base.begin(), base.end(), base.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    std::set<std::string> used;
    for (const model::Object& o : objects.objects())
        if (o.id.kind == kind && o.id.ns == ns)
            used.insert(o.id.name);
    for (int i = 1;; ++i)
        if (!used.count(base + "-" + std::to_string(i)))
            return base + "-" + std::to_string(i);
}

std::optional<Node> newObject(const std::string& kind, const std::string& ns, const std::string& name,
                              const model::ObjectSet* context)
{
    auto first = [&](const char* k, const char* fallback) {
        if (context)
            for (const model::Object& o : context->objects())
                if (o.id.kind == k)
                    return o.id.name;
        return std::string(fallback);
    };
    const std::string gw = "apiVersion: gateway.networking.k8s.io/v1\nkind: " + kind + "\nmetadata:\n  name: " + name +
        (ns.empty() ? "" : "\n  namespace: " + ns) + "\n";
    const std::string core = "apiVersion: v1\nkind: " + kind + "\nmetadata:\n  name: " + name + "\n  namespace: " + ns + "\n";
    std::string text;
    if (kind == "GatewayClass")
        text = gw + "spec:\n  controllerName: gateway-studio.dev/local-controller\n";
    else if (kind == "Gateway")
        text = gw + "spec:\n  gatewayClassName: " + first("GatewayClass", "gateway-studio") +
            "\n  listeners:\n    - name: http\n      protocol: HTTP\n      port: 80\n";
    else if (kind == "HTTPRoute")
        text = gw + "spec:\n  rules:\n    - matches:\n        - path:\n            type: PathPrefix\n            value: /\n";
    else if (kind == "GRPCRoute")
        text = gw + "spec:\n  rules:\n    - {}\n";
    else if (kind == "TLSRoute" || kind == "TCPRoute" || kind == "UDPRoute")
        // These kinds require a backend in every rule: start from the first Service, to be changed.
        text = gw + "spec:\n" + (kind == "TLSRoute" ? "  hostnames:\n    - " + name + ".example.com\n" : "") +
            "  rules:\n    - backendRefs:\n        - name: " + first("Service", "backend") +
            "\n          port: " + std::to_string(firstServicePort(context)) + "\n";
    else if (kind == "Service")
        text = core + "spec:\n  selector:\n    app: " + name + "\n  ports:\n    - port: 8080\n      targetPort: 8080\n";
    else if (kind == "Secret")
        text = core + "type: kubernetes.io/tls\ndata:\n  tls.crt: \"\"\n  tls.key: \"\"\n";
    else if (kind == "ReferenceGrant")
        text = gw +
            "spec:\n  from:\n    - group: gateway.networking.k8s.io\n      kind: HTTPRoute\n      namespace: default\n"
            "  to:\n    - group: \"\"\n      kind: Service\n";
    else
        return std::nullopt;
    return parseOne(text);
}

std::string replaceObjectText(const std::string& text, const model::ObjectSet& objects, std::size_t index, const Node& doc)
{
    const std::vector<std::string> lines = splitLines(text);
    if (!aloneInDocument(objects, index, lines))
        return regenerate(objects, index, &doc);
    const std::size_t start = std::size_t(objects.objects()[index].mark.line) - 1;
    const std::size_t end = documentAround(lines, start).second;
    return join(lines, 0, start) + yaml::writeYaml(doc) + join(lines, end, lines.size());
}

std::string removeObjectText(const std::string& text, const model::ObjectSet& objects, std::size_t index)
{
    const std::vector<std::string> lines = splitLines(text);
    if (!aloneInDocument(objects, index, lines))
        return regenerate(objects, index, nullptr);
    auto [first, end] = documentAround(lines, std::size_t(objects.objects()[index].mark.line) - 1);
    if (first > 0)
        --first;  // the `---` before the document goes with it
    else if (end < lines.size())
        ++end;  // the first document: the `---` after it goes
    return join(lines, 0, first) + join(lines, end, lines.size());
}

std::string removeObjectsText(const std::string& text, const model::ObjectSet& objects, std::vector<std::size_t> indexes)
{
    const std::vector<std::string> lines = splitLines(text);
    const bool alone =
        std::all_of(indexes.begin(), indexes.end(), [&](std::size_t i) { return aloneInDocument(objects, i, lines); });
    if (!alone) {
        model::ObjectSet kept;
        for (std::size_t i = 0; i < objects.size(); ++i)
            if (std::find(indexes.begin(), indexes.end(), i) == indexes.end())
                kept.add(objects.objects()[i]);
        return regenerate(kept, kept.size(), nullptr);
    }
    // From the last object up, so that the positions of those above stay true.
    std::sort(indexes.begin(), indexes.end(),
              [&](std::size_t a, std::size_t b) { return objects.objects()[a].mark.line > objects.objects()[b].mark.line; });
    std::string out = text;
    for (std::size_t index : indexes)
        out = removeObjectText(out, objects, index);
    return out;
}

std::string replaceObjectsText(const std::string& text, const model::ObjectSet& objects, const std::map<std::size_t, Node>& docs)
{
    const std::vector<std::string> lines = splitLines(text);
    for (const auto& [index, doc] : docs)
        if (!aloneInDocument(objects, index, lines)) {
            model::ObjectSet copy = objects;
            for (const auto& [i, d] : docs)
                copy.objects()[i].doc = d;
            return regenerate(copy, copy.size(), nullptr);
        }
    // From the last object up, so that the positions of those above stay true.
    std::vector<std::size_t> order;
    for (const auto& entry : docs)
        order.push_back(entry.first);
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return objects.objects()[a].mark.line > objects.objects()[b].mark.line; });
    std::string out = text;
    for (std::size_t index : order)
        out = replaceObjectText(out, objects, index, docs.at(index));
    return out;
}

std::string appendObjectText(const std::string& text, const Node& doc)
{
    std::string out = text;
    if (!out.empty() && out.back() != '\n')
        out += '\n';
    if (out.find_first_not_of(" \t\r\n") != std::string::npos)
        out += "---\n";
    yaml::writeYaml(doc, out);
    return out;
}

}  // namespace gs::gui
