// Validation table: every file in testdata/invalid/ declares, in its header, the exact
// diagnostics it must produce (severity, line, column, field path, and a part of the message);
// every file in testdata/valid/ must produce none.
//
//   # expect error 14:17 spec.rules[0].matches[0].path.value ~ must start with '/'
//
// A field of "-" means the diagnostic has no field (a YAML or document-level problem).

#include <QRegularExpression>

#include "test_support.h"

using namespace gs;

namespace {

struct Expected {
    QString severity;
    int line = 0;
    int column = 0;
    QString field;
    QString message;
};

QList<Expected> expectationsOf(const std::string& text)
{
    static const QRegularExpression re(R"(^# expect (error|warning) (\d+):(\d+) (.+?) ~ (.*)$)");
    QList<Expected> out;
    for (const QString& line : QString::fromUtf8(text.data(), qsizetype(text.size())).split('\n')) {
        const auto m = re.match(line);
        if (m.hasMatch())
            out.push_back({m.captured(1), m.captured(2).toInt(), m.captured(3).toInt(),
                           m.captured(4) == "-" ? QString() : m.captured(4), m.captured(5)});
    }
    return out;
}

void addRows(const QString& dir, const QString& prefix = {})
{
    for (const QString& f : test::yamlFilesUnder(dir))
        QTest::newRow(qPrintable(prefix + QFileInfo(f).fileName())) << f;
}

}  // namespace

class TestValidation : public QObject {
    Q_OBJECT
private slots:
    void invalidInputs_data()
    {
        QTest::addColumn<QString>("file");
        addRows(GWS_TESTDATA_DIR "/testdata/invalid");
    }

    void invalidInputs()
    {
        QFETCH(QString, file);
        const std::string text = test::readFile(file);
        const QList<Expected> expected = expectationsOf(text);
        QVERIFY2(!expected.isEmpty(), "the case declares no expectation");
        const model::Topology t = test::loadText(QFileInfo(file).fileName().toStdString(), text);
        const auto& got = t.diagnostics.all();
        const QString all = test::diagnosticsText(t.diagnostics);
        QVERIFY2(got.size() == std::size_t(expected.size()),
                 qPrintable(QString("expected %1 diagnostic(s), got:\n%2").arg(expected.size()).arg(all)));
        for (qsizetype i = 0; i < expected.size(); ++i) {
            const Expected& e = expected[i];
            const model::Diagnostic& d = got[std::size_t(i)];
            const QString where = QString("diagnostic %1 of:\n%2").arg(i).arg(all);
            QCOMPARE(d.severity == model::Severity::Error ? QString("error") : QString("warning"), e.severity);
            QVERIFY2(d.mark.line == e.line && d.mark.column == e.column,
                     qPrintable(QString("expected %1:%2, %3").arg(e.line).arg(e.column).arg(where)));
            QVERIFY2(QString::fromStdString(d.field) == e.field, qPrintable("field path, " + where));
            QVERIFY2(QString::fromStdString(d.message).contains(e.message), qPrintable("message, " + where));
        }
    }

    void validInputs_data()
    {
        QTest::addColumn<QString>("file");
        addRows(GWS_TESTDATA_DIR "/testdata/valid");
        addRows(GWS_SOURCE_DIR "/resources", "resources/");
    }

    void validInputs()
    {
        QFETCH(QString, file);
        const model::Topology t = test::loadText(QFileInfo(file).fileName().toStdString(), test::readFile(file));
        QVERIFY2(t.diagnostics.empty(), qPrintable(test::diagnosticsText(t.diagnostics)));
        QVERIFY(t.objects.size() > 0);
    }

    void tableIsLargeEnough()
    {
        QDir dir(QStringLiteral(GWS_TESTDATA_DIR "/testdata/invalid"));
        QVERIFY(dir.entryList({"*.yaml"}, QDir::Files).size() >= 80);
    }

    // The error format users and editors parse.
    void formatOfADiagnostic()
    {
        const model::Topology t = test::loadText("shop.yaml",
                                                 "apiVersion: gateway.networking.k8s.io/v1\n"
                                                 "kind: HTTPRoute\n"
                                                 "metadata:\n"
                                                 "  name: app\n"
                                                 "spec:\n"
                                                 "  rules:\n"
                                                 "    - matches:\n"
                                                 "        - path:\n"
                                                 "            value: app\n");
        QCOMPARE(t.diagnostics.all().size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(t.diagnostics.all()[0].format()),
                 QString("shop.yaml:9:20: error: HTTPRoute default/app: spec.rules[0].matches[0].path.value: "
                         "value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']"));
    }

    // Defaults are applied for validation and translation, never written into the object.
    void defaultsFillTheDefaultedTreeOnly()
    {
        const model::Topology t = test::loadText("d.yaml",
                                                 "apiVersion: gateway.networking.k8s.io/v1\n"
                                                 "kind: HTTPRoute\n"
                                                 "metadata: {name: app}\n"
                                                 "spec:\n"
                                                 "  parentRefs: [{name: gw}]\n"
                                                 "  rules:\n"
                                                 "    - backendRefs: [{name: web, port: 80}]\n");
        QVERIFY(t.diagnostics.empty());
        const model::Object& o = t.objects.objects()[0];
        const yaml::Node& rule = o.defaulted.find("spec")->find("rules")->items()[0];
        const yaml::Node& path = rule.find("matches")->items()[0].find("path")->entries()[0].value;
        QCOMPARE(QString::fromStdString(path.text()), QString("PathPrefix"));
        QCOMPARE(QString::fromStdString(rule.find("backendRefs")->items()[0].find("weight")->text()), QString("1"));
        QCOMPARE(QString::fromStdString(rule.find("backendRefs")->items()[0].find("kind")->text()), QString("Service"));
        const yaml::Node& parent = o.defaulted.find("spec")->find("parentRefs")->items()[0];
        QCOMPARE(QString::fromStdString(parent.find("group")->text()), QString("gateway.networking.k8s.io"));
        QVERIFY(o.doc.find("spec")->find("rules")->items()[0].find("matches") == nullptr);
    }

    void defaultRulesOfARouteWithoutRules()
    {
        const model::Topology t = test::loadText("d.yaml",
                                                 "apiVersion: gateway.networking.k8s.io/v1\n"
                                                 "kind: HTTPRoute\n"
                                                 "metadata: {name: app}\n"
                                                 "spec: {parentRefs: [{name: gw}]}\n");
        QVERIFY(t.diagnostics.empty());
        const yaml::Node* rules = t.objects.objects()[0].defaulted.find("spec")->find("rules");
        QVERIFY(rules && rules->size() == 1);
        const yaml::Node& path = rules->items()[0].find("matches")->items()[0].find("path")->entries()[1].value;
        QCOMPARE(QString::fromStdString(path.text()), QString("/"));
    }
};

QTEST_GUILESS_MAIN(TestValidation)
#include "tst_validation.moc"
