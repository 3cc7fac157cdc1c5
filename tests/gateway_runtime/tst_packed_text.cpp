// PackedText: what goes in comes out, byte for byte, and large repetitive texts are kept small.

#include <QTest>

#include <string>

#include "admin/packed_text.h"

using namespace gs::runtime;

class TestPackedText : public QObject {
    Q_OBJECT
private slots:
    void roundTrip_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("one byte") << QByteArray("x");
        QTest::newRow("NUL bytes") << QByteArray("a\0b\0\0c", 6);
        QTest::newRow("YAML") << QByteArray("status:\n  conditions:\n    - type: Accepted\n      status: \"True\"\n");
        QByteArray binary;
        for (int i = 0; i < 70000; ++i)
            binary.append(char((i * 7919) >> 3));
        QTest::newRow("incompressible 70 KB") << binary;
    }

    void roundTrip()
    {
        QFETCH(QByteArray, text);
        const PackedText packed(std::string_view(text.constData(), std::size_t(text.size())));
        QCOMPARE(packed.size(), std::size_t(text.size()));
        QCOMPARE(QByteArray::fromStdString(packed.text()), text);
    }

    void repetitiveTextIsKeptSmall()
    {
        std::string yaml;
        for (int i = 0; i < 10000; ++i)
            yaml += "- name: split-" + std::to_string(i) + "\n  status: {conditions: [{type: Accepted, status: \"True\"}]}\n";
        const PackedText packed(yaml);
        QVERIFY2(packed.packedSize() * 10 < yaml.size(), std::to_string(packed.packedSize()).c_str());
        QCOMPARE(packed.text(), yaml);
    }
};

QTEST_GUILESS_MAIN(TestPackedText)
#include "tst_packed_text.moc"
