// The gateway-studio command line, run as a real process: exit codes, where output goes, the
// diagnostic format, export to a file and from standard input.

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run run(const QStringList& args, const QByteArray& input = {}, const QString& workingDir = GWS_SOURCE_DIR)
{
    QProcess p;
    p.setWorkingDirectory(workingDir);
    p.start(GWS_BINARY, args);
    p.waitForStarted();
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    p.waitForFinished(60000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

Run runShell(const QString& command)
{
    QProcess p;
    p.start("/bin/sh", {"-c", command});
    p.waitForFinished(120000);
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

const QByteArray kInvalidRoute = "apiVersion: gateway.networking.k8s.io/v1\n"
                                 "kind: HTTPRoute\n"
                                 "metadata:\n"
                                 "  name: app\n"
                                 "spec:\n"
                                 "  rules:\n"
                                 "    - matches:\n"
                                 "        - path:\n"
                                 "            value: app\n";

}  // namespace

class TestCli : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    QString write(const QString& name, const QByteArray& content)
    {
        QFile f(dir_.filePath(name));
        f.open(QIODevice::WriteOnly);
        f.write(content);
        return f.fileName();
    }

private slots:
    void versionAndHelp()
    {
        const Run v = run({"--version"});
        QCOMPARE(v.exitCode, 0);
        QVERIFY(v.out.startsWith("gateway-studio "));
        QVERIFY(v.out.contains("Gateway API v1.6.1"));
        const Run h = run({"--help"});
        QCOMPARE(h.exitCode, 0);
        QVERIFY(h.out.contains("gateway-studio validate FILE..."));
        QVERIFY(h.out.contains("gateway-studio export FILE... [-o OUT]"));
        QVERIFY(h.out.contains("gateway-studio pull [--context C]") && h.out.contains("gateway-studio apply FILE..."));
        const Run hv = run({"validate", "--help"});
        QCOMPARE(hv.exitCode, 0);
        QVERIFY(hv.out.contains("Exit 0 when valid"));
    }

    // The editor is the executable beside gateway-studio (a build tree) or in ../libexec (an
    // installed one); without it, asking for the editor says where it looked instead of crashing,
    // and the commands still work.
    void missingEditorIsReported()
    {
        QTemporaryDir dir;
        const QString alone = dir.filePath("gateway-studio");
        QVERIFY(QFile::copy(GWS_BINARY, alone));
        QProcess p;
        p.start(alone, {"some.yaml"});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 1);
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains("cannot start the editor: neither " + dir.filePath("gateway-studio-editor") + " nor " +
                              dir.filePath("../libexec/gateway-studio/gateway-studio-editor")),
                 qPrintable(err));
        p.start(alone, {"--version"});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
    }

    // The cluster commands run in gateway-studio-cluster, found as the editor is. Their usage and
    // help are checked before it is started (they work without it); without it, a cluster command
    // says where it looked.
    void missingClusterHelperIsReported()
    {
        QTemporaryDir dir;
        const QString alone = dir.filePath("gateway-studio");
        QVERIFY(QFile::copy(GWS_BINARY, alone));
        QProcess p;
        p.start(alone, {"pull", "--help"});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(p.readAllStandardOutput().contains("Usage: gateway-studio pull"));
        p.start(alone, {"apply"});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAllStandardError().contains("no input files"));
        p.start(alone, {"pull", "--context", "nowhere"});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 2);  // as when the cluster cannot be reached
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains("cannot start the cluster commands: neither " + dir.filePath("gateway-studio-cluster") + " nor " +
                              dir.filePath("../libexec/gateway-studio/gateway-studio-cluster")),
                 qPrintable(err));
    }

    void validateValid()
    {
        const Run r = run({"validate", "resources/demo/demo.yaml"});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.err, QString());
        QCOMPARE(r.out, QString("valid: 8 objects in 1 file: 0 errors, 0 warnings\n"));
    }

    void validateInvalid()
    {
        const QString file = write("shop.yaml", kInvalidRoute);
        const Run r = run({"validate", file});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.err,
                 file +
                     ":9:20: error: HTTPRoute default/app: spec.rules[0].matches[0].path.value: value must be "
                     "an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']\n");
        QVERIFY(r.out.startsWith("invalid: 1 object in 1 file: 1 error"));
    }

    // Unknown fields as kubectl --validate: strict (the default) refuses, in the API server's
    // words; warn keeps the object with a warning (and does not fail); ignore says nothing.
    void unknownFieldsFollowKubectlValidate()
    {
        const QString file = write("warn.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  lables: {}\n");
        const Run strict = run({"validate", "-q", file});
        QCOMPARE(strict.exitCode, 1);
        QVERIFY2(strict.err.contains(
                     ":5:3: error: Namespace shop: metadata.lables: unknown field \"metadata.lables\" (strict decoding error"),
                 qPrintable(strict.err));
        QCOMPARE(run({"export", file}).exitCode, 1);
        const Run warn = run({"validate", "-q", "--validate=warn", file});
        QCOMPARE(warn.exitCode, 0);
        QVERIFY(warn.err.contains(":5:3: warning: Namespace shop: metadata.lables: unknown field"));
        QCOMPARE(warn.out, QString());
        QCOMPARE(run({"export", "--validate", "warn", file}).exitCode, 0);
        const Run ignore = run({"validate", "-q", "--validate=ignore", file});
        QCOMPARE(ignore.exitCode, 0);
        QCOMPARE(ignore.err, QString());
        const Run bad = run({"status", "--validate=loose", file});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY(bad.err.contains("strict, warn or ignore"));
    }

    void unreadableAndUsage()
    {
        QCOMPARE(run({"validate", dir_.filePath("missing.yaml")}).exitCode, 2);
        QCOMPARE(run({"validate"}).exitCode, 2);
        QCOMPARE(run({"validate", "--frobnicate", "x.yaml"}).exitCode, 2);
        QCOMPARE(run({"export", "resources/demo/demo.yaml", "-o"}).exitCode, 2);
        const Run r = run({"--nope"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("unknown option --nope"));
        // A misspelt command is a usage error, not the editor (which, without a display, aborted).
        const Run typo = run({"frobnicate"});
        QCOMPARE(typo.exitCode, 2);
        QVERIFY2(typo.err.contains("unknown command frobnicate") && typo.err.contains("--help"), qPrintable(typo.err));
        const Run validat = run({"validat", "resources/demo/demo.yaml"});
        QCOMPARE(validat.exitCode, 2);
    }

    // The editor without a display says so and what works instead, instead of Qt's abort.
    void editorWithoutADisplay()
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove("DISPLAY");
        env.remove("WAYLAND_DISPLAY");
        env.remove("QT_QPA_PLATFORM");
        p.setProcessEnvironment(env);
        p.setWorkingDirectory(GWS_SOURCE_DIR);
        p.start(GWS_BINARY, {"resources/demo/demo.yaml"});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 2);
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains("needs a display") && err.contains("validate"), qPrintable(err));
    }

    void exportToStdoutAndFile()
    {
        const Run out = run({"export", "resources/demo/demo.yaml"});
        QCOMPARE(out.exitCode, 0);
        QVERIFY(out.out.startsWith("apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\n"));
        QCOMPARE(out.out.count("\n---\n"), 7);

        const QString target = dir_.filePath("out.yaml");
        const Run toFile = run({"export", "-o", target, "resources/demo/demo.yaml"});
        QCOMPARE(toFile.exitCode, 0);
        QFile f(target);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(f.readAll()), out.out);

        // exporting the export gives the same bytes
        const Run again = run({"export", target});
        QCOMPARE(again.out, out.out);
    }

    void exportWritesNothingWhenInvalid()
    {
        const QString target = write("keep.yaml", "previous content\n");
        const QString bad = write("bad.yaml", kInvalidRoute);
        const Run r = run({"export", bad, "--output=" + target});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("export: nothing written"));
        QFile f(target);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("previous content\n"));
    }

    void standardInput()
    {
        const Run r = run({"validate", "-"}, kInvalidRoute);
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.startsWith("-:9:20: error: HTTPRoute default/app:"));
        const Run e = run({"export", "-"},
                          "apiVersion: gateway.networking.k8s.io/v1beta1\nkind: GatewayClass\n"
                          "metadata: {name: c}\nspec: {controllerName: example.com/c}\n");
        QCOMPARE(e.exitCode, 0);
        QCOMPARE(e.out,
                 QString("apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata:\n  name: c\n"
                         "spec:\n  controllerName: example.com/c\n"));
    }

    void hugeStandardInputIsRefused()
    {
        const Run r = runShell(QString("yes 'key: value' | head -c 200000000 | '%1' validate -").arg(GWS_BINARY));
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("-: error: the input is larger than the limit; the limit is 32.0 MB"), qPrintable(r.err));
    }

    void statusOfTheDemo()
    {
        const Run yaml = run({"status", "resources/demo/demo.yaml"});
        QCOMPARE(yaml.exitCode, 0);
        QVERIFY(yaml.out.contains("kind: HTTPRoute"));
        QVERIFY(yaml.out.contains("status:\n  parents:\n    - conditions:"));
        QVERIFY(yaml.out.contains("controllerName: gateway-studio.dev/local-controller"));
        const Run json = run({"status", "-o", "json", "resources/demo/demo.yaml"});
        QCOMPARE(json.exitCode, 0);
        QVERIFY(json.out.startsWith("{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"List\""));
        QVERIFY(json.out.contains("\"attachedRoutes\": 2"));
        const Run describe = run({"status", "-o", "describe", "resources/demo/demo.yaml"});
        QCOMPARE(describe.exitCode, 0);
        QVERIFY(describe.out.contains("Listener default/demo-gateway/http is served at http://"));
    }

    // Secrets (private keys) never appear in status output, in any format: their values are
    // redacted; the keys they hold are still listed.
    void statusNeverShowsSecrets()
    {
        const QString file = QString(GWS_SOURCE_DIR) + "/tests/model/testdata/translate/https-certificate.in.yaml";
        for (const char* format : {"yaml", "json", "describe"}) {
            const Run r = run({"status", "-o", format, file});
            QVERIFY2(r.exitCode == 0 || r.exitCode == 3, format);
            QVERIFY2(!r.out.contains("BEGIN") && !r.out.contains("PRIVATE KEY"), format);
        }
        const Run yaml = run({"status", file});
        QVERIFY(yaml.out.contains("tls.key: <redacted>") || yaml.out.contains("tls.key: \"<redacted>\""));
    }

    void statusExitCodes()
    {
        const QString broken =
            write("broken-backend.yaml",
                  "apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: c}\n"
                  "spec: {controllerName: example.com/c}\n---\n"
                  "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw}\n"
                  "spec:\n  gatewayClassName: c\n  listeners: [{name: http, port: 80, protocol: HTTP}]\n---\n"
                  "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: app}\n"
                  "spec:\n  parentRefs: [{name: gw}]\n  rules: [{backendRefs: [{name: nowhere, port: 80}]}]\n");
        const Run problems = run({"status", "-o", "describe", broken});
        QCOMPARE(problems.exitCode, 3);
        QVERIFY(problems.out.contains("ResolvedRefs         False   BackendNotFound"));
        QVERIFY(problems.out.contains("refers to Service default/nowhere, which is not in the loaded files"));
        QCOMPARE(run({"status", write("bad.yaml", kInvalidRoute)}).exitCode, 1);
        QCOMPARE(run({"status", "-o", "xml", "resources/demo/demo.yaml"}).exitCode, 2);
        const Run narrowed = run({"status", "--controller-name", "example.com/other", broken});
        QCOMPARE(narrowed.exitCode, 0);  // nothing is ours: no condition to be in a bad state
        QVERIFY(!narrowed.out.contains("conditions:"));
    }

    void summaryCommand()
    {
        const Run r = run({"summary", "resources/demo/demo.yaml"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("HTTPRoute          default/traffic-split"));
        QVERIFY(r.out.contains("default/traffic-split                        resources/demo/demo.yaml:53:1"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
