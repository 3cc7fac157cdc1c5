#include "editor_window.h"

#include <QApplication>
#include <QIcon>
#include <QQmlApplicationEngine>
#include <QQmlExtensionPlugin>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QStyleFactory>

#include "cli/dev_certificates.h"
#include "document.h"
#include "live_gateway.h"
#include "notices.h"
#include "traffic_generator.h"

Q_IMPORT_QML_PLUGIN(GatewayStudio_EditorPlugin)
Q_IMPORT_QML_PLUGIN(GatewayStudio_UiPlugin)

namespace gs::gui {

void setUpEditorApplication()
{
    QCoreApplication::setApplicationName("Gateway Studio");
    QCoreApplication::setOrganizationName("gateway-studio.dev");
    QCoreApplication::setApplicationVersion(GWS_VERSION);
    // The desktop entry's id (resources/desktop/): Wayland compositors match the window to the
    // launcher entry and its icon by it. The icon is also set for X11 window managers.
    QGuiApplication::setDesktopFileName("io.gatewaystudio.GatewayStudio");
    QIcon icon;
    for (int size : {16, 32, 48, 256})
        icon.addFile(QString(":/gatewaystudio/desktop/icons/hicolor/%1x%1/apps/io.gatewaystudio.GatewayStudio.png").arg(size));
    QGuiApplication::setWindowIcon(icon);
    QQuickStyle::setStyle("Fusion");
    // Qt's own file dialog (where the desktop offers none) in the same style as the window.
    QApplication::setStyle(QStyleFactory::create("Fusion"));
    Notices::install();  // errors of the window's own scripts reach its banner too
}

EditorWindow::EditorWindow() = default;

EditorWindow::~EditorWindow()
{
    // The window's views bind to the document: they go first.
    engine_.reset();
}

std::unique_ptr<EditorWindow> EditorWindow::open(const EditorOptions& options, QString& error)
{
    std::unique_ptr<EditorWindow> editor(new EditorWindow);
    editor->document_ = std::make_unique<Document>();
    Document& document = *editor->document_;
    // The status the CLI and the gateway see; a Secret pulled from a cluster without its key is
    // judged by its certificate, as the cluster (whose status is predicted) has the key.
    document.setCertificateCheck(app::checkCertificateOrPulled, app::checkCaCertificateWithOpenSsl);
    if (options.files.isEmpty() || options.demo)
        document.fileOps()->newFromTemplate("demo");
    else if (!document.fileOps()->openFiles(options.files)) {
        error = document.message();
        return nullptr;
    }
    document.selection()->setCurrent(options.select);

    editor->engine_ = std::make_unique<QQmlApplicationEngine>();
    QQmlApplicationEngine& engine = *editor->engine_;
    engine.addImportPath("qrc:/qt/qml");
    engine.setInitialProperties({{"document", QVariant::fromValue(&document)}, {"darkTheme", options.dark}});
    engine.load(QUrl("qrc:/qt/qml/GatewayStudio/Ui/Main.qml"));
    if (engine.rootObjects().isEmpty()) {
        error = QObject::tr("the main window did not load (see the QML errors above)");
        return nullptr;
    }
    editor->window_ = qobject_cast<QQuickWindow*>(engine.rootObjects().front());
    if (!editor->window_) {
        error = QObject::tr("the main window is not a window");
        return nullptr;
    }
    return editor;
}

LiveGateway* EditorWindow::live() const { return window_->property("live").value<LiveGateway*>(); }

TrafficGenerator* EditorWindow::generator() const { return window_->property("generator").value<TrafficGenerator*>(); }

}  // namespace gs::gui
