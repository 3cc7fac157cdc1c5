// DocumentEdits: copy and paste of objects, as YAML (what other tools put on the clipboard too).
#include <QClipboard>
#include <QGuiApplication>

#include "document.h"
#include "object_edits.h"
#include "topology.h"
#include "undo_commands.h"
#include "yaml/yaml_writer.h"

namespace gs::gui {

namespace {
constexpr double kPasteCascade = 24;  // each further pasted object this far right and down
}

QString DocumentEdits::objectYaml(const QString& id) const
{
    const model::Object* o = document_.objectOf(id);
    return o ? QString::fromStdString(yaml::writeYaml(o->doc)) : QString();
}

QStringList DocumentEdits::pasteYaml(const QString& text, qreal x, qreal y)
{
    const model::Topology pasted = model::loadTopology(std::vector<model::Source>{{"clipboard", text.toStdString()}});
    QStringList ids;
    std::vector<yaml::Node> docs;
    model::ObjectSet taken = document_.topology().objects;  // names in use, pasted ones included
    for (const model::Object& o : pasted.objects.objects()) {
        if (o.id.name.empty() || !document_.roleEdits(o.id.kind))
            continue;
        yaml::Node doc = o.doc;
        model::ObjectId id = o.id;
        if (taken.find(id)) {
            id.name = freshName(taken, o.id.kind, o.id.ns, o.id.name);  // "web" → "web-1"
            gs::gui::setField(doc, "metadata.name", id.name, "text");
        }
        model::Object placeholder;
        placeholder.id = id;
        taken.add(std::move(placeholder));
        const std::string node = nodeId(id.kind, id.ns, id.name);
        const auto [left, top] = GraphScene::cornerForHeaderAt(x, y);
        const double cascade = kPasteCascade * double(ids.size());
        document_.placeNew(node, std::pair{left + cascade, top + cascade});
        docs.push_back(std::move(doc));
        ids.append(QString::fromStdString(node));
    }
    if (ids.isEmpty()) {
        document_.reportError(tr("Nothing to paste: the clipboard holds no object this view may create"));
        return ids;
    }
    document_.commit(document_.textsAppending(docs), tr("Paste %n object(s)", nullptr, int(ids.size())));
    document_.selection()->setCurrent(ids.front());
    return ids;
}

bool DocumentEdits::copy(const QString& id)
{
    const QString text = objectYaml(id);
    auto* app = qobject_cast<QGuiApplication*>(QCoreApplication::instance());
    if (text.isEmpty() || !app)
        return false;
    QGuiApplication::clipboard()->setText(text);
    document_.setMessage(tr("Copied %1").arg(id));
    return true;
}

QStringList DocumentEdits::paste(qreal x, qreal y)
{
    auto* app = qobject_cast<QGuiApplication*>(QCoreApplication::instance());
    return app ? pasteYaml(QGuiApplication::clipboard()->text(), x, y) : QStringList();
}

}  // namespace gs::gui
