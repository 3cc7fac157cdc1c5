// The YAML writer: how each kind of scalar is written, block layout, and that reading the output
// gives back the same content and writing it again the same bytes.

#include <QTest>

#include "yaml/yaml_reader.h"
#include "yaml/yaml_writer.h"

using namespace gs::yaml;

namespace {

Node parse(const std::string& text)
{
    ReadResult r = readYamlStream(text);
    if (!r.errors.empty() || r.documents.empty())
        return Node::string("<parse error: " + (r.errors.empty() ? std::string("none") : r.errors[0].message) + ">");
    return r.documents[0].root;
}

}  // namespace

class TestYamlWriter : public QObject {
    Q_OBJECT
private slots:
    void strings_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("written");
        QTest::newRow("plain word") << "web"
                                    << "v: web\n";
        QTest::newRow("path") << "/api/v1"
                              << "v: /api/v1\n";
        QTest::newRow("number-like") << "80"
                                     << "v: \"80\"\n";
        QTest::newRow("yaml 1.1 boolean") << "yes"
                                          << "v: \"yes\"\n";
        QTest::newRow("on") << "on"
                            << "v: \"on\"\n";
        QTest::newRow("null word") << "null"
                                   << "v: \"null\"\n";
        QTest::newRow("tilde") << "~"
                               << "v: \"~\"\n";
        QTest::newRow("empty") << ""
                               << "v: \"\"\n";
        QTest::newRow("wildcard host") << "*.example.com"
                                       << "v: \"*.example.com\"\n";
        QTest::newRow("braces") << "{GATEWAY_CLASS_NAME}"
                                << "v: \"{GATEWAY_CLASS_NAME}\"\n";
        QTest::newRow("colon space") << "a: b"
                                     << "v: \"a: b\"\n";
        QTest::newRow("hash") << "a #b"
                              << "v: \"a #b\"\n";
        QTest::newRow("leading space") << " x"
                                       << "v: \" x\"\n";
        QTest::newRow("quote inside") << "say \"hi\""
                                      << "v: say \"hi\"\n";
        QTest::newRow("backslash first") << "\"q\\"
                                         << "v: \"\\\"q\\\\\"\n";
        QTest::newRow("dash") << "-"
                              << "v: \"-\"\n";
        QTest::newRow("document end") << "..."
                                      << "v: \"...\"\n";
        QTest::newRow("version") << "1.2.3"
                                 << "v: \"1.2.3\"\n";
        QTest::newRow("ip") << "10.0.0.1"
                            << "v: \"10.0.0.1\"\n";
        QTest::newRow("unicode") << QString::fromUtf8("caf\xc3\xa9") << QString::fromUtf8("v: caf\xc3\xa9\n");
        QTest::newRow("tab") << "a\tb"
                             << "v: \"a\\tb\"\n";
        QTest::newRow("bell") << "a\x07"
                              << "v: \"a\\x07\"\n";
        QTest::newRow("multi-line") << "one\ntwo\n"
                                    << "v: |\n  one\n  two\n";
        QTest::newRow("multi-line no final newline") << "one\ntwo"
                                                     << "v: |-\n  one\n  two\n";
        QTest::newRow("multi-line kept newlines") << "one\n\n"
                                                  << "v: |+\n  one\n\n";
        QTest::newRow("multi-line empty line inside") << "a\n\nb\n"
                                                      << "v: |\n  a\n\n  b\n";
        QTest::newRow("multi-line trailing space") << "a \nb"
                                                   << "v: \"a \\nb\"\n";
        QTest::newRow("multi-line leading space") << " a\nb"
                                                  << "v: \" a\\nb\"\n";
    }

    void strings()
    {
        QFETCH(QString, value);
        QFETCH(QString, written);
        Node root = Node::map();
        root.set("v", Node::string(value.toStdString()));
        const std::string out = writeYaml(root);
        QCOMPARE(QString::fromStdString(out), written);
        QVERIFY2(parse(out).sameContent(root), out.c_str());
    }

    void nonStringsKeepTheirSpelling()
    {
        const Node root = parse("a: 80\nb: 0x1F\nc: true\nd: 1.5\ne: null\nf:\n");
        QCOMPARE(QString::fromStdString(writeYaml(root)), QString("a: 80\nb: 0x1F\nc: true\nd: 1.5\ne: null\nf: null\n"));
    }

    void blockLayout()
    {
        const Node root = parse("spec:\n"
                                "  listeners: [{name: http, port: 80}, {name: https, tls: {mode: Terminate}}]\n"
                                "  empty: {}\n"
                                "  none: []\n"
                                "  nested: [[a, b], [c]]\n"
                                "  \"key: odd\": 1\n");
        const QString expected = "spec:\n"
                                 "  listeners:\n"
                                 "    - name: http\n"
                                 "      port: 80\n"
                                 "    - name: https\n"
                                 "      tls:\n"
                                 "        mode: Terminate\n"
                                 "  empty: {}\n"
                                 "  none: []\n"
                                 "  nested:\n"
                                 "    - - a\n"
                                 "      - b\n"
                                 "    - - c\n"
                                 "  \"key: odd\": 1\n";
        QCOMPARE(QString::fromStdString(writeYaml(root)), expected);
    }

    void literalBlocksInsideLists()
    {
        const Node root = parse("items:\n  - |\n    line one\n    line two\n  - key: |-\n      x\n      y\n");
        const std::string out = writeYaml(root);
        QCOMPARE(QString::fromStdString(out),
                 QString("items:\n  - |\n    line one\n    line two\n  - key: |-\n      x\n      y\n"));
    }

    void writingIsIdempotent()
    {
        const std::string text = "a: &x {k: [1, \"2\", three, 'yes', ~, {deep: [[]]}]}\n"
                                 "b: *x\n"
                                 "c: \"multi\\nline\\n\"\n"
                                 "d: \"tab\\there\"\n"
                                 "e: !!str 123\n";
        const Node first = parse(text);
        const std::string once = writeYaml(first);
        const Node second = parse(once);
        QVERIFY(second.sameContent(first));
        QCOMPARE(QString::fromStdString(writeYaml(second)), QString::fromStdString(once));
    }

    void rootScalarsAndEmptyCollections()
    {
        QCOMPARE(QString::fromStdString(writeYaml(Node::map())), QString("{}\n"));
        QCOMPARE(QString::fromStdString(writeYaml(Node::seq())), QString("[]\n"));
        QCOMPARE(QString::fromStdString(writeYaml(Node::string("80"))), QString("\"80\"\n"));
    }
};

QTEST_GUILESS_MAIN(TestYamlWriter)
#include "tst_yaml_writer.moc"
