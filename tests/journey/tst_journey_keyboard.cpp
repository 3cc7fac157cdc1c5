// Journeys with the keyboard, through the real window: the window's shortcuts work after a field
// was touched (Del, Ctrl+Z, Ctrl+S), clicking the canvas takes the focus out of fields, Escape
// leaves a field unchanged, Enter applies the weight popup, Tab moves through the inspector, F1
// shows the shortcuts.
#include <QMimeData>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include "document.h"
#include "journey.h"

using journey::Journey;

namespace {

// The id of what has the keyboard: the focused item's objectName, or its nearest named parent's.
QString focusName(QQuickWindow* window)
{
    for (QQuickItem* i = window->activeFocusItem(); i; i = i->parentItem())
        if (!i->objectName().isEmpty())
            return i->objectName();
    return QString();
}

}  // namespace

class JourneyKeyboard : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

private slots:
    void initTestCase() { gs::gui::setUpEditorApplication(); }
    void init() { QSettings().clear(); }

    // Select a Service, click an inspector field, click another node, press Del: the delete
    // dialog asks, Enter deletes. Ctrl+Z brings it back, after touching a field again.
    void deleteAndUndoAfterTouchingAField()
    {
        Journey j;
        QVERIFY(j.open({}, {1280, 800}));
        QVERIFY(j.click(j.waitItem("node:service/default/app-service")));
        QQuickItem* name = j.waitItem("editor:metadata.name");
        QVERIFY(name);
        QVERIFY(j.click(name));
        QVERIFY(name->hasActiveFocus());
        QVERIFY(j.click(j.item("node:service/default/api-service")));
        QCOMPARE(j.document().selection()->current(), QString("service/default/api-service"));
        QVERIFY2(!j.window()->activeFocusItem() || !j.window()->activeFocusItem()->inherits("QQuickTextInput"),
                 qPrintable("a field kept the keyboard: " + focusName(j.window())));
        QVERIFY(j.key("Delete"));
        QVERIFY2(j.waitItem("deleteDialog"), "Del after touching a field does nothing");
        j.screenshot("keyboard-delete-asks");
        QCOMPARE(j.document().objectCount(), 8);
        QVERIFY(j.key("Return"));
        // Gone from the files; its node stays as the placeholder of the reference left behind.
        QVERIFY(Journey::waitFor([&] { return j.document().objectCount() == 7; }));
        QVERIFY(j.item("node:service/default/api-service")->property("missing").toBool());

        // Touch a field again, click the canvas background, Ctrl+Z.
        QVERIFY(j.click(j.item("node:service/default/app-service")));
        QVERIFY(j.click(j.waitItem("editor:metadata.name")));
        QVERIFY(j.click(j.item("canvasBackground"), QPointF(10, 10)));
        QVERIFY(j.key("ctrl+z"));
        QVERIFY2(Journey::waitFor([&] { return j.document().objectCount() == 8; }), "Ctrl+Z after touching a field does nothing");
    }

    // Typing in a field, then Ctrl+S: the typed value is committed and saved.
    void saveTakesWhatWasTyped()
    {
        const QString file = dir_.filePath("keys.yaml");
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QFile demo(GWS_SOURCE_DIR "/resources/demo/demo.yaml");
            QVERIFY(demo.open(QIODevice::ReadOnly));
            f.write(demo.readAll());
        }
        Journey j;
        QVERIFY(j.open({{file}, {}, false, false}, {1280, 800}));
        QVERIFY(j.click(j.waitItem("node:service/default/app-v2")));
        QQuickItem* port = j.waitItem("editor:spec.ports[0].port");
        QVERIFY(port);
        QVERIFY(j.click(port));
        QVERIFY(j.key("ctrl+a"));
        QVERIFY(j.type("9090"));
        QVERIFY(j.key("ctrl+s"));
        QVERIFY(Journey::waitFor([&] {
            QFile f(file);
            return f.open(QIODevice::ReadOnly) && f.readAll().contains("port: 9090");
        }));
        QVERIFY(!j.document().modified());
    }

    // Escape in a field puts its value back and leaves it; the window's keys work again.
    void escapeLeavesAFieldUnchanged()
    {
        Journey j;
        QVERIFY(j.open({}, {1280, 800}));
        QVERIFY(j.click(j.waitItem("node:service/default/app-v2")));
        QQuickItem* name = j.waitItem("editor:metadata.name");
        QVERIFY(j.click(name));
        QVERIFY(j.key("ctrl+a"));
        QVERIFY(j.type("renamed"));
        QVERIFY(j.key("Escape"));
        QCOMPARE(name->property("text").toString(), QString("app-v2"));
        QVERIFY(!name->hasActiveFocus());
        QVERIFY(!j.document().modified());
        QCOMPARE(j.document().selection()->current(), QString("service/default/app-v2"));  // the field's Escape only
        QVERIFY(j.key("Delete"));
        QVERIFY(j.waitItem("deleteDialog"));
        QVERIFY(j.key("Escape"));
        QVERIFY(Journey::waitFor([&] { return !j.item("deleteDialog"); }));
        QVERIFY(j.item("node:service/default/app-v2"));
    }

    // Enter in the weight popup applies what was typed.
    void enterAppliesTheWeightPopup()
    {
        Journey j;
        QVERIFY(j.open({}, {1280, 800}));
        const QString edge = "httproute/default/traffic-split/rule/0/backend/1";
        QVERIFY(j.click(j.waitItem("weight:" + edge)));
        QQuickItem* spin = j.waitItem("weightSpin");
        QVERIFY2(spin, "the weight popup did not open");
        QVERIFY(j.key("ctrl+a"));
        QVERIFY(j.type("60"));
        QVERIFY(j.key("Return"));
        QVERIFY(Journey::waitFor([&] { return !j.item("weightSpin"); }));
        QVERIFY2(Journey::waitFor([&] { return j.document().yamlText().contains("weight: 60"); }),
                 "Enter closed the popup and dropped the typed weight");
    }

    // Enter takes the default choice of a dialog: the open choice adds the files.
    void enterChoosesInDialogs()
    {
        const QString file = dir_.filePath("extra.yaml");
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("apiVersion: v1\nkind: Service\nmetadata:\n  name: extra\n  namespace: default\nspec:\n  ports:\n    - port: "
                    "80\n");
        }
        Journey j;
        QVERIFY(j.open({}, {1280, 800}));
        QVERIFY(j.click(j.waitItem("palette-Service")));  // no longer pristine: opening asks
        QMimeData data;
        data.setUrls({QUrl::fromLocalFile(file)});
        QDragEnterEvent enter(QPoint(300, 300), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(j.window(), &enter);
        QDropEvent drop(QPoint(300, 300), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(j.window(), &drop);
        QVERIFY(j.waitItem("openChoiceDialog"));
        QVERIFY(j.key("Return"));
        QVERIFY2(Journey::waitFor([&] { return j.document().filePaths().size() == 2; }), "Enter did not add the file");
    }

    // Tab moves from one inspector field to the next.
    void tabMovesThroughTheInspector()
    {
        Journey j;
        QVERIFY(j.open({}, {1280, 800}));
        QVERIFY(j.click(j.waitItem("node:gateway/default/demo-gateway")));
        QVERIFY(j.click(j.waitItem("editor:metadata.name")));
        QStringList visited{focusName(j.window())};
        for (int i = 0; i < 3; ++i) {
            QVERIFY(j.key("Tab"));
            visited.append(focusName(j.window()));
        }
        visited.removeDuplicates();
        QVERIFY2(visited.size() == 4, qPrintable(visited.join(" → ")));
        for (const QString& v : visited)
            QVERIFY2(v.startsWith("editor:") || v.startsWith("choice:") || v.startsWith("action:"),
                     qPrintable(visited.join(" → ")));
    }

    // F1 shows the keyboard shortcuts; Escape closes them.
    void f1ShowsTheShortcuts()
    {
        Journey j;
        QVERIFY(j.open({}, {1280, 800}));
        QVERIFY(j.key("F1"));
        QVERIFY2(j.waitItem("shortcutsDialog"), "F1 shows nothing");
        j.screenshot("keyboard-shortcuts");
        QVERIFY(j.key("Escape"));
        QVERIFY(Journey::waitFor([&] { return !j.item("shortcutsDialog"); }));
        // Help → About: the version, the Gateway API version it follows, the licence.
        QVERIFY(j.click(j.item("helpMenuButton")));
        QVERIFY(j.click(j.waitItem("menuAbout")));
        QQuickItem* versions = j.waitItem("aboutVersions");
        QVERIFY(versions);
        QVERIFY2(versions->property("text").toString().contains("v1.6"), qPrintable(versions->property("text").toString()));
        j.screenshot("keyboard-about");
        QVERIFY(j.key("Escape"));
    }
};

QTEST_MAIN(JourneyKeyboard)
#include "tst_journey_keyboard.moc"
