// DocumentEdits: the edits on objects. Each computes a new text with object_edits.h and pushes it as one undo step.
#include <QScopedValueRollback>
#include <QVariantMap>

#include "connection_rules.h"
#include "controller/gateway_api.h"
#include "document.h"
#include "inspector_form.h"
#include "object_edits.h"
#include "undo_commands.h"

namespace gs::gui {

DocumentEdits::DocumentEdits(Document& document) : QObject(&document), document_(document) { }

namespace {

// Who holds the reference an edge draws: the object whose YAML changes when the edge goes.
const std::string& holderOf(const GraphEdge& e)
{
    switch (e.kind) {
    case EdgeKind::BackendRef:
    case EdgeKind::Mirror:
    case EdgeKind::ReferenceGrant:
    case EdgeKind::PolicyTarget: return e.from;
    default: return e.to;
    }
}

std::string displayOf(const GraphNode& n) { return n.kind + " " + (n.ns.empty() ? n.name : n.ns + "/" + n.name); }

// Which field of `holder` the reference is, as kubectl names fields: "rules[1].backendRefs[0]".
std::string fieldOf(const GraphEdge& e)
{
    const std::string index = "[" + std::to_string(std::max(0, e.refIndex)) + "]";
    switch (e.kind) {
    case EdgeKind::BackendRef: return "rules[" + std::to_string(std::max(0, e.ruleIndex)) + "].backendRefs" + index;
    case EdgeKind::ParentRef: return "parentRefs" + index + (e.fromPort.empty() ? "" : " (listener " + e.fromPort + ")");
    case EdgeKind::CertificateRef: return "listener " + e.toPort + ", certificateRefs" + index;
    case EdgeKind::GatewayClass: return "gatewayClassName";
    case EdgeKind::ListenerSetParent: return "parentRef";
    case EdgeKind::PolicyTarget: return "targetRefs" + index;
    case EdgeKind::ReferenceGrant: return "to";
    case EdgeKind::Mirror:
        return "rules[" + std::to_string(std::max(0, e.ruleIndex)) + "]." +
            (e.refIndex >= 0 ? "backendRefs[" + std::to_string(e.refIndex) + "]." : std::string()) + "filters[" +
            std::to_string(std::max(0, e.filterIndex)) + "].requestMirror.backendRef";
    }
    return toString(e.kind);
}

// "HTTPRoute default/app-route: rules[1].backendRefs[0] → Service default/api-service": each
// reference named by its holder and field, so two references to one object read apart.
QString describeReference(const GraphScene& scene, const GraphEdge& e, const std::string& holder)
{
    const std::string& other = holder == e.from ? e.to : e.from;
    const GraphNode& h = scene.nodes()[std::size_t(scene.indexOf(holder))];
    const int target = scene.indexOf(other);
    const std::string to = target >= 0 ? displayOf(scene.nodes()[std::size_t(target)]) : other;
    return QString::fromStdString(displayOf(h) + ": " + fieldOf(e) + " → " + to);
}

}  // namespace

void DocumentEdits::editYaml(const QString& text, int file)
{
    const auto& files = document_.files();
    const std::size_t index =
        file >= 0 && std::size_t(file) < files.size() ? std::size_t(file) : std::size_t(document_.currentFile());
    Texts next = document_.texts();
    next[index] = text.toStdString();
    if (next[index] == files[index].text)
        return;
    document_.undoStack().push(new TextCommand(&document_, document_.texts(), std::move(next), tr("Edit YAML"), true));
}

QString DocumentEdits::createObject(const QString& kind, qreal x, qreal y)
{
    const std::string k = kind.toStdString();
    if (!document_.roleEdits(k)) {
        document_.reportError(
            tr("The %1 view does not create a %2; switch to All or the other role").arg(document_.role(), kind));
        return {};
    }
    const auto* info = model::findKnownKind(k == "Service" || k == "Secret" ? "" : model::kGatewayGroup, k);
    const std::string ns = info && !info->namespaced() ? "" : "default";
    const std::string name = freshName(document_.topology().objects, k, ns);
    const std::optional<yaml::Node> doc = newObject(k, ns, name, &document_.topology().objects);
    if (!doc) {
        document_.reportError(tr("%1 cannot be created from the palette").arg(kind));
        return {};
    }
    const std::string id = nodeId(k, ns, name);
    document_.placeNew(id, GraphScene::cornerForHeaderAt(x, y));
    document_.commit(document_.textsAppending({*doc}), tr("Create %1 %2").arg(kind, QString::fromStdString(name)));
    document_.selection()->setCurrent(QString::fromStdString(id));
    return QString::fromStdString(id);
}

QString DocumentEdits::whyNotConnect(const QString& fromId, const QString& toId, const QString& toPort) const
{
    const model::Object* from = document_.objectOf(fromId);
    const model::Object* to = document_.objectOf(toId);
    if (!from || !to)
        return tr("Both ends must be objects in the files");
    if (!document_.editable(*from))
        return document_.readOnlyReason(*from);
    std::optional<std::string> why = to->id.kind == "Service"
        ? whyNotBackend(document_.topology().objects, *from, *to)
        : whyNotAttach(document_.topology().objects, *from, *to, toPort.toStdString());
    return why ? QString::fromStdString(*why) : QString();
}

bool DocumentEdits::connectNodes(const QString& fromId, const QString& toId, const QString& toPort)
{
    const QString why = whyNotConnect(fromId, toId, toPort);
    if (!why.isEmpty()) {
        document_.reportError(why);
        return false;
    }
    const model::Object& route = *document_.objectOf(fromId);
    const model::Object& to = *document_.objectOf(toId);
    yaml::Node doc = route.doc;
    const std::string ns = to.id.ns == route.id.ns ? "" : to.id.ns;
    QString label;
    if (to.id.kind == "Service") {
        addBackendRef(doc, ns, to.id.name, model::api::decodeService(to).ports.front().port);
        label = tr("Send %1 to %2");
    } else {
        addParentRef(doc, to.id.kind, ns, to.id.name, toPort.toStdString());
        label = tr("Attach %1 to %2");
    }
    const QString target = QString::fromStdString(to.displayName()) + (toPort.isEmpty() ? "" : "/" + toPort);
    label = label.arg(QString::fromStdString(route.displayName()), target);
    document_.commit(document_.textsReplacing({{document_.indexOfObject(route), doc}}), label);  // `route` is gone now
    document_.setMessage(label);
    return true;
}

QStringList DocumentEdits::brokenReferences(const QString& id) const
{
    QStringList out;
    const std::string node = id.toStdString();
    for (const GraphEdge& e : document_.scene().edges()) {
        if (e.from != node && e.to != node)
            continue;
        const std::string& holder = holderOf(e);
        if (holder == node)
            continue;  // the deleted object's own references go with it
        out.append(describeReference(document_.scene(), e, holder));
    }
    return out;
}

bool DocumentEdits::deleteObject(const QString& id)
{
    const model::Object* o = document_.objectOf(id);
    if (!o) {
        document_.reportError(tr("%1 is not defined in the files").arg(id));
        return false;
    }
    if (!document_.editable(*o)) {
        document_.reportError(document_.readOnlyReason(*o));
        return false;
    }
    const QString label = tr("Delete %1 %2").arg(QString::fromStdString(o->id.kind), QString::fromStdString(o->displayName()));
    document_.commit(document_.textsRemoving({document_.indexOfObject(*o)}), label);
    if (document_.selection()->current() == id)
        document_.selection()->setCurrent({});
    return true;
}

QStringList DocumentEdits::brokenReferencesOfSelection() const
{
    // The references held by objects that stay, to objects that go.
    QStringList out;
    for (const GraphEdge& e : document_.scene().edges()) {
        const std::string& holder = holderOf(e);
        const std::string& other = holder == e.from ? e.to : e.from;
        if (document_.selection()->contains(QString::fromStdString(holder)) ||
            !document_.selection()->contains(QString::fromStdString(other)))
            continue;
        out.append(describeReference(document_.scene(), e, holder));
    }
    return out;
}

bool DocumentEdits::deleteSelection()
{
    std::vector<std::size_t> doomed;
    for (const QString& id : document_.selection()->ids())
        if (const model::Object* o = document_.objectOf(id); o && document_.editable(*o))
            doomed.push_back(document_.indexOfObject(*o));
    if (doomed.empty()) {
        document_.reportError(tr("Nothing selected that this view may delete"));
        return false;
    }
    if (doomed.size() == 1)
        return deleteObject(QString::fromStdString(nodeIdOf(document_.topology().objects.objects()[doomed.front()])));
    const int count = int(doomed.size());
    document_.commit(document_.textsRemoving(doomed), tr("Delete %n object(s)", nullptr, count));
    document_.selection()->setCurrent({});
    return true;
}

bool DocumentEdits::renameObject(const QString& id, const QString& newName)
{
    if (document_.applying())
        return false;  // a field's echo while this very edit is applied (document.h)
    const model::Object* o = document_.objectOf(id);
    const std::string name = newName.trimmed().toStdString();
    if (!o || !document_.editable(*o) || name.empty()) {
        document_.reportError(o && !document_.editable(*o) ? document_.readOnlyReason(*o)
                                  : o                      ? tr("%1 cannot be renamed here").arg(id)
                                                           : tr("Nothing to rename"));
        return false;
    }
    if (name == o->id.name)
        return true;
    model::ObjectId renamed = o->id;
    renamed.name = name;
    if (document_.topology().objects.find(renamed)) {
        document_.reportError(tr("A %1 named %2 exists already").arg(QString::fromStdString(o->id.kind), newName));
        return false;
    }
    std::map<std::size_t, yaml::Node> docs;
    const auto& all = document_.topology().objects.objects();
    for (std::size_t i = 0; i < all.size(); ++i) {
        yaml::Node doc = all[i].doc;
        if (&all[i] == o)
            gs::gui::setField(doc, "metadata.name", name, "text");
        else if (!retarget(doc, all[i], o->id, name))
            continue;
        docs.emplace(i, std::move(doc));
    }
    const std::string oldNode = id.toStdString();
    const std::string newNode = nodeId(o->id.kind, o->id.ns, name);
    auto& positions = document_.workspaceForEdit().positions;
    if (auto it = positions.find(oldNode); it != positions.end())
        positions[newNode] = it->second;
    const QString label = tr("Rename %1 to %2 (%n reference(s) updated)", nullptr, int(docs.size()) - 1).arg(id, newName);
    {
        const auto applying = document_.markApplying();  // the selection moves too
        document_.commit(document_.textsReplacing(docs), label);
        document_.selection()->setCurrent(QString::fromStdString(newNode));
    }
    document_.setMessage(label);
    return true;
}

bool DocumentEdits::setField(const QString& id, const QString& path, const QString& value, const QString& type)
{
    if (document_.applying())
        return false;  // a field's echo while an edit is applied (document.h)
    if (path == QLatin1String("metadata.name"))
        return renameObject(id, value);
    const model::Object* o = document_.objectOf(id);
    if (!o || !document_.editable(*o)) {
        document_.reportError(o ? document_.readOnlyReason(*o) : tr("Nothing to edit"));
        return false;
    }
    yaml::Node doc = o->doc;
    if (!gs::gui::setField(doc, path.toStdString(), value.trimmed().toStdString(), type.toStdString())) {
        document_.reportError(tr("%1 has no field %2").arg(id, path));
        return false;
    }
    if (doc.sameContent(o->doc))
        return true;
    document_.commit(document_.textsReplacing({{document_.indexOfObject(*o), doc}}),
                     tr("Set %1 of %2").arg(path, QString::fromStdString(o->displayName())));
    return true;
}

bool DocumentEdits::addItem(const QString& id, const QString& listPath, const QString& what)
{
    const model::Object* o = document_.objectOf(id);
    if (!o || !document_.editable(*o)) {
        document_.reportError(o ? document_.readOnlyReason(*o) : tr("Nothing to edit"));
        return false;
    }
    yaml::Node doc = o->doc;
    const std::string list = listPath.toStdString();
    const std::optional<yaml::Node> item =
        newListItem(what.toStdString(), document_.topology().objects, form::countAt(doc, list));
    if (!item || !addListItem(doc, list, *item)) {
        document_.reportError(tr("Cannot add %1 to %2").arg(what, listPath));
        return false;
    }
    document_.commit(document_.textsReplacing({{document_.indexOfObject(*o), doc}}),
                     tr("Add %1 to %2 of %3").arg(what, listPath, QString::fromStdString(o->displayName())));
    return true;
}

bool DocumentEdits::removeItem(const QString& id, const QString& itemPath)
{
    const model::Object* o = document_.objectOf(id);
    if (!o || !document_.editable(*o)) {
        document_.reportError(o ? document_.readOnlyReason(*o) : tr("Nothing to edit"));
        return false;
    }
    yaml::Node doc = o->doc;
    if (!removeListItem(doc, itemPath.toStdString())) {
        document_.reportError(tr("%1 has no %2").arg(id, itemPath));
        return false;
    }
    document_.commit(document_.textsReplacing({{document_.indexOfObject(*o), doc}}),
                     tr("Remove %1 of %2").arg(itemPath, QString::fromStdString(o->displayName())));
    return true;
}

bool DocumentEdits::setBackendWeight(const QString& edgeId, int weight)
{
    for (const GraphEdge& e : document_.scene().edges()) {
        if (e.id != edgeId.toStdString() || e.kind != EdgeKind::BackendRef)
            continue;
        const QString path = QStringLiteral("spec.rules[%1].backendRefs[%2].weight").arg(e.ruleIndex).arg(e.refIndex);
        return setField(QString::fromStdString(e.from), path, QString::number(weight), QStringLiteral("int"));
    }
    document_.reportError(tr("%1 is not a backendRef").arg(edgeId));
    return false;
}

bool DocumentEdits::setRuleWeights(const QString& routeId, int ruleIndex, const std::vector<std::int64_t>& weights, int percent,
                                   const QString& series)
{
    const model::Object* o = document_.objectOf(routeId);
    if (!o || !document_.editable(*o)) {
        document_.reportError(o ? document_.readOnlyReason(*o) : tr("Nothing to edit"));
        return false;
    }
    yaml::Node doc = o->doc;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        const std::string path = "spec.rules[" + std::to_string(ruleIndex) + "].backendRefs[" + std::to_string(i) + "].weight";
        if (!gs::gui::setField(doc, path, std::to_string(weights[i]), "int")) {
            document_.reportError(tr("%1 has no field %2").arg(routeId, QString::fromStdString(path)));
            return false;
        }
    }
    if (doc.sameContent(o->doc))
        return true;
    document_.commit(
        document_.textsReplacing({{document_.indexOfObject(*o), doc}}),
        series.isEmpty() ? tr("Canary %1% on %2").arg(percent).arg(QString::fromStdString(o->displayName())) : series, series);
    return true;
}

}  // namespace gs::gui
