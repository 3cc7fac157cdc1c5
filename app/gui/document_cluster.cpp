// Document: the cluster source, objects a cluster holds, loaded beside the files (ClusterSession
// keeps it current from its watches). Read-only: edits are refused (Document::editable), and it is
// never saved, autosaved or part of an undo step; Save cluster objects as... makes it a file.
#include "document.h"

namespace gs::gui {

void Document::setClusterSource(const QString& context, const std::string& text)
{
    const QString name = QStringLiteral("cluster:") + context;
    if (cluster_.name == name && cluster_.text == text)
        return;
    // The cluster replaces an untouched untitled document (the demo), as opened files do. The
    // source is in place before the reload: a reload tells ClusterSession, which calls here again.
    const bool replaceDemo = cluster_.name.isEmpty() && pristine();
    cluster_ = SourceFile{{}, name, text, QByteArray::fromStdString(text), false, {}};
    clusterContext_ = context;
    if (replaceDemo)
        resetTo({SourceFile{{}, QStringLiteral("untitled.yaml"), {}, {}, false, {}}}, model::Workspace{});
    else
        reload();
    emit clusterSourceChanged();
    emit filePathChanged();  // the footer lists the sources
}

void Document::removeClusterSource()
{
    if (cluster_.name.isEmpty())
        return;
    cluster_ = SourceFile{};
    clusterContext_.clear();
    reload();
    emit clusterSourceChanged();
    emit filePathChanged();
}

QString Document::clusterReadOnlyReason(const QString& id) const
{
    const model::Object* o = objectOf(id);
    if (!o || cluster_.name.isEmpty() || o->file != cluster_.name.toStdString())
        return {};
    return readOnlyReason(*o);
}

int Document::clusterObjectCount() const
{
    if (cluster_.name.isEmpty())
        return 0;
    const std::string name = cluster_.name.toStdString();
    return int(std::count_if(topology_.objects.objects().begin(), topology_.objects.objects().end(),
                             [&](const model::Object& o) { return o.file == name; }));
}

}  // namespace gs::gui
