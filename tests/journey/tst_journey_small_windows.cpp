// Journeys at the sizes people have, from 1024×640 to 1920×1080, light and dark: every toolbar
// action is reachable (on the bar or in its overflow menu), and no text in the panels is cut
// (elided, wider than its box or clipped) in any state a person reaches: nothing selected, each
// kind selected, a problem with its Fix, each side tab, the gateway running. A screenshot of each.
#include <QSettings>
#include <QtTest>

#include "document.h"
#include "journey.h"
#include "live_gateway.h"

using journey::Journey;

namespace {

const char* kMissingBackend = "name: app-v2\n          port: 8080\n          weight: 20";
const char* kMissingBackendTyped = "name: shop-v3\n          port: 8080\n          weight: 20";

// The states a person goes through, each reached through the document; `tab` is the side tab.
struct State {
    const char* name;
    const char* select;
    const char* tab;
};

const State kStates[] = {
    {"nothing-selected", "", "inspectorTab"},
    {"route", "httproute/default/traffic-split", "inspectorTab"},
    {"gateway", "gateway/default/demo-gateway", "inspectorTab"},
    {"service", "service/default/app-v1", "inspectorTab"},
    {"class", "gatewayclass/gateway-studio", "inspectorTab"},
    {"yaml", "httproute/default/app-route", "yamlTab"},
    {"trace", "", "traceTab"},
    {"traffic", "", "trafficTab"},
};

}  // namespace

class JourneySmallWindows : public QObject {
    Q_OBJECT

    // Every command of the toolbar is on the bar, whole and inside the window, or in the
    // overflow menu; the palette is on the bar or behind "Add".
    QStringList unreachable(Journey& j)
    {
        QStringList out;
        const qreal right = j.window()->width();
        auto onBar = [&](const QString& name) {
            QQuickItem* b = j.item(name);
            return b && journey::windowRect(b).right() <= right + 0.5;
        };
        for (const QString name : {"fileMenuButton", "helpMenuButton", "undoButton"})
            if (!onBar(name))
                out << name;
        if (!onBar("palette-Service") && !onBar("addMenuButton"))
            out << "the palette";
        const QStringList commands{"runGateway", "onlyProblems", "deleteButton", "layoutButton", "fitButton", "themeButton"};
        QQuickItem* bar = j.item("mainToolBar");
        const int overflow = bar->property("overflowCount").toInt();
        for (int i = 0; i < commands.size(); ++i) {
            const bool inMenu = i >= commands.size() - overflow && onBar("overflowButton");
            if (!onBar(commands[i]) && !inMenu)
                out << commands[i];
        }
        return out;
    }

    // The cut texts of what is shown, with each of the bottom panel's tabs in turn when it has them.
    QStringList cutInEveryTab(Journey& j, const QString& state)
    {
        QStringList out;
        const QStringList tabs{"statusTab", "problemsTab", "splitsTab"};
        for (const QString& tab : tabs) {
            if (QQuickItem* t = j.item(tab))
                j.click(t);
            Journey::settle(100);
            for (const QString& cut : journey::cutTexts(j.window()->contentItem()))
                out << state + ": " + cut;
            if (!j.item(tab))
                break;  // side by side: one look shows all three
        }
        return out;
    }

    void walk(const QSize& size, bool dark)
    {
        Journey j;
        QVERIFY(j.open({{}, {}, dark, false}, size));
        const QString prefix = QStringLiteral("%1x%2-%3-").arg(size.width()).arg(size.height()).arg(dark ? "dark" : "light");
        QStringList problems;
        const QStringList missing = unreachable(j);
        if (!missing.isEmpty())
            problems << "not reachable on the toolbar: " + missing.join(", ");
        for (const State& s : kStates) {
            j.document().selection()->setCurrent(s.select);
            QVERIFY(j.click(j.waitItem(s.tab)));
            Journey::settle(250);
            problems << cutInEveryTab(j, s.name);
            if (QString(s.tab) == "yamlTab") {
                // Long lines scroll sideways, and the pane shows that they do.
                QQuickItem* scroll = j.item("yamlScroll");
                QQuickItem* editor = j.item("yamlEditor");
                const qreal content = scroll ? scroll->property("contentWidth").toReal() : 0;
                if (!scroll || !editor || content + 1 < editor->implicitWidth())
                    problems << "yaml: long lines cannot be scrolled to";
                const QList<QQuickItem*> shown = j.items("");
                const bool bar = std::any_of(shown.begin(), shown.end(), [](QQuickItem* i) {
                    return i->inherits("QQuickScrollBar") && i->property("orientation").toInt() == Qt::Horizontal;
                });
                if (scroll && content > scroll->width() + 1 && !bar)
                    problems << "yaml: no horizontal scroll bar shows that lines go on";
            }
            j.screenshot(prefix + s.name);
        }
        // A problem with a Fix, its route selected.
        j.document().edits()->editYaml(j.document().yamlText().replace(kMissingBackend, kMissingBackendTyped));
        j.document().selection()->setCurrent("httproute/default/traffic-split");
        QVERIFY(j.click(j.item("inspectorTab")));
        Journey::settle(300);
        problems << cutInEveryTab(j, "problem");
        if (QQuickItem* tab = j.item("problemsTab"))
            QVERIFY(j.click(tab));
        QQuickItem* fix = j.waitItem("fix:0");
        if (!fix || journey::windowRect(fix).right() > size.width())
            problems << "problem: the Fix button is not shown whole";
        j.screenshot(prefix + "problem");
        // The gateway running.
        j.document().undo();
        j.editor().live()->setProperty("ephemeralPorts", true);
        QVERIFY(j.editor().live()->start());
        Journey::settle(600);
        problems << cutInEveryTab(j, "running");
        j.screenshot(prefix + "running");
        j.editor().live()->stop();
        problems.removeDuplicates();
        for (const QString& p : problems)
            qInfo("%s%s", qPrintable(prefix), qPrintable(p));
        QVERIFY2(problems.isEmpty(), qPrintable("\n  " + problems.join("\n  ")));
    }

private slots:
    void initTestCase() { gs::gui::setUpEditorApplication(); }
    void init() { QSettings().clear(); }

    void smallestLight() { walk({1024, 640}, false); }
    void smallestDark() { walk({1024, 640}, true); }
    void laptopLight() { walk({1280, 800}, false); }
    void largeDark() { walk({1920, 1080}, true); }
};

QTEST_MAIN(JourneySmallWindows)
#include "tst_journey_small_windows.moc"
