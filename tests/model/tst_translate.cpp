// Golden files of the controller semantics: for every testdata/translate/<case>.in.yaml (with an
// optional <case>.workspace.json), the status of each object and the runtime configuration must
// equal <case>.status.yaml and <case>.config.json. Set GWS_REGENERATE_GOLDEN=1 to rewrite them
// after an intended change, then review the diff.

#include <QFile>

#include "controller/config_json.h"
#include "controller/status_output.h"
#include "controller/translator.h"
#include "test_support.h"
#include "yaml/yaml_writer.h"

using namespace gs;

namespace {

const QString kDir = QStringLiteral(GWS_TESTDATA_DIR "/testdata/translate/");

bool regenerate() { return qEnvironmentVariableIntValue("GWS_REGENERATE_GOLDEN") == 1; }

void compareOrWrite(const QString& path, const std::string& actual)
{
    if (regenerate()) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(actual.data(), qint64(actual.size()));
        return;
    }
    QVERIFY2(QFile::exists(path), qPrintable(path + " is missing; run with GWS_REGENERATE_GOLDEN=1 and review it"));
    const std::string expected = test::readFile(path);
    if (expected != actual) {
        QFile out(path + ".actual");
        out.open(QIODevice::WriteOnly | QIODevice::Truncate);
        out.write(actual.data(), qint64(actual.size()));
    }
    QVERIFY2(expected == actual, qPrintable("differs from " + path + " (actual output written beside it as .actual)"));
}

}  // namespace

class TestTranslate : public QObject {
    Q_OBJECT
private slots:
    void golden_data()
    {
        QTest::addColumn<QString>("name");
        for (const QString& f : QDir(kDir).entryList({"*.in.yaml"}, QDir::Files, QDir::Name))
            QTest::newRow(qPrintable(f.chopped(8))) << f.chopped(8);
    }

    void golden()
    {
        QFETCH(QString, name);
        const std::string text = test::readFile(kDir + name + ".in.yaml");
        const model::Topology t = test::loadText((name + ".in.yaml").toStdString(), text);
        QVERIFY2(!t.diagnostics.hasErrors(), qPrintable(test::diagnosticsText(t.diagnostics)));
        model::Workspace workspace;
        if (QFile::exists(kDir + name + ".workspace.json")) {
            std::string error;
            auto w = model::Workspace::fromJson(test::readFile(kDir + name + ".workspace.json"), error);
            QVERIFY2(w, error.c_str());
            workspace = *w;
        }
        const model::Translation translation = model::translate(t.objects, workspace);
        compareOrWrite(kDir + name + ".status.yaml", test::statusGolden(t.objects, translation));
        compareOrWrite(kDir + name + ".config.json", model::configToJson(translation.config));
    }

    void enoughCases() { QVERIFY(QDir(kDir).entryList({"*.in.yaml"}, QDir::Files).size() >= 40); }

    // The same input gives the same output, whatever the order of earlier translations.
    void translationIsPure()
    {
        const std::string text = test::readFile(kDir + "precedence-http.in.yaml");
        const model::Topology t = test::loadText("p.yaml", text);
        const std::string first = model::configToJson(model::translate(t.objects, {}).config);
        const std::string second = model::configToJson(model::translate(t.objects, {}).config);
        QCOMPARE(first, second);
    }
};

QTEST_GUILESS_MAIN(TestTranslate)
#include "tst_translate.moc"
