// Qt Quick Test runner for the QML tests in this folder (tst_*.qml): the theme, and the editor's
// interactions on the real views with a real Document.
#include <QQmlEngine>
#include <QQmlExtensionPlugin>
#include <QQuickStyle>
#include <QtQuickTest>

Q_IMPORT_QML_PLUGIN(GatewayStudio_UiPlugin)
Q_IMPORT_QML_PLUGIN(GatewayStudio_EditorPlugin)

class Setup : public QObject {
    Q_OBJECT
public slots:
    void applicationAvailable() { QQuickStyle::setStyle("Fusion"); }
    void qmlEngineAvailable(QQmlEngine* engine) { engine->addImportPath("qrc:/qt/qml"); }
};

QUICK_TEST_MAIN_WITH_SETUP(tst_qml, Setup)
#include "tst_qml.moc"
