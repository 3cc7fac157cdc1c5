// Document: files. Saves are atomic (QSaveFile: a temporary file, fsync, rename), and the workspace
// (node positions) goes beside the YAML in <name>.gwstudio.json, never into it.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSettings>
#include <QUrl>
#include <QVariantMap>

#include "document.h"
#include "export/exporter.h"

namespace gs::gui {

namespace {

QString localPath(const QString& pathOrUrl)
{
    const QUrl url(pathOrUrl);
    return url.isLocalFile() ? url.toLocalFile() : pathOrUrl;
}

bool readText(const QString& path, QString& text, QString& error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        error = QObject::tr("Cannot read %1: %2").arg(path, f.errorString());
        return false;
    }
    text = QString::fromUtf8(f.readAll());
    return true;
}

bool writeAtomically(const QString& path, const QByteArray& bytes, QString& error)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit()) {
        error = QObject::tr("Cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

struct TemplateInfo {
    const char* name;
    const char* title;
    const char* description;
};

constexpr TemplateInfo kTemplates[] = {
    {"plain-http", "Plain HTTP", "One Gateway with an HTTP listener and a route to one Service"},
    {"canary", "Canary 80/20", "A route splitting traffic 80/20 between two versions of a Service"},
    {"tls-terminate", "TLS terminate", "An HTTPS listener terminating TLS with a certificate Secret"},
    {"tls-passthrough", "TLS passthrough", "A TLS listener passing encrypted traffic through to a TLSRoute"},
    {"grpc", "gRPC", "A GRPCRoute matching a service and method"},
    {"cross-namespace", "Cross-namespace", "Infra and app namespaces, with a ReferenceGrant for a backend"},
};

}  // namespace

QVariantList Document::templates() const
{
    QVariantList out;
    for (const TemplateInfo& t : kTemplates)
        out.append(QVariantMap{{"name", t.name}, {"title", tr(t.title)}, {"description", tr(t.description)}});
    return out;
}

void Document::resetTo(const QString& text, const QString& path, const model::Workspace& workspace)
{
    undo_.clear();
    workspace_ = workspace;
    path_ = path;
    sourceName_ = path.isEmpty() ? sourceName_ : path;
    diskBytes_ = text.toUtf8();
    changedOnDisk_ = false;
    watch();
    emit changedOnDiskChanged();
    text_ = text;
    textStd_ = text.toStdString();
    selected_.clear();
    reload();
    undo_.setClean();
    emit filePathChanged();
    emit yamlTextChanged();
    emit selectedIdChanged();
    emit modifiedChanged();
}

// Watches the open file. Saving renames a new file into place, which ends the watch on the old
// one, so the path is watched afresh after every save and every change.
void Document::watch()
{
    if (!watcher_.files().isEmpty())
        watcher_.removePaths(watcher_.files());
    if (!path_.isEmpty())
        watcher_.addPath(path_);
}

void Document::onFileChanged()
{
    QFile f(path_);
    const bool readable = f.open(QIODevice::ReadOnly);
    const QByteArray bytes = readable ? f.readAll() : QByteArray();
    watch();
    const bool changed = !readable || bytes != diskBytes_;
    if (changed == changedOnDisk_)
        return;
    changedOnDisk_ = changed;
    emit changedOnDiskChanged();
    if (changed)
        setMessage(tr("%1 changed on disk").arg(displayName()));
}

void Document::keepMine()
{
    if (!changedOnDisk_)
        return;
    changedOnDisk_ = false;
    undo_.resetClean();   // my version differs from the disk's now: it is unsaved
    emit changedOnDiskChanged();
}

QStringList Document::recentFiles() const
{
    return QSettings().value("recentFiles").toStringList();
}

void Document::remember(const QString& path)
{
    QStringList files = recentFiles();
    files.removeAll(path);
    files.prepend(path);
    while (files.size() > 8)
        files.removeLast();
    QSettings().setValue("recentFiles", files);
    emit recentFilesChanged();
}

void Document::loadText(const QString& text, const QString& name)
{
    if (!recovered_.isEmpty()) {
        recovered_.clear();
        emit recoveryChanged();
    }
    sourceName_ = name;
    resetTo(text, QString(), model::Workspace{});
}

bool Document::openFile(const QString& pathOrUrl)
{
    const QString path = localPath(pathOrUrl);
    QString text, error;
    if (!readText(path, text, error)) {
        setMessage(error);
        return false;
    }
    model::Workspace workspace;
    QString wsText;
    const QString wsPath = QString::fromStdString(model::Workspace::pathFor(path.toStdString()));
    if (QFileInfo::exists(wsPath) && readText(wsPath, wsText, error)) {
        std::string why;
        if (auto parsed = model::Workspace::fromJson(wsText.toStdString(), why))
            workspace = std::move(*parsed);
        else
            setMessage(tr("Ignored %1: %2").arg(wsPath, QString::fromStdString(why)));
    }
    resetTo(text, QFileInfo(path).absoluteFilePath(), workspace);
    remember(path_);
    lookForRecovery();
    return true;
}

bool Document::writeWorkspace(QString& error)
{
    model::Workspace saved = workspace_;
    saved.positions.clear();   // only the nodes that exist: deleted objects leave no trace
    for (const GraphNode& n : scene_.nodes())
        if (auto it = workspace_.positions.find(n.id); it != workspace_.positions.end())
            saved.positions.insert(*it);
    const QString wsPath = QString::fromStdString(model::Workspace::pathFor(path_.toStdString()));
    return writeAtomically(wsPath, QByteArray::fromStdString(saved.toJson()), error);
}

bool Document::save()
{
    if (path_.isEmpty()) {
        setMessage(tr("Choose where to save %1").arg(displayName()));
        return false;
    }
    QString error;
    if (!writeAtomically(path_, text_.toUtf8(), error) || !writeWorkspace(error)) {
        setMessage(error);
        return false;
    }
    undo_.setClean();
    discardAutosave();
    diskBytes_ = text_.toUtf8();
    watch();
    if (changedOnDisk_) {
        changedOnDisk_ = false;
        emit changedOnDiskChanged();
    }
    setMessage(tr("Saved %1").arg(path_));
    return true;
}

bool Document::saveAs(const QString& pathOrUrl)
{
    const QString path = QFileInfo(localPath(pathOrUrl)).absoluteFilePath();
    const QString previous = path_;
    path_ = path;
    if (!save()) {
        path_ = previous;
        return false;
    }
    sourceName_ = path;
    remember(path);
    emit filePathChanged();
    return true;
}

bool Document::exportTo(const QString& pathOrUrl)
{
    if (topology_.diagnostics.hasErrors()) {
        setMessage(tr("Nothing exported: fix the %n error(s) first", nullptr, errorCount()));
        return false;
    }
    const QString path = localPath(pathOrUrl);
    QString error;
    if (!writeAtomically(path, QByteArray::fromStdString(model::exportYaml(topology_.objects)), error)) {
        setMessage(error);
        return false;
    }
    setMessage(tr("Exported %n object(s) to %1", nullptr, objectCount()).arg(path));
    return true;
}

bool Document::newFromTemplate(const QString& name)
{
    QString text, error;
    const QString resource = name == QLatin1String("demo") ? QStringLiteral(":/gatewaystudio/demo/demo.yaml")
                                                           : QStringLiteral(":/gatewaystudio/templates/%1.yaml").arg(name);
    if (!readText(resource, text, error)) {
        setMessage(tr("No template named %1").arg(name));
        return false;
    }
    loadText(text, name + QStringLiteral(".yaml"));
    return true;
}

}  // namespace gs::gui
