// The YAML reader: positions, scalar types, documents, anchors and merge keys, and its limits.

#include <QTest>

#include "yaml/yaml_reader.h"

using namespace gs::yaml;

namespace {

ReadResult read(const std::string& text, const ReadLimits& limits = {}) { return readYamlStream(text, limits); }

QString errorsOf(const ReadResult& r)
{
    QString out;
    for (const ReadError& e : r.errors)
        out += QString("%1:%2 %3\n").arg(e.mark.line).arg(e.mark.column).arg(QString::fromStdString(e.message));
    return out;
}

}  // namespace

class TestYamlReader : public QObject {
    Q_OBJECT
private slots:
    void marksAreOneBasedLineAndCharacterColumn()
    {
        const ReadResult r = read("a: 1\nname: \"caf\xc3\xa9\"\nnext: x\nlist:\n  - item\n");
        QVERIFY2(r.errors.empty(), qPrintable(errorsOf(r)));
        const Node& root = r.documents.at(0).root;
        QCOMPARE(root.findEntry("a")->keyMark, (Mark{1, 1}));
        QCOMPARE(root.find("name")->mark(), (Mark{2, 7}));
        QCOMPARE(root.findEntry("next")->keyMark, (Mark{3, 1}));
        QCOMPARE(root.find("list")->items()[0].mark(), (Mark{5, 5}));
    }

    void columnsCountCharactersNotBytes()
    {
        const ReadResult r = read("k: {\xc3\xa9\xc3\xa9: 1, b: 2}\n");
        QVERIFY(r.errors.empty());
        QCOMPARE(r.documents[0].root.find("k")->findEntry("b")->keyMark, (Mark{1, 12}));
    }

    void scalarTypes_data()
    {
        QTest::addColumn<QString>("yaml");
        QTest::addColumn<int>("type");
        const int null = int(ScalarType::Null), boolean = int(ScalarType::Bool), integer = int(ScalarType::Int),
                  real = int(ScalarType::Float), string = int(ScalarType::String);
        QTest::newRow("int") << "v: 80" << integer;
        QTest::newRow("negative int") << "v: -3" << integer;
        QTest::newRow("hex int") << "v: 0x1F" << integer;
        QTest::newRow("quoted int") << "v: \"80\"" << string;
        QTest::newRow("single-quoted") << "v: '80'" << string;
        QTest::newRow("!!str") << "v: !!str 80" << string;
        QTest::newRow("float") << "v: 1.5" << real;
        QTest::newRow("exponent") << "v: 1e3" << real;
        QTest::newRow("true") << "v: true" << boolean;
        QTest::newRow("False") << "v: False" << boolean;
        QTest::newRow("yes is a string in YAML 1.2") << "v: yes" << string;
        QTest::newRow("null") << "v: null" << null;
        QTest::newRow("tilde") << "v: ~" << null;
        QTest::newRow("empty") << "v:" << null;
        QTest::newRow("ip") << "v: 10.0.0.1" << string;
        QTest::newRow("version") << "v: 1.2.3" << string;
        QTest::newRow("path") << "v: /api" << string;
        QTest::newRow("block") << "v: |\n  80\n" << string;
    }

    void scalarTypes()
    {
        QFETCH(QString, yaml);
        QFETCH(int, type);
        const ReadResult r = read(yaml.toStdString());
        QVERIFY2(r.errors.empty(), qPrintable(errorsOf(r)));
        const Node* v = r.documents.at(0).root.find("v");
        QVERIFY(v);
        QCOMPARE(int(v->scalarType()), type);
    }

    void documentsAroundASyntaxErrorSurvive()
    {
        const ReadResult r = read("a: 1\n---\nb: [1, 2\n---\nc: 3\n");
        QCOMPARE(r.errors.size(), std::size_t(1));
        QCOMPARE(r.errors[0].mark.line, 3);
        QCOMPARE(r.documents.size(), std::size_t(2));
        QVERIFY(r.documents[0].root.find("a"));
        QVERIFY(r.documents[1].root.find("c"));
        QCOMPARE(r.documents[1].root.findEntry("c")->keyMark, (Mark{5, 1}));
    }

    void documentMarkersAndEmptyDocuments()
    {
        const ReadResult r = read("---\n# only a comment\n---\nx: 1\n...\n--- {y: 2}\n---\n");
        QVERIFY2(r.errors.empty(), qPrintable(errorsOf(r)));
        int nonEmpty = 0;
        for (const Document& d : r.documents)
            nonEmpty += d.empty ? 0 : 1;
        QCOMPARE(nonEmpty, 2);
    }

