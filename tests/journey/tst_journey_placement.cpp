// Journeys that add nodes, through the real window: from the palette, by paste, by a reference
// typed in the inspector (its placeholder), by the Fix that creates the missing Service, and by
// YAML typed in the YAML pane. After each, no node overlaps another (on the model's geometry, which
// the canvas draws) and nothing placed before has moved.
#include <QSettings>
#include <QtTest>

#include "document.h"
#include "journey.h"
#include "node_list_model.h"

using journey::Journey;

namespace {

QRectF rectOf(gs::gui::Document& d, const QString& id)
{
    const QVariantMap g = d.nodeGeometry(id);
    return {g.value("x").toDouble(), g.value("y").toDouble(), g.value("width").toDouble(), g.value("height").toDouble()};
}

QStringList nodeIds(gs::gui::Document& d)
{
    QStringList ids;
    for (int r = 0; r < d.nodes()->rowCount(); ++r)
        ids.append(d.nodes()->index(r, 0).data(gs::gui::NodeListModel::IdRole).toString());
    return ids;
}

// "a overlaps b", or "" when every node is clear of the others.
QString overlapping(gs::gui::Document& d)
{
    const QStringList ids = nodeIds(d);
    for (int a = 0; a < ids.size(); ++a)
        for (int b = a + 1; b < ids.size(); ++b)
            if (rectOf(d, ids[a]).intersects(rectOf(d, ids[b])))
                return ids[a] + " overlaps " + ids[b];
    return {};
}

std::map<QString, QPointF> placesOf(gs::gui::Document& d)
{
    std::map<QString, QPointF> out;
    for (const QString& id : nodeIds(d))
        out[id] = rectOf(d, id).topLeft();
    return out;
}

// Every node of `before` is still where it was.
QString moved(gs::gui::Document& d, const std::map<QString, QPointF>& before)
{
    for (const auto& [id, at] : before)
        if (nodeIds(d).contains(id) && rectOf(d, id).topLeft() != at)
            return id + " moved";
    return {};
}

// Adds a `kind` from the palette, or from the Add menu the palette folds into in a narrow window.
bool addFromPalette(Journey& j, const QString& kind)
{
    if (QQuickItem* button = j.item("palette-" + kind))
        return j.click(button);
    return j.click(j.waitItem("addMenuButton")) && j.click(j.waitItem("add:" + kind));
}

}  // namespace

class JourneyPlacement : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { gs::gui::setUpEditorApplication(); }
    void init() { QSettings().clear(); }

    void paletteAndPasteFindFreeSpace()
    {
        Journey j;
        QVERIFY(j.open({}, {1024, 640}));
        const auto before = placesOf(j.document());
        for (int i = 0; i < 3; ++i) {
            QVERIFY(addFromPalette(j, "Service"));
            QVERIFY(Journey::waitFor([&] { return j.document().objectCount() == 9 + i; }));
            const QString mess = overlapping(j.document());
            QVERIFY2(mess.isEmpty(), qPrintable(mess));
        }
        // Copy the canary route and paste it twice.
        QVERIFY(j.click(j.waitItem("node:httproute/default/traffic-split")));
        QVERIFY(j.key("ctrl+c"));
        QVERIFY(j.key("ctrl+v"));
        QVERIFY(j.key("ctrl+v"));
        QVERIFY(Journey::waitFor([&] { return j.document().objectCount() == 13; }));
        QString mess = overlapping(j.document());
        QVERIFY2(mess.isEmpty(), qPrintable(mess));
        mess = moved(j.document(), before);
        QVERIFY2(mess.isEmpty(), qPrintable(mess));
        j.screenshot("placement-palette-paste");
    }

    // A backend renamed in the inspector to a Service that does not exist: its placeholder lands
    // in free space (it used to sit exactly on the Service it replaced); the Fix creates the
    // Service there.
    void typedReferenceAndFix()
    {
        Journey j;
        QVERIFY(j.open({}, {1024, 640}));
        const auto before = placesOf(j.document());
        QVERIFY(j.click(j.waitItem("node:httproute/default/traffic-split")));
        QQuickItem* field = j.waitItem("editor:spec.rules[0].backendRefs[1].name");
        QVERIFY(field);
        QVERIFY(j.click(field));
        QVERIFY(j.key("ctrl+a"));
        QVERIFY(j.type("shop-v3"));
        QVERIFY(j.key("Return"));
        QVERIFY(Journey::waitFor([&] { return nodeIds(j.document()).contains("service/default/shop-v3"); }));
        QString mess = overlapping(j.document());
        QVERIFY2(mess.isEmpty(), qPrintable(mess));
        QVERIFY(rectOf(j.document(), "service/default/shop-v3").left() >
                rectOf(j.document(), "httproute/default/traffic-split").right());
        j.screenshot("placement-placeholder");

        if (QQuickItem* tab = j.item("problemsTab"))  // a narrow window shows the problems behind a tab
            QVERIFY(j.click(tab));
        QQuickItem* fix = j.waitItem("fix:0");
        QVERIFY2(fix, "no Fix offered for the missing Service");
        QVERIFY(j.click(fix));
        QVERIFY(Journey::waitFor([&] { return j.document().objectCount() == 9; }));
        j.screenshot("placement-fixed");
        mess = overlapping(j.document());
        QVERIFY2(mess.isEmpty(), qPrintable(mess));
        mess = moved(j.document(), before);
        QVERIFY2(mess.isEmpty(), qPrintable(mess));
    }

    // A Service typed at the end of the YAML appears in free space.
    void yamlTypedInTheYamlPane()
    {
        Journey j;
        QVERIFY(j.open({}, {1280, 800}));
        QVERIFY(j.click(j.waitItem("yamlTab")));
        QQuickItem* editor = j.waitItem("yamlEditor");
        QVERIFY(editor);
        QVERIFY(j.click(editor, QPointF(120, 40)));
        QVERIFY(j.key("ctrl+End"));
        QVERIFY(j.type("---\napiVersion: v1\nkind: Service\nmetadata:\n  name: typed\n  namespace: default\n"
                       "spec:\n  ports:\n    - port: 80\n"));
        j.screenshot("placement-yaml-typed");
        QVERIFY2(Journey::waitFor([&] { return nodeIds(j.document()).contains("service/default/typed"); }, 8000),
                 qPrintable(j.document().yamlText().right(200)));
        const QString mess = overlapping(j.document());
        QVERIFY2(mess.isEmpty(), qPrintable(mess));
    }
};

QTEST_MAIN(JourneyPlacement)
#include "tst_journey_placement.moc"
