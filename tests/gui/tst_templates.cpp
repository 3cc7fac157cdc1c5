// Every template (and the demo) does what its description says: served by the editor's local
// gateway as File → New from template → Run leaves it, each "Try it" command in its header is run
// for real (curl, in a shell, with the listener's address put in) and must be answered: exit 0 and
// the echo backend's answer (or the status the command prints).
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QtTest>

#include "document.h"
#include "live_gateway.h"

using namespace gs::gui;

namespace {

// The commands under "# Try it:" in a template's header: "#   curl ..." lines.
QStringList tryCommands(const QString& yaml)
{
    QStringList out;
    bool inTry = false;
    for (const QString& line : yaml.split('\n')) {
        if (!line.startsWith('#'))
            break;
        if (line.startsWith("# Try it:"))
            inTry = true;
        else if (inTry && line.startsWith("#   "))
            out << line.mid(4);
    }
    return out;
}

}  // namespace

class TestTemplates : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable("curl").isEmpty())
            QFAIL("curl is not installed (./dev setup installs it): the templates' commands cannot be tried");
    }

    void everyTemplateAnswersItsOwnCommands_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("demo") << "demo";
        Document d;
        for (const QVariant& t : d.fileOps()->templates())
            QTest::newRow(qPrintable(t.toMap()["name"].toString())) << t.toMap()["name"].toString();
    }

    void everyTemplateAnswersItsOwnCommands()
    {
        QFETCH(QString, name);
        Document doc;
        QVERIFY(doc.fileOps()->newFromTemplate(name));
        const QStringList commands = tryCommands(doc.yamlText());
        QVERIFY2(!commands.isEmpty(), "the template's header says how to try it");
        QCOMPARE(doc.errorCount(), 0);
        LiveGateway live;  // the ports the description names (80 → 8080), on the Gateway's own address
        live.setDocument(&doc);
        QVERIFY2(live.start(), qPrintable(live.message()));
        const QVariantMap listener = live.listeners().front().toMap();
        QVERIFY2(listener["ok"].toBool(), qPrintable(listener["error"].toString()));
        const QString address = listener["address"].toString();
        for (const QString& command : commands) {
            QProcess shell;
            QString line = command;
            shell.start("sh", {"-c", line.replace("ADDRESS", address)});
            QVERIFY(shell.waitForFinished(15000));
            const QString out = QString::fromUtf8(shell.readAllStandardOutput());
            QVERIFY2(shell.exitCode() == 0, qPrintable(line + " → exit " + QString::number(shell.exitCode())));
            // The echo backend answers with JSON naming the path; a command that prints a status says it.
            const bool echoed = out.contains("\"path\"");
            const bool status = QRegularExpression("^(200|301|302)\\b").match(out.trimmed()).hasMatch();
            QVERIFY2(echoed || status, qPrintable(line + " → " + out.left(300)));
        }
        live.stop();
    }
};

QTEST_MAIN(TestTemplates)
#include "tst_templates.moc"
