// The fixes offered beside problems: each case is a broken topology, the fix it must offer, and
// what the document holds after applying it (the problem gone, one undo step).
#include <QAbstractItemModelTester>
#include <QtTest>

#include "document.h"

using gs::gui::Document;
using gs::gui::ProblemListModel;

namespace {

const char* kBase = R"(apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: local}
spec: {controllerName: gateway-studio.dev/local-controller}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: local
  listeners:
    - name: web
      protocol: HTTP
      port: 80
      allowedRoutes: {namespaces: {from: All}}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  ports: [{port: 8080}]
)";

QString route(const QString& parentRef, const QString& backendRef)
{
    return QString(kBase) +
        "---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: shop}\n"
        "spec:\n  parentRefs: [" +
        parentRef + "]\n  rules:\n    - backendRefs: [" + backendRef + "]\n";
}

// The rows of the problems list that offer a fix.
QStringList fixLabels(Document& d)
{
    QStringList out;
    for (int r = 0; r < d.problems()->rowCount(); ++r)
        if (const QString fix = d.problems()->index(r, 0).data(ProblemListModel::FixRole).toString(); !fix.isEmpty())
            out.append(fix);
    return out;
}

int firstFixRow(Document& d)
{
    for (int r = 0; r < d.problems()->rowCount(); ++r)
        if (!d.problems()->index(r, 0).data(ProblemListModel::FixRole).toString().isEmpty())
            return r;
    return -1;
}

}  // namespace

class TestFixes : public QObject {
    Q_OBJECT

private slots:
    void offersAndAppliesFix_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("label");
        QTest::addColumn<QString>("written");  // a line the fix adds
        QTest::addColumn<QString>("reason");  // the condition reason the fix answers
        QTest::newRow("missing listener") << route("{name: gw, namespace: infra, sectionName: http}", "{name: api, port: 8080}")
                                          << "Use listener web of infra/gw"
                                          << "sectionName: web"
                                          << "NoMatchingParent";
        QTest::newRow("missing Service") << route("{name: gw, namespace: infra}", "{name: cart, port: 9090}")
                                         << "Create Service shop/cart"
                                         << "name: cart\n  namespace: shop"
                                         << "BackendNotFound";
        QTest::newRow("cross-namespace backend")
            << route("{name: gw, namespace: infra}", "{name: api, port: 8080}")
                   .replace("namespace: shop}\nspec:\n  parentRefs", "namespace: web}\nspec:\n  parentRefs")
                   .replace("{name: api, port: 8080}]\n", "{name: api, namespace: shop, port: 8080}]\n")
            << "Create ReferenceGrant shop/allow-web-1 for Service api"
            << "kind: HTTPRoute\n      namespace: web"
            << "RefNotPermitted";
        QTest::newRow("cross-namespace certificate")
            << QString(kBase).replace("    - name: web\n      protocol: HTTP\n      port: 80\n",
                                      "    - name: web\n      protocol: HTTPS\n      port: 443\n"
                                      "      tls: {certificateRefs: [{name: cert, namespace: certs}]}\n") +
                "---\napiVersion: v1\nkind: Secret\nmetadata: {name: cert, namespace: certs}\ntype: kubernetes.io/tls\n"
                "data: {tls.crt: \"\", tls.key: \"\"}\n"
            << "Create ReferenceGrant certs/allow-infra-1 for Secret cert"
            << "kind: Gateway\n      namespace: infra"
            << "RefNotPermitted";
    }

    void offersAndAppliesFix()
    {
        QFETCH(QString, text);
        QFETCH(QString, label);
        QFETCH(QString, written);
        QFETCH(QString, reason);
        Document d;
        new QAbstractItemModelTester(d.problems(), QAbstractItemModelTester::FailureReportingMode::QtTest, &d);
        d.loadText(text);
        QCOMPARE(d.errorCount(), 0);
        QCOMPARE(fixLabels(d), QStringList{label});
        const int row = firstFixRow(d);
        QVERIFY(d.edits()->applyFix(row));
        QVERIFY2(d.yamlText().contains(written), qPrintable(d.yamlText()));
        QVERIFY(fixLabels(d).isEmpty());
        for (int r = 0; r < d.problems()->rowCount(); ++r) {
            const QString message = d.problems()->index(r, 0).data(ProblemListModel::MessageRole).toString();
            QVERIFY2(!message.contains("(" + reason + ")"), qPrintable(message));
        }
        QCOMPARE(d.errorCount(), 0);
        d.undo();  // one step
        QCOMPARE(d.yamlText(), text);
        QVERIFY(!d.edits()->applyFix(-1));
        QVERIFY(!d.edits()->applyFix(d.problems()->rowCount()));
    }

    void noFixWhenNothingIsBroken()
    {
        Document d;
        d.loadText(route("{name: gw, namespace: infra, sectionName: web}", "{name: api, port: 8080}"));
        QCOMPARE(d.problems()->rowCount(), 0);
        QVERIFY(fixLabels(d).isEmpty());
        QVERIFY(!d.edits()->applyFix(0));
    }
};

QTEST_MAIN(TestFixes)
#include "tst_fixes.moc"
