// The generated schema tables: complete, consistent with the hand-written rules, and current
// with the CRDs in ../shared.

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
};

QTEST_GUILESS_MAIN(TestSchema)
#include "tst_schema.moc"
