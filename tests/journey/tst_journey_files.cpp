// Journeys with files, through the real window and the file dialogs a person sees: Open loads one
// file and several (added to the workspace or opened on their own), Save as proposes the
// document's own name and asks before replacing a file, a typed name is taken by the Save button,
// Export says so and writes, dropped files open, Quit asks about unsaved work.
#include <QAbstractButton>
#include <QApplication>
#include <QFileDialog>
#include <QAbstractItemView>
#include <QLineEdit>
#include <QMimeData>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include "document.h"
#include "journey.h"

using journey::Journey;

namespace {

QString readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

void writeFile(const QString& path, const QString& text)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text.toUtf8());
}

const char* kShop = R"(apiVersion: v1
kind: Service
metadata:
  name: shop
  namespace: default
spec:
  ports:
    - port: 8080
)";

const char* kCart = R"(apiVersion: v1
kind: Service
metadata:
  name: cart
  namespace: default
spec:
  ports:
    - port: 8080
)";

const char* kRoute = R"(apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: store
  namespace: default
spec:
  rules:
    - backendRefs:
        - name: shop
          port: 8080
)";

}  // namespace

class JourneyFiles : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString path(const QString& name) const { return dir_.filePath(name); }

private slots:
    void initTestCase() { gs::gui::setUpEditorApplication(); }

    void init()
    {
        QSettings().clear();  // no recent files or folders from an earlier journey
        writeFile(path("shop.yaml"), kShop);
        writeFile(path("cart.yaml"), kCart);
        writeFile(path("route.yaml"), kRoute);
    }

    // Ctrl+O, a typed path, Open: the file is loaded (the demo it replaces was untouched).
    void openLoadsAFile()
    {
        Journey j;
        QVERIFY(j.open({}, {1280, 800}));
        QVERIFY(j.key("ctrl+o"));
        QFileDialog* dialog = j.fileDialog();
        QVERIFY2(dialog, "Ctrl+O shows no file dialog");
        QCOMPARE(dialog->fileMode(), QFileDialog::ExistingFiles);
        QVERIFY(j.typeFileName(dialog, path("route.yaml")));
        j.screenshot("files-open-dialog");
        QVERIFY(j.click(Journey::button(dialog, "Open")));
        QVERIFY2(Journey::waitFor([&] { return j.document().filePaths() == QStringList{path("route.yaml")}; }),
                 qPrintable(j.document().filePaths().join(", ") + " / " + j.document().message()));
        QCOMPARE(j.document().objectCount(), 1);
        QVERIFY(j.waitItem("node:httproute/default/store"));
        j.screenshot("files-open-loaded");
    }

    // Several files picked with Ctrl+click in the dialog's list; into an open workspace they
    // are added when the user says so, and open on their own when the user says that.
    void openSeveralFilesAddsOrReplaces()
    {
        Journey j;
        QVERIFY(j.open({{path("route.yaml")}, {}, false, false}, {1280, 800}));
        QVERIFY(j.click(j.item("fileMenuButton")));
        QVERIFY(j.click(j.waitItem("menuOpen")));
        QFileDialog* dialog = j.fileDialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->directory().absolutePath(), QFileInfo(path("x")).absolutePath());  // the folder last used
        // The list or the detail view, whichever the dialog shows.
        QAbstractItemView* list = nullptr;
        for (auto* view : dialog->findChildren<QAbstractItemView*>())
            if (view->isVisible() && (view->objectName() == "listView" || view->objectName() == "treeView"))
                list = view;
        QVERIFY(list);
        auto* model = list->model();
        QModelIndex shop, cart;
        QVERIFY(Journey::waitFor([&] {
            const QModelIndex root = list->rootIndex();
            for (int r = 0; r < model->rowCount(root); ++r) {
                const QModelIndex i = model->index(r, 0, root);
                if (i.data().toString() == "shop.yaml")
                    shop = i;
                if (i.data().toString() == "cart.yaml")
                    cart = i;
            }
            return shop.isValid() && cart.isValid();
        }));
        QVERIFY(j.click(list->viewport(), list->visualRect(shop).center()));
        QVERIFY(j.click(list->viewport(), list->visualRect(cart).center(), "ctrl"));
        j.screenshot("files-open-several");
        QCOMPARE(dialog->selectedFiles().size(), 2);
        QVERIFY(j.click(Journey::button(dialog, "Open")));

        // The workspace holds route.yaml: add them or open them alone?
        QQuickItem* add = j.waitItem("openChoiceAdd");
        QVERIFY2(add, "no choice between adding and opening");
        j.screenshot("files-open-choice");
        QVERIFY(j.click(add));
        QVERIFY(Journey::waitFor([&] { return j.document().filePaths().size() == 3; }));
        QCOMPARE(j.document().objectCount(), 3);
        QVERIFY(j.waitItem("node:service/default/cart"));
        QCOMPARE(j.document().errorCount(), 0);

        // The same again, opened on their own: the workspace is the two files.
        QVERIFY(j.key("ctrl+o"));
        dialog = j.fileDialog();
        QVERIFY(dialog);
        QVERIFY(j.typeFileName(dialog, "\"shop.yaml\" \"cart.yaml\""));
        QVERIFY(j.key("Return"));
        QVERIFY(j.click(j.waitItem("openChoiceOpen")));
        QVERIFY(Journey::waitFor([&] { return j.document().filePaths().size() == 2; }));
        QCOMPARE(j.document().filePaths(), (QStringList{path("shop.yaml"), path("cart.yaml")}));
    }

    // Save as proposes the document's own name (the template's), never the file saved last, and
    // asks before replacing a file: No keeps it, Yes replaces it. The button says Save and takes a
    // typed name.
    void saveAsProposesItsOwnNameAndAsksBeforeReplacing()
    {
        Journey j;
        QVERIFY(j.open({}, {1280, 800}));
        // A first save: my-canary.yaml, typed, then the Save button (not Enter).
        QVERIFY(j.key("ctrl+shift+s"));
        QFileDialog* dialog = j.fileDialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->acceptMode(), QFileDialog::AcceptSave);
        QAbstractButton* save = Journey::button(dialog, "Save");
        QVERIFY2(save, "the Save as dialog has no Save button");
        QCOMPARE(dialog->findChild<QLineEdit*>("fileNameEdit")->text(), QString("demo.yaml"));
        QVERIFY(j.typeFileName(dialog, path("my-canary.yaml")));
        QVERIFY(j.click(save));
        QVERIFY(Journey::waitFor([&] { return QFile::exists(path("my-canary.yaml")); }));
        const QString canary = readFile(path("my-canary.yaml"));
        QVERIFY(canary.contains("traffic-split"));

        // New from template → TLS passthrough, through the menu.
        QVERIFY(j.click(j.item("fileMenuButton")));
        QQuickItem* templates = nullptr;
        for (QQuickItem* i : j.items(""))
            if (i->property("text").toString() == "New from template")
                templates = i;
        QVERIFY(j.click(templates));
        QVERIFY(j.click(j.waitItem("template:tls-passthrough")));
        QVERIFY(Journey::waitFor([&] { return j.document().displayName() == "tls-passthrough.yaml"; }));
        QVERIFY(j.click(j.item("canvasBackground")));
        QVERIFY(j.click(j.item("palette-Service")));
        QVERIFY(j.document().modified());

        // Ctrl+S: where to save proposes tls-passthrough.yaml in the folder last used.
        QVERIFY(j.key("ctrl+s"));
        dialog = j.fileDialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->findChild<QLineEdit*>("fileNameEdit")->text(), QString("tls-passthrough.yaml"));
        QCOMPARE(dialog->directory().absolutePath(), QFileInfo(path("x")).absolutePath());
        // Typing the other file's name: the dialog asks before replacing it. No keeps it.
        QVERIFY(j.typeFileName(dialog, "my-canary.yaml"));
        QVERIFY(j.click(Journey::button(dialog, "Save")));
        QWidget* ask = j.messageBox();
        QVERIFY2(ask, "no question before replacing my-canary.yaml");
        j.screenshot("files-replace-question");
        QVERIFY(j.click(Journey::button(ask, "No")));
        QCOMPARE(readFile(path("my-canary.yaml")), canary);
        // Yes replaces it.
        QVERIFY(j.click(Journey::button(dialog, "Save")));
        ask = j.messageBox();
        QVERIFY(ask);
        QVERIFY(j.click(Journey::button(ask, "Yes")));
        QVERIFY(Journey::waitFor([&] { return readFile(path("my-canary.yaml")).contains("kind: TLSRoute"); }));
        QVERIFY(!j.document().modified());
    }

    // Export says Export, proposes <name>-export.yaml and writes what was asked.
    void exportTakesATypedName()
    {
        Journey j;
        QVERIFY(j.open({{path("route.yaml"), path("shop.yaml")}, {}, false, false}, {1280, 800}));
        QVERIFY(j.click(j.item("fileMenuButton")));
        QVERIFY(j.click(j.waitItem("menuExport")));
        QFileDialog* dialog = j.fileDialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->findChild<QLineEdit*>("fileNameEdit")->text(), QString("route-export.yaml"));
        QAbstractButton* exportButton = Journey::button(dialog, "Export");
        QVERIFY2(exportButton, "the Export dialog's button does not say Export");
        QVERIFY(j.typeFileName(dialog, "cluster"));  // the suffix is added
        QVERIFY(j.click(exportButton));
        QVERIFY(Journey::waitFor([&] { return QFile::exists(path("cluster.yaml")); }));
        const QString out = readFile(path("cluster.yaml"));
        QVERIFY(out.contains("name: store") && out.contains("name: shop"));
    }

    // YAML files dropped on the window open (the demo was untouched: no question).
    void droppedFilesOpen()
    {
        Journey j;
        QVERIFY(j.open({}, {1280, 800}));
        QMimeData data;
        data.setUrls({QUrl::fromLocalFile(path("shop.yaml")), QUrl::fromLocalFile(path("cart.yaml"))});
        const QPoint at(400, 300);
        QDragEnterEvent enter(at, Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(j.window(), &enter);
        QDropEvent drop(at, Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(j.window(), &drop);
        QVERIFY(Journey::waitFor([&] { return j.document().filePaths().size() == 2; }));
        QCOMPARE(j.document().objectCount(), 2);
    }

    // An edited template with a file added to it: Save asks a name for the untitled one (not the
    // added file's), then every file is on disk and nothing is left unsaved.
    void saveNamesTheUntitledFileOfAWorkspace()
    {
        Journey j;
        QVERIFY(j.open({}, {1280, 800}));
        QVERIFY(j.click(j.item("palette-Service")));
        QMimeData data;
        data.setUrls({QUrl::fromLocalFile(path("shop.yaml"))});
        QDragEnterEvent enter(QPoint(400, 300), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(j.window(), &enter);
        QDropEvent drop(QPoint(400, 300), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(j.window(), &drop);
        QVERIFY(j.click(j.waitItem("openChoiceAdd")));
        QVERIFY(Journey::waitFor([&] { return j.document().filePaths().size() == 2; }));
        QVERIFY(j.key("ctrl+s"));
        QFileDialog* dialog = j.fileDialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->findChild<QLineEdit*>("fileNameEdit")->text(), QString("demo.yaml"));
        QVERIFY(j.typeFileName(dialog, path("mine.yaml")));
        QVERIFY(j.click(Journey::button(dialog, "Save")));
        QVERIFY(Journey::waitFor([&] { return !j.document().modified(); }));
        QVERIFY(readFile(path("mine.yaml")).contains("name: service-1"));
        QCOMPARE(readFile(path("shop.yaml")), QString(kShop));
    }

    // In the dark theme, Qt's own file dialog is dark too: light text on a dark ground (it was light
    // text on white).
    void darkThemeDialogIsReadable()
    {
        Journey j;
        QVERIFY(j.open({{}, {}, true, false}, {1280, 800}));
        QVERIFY(j.key("ctrl+o"));
        QFileDialog* dialog = j.fileDialog();
        QVERIFY(dialog);
        const QPalette p = dialog->palette();
        QVERIFY2(p.color(QPalette::Base).lightness() < 80, qPrintable(p.color(QPalette::Base).name()));
        QVERIFY2(p.color(QPalette::Text).lightness() > 180, qPrintable(p.color(QPalette::Text).name()));
        QVERIFY(p.color(QPalette::Window).lightness() < 80);
        j.screenshot("files-dark-dialog");
        QVERIFY(j.click(Journey::button(dialog, "Cancel")));
    }

    // Quit (Ctrl+Q) asks about unsaved work; Cancel keeps the window and the edit.
    void quitAsksAboutUnsavedWork()
    {
        Journey j;
        QVERIFY(j.open({{path("route.yaml")}, {}, false, false}, {1280, 800}));
        QVERIFY(j.click(j.item("palette-Service")));
        QVERIFY(j.document().modified());
        QVERIFY(j.key("ctrl+q"));
        QQuickItem* dialog = j.waitItem("unsavedDialog");
        QVERIFY2(dialog, "Quit did not ask about the unsaved edit");
        j.screenshot("files-quit-asks");
        QVERIFY(j.key("Escape"));
        QVERIFY(Journey::waitFor([&] { return !j.item("unsavedDialog"); }));
        QVERIFY(j.window()->isVisible());
        QVERIFY(j.document().modified());
    }
};

QTEST_MAIN(JourneyFiles)
#include "tst_journey_files.moc"
