// DocumentFiles: autosave and recovery. Unsaved edits of each file go to "<dir>/.<name>.autosave" every
// autosaveInterval; a save (or the user discarding the edits) removes them. When a file is opened
// and an autosave beside it holds something else, the edits are offered back: the application
// crashed, or was killed, before they were saved.
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>

#include "document.h"
#include "document_files.h"

namespace gs::gui {

QString DocumentFiles::autosavePathFor(const QString& path)
{
    const QFileInfo info(path);
    return info.absolutePath() + QStringLiteral("/.") + info.fileName() + QStringLiteral(".autosave");
}

void DocumentFiles::setAutosaveInterval(int ms)
{
    if (ms == autosave_.interval() || ms <= 0)
        return;
    autosave_.start(ms);
    emit autosaveIntervalChanged();
}

void DocumentFiles::autosaveNow()
{
    if (!d_.modified())
        return;
    for (const SourceFile& file : d_.files_) {
        if (file.path.isEmpty() || !file.modified())
            continue;
        QSaveFile f(autosavePathFor(file.path));
        if (f.open(QIODevice::WriteOnly) && f.write(QByteArray::fromStdString(file.text)) >= 0)
            f.commit();
    }
}

void DocumentFiles::discardAutosave()
{
    for (const SourceFile& f : d_.files_)
        if (!f.path.isEmpty())
            QFile::remove(autosavePathFor(f.path));
}

bool DocumentFiles::recoveryAvailable() const
{
    return std::any_of(d_.files_.begin(), d_.files_.end(), [](const SourceFile& f) { return !f.recovered.isEmpty(); });
}

void DocumentFiles::lookForRecovery()
{
    const bool had = recoveryAvailable();
    QStringList names;
    for (SourceFile& file : d_.files_) {
        file.recovered.clear();
        QFile f(autosavePathFor(file.path));
        if (file.path.isEmpty() || !f.open(QIODevice::ReadOnly))
            continue;
        const QByteArray bytes = f.readAll();
        if (bytes != QByteArray::fromStdString(file.text)) {
            file.recovered = QString::fromUtf8(bytes);
            names.append(file.fileName());
        } else {
            QFile::remove(f.fileName());  // nothing in it that the file does not have
        }
    }
    if (had || !names.isEmpty())
        emit recoveryChanged();
    if (!names.isEmpty())
        d_.setMessage(tr("Unsaved edits of %1 from an earlier session can be restored").arg(names.join(QStringLiteral(", "))));
}

void DocumentFiles::restoreRecovered()
{
    if (!recoveryAvailable())
        return;
    Texts texts = d_.texts();
    for (std::size_t i = 0; i < d_.files_.size(); ++i)
        if (!d_.files_[i].recovered.isEmpty())
            texts[i] = d_.files_[i].recovered.toStdString();
    for (SourceFile& f : d_.files_)
        f.recovered.clear();
    emit recoveryChanged();
    d_.commit(std::move(texts), tr("Restore unsaved edits"));
}

void DocumentFiles::discardRecovered()
{
    if (!recoveryAvailable())
        return;
    for (SourceFile& f : d_.files_)
        f.recovered.clear();
    discardAutosave();
    emit recoveryChanged();
}

}  // namespace gs::gui
