#pragma once
// One editor window: the Document, the QML engine and the main window over it, as
// `gateway-studio [FILE...]` opens it. runGui() makes one; the journey tests make one in their own
// process to drive it with real input and look at what it shows.
//
// Needs a QApplication (the file dialogs are Qt Widgets' QFileDialog, the platform's own dialog
// where the desktop offers one). Lives on the GUI thread.

#include <QString>
#include <QStringList>

#include <memory>

class QQmlApplicationEngine;
class QQuickWindow;

namespace gs::gui {

class Document;
class LiveGateway;
class TrafficGenerator;

struct EditorOptions {
    QStringList files;  // none: the bundled demo
    QString select;  // the object to select at start
    bool dark = false;
    bool demo = false;  // the canary demo with the gateway running and the generator sending
};

class EditorWindow {
public:
    // Opens the window, or returns null with `error` saying why (a file that cannot be read, a
    // QML error).
    static std::unique_ptr<EditorWindow> open(const EditorOptions& options, QString& error);
    ~EditorWindow();

    Document& document() { return *document_; }
    QQuickWindow* window() const { return window_; }
    LiveGateway* live() const;
    TrafficGenerator* generator() const;

private:
    EditorWindow();

    std::unique_ptr<Document> document_;
    std::unique_ptr<QQmlApplicationEngine> engine_;
    QQuickWindow* window_ = nullptr;
};

// Sets the application up as the editor needs it (names, the Fusion style for Qt Quick and
// widgets alike). Call once, after the QApplication exists.
void setUpEditorApplication();

}  // namespace gs::gui
