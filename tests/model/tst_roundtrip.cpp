// Export round trips: exporting, importing and exporting again gives the same bytes, and the
// export has the same content as what was loaded (minus what only a cluster writes). Runs over
// the bundled resources and the valid test files (tst_reference_data does the conformance manifests).

#include "export/exporter.h"
#include "test_support.h"

using namespace gs;

namespace {

void addFiles(const QString& dir, const QString& prefix)
{
    for (const QString& f : test::yamlFilesUnder(dir))
        QTest::newRow(qPrintable(prefix + QDir(dir).relativeFilePath(f))) << f;
}

model::Topology load(const std::string& name, const std::string& text) { return test::loadText(name, text); }

bool hasFileLevelErrors(const model::Topology& t)
{
    for (const model::Diagnostic& d : t.diagnostics.all())
        if (d.severity == model::Severity::Error && d.kind.empty())
            return true;
    return false;
}

}  // namespace

class TestRoundTrip : public QObject {
    Q_OBJECT
private slots:
    void roundTrip_data()
    {
        QTest::addColumn<QString>("file");
        addFiles(GWS_SOURCE_DIR "/resources", "resources/");
        addFiles(GWS_TESTDATA_DIR "/testdata/valid", "valid/");
    }

    void roundTrip()
    {
        QFETCH(QString, file);
        const model::Topology original = load("in.yaml", test::readFile(file));
        QVERIFY2(!hasFileLevelErrors(original), qPrintable(test::diagnosticsText(original.diagnostics)));
        QVERIFY(original.objects.size() > 0);

        const std::string first = model::exportYaml(original.objects);
        const model::Topology reloaded = load("first.yaml", first);
        QVERIFY2(!hasFileLevelErrors(reloaded), qPrintable(test::diagnosticsText(reloaded.diagnostics)));
        QCOMPARE(reloaded.objects.size(), original.objects.size());
        for (std::size_t i = 0; i < original.objects.size(); ++i) {
            const model::Object& before = original.objects.objects()[i];
            const model::Object& after = reloaded.objects.objects()[i];
            QVERIFY2(model::exportTree(before).sameContent(after.doc),
                     qPrintable(QString("object %1 (%2 %3) changed")
                                    .arg(i)
                                    .arg(QString::fromStdString(before.id.kind), QString::fromStdString(before.displayName()))));
        }
        const std::string second = model::exportYaml(reloaded.objects);
        QVERIFY2(first == second, "export is not stable: exporting the export gives other bytes");
    }

    void exportIsCleanAndUpgraded()
    {
        const model::Topology t = load("list.yaml", test::readFile(GWS_TESTDATA_DIR "/testdata/valid/kubectl-list.yaml"));
        const std::string out = model::exportYaml(t.objects);
        for (const char* gone : {"status:", "managedFields", "resourceVersion", "uid:", "creationTimestamp",
                                 "generation:", "last-applied-configuration", "kind: List"})
            QVERIFY2(out.find(gone) == std::string::npos, gone);
        QCOMPARE(t.objects.size(), std::size_t(2));
        QVERIFY(out.find("---\n") != std::string::npos);

        const model::Topology old = load("old.yaml", test::readFile(GWS_TESTDATA_DIR "/testdata/valid/older-versions.yaml"));
        const std::string upgraded = model::exportYaml(old.objects);
        QVERIFY(upgraded.find("v1beta1") == std::string::npos);
        QVERIFY(upgraded.find("v1alpha") == std::string::npos);
        QCOMPARE(old.objects.objects()[0].writtenApiVersion, std::string("gateway.networking.k8s.io/v1beta1"));
    }

    void exportKeepsOtherKindsAsWritten()
    {
        const std::string text = test::readFile(GWS_TESTDATA_DIR "/testdata/valid/other-kinds.yaml");
        const model::Topology t = load("other.yaml", text);
        const std::string out = model::exportYaml(t.objects);
        QVERIFY(out.find("kind: Deployment") != std::string::npos);
        QVERIFY(out.find("enabled: \"yes\"") != std::string::npos);
        QVERIFY(out.find("value: |\n                Hello,\n                  world\n") != std::string::npos);
    }

    void exportIsDeterministicAndInLoadOrder()
    {
        const std::string text = test::readFile(GWS_SOURCE_DIR "/resources/demo/demo.yaml");
        const std::string a = model::exportYaml(load("d.yaml", text).objects);
        const std::string b = model::exportYaml(load("d.yaml", text).objects);
        QCOMPARE(a, b);
        QVERIFY(a.find("kind: GatewayClass") < a.find("kind: Gateway\n"));
        QVERIFY(a.find("name: app-route") < a.find("name: traffic-split"));
    }
};

QTEST_GUILESS_MAIN(TestRoundTrip)
#include "tst_roundtrip.moc"