    void aliasesAreCopiesAndMergeKeysFollowTheSpec()
    {
        const ReadResult r = read("base: &b {x: 1, y: 2}\n"
                                  "other: &o {y: 20, z: 30}\n"
                                  "copy: *b\n"
                                  "merged:\n"
                                  "  <<: [*b, *o]\n"
                                  "  x: 100\n");
        QVERIFY2(r.errors.empty(), qPrintable(errorsOf(r)));
        const Node& root = r.documents[0].root;
        QVERIFY(root.find("copy")->sameContent(*root.find("base")));
        const Node& merged = *root.find("merged");
        QCOMPARE(merged.size(), std::size_t(3));
        QCOMPARE(merged.find("x")->text(), std::string("100"));  // written keys win
        QCOMPARE(merged.find("y")->text(), std::string("2"));  // earlier sources win
        QCOMPARE(merged.find("z")->text(), std::string("30"));
        QVERIFY(!merged.find("<<"));
    }

    void duplicateKeysAreErrors()
    {
        const ReadResult r = read("a: 1\nb: 2\na: 3\n");
        QCOMPARE(r.errors.size(), std::size_t(1));
        QCOMPARE(r.errors[0].mark, (Mark{3, 1}));
        QVERIFY(QString::fromStdString(r.errors[0].message).contains("first at line 1"));
    }

    void crlfAndBom()
    {
        const ReadResult r = read("\xef\xbb\xbf"
                                  "a: x\r\nb: |\r\n  one\r\n  two\r\n");
        QVERIFY2(r.errors.empty(), qPrintable(errorsOf(r)));
        QCOMPARE(r.documents[0].root.find("a")->text(), std::string("x"));
        QCOMPARE(r.documents[0].root.find("b")->text(), std::string("one\ntwo\n"));
        QCOMPARE(r.documents[0].root.findEntry("b")->keyMark, (Mark{2, 1}));
    }

    void aliasBombIsRefused()
    {
        std::string bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
        for (int i = 1; i < 10; ++i) {
            bomb += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
            for (int k = 0; k < 10; ++k)
                bomb += (k ? ", *a" : "*a") + std::to_string(i - 1);
            bomb += "]\n";
        }
        const ReadResult r = read(bomb);
        QCOMPARE(r.errors.size(), std::size_t(1));
        QVERIFY(QString::fromStdString(r.errors[0].message).contains("excessive aliasing"));
    }

    void modestAliasUseIsFine()
    {
        std::string text = "base: &b {name: web, port: 80, weight: 1}\nrefs:\n";
        for (int i = 0; i < 500; ++i)
            text += "  - *b\n";
        const ReadResult r = read(text);
        QVERIFY2(r.errors.empty(), qPrintable(errorsOf(r)));
        QCOMPARE(r.documents[0].root.find("refs")->size(), std::size_t(500));
    }

    void valueLimit()
    {
        ReadLimits limits;
        limits.maxNodes = 100;
        std::string text = "list:\n";
        for (int i = 0; i < 200; ++i)
            text += "  - " + std::to_string(i) + "\n";
        const ReadResult r = read(text, limits);
        QCOMPARE(r.errors.size(), std::size_t(1));
        QVERIFY(QString::fromStdString(r.errors[0].message).contains("too many values"));
    }

    void deepNestingIsRefused()
    {
        const std::string deep = "a: " + std::string(100000, '[') + std::string(100000, ']') + "\n";
        const ReadResult r = read(deep);
        QCOMPARE(r.errors.size(), std::size_t(1));
        QVERIFY(QString::fromStdString(r.errors[0].message).contains("nesting is too deep"));
    }

    void binaryAndInvalidText_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::newRow("NUL") << QByteArray("a: 1\nb: \0x", 10) << "binary data" << 2 << 4;
        QTest::newRow("PNG header") << QByteArray("\x89PNG\r\n\x1a\n", 8) << "invalid UTF-8" << 1 << 1;
        QTest::newRow("bell") << QByteArray("a: \x07") << "control character U+0007" << 1 << 4;
        QTest::newRow("UTF-16") << QByteArray("\xff\xfe"
                                              "a\0:\0",
                                              6)
                                << "UTF-16" << 1 << 1;
        QTest::newRow("truncated UTF-8") << QByteArray("a: caf\xc3") << "invalid UTF-8" << 1 << 7;
    }

    void binaryAndInvalidText()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, message);
        QFETCH(int, line);
        QFETCH(int, column);
        const ReadResult r = read(std::string(bytes.constData(), std::size_t(bytes.size())));
        QCOMPARE(r.errors.size(), std::size_t(1));
        QVERIFY2(QString::fromStdString(r.errors[0].message).contains(message), r.errors[0].message.c_str());
        QCOMPARE(r.errors[0].mark, (Mark{line, column}));
    }
};

QTEST_GUILESS_MAIN(TestYamlReader)
#include "tst_yaml_reader.moc"
