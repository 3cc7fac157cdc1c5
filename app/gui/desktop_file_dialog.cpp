#include "desktop_file_dialog.h"

#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QPalette>

namespace gs::gui {

namespace {

// The dark theme's surfaces (qml/Theme.qml) for Qt's widget dialog.
QPalette darkPalette()
{
    const QColor window("#1b1e23"), panel("#22262c"), panelAlt("#2a2f36"), text("#e6e9ee"), muted("#9aa5b1"), accent("#1e88e5"),
        border("#3a404a");
    QPalette p;
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, panel);
    p.setColor(QPalette::AlternateBase, panelAlt);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, panelAlt);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::ToolTipBase, panelAlt);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, muted);
    p.setColor(QPalette::Highlight, accent);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Light, panelAlt.lighter(130));
    p.setColor(QPalette::Midlight, panelAlt);
    p.setColor(QPalette::Mid, border);
    p.setColor(QPalette::Dark, window.darker(130));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Link, accent.lighter(120));
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, muted);
    return p;
}

// Qt's widget file dialog with an asynchronous "replace?" question: the built-in one runs a nested
// event loop (QMessageBox::exec) inside accept(), which the window's own work (the local
// gateway's polls, autosave) would then run under. No keeps the dialog open to choose another
// name. A desktop's own dialog (a platform theme's, the XDG portal's) asks by itself: it is left
// to do so.
class ReplaceAskingDialog : public QFileDialog {
public:
    void accept() override
    {
        const QString file = selectedFiles().value(0);
        const bool desktops = testAttribute(Qt::WA_DontShowOnScreen);  // Qt shows the native dialog instead
        if (desktops || acceptMode() != AcceptSave || file.isEmpty() || !QFileInfo::exists(file) || QFileInfo(file).isDir() ||
            file == confirmed_) {
            QFileDialog::accept();
            return;
        }
        auto* box = new QMessageBox(QMessageBox::Warning, windowTitle(),
                                    tr("%1 already exists. Do you want to replace it?").arg(QFileInfo(file).fileName()),
                                    QMessageBox::Yes | QMessageBox::No, this);
        box->setObjectName(QStringLiteral("replaceQuestion"));
        box->setInformativeText(tr("It is in %1. Replacing it overwrites what it holds.").arg(QFileInfo(file).absolutePath()));
        box->setDefaultButton(QMessageBox::No);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->setWindowModality(Qt::WindowModal);
        connect(box, &QMessageBox::finished, this, [this, box, file](int) {
            if (box->clickedButton() != box->button(QMessageBox::Yes))
                return;
            confirmed_ = file;
            setOption(QFileDialog::DontConfirmOverwrite, true);  // asked already
            QFileDialog::accept();
        });
        box->open();
    }

private:
    QString confirmed_;
};

}  // namespace

DesktopFileDialog::DesktopFileDialog(QObject* parent) : QObject(parent) { }

DesktopFileDialog::~DesktopFileDialog()
{
    if (dialog_)
        delete dialog_.data();
}

void DesktopFileDialog::configure(QFileDialog& dialog) const
{
    dialog.setObjectName(QStringLiteral("fileDialog"));
    dialog.setWindowTitle(title_);
    const bool save = mode_ == SaveFile;
    dialog.setAcceptMode(save ? QFileDialog::AcceptSave : QFileDialog::AcceptOpen);
    dialog.setFileMode(save ? QFileDialog::AnyFile : QFileDialog::ExistingFiles);
    dialog.setNameFilters(nameFilters_);
    if (!defaultSuffix_.isEmpty())
        dialog.setDefaultSuffix(defaultSuffix_);
    if (!acceptLabel_.isEmpty())
        dialog.setLabelText(QFileDialog::Accept, acceptLabel_);
    const QFileInfo suggested(suggestedPath_.isEmpty() ? QDir::homePath() : suggestedPath_);
    const bool isFolder = suggested.isDir();
    const QString folder = isFolder ? suggested.absoluteFilePath() : suggested.absolutePath();
    dialog.setDirectory(QFileInfo(folder).isDir() ? folder : QDir::homePath());
    if (save && !isFolder)
        dialog.selectFile(suggested.fileName());
    if (dark_)
        dialog.setPalette(darkPalette());
}

void DesktopFileDialog::open()
{
    if (dialog_) {
        dialog_->raise();
        dialog_->activateWindow();
        return;
    }
    if (!qobject_cast<QApplication*>(QCoreApplication::instance())) {
        emit unavailable(tr("File dialogs need the desktop application (QApplication)"));
        return;
    }
    auto* dialog = new ReplaceAskingDialog;
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    configure(*dialog);
    dialog->setWindowModality(Qt::ApplicationModal);
    if (parentWindow_) {
        dialog->winId();  // creates the dialog's window so that it can be told whose it is
        if (QWindow* handle = dialog->windowHandle())
            handle->setTransientParent(parentWindow_);
    }
    connect(dialog, &QFileDialog::finished, this, [this, dialog](int result) {
        QStringList files;
        for (const QString& f : dialog->selectedFiles())
            files.append(QFileInfo(f).absoluteFilePath());
        dialog_.clear();
        emit visibleChanged();
        if (result == QDialog::Accepted && !files.isEmpty())
            emit accepted(files);
        else
            emit rejected();
    });
    dialog_ = dialog;
    dialog->open();
    emit visibleChanged();
}

void DesktopFileDialog::close()
{
    if (dialog_)
        dialog_->reject();
}

}  // namespace gs::gui
