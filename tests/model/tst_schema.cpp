// The generated schema tables: complete, consistent with the hand-written rules, and current
// with the CRDs in ../shared.

#include <QProcess>
#include <QTemporaryDir>

#include <nlohmann/json.hpp>
#include <re2/re2.h>

#include "objects/kinds.h"
#include "schema/schema.h"
#include "test_support.h"
#include "validation/rules.h"

using namespace gs;

class TestSchema : public QObject {
    Q_OBJECT
private slots:
    void everyCelRuleIsImplemented()
    {
        QStringList missing;
        for (const char* message : schema::allRuleMessages())
            if (!model::findRule(message))
                missing << message;
        QVERIFY2(missing.isEmpty(), qPrintable("rules without an implementation:\n" + missing.join("\n")));
        QVERIFY(schema::allRuleMessages().size() >= 80);
    }

    void everyImplementationIsUsed()
    {
        QStringList unused;
        for (const model::RuleEntry& r : model::allRules()) {
            bool found = false;
            for (const char* message : schema::allRuleMessages())
                found = found || r.message == message;
            if (!found)
                unused << QString::fromUtf8(r.message.data(), qsizetype(r.message.size()));
        }
        QVERIFY2(unused.isEmpty(), qPrintable("implemented rules no schema names:\n" + unused.join("\n")));
    }

    void everyPatternCompilesWithRe2()
    {
        int patterns = 0;
        for (std::size_t i = 0; i < schema::nodeCount(); ++i) {
            const schema::Schema& s = schema::node(std::int32_t(i));
            if (!s.pattern)
                continue;
            ++patterns;
            RE2 re(s.pattern);
            QVERIFY2(re.ok(), s.pattern);
        }
        QVERIFY(patterns > 10);
    }

    void everyDefaultIsJson()
    {
        int defaults = 0;
        for (std::size_t i = 0; i < schema::nodeCount(); ++i)
            if (const char* d = schema::node(std::int32_t(i)).defaultJson) {
                ++defaults;
                QVERIFY2(nlohmann::json::accept(d), d);
            }
        QVERIFY(defaults > 20);
    }

    void everyKnownKindHasASchema()
    {
        for (const model::KindInfo& k : model::knownKinds()) {
            QVERIFY2(k.schema != nullptr, k.kind.data());
            const schema::Schema& root = schema::node(k.schema->root);
            QVERIFY(schema::property(root, "metadata").has_value());
        }
        QCOMPARE(model::knownKinds().size(), std::size_t(13));
        QCOMPARE(QString::fromUtf8(schema::gatewayApiVersion().data()), QString("v1.6.1"));
    }

    // The committed tables equal what schema_gen writes from ../shared today.
    void generatedTablesAreCurrent()
    {
        GWS_REQUIRE_SHARED(shared);
        QTemporaryDir dir;
        const QString out = dir.filePath("schema_tables.cpp");
        QProcess gen;
        gen.start(GWS_SCHEMA_GEN, {shared + "/crds-standard.yaml", GWS_SOURCE_DIR "/model/schema/core_kinds.yaml", out});
        QVERIFY(gen.waitForFinished(120000));
        QCOMPARE(gen.exitCode(), 0);
        const std::string fresh = test::readFile(out);
        const std::string committed = test::readFile(GWS_SOURCE_DIR "/model/schema/generated/schema_tables.cpp");
        QVERIFY(!fresh.empty());
        QVERIFY2(fresh == committed, "run `cmake --build build --target regen-schema` and commit the result");
    }
};

QTEST_GUILESS_MAIN(TestSchema)
#include "tst_schema.moc"
