// Checks against the Gateway API reference data in ../shared/gateway-api (read from there, never
// copied): the generated schema tables are current, and every conformance manifest loads,
// validates and survives export → import → export.

#include <QProcess>
#include <QTemporaryDir>

#include <set>

#include "export/exporter.h"
#include "test_support.h"

using namespace gs;

namespace {

// Values the conformance suite substitutes before applying a manifest; as written they are not
// valid (a controllerName must be a domain-prefixed path, an IPAddress an IP).
bool isPlaceholderError(const model::Diagnostic& d)
{
    return d.message.find("{GATEWAY_CONTROLLER_NAME}") != std::string::npos ||
        d.message.find("PLACEHOLDER_") != std::string::npos;
}

QStringList conformanceFiles(const QString& shared) { return test::yamlFilesUnder(shared + "/conformance"); }

}  // namespace

class TestReferenceData : public QObject {
    Q_OBJECT
    QString shared_ = test::sharedGatewayApiDir();

private slots:
    void generatedTablesAreCurrent()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath("schema_tables.cpp");
        QProcess gen;
        gen.start(GWS_SCHEMA_GEN,
                  {shared_ + "/crds-standard.yaml", GWS_SOURCE_DIR "/model/schema/core_kinds.yaml", out,
                   shared_ + "/crds-experimental.yaml"});
        QVERIFY(gen.waitForFinished(120000));
        QCOMPARE(gen.exitCode(), 0);
        const std::string fresh = test::readFile(out);
        QVERIFY(!fresh.empty());
        QVERIFY2(fresh == test::readFile(GWS_SOURCE_DIR "/model/schema/generated/schema_tables.cpp"),
                 "run `cmake --build build --target regen-schema` and commit the result");
    }

    void conformanceManifests_data()
    {
        QTest::addColumn<QString>("file");
        for (const QString& f : conformanceFiles(shared_))
            QTest::newRow(qPrintable(QFileInfo(f).fileName())) << f;
    }

    // Each manifest, loaded with the base manifests as the suite applies them, validates apart
    // from the suite's placeholders; export keeps all its content and is stable.
    void conformanceManifests()
    {
        QFETCH(QString, file);
        std::vector<std::string> files{(shared_ + "/conformance/base-manifests.yaml").toStdString()};
        if (!file.endsWith("/base-manifests.yaml"))
            files.push_back(file.toStdString());
        // The suite's manifests use experimental-channel fields (retry) that the standard-channel
        // schema does not know: read as kubectl --validate=warn would.
        model::LoadOptions options;
        options.unknownFields = model::FieldValidation::Warn;
        const model::Topology t = model::loadTopology(files, options);
        for (const model::Diagnostic& d : t.diagnostics.all()) {
            const bool experimentalField = d.severity == model::Severity::Warning && d.field.find(".retry") != std::string::npos;
            QVERIFY2(isPlaceholderError(d) || experimentalField, d.format().c_str());
        }
        for (const model::Object& o : t.objects.objects())
            QVERIFY2(model::exportTree(o).sameContent(o.doc), qPrintable(QString::fromStdString(o.displayName())));
        const std::string first = model::exportYaml(t.objects);
        const model::Topology again = test::loadText("export.yaml", first);
        QCOMPARE(again.objects.size(), t.objects.size());
        QVERIFY(model::exportYaml(again.objects) == first);
    }

    void manifestsHoldEveryKind()
    {
        std::set<std::string> kinds;
        for (const QString& f : conformanceFiles(shared_)) {
            const model::Topology t = test::loadText("c.yaml", test::readFile(f));
            for (const model::Object& o : t.objects.objects())
                kinds.insert(o.id.kind);
        }
        for (const char* kind : {"Gateway", "GatewayClass", "HTTPRoute", "GRPCRoute", "TLSRoute", "TCPRoute", "UDPRoute",
                                 "ReferenceGrant", "BackendTLSPolicy", "Service", "Namespace", "Deployment"})
            QVERIFY2(kinds.count(kind), kind);
    }
};

GWS_TEST_MAIN_NEEDING_SHARED(TestReferenceData)
#include "tst_reference_data.moc"
