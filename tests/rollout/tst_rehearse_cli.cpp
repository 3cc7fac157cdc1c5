// gateway-studio rehearse and canary as a script or CI job runs them: real processes, their lines,
// files and exit codes (0 promoted, 4 rolled back, 1 invalid input, 2 bad usage).

#include <QtTest>

#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>

namespace {

struct Run {
    int exit = -1;
    QString out, err;
};

Run run(const QStringList& args, int timeoutMs = 60000)
{
    QProcess p;
    p.start(GWS_BINARY, args);
    if (!p.waitForFinished(timeoutMs))
        p.kill(), p.waitForFinished();
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

QString shop() { return QStringLiteral(GWS_TESTDATA_DIR "/testdata/shop.yaml"); }

// A port offset of its own, so parallel runs do not meet on one port; below the kernel's
// ephemeral range (32768 and up), where client sockets could take the port.
QString portOffset() { return QString::number(20000 + QRandomGenerator::global()->bounded(12000)); }

QString readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

}  // namespace

class TstRehearseCli : public QObject {
    Q_OBJECT
private slots:
    void promoted()
    {
        const Run r = run({"rehearse", shop(), "--rule", "shop/checkout", "--steps", "50,100", "--step-time", "500ms",
                           "--min-requests", "10", "--rate", "100", "--port-offset", portOffset()});
        QVERIFY2(r.exit == 0, qPrintable(r.out + r.err));
        QVERIFY(r.out.contains(QRegularExpression("^listener shop/web/http http://127\\.", QRegularExpression::MultilineOption)));
        QVERIFY(r.out.contains("traffic GET http://checkout.shop.example/cart via "));
        QVERIFY(r.out.contains("step 1/2 canary 50%: passed"));
        QVERIFY(r.out.contains("step 2/2 canary 100%: passed"));
        QVERIFY2(r.out.contains("promoted after ") && r.out.contains("weights 0/100 (were 90/10)"), qPrintable(r.out));
    }

    void rolledBackWithReportAndYaml()
    {
        QTemporaryDir dir;
        const QString report = dir.filePath("rehearsal.md"), yaml = dir.filePath("after.yaml");
        const Run r = run({"rehearse",
                           shop(),
                           "--rule",
                           "shop/checkout/0",
                           "--steps",
                           "50,100",
                           "--step-time",
                           "500ms",
                           "--min-requests",
                           "10",
                           "--rate",
                           "100",
                           "--fault",
                           "shop/checkout-v2=503:50%",
                           "--report",
                           report,
                           "-o",
                           yaml,
                           "--port-offset",
                           portOffset()});
        QVERIFY2(r.exit == 4, qPrintable(r.out + r.err));
        QVERIFY(r.out.contains(
            QRegularExpression("step 1/2 canary 50%: failed \\(5xx [0-9.]+% over the 1% allowed\\) → rolled back")));
        QVERIFY(r.out.contains("weights 100/0 (were 90/10)"));
        const QString md = readAll(report);
        QVERIFY2(md.contains("**Rolled back at 50 % after"), qPrintable(md));
        QVERIFY(md.contains("shop/checkout-v2: 50% 503"));
        QVERIFY(md.contains("![The canary's weight, 5xx share and p99 over time](rehearsal.svg)"));
        QVERIFY(readAll(dir.filePath("rehearsal.svg")).startsWith("<svg"));
        const QString after = readAll(yaml);
        QVERIFY(after.contains("weight: 100\n") && after.contains("weight: 0\n"));
        QVERIFY(!after.contains("status:"));
    }

    void usageAndInvalidInput_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exit");
        QTest::addColumn<QString>("message");
        QTest::newRow("no rule") << QStringList{"rehearse", shop()} << 2 << "--rule NS/ROUTE[/RULE]";
        QTest::newRow("bad steps") << QStringList{"rehearse", shop(), "--rule", "shop/checkout", "--steps", "5,x"} << 2
                                   << "--steps: expected percentages";
        QTest::newRow("decreasing steps") << QStringList{"rehearse", shop(), "--rule", "shop/checkout", "--steps", "50,5"} << 2
                                          << "steps must increase";
        QTest::newRow("bad fault") << QStringList{"rehearse",      shop(),    "--rule",
                                                  "shop/checkout", "--fault", "shop/checkout-v2=503:5"}
                                   << 2 << "the share must be a percentage";
        QTest::newRow("bad duration") << QStringList{"rehearse", shop(), "--rule", "shop/checkout", "--step-time", "ten"} << 2
                                      << "--step-time takes a duration";
        QTest::newRow("fault on a Service not in the files")
            << QStringList{"rehearse", shop(), "--rule", "shop/checkout", "--fault", "shop/checkout-v3=503:5%"} << 2
            << "Service shop/checkout-v3 is not in the files";
        QTest::newRow("report to stdout") << QStringList{"rehearse", shop(), "--rule", "shop/checkout", "--report", "-"} << 2
                                          << "--report takes a Markdown file name";
        QTest::newRow("missing route") << QStringList{"rehearse", shop(), "--rule", "shop/nope"} << 1
                                       << "HTTPRoute shop/nope is not in the files";
        QTest::newRow("canary: no split") << QStringList{"canary", shop(), "--rule", "shop/checkout/4"} << 1 << "has no rule 4";
    }
    void usageAndInvalidInput()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exit);
        QFETCH(QString, message);
        const Run r = run(args);
        QVERIFY2(r.exit == exit, qPrintable(QString::number(r.exit) + r.err));
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }

    void canaryWritesFlagger()
    {
        const Run r = run({"canary", shop(), "--rule", "shop/checkout", "--step-time", "1m", "--max-p99", "300ms"});
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("kind: Canary\n"));
        QVERIFY(r.out.contains("provider: gatewayapi:v1\n"));
        QVERIFY(r.out.contains("interval: 1m\n"));
        QVERIFY(r.out.contains("max: 300\n"));
        QVERIFY(r.err.contains("canary: note: Flagger has no sample size"));
    }
};

QTEST_GUILESS_MAIN(TstRehearseCli)
#include "tst_rehearse_cli.moc"
