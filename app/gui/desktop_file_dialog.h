#pragma once
// The platform's own file dialog, for QML: Qt Widgets' QFileDialog, which is the desktop's dialog
// where the platform theme offers one (GTK or the XDG portal on Linux, the native dialogs on macOS
// and Windows) and Qt's widget dialog elsewhere. Qt Quick Dialogs 6.4 would always use its own QML
// dialog, which cannot take a typed name with its accept button and never asks before replacing.
//
// Open mode picks one or several existing files; Save mode says "Save" (or `acceptLabel`), takes a
// typed name, adds `defaultSuffix` when the name has none, and asks before replacing a file. The
// dialog is application-modal and asynchronous: open() returns at once, accepted() or rejected()
// follows. Needs a QApplication; without one, open() emits unavailable() and nothing else.
//
// Lives on the GUI thread.

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QWindow>
#include <QtQml/qqmlregistration.h>

#include <QFileDialog>

namespace gs::gui {

class DesktopFileDialog : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString title MEMBER title_ NOTIFY settingsChanged)
    Q_PROPERTY(Mode mode MEMBER mode_ NOTIFY settingsChanged)
    Q_PROPERTY(QStringList nameFilters MEMBER nameFilters_ NOTIFY settingsChanged)
    Q_PROPERTY(QString defaultSuffix MEMBER defaultSuffix_ NOTIFY settingsChanged)
    Q_PROPERTY(QString acceptLabel MEMBER acceptLabel_ NOTIFY settingsChanged)
    // Save mode: the suggested file (its folder is where the dialog opens). Open mode: the folder
    // to start in (a file's path starts in its folder).
    Q_PROPERTY(QString suggestedPath MEMBER suggestedPath_ NOTIFY settingsChanged)
    // The dark theme's colours for Qt's own dialog (a desktop dialog follows the desktop).
    Q_PROPERTY(bool dark MEMBER dark_ NOTIFY settingsChanged)
    // The window the dialog belongs to (it stays above it).
    Q_PROPERTY(QWindow* parentWindow MEMBER parentWindow_ NOTIFY settingsChanged)
    Q_PROPERTY(bool visible READ visible NOTIFY visibleChanged)

public:
    enum Mode { OpenFiles, SaveFile };
    Q_ENUM(Mode)

    explicit DesktopFileDialog(QObject* parent = nullptr);
    ~DesktopFileDialog() override;

    bool visible() const { return !dialog_.isNull(); }
    // The dialog while it is open (tests drive it), else null.
    QFileDialog* dialog() const { return dialog_; }

    Q_INVOKABLE void open();
    // Closes the dialog as if cancelled.
    Q_INVOKABLE void close();

signals:
    void settingsChanged();
    void visibleChanged();
    // The chosen files (absolute local paths): one or more in Open mode, one in Save mode.
    void accepted(const QStringList& files);
    void rejected();
    void unavailable(const QString& why);

private:
    void configure(QFileDialog& dialog) const;

    QString title_;
    Mode mode_ = OpenFiles;
    QStringList nameFilters_;
    QString defaultSuffix_;
    QString acceptLabel_;
    QString suggestedPath_;
    bool dark_ = false;
    QPointer<QWindow> parentWindow_;
    QPointer<QFileDialog> dialog_;
};

}  // namespace gs::gui
