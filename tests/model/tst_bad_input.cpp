// Hostile and broken input: each gives a clear error naming the file (and line where there is
// one), in bounded time and memory; no crash, no hang, no object silently dropped.

#include <QTemporaryDir>

#include <fstream>

#include "test_support.h"

using namespace gs;

namespace {

model::Topology loadFile(const QString& path) { return model::loadTopology(std::vector<std::string>{path.toStdString()}); }

void writeFile(const QString& path, const std::string& bytes)
{
    std::ofstream out(path.toStdString(), std::ios::binary);
    out << bytes;
}

const model::Diagnostic& onlyError(const model::Topology& t)
{
    static const model::Diagnostic none;
    if (t.diagnostics.all().size() != 1)
        return none;
    return t.diagnostics.all()[0];
}

}  // namespace

class TestBadInput : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    QString file(const char* name, const std::string& bytes)
    {
        const QString path = dir_.filePath(name);
        writeFile(path, bytes);
        return path;
    }

private slots:
    void notYaml()
    {
        const model::Topology t = loadFile(file("notes.txt", "These are my notes: first, second; third.\n"));
        QVERIFY2(t.diagnostics.hasErrors(), qPrintable(test::diagnosticsText(t.diagnostics)));
        QVERIFY(QString::fromStdString(t.diagnostics.all()[0].format()).startsWith(dir_.filePath("notes.txt") + ":1:1: error:"));
    }

    void binaryData()
    {
        std::string png = "\x89PNG\r\n\x1a\n";
        png.append(4096, '\0');
        const model::Topology t = loadFile(file("logo.png", png));
        const model::Diagnostic& d = onlyError(t);
        QVERIFY2(QString::fromStdString(d.message).contains("UTF-8"), d.message.c_str());
        QCOMPARE(d.mark, (yaml::Mark{1, 1}));
        QCOMPARE(QString::fromStdString(d.file), dir_.filePath("logo.png"));
    }

    void emptyFile()
    {
        const model::Topology t = loadFile(file("empty.yaml", ""));
        QVERIFY(
            QString::fromStdString(onlyError(t).format()).endsWith("empty.yaml: error: the file is empty: no objects to load"));
        const model::Topology comments = loadFile(file("comments.yaml", "# nothing\n---\n---\n"));
        QVERIFY(QString::fromStdString(onlyError(comments).message).contains("holds no objects"));
    }

    void documentWithoutKind()
    {
        const model::Topology t = loadFile(file("nokind.yaml", "apiVersion: v1\nmetadata:\n  name: x\n"));
        QCOMPARE(QString::fromStdString(onlyError(t).format()),
                 dir_.filePath("nokind.yaml") +
                     ":1:1: error: kind: required field is missing (every Kubernetes object has apiVersion and kind)");
    }

    void aliasBomb()
    {
        std::string bomb = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n  a0: &a0 [lol, lol, lol, lol, lol, "
                           "lol, lol, lol, lol]\n";
        for (int i = 1; i < 12; ++i) {
            bomb += "  a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
            for (int k = 0; k < 9; ++k)
                bomb += (k ? ", *a" : "*a") + std::to_string(i - 1);
            bomb += "]\n";
        }
        const model::Topology t = loadFile(file("bomb.yaml", bomb));
        const model::Diagnostic& d = onlyError(t);
        QVERIFY2(QString::fromStdString(d.message).contains("excessive aliasing"), d.message.c_str());
        QVERIFY(d.mark.line > 0);
        QCOMPARE(t.objects.size(), std::size_t(0));
    }

    void nesting100000Levels()
    {
        const std::string deep = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: " + std::string(100000, '[') +
            std::string(100000, ']') + "\n";
        const model::Topology t = loadFile(file("deep.yaml", deep));
        const model::Diagnostic& d = onlyError(t);
        QVERIFY2(QString::fromStdString(d.message).contains("nesting is too deep"), d.message.c_str());
        QCOMPARE(d.mark.line, 4);
    }

    void blockNesting()
    {
        std::string deep = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata:\n";
        for (int i = 1; i < 3000; ++i)
            deep += std::string(std::size_t(i), ' ') + "k:\n";
        const model::Topology t = loadFile(file("deep-block.yaml", deep));
        QVERIFY(t.diagnostics.hasErrors());
        QVERIFY(QString::fromStdString(t.diagnostics.all()[0].message).contains("nesting is too deep"));
    }

    void file200MB()
    {
        const QString path = dir_.filePath("huge.yaml");
        {
            std::ofstream out(path.toStdString(), std::ios::binary);
            out << "apiVersion: v1\n";
        }
        QVERIFY(QFile::resize(path, 200LL * 1024 * 1024));  // sparse: no 200 MB written
        const model::Topology t = loadFile(path);
        QVERIFY(t.unreadable);
        const model::Diagnostic& d = onlyError(t);
        QVERIFY2(QString::fromStdString(d.message).contains("200.0 MB; the limit is 32.0 MB"), d.message.c_str());
        QCOMPARE(QString::fromStdString(d.file), path);
    }

    void missingFileAndDirectory()
    {
        const model::Topology missing = loadFile(dir_.filePath("nope.yaml"));
        QVERIFY(missing.unreadable);
        QVERIFY(QString::fromStdString(onlyError(missing).message).contains("No such file"));
        const model::Topology directory = loadFile(dir_.path());
        QVERIFY(directory.unreadable);
        QVERIFY(QString::fromStdString(onlyError(directory).message).contains("is a directory"));
    }

    // A syntax error in one document loses neither the documents before nor those after it.
    void brokenDocumentDropsNothingElse()
    {
        const model::Topology t = loadFile(file("mixed.yaml",
                                                "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n"
                                                "---\nthis: [is, broken\n"
                                                "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n"));
        QCOMPARE(t.objects.size(), std::size_t(2));
        QCOMPARE(t.diagnostics.errorCount(), std::size_t(1));
        QCOMPARE(t.diagnostics.all()[0].mark.line, 5);
    }

    void manyEmptyDocuments()
    {
        std::string text;
        for (int i = 0; i < 100000; ++i)
            text += "---\n";
        text += "apiVersion: v1\nkind: Namespace\nmetadata: {name: last}\n";
        const model::Topology t = loadFile(file("markers.yaml", text));
        QVERIFY(t.diagnostics.empty());
        QCOMPARE(t.objects.size(), std::size_t(1));
        QCOMPARE(t.objects.objects()[0].mark.line, 100001);
    }

    void longScalar()
    {
        const std::string text =
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  blob: " + std::string(8 << 20, 'x') + "\n";
        const model::Topology t = loadFile(file("long.yaml", text));
        QVERIFY2(t.diagnostics.empty(), qPrintable(test::diagnosticsText(t.diagnostics)));
    }
};

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_bad_input.moc"
